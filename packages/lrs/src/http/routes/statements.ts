import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Agent } from '@course/contracts';
import { LrsError } from '../../errors.js';
import { boundaryOf, parseMultipart, type Part } from '../../service/attachments/multipart.js';
import { activityIdsOf, formatStatement, parseAcceptLanguage } from '../../service/statements/format.js';
import type { StoreContext } from '../../service/statements/prepare.js';
import { parseStatementQuery, readStatements } from '../../service/statements/query-statements.js';
import {
  postStatements,
  putStatement,
  type StatementLimits,
} from '../../service/statements/store-statements.js';
import { isObject } from '../../service/statements/validate.js';
import type { StatementStore, StoredStatement } from '../../store/statement-store.js';
import { mediaType, parseJson } from '../body.js';
import { requireScope } from '../middleware/basic-auth.js';
import { locals } from '../locals.js';

export interface StatementRoutesOptions {
  store: StatementStore;
  limits: StatementLimits;
  /** The authority's account homePage; derived from the request when unset. */
  publicUrl?: string;
}

const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The body of a statement write: `application/json`, or `multipart/mixed` whose first part is the
 * JSON and whose other parts are attachments (xAPI 1.0.3 Communication §1.5). Anything else is 400.
 */
function readStatementBody(req: Request, res: Response): { body: unknown; parts?: Part[] } {
  const contentType = req.get('content-type') ?? '';
  const type = mediaType(contentType);
  const raw = locals(res).body ?? Buffer.alloc(0);
  if (type === 'application/json') return { body: parseJson(raw) };
  if (type === 'multipart/mixed') {
    const [first, ...parts] = parseMultipart(raw, boundaryOf(contentType));
    if (!first || mediaType(first.headers['content-type']) !== 'application/json')
      throw new LrsError(
        'LRS_ATTACHMENTS',
        'The first part of a multipart/mixed request must be application/json.',
      );
    return { body: parseJson(first.body), parts };
  }
  throw new LrsError(
    'LRS_CONTENT_TYPE',
    `Statements are sent as application/json or multipart/mixed (got ${contentType || 'no Content-Type'}).`,
  );
}

const CRLF = '\r\n';

/** A `multipart/mixed` answer: the JSON first, then each attachment the statements name. */
async function sendWithAttachments(
  res: Response,
  store: StatementStore,
  json: string,
  statements: unknown[],
) {
  const hashes = new Set<string>();
  const collect = (s: unknown) => {
    if (!isObject(s)) return;
    if (Array.isArray(s.attachments))
      for (const a of s.attachments)
        if (isObject(a) && typeof a.sha2 === 'string') hashes.add(a.sha2.toLowerCase());
    if (isObject(s.object) && s.object.objectType === 'SubStatement') collect(s.object);
  };
  statements.forEach(collect);
  const contents = await store.attachments([...hashes]);
  const boundary = `xapi-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}${CRLF}Content-Type: application/json${CRLF}${CRLF}${json}${CRLF}`),
  ];
  for (const attachment of contents.values()) {
    chunks.push(
      Buffer.from(
        `--${boundary}${CRLF}Content-Type: ${attachment.contentType}${CRLF}Content-Transfer-Encoding: binary${CRLF}` +
          `X-Experience-API-Hash: ${attachment.sha2}${CRLF}${CRLF}`,
      ),
      attachment.content,
      Buffer.from(CRLF),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  res.type(`multipart/mixed; boundary=${boundary}`);
  res.send(Buffer.concat(chunks));
}

/** The `/statements` resource (xAPI 1.0.3 §7.2; 2.0 §4.1.6.1). */
export function statementRoutes(options: StatementRoutesOptions): Router {
  const { store, limits } = options;
  const router = Router();
  // Every answer to GET /statements carries X-Experience-API-Consistent-Through, errors included
  // (xAPI 1.0.3 Communication §2.1.3): this LRS commits before it answers, so "now" is consistent.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD')
      res.set('X-Experience-API-Consistent-Through', new Date().toISOString());
    next();
  });

  const context = (req: Request, res: Response): StoreContext => {
    const host = req.get('host') ?? '';
    const homePage = options.publicUrl ?? `${req.protocol}://${SAFE_HOST.test(host) ? host : 'localhost'}`;
    const key = locals(res).credential!.key;
    const authority: Agent = { objectType: 'Agent', account: { homePage, name: key } };
    return { stored: new Date().toISOString(), authority, credentialKey: key, version: locals(res).version };
  };

  router.post('/', requireScope('statements/write'), async (req, res) => {
    const { body, parts } = readStatementBody(req, res);
    const ids = await postStatements(store, body, context(req, res), parts, limits);
    res.status(200).json(ids);
  });

  router.put('/', requireScope('statements/write'), async (req, res) => {
    const { body, parts } = readStatementBody(req, res);
    await putStatement(store, req.query.statementId, body, context(req, res), parts, limits);
    res.status(204).end();
  });

  router.get('/', requireScope('statements/read'), async (req, res) => {
    const query = parseStatementQuery(req.query as Record<string, unknown>);
    const credential = locals(res).credential!;
    const mineOnly = !credential.scopes.some((s) => ['all', 'all/read', 'statements/read'].includes(s));
    const result = await readStatements(store, query, mineOnly ? credential.key : undefined);
    const found: StoredStatement[] = result.kind === 'single' ? [result.statement] : result.statements;
    let statements: Record<string, unknown>[] | undefined;
    let texts = found.map((s) => s.json);
    if (query.format !== 'exact' || query.attachments) {
      statements = found.map((s) => JSON.parse(s.json) as Record<string, unknown>);
      if (query.format !== 'exact') {
        const ids = new Set<string>();
        statements.forEach((s) => activityIdsOf(s, ids));
        const definitions =
          query.format === 'canonical' ? await store.activityDefinitions([...ids]) : new Map();
        const languages = parseAcceptLanguage(req.get('accept-language'));
        statements = statements.map((s) => formatStatement(s, query.format, definitions, languages));
        texts = statements.map((s) => JSON.stringify(s));
      }
    }
    let json: string;
    if (result.kind === 'single') {
      res.set('Last-Modified', new Date(result.statement.stored).toUTCString());
      json = texts[0]!;
    } else {
      const lastStored = found.reduce<string | undefined>(
        (m, s) => (!m || s.stored > m ? s.stored : m),
        undefined,
      );
      if (lastStored) res.set('Last-Modified', new Date(lastStored).toUTCString());
      // The stored JSON texts are sent as they are, without parsing and re-serialising them.
      const more = result.more ? `${req.baseUrl}?more=${result.more}` : '';
      json = `{"statements":[${texts.join(',')}],"more":${JSON.stringify(more)}}`;
    }
    if (query.attachments) return sendWithAttachments(res, store, json, statements ?? []);
    res.type('application/json');
    res.send(json);
  });

  return router;
}
