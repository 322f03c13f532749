import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import request from 'supertest';
import { postStatements, statement, testLrs, V1, V2, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
beforeAll(async () => {
  lrs = await testLrs({ limits: { maxBatch: 5, maxStatementBytes: 4000, maxAttachmentBytes: 1000 } });
});
afterAll(() => lrs.close());

const post = (body: unknown, version = V2, auth = lrs.auth.all) =>
  postStatements(lrs, body, { version, auth });
const get = (query: string, auth = lrs.auth.all, version = V2) =>
  request(lrs.app).get(`/xapi/statements?${query}`).set(version).set('Authorization', auth);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const USAGE = 'https://course.example.org/xapi/attachments/certificate';

/** A multipart/mixed body: the JSON part, then one part per attachment. */
function multipart(json: unknown, parts: { content: Buffer; type?: string; hash?: string | null }[]) {
  const boundary = `b-${randomUUID()}`;
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`),
  ];
  for (const p of parts) {
    const hash = p.hash === undefined ? sha256(p.content) : p.hash;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${p.type ?? 'text/plain'}\r\nContent-Transfer-Encoding: binary\r\n` +
          (hash === null ? '' : `X-Experience-API-Hash: ${hash}\r\n`) +
          '\r\n',
      ),
      p.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  return { body: Buffer.concat(chunks), type: `multipart/mixed; boundary=${boundary}` };
}

const sendMultipart = (m: { body: Buffer; type: string }) =>
  request(lrs.app)
    .post('/xapi/statements')
    .set(V2)
    .set('Authorization', lrs.auth.all)
    .set('Content-Type', m.type)
    .send(m.body);

const attachmentFor = (content: Buffer, extra: Record<string, unknown> = {}) => ({
  usageType: USAGE,
  display: { en: 'certificate' },
  contentType: 'text/plain',
  length: content.length,
  sha2: sha256(content),
  ...extra,
});

describe('statement validation (xAPI 1.0.3 Data §2; IEEE 9274.1.1 §4.2)', () => {
  it.each([
    ['an unknown property', statement({ extra: 1 })],
    ['a property in the wrong case', { ...statement(), Actor: statement().actor }],
    [
      'an agent with two identifiers',
      statement({ actor: { mbox: 'mailto:a@example.org', openid: 'https://a.example.org' } }),
    ],
    ['an anonymous Group without member', statement({ actor: { objectType: 'Group', name: 'g' } })],
    [
      'a language map with an invalid tag',
      statement({ verb: { id: 'https://x.example.org/v', display: { something: 'x' } } }),
    ],
    ['null outside extensions', statement({ result: { success: null } })],
    ['a score above max', statement({ result: { score: { raw: 11, min: 0, max: 10 } } })],
    ['a duration mixing weeks and days', statement({ result: { duration: 'P4W1D' } })],
    [
      'revision with a StatementRef object',
      statement({ object: { objectType: 'StatementRef', id: randomUUID() }, context: { revision: '1' } }),
    ],
    ['a timestamp with offset -00:00', statement({ timestamp: '2025-01-01T00:00:00-00:00' })],
    [
      'a nested SubStatement',
      statement({
        object: {
          objectType: 'SubStatement',
          ...statement({ id: undefined }),
          object: { objectType: 'SubStatement' },
        },
      }),
    ],
    [
      'an empty relevantTypes',
      statement({
        context: {
          contextAgents: [
            { objectType: 'contextAgent', agent: { mbox: 'mailto:t@example.org' }, relevantTypes: [] },
          ],
        },
      }),
    ],
  ])('rejects %s with 400 LRS_VALIDATION and names the path', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_VALIDATION');
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('accepts contextAgents in 2.0 and rejects them in 1.0.3', async () => {
    const body = () =>
      statement({
        context: { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:t@example.org' } }] },
      });
    expect((await post(body())).status).toBe(200);
    expect((await post(body(), V1)).status).toBe(400);
  });

  it('converts a 2.0 timestamp to UTC keeping its precision, and stores single context activities as arrays', async () => {
    const s = statement({
      timestamp: '2025-03-01T10:30:00.123456+02:00',
      context: { contextActivities: { parent: { id: 'https://course.example.org/xapi/m01' } } },
    });
    await post(s).expect(200);
    const back = (await get(`statementId=${s.id as string}`)).body;
    expect(back.timestamp).toBe('2025-03-01T08:30:00.123456Z');
    expect(back.context.contextActivities.parent).toEqual([{ id: 'https://course.example.org/xapi/m01' }]);
  });

  it('accepts the RFC 3339 space separator in a 2.0 timestamp and stores it in UTC; 1.0.3 (ISO 8601) rejects it', async () => {
    const s = statement({ timestamp: '2008-09-15 15:53:00.601+01:00' });
    await post(s).expect(200);
    expect((await get(`statementId=${s.id as string}`)).body.timestamp).toBe('2008-09-15T14:53:00.601Z');
    const old = await post(statement({ timestamp: '2008-09-15 15:53:00.601+01:00' }), V1);
    expect(old.status).toBe(400);
    expect(JSON.stringify(old.body.issues)).toContain('timestamp');
  });
});

describe('limits answer 413 with a JSON body', () => {
  it('rejects a batch above the configured size', async () => {
    const res = await post([1, 2, 3, 4, 5, 6].map(() => statement()));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('LRS_TOO_MANY');
  });
  it('rejects a statement above the configured size', async () => {
    const res = await post(statement({ result: { response: 'x'.repeat(5000) } }));
    expect(res.status).toBe(413);
  });
  it('rejects an attachment above the configured size', async () => {
    const content = Buffer.alloc(2000, 'a');
    const res = await sendMultipart(
      multipart(statement({ attachments: [attachmentFor(content)] }), [{ content }]),
    );
    expect(res.status).toBe(413);
  });
});

describe('attachments (xAPI 1.0.3 Communication §1.5.2, Data §2.4.11)', () => {
  it('stores a multipart/mixed statement with its attachment and returns both with attachments=true', async () => {
    const content = Buffer.from('certificate body');
    const s = statement({ attachments: [attachmentFor(content)] });
    await sendMultipart(multipart(s, [{ content }])).expect(200);
    const res = await get(`statementId=${s.id as string}&attachments=true`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    const text = (res.body as Buffer).toString();
    expect(text).toContain(`X-Experience-API-Hash: ${sha256(content)}`);
    expect(text).toContain('certificate body');
  });

  it.each([
    [
      'a part whose content does not match its hash',
      (c: Buffer) => [{ content: c, hash: sha256(Buffer.from('other')) }],
    ],
    ['a part without X-Experience-API-Hash', (c: Buffer) => [{ content: c, hash: null }]],
    ['no part for an attachment without fileUrl', () => []],
    ['a part no statement names', (c: Buffer) => [{ content: c }, { content: Buffer.from('extra') }]],
  ])('rejects %s with 400', async (_name, parts) => {
    const content = Buffer.from('certificate body');
    const res = await sendMultipart(
      multipart(statement({ attachments: [attachmentFor(content)] }), parts(content)),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LRS_ATTACHMENTS');
  });

  it('accepts application/json when every attachment has a fileUrl, and rejects it otherwise', async () => {
    const content = Buffer.from('x');
    await post(
      statement({ attachments: [attachmentFor(content, { fileUrl: 'https://files.example.org/x' })] }),
    ).expect(200);
    const res = await post(statement({ attachments: [attachmentFor(content)] }));
    expect(res.status).toBe(400);
  });
});

describe('signed statements (xAPI 1.0.3 Data §2.6)', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jws = (alg: string, payload: unknown) => {
    const head = Buffer.from(JSON.stringify({ alg })).toString('base64url');
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const digest = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' }[alg] ?? 'sha256';
    return Buffer.from(
      `${head}.${body}.${sign(digest, Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`,
    );
  };
  const signed = (alg: string, tamper = false) => {
    const s = statement();
    const sig = jws(alg, tamper ? { ...s, verb: { id: 'https://x.example.org/other' } } : s);
    const withSig = {
      ...s,
      attachments: [
        attachmentFor(sig, {
          usageType: 'http://adlnet.gov/expapi/attachments/signature',
          contentType: 'application/octet-stream',
        }),
      ],
    };
    return multipart(withSig, [{ content: sig, type: 'application/octet-stream' }]);
  };

  it('accepts a JWS signed with RS256', async () => {
    await sendMultipart(signed('RS256')).expect(200);
  });
  it('rejects a JWS with another algorithm, or whose payload is not the statement', async () => {
    expect((await sendMultipart(signed('HS256'))).body.code).toBe('LRS_SIGNATURE');
    expect((await sendMultipart(signed('RS512', true))).body.code).toBe('LRS_SIGNATURE');
  });
});

describe('GET /statements query parameters', () => {
  const course = `https://course.example.org/xapi/c-${randomUUID()}`;
  const teacher = { mbox: `mailto:t-${randomUUID()}@example.org` };
  const s1 = statement({
    verb: { id: 'https://x.example.org/v', display: { en: 'did', fr: 'a fait', de: 'tat' } },
    object: { id: `${course}/l1`, definition: { name: { en: 'Lesson', fr: 'Leçon' } } },
    context: { instructor: teacher, contextActivities: { parent: [{ id: course }] } },
  });
  beforeAll(async () => {
    await post(s1).expect(200);
  });

  it('related_activities and related_agents widen the activity and agent filters', async () => {
    const ids = async (q: string) => ((await get(q)).body.statements as { id: string }[]).map((s) => s.id);
    expect(await ids(`activity=${encodeURIComponent(course)}`)).toEqual([]);
    expect(await ids(`activity=${encodeURIComponent(course)}&related_activities=true`)).toEqual([s1.id]);
    const agent = encodeURIComponent(JSON.stringify(teacher));
    expect(await ids(`agent=${agent}`)).toEqual([]);
    expect(await ids(`agent=${agent}&related_agents=true`)).toEqual([s1.id]);
  });

  it('format=ids keeps identifiers only; format=canonical keeps one language, chosen by Accept-Language', async () => {
    const ids = (await get(`statementId=${s1.id as string}&format=ids`)).body;
    expect(ids.object).toEqual({ id: `${course}/l1` });
    expect(ids.verb).toEqual({ id: 'https://x.example.org/v' });
    const canonical = (
      await get(`statementId=${s1.id as string}&format=canonical`).set('Accept-Language', 'fr')
    ).body;
    expect(canonical.verb.display).toEqual({ fr: 'a fait' });
    expect(canonical.object.definition.name).toEqual({ fr: 'Leçon' });
  });

  it('sets X-Experience-API-Consistent-Through on every GET, errors included', async () => {
    const res = await get('statementId=not-a-uuid');
    expect(res.status).toBe(400);
    expect(Date.parse(res.headers['x-experience-api-consistent-through']!)).not.toBeNaN();
  });

  it('statements/read/mine reads only the statements its own credential stored', async () => {
    const mine = statement();
    await post(mine, V2, lrs.auth.mine).expect(200);
    const all = ((await get('limit=500', lrs.auth.mine)).body.statements as { id: string }[]).map(
      (s) => s.id,
    );
    expect(all).toEqual([mine.id]);
    expect((await get(`statementId=${s1.id as string}`, lrs.auth.mine)).status).toBe(404);
  });
});

describe('Activities, Agents and About resources', () => {
  it('GET /activities returns the canonical definition merged from statements', async () => {
    const id = `https://course.example.org/xapi/a-${randomUUID()}`;
    await post(statement({ object: { id, definition: { name: { en: 'One' } } } })).expect(200);
    await post(statement({ object: { id, definition: { name: { fr: 'Un' } } } })).expect(200);
    const res = await request(lrs.app)
      .get(`/xapi/activities?activityId=${encodeURIComponent(id)}`)
      .set(V2)
      .set('Authorization', lrs.auth.define)
      .expect(200);
    expect(res.body).toEqual({ objectType: 'Activity', id, definition: { name: { en: 'One', fr: 'Un' } } });
  });

  it('GET /agents returns a Person with array-valued identifiers; a bad agent is 400', async () => {
    const agent = { name: 'Ann', mbox: 'mailto:ann@example.org' };
    const res = await request(lrs.app)
      .get(`/xapi/agents?agent=${encodeURIComponent(JSON.stringify(agent))}`)
      .set(V2)
      .set('Authorization', lrs.auth.all)
      .expect(200);
    expect(res.body).toEqual({ objectType: 'Person', name: ['Ann'], mbox: ['mailto:ann@example.org'] });
    await request(lrs.app)
      .get('/xapi/agents?agent=%7B%7D')
      .set(V2)
      .set('Authorization', lrs.auth.all)
      .expect(400);
  });

  it('GET /about needs neither auth nor a version header and lists both versions', async () => {
    const res = await request(lrs.app).get('/xapi/about').expect(200);
    expect(res.body).toEqual({ version: ['2.0.0', '1.0.3'] });
  });
});

describe('alternate request syntax (xAPI 1.0.3 Communication §1.3)', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  it('1.0.3: a POST with method=PUT and form fields for headers, parameters and content stores the statement', async () => {
    const s = statement();
    await request(lrs.app)
      .post('/xapi/statements?method=PUT')
      .type('form')
      .send(
        form({
          statementId: s.id as string,
          content: JSON.stringify(s),
          'X-Experience-API-Version': '1.0.3',
          Authorization: lrs.auth.all,
        }),
      )
      .expect(204);
    expect((await get(`statementId=${s.id as string}`)).status).toBe(200);
  });

  it('rejects extra query parameters, and any use of the syntax by a 2.0 request, with 400', async () => {
    const s = statement();
    const send = (url: string, version: string) =>
      request(lrs.app)
        .post(url)
        .type('form')
        .send(
          form({
            statementId: s.id as string,
            content: JSON.stringify(s),
            'X-Experience-API-Version': version,
            Authorization: lrs.auth.all,
          }),
        );
    expect((await send(`/xapi/statements?method=PUT&statementId=${s.id as string}`, '1.0.3')).status).toBe(
      400,
    );
    const v2 = await send('/xapi/statements?method=PUT', '2.0.0');
    expect(v2.status).toBe(400);
    expect(v2.body.code).toBe('LRS_ALTERNATE_SYNTAX');
  });
});

describe('operations', () => {
  it('serves its OpenAPI description at /openapi.json, naming every xAPI resource and the analytics', async () => {
    const res = await request(lrs.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths as object).sort()).toEqual([
      '/analytics/v1/cohorts',
      '/analytics/v1/evidence',
      '/analytics/v1/export/items.csv',
      '/analytics/v1/export/mastery.csv',
      '/analytics/v1/export/statements.csv',
      '/analytics/v1/items',
      '/analytics/v1/learner',
      '/analytics/v1/mastery',
      '/analytics/v1/modules',
      '/analytics/v1/overview',
      '/analytics/v1/rebuild',
      '/xapi/about',
      '/xapi/activities',
      '/xapi/activities/profile',
      '/xapi/activities/state',
      '/xapi/agents',
      '/xapi/agents/profile',
      '/xapi/statements',
    ]);
    expect(res.body.components.schemas.AnalyticsMasteryPage).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['rule', 'learners', 'next']),
    });
  });
});
