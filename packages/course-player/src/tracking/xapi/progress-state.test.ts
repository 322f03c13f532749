import { fixtureProgress } from '../../../test/fixtures/fixtures';
import { jsonResponse } from '../../../test/fake-lrs';
import { XapiDocuments } from './documents';
import { ProgressState, progressOf } from './progress-state';

const agent = {
  objectType: 'Agent' as const,
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
const key = {
  activityId: 'https://c.example.org/m1',
  agent,
  registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
};

/** A State endpoint whose POSTs wait until released, to see the order and content of writes. */
function slowLrs() {
  const posts: Array<{ body: Record<string, unknown>; release: (status: number) => void }> = [];
  const fetchMock = jest.fn(
    (_url: string, init: RequestInit) =>
      new Promise<Response>((resolve) => {
        if (init.method === 'GET') return resolve(jsonResponse(404, ''));
        posts.push({
          body: JSON.parse(String(init.body)) as Record<string, unknown>,
          release: (status) => resolve(jsonResponse(status, status >= 400 ? 'no' : '')),
        });
      }),
  );
  return { fetch: fetchMock as unknown as typeof fetch, posts };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ProgressState', () => {
  it('serialises writes and sends only the newest value of each key', async () => {
    const lrs = slowLrs();
    const errors: string[] = [];
    const state = new ProgressState(
      new XapiDocuments({ endpoint: 'https://lrs.example.org/xapi/', fetch: lrs.fetch }),
      key,
      (m) => errors.push(m),
    );
    const first = state.write({ progress: 'a' });
    await tick();
    void state.write({ progress: 'b' });
    void state.write({ progress: 'c', reported: { completed: true } });
    expect(lrs.posts.map((p) => p.body)).toEqual([{ progress: 'a' }]);
    lrs.posts[0]!.release(204);
    await tick();
    expect(lrs.posts.map((p) => p.body)).toEqual([
      { progress: 'a' },
      { progress: 'c', reported: { completed: true } },
    ]);
    lrs.posts[1]!.release(204);
    await first;
    await state.flush();
    expect(errors).toEqual([]);
  });

  it('keeps a failed write for the next one, newer keys winning', async () => {
    const lrs = slowLrs();
    const errors: string[] = [];
    const state = new ProgressState(
      new XapiDocuments({ endpoint: 'https://lrs.example.org/xapi/', fetch: lrs.fetch }),
      key,
      (m) => errors.push(m),
    );
    const write = state.write({ progress: 'a', reported: { completed: true } });
    await tick();
    lrs.posts[0]!.release(503);
    await write;
    expect(errors).toEqual([expect.stringContaining('503')]);
    const next = state.write({ progress: 'b' });
    await tick();
    expect(lrs.posts[1]!.body).toEqual({ progress: 'b', reported: { completed: true } });
    lrs.posts[1]!.release(204);
    await next;
    await expect(state.flush()).resolves.toBeUndefined();
  });

  it('loads {} for no document, the document when there is one, and fails on other answers', async () => {
    const documents = (response: Response) =>
      new XapiDocuments({ endpoint: 'https://lrs.example.org/xapi/', fetch: async () => response });
    const load = (response: Response) => new ProgressState(documents(response), key, () => {}).load();
    await expect(load(jsonResponse(404, ''))).resolves.toEqual({ status: 'ok', document: {} });
    await expect(load(jsonResponse(200, { progress: 'x' }))).resolves.toEqual({
      status: 'ok',
      document: { progress: 'x' },
    });
    await expect(load(jsonResponse(200, '[1]'))).resolves.toMatchObject({ status: 'failed' });
    await expect(load(jsonResponse(401, 'who?'))).resolves.toMatchObject({
      status: 'failed',
      message: expect.stringContaining('401'),
    });
  });

  it('progressOf decodes the contracts codec text', () => {
    expect(progressOf({})).toBeNull();
    expect(progressOf({ progress: '2|basics/basics-l2||||' })).toEqual(
      fixtureProgress({ location: 'basics/basics-l2' }),
    );
    expect(() => progressOf({ progress: '7|x' })).toThrow(/unknown progress format/);
  });
});
