import { parseXapiLaunch } from './launch';

const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
const actor = {
  objectType: 'Agent',
  name: 'Jane Doe',
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};

describe('parseXapiLaunch', () => {
  it('reads endpoint, auth, actor, registration and activity_id from a TinCan launch', () => {
    const result = parseXapiLaunch(
      q({
        endpoint: 'https://lrs.example.org/xapi',
        auth: 'Basic YWJjOmRlZg==',
        actor: JSON.stringify(actor),
        registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
        activity_id: 'https://courses.example.org/c',
      }),
    );
    expect(result).toEqual({
      status: 'ok',
      warnings: [],
      launch: {
        endpoint: 'https://lrs.example.org/xapi/',
        auth: 'Basic YWJjOmRlZg==',
        actor,
        registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
        activityId: 'https://courses.example.org/c',
      },
    });
  });

  it('is "absent" for a plain SCORM launch', () => {
    expect(parseXapiLaunch('')).toEqual({ status: 'absent' });
    expect(parseXapiLaunch('?lang=en')).toEqual({ status: 'absent' });
  });

  it('accepts legacy TinCan actor arrays and a bare email', () => {
    const result = parseXapiLaunch(
      q({
        endpoint: 'https://lrs.example.org/xapi/',
        actor: JSON.stringify({ name: ['Jane'], mbox: ['jane@example.org'] }),
      }),
    );
    expect(result).toMatchObject({
      status: 'ok',
      launch: { actor: { objectType: 'Agent', name: 'Jane', mbox: 'mailto:jane@example.org' } },
    });
  });

  it('accepts the TinCan 0.9 account shape (accountServiceHomePage, accountName)', () => {
    const legacy = {
      name: ['Jane'],
      account: [{ accountServiceHomePage: 'https://lms.example.org', accountName: 'jane' }],
    };
    const result = parseXapiLaunch(
      q({ endpoint: 'https://lrs.example.org/xapi/', actor: JSON.stringify(legacy) }),
    );
    expect(result).toMatchObject({
      status: 'ok',
      launch: { actor: { account: { homePage: 'https://lms.example.org', name: 'jane' } } },
    });
  });

  it('restores "+" in auth that form decoding turned into spaces', () => {
    const search = `?endpoint=https%3A%2F%2Flrs.example.org%2Fxapi%2F&auth=Basic%20ab+cd%2Fef==&actor=${encodeURIComponent(JSON.stringify(actor))}`;
    expect(parseXapiLaunch(search)).toMatchObject({ status: 'ok', launch: { auth: 'Basic ab+cd/ef==' } });
  });

  it('drops a registration that is not a UUID, with a warning', () => {
    const result = parseXapiLaunch(
      q({
        endpoint: 'https://lrs.example.org/xapi/',
        actor: JSON.stringify(actor),
        registration: 'attempt-7',
      }),
    );
    expect(result).toMatchObject({ status: 'ok', warnings: [expect.stringContaining('attempt-7')] });
    expect(result.status === 'ok' ? result.launch.registration : 'not ok').toBeUndefined();
  });

  it.each([
    ['no endpoint', { actor: JSON.stringify(actor) }, /endpoint.*missing/],
    ['a relative endpoint', { endpoint: '/xapi/', actor: JSON.stringify(actor) }, /absolute/],
    ['a javascript: endpoint', { endpoint: 'javascript:alert(1)', actor: JSON.stringify(actor) }, /absolute/],
    ['no actor', { endpoint: 'https://lrs.example.org/xapi/' }, /actor.*missing/],
    ['actor that is not JSON', { endpoint: 'https://lrs.example.org/xapi/', actor: '{name:' }, /not JSON/],
    [
      'actor with two identifiers',
      {
        endpoint: 'https://lrs.example.org/xapi/',
        actor: JSON.stringify({ ...actor, mbox: 'mailto:j@example.org' }),
      },
      /exactly one identifier/,
    ],
    [
      'actor with no identifier',
      { endpoint: 'https://lrs.example.org/xapi/', actor: '{"name":"Jane"}' },
      /exactly one/,
    ],
  ])('is "invalid" with %s', (_what, params, problem) => {
    const result = parseXapiLaunch(q(params as Record<string, string>));
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.problems.join('\n')).toMatch(problem);
  });
});
