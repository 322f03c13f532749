import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import type { Db } from '../../src/store/db.js';
import { createCredential, revokeCredential } from '../../src/service/credentials/credentials.js';
import { basic, statement, testLrs, V2, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
beforeAll(async () => {
  lrs = await testLrs({ bodyLimit: '2kb' });
});
afterAll(() => lrs.close());

function expectErrorBody(body: Record<string, unknown>, code: string) {
  expect(body).toEqual(
    expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
  );
}

describe('GET /xapi/about', () => {
  it('lists 2.0.0 and 1.0.3 without auth or version header', async () => {
    const res = await request(lrs.app).get('/xapi/about');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: ['2.0.0', '1.0.3'] });
    expect(res.headers['x-experience-api-version']).toBe('2.0.0');
  });
});

describe('X-Experience-API-Version', () => {
  it('rejects a request without the header with 400 and still answers with a version header', async () => {
    const res = await request(lrs.app).get('/xapi/statements').set('Authorization', lrs.auth.read);
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_VERSION_HEADER');
    expect(res.headers['x-experience-api-version']).toBe('2.0.0');
  });

  it.each(['0.95', '1.1.0', '3.0.0', 'abc'])('rejects the unsupported version %s with 400', async (v) => {
    const res = await request(lrs.app)
      .get('/xapi/statements')
      .set('Authorization', lrs.auth.read)
      .set('X-Experience-API-Version', v);
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_VERSION_HEADER');
  });

  it.each([
    ['1.0', '1.0.3'],
    ['1.0.1', '1.0.3'],
    ['1.0.3', '1.0.3'],
    ['2.0', '2.0.0'],
    ['2.0.0', '2.0.0'],
  ])('answers a %s request with version %s', async (sent, answered) => {
    const res = await request(lrs.app)
      .get('/xapi/statements')
      .set('Authorization', lrs.auth.read)
      .set('X-Experience-API-Version', sent);
    expect(res.status).toBe(200);
    expect(res.headers['x-experience-api-version']).toBe(answered);
  });
});

describe('authentication and scopes', () => {
  it('answers 401 with WWW-Authenticate when no credentials are sent', async () => {
    const res = await request(lrs.app).get('/xapi/statements').set(V2);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="xAPI"');
    expectErrorBody(res.body, 'LRS_UNAUTHORIZED');
  });

  it.each([
    ['a wrong secret', () => basic(lrsKey(lrs.auth.read), 'not-the-secret')],
    ['an unknown key', () => basic('nobody', 'whatever-secret')],
    ['a malformed header', () => 'Basic !!!'],
    ['another scheme', () => 'Bearer abc'],
  ])('answers 401 for %s', async (_name, header) => {
    const res = await request(lrs.app).get('/xapi/statements').set(V2).set('Authorization', header());
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="xAPI"');
    expectErrorBody(res.body, 'LRS_UNAUTHORIZED');
  });

  it('answers 401 for a revoked credential', async () => {
    const revoked = await createCredential(lrs.db, { scopes: ['all'], label: 'to revoke' });
    expect(await revokeCredential(lrs.db, revoked.key)).toBe(true);
    const res = await request(lrs.app)
      .get('/xapi/statements')
      .set(V2)
      .set('Authorization', basic(revoked.key, revoked.secret));
    expect(res.status).toBe(401);
  });

  it('answers 403 when a write-only credential reads', async () => {
    const res = await request(lrs.app).get('/xapi/statements').set(V2).set('Authorization', lrs.auth.write);
    expect(res.status).toBe(403);
    expectErrorBody(res.body, 'LRS_FORBIDDEN');
  });

  it('answers 403 when a read-only credential writes, and stores nothing', async () => {
    const s = statement();
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.read)
      .send(s);
    expect(res.status).toBe(403);
    const get = await request(lrs.app)
      .get(`/xapi/statements?statementId=${s.id as string}`)
      .set(V2)
      .set('Authorization', lrs.auth.all);
    expect(get.status).toBe(404);
  });

  it.each([['all/read'], ['statements/read']])('lets a %s credential read', async (scope) => {
    const c = await createCredential(lrs.db, { scopes: [scope], label: scope });
    const res = await request(lrs.app)
      .get('/xapi/statements')
      .set(V2)
      .set('Authorization', basic(c.key, c.secret));
    expect(res.status).toBe(200);
  });
});

function lrsKey(header: string): string {
  return Buffer.from(header.replace(/^Basic /, ''), 'base64')
    .toString('utf8')
    .split(':')[0]!;
}

describe('request bodies', () => {
  it('answers malformed JSON with 400 and the JSON error body', async () => {
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .set('Content-Type', 'application/json')
      .send('{"actor": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expectErrorBody(res.body, 'LRS_MALFORMED_JSON');
  });

  it('answers a body over the configured limit with 413', async () => {
    const big = statement({ result: { response: 'x'.repeat(4096) } });
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .send(big);
    expect(res.status).toBe(413);
    expectErrorBody(res.body, 'LRS_BODY_TOO_LARGE');
  });

  it('answers a non-JSON content type with 400', async () => {
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_CONTENT_TYPE');
  });

  it('answers a JSON scalar body (valid JSON, not a statement) with 400', async () => {
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .set('Content-Type', 'application/json')
      .send('"just a string"');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_VALIDATION');
  });

  it('answers a string PostgreSQL cannot store (NUL) with 400, not 500', async () => {
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .send(statement({ result: { response: 'a\u0000b' } }));
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_VALIDATION');
    expect(res.body.issues).toEqual([expect.objectContaining({ path: ['result', 'response'] })]);
  });

  it('answers a statement nested deeper than PostgreSQL can store with 400, not 500', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = { d: deep };
    const res = await request(lrs.app)
      .post('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .send(statement({ result: { extensions: { 'https://x.example.org/deep': deep } } }));
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'LRS_VALIDATION');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(lrs.app).get('/xapi/nothing-here').set(V2).set('Authorization', lrs.auth.read);
    expect(res.status).toBe(404);
    expectErrorBody(res.body, 'LRS_ROUTE_NOT_FOUND');
  });

  it('echoes a safe X-Request-Id as the error requestId', async () => {
    const res = await request(lrs.app).get('/xapi/statements').set('X-Request-Id', 'trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.requestId).toBe('trace-123');
  });
});

describe('CORS', () => {
  it('answers a preflight from another origin without auth', async () => {
    const res = await request(lrs.app)
      .options('/xapi/statements')
      .set('Origin', 'https://lms.example.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-experience-api-version');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://lms.example.org');
    expect(res.headers['access-control-allow-methods']).toEqual(expect.stringContaining('POST'));
    expect(res.headers['access-control-allow-methods']).toEqual(expect.stringContaining('PUT'));
    const allowed = res.headers['access-control-allow-headers']!.toLowerCase();
    for (const h of [
      'authorization',
      'content-type',
      'x-experience-api-version',
      'if-match',
      'if-none-match',
    ]) {
      expect(allowed).toContain(h);
    }
    const exposed = res.headers['access-control-expose-headers']!.toLowerCase();
    for (const h of [
      'x-experience-api-version',
      'x-experience-api-consistent-through',
      'etag',
      'last-modified',
    ]) {
      expect(exposed).toContain(h);
    }
  });

  it('sets Access-Control-Allow-Origin on ordinary responses, * without an Origin', async () => {
    const withOrigin = await request(lrs.app).get('/xapi/about').set('Origin', 'https://lms.example.org');
    expect(withOrigin.headers['access-control-allow-origin']).toBe('https://lms.example.org');
    const without = await request(lrs.app).get('/xapi/about');
    expect(without.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('health', () => {
  it('GET /health answers 200', async () => {
    const res = await request(lrs.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 when the database answers', async () => {
    const res = await request(lrs.app).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', engine: 'pglite' });
  });

  it('GET /ready answers 503 when the database does not answer', async () => {
    const down = new Error('connection refused');
    const db: Db = {
      engine: 'postgres',
      query: () => Promise.reject(down),
      exec: () => Promise.reject(down),
      transaction: () => Promise.reject(down),
      close: () => Promise.resolve(),
    };
    const app = createApp({
      db,
      config: { defaultXapiVersion: '2.0.0', bodyLimit: '1kb' },
      logger: createLogger('silent'),
    });
    const res = await request(app).get('/ready');
    expect(res.status).toBe(503);
    expectErrorBody(res.body, 'LRS_NOT_READY');
    expect((await request(app).get('/health')).status).toBe(200);
  });
});
