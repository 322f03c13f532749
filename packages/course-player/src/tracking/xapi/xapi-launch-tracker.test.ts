import { courseExtensions, StatementSchema, VERBS, type BundleItem } from '@course/contracts';
import { fakeLrs, jsonResponse } from '../../../test/fake-lrs';
import { fixtureBundle, fixtureProgress, fixtureRuntime } from '../../../test/fixtures/fixtures';
import type { TrackerEvent } from '../tracker';
import { PROGRESS_STATE_ID } from './progress-state';
import { XapiLaunchTracker, type XapiLaunchTrackerOptions } from './xapi-launch-tracker';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const q1 = basics.knowledgeCheck.items[0] as BundleItem;
const ENDPOINT = 'https://lrs.example.org/xapi/';
const AUTH = 'Basic d3JpdGVyOnNlY3JldA==';
const REGISTRATION = '0f8fad5b-d9cb-469f-a165-70867728950e';
const actor = { objectType: 'Agent', name: 'Jane', mbox: 'mailto:jane@example.org' };
const search = (extra: Record<string, string> = {}) =>
  `?${new URLSearchParams({
    endpoint: ENDPOINT,
    auth: AUTH,
    actor: JSON.stringify(actor),
    registration: REGISTRATION,
    activity_id: bundle.iri,
    ...extra,
  })}`;
const stateKey = {
  activityId: bundle.iri,
  agent: actor,
  registration: REGISTRATION,
  stateId: PROGRESS_STATE_ID,
};

let lrs: ReturnType<typeof fakeLrs>;
let clock: number;

function tracker(options: Partial<XapiLaunchTrackerOptions> = {}) {
  const events: TrackerEvent[] = [];
  const t = new XapiLaunchTracker({
    bundle,
    runtime: fixtureRuntime({ target: 'xapi' }),
    search: search(),
    fetch: lrs.fetch,
    storage: null,
    now: () => new Date(clock),
    ...options,
  });
  t.on((e) => events.push(e));
  return { t, events };
}
const verbs = () => lrs.statements.map((s) => s.verb.id);
const answer = { module: basics, item: q1, response: ['b'], success: true, practice: false, at: new Date() };

beforeEach(() => {
  clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  lrs = fakeLrs({ endpoint: ENDPOINT });
});

describe('XapiLaunchTracker', () => {
  it('reports as the launch actor with the launch auth: initialized → experienced → answered → completed → passed → terminated', async () => {
    const { t, events } = tracker();
    await expect(t.start()).resolves.toEqual({
      learnerId: 'jane@example.org',
      learnerName: 'Jane',
      resumed: false,
    });
    await expect(t.loadProgress()).resolves.toBeNull();
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1', visited: ['basics/basics-l1'] }));
    t.recordAnswer(answer);
    await t.complete({ scorePercent: 100, passed: true });
    clock += 90_000;
    await t.terminate();

    expect(verbs()).toEqual([
      VERBS.initialized.id,
      VERBS.experienced.id,
      VERBS.answered.id,
      VERBS.completed.id,
      VERBS.passed.id,
      VERBS.terminated.id,
    ]);
    const ext = courseExtensions(bundle.iriBase);
    for (const s of lrs.statements) {
      expect(StatementSchema.safeParse(s).error).toBeUndefined();
      expect(s.actor).toEqual(actor);
      expect(s.context?.registration).toBe(REGISTRATION);
      expect(s.context?.extensions?.[ext.launchTarget]).toBe('xapi');
    }
    expect(lrs.statements[0]!.object.id).toBe(bundle.iri);
    expect(lrs.statements[5]!.result).toEqual({ duration: 'PT1M30S' });
    for (const r of lrs.requests.filter((r) => !r.url.pathname.endsWith('/about')))
      expect(r.headers.Authorization).toBe(AUTH);
    expect(lrs.getState(stateKey)).toEqual({ progress: expect.stringMatching(/^2\|basics\/basics-l1\|/) });
    expect(events).toEqual([]);
  });

  it('resumes from the State document of the activity, actor and registration', async () => {
    lrs.putState(stateKey, { progress: '2|basics/basics-l2||||' });
    const { t } = tracker();
    await expect(t.start()).resolves.toMatchObject({ resumed: true });
    await expect(t.loadProgress()).resolves.toEqual(fixtureProgress({ location: 'basics/basics-l2' }));
  });

  it('uses the launch activity_id for statements and state, runtime.json activityIri without one', async () => {
    const { t } = tracker({ search: search({ activity_id: 'https://lms.example.org/launched/9' }) });
    await t.start();
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1' }));
    await t.terminate();
    expect(lrs.statements.map((s) => s.object.id)).toEqual([
      'https://lms.example.org/launched/9',
      'https://lms.example.org/launched/9',
    ]);
    const stateWrite = lrs.requests.find(
      (r) => r.method === 'POST' && r.url.pathname.endsWith('/activities/state'),
    )!;
    expect(stateWrite.url.searchParams.get('activityId')).toBe('https://lms.example.org/launched/9');

    lrs = fakeLrs({ endpoint: ENDPOINT });
    const plain = tracker({ search: search({ activity_id: '' }) });
    await plain.t.start();
    await plain.t.terminate();
    expect(lrs.statements[0]!.object.id).toBe(fixtureRuntime().activityIri);
  });

  it('with completeWhenFailed false, a fail sends failed without completed', async () => {
    const runtime = fixtureRuntime({
      target: 'xapi',
      lms: { ...fixtureRuntime().lms, completeWhenFailed: false },
    });
    const { t } = tracker({ runtime });
    await t.start();
    await t.complete({ scorePercent: 10, passed: false });
    await t.terminate();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.failed.id, VERBS.terminated.id]);
  });

  it('without launch parameters: lms-not-found and nothing sent; with unusable ones: lms-init-failed', async () => {
    const absent = tracker({ search: '' });
    await absent.t.start();
    await absent.t.terminate();
    expect(absent.events).toEqual([
      expect.objectContaining({ type: 'lms-not-found', code: 'PLR_XAPI_LAUNCH_INVALID' }),
    ]);
    const invalid = tracker({ search: `?endpoint=${encodeURIComponent(ENDPOINT)}&actor=nonsense` });
    await invalid.t.start();
    expect(invalid.events).toEqual([
      expect.objectContaining({ type: 'lms-init-failed', code: 'PLR_XAPI_LAUNCH_INVALID' }),
    ]);
    expect(lrs.fetch).not.toHaveBeenCalled();
  });

  it('a State document it cannot read is reported, and the course starts from the beginning', async () => {
    lrs = fakeLrs({
      endpoint: ENDPOINT,
      stateAnswer: (r) => (r.method === 'GET' ? jsonResponse(500, 'broken') : null),
    });
    const { t, events } = tracker();
    await t.start();
    await expect(t.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'progress-unreadable',
        code: 'PLR_STATE_FAILED',
        message: expect.stringContaining('500'),
      }),
    ]);
  });

  it('progress that does not decode is reported as unreadable', async () => {
    lrs.putState(stateKey, { progress: '9|what' });
    const { t, events } = tracker();
    await t.start();
    await expect(t.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([
      expect.objectContaining({ type: 'progress-unreadable', code: 'PLR_PROGRESS_UNREADABLE' }),
    ]);
  });
});
