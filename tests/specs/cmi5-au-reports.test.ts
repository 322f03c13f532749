import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages } from '@course/builder';
import { startLrs } from '@course/lrs';
import type { CourseBundle, RuntimeConfig } from '@course/contracts';
import { launchModule, scopeToModule } from '../../packages/course-player/src/boot/module-scope';
import { Cmi5Tracker } from '../../packages/course-player/src/tracking/cmi5/cmi5-tracker';
import type { TrackerEvent } from '../../packages/course-player/src/tracking/tracker';
import {
  cmi5Violations,
  parseCourseStructure,
  startCmi5Lms,
  type CourseAu,
  type StoredStatement,
} from '../support/cmi5-lms';
import { playModule, readPackage } from '../support/learner';
import { REPO_ROOT } from '../support/stack';

const verb = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const actor = {
  objectType: 'Agent',
  name: 'Amina Diallo',
  account: { homePage: 'https://lms.example.org', name: 'learner-4711' },
};

/**
 * The cmi5 course package built from content/, its AU for module 1 played through the player's
 * Cmi5Tracker (real fetch), against the real LRS on PGlite and a small cmi5 LMS that launches the AU
 * and then judges what it sent.
 */
describe('a cmi5 AU reports to the LMS and its LRS', () => {
  let dirs: string[];
  let lrs: Awaited<ReturnType<typeof startLrs>>;
  let lms: Awaited<ReturnType<typeof startCmi5Lms>>;
  let bundle: CourseBundle;
  let runtime: RuntimeConfig;
  let au: CourseAu;

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), 'cmi5-packages-')), mkdtempSync(join(tmpdir(), 'cmi5-lrs-'))];
    const [built] = await buildPackages({
      contentDir: join(REPO_ROOT, 'content'),
      outDir: dirs[0]!,
      formats: ['cmi5'],
      scopes: ['course'],
      schemaCheck: false,
    });
    const pkg = await readPackage(built!.file, ['cmi5.xml']);
    ({ bundle, runtime } = pkg);
    const aus = parseCourseStructure(pkg.files['cmi5.xml']!);
    expect(aus).toHaveLength(bundle.modules.length);
    au = aus[0]!;
    expect(au).toEqual({
      id: bundle.modules[0]!.iri,
      url: `index.html?module=${bundle.modules[0]!.id}`,
      moveOn: 'CompletedAndPassed',
      masteryScore: bundle.passMark / 100,
    });
    lrs = await startLrs({
      port: 0,
      dataDir: dirs[1]!,
      rootKey: 'cmi5-lms',
      rootSecret: 'cmi5-lms-secret',
      logLevel: 'silent',
    });
    const rootAuth = `Basic ${Buffer.from('cmi5-lms:cmi5-lms-secret').toString('base64')}`;
    lms = await startCmi5Lms(lrs, { rootAuth, actor });
  }, 120000);

  afterAll(async () => {
    await lms?.close();
    await lrs?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  const module = () => bundle.modules[0]!;
  const passMark = () => runtime.masteryScore;

  /** What the player's boot does with an AU launch: the module named by `?module=`, then the tracker. */
  function tracker(search: string, overrides: Partial<RuntimeConfig> = {}) {
    const events: TrackerEvent[] = [];
    const navigate = jest.fn();
    const scoped = scopeToModule(bundle, runtime, launchModule(search)!)!;
    expect(scoped.runtime.activityIri).toBe(au.id);
    const t = new Cmi5Tracker({
      bundle: scoped.bundle,
      runtime: { ...scoped.runtime, ...overrides },
      search,
      storage: null,
      navigate,
    });
    t.on((e) => events.push(e));
    return { t, events, navigate };
  }

  async function judged(registration: string): Promise<StoredStatement[]> {
    const statements = await lms.statements(registration);
    expect(
      cmi5Violations(statements, {
        registration,
        activityId: lms.activityIdOf(au),
        publisherId: au.id,
        launchModeOf: lms.launchModeOf,
      }),
    ).toEqual([]);
    return statements;
  }
  const names = (statements: StoredStatement[]) => statements.map((s) => s.verb.id.split('/').pop()!);
  /** Runs of experienced or answered as one. */
  const squeeze = (list: string[]) =>
    list.filter((v, i) => v !== list[i - 1] || !['answered', 'experienced'].includes(v));

  it('passes in one session: launched → initialized → experienced… → answered… → completed → passed → terminated, then returnURL', async () => {
    const registration = crypto.randomUUID();
    const launch = await lms.launch(au, { registration, returnURL: `${lms.url}/courses/1` });
    const { t, events, navigate } = tracker(launch.search);
    const { scorePercent } = await playModule(t, module(), {
      rightAnswers: module().knowledgeCheck.items.length,
      passMark: passMark(),
    });
    expect(scorePercent).toBe(100);
    expect(events).toEqual([]);
    expect(navigate).toHaveBeenCalledWith(`${lms.url}/courses/1`);

    const statements = await judged(registration);
    expect(squeeze(names(statements))).toEqual([
      'launched',
      'initialized',
      'experienced',
      'answered',
      'completed',
      'passed',
      'terminated',
    ]);
    expect(statements.filter((s) => s.verb.id === verb('answered'))).toHaveLength(
      module().knowledgeCheck.items.length,
    );
    for (const s of statements) {
      expect(s.actor).toMatchObject({ account: actor.account });
      expect(s.context?.registration).toBe(registration);
      expect(s.context?.extensions?.[SESSION_ID]).toBe(launch.sessionId);
    }
    const passed = statements.find((s) => s.verb.id === verb('passed'))!;
    expect(passed.object.id).toBe(launch.activityId);
    expect(passed.result?.score?.scaled).toBe(1);
    // The answered statements are "cmi5 allowed": the template, no cmi5 category.
    const answered = statements.find((s) => s.verb.id === verb('answered'))!;
    expect(answered.context?.contextActivities?.category ?? []).not.toContainEqual(
      expect.objectContaining({ id: CMI5_CATEGORY }),
    );
    // Progress in the State API for this AU and registration.
    expect(await lms.state(launch.activityId, registration, 'course-player:progress')).toEqual({
      progress: expect.stringMatching(new RegExp(`^2\\|${module().id}/results\\|`)),
      reported: { completed: true, passed: true },
    });
    // The fetch URL was used once; the LMS answers a second POST with error 1.
    const again = await fetch(launch.fetchUrl, { method: 'POST' });
    expect(await again.json()).toEqual({
      'error-code': '1',
      'error-text': 'The authorization token has already been returned.',
    });
  });

  it('fails, then passes in a later session (resuming its progress), then reviews: no second completed, no failed after passed', async () => {
    const registration = crypto.randomUUID();
    const items = module().knowledgeCheck.items.length;

    const first = tracker((await lms.launch(au, { registration })).search);
    // A second result in the same session is not reported: one of passed/failed per session.
    await playModule(first.t, module(), {
      rightAnswers: 1,
      passMark: passMark(),
      thenAlso: { scorePercent: 100, passed: true },
    });

    const second = tracker((await lms.launch(au, { registration })).search);
    const resumed = await playModule(second.t, module(), { rightAnswers: items, passMark: passMark() });
    expect(resumed.restored?.location).toBe(`${module().id}/results`);

    const third = tracker((await lms.launch(au, { registration })).search);
    await playModule(third.t, module(), { rightAnswers: 0, passMark: passMark() });

    const review = tracker((await lms.launch(au, { registration, launchMode: 'Review' })).search);
    await playModule(review.t, module(), { rightAnswers: items, passMark: passMark() });

    const statements = await judged(registration);
    const defined = statements.filter((s) =>
      (s.context?.contextActivities?.category ?? []).some((a) => a.id === CMI5_CATEGORY),
    );
    expect(names(defined)).toEqual([
      'launched',
      'initialized',
      'completed',
      'failed',
      'terminated',
      'launched',
      'initialized',
      'passed',
      'terminated',
      'launched',
      'initialized',
      'terminated',
      'launched',
      'initialized',
      'terminated',
    ]);
    // Each session's pages were new only in the first: experienced is sent once per lesson.
    expect(statements.filter((s) => s.verb.id === verb('experienced'))).toHaveLength(module().lessons.length);
  });

  it('with completeWhenFailed false, completed waits for the pass', async () => {
    const registration = crypto.randomUUID();
    const lmsOptions = { lms: { ...runtime.lms, completeWhenFailed: false } };
    const first = tracker((await lms.launch(au, { registration })).search, lmsOptions);
    await playModule(first.t, module(), { rightAnswers: 0, passMark: passMark() });
    const second = tracker((await lms.launch(au, { registration })).search, lmsOptions);
    await playModule(second.t, module(), {
      rightAnswers: module().knowledgeCheck.items.length,
      passMark: passMark(),
    });
    const defined = (await judged(registration)).filter((s) =>
      [verb('completed'), verb('passed'), verb('failed')].includes(s.verb.id),
    );
    expect(names(defined)).toEqual(['failed', 'completed', 'passed']);
  });

  it('judges by the masteryScore in LMS.LaunchData when the LMS changes it, both ways', async () => {
    const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
    const items = module().knowledgeCheck.items.length;
    const strict = crypto.randomUUID();
    const a = tracker((await lms.launch(au, { registration: strict, masteryScore: 1 })).search);
    const almost = await playModule(a.t, module(), { rightAnswers: items - 1, passMark: passMark() });
    const failed = (await judged(strict)).find((s) => s.verb.id === verb('failed'))!;
    expect(failed.result).toMatchObject({ success: false, score: { scaled: almost.scorePercent / 100 } });
    expect(failed.context?.extensions?.[MASTERY]).toBe(1);

    const lenient = crypto.randomUUID();
    const b = tracker((await lms.launch(au, { registration: lenient, masteryScore: 0 })).search);
    await playModule(b.t, module(), { rightAnswers: 0, passMark: passMark() });
    const passed = (await judged(lenient)).find((s) => s.verb.id === verb('passed'))!;
    expect(passMark()).toBeGreaterThan(0);
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 0 } });
    expect(passed.context?.extensions?.[MASTERY]).toBe(0);
  });

  it('in Browse mode sends only initialized and terminated among the cmi5 defined statements', async () => {
    const registration = crypto.randomUUID();
    const { t } = tracker((await lms.launch(au, { registration, launchMode: 'Browse' })).search);
    await playModule(t, module(), {
      rightAnswers: module().knowledgeCheck.items.length,
      passMark: passMark(),
    });
    const statements = await judged(registration);
    expect(
      names(statements.filter((s) => s.verb.id !== verb('answered') && s.verb.id !== verb('experienced'))),
    ).toEqual(['launched', 'initialized', 'terminated']);
  });

  it('a reload that POSTs the used fetch URL again gets error 1 and reports that it cannot reach the LMS', async () => {
    const registration = crypto.randomUUID();
    const launch = await lms.launch(au, { registration });
    const first = tracker(launch.search);
    await first.t.start();
    await first.t.terminate();
    const reloaded = tracker(launch.search);
    await expect(reloaded.t.start()).resolves.toEqual({ learnerId: '', learnerName: '', resumed: false });
    expect(reloaded.events).toEqual([
      expect.objectContaining({
        type: 'lms-init-failed',
        code: 'PLR_CMI5_AUTH_FAILED',
        message: expect.stringContaining('error 1'),
      }),
    ]);
    expect(names(await judged(registration))).toEqual(['launched', 'initialized', 'terminated']);
  });

  it('the LMS-side rule check catches what the AU must never send', async () => {
    const registration = crypto.randomUUID();
    const launch = await lms.launch(au, { registration });
    const { t } = tracker(launch.search);
    await playModule(t, module(), {
      rightAnswers: module().knowledgeCheck.items.length,
      passMark: passMark(),
    });
    const statements = await lms.statements(registration);
    const passed = statements.find((s) => s.verb.id === verb('passed'))!;
    const failedToo: StoredStatement = { ...passed, id: crypto.randomUUID(), verb: { id: verb('failed') } };
    const expected = {
      registration,
      activityId: launch.activityId,
      publisherId: au.id,
      launchModeOf: lms.launchModeOf,
    };
    expect(cmi5Violations([...statements.slice(0, -1), failedToo, statements.at(-1)!], expected)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/more than one of passed\/failed/),
        expect.stringMatching(/failed after passed/),
        expect.stringMatching(/failed without success false/),
      ]),
    );
  });
});
