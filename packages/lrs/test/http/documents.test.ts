import request from 'supertest';
import { testLrs, V1, V2, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
beforeAll(async () => {
  lrs = await testLrs();
});
afterAll(() => lrs.close());

const AGENT = JSON.stringify({ objectType: 'Agent', mbox: 'mailto:learner@example.org' });
const ACTIVITY = 'https://course.example.org/xapi/m01';
let n = 0;
const stateQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ activityId: ACTIVITY, agent: AGENT, stateId: `s${++n}`, ...extra }).toString();
const profileQuery = () => new URLSearchParams({ activityId: ACTIVITY, profileId: `p${++n}` }).toString();
const agentProfileQuery = () => new URLSearchParams({ agent: AGENT, profileId: `p${++n}` }).toString();

const at = (method: 'get' | 'put' | 'post' | 'delete', path: string, version = V2, auth = lrs.auth.all) =>
  request(lrs.app)[method](`/xapi${path}`).set(version).set('Authorization', auth);

describe('State resource (xAPI 1.0.3 Communication §2.3; IEEE 9274.1.1 §4.1.6.2)', () => {
  it('stores a document byte-exact with its Content-Type and answers GET with a quoted SHA-1 ETag and Last-Modified', async () => {
    const q = stateQuery();
    await at('put', `/activities/state?${q}`).set('Content-Type', 'text/plain').send('hello').expect(204);
    const res = await at('get', `/activities/state?${q}`).expect(200);
    expect(res.text).toBe('hello');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(Date.parse(res.headers['last-modified']!)).not.toBeNaN();
  });

  it('POST merges JSON objects at the top level', async () => {
    const q = stateQuery();
    await at('post', `/activities/state?${q}`)
      .send({ a: 1, b: { x: 1 } })
      .expect(204);
    await at('post', `/activities/state?${q}`)
      .send({ b: { y: 2 }, c: 3 })
      .expect(204);
    expect((await at('get', `/activities/state?${q}`).expect(200)).body).toEqual({ a: 1, b: { y: 2 }, c: 3 });
  });

  it('POST onto a non-JSON document, or with a non-JSON body, is 400 and changes nothing', async () => {
    const q = stateQuery();
    await at('put', `/activities/state?${q}`).set('Content-Type', 'text/plain').send('text').expect(204);
    const res = await at('post', `/activities/state?${q}`).send({ a: 1 }).expect(400);
    expect(res.body.code).toBe('LRS_DOCUMENT_MERGE');
    expect((await at('get', `/activities/state?${q}`)).text).toBe('text');
    const json = stateQuery();
    await at('post', `/activities/state?${json}`).send({ a: 1 }).expect(204);
    await at('post', `/activities/state?${json}`)
      .set('Content-Type', 'application/json')
      .send('[1')
      .expect(400);
  });

  it('If-Match with a stale ETag is 412 and If-None-Match: * on an existing document is 412', async () => {
    const q = stateQuery();
    await at('put', `/activities/state?${q}`).send({ v: 1 }).expect(204);
    const etag = (await at('get', `/activities/state?${q}`)).headers.etag!;
    await at('put', `/activities/state?${q}`).set('If-Match', '"0000"').send({ v: 2 }).expect(412);
    await at('put', `/activities/state?${q}`).set('If-None-Match', '*').send({ v: 2 }).expect(412);
    await at('delete', `/activities/state?${q}`).set('If-Match', '"0000"').expect(412);
    await at('put', `/activities/state?${q}`).set('If-Match', etag).send({ v: 3 }).expect(204);
    expect((await at('get', `/activities/state?${q}`)).body).toEqual({ v: 3 });
  });

  it('a 2.0 PUT over an existing State without If-Match/If-None-Match is 409; a 1.0.3 PUT overwrites', async () => {
    const q = stateQuery();
    await at('put', `/activities/state?${q}`).send({ v: 1 }).expect(204);
    const conflict = await at('put', `/activities/state?${q}`).send({ v: 2 }).expect(409);
    expect(conflict.body.code).toBe('LRS_DOCUMENT_CONFLICT');
    await at('put', `/activities/state?${q}`, V1).send({ v: 3 }).expect(204);
    expect((await at('get', `/activities/state?${q}`)).body).toEqual({ v: 3 });
  });

  it('GET without stateId lists the ids (filtered by since); DELETE without stateId removes them all', async () => {
    const registration = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const base = { activityId: ACTIVITY, agent: AGENT, registration };
    const q = (extra: Record<string, string>) => new URLSearchParams({ ...base, ...extra }).toString();
    await at('put', `/activities/state?${q({ stateId: 'one' })}`)
      .send({})
      .expect(204);
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await at('put', `/activities/state?${q({ stateId: 'two' })}`)
      .send({})
      .expect(204);
    expect((await at('get', `/activities/state?${q({})}`)).body).toEqual(['one', 'two']);
    expect((await at('get', `/activities/state?${q({ since: between })}`)).body).toEqual(['two']);
    await at('delete', `/activities/state?${q({})}`).expect(204);
    expect((await at('get', `/activities/state?${q({})}`)).body).toEqual([]);
  });

  it.each([
    ['no activityId', { agent: AGENT, stateId: 'x' }],
    ['agent that is not JSON', { activityId: ACTIVITY, agent: 'mailto:x@example.org', stateId: 'x' }],
    ['agent without an identifier', { activityId: ACTIVITY, agent: '{"name":"x"}', stateId: 'x' }],
    [
      'registration that is not a UUID',
      { activityId: ACTIVITY, agent: AGENT, stateId: 'x', registration: 'r' },
    ],
    ['an unknown parameter', { activityId: ACTIVITY, agent: AGENT, stateId: 'x', profileId: 'p' }],
  ])('rejects a request with %s with 400 and names the parameter', async (_name, params) => {
    const res = await at('put', `/activities/state?${new URLSearchParams(params).toString()}`)
      .send({})
      .expect(400);
    expect(res.body.code).toBe('LRS_INVALID_PARAMETER');
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('a GET of an absent document is 404 with a JSON body', async () => {
    const res = await at('get', `/activities/state?${stateQuery()}`).expect(404);
    expect(res.body.code).toBe('LRS_DOCUMENT_NOT_FOUND');
  });

  it('needs scope state (or all) to write and state, all/read or all to read', async () => {
    const q = stateQuery();
    await at('put', `/activities/state?${q}`, V2, lrs.auth.write).send({}).expect(403);
    await at('put', `/activities/state?${q}`, V2, lrs.auth.state).send({}).expect(204);
    await at('get', `/activities/state?${q}`, V2, lrs.auth.allRead).expect(200);
    await at('get', `/activities/state?${q}`, V2, lrs.auth.profile).expect(403);
  });
});

describe('Activity and Agent Profile resources (xAPI 1.0.3 Communication §2.6–2.7, §3.1)', () => {
  it.each([
    ['/activities/profile', profileQuery],
    ['/agents/profile', agentProfileQuery],
  ])(
    '%s: PUT over an existing document without If-Match/If-None-Match is 409 and changes nothing',
    async (path, query) => {
      const q = query();
      await at('put', `${path}?${q}`).set('If-None-Match', '*').send({ v: 1 }).expect(204);
      const res = await at('put', `${path}?${q}`).send({ v: 2 }).expect(409);
      expect(res.body.message).toMatch(/If-Match/);
      expect((await at('get', `${path}?${q}`)).body).toEqual({ v: 1 });
    },
  );

  it.each([
    ['/activities/profile', profileQuery],
    ['/agents/profile', agentProfileQuery],
  ])(
    '%s: a 1.0.3 PUT of a new document without If-Match/If-None-Match is 400 (conformance XAPI-00273)',
    async (path, query) => {
      await at('put', `${path}?${query()}`, V1).send({ v: 1 }).expect(400);
      await at('put', `${path}?${query()}`, V2).send({ v: 1 }).expect(204);
    },
  );

  it('profile resources need scope profile (or all)', async () => {
    await at('put', `/activities/profile?${profileQuery()}`, V2, lrs.auth.state).send({}).expect(403);
    await at('put', `/activities/profile?${profileQuery()}`, V2, lrs.auth.profile).send({}).expect(204);
  });

  it('DELETE of a profile needs profileId', async () => {
    await at('delete', `/activities/profile?activityId=${encodeURIComponent(ACTIVITY)}`).expect(400);
  });
});
