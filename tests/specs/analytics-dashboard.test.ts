import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadCourse, toCourseBundle } from '@course/builder';
import type { ItemAnalysis, MasteryPage, ModuleFunnel } from '@course/contracts';
import { catalogueFromCourse, createCredential, startLrs, type RunningLrs } from '@course/lrs';
import { sendStatements, simulateCohort } from '../../scripts/demo/cohort.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/stack.js';

/**
 * The analysts' dashboard in headless Chromium, on an LRS seeded the way `npm run demo:cohort` seeds
 * it (the player's statement builders, through the xAPI HTTP API): sign-in, every report against
 * the JSON API's numbers, the drill-down to statements, a CSV download, the credential kept out of
 * storage, and axe-core with zero violations.
 */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

let lrs: RunningLrs;
let browser: Browser;
let page: Page;
let analyst: { key: string; secret: string };

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${lrs.url}/analytics/v1/${path}`, {
    headers: { Authorization: basic(analyst.key, analyst.secret) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function axeViolations(p: Page) {
  await p.addScriptTag({ content: axeSource });
  return p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (c: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({ id: v.id, targets: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
}

beforeAll(async () => {
  // The dashboard as `npm start` builds it (turbo answers from its cache when nothing changed).
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@course/dashboard', '--output-logs=errors-only'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  expect(build.status).toBe(0);
  const loaded = loadCourse(join(REPO_ROOT, 'content'));
  const { bundle } = toCourseBundle(loaded);
  lrs = await startLrs({
    port: 0,
    dataDir: null,
    rootKey: 'e2e-root',
    rootSecret: 'e2e-root-secret',
    logLevel: 'silent',
    analytics: catalogueFromCourse(bundle, loaded.framework),
  });
  analyst = await createCredential(lrs.db, { scopes: ['analytics/read'], label: 'e2e analyst' });
  const cohort = simulateCohort({ bundle, learners: 12, seed: 42, start: new Date('2025-09-01T00:00:00Z') });
  await sendStatements(`${lrs.url}/xapi/`, basic('e2e-root', 'e2e-root-secret'), cohort, { batch: 500 });
  browser = await launchBrowser();
  // bypassCSP: the LRS's policy forbids inline scripts, and axe-core is injected as one.
  page = await browser.newPage({
    viewport: { width: 1300, height: 900 },
    bypassCSP: true,
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await lrs?.close();
});

describe('the analytics dashboard', () => {
  it('asks for a read credential, refuses a wrong one in the form, and has no accessibility violation', async () => {
    await page.goto(`${lrs.url}/dashboard`);
    expect(page.url()).toBe(`${lrs.url}/dashboard/`);
    await page.getByLabel('Key').fill(analyst.key);
    await page.getByLabel('Secret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the heatmap with the API’s values after signing in', async () => {
    await page.getByLabel('Secret').fill(analyst.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const heatmap = page.getByRole('table', { name: /Mastery per learner/ });
    await heatmap.waitFor();
    const mastery = await api<MasteryPage>('mastery?limit=100');
    expect(await heatmap.locator('tbody tr').count()).toBe(12);
    const learner = mastery.learners.find((l) => l.competencies.C01)!;
    const cell = mastery.learners.indexOf(learner);
    const c01 = heatmap.locator('tbody tr').nth(cell).locator('td').nth(1);
    const value = learner.competencies.C01!;
    expect(await c01.textContent()).toContain(`${value.correct}/${value.evidence}`);
    expect(await heatmap.locator('tbody tr').nth(cell).getByRole('button').textContent()).toBe(learner.name);
  });

  it('compares the four cohorts in a chart with a table beside it', async () => {
    const table = page.getByRole('table', { name: /by cohort \(mastered of all learners/ });
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBe(1 + 4);
    expect(await table.locator('tbody tr').count()).toBe(13);
    await expect(
      page.getByRole('img', { name: /Learners who master each competency, by cohort/ }).count(),
    ).resolves.toBe(1);
  });

  it('lists the item analysis with the flagged items the API flags', async () => {
    const items = await api<ItemAnalysis>('items');
    const flaggedScored = items.items.filter((i) => i.flags.length > 0 && i.kind === 'scored');
    await page.getByLabel('Only flagged items').check();
    const table = page.getByRole('table', { name: /^Item analysis/ });
    if (flaggedScored.length === 0) await page.getByText('No item matches.').waitFor();
    else expect(await table.locator('tbody tr.flagged').count()).toBe(flaggedScored.length);
    await page.getByLabel('Only flagged items').uncheck();
    expect(await table.locator('tbody tr').count()).toBe(
      items.items.filter((i) => i.kind === 'scored').length,
    );
  });

  it('shows the module funnel with the API’s counts', async () => {
    const funnel = await api<ModuleFunnel>('modules');
    const table = page.getByRole('table', { name: 'Module funnel' });
    const first = funnel.modules.find((m) => m.kind === 'module')!;
    const row = table.getByRole('row', { name: new RegExp(`^${first.title.replace(/[()]/g, '.')}`) });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual([
      String(first.launched),
      String(first.completed),
      String(first.passed),
    ]);
  });

  it('drills down from a learner to the statements behind a mastery value', async () => {
    const heatmap = page.getByRole('table', { name: /Mastery per learner/ });
    const mastery = await api<MasteryPage>('mastery?limit=100');
    const learner = mastery.learners.find((l) => l.competencies.C01)!;
    await heatmap.getByRole('button', { name: learner.name, exact: true }).first().click();
    await page.getByRole('heading', { level: 3, name: learner.name }).waitFor();
    await page.getByRole('button', { name: 'Show the statements for C01' }).click();
    const evidence = page.getByRole('table', { name: /^C01: \d+ of \d+ scored answers/ });
    await evidence.waitFor();
    const detail = await api<{ answers: unknown[] }>(
      `evidence?learner=${encodeURIComponent(learner.learner)}&competency=C01`,
    );
    expect(await evidence.locator('tbody tr').count()).toBe(detail.answers.length);
    const caption = await evidence.locator('caption').textContent();
    expect(caption).toContain(
      `${learner.competencies.C01!.correct} of ${learner.competencies.C01!.evidence}`,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('downloads the item analysis as CSV, and keeps the credential out of storage and URLs', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Item analysis', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^items-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFFitem,label,module')).toBe(true);
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toContain(analyst.secret);
    expect(page.url()).not.toContain(analyst.secret);
  });
});
