import { parseCmi5Launch } from './cmi5-launch';

const actor = {
  objectType: 'Agent',
  name: 'Jane',
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
const params = {
  endpoint: 'https://lms.example.org/lrs',
  fetch: 'https://lms.example.org/token?k=2390289x0',
  actor: JSON.stringify(actor),
  registration: '760e3480-ba55-4991-94b0-01820dbd23a2',
  activityId: 'https://lms.example.org/au/001',
};
const q = (p: Record<string, string>) => `?${new URLSearchParams(p).toString()}`;

describe('parseCmi5Launch', () => {
  it('reads the five parameters in any order, beside the AU URL’s own (module)', () => {
    const shuffled = {
      activityId: params.activityId,
      module: 'm01',
      registration: params.registration,
      actor: params.actor,
      fetch: params.fetch,
      endpoint: params.endpoint,
    };
    expect(parseCmi5Launch(q(shuffled))).toEqual({
      status: 'ok',
      warnings: [],
      launch: {
        endpoint: 'https://lms.example.org/lrs/',
        fetchUrl: 'https://lms.example.org/token?k=2390289x0',
        actor,
        registration: params.registration,
        activityId: params.activityId,
      },
    });
  });

  it('is "absent" without endpoint and fetch', () => {
    expect(parseCmi5Launch('?module=m01')).toEqual({ status: 'absent' });
    expect(parseCmi5Launch('')).toEqual({ status: 'absent' });
  });

  it('warns when the actor has no account (§9.2) but still accepts it', () => {
    const result = parseCmi5Launch(
      q({ ...params, actor: JSON.stringify({ mbox: 'mailto:jane@example.org' }) }),
    );
    expect(result).toMatchObject({ status: 'ok', warnings: [expect.stringContaining('account')] });
  });

  it.each([
    ['fetch', { fetch: '' }, /"fetch" parameter is missing/],
    ['a relative fetch URL', { fetch: '/token' }, /"fetch" is not an absolute/],
    ['endpoint', { endpoint: '' }, /"endpoint" parameter is missing/],
    ['actor', { actor: '' }, /"actor" parameter is missing/],
    ['actor JSON', { actor: '{' }, /not JSON/],
    ['registration', { registration: '' }, /"registration" parameter is missing/],
    ['a registration that is not a UUID', { registration: '42' }, /not a UUID/],
    ['activityId', { activityId: '' }, /"activityId" parameter is missing/],
    ['an activityId that is not an IRI', { activityId: 'au 1' }, /not an IRI/],
  ])('is "invalid" without %s', (_what, override, problem) => {
    const result = parseCmi5Launch(q({ ...params, ...override }));
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.problems.join('\n')).toMatch(problem);
  });
});
