import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages } from '@course/builder';
import { createCredential, startLrs } from '@course/lrs';
import type { CourseBundle, RuntimeConfig } from '@course/contracts';
import type { TrackerEvent } from '../../packages/course-player/src/tracking/tracker';
import { XapiLaunchTracker } from '../../packages/course-player/src/tracking/xapi/xapi-launch-tracker';
import type { StoredStatement } from '../support/cmi5-lms';
import { playModule, readPackage } from '../support/learner';
import { REPO_ROOT } from '../support/stack';

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
const actor = { objectType: 'Agent', name: 'Jonas Berg', mbox: 'mailto:jonas.berg@example.org' };

/**
 * The tincan.xml package of module 1 built from content/, launched the Rustici way (endpoint, auth,
 * actor, registration, activity_id) with a credential limited to statements/write and state, played
 * through the player's XapiLaunchTracker against the real LRS on PGlite, in two sessions.
 */
describe('an xAPI (tincan.xml) package reports to the LRS it was launched with', () => {
  let dirs: string[];
  let lrs: Awaited<ReturnType<typeof startLrs>>;
  let bundle: CourseBundle;
  let runtime: RuntimeConfig;
  let activityId: string;
  let launchAuth: string;
  const rootAuth = basic('xapi-root', 'xapi-root-secret');

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), 'xapi-packages-')), mkdtempSync(join(tmpdir(), 'xapi-lrs-'))];
    const built = await buildPackages({
      contentDir: join(REPO_ROOT, 'content'),
      outDir: dirs[0]!,
      formats: ['tincan'],
      scopes: ['modules'],
      schemaCheck: false,
    });
    const m01 = built.find((p) => p.scope === 'm01')!;
    const pkg = await readPackage(m01.file, ['tincan.xml']);
    ({ bundle, runtime } = pkg);
    const launchable = pkg.files['tincan.xml']!.match(
      /<activity id="([^"]+)"[^>]*>(?:(?!<\/activity>)[\s\S])*<launch/,
    );
    activityId = launchable![1]!;
    expect(activityId).toBe(runtime.activityIri);
    lrs = await startLrs({
      port: 0,
      dataDir: dirs[1]!,
      rootKey: 'xapi-root',
      rootSecret: 'xapi-root-secret',
      logLevel: 'silent',
    });
    const launcher = await createCredential(lrs.db, {
      scopes: ['statements/write', 'state'],
      label: 'launch',
    });
    launchAuth = basic(launcher.key, launcher.secret);
  }, 120000);

  afterAll(async () => {
    await lrs?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  const search = (registration: string, auth = launchAuth) =>
    `?${new URLSearchParams({
      endpoint: `${lrs.url}/xapi/`,
      auth,
      actor: JSON.stringify(actor),
      registration,
      activity_id: activityId,
    })}`;

  function tracker(registration: string) {
    const events: TrackerEvent[] = [];
    const t = new XapiLaunchTracker({ bundle, runtime, search: search(registration), storage: null });
    t.on((e) => events.push(e));
    return { t, events };
  }

  async function statements(registration: string): Promise<StoredStatement[]> {
    const res = await fetch(
      `${lrs.url}/xapi/statements?${new URLSearchParams({ registration, ascending: 'true', limit: '500' })}`,
      { headers: { Authorization: rootAuth, 'X-Experience-API-Version': '2.0.0' } },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { statements: StoredStatement[] }).statements;
  }

  it('leaves after the lessons, resumes where it left off, passes: statements as the actor, progress in the State API', async () => {
    const registration = crypto.randomUUID();
    const module = bundle.modules[0]!;
    const items = module.knowledgeCheck.items.length;

    const first = tracker(registration);
    await expect(first.t.start()).resolves.toEqual({
      learnerId: 'jonas.berg@example.org',
      learnerName: 'Jonas Berg',
      resumed: false,
    });
    await playModule(first.t, module, {
      rightAnswers: items,
      passMark: runtime.masteryScore,
      complete: false,
    });

    const second = tracker(registration);
    await expect(second.t.start()).resolves.toMatchObject({ resumed: true });
    const { restored } = await playModule(second.t, module, {
      rightAnswers: items,
      passMark: runtime.masteryScore,
    });
    expect(restored?.location).toBe(`${module.id}/results`);
    expect(Object.keys(restored!.answers)).toHaveLength(items);
    expect([...first.events, ...second.events]).toEqual([]);

    const stored = await statements(registration);
    const verbs = stored.map((s) => s.verb.id.split('/').pop());
    expect(verbs.filter((v) => v !== 'answered' && v !== 'experienced')).toEqual([
      'initialized',
      'terminated',
      'initialized',
      'completed',
      'passed',
      'terminated',
    ]);
    expect(verbs.filter((v) => v === 'experienced')).toHaveLength(module.lessons.length);
    for (const s of stored) {
      expect(s.actor).toMatchObject({ mbox: actor.mbox });
      expect(s.context?.registration).toBe(registration);
    }
    const passed = stored.find((s) => s.verb.id.endsWith('/passed'))!;
    expect(passed.object.id).toBe(activityId);
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1 } });

    const state = await fetch(
      `${lrs.url}/xapi/activities/state?${new URLSearchParams({
        activityId,
        agent: JSON.stringify(actor),
        registration,
        stateId: 'course-player:progress',
      })}`,
      { headers: { Authorization: rootAuth, 'X-Experience-API-Version': '2.0.0' } },
    );
    expect(state.status).toBe(200);
    expect(await state.json()).toEqual({
      progress: expect.stringMatching(new RegExp(`^2\\|${module.id}/results\\|`)),
    });
  });

  it('a launch credential the LRS refuses: the learner is told progress will not be saved', async () => {
    const t = new XapiLaunchTracker({
      bundle,
      runtime,
      search: search(crypto.randomUUID(), basic('nobody', 'wrong')),
      storage: null,
    });
    const events: TrackerEvent[] = [];
    t.on((e) => events.push(e));
    await t.start();
    await t.saveProgress({ v: 2, location: 'x', visited: [], answers: {}, practice: {}, scenarios: {} });
    await t.terminate();
    expect(events.map((e) => [e.type, e.code])).toEqual(
      expect.arrayContaining([
        ['progress-unreadable', 'PLR_STATE_FAILED'],
        ['save-failed', 'PLR_STATE_FAILED'],
        ['statement-dropped', 'PLR_STATEMENT_REJECTED'],
      ]),
    );
  });
});
