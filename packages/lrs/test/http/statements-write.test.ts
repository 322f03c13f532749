import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { postStatements, statement, testLrs, V2, verb, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
beforeAll(async () => {
  lrs = await testLrs();
});
afterAll(() => lrs.close());

const post = (body: unknown) => postStatements(lrs, body);
const put = (id: string, body: unknown) =>
  request(lrs.app)
    .put(`/xapi/statements?statementId=${id}`)
    .set(V2)
    .set('Authorization', lrs.auth.write)
    .send(body as object);
const get = (query: string) =>
  request(lrs.app).get(`/xapi/statements?${query}`).set(V2).set('Authorization', lrs.auth.read);
const byId = (id: unknown) => get(`statementId=${id as string}`);
const VOIDED = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { en: 'voided' } };

describe('POST /xapi/statements and GET by statementId', () => {
  it('stores one statement and reads it back with stored, authority, version and timestamp added', async () => {
    const sent = statement({ result: { success: true, score: { scaled: 0.8 } } });
    const res = await post(sent);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([sent.id]);

    const back = await byId(sent.id);
    expect(back.status).toBe(200);
    expect(back.headers['x-experience-api-consistent-through']).toEqual(expect.any(String));
    expect(back.headers['last-modified']).toBe(new Date(back.body.stored).toUTCString());
    const { stored, authority, version, timestamp, ...rest } = back.body;
    expect(rest).toEqual(sent);
    expect(Date.parse(stored)).not.toBeNaN();
    expect(timestamp).toBe(stored);
    expect(version).toBe('2.0.0'); // a 2.0 request: version defaults to 2.0.0
    const key = Buffer.from(lrs.auth.write.slice(6), 'base64').toString().split(':')[0];
    expect(authority).toEqual({
      objectType: 'Agent',
      account: { homePage: expect.stringMatching(/^http:\/\//), name: key },
    });
  });

  it('assigns a UUID when the statement has no id', async () => {
    const { id: _id, ...noId } = statement();
    const res = await post(noId);
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await byId(res.body[0])).status).toBe(200);
  });

  it('keeps the timestamp the client sent and overwrites stored and authority', async () => {
    const sent = statement({
      timestamp: '2025-01-31T12:00:00.000Z',
      stored: '2000-01-01T00:00:00.000Z',
      authority: { mbox: 'mailto:forged@example.org' },
    });
    await post(sent).expect(200);
    const back = (await byId(sent.id)).body;
    expect(back.timestamp).toBe('2025-01-31T12:00:00.000Z');
    expect(back.stored).not.toBe('2000-01-01T00:00:00.000Z');
    expect(back.authority.mbox).toBeUndefined();
  });

  it('stores properties the contracts schema does not know (context.contextAgents) unchanged', async () => {
    const contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:teacher@example.org' } }];
    const sent = statement({ context: { contextAgents } });
    await post(sent).expect(200);
    expect((await byId(sent.id)).body.context.contextAgents).toEqual(contextAgents);
  });

  it('returns the ids of a batch in request order', async () => {
    const batch = [statement(), statement(), statement()];
    const res = await post(batch);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(batch.map((s) => s.id));
  });

  it('answers an invalid statement with 400 and issues that locate the problem', async () => {
    const res = await post(statement({ verb: { id: 'not an iri' } }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_VALIDATION');
    expect(res.body.issues).toEqual([{ path: ['verb', 'id'], message: expect.any(String) }]);
  });

  it.each([
    ['an id that is not a UUID', { id: 'abc' }],
    [
      'an actor with two identifiers',
      { actor: { mbox: 'mailto:a@example.org', openid: 'https://id.example.org/a' } },
    ],
    [
      'an object that is neither an Activity nor a StatementRef',
      { object: { objectType: 'StatementRef', id: 'x' } },
    ],
    ['a timestamp that is not RFC 3339', { timestamp: 'yesterday' }],
    ['an unsupported version', { version: '0.9.5' }],
    ['no verb', { verb: undefined }],
  ])('rejects %s with 400', async (_name, overrides) => {
    const res = await post(statement(overrides));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_VALIDATION');
  });
});

describe('batches are all or nothing', () => {
  it('stores nothing when one statement of the batch is invalid', async () => {
    const good = statement();
    const res = await post([good, statement({ actor: { name: 'no identifier' } })]);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path[0]).toBe(1);
    expect((await byId(good.id)).status).toBe(404);
  });

  it('stores nothing when one statement of the batch conflicts with a stored one', async () => {
    const stored = statement();
    await post(stored).expect(200);
    const fresh = statement();
    const res = await post([fresh, { ...stored, verb: verb('changed') }]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LRS_STATEMENT_CONFLICT');
    expect((await byId(fresh.id)).status).toBe(404);
  });

  it('rejects a batch that uses one id twice with 400 and stores nothing', async () => {
    const s = statement();
    const res = await post([s, { ...s, verb: verb('other') }]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_DUPLICATE_ID');
    expect((await byId(s.id)).status).toBe(404);
  });
});

describe('statement ids are immutable', () => {
  it('stores an identical statement twice as a no-op (200, same id, first version kept)', async () => {
    const s = statement();
    await post(s).expect(200);
    const first = (await byId(s.id)).body;
    const again = await post(s);
    expect(again.status).toBe(200);
    expect(again.body).toEqual([s.id]);
    expect((await byId(s.id)).body.stored).toBe(first.stored);
  });

  it('rejects a different statement with an existing id with 409', async () => {
    const s = statement();
    await post(s).expect(200);
    const res = await post({ ...s, result: { success: false } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LRS_STATEMENT_CONFLICT');
  });
});

describe('PUT /xapi/statements?statementId=', () => {
  it('stores the statement under statementId and answers 204', async () => {
    const { id: _id, ...body } = statement();
    const id = randomUUID();
    const res = await put(id, body);
    expect(res.status).toBe(204);
    expect((await byId(id)).body.id).toBe(id);
  });

  it('answers 204 again for the same statement and 409 for a different one', async () => {
    const s = statement();
    await put(s.id as string, s).expect(204);
    await put(s.id as string, s).expect(204);
    const res = await put(s.id as string, { ...s, verb: verb('different') });
    expect(res.status).toBe(409);
  });

  it('rejects a body id that differs from statementId with 400', async () => {
    const res = await put(randomUUID(), statement());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_INVALID_PARAMETER');
  });

  it('rejects a PUT without statementId with 400', async () => {
    const res = await request(lrs.app)
      .put('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.write)
      .send(statement());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_INVALID_PARAMETER');
  });

  it('rejects an array body with 400', async () => {
    const res = await put(randomUUID(), [statement()]);
    expect(res.status).toBe(400);
  });
});

describe('voiding', () => {
  it('hides a voided statement from statementId and queries, and returns it with voidedStatementId', async () => {
    const registration = randomUUID();
    const target = statement({ context: { registration } });
    await post(target).expect(200);
    const voiding = statement({ verb: VOIDED, object: { objectType: 'StatementRef', id: target.id } });
    await post(voiding).expect(200);

    expect((await byId(target.id)).status).toBe(404);
    const voided = await get(`voidedStatementId=${target.id as string}`);
    expect(voided.status).toBe(200);
    expect(voided.body.id).toBe(target.id);
    // xAPI 1.0.3 §2.1.3: a filter also returns statements whose StatementRef targets a match, voided or not.
    const byRegistration = (await get(`registration=${registration}`)).body.statements as { id: string }[];
    expect(byRegistration.map((s) => s.id)).toEqual([voiding.id]);
    // The voiding statement itself is an ordinary statement.
    expect((await byId(voiding.id)).status).toBe(200);
  });

  it('answers voidedStatementId with 404 for a statement that is not voided', async () => {
    const s = statement();
    await post(s).expect(200);
    expect((await get(`voidedStatementId=${s.id as string}`)).status).toBe(404);
  });

  it('rejects voiding a voiding statement with 400', async () => {
    const target = statement();
    const voiding = statement({ verb: VOIDED, object: { objectType: 'StatementRef', id: target.id } });
    await post([target, voiding]).expect(200);
    const res = await post(
      statement({ verb: VOIDED, object: { objectType: 'StatementRef', id: voiding.id } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_INVALID_VOIDING');
    expect((await byId(voiding.id)).status).toBe(200);
  });

  it('rejects a voided verb whose object is not a StatementRef with 400', async () => {
    const res = await post(statement({ verb: VOIDED }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_VALIDATION');
    expect(res.body.issues).toEqual([expect.objectContaining({ path: ['object'] })]);
  });
});
