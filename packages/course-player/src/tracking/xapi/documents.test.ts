import { jsonResponse } from '../../../test/fake-lrs';
import { negotiateXapiVersion, XapiDocuments } from './documents';

const agent = {
  objectType: 'Agent' as const,
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};

describe('XapiDocuments', () => {
  it('GETs a State document with the key in the query, the version and the auth, and returns status, body and ETag', async () => {
    const fetchMock = jest.fn(async () => jsonResponse(200, { a: 1 }, { ETag: '"abc"' }));
    const documents = new XapiDocuments({
      endpoint: 'https://lrs.example.org/xapi',
      auth: 'Basic abc',
      version: '1.0.3',
      fetch: fetchMock,
    });
    const key = { activityId: 'https://c.example.org/m1', agent, registration: 'r', stateId: 's' };
    await expect(documents.getState(key)).resolves.toEqual({ status: 200, body: '{"a":1}', etag: '"abc"' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://lrs.example.org/xapi/activities/state');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      activityId: 'https://c.example.org/m1',
      agent: JSON.stringify(agent),
      stateId: 's',
      registration: 'r',
    });
    expect(init).toEqual({
      method: 'GET',
      headers: { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic abc' },
      credentials: 'omit',
      cache: 'no-store',
    });
  });

  it('POSTs a JSON object to merge, with keepalive so a write in pagehide still lands', async () => {
    const fetchMock = jest.fn(async () => jsonResponse(204, ''));
    const documents = new XapiDocuments({ endpoint: 'https://lrs.example.org/xapi/', fetch: fetchMock });
    const key = { activityId: 'https://c.example.org/m1', agent, stateId: 's' };
    await expect(documents.postState(key, { progress: 'x' })).resolves.toMatchObject({ status: 204 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(new URL(url).searchParams.has('registration')).toBe(false);
    expect(init).toEqual({
      method: 'POST',
      headers: { 'X-Experience-API-Version': '2.0.0', 'Content-Type': 'application/json' },
      credentials: 'omit',
      body: '{"progress":"x"}',
      keepalive: true,
    });
  });

  it('GETs an agent profile', async () => {
    const fetchMock = jest.fn(async () => jsonResponse(404, ''));
    const documents = new XapiDocuments({ endpoint: 'https://lrs.example.org/xapi/', fetch: fetchMock });
    await expect(documents.getAgentProfile(agent, 'cmi5LearnerPreferences')).resolves.toMatchObject({
      status: 404,
    });
    const [url] = fetchMock.mock.calls[0] as unknown as [string];
    expect(url).toBe(
      `https://lrs.example.org/xapi/agents/profile?${new URLSearchParams({
        agent: JSON.stringify(agent),
        profileId: 'cmi5LearnerPreferences',
      })}`,
    );
  });
});

describe('negotiateXapiVersion', () => {
  const about = (body: unknown, status = 200) => jest.fn(async () => jsonResponse(status, body));
  it.each([
    [['2.0.0', '1.0.3'], '2.0.0'],
    [['1.0.3', '1.0.2', '1.0.1', '1.0.0'], '1.0.3'],
    [['1.0'], '1.0.3'],
    [[], '2.0.0'],
  ])('about lists %j → %s', async (versions, expected) => {
    await expect(
      negotiateXapiVersion('https://lrs.example.org/xapi', about({ version: versions })),
    ).resolves.toBe(expected);
  });

  it('keeps 2.0.0 when about cannot be read', async () => {
    await expect(negotiateXapiVersion('https://lrs.example.org/xapi/', about('nope', 404))).resolves.toBe(
      '2.0.0',
    );
    await expect(negotiateXapiVersion('https://lrs.example.org/xapi/', about('{'))).resolves.toBe('2.0.0');
    await expect(
      negotiateXapiVersion('https://lrs.example.org/xapi/', async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).resolves.toBe('2.0.0');
  });
});
