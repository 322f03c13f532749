import type { Statement } from '@course/contracts';

/** A fetch Response for jsdom with headers, as the xAPI clients read it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
    text: async () => text,
  } as unknown as Response;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface FakeLrsOptions {
  endpoint?: string;
  /** Versions listed by GET about; default ["2.0.0", "1.0.3"]. */
  versions?: string[];
  /** The answer to a POST of a cmi5 fetch URL; default a token the first time for each URL, error 1 after. */
  fetchAnswer?: (count: number) => Response;
  /** Overrides the answer to a statements POST (default 200 with the ids). */
  statementsAnswer?: (statements: Statement[]) => Response | null;
  /** Overrides the answer to a state request (default the in-memory documents). */
  stateAnswer?: (request: FakeRequest) => Response | null;
}

export const FAKE_ENDPOINT = 'https://lms.example.org/xapi/';
export const FAKE_FETCH_URL = 'https://lms.example.org/cmi5/token?k=abc';
export const FAKE_TOKEN = 'YXU6c2VjcmV0';

/**
 * A fake cmi5 LMS and LRS behind `fetch`: the fetch URL (single use), `about`, State documents (GET,
 * POST merge; keyed by activity, agent, registration and state id), the agent profile, and statements.
 * It records every request.
 */
export function fakeLrs(options: FakeLrsOptions = {}) {
  const endpoint = options.endpoint ?? FAKE_ENDPOINT;
  const requests: FakeRequest[] = [];
  const statements: Statement[] = [];
  const documents = new Map<string, string>();
  const profiles = new Map<string, string>();
  const fetchCounts = new Map<string, number>();

  const stateKey = (url: URL) =>
    ['activityId', 'agent', 'registration', 'stateId'].map((k) => url.searchParams.get(k) ?? '').join('|');

  const fetchMock = jest.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const request: FakeRequest = {
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body === undefined ? undefined : String(init.body),
    };
    requests.push(request);
    if (input.startsWith(FAKE_FETCH_URL.split('?')[0]!)) {
      const count = (fetchCounts.get(input) ?? 0) + 1;
      fetchCounts.set(input, count);
      if (options.fetchAnswer) return options.fetchAnswer(count);
      return count === 1
        ? jsonResponse(200, { 'auth-token': FAKE_TOKEN })
        : jsonResponse(200, {
            'error-code': '1',
            'error-text': 'The authorization token has already been returned.',
          });
    }
    if (!input.startsWith(endpoint)) return jsonResponse(404, 'not found');
    const path = url.pathname.slice(new URL(endpoint).pathname.length);
    if (path === 'about') return jsonResponse(200, { version: options.versions ?? ['2.0.0', '1.0.3'] });
    if (path === 'statements' && request.method === 'POST') {
      const batch = JSON.parse(request.body!) as Statement[];
      const answer = options.statementsAnswer?.(batch);
      if (answer) return answer;
      statements.push(...batch);
      return jsonResponse(
        200,
        batch.map((s) => s.id),
      );
    }
    if (path === 'activities/state') {
      const answer = options.stateAnswer?.(request);
      if (answer) return answer;
      const key = stateKey(url);
      if (request.method === 'GET') {
        const doc = documents.get(key);
        return doc === undefined ? jsonResponse(404, '') : jsonResponse(200, doc, { ETag: '"etag"' });
      }
      if (request.method === 'POST') {
        const merged = { ...JSON.parse(documents.get(key) ?? '{}'), ...JSON.parse(request.body!) };
        documents.set(key, JSON.stringify(merged));
        return jsonResponse(204, '');
      }
    }
    if (path === 'agents/profile' && request.method === 'GET') {
      const doc = profiles.get(url.searchParams.get('profileId') ?? '');
      return doc === undefined ? jsonResponse(404, '') : jsonResponse(200, doc);
    }
    return jsonResponse(400, `unexpected ${request.method} ${path}`);
  });

  return {
    fetch: fetchMock as unknown as typeof fetch & jest.Mock,
    requests,
    statements,
    /** Writes a State document as the LMS would. */
    putState(
      key: { activityId: string; agent: unknown; registration?: string; stateId: string },
      doc: unknown,
    ) {
      documents.set(
        [key.activityId, JSON.stringify(key.agent), key.registration ?? '', key.stateId].join('|'),
        JSON.stringify(doc),
      );
    },
    getState(key: { activityId: string; agent: unknown; registration?: string; stateId: string }): unknown {
      const doc = documents.get(
        [key.activityId, JSON.stringify(key.agent), key.registration ?? '', key.stateId].join('|'),
      );
      return doc === undefined ? undefined : JSON.parse(doc);
    },
    putProfile(profileId: string, doc: unknown) {
      profiles.set(profileId, JSON.stringify(doc));
    },
  };
}
