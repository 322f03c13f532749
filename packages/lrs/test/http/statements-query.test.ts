import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { postStatements, statement, testLrs, V2, verb, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
beforeAll(async () => {
  lrs = await testLrs();
});
afterAll(() => lrs.close());

const post = (body: unknown) => postStatements(lrs, body);
const get = (path: string) => request(lrs.app).get(path).set(V2).set('Authorization', lrs.auth.read);
const query = (params: Record<string, string>) => get(`/xapi/statements?${new URLSearchParams(params)}`);
const ids = (res: { body: { statements: Array<{ id: string }> } }) => res.body.statements.map((s) => s.id);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('GET /xapi/statements filters', () => {
  const registration = randomUUID();
  const alice = { mbox: 'mailto:alice@example.org' };
  const bob = { account: { homePage: 'https://lms.example.org', name: 'bob' } };
  const act = (n: number) => ({
    objectType: 'Activity',
    id: `https://course.example.org/xapi/q/${registration}/${n}`,
  });
  const s1 = statement({ actor: alice, verb: verb('answered'), object: act(1), context: { registration } });
  const s2 = statement({ actor: bob, verb: verb('answered'), object: act(2), context: { registration } });
  const s3 = statement({ actor: alice, verb: verb('completed'), object: act(2), context: { registration } });
  const other = statement({ actor: alice, verb: verb('answered'), object: act(1) });
  const storedAt: string[] = [];

  beforeAll(async () => {
    // Separate requests a few ms apart, so that each has its own `stored`.
    for (const s of [s1, s2, s3, other]) {
      await post(s).expect(200);
      storedAt.push((await get(`/xapi/statements?statementId=${s.id as string}`)).body.stored);
      await sleep(5);
    }
  });

  it('answers a StatementResult with Consistent-Through, newest first', async () => {
    const res = await query({ registration });
    expect(res.status).toBe(200);
    expect(res.headers['x-experience-api-consistent-through']).toEqual(expect.any(String));
    expect(res.body.more).toBe('');
    expect(ids(res)).toEqual([s3.id, s2.id, s1.id]);
  });

  it('filters by registration', async () => {
    expect(ids(await query({ registration }))).not.toContain(other.id);
    expect(ids(await query({ registration: randomUUID() }))).toEqual([]);
  });

  it('filters by verb', async () => {
    expect(ids(await query({ registration, verb: verb('answered').id }))).toEqual([s2.id, s1.id]);
  });

  it('filters by agent (account and mbox IFIs)', async () => {
    expect(ids(await query({ registration, agent: JSON.stringify(bob) }))).toEqual([s2.id]);
    expect(
      ids(await query({ registration, agent: JSON.stringify({ objectType: 'Agent', ...alice }) })),
    ).toEqual([s3.id, s1.id]);
  });

  it('filters by activity', async () => {
    expect(ids(await query({ activity: act(2).id }))).toEqual([s3.id, s2.id]);
  });

  it('filters by since (exclusive) and until (inclusive)', async () => {
    expect(ids(await query({ registration, since: storedAt[0]! }))).toEqual([s3.id, s2.id]);
    expect(ids(await query({ registration, until: storedAt[1]! }))).toEqual([s2.id, s1.id]);
    expect(ids(await query({ registration, since: storedAt[0]!, until: storedAt[1]! }))).toEqual([s2.id]);
  });

  it('orders oldest first with ascending=true', async () => {
    expect(ids(await query({ registration, ascending: 'true' }))).toEqual([s1.id, s2.id, s3.id]);
  });

  it('returns at most limit statements and a more link', async () => {
    const res = await query({ registration, limit: '2' });
    expect(ids(res)).toEqual([s3.id, s2.id]);
    expect(res.body.more).toMatch(/^\/xapi\/statements\?more=/);
    const next = await get(res.body.more);
    expect(ids(next)).toEqual([s1.id]);
    expect(next.body.more).toBe('');
  });
});

describe('paging with more', () => {
  const registration = randomUUID();
  const sent = Array.from({ length: 25 }, () => statement({ context: { registration } }));

  beforeAll(async () => {
    // Two batches: statements share a `stored` within a batch, so paging must break ties by seq.
    await post(sent.slice(0, 12)).expect(200);
    await post(sent.slice(12)).expect(200);
  });

  it.each([
    ['newest first', 'false'],
    ['oldest first', 'true'],
  ])('pages through 25 statements with limit 10 (%s), each exactly once', async (_name, ascending) => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let res = await query({ registration, limit: '10', ascending });
    for (;;) {
      expect(res.status).toBe(200);
      sizes.push(res.body.statements.length);
      seen.push(...ids(res));
      if (!res.body.more) break;
      res = await get(res.body.more);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual(sent.map((s) => s.id as string).sort());
    if (ascending === 'true') {
      expect(seen.slice(0, 12).sort()).toEqual(
        sent
          .slice(0, 12)
          .map((s) => s.id as string)
          .sort(),
      );
    }
  });

  it('keeps the filters in the cursor: statements outside the registration never appear', async () => {
    await post(statement()).expect(200);
    const first = await query({ registration, limit: '20' });
    const second = await get(first.body.more);
    expect([...ids(first), ...ids(second)].sort()).toEqual(sent.map((s) => s.id as string).sort());
  });

  it('rejects a cursor it did not issue with 400', async () => {
    const res = await get('/xapi/statements?more=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_INVALID_CURSOR');
  });

  it('caps limit at 500 and treats limit=0 as the maximum', async () => {
    expect(ids(await query({ registration, limit: '0' }))).toHaveLength(25);
    expect(ids(await query({ registration, limit: '100000' }))).toHaveLength(25);
  });
});

describe('query parameter validation', () => {
  it.each([
    ['an unknown parameter', { foo: 'bar' }],
    ['a wrongly cased parameter', { Verb: 'https://x.example.org/v' }],
    ['an agent that is not JSON', { agent: 'alice' }],
    ['an agent without an identifier', { agent: '{"name":"alice"}' }],
    ['a registration that is not a UUID', { registration: '123' }],
    ['a verb that is not an IRI', { verb: 'answered' }],
    ['since that is not a timestamp', { since: 'yesterday' }],
    ['a negative limit', { limit: '-1' }],
    ['ascending that is not a boolean', { ascending: 'yes' }],
    ['statementId with a filter', { statementId: randomUUID(), verb: 'https://x.example.org/v' }],
    ['statementId and voidedStatementId', { statementId: randomUUID(), voidedStatementId: randomUUID() }],
    ['statementId that is not a UUID', { statementId: 'abc' }],
    ['format=other (not exact, ids or canonical)', { format: 'other' }],
    ['related_activities=yes (not a boolean)', { related_activities: 'yes' }],
    ['attachments=1 (not a boolean)', { attachments: '1' }],
    ['a NUL character', { activity: 'https://x.example.org/\u0000' }],
  ])('rejects %s with 400', async (_name, params) => {
    const res = await query(params);
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^LRS_INVALID_PARAMETER$/);
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('rejects a repeated parameter with 400', async () => {
    const res = await get('/xapi/statements?verb=https://a.example.org/v&verb=https://b.example.org/v');
    expect(res.status).toBe(400);
  });

  it('accepts the default values of the parameters it does not implement', async () => {
    const res = await query({ format: 'exact', attachments: 'false', related_agents: 'false', limit: '1' });
    expect(res.status).toBe(200);
  });

  it('answers an unknown statementId with 404', async () => {
    const res = await query({ statementId: randomUUID() });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('LRS_STATEMENT_NOT_FOUND');
  });
});
