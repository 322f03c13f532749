import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Agent } from '@course/contracts';
import { LrsError } from '../../errors.js';
import type { StoreContext } from '../../service/statements/prepare.js';
import { parseStatementQuery, readStatements } from '../../service/statements/query-statements.js';
import { postStatements, putStatement } from '../../service/statements/store-statements.js';
import type { StatementStore } from '../../store/statement-store.js';
import { requireScope } from '../middleware/basic-auth.js';
import { locals } from '../locals.js';

export interface StatementRoutesOptions {
  store: StatementStore;
  bodyLimit: string;
  /** The authority's account homePage; derived from the request when unset. */
  publicUrl?: string;
}

const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Only JSON bodies; `multipart/mixed` (attachments) is not accepted by this version of the LRS. */
const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new LrsError(
      'LRS_CONTENT_TYPE',
      `The request body must be application/json (got ${req.get('content-type') ?? 'no Content-Type'}).`,
    );
  }
  next();
};

/** The `/statements` resource (xAPI 1.0.3 §7.2; 2.0 §4.1.6.1). */
export function statementRoutes(options: StatementRoutesOptions): Router {
  const { store } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, type: 'application/json', strict: true });

  const context = (req: Request, res: Response): StoreContext => {
    const host = req.get('host') ?? '';
    const homePage = options.publicUrl ?? `${req.protocol}://${SAFE_HOST.test(host) ? host : 'localhost'}`;
    const key = locals(res).credential!.key;
    const authority: Agent = { objectType: 'Agent', account: { homePage, name: key } };
    return { stored: new Date().toISOString(), authority };
  };

  router.post('/', requireScope('write'), requireJson, json, async (req, res) => {
    const ids = await postStatements(store, req.body, context(req, res));
    res.status(200).json(ids);
  });

  router.put('/', requireScope('write'), requireJson, json, async (req, res) => {
    await putStatement(store, req.query.statementId, req.body, context(req, res));
    res.status(204).end();
  });

  router.get('/', requireScope('read'), async (req, res) => {
    const query = parseStatementQuery(req.query as Record<string, unknown>);
    const consistentThrough = new Date().toISOString();
    const result = await readStatements(store, query);
    res.set('X-Experience-API-Consistent-Through', consistentThrough);
    res.type('application/json');
    if (result.kind === 'single') {
      res.set('Last-Modified', new Date(result.statement.stored).toUTCString());
      res.send(result.statement.json);
      return;
    }
    // The stored JSON texts are sent as they are, without parsing and re-serialising them.
    const more = result.more ? `${req.baseUrl}?more=${result.more}` : '';
    res.send(
      `{"statements":[${result.statements.map((s) => s.json).join(',')}],"more":${JSON.stringify(more)}}`,
    );
  });

  return router;
}
