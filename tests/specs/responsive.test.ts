import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPackages, type BuiltPackage } from '@course/builder';
import { decodeProgress, type BundleItem, type CourseBundle } from '@course/contracts';
import { importFolder, startPreviewLms, type RunningPreview } from '@course/preview-lms';
import { answerCorrectly, bundleOf } from '../support/answer';
import { launchBrowser } from '../support/browser';
import { REPO_ROOT } from '../support/stack';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The narrowest screen the course supports (issue 6: "responsive from 320 px wide"). */
const PHONE = { width: 320, height: 640 };

/**
 * A minimal SCORM 1.2 API in the page itself: the player connects as it would in an LMS (no "cannot
 * reach your learning platform" banner) without the preview LMS's frame, whose own margins would make
 * the player narrower than the phone.
 */
function installScorm12Api(): void {
  const values: Record<string, string> = {
    'cmi.core.student_id': 'learner-320',
    'cmi.core.student_name': 'Phone, Learner',
    'cmi.core.lesson_status': 'not attempted',
    'cmi.core.entry': 'ab-initio',
    'cmi.interactions._count': '0',
  };
  const ok = () => 'true';
  (window as unknown as { API: unknown }).API = {
    LMSInitialize: ok,
    LMSFinish: ok,
    LMSCommit: ok,
    LMSGetValue: (key: string) => values[key] ?? '',
    LMSSetValue: (key: string, value: string) => {
      values[key] = String(value);
      const n = /^cmi\.interactions\.(\d+)\.id$/.exec(key);
      if (n)
        values['cmi.interactions._count'] = String(
          Math.max(Number(values['cmi.interactions._count']), Number(n[1]) + 1),
        );
      return 'true';
    },
    LMSGetLastError: () => '0',
    LMSGetErrorString: () => '',
    LMSGetDiagnostic: () => '',
  };
}

interface Overflow {
  scrollWidth: number;
  clientWidth: number;
  /** Elements reaching past the viewport's inline edges, for the failure message. */
  culprits: string[];
}

/**
 * Every page of the Module 1 package at 320 × 640 in Chromium: no horizontal scrolling
 * (`document.scrollingElement.scrollWidth <= clientWidth`) on the overview, the open contents menu, the
 * glossary and resources panels, each lesson, the case study, the scenario (a decision, an ending), every knowledge-check
 * question (ordering, categorising and matching among them) before and after its feedback, the
 * results and the summary; and left to right as well as right to left. Then the course package's own
 * pages: the pre-assessment and its outcome, the final assessment (introduction, questions, result)
 * and the certificate. axe-core checks the contents menu opened from its disclosure button.
 */
describe('the player at 320 px wide', () => {
  let preview: RunningPreview;
  let browser: Browser;
  let pkg: BuiltPackage;
  let coursePkg: BuiltPackage;
  let bundle: CourseBundle;
  const checked: string[] = [];
  /** What overflowed on the pages walked so far; every page is walked before the test reports. */
  let overflows: string[] = [];

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'responsive-packages-'));
    const packages = await buildPackages({
      contentDir: join(REPO_ROOT, 'content'),
      outDir,
      formats: ['scorm12'],
    });
    pkg = packages.find((p) => p.scope === 'm01')!;
    coursePkg = packages.find((p) => p.scope === 'course')!;
    bundle = await bundleOf(pkg.file);
    const wanted = new Set([pkg, coursePkg].map((p) => p.name.replace(/\.zip$/, '')));
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

  async function open(which: BuiltPackage = pkg): Promise<Page> {
    const page = await browser.newPage({ viewport: PHONE, reducedMotion: 'reduce' });
    await page.addInitScript(installScorm12Api);
    await page.goto(`${preview.url}/pkg/${encodeURIComponent(which.name.replace(/\.zip$/, ''))}/index.html`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    return page;
  }

  /** Records horizontal scrolling of the document, or inside an open dialog; `what` names the page. */
  async function noHorizontalScroll(page: Page, what: string): Promise<void> {
    const measured = await page.evaluate((): Overflow[] => {
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${Array.from(el.classList).join('.')}` : ''}`;
      const culpritsOf = (root: Element, limit: number) =>
        Array.from(root.querySelectorAll('*'))
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5);
          })
          .slice(0, 8)
          .map(
            (el) =>
              `${describe(el)} [${Math.round(el.getBoundingClientRect().left)}, ${Math.round(el.getBoundingClientRect().right)}]`,
          );
      const doc = document.scrollingElement!;
      const results: Overflow[] = [
        {
          scrollWidth: doc.scrollWidth,
          clientWidth: doc.clientWidth,
          culprits: culpritsOf(document.body, doc.clientWidth),
        },
      ];
      const dialog =
        document.querySelector('[role="dialog"] .panel-body') ?? document.querySelector('[role="dialog"]');
      if (dialog)
        results.push({
          scrollWidth: dialog.scrollWidth,
          clientWidth: dialog.clientWidth,
          culprits: culpritsOf(dialog, dialog.getBoundingClientRect().right),
        });
      return results;
    });
    for (const [i, m] of measured.entries())
      if (m.scrollWidth > m.clientWidth)
        overflows.push(
          `${what} (${i === 0 ? 'document' : 'dialog'}): scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}; ` +
            `past the edge: ${m.culprits.join(', ')}`,
        );
    checked.push(what);
  }

  const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();
  const h1 = (page: Page, name: string) =>
    page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

  /** Answers each item of a page that shows several, each inside its own list entry. */
  async function answerAll(page: Page, items: BundleItem[]): Promise<void> {
    for (const [i, item] of items.entries()) {
      const entry = page.locator('li.assessment-item').nth(i);
      await answerCorrectly(entry, item);
      await entry
        .getByRole('status')
        .filter({ hasText: /^(Correct\.|Not quite\.|Answer recorded\.)/ })
        .waitFor();
    }
  }

  async function walkModule(page: Page, direction: 'ltr' | 'rtl'): Promise<void> {
    const module = bundle.modules[0]!;
    const suffix = direction === 'rtl' ? ', right to left' : '';
    if (direction === 'rtl') await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    await h1(page, module.title);
    await noHorizontalScroll(page, `overview${suffix}`);

    // The contents, behind their disclosure button on a phone: the module's progress and lessons.
    await page.getByRole('button', { name: 'Course contents' }).click();
    await page.getByRole('navigation', { name: 'Course contents' }).getByRole('list').first().waitFor();
    await noHorizontalScroll(page, `contents menu${suffix}`);
    await page.getByRole('button', { name: 'Course contents' }).click();
    await page.getByRole('navigation', { name: 'Course contents' }).waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Glossary', exact: true }).click();
    await page.getByRole('dialog', { name: 'Glossary' }).waitFor();
    await noHorizontalScroll(page, `glossary panel${suffix}`);
    await page.keyboard.press('Escape');
    if (bundle.resources) {
      await page.getByRole('button', { name: 'Resources', exact: true }).click();
      await page.getByRole('dialog', { name: 'Resources' }).waitFor();
      await noHorizontalScroll(page, `resources panel${suffix}`);
      await page.keyboard.press('Escape');
    }
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    for (const lesson of module.lessons) {
      await next(page);
      await h1(page, lesson.title);
      await noHorizontalScroll(page, `lesson "${lesson.title}"${suffix}`);
    }
    await next(page);
    await h1(page, module.caseStudy!.title);
    await noHorizontalScroll(page, `case study${suffix}`);

    await next(page);
    await h1(page, module.scenario!.title);
    await noHorizontalScroll(page, `scenario${suffix}`);
    // Play to an ending: the first choice each time, then Continue.
    for (let step = 0; step < 20; step += 1) {
      const restart = page.getByRole('button', { name: 'Restart the scenario' });
      if (await restart.count()) break;
      await page.locator('.scenario-choice').first().click();
      await page.getByRole('button', { name: 'Continue', exact: true }).waitFor();
      if (step === 0) await noHorizontalScroll(page, `scenario after a decision${suffix}`);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
    }
    await page.getByRole('button', { name: 'Restart the scenario' }).waitFor();
    await noHorizontalScroll(page, `scenario ending and debrief${suffix}`);

    const items = module.knowledgeCheck.items;
    for (const [i, item] of items.entries()) {
      await next(page);
      await h1(page, `Question ${i + 1} of ${items.length}`);
      await noHorizontalScroll(page, `question ${i + 1} (${item.type})${suffix}`);
      await answerCorrectly(page.locator('main'), item);
      await page.getByRole('status').filter({ hasText: 'Correct.' }).waitFor();
      await noHorizontalScroll(page, `question ${i + 1} (${item.type}) with feedback${suffix}`);
    }
    await next(page);
    await h1(page, 'Results');
    await noHorizontalScroll(page, `results${suffix}`);
    await next(page);
    await h1(page, 'Summary');
    await noHorizontalScroll(page, `summary${suffix}`);
  }

  it('Module 1, left to right: every page kind, every question layout, the panels', async () => {
    const types = new Set(bundle.modules[0]!.knowledgeCheck.items.map((i: BundleItem) => i.type));
    for (const layout of ['ordering', 'categorising', 'matching'] as const) expect(types).toContain(layout);
    const page = await open();
    overflows = [];
    await walkModule(page, 'ltr');
    expect(overflows).toEqual([]);
    await page.close();
  });

  it('Module 1, right to left', async () => {
    const page = await open();
    overflows = [];
    await walkModule(page, 'rtl');
    expect(overflows).toEqual([]);
    await page.close();
  });

  it('the disclosure button and the open contents menu pass axe-core at 320 px', async () => {
    const page = await open();
    const toggle = page.getByRole('button', { name: 'Course contents' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }
      ).axe.run(document);
      return (result as { violations: Array<{ id: string; help: string }> }).violations.map(
        (v) => `${v.id}: ${v.help}`,
      );
    });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('course package: pre-assessment, final assessment and certificate', async () => {
    const page = await open(coursePkg);
    const course = await bundleOf(coursePkg.file);
    const pre = course.preAssessment;
    const final = course.finalAssessment;
    const certificate = course.certificate;
    if (!pre || !final || !certificate)
      throw new Error('the course package has no pre-assessment, final assessment or certificate');
    overflows = [];
    await h1(page, pre.title);
    await noHorizontalScroll(page, 'pre-assessment');
    await answerAll(page, pre.items);
    await page.getByRole('region', { name: 'Your starting point' }).waitFor();
    await noHorizontalScroll(page, 'pre-assessment outcome');

    await page.getByRole('button', { name: 'Course contents' }).click();
    await noHorizontalScroll(page, 'contents menu of the course');
    await page
      .getByRole('navigation', { name: 'Course contents' })
      .getByRole('button', { name: final.title, exact: true })
      .click();
    await h1(page, final.title);
    await noHorizontalScroll(page, 'final assessment introduction');
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.locator('li.assessment-item').first().waitFor();
    await noHorizontalScroll(page, 'final assessment questions');
    const suspend = await page.evaluate(() =>
      (window as unknown as { API: { LMSGetValue: (k: string) => string } }).API.LMSGetValue(
        'cmi.suspend_data',
      ),
    );
    const drawn = decodeProgress(suspend).scenarios['final-assessment']!;
    const bank = new Map(final.banks.flatMap((b) => b.items).map((item) => [item.id, item]));
    await answerAll(
      page,
      drawn.map((id) => bank.get(id)!),
    );
    await page.getByRole('button', { name: 'Submit assessment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Your result' }).waitFor();
    await noHorizontalScroll(page, 'final assessment result');
    await page.getByRole('button', { name: 'View your certificate' }).click();
    await h1(page, certificate.title);
    await noHorizontalScroll(page, 'certificate');
    expect(overflows).toEqual([]);
    await page.close();
  });

  afterAll(() => {
    console.log(`320 px: horizontal scrolling checked on ${checked.length} pages: ${checked.join(', ')}`);
  });
});
