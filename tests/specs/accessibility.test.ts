import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { buildPackages, type BuiltPackage } from '@course/builder';
import { decodeProgress, type BundleItem, type CourseBundle } from '@course/contracts';
import { importFolder, startPreviewLms, type RunningPreview } from '@course/preview-lms';
import { answerCorrectly, bundleOf } from '../support/answer';
import { launchBrowser } from '../support/browser';
import { REPO_ROOT } from '../support/stack';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * axe-core (every rule it runs by default: WCAG 2.x A and AA, and best practices) on every kind of page
 * the player shows, in the SCORM 1.2 Module 1 package and the course package played in the preview LMS
 * in Chromium. Every page must have zero violations.
 */
describe('accessibility (axe-core) of every page kind', () => {
  let preview: RunningPreview;
  let browser: Browser;
  let packages: BuiltPackage[];
  const checked: string[] = [];

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'a11y-packages-'));
    packages = await buildPackages({
      contentDir: join(REPO_ROOT, 'content'),
      outDir,
      formats: ['scorm12'],
    });
    const wanted = new Set(
      packages
        .filter((p) => p.scope === 'm01' || p.scope === 'course')
        .map((p) => p.name.replace(/\.zip$/, '')),
    );
    preview = await startPreviewLms({
      packages: (await importFolder(outDir)).filter((p) => wanted.has(p.name)),
      dataDir: null,
    });
    browser = await launchBrowser();
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  async function launch(scope: string): Promise<{ page: Page; sco: FrameLocator; bundle: CourseBundle }> {
    const pkg = packages.find((p) => p.scope === scope)!;
    // Reduced motion: no colour transitions half-way through when axe measures contrast.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce' });
    await page.goto(`${preview.url}/launch/${pkg.name.replace(/\.zip$/, '')}`);
    const sco = page.frameLocator('#sco');
    await sco.getByRole('heading', { level: 1 }).first().waitFor();
    return { page, sco, bundle: await bundleOf(pkg.file) };
  }

  async function frameOf(page: Page): Promise<Frame> {
    const frame = await (await page.$('#sco'))!.contentFrame();
    if (!frame) throw new Error('the package iframe has no frame');
    return frame;
  }

  /** Runs axe in the package's frame and expects no violation; `what` names the page kind in failures. */
  async function axe(page: Page, what: string): Promise<void> {
    const frame = await frameOf(page);
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
    const violations = await frame.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }
      ).axe.run(document);
      return (result as { violations: AxeViolation[] }).violations;
    });
    const report = violations.map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'),
    );
    expect(report).toEqual([]);
    checked.push(what);
  }

  const next = (sco: FrameLocator) => sco.getByRole('button', { name: 'Next', exact: true }).click();
  const h1 = (sco: FrameLocator, name: string) =>
    sco.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const plain = (html: string) =>
    html
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();

  /** Answers each item of a page that shows several, each inside its own list entry. */
  async function answerAll(sco: FrameLocator, items: BundleItem[]): Promise<void> {
    for (const [i, item] of items.entries()) {
      const entry = sco.locator('li.assessment-item').nth(i);
      await entry.getByRole('group', { name: plain(item.prompt) }).waitFor();
      await answerCorrectly(entry, item);
      await entry
        .getByRole('status')
        .filter({ hasText: /^(Correct\.|Not quite\.|Answer recorded\.)/ })
        .waitFor();
    }
  }

  it('Module 1 package: overview, glossary and resources panels, lesson, case study, scenario, question, results, summary', async () => {
    const { page, sco, bundle } = await launch('m01');
    const module = bundle.modules[0]!;
    await h1(sco, module.title);
    await axe(page, 'overview');

    await sco.getByRole('button', { name: 'Glossary', exact: true }).click();
    await sco.getByRole('dialog', { name: 'Glossary' }).waitFor();
    await axe(page, 'glossary panel');
    await page.keyboard.press('Escape');
    if (bundle.resources) {
      await sco.getByRole('button', { name: 'Resources', exact: true }).click();
      await sco.getByRole('dialog', { name: 'Resources' }).waitFor();
      await axe(page, 'resources panel');
      await page.keyboard.press('Escape');
    }
    await sco.getByRole('dialog').waitFor({ state: 'detached' });

    for (const [i, lesson] of module.lessons.entries()) {
      await next(sco);
      await h1(sco, lesson.title);
      if (i === 0) await axe(page, 'lesson');
    }
    // A glossary link in a lesson opens the panel at its term.
    const link = sco.locator('a.glossary-link').first();
    if (await link.count()) {
      await link.click();
      await sco.getByRole('dialog', { name: 'Glossary' }).waitFor();
      await axe(page, 'glossary panel at a term');
      await page.keyboard.press('Escape');
    }

    await next(sco);
    await h1(sco, module.caseStudy!.title);
    await axe(page, 'case study');

    await next(sco);
    await h1(sco, module.scenario!.title);
    await axe(page, 'scenario');
    await sco.locator('.scenario-choice').first().click();
    await sco.getByRole('button', { name: 'Continue', exact: true }).waitFor();
    await axe(page, 'scenario after a decision');

    const items = module.knowledgeCheck.items;
    for (const [i, item] of items.entries()) {
      await next(sco);
      await h1(sco, `Question ${i + 1} of ${items.length}`);
      if (i === 0) await axe(page, 'question');
      await answerCorrectly(sco, item);
      await sco.getByRole('status').filter({ hasText: 'Correct.' }).waitFor();
      if (i === 0) await axe(page, 'question with feedback');
    }
    await next(sco);
    await h1(sco, 'Results');
    await axe(page, 'results');
    await next(sco);
    await h1(sco, 'Summary');
    await axe(page, 'summary');

    // RTL: the contents menu moves to the right of the page, and the page stays accessible.
    const frame = await frameOf(page);
    await frame.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    const [menu, main] = await Promise.all([
      frame.locator('.module-menu').boundingBox(),
      frame.locator('main').boundingBox(),
    ]);
    expect(menu!.x).toBeGreaterThan(main!.x);
    await axe(page, 'summary, right to left');
    await page.close();
  });

  it('course package: pre-assessment, final assessment, certificate before and after a pass, resume prompt', async () => {
    const { page, sco, bundle } = await launch('course');
    const pre = bundle.preAssessment;
    const final = bundle.finalAssessment;
    const certificate = bundle.certificate;
    if (!pre || !final || !certificate)
      throw new Error(
        'the course package has no pre-assessment, final assessment or certificate (content/course.yaml)',
      );

    await h1(sco, pre.title);
    await axe(page, 'pre-assessment');
    await answerAll(sco, pre.items);
    await sco.getByRole('region', { name: 'Your starting point' }).waitFor();
    await axe(page, 'pre-assessment outcome');

    const contents = sco.getByRole('navigation', { name: 'Course contents' });
    await contents.getByRole('button', { name: certificate.title, exact: true }).click();
    await h1(sco, certificate.title);
    await axe(page, 'certificate before a pass');

    await sco.getByRole('button', { name: 'Go to the final assessment' }).click();
    await h1(sco, final.title);
    await axe(page, 'final assessment introduction');
    await sco.getByRole('button', { name: 'Start the assessment' }).click();
    await sco.locator('li.assessment-item').first().waitFor();
    await axe(page, 'final assessment questions');

    // The draw is in the saved progress: answer the items in the order shown.
    const suspend = await page.evaluate(
      () => (window as unknown as { API: { cmi: { suspend_data: string } } }).API.cmi.suspend_data,
    );
    const drawn = decodeProgress(suspend).scenarios['final-assessment']!;
    const bank = new Map(final.banks.flatMap((b) => b.items).map((item) => [item.id, item]));
    await answerAll(
      sco,
      drawn.map((id) => bank.get(id)!),
    );
    await sco.getByRole('button', { name: 'Submit assessment' }).waitFor();
    await axe(page, 'final assessment, every question answered');
    await sco.getByRole('button', { name: 'Submit assessment' }).click();
    await sco.getByRole('heading', { level: 2, name: 'Your result' }).waitFor();
    await axe(page, 'final assessment result');

    await sco.getByRole('button', { name: 'View your certificate' }).click();
    await h1(sco, certificate.title);
    await sco.getByRole('button', { name: 'Print the certificate' }).waitFor();
    await axe(page, 'certificate');
    await page.close({ runBeforeUnload: true });

    const again = await launch('course');
    await again.sco.getByText(/^Welcome back — continue where you left off/).waitFor();
    await axe(again.page, 'resume prompt');
    await again.page.close();
  });

  afterAll(() => {
    // Which page kinds were checked, for the log of a passing run.
    console.log(`axe: zero violations on ${checked.length} pages: ${checked.join(', ')}`);
  });
});
