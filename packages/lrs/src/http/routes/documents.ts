import { Router, type Request, type Response } from 'express';
import type { XapiVersion } from '../../config.js';
import { DocumentService, parseDocumentRequest, type WriteInput } from '../../service/documents/documents.js';
import type { DocumentKind, DocumentStore } from '../../store/document-store.js';
import { requireScope } from '../middleware/basic-auth.js';
import { locals } from '../locals.js';

const SCOPES: Record<
  DocumentKind,
  { read: 'state/read' | 'profile/read'; write: 'state/write' | 'profile/write' }
> = {
  state: { read: 'state/read', write: 'state/write' },
  activity_profile: { read: 'profile/read', write: 'profile/write' },
  agent_profile: { read: 'profile/read', write: 'profile/write' },
};

const query = (req: Request) => req.query as Record<string, unknown>;

function writeInput(req: Request, res: Response, kind: DocumentKind, method: 'PUT' | 'POST'): WriteInput {
  const ifMatch = req.get('if-match');
  const ifNoneMatch = req.get('if-none-match');
  return {
    request: parseDocumentRequest(kind, query(req), method),
    contentType: req.get('content-type') ?? 'application/octet-stream',
    content: locals(res).body ?? Buffer.alloc(0),
    preconditions: { ...(ifMatch ? { ifMatch } : {}), ...(ifNoneMatch ? { ifNoneMatch } : {}) },
    version: locals(res).version as XapiVersion,
  };
}

/**
 * One document resource: `/activities/state`, `/activities/profile` or `/agents/profile`
 * (xAPI 1.0.3 Communication §2.2–2.7; IEEE 9274.1.1 §4.1.6.2, 4.1.6.5, 4.1.6.6).
 * GET answers the document with its Content-Type, ETag and Last-Modified, or the array of ids when
 * no id is named; PUT stores, POST merges JSON, DELETE removes; writes answer 204.
 */
export function documentRoutes(kind: DocumentKind, store: DocumentStore): Router {
  const service = new DocumentService(store);
  const scopes = SCOPES[kind];
  const router = Router();

  router.get('/', requireScope(scopes.read), async (req, res) => {
    const request = parseDocumentRequest(kind, query(req), 'GET');
    if (request.docId === undefined) {
      const { ids, lastUpdated } = await service.ids(request);
      if (lastUpdated) res.set('Last-Modified', new Date(lastUpdated).toUTCString());
      res.json(ids);
      return;
    }
    const doc = await service.get(request);
    res.set('ETag', doc.etag);
    res.set('Last-Modified', new Date(doc.updated).toUTCString());
    res.type(doc.contentType);
    res.send(doc.content);
  });

  router.put('/', requireScope(scopes.write), async (req, res) => {
    await service.put(writeInput(req, res, kind, 'PUT'));
    res.status(204).end();
  });

  router.post('/', requireScope(scopes.write), async (req, res) => {
    await service.post(writeInput(req, res, kind, 'POST'));
    res.status(204).end();
  });

  router.delete('/', requireScope(scopes.write), async (req, res) => {
    const ifMatch = req.get('if-match');
    const ifNoneMatch = req.get('if-none-match');
    await service.delete(
      parseDocumentRequest(kind, query(req), 'DELETE'),
      { ...(ifMatch ? { ifMatch } : {}), ...(ifNoneMatch ? { ifNoneMatch } : {}) },
      locals(res).version,
    );
    res.status(204).end();
  });

  return router;
}
