import { jsonResponse } from '../../../test/fake-lrs';
import { fetchAuthToken, parseLaunchData } from './cmi5-lms';

const URL = 'https://lms.example.org/token?k=1';

describe('fetchAuthToken', () => {
  it('POSTs the fetch URL and returns the auth-token', async () => {
    const fetchMock = jest.fn(async () =>
      jsonResponse(200, { 'auth-token': 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==' }),
    );
    await expect(fetchAuthToken(URL, fetchMock)).resolves.toEqual({
      ok: true,
      token: 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    });
    expect(fetchMock).toHaveBeenCalledWith(URL, { method: 'POST', cache: 'no-store' });
  });

  it.each([
    [
      { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' },
      200,
      /error 1 \(already in use or expired\): The authorization/,
    ],
    [{ 'error-code': 2 }, 200, /error 2 \(general security error\)$/],
    [{ 'error-code': '3', 'error-text': 'db down' }, 200, /error 3 \(general application error\): db down/],
    [{}, 200, /without an "auth-token"/],
    ['not json', 200, /without an "auth-token"/],
    ['gone', 410, /answered 410: gone/],
  ])('reports %j (%i)', async (body, status, message) => {
    const result = await fetchAuthToken(URL, async () => jsonResponse(status, body));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('reports a network failure', async () => {
    const result = await fetchAuthToken(URL, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('Failed to fetch') });
  });
});

describe('parseLaunchData', () => {
  const template = { extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's1' } };
  it('reads the context template, launch mode, moveOn, masteryScore, returnURL and launchParameters', () => {
    const doc = {
      contextTemplate: template,
      launchMode: 'Review',
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.75,
      returnURL: 'https://lms.example.org/back',
      launchParameters: 'x=1',
      entitlementKey: { courseStructure: 'k' },
    };
    expect(parseLaunchData(JSON.stringify(doc))).toEqual({
      ok: true,
      warnings: [],
      data: {
        contextTemplate: template,
        launchMode: 'Review',
        moveOn: 'CompletedAndPassed',
        masteryScore: 0.75,
        returnURL: 'https://lms.example.org/back',
        launchParameters: 'x=1',
      },
    });
  });

  it('ignores a masteryScore outside 0–1 with a warning', () => {
    const result = parseLaunchData(
      JSON.stringify({ contextTemplate: template, launchMode: 'Normal', masteryScore: 80 }),
    );
    expect(result).toMatchObject({ ok: true, warnings: [expect.stringContaining('masteryScore')] });
    expect(result.ok && result.data.masteryScore).toBeUndefined();
  });

  it.each([
    ['{', /not JSON/],
    ['[]', /not a JSON object/],
    ['{"launchMode":"Normal"}', /contextTemplate/],
    [`{"contextTemplate":{},"launchMode":"normal"}`, /launchMode/],
  ])('refuses %s', (body, message) => {
    expect(parseLaunchData(body)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });
});
