import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildPackages } from '@course/builder';
import { startLrs } from '@course/lrs';
import type { CourseBundle } from '@course/contracts';
import { answerCorrectly } from '../support/answer';
import { launchBrowser } from '../support/browser';
import { cmi5Violations, parseCourseStructure, startCmi5Lms, type CourseAu } from '../support/cmi5-lms';
import { eventually } from '../support/eventually';
import { readPackage } from '../support/learner';
import { REPO_ROOT } from '../support/stack';

const actor = {
  objectType: 'Agent',
  name: 'Amina Diallo',
  account: { homePage: 'https://lms.example.org', name: 'learner-0815' },
};
const verbName = (s: { verb: { id: string } }) => s.verb.id.split('/').pop()!;

/**
 * The cmi5 course package in a browser: a cmi5 LMS serves it and launches module 1's AU in a frame
 * (`index.html?module=m01` plus the cmi5 parameters); the learner passes the module through the UI;
 * leaving the page terminates the session. The LRS then holds the whole session, and it keeps the cmi5
 * rules.
 */
describe('a learner passes a cmi5 AU launched by a cmi5 LMS', () => {
  let dirs: string[];
  let lrs: Awaited<ReturnType<typeof startLrs>>;
  let lms: Awaited<ReturnType<typeof startCmi5Lms>>;
  let browser: Browser;
  let bundle: CourseBundle;
  let au: CourseAu;

  beforeAll(async () => {
    dirs = ['packages', 'unzipped', 'lrs'].map((d) => mkdtempSync(join(tmpdir(), `cmi5-e2e-${d}-`)));
    const [built] = await buildPackages({
      contentDir: join(REPO_ROOT, 'content'),
      outDir: dirs[0]!,
      formats: ['cmi5'],
      scopes: ['course'],
      schemaCheck: false,
    });
    const zip = await JSZip.loadAsync(readFileSync(built!.file));
    for (const file of Object.values(zip.files)) {
      if (file.dir) continue;
      const target = join(dirs[1]!, file.name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await file.async('nodebuffer'));
    }
    const pkg = await readPackage(built!.file, ['cmi5.xml']);
    bundle = pkg.bundle;
    au = parseCourseStructure(pkg.files['cmi5.xml']!)[0]!;
    lrs = await startLrs({
      port: 0,
      dataDir: dirs[2]!,
      rootKey: 'lms',
      rootSecret: 'lms-secret',
      logLevel: 'silent',
    });
    lms = await startCmi5Lms(lrs, {
      rootAuth: `Basic ${Buffer.from('lms:lms-secret').toString('base64')}`,
      actor,
      packageDir: dirs[1]!,
    });
    browser = await launchBrowser();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await lms?.close();
    await lrs?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it('takes module 1 from launch to pass; the LRS holds initialized … completed, passed, terminated under the LMS’s session', async () => {
    const module = bundle.modules[0]!;
    const items = module.knowledgeCheck.items;
    const registration = crypto.randomUUID();
    const launch = await lms.launch(au, { registration });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') problems.push(m.text());
    });
    await page.goto(lms.playUrl(au, launch));
    const frame = page.frameLocator('#au');

    await frame.getByRole('heading', { level: 1, name: module.title }).waitFor();
    const pageTitles = [
      ...module.lessons.map((l) => l.title),
      ...(module.caseStudy ? [module.caseStudy.title] : []),
      ...(module.scenario ? [module.scenario.title] : []),
    ];
    for (const title of pageTitles) {
      await frame.getByRole('button', { name: 'Next', exact: true }).click();
      await frame.getByRole('heading', { level: 1, name: title }).waitFor();
    }
    for (const [i, item] of items.entries()) {
      await frame.getByRole('button', { name: 'Next', exact: true }).click();
      await frame.getByRole('heading', { level: 1, name: `Question ${i + 1} of ${items.length}` }).waitFor();
      await answerCorrectly(frame, item);
    }
    await frame.getByRole('button', { name: 'Next', exact: true }).click();
    await frame.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect(frame.getByText(/Your score: 100%/).count()).resolves.toBe(1);

    await eventually(
      () => lms.statements(registration),
      (list) => list.some((s) => verbName(s) === 'passed'),
      'a passed statement',
    );
    // Leaving the LMS page unloads the AU: pagehide → terminated, sent with keepalive.
    await page.goto('about:blank');
    const statements = await eventually(
      () => lms.statements(registration),
      (list) => list.some((s) => verbName(s) === 'terminated'),
      'a terminated statement',
    );
    await page.close();

    expect(
      cmi5Violations(statements, {
        registration,
        activityId: launch.activityId,
        publisherId: au.id,
        launchModeOf: lms.launchModeOf,
      }),
    ).toEqual([]);
    const verbs = statements.map(verbName);
    expect(verbs.filter((v) => v !== 'experienced' && v !== 'answered')).toEqual([
      'launched',
      'initialized',
      'completed',
      'passed',
      'terminated',
    ]);
    // Each knowledge-check item answered once ("cmi5 allowed" statements).
    const answered = statements.filter((s) => verbName(s) === 'answered').map((s) => s.object.id);
    expect(items.map((i) => answered.filter((id) => id === i.iri).length)).toEqual(items.map(() => 1));
    expect(statements.find((s) => verbName(s) === 'passed')!.result?.score?.scaled).toBe(1);
    expect(await lms.state(launch.activityId, registration, 'course-player:progress')).toMatchObject({
      progress: expect.stringContaining(`${module.id}/results`),
      reported: { completed: true, passed: true },
    });
    expect(problems.filter((p) => p.includes('PLR_'))).toEqual([]);
  });
});
