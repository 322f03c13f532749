import { CMI5, StatementSchema, VERBS, type BundleItem, type Statement } from '@course/contracts';
import { FAKE_ENDPOINT, FAKE_FETCH_URL, FAKE_TOKEN, fakeLrs, jsonResponse } from '../../../test/fake-lrs';
import { fixtureBundle, fixtureProgress, fixtureRuntime } from '../../../test/fixtures/fixtures';
import type { TrackerEvent } from '../tracker';
import { PROGRESS_STATE_ID } from '../xapi/progress-state';
import { Cmi5Tracker, type Cmi5TrackerOptions } from './cmi5-tracker';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const q1 = basics.knowledgeCheck.items[0] as BundleItem;
const actor = {
  objectType: 'Agent',
  name: 'Jane',
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
const REGISTRATION = '0f8fad5b-d9cb-469f-a165-70867728950e';
const AU_ID = 'https://lms.example.org/generated/au/17';
const SESSION = 'session-1';
const PUBLISHER = { objectType: 'Activity', id: basics.iri };
const launchSearch = (extra: Record<string, string> = {}) =>
  `?${new URLSearchParams({
    module: 'basics',
    endpoint: FAKE_ENDPOINT,
    fetch: FAKE_FETCH_URL,
    actor: JSON.stringify(actor),
    registration: REGISTRATION,
    activityId: AU_ID,
    ...extra,
  })}`;
/** A later launch of the same AU and registration: the LMS makes a new fetch URL for each. */
let launches = 0;
const nextLaunch = () => launchSearch({ fetch: `${FAKE_FETCH_URL}&launch=${++launches}` });
const key = (stateId: string) => ({ activityId: AU_ID, agent: actor, registration: REGISTRATION, stateId });

function launchData(overrides: Record<string, unknown> = {}) {
  return {
    contextTemplate: {
      contextActivities: { grouping: [PUBLISHER] },
      extensions: { [CMI5.sessionIdExtension]: SESSION },
    },
    launchMode: 'Normal',
    moveOn: 'CompletedAndPassed',
    masteryScore: 0.8,
    ...overrides,
  };
}

let lrs: ReturnType<typeof fakeLrs>;
let clock: number;
const now = () => new Date(clock);

function tracker(options: Partial<Cmi5TrackerOptions> = {}) {
  const events: TrackerEvent[] = [];
  const navigate = jest.fn();
  const t = new Cmi5Tracker({
    bundle,
    runtime: fixtureRuntime({ target: 'cmi5', activityIri: basics.iri }),
    search: launchSearch(),
    fetch: lrs.fetch,
    storage: null,
    navigate,
    now,
    ...options,
  });
  t.on((e) => events.push(e));
  return { t, events, navigate };
}

const answer = (success: boolean) => ({
  module: basics,
  item: q1,
  response: [success ? 'b' : 'a'],
  success,
  practice: false,
  at: now(),
});
const verbs = () => lrs.statements.map((s) => s.verb.id);
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  lrs = fakeLrs();
  lrs.putState(key(CMI5.launchDataStateId), launchData());
});

describe('Cmi5Tracker start', () => {
  it('POSTs the fetch URL once, reads LMS.LaunchData and the learner preferences with the token, then sends initialized', async () => {
    lrs.putProfile(CMI5.learnerPreferencesProfileId, {
      languagePreference: 'fr-FR,en-US',
      audioPreference: 'on',
    });
    const { t, events } = tracker();
    const [first, second] = await Promise.all([t.start(), t.start()]);
    expect(first).toEqual({ learnerId: 'jane', learnerName: 'Jane', resumed: false });
    expect(second).toBe(first);
    await settle();

    const fetchPosts = lrs.requests.filter((r) => r.url.href === FAKE_FETCH_URL);
    expect(fetchPosts).toHaveLength(1);
    expect(fetchPosts[0]!.method).toBe('POST');
    const xapiRequests = lrs.requests.filter(
      (r) => r.url.href.startsWith(FAKE_ENDPOINT) && !r.url.pathname.endsWith('/about'),
    );
    for (const r of xapiRequests) {
      expect(r.headers.Authorization).toBe(`Basic ${FAKE_TOKEN}`);
      expect(r.headers['X-Experience-API-Version']).toBe('2.0.0');
    }
    const launchDataGet = xapiRequests.find(
      (r) => r.url.searchParams.get('stateId') === CMI5.launchDataStateId,
    )!;
    expect(Object.fromEntries(launchDataGet.url.searchParams)).toEqual({
      activityId: AU_ID,
      agent: JSON.stringify(actor),
      registration: REGISTRATION,
      stateId: 'LMS.LaunchData',
    });
    expect(t.learnerPreferences).toEqual({ languagePreference: 'fr-FR,en-US', audioPreference: 'on' });
    expect(t.launchMode).toBe('Normal');
    expect(verbs()).toEqual([VERBS.initialized.id]);
    const [initialized] = lrs.statements as [Statement];
    expect(StatementSchema.safeParse(initialized).success).toBe(true);
    expect(initialized.object).toEqual({ objectType: 'Activity', id: AU_ID });
    expect(initialized.actor).toEqual(actor);
    expect(initialized.context).toMatchObject({
      registration: REGISTRATION,
      contextActivities: {
        grouping: [PUBLISHER, expect.objectContaining({ id: bundle.iri })],
        category: [{ objectType: 'Activity', id: CMI5.categoryCmi5 }],
      },
      extensions: { [CMI5.sessionIdExtension]: SESSION },
    });
    expect(initialized.result).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('speaks xAPI 1.0.3 to an LMS whose about resource lists only 1.0.x', async () => {
    lrs = fakeLrs({ versions: ['1.0.3', '1.0.2'] });
    lrs.putState(key(CMI5.launchDataStateId), launchData());
    const { t } = tracker();
    await t.start();
    await settle();
    const posted = lrs.requests.find((r) => r.url.pathname.endsWith('/statements'))!;
    expect(posted.headers['X-Experience-API-Version']).toBe('1.0.3');
  });

  it('without cmi5 launch parameters: lms-not-found, nothing is sent, every call is a no-op', async () => {
    const { t, events } = tracker({ search: '?module=basics' });
    await expect(t.start()).resolves.toEqual({ learnerId: '', learnerName: '', resumed: false });
    await expect(t.loadProgress()).resolves.toBeNull();
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1' }));
    t.recordAnswer(answer(true));
    await t.complete({ scorePercent: 100, passed: true });
    await t.terminate();
    expect(lrs.fetch).not.toHaveBeenCalled();
    expect(events).toEqual([
      expect.objectContaining({ type: 'lms-not-found', code: 'PLR_CMI5_LAUNCH_INVALID' }),
    ]);
  });

  it('with incomplete launch parameters: lms-init-failed naming what is missing', async () => {
    const { t, events } = tracker({ search: launchSearch({ registration: 'nope', activityId: '' }) });
    await t.start();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lms-init-failed',
        code: 'PLR_CMI5_LAUNCH_INVALID',
        message: expect.stringMatching(/registration.*not a UUID.*activityId.*missing/),
      }),
    ]);
    expect(lrs.fetch).not.toHaveBeenCalled();
  });

  it('reports the fetch URL error JSON (a second launch of the same URL) and sends nothing', async () => {
    lrs = fakeLrs({
      fetchAnswer: () =>
        jsonResponse(200, {
          'error-code': '1',
          'error-text': 'The authorization token has already been returned.',
        }),
    });
    const { t, events } = tracker();
    await t.start();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lms-init-failed',
        code: 'PLR_CMI5_AUTH_FAILED',
        message: expect.stringContaining(
          'error 1 (already in use or expired): The authorization token has already been returned.',
        ),
      }),
    ]);
    expect(lrs.requests.filter((r) => r.url.href === FAKE_FETCH_URL)).toHaveLength(1);
    expect(lrs.statements).toEqual([]);
  });

  it.each([
    ['no LMS.LaunchData', undefined, /answered 404/],
    ['LaunchData without a context template', { launchMode: 'Normal' }, /contextTemplate/],
    ['LaunchData with an unknown launch mode', launchData({ launchMode: 'Preview' }), /launchMode/],
  ])('%s: lms-init-failed, no statement', async (_what, doc, message) => {
    lrs = fakeLrs();
    if (doc) lrs.putState(key(CMI5.launchDataStateId), doc);
    const { t, events } = tracker();
    await t.start();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lms-init-failed',
        code: 'PLR_CMI5_LAUNCH_DATA_INVALID',
        message: expect.stringMatching(message),
      }),
    ]);
    await settle();
    expect(lrs.statements).toEqual([]);
  });
});

describe('Cmi5Tracker session', () => {
  it('Normal: initialized → experienced, answered (cmi5 allowed) → completed → passed → terminated, then returnURL', async () => {
    lrs.putState(key(CMI5.launchDataStateId), launchData({ returnURL: 'https://lms.example.org/course/1' }));
    const { t, navigate, events } = tracker();
    await t.start();
    await t.loadProgress();
    clock += 60_000;
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1', visited: ['basics/basics-l1'] }));
    t.recordAnswer(answer(true));
    clock += 60_000;
    await t.complete({ scorePercent: 80, passed: true });
    clock += 30_000;
    await t.terminate();
    await t.terminate();

    expect(verbs()).toEqual([
      VERBS.initialized.id,
      VERBS.experienced.id,
      VERBS.answered.id,
      VERBS.completed.id,
      VERBS.passed.id,
      VERBS.terminated.id,
    ]);
    for (const s of lrs.statements) {
      expect(StatementSchema.safeParse(s).error).toBeUndefined();
      expect(s.context?.registration).toBe(REGISTRATION);
      expect(s.context?.extensions?.[CMI5.sessionIdExtension]).toBe(SESSION);
      expect(s.context?.contextActivities?.grouping?.[0]).toEqual(PUBLISHER);
    }
    const [, experienced, answered, completed, passed, terminated] = lrs.statements as Statement[];
    // cmi5 allowed: no cmi5 category.
    for (const s of [experienced!, answered!]) expect(s.context?.contextActivities?.category).toBeUndefined();
    expect(answered!.object.id).toBe(q1.iri);
    expect(completed!.object.id).toBe(AU_ID);
    expect(completed!.result).toEqual({ completion: true, duration: 'PT2M0S' });
    expect(completed!.context?.contextActivities?.category?.map((a) => a.id)).toEqual([
      CMI5.categoryCmi5,
      CMI5.categoryMoveOn,
    ]);
    expect(passed!.result).toEqual({
      success: true,
      score: { scaled: 0.8, raw: 80, min: 0, max: 100 },
      duration: 'PT2M0S',
    });
    expect(passed!.context?.extensions?.[CMI5.masteryScoreExtension]).toBe(0.8);
    expect(terminated!.result).toEqual({ duration: 'PT2M30S' });
    expect(terminated!.context?.contextActivities?.category?.map((a) => a.id)).toEqual([CMI5.categoryCmi5]);
    expect(new Set(lrs.statements.map((s) => s.id)).size).toBe(6);
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith('https://lms.example.org/course/1');
    expect(events).toEqual([]);

    // Progress and what was reported are kept in the AU's State document for the registration.
    expect(lrs.getState(key(PROGRESS_STATE_ID))).toEqual({
      progress: expect.stringMatching(/^2\|basics\/basics-l1\|/),
      reported: { completed: true, passed: true },
    });
    // No PUT: POST merge needs no ETag precondition.
    expect(lrs.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('judges against LaunchData masteryScore, not the package pass mark', async () => {
    lrs.putState(key(CMI5.launchDataStateId), launchData({ masteryScore: 0.9 }));
    const { t } = tracker();
    await t.start();
    await t.complete({ scorePercent: 85, passed: true });
    await t.terminate();
    const failed = lrs.statements.find((s) => s.verb.id === VERBS.failed.id)!;
    expect(failed.result).toMatchObject({ success: false, score: { scaled: 0.85 } });
    expect(failed.context?.extensions?.[CMI5.masteryScoreExtension]).toBe(0.9);
    expect(verbs()).not.toContain(VERBS.passed.id);
  });

  it('uses the package pass mark when LaunchData has no masteryScore, without the masteryScore extension', async () => {
    lrs.putState(key(CMI5.launchDataStateId), launchData({ masteryScore: undefined }));
    const { t } = tracker();
    await t.start();
    await t.complete({ scorePercent: 80, passed: true });
    const passed = lrs.statements.find((s) => s.verb.id === VERBS.passed.id)!;
    expect(passed.context?.extensions).not.toHaveProperty([CMI5.masteryScoreExtension]);
  });

  it('a fail with completeWhenFailed (the default): completed and failed; never a second judgement in the session', async () => {
    const { t } = tracker();
    await t.start();
    await t.complete({ scorePercent: 50, passed: false });
    await t.complete({ scorePercent: 100, passed: true });
    await t.terminate();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.completed.id, VERBS.failed.id, VERBS.terminated.id]);
  });

  it('a fail with completeWhenFailed false: failed only; completed comes with the pass in a later session', async () => {
    const runtime = fixtureRuntime({
      target: 'cmi5',
      activityIri: basics.iri,
      lms: { ...fixtureRuntime().lms, completeWhenFailed: false },
    });
    const first = tracker({ runtime });
    await first.t.start();
    await first.t.complete({ scorePercent: 50, passed: false });
    await first.t.terminate();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.failed.id, VERBS.terminated.id]);

    lrs.statements.length = 0;
    const second = tracker({ runtime, search: nextLaunch() });
    await second.t.start();
    await second.t.complete({ scorePercent: 100, passed: true });
    await second.t.terminate();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.completed.id, VERBS.passed.id, VERBS.terminated.id]);
  });

  it('after a pass in an earlier session: no second completed or passed, and no failed after passed', async () => {
    lrs.putState(key(PROGRESS_STATE_ID), { reported: { completed: true, passed: true } });
    const { t } = tracker();
    await t.start();
    await t.complete({ scorePercent: 40, passed: false });
    await t.terminate();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.terminated.id]);
  });

  it.each(['Browse', 'Review'])(
    '%s: only initialized and terminated among cmi5 defined statements; no progress written',
    async (launchMode) => {
      lrs.putState(key(CMI5.launchDataStateId), launchData({ launchMode }));
      lrs.putState(key(PROGRESS_STATE_ID), { progress: '2|basics/basics-l2||||' });
      const { t } = tracker();
      await expect(t.start()).resolves.toMatchObject({ resumed: true });
      await expect(t.loadProgress()).resolves.toMatchObject({ location: 'basics/basics-l2' });
      await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1', visited: ['basics/basics-l1'] }));
      t.recordAnswer(answer(true));
      await t.complete({ scorePercent: 100, passed: true });
      await t.terminate();
      expect(verbs()).toEqual([
        VERBS.initialized.id,
        VERBS.experienced.id,
        VERBS.answered.id,
        VERBS.terminated.id,
      ]);
      expect(
        lrs.requests.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/activities/state')),
      ).toEqual([]);
      expect(lrs.getState(key(PROGRESS_STATE_ID))).toEqual({ progress: '2|basics/basics-l2||||' });
    },
  );

  it('resumes from the State document and sends no experienced for pages seen before', async () => {
    const { t } = tracker();
    await t.start();
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1', visited: ['basics/basics-l1'] }));
    await t.terminate();
    lrs.statements.length = 0;

    const again = tracker({ search: nextLaunch() });
    await expect(again.t.start()).resolves.toMatchObject({ resumed: true });
    await expect(again.t.loadProgress()).resolves.toEqual(
      fixtureProgress({ location: 'basics/basics-l1', visited: ['basics/basics-l1'] }),
    );
    await again.t.saveProgress(
      fixtureProgress({ location: 'basics/basics-l2', visited: ['basics/basics-l1', 'basics/basics-l2'] }),
    );
    await again.t.terminate();
    expect(lrs.statements.filter((s) => s.verb.id === VERBS.experienced.id).map((s) => s.object.id)).toEqual([
      basics.lessons[1]!.iri,
    ]);
  });

  it('keeps nothing after terminated: it is the last statement of the session', async () => {
    const { t } = tracker();
    await t.start();
    await t.terminate();
    t.recordAnswer(answer(true));
    await t.complete({ scorePercent: 100, passed: true });
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1' }));
    await settle();
    expect(verbs()).toEqual([VERBS.initialized.id, VERBS.terminated.id]);
  });

  it('reports a progress State write the LRS refuses as save-failed, and sends it again with the next save', async () => {
    let refuse = true;
    lrs = fakeLrs({
      stateAnswer: (r) => (r.method === 'POST' && refuse ? jsonResponse(503, 'busy') : null),
    });
    lrs.putState(key(CMI5.launchDataStateId), launchData());
    const { t, events } = tracker();
    await t.start();
    await t.saveProgress(fixtureProgress({ location: 'basics/basics-l1' }));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'save-failed',
        code: 'PLR_STATE_FAILED',
        message: expect.stringContaining('503'),
      }),
    ]);
    refuse = false;
    await t.terminate();
    expect(lrs.getState(key(PROGRESS_STATE_ID))).toEqual({
      progress: expect.stringMatching(/^2\|basics\/basics-l1\|/),
    });
  });

  it('keeps statements the LMS could not take in the queue and sends them on the next launch', async () => {
    const storage = new Map<string, string>();
    const queueStorage = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    };
    let down = true;
    lrs = fakeLrs({ statementsAnswer: () => (down ? jsonResponse(503, 'down') : null) });
    lrs.putState(key(CMI5.launchDataStateId), launchData());
    const first = tracker({ storage: queueStorage, queue: { setTimer: () => 0, clearTimer: () => {} } });
    await first.t.start();
    first.t.recordAnswer(answer(true));
    await first.t.terminate();
    expect(lrs.statements).toEqual([]);
    expect(storage.size).toBe(1);

    down = false;
    const second = tracker({ storage: queueStorage, search: nextLaunch() });
    await second.t.start();
    await settle();
    expect(verbs()).toEqual([
      VERBS.initialized.id,
      VERBS.answered.id,
      VERBS.terminated.id,
      VERBS.initialized.id,
    ]);
    expect(storage.size).toBe(0);
  });
});
