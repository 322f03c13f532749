import type { Browser, Page } from 'playwright-core';
import { answerCorrectly, bundleOf } from '../support/answer';
import { launchBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { startStack, type Stack } from '../support/stack';

interface StoredStatement {
  object: { id: string };
  result?: { success?: boolean; score?: { scaled?: number; raw?: number } };
}
interface Interaction2004 {
  id: string;
  type: string;
  learner_response: string;
  result: string;
  timestamp: string;
  objectives: Record<string, { id: string }> | Array<{ id: string }>;
}
interface Objective2004 {
  id: string;
  success_status: string;
  score: { scaled: string };
}
interface Cmi2004 {
  completion_status?: string;
  success_status?: string;
  exit?: string;
  session_time?: string;
  score?: { scaled?: string; raw?: string; min?: string; max?: string };
  interactions?: Record<string, Interaction2004> | Interaction2004[];
  objectives?: Record<string, Objective2004> | Objective2004[];
}
interface Attempt {
  cmi?: Cmi2004;
}

/** scorm-again renders CMI arrays as objects keyed "0", "1", …; both read the same here. */
const listOf = <T>(value: Record<string, T> | T[] | undefined): T[] => Object.values(value ?? {});

const TYPE_2004: Record<string, string> = {
  'single-choice': 'choice',
  'multiple-response': 'choice',
  'true-false': 'true-false',
  matching: 'matching',
  categorising: 'matching',
  ordering: 'sequencing',
  'short-text': 'fill-in',
  numeric: 'numeric',
};

/**
 * The SCORM 2004 4th Edition path: content → SCORM 2004 module zip → preview LMS (scorm-again's
 * Scorm2004API as window.API_1484_11) → player → cmi.* values on the LMS, and xAPI from SCORM → LRS.
 */
describe('a learner takes a SCORM 2004 module in the preview LMS', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ formats: ['scorm2004'], scopes: ['modules'] });
    browser = await launchBrowser();
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const lmsValues = (page: Page) =>
    page.evaluate(() => {
      const api = (
        window as unknown as {
          API_1484_11: {
            cmi: {
              completion_status: string;
              success_status: string;
              score: { scaled: string; raw: string };
              interactions: { _count: number };
            };
          };
        }
      ).API_1484_11;
      return {
        completion: api.cmi.completion_status,
        success: api.cmi.success_status,
        scaled: api.cmi.score.scaled,
        raw: api.cmi.score.raw,
        interactions: api.cmi.interactions._count,
      };
    });

  it('takes Module 1 from start to pass: the LMS holds completed, passed, scaled 1, every interaction and the competency objectives', async () => {
    const pkg = stack.packages.find((p) => p.scope === 'm01' && p.format === 'scorm2004')!;
    const packageName = pkg.name.replace(/\.zip$/, '');
    const module = (await bundleOf(pkg.file)).modules[0]!;
    const items = module.knowledgeCheck.items;
    const page = await browser.newPage();
    await page.goto(`${stack.previewUrl}/`);
    await page.getByRole('link', { name: `Launch ${packageName}` }).click();
    await page.getByRole('heading', { name: 'LMS values' }).waitFor();
    await expect(page.getByText('SCORM 2004 4th Edition', { exact: true }).count()).resolves.toBe(1);
    const sco = page.frameLocator('#sco');

    // Overview, the lessons, the case study and the scenario, in order.
    await sco.getByRole('heading', { level: 1, name: module.title }).waitFor();
    const pageTitles = [
      ...module.lessons.map((l) => l.title),
      ...(module.caseStudy ? [module.caseStudy.title] : []),
      ...(module.scenario ? [module.scenario.title] : []),
    ];
    for (const title of pageTitles) {
      await sco.getByRole('button', { name: 'Next', exact: true }).click();
      await sco.getByRole('heading', { level: 1, name: title }).waitFor();
    }
    // While the module is unfinished, the SCO has set completion "incomplete".
    await expect(lmsValues(page)).resolves.toMatchObject({ completion: 'incomplete', success: 'unknown' });
    for (const [i, item] of items.entries()) {
      await sco.getByRole('button', { name: 'Next', exact: true }).click();
      await sco.getByRole('heading', { level: 1, name: `Question ${i + 1} of ${items.length}` }).waitFor();
      await answerCorrectly(sco, item);
      await expect(sco.getByRole('status').filter({ hasText: 'Correct.' }).count()).resolves.toBe(1);
    }
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect(sco.getByText(/Your score: 100%/).count()).resolves.toBe(1);

    // LMS side: the SCORM 2004 runtime on the LMS page holds the result…
    const values = await eventually(
      () => lmsValues(page),
      (v) => v.completion === 'completed',
      'completion_status completed',
    );
    expect(values).toEqual({
      completion: 'completed',
      success: 'passed',
      scaled: '1',
      raw: '100',
      interactions: items.length,
    });

    // …and the LMS server received it in a commit, with every interaction in SCORM 2004 form.
    const attempt = await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => a?.cmi?.success_status === 'passed',
      'a committed passed status',
    );
    const cmi = attempt.cmi!;
    expect(cmi).toMatchObject({
      completion_status: 'completed',
      success_status: 'passed',
      score: { scaled: '1', raw: '100', min: '0', max: '100' },
    });
    const interactions = listOf(cmi.interactions);
    expect(interactions.map((i) => i.id)).toEqual(items.map((i) => i.id));
    for (const [n, item] of items.entries()) {
      const interaction = interactions[n]!;
      expect(interaction.type).toBe(TYPE_2004[item.type]);
      expect(interaction.result).toBe('correct');
      expect(interaction.learner_response).not.toBe('');
      expect(interaction.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$/);
      expect(listOf(interaction.objectives).map((o) => o.id)).toEqual(item.competencies);
    }
    const trueFalse = items.findIndex((i) => i.type === 'true-false');
    if (trueFalse >= 0) expect(interactions[trueFalse]!.learner_response).toMatch(/^(true|false)$/);
    // One objective per competency the module assesses, passed at scaled 1, for the global objectives.
    const competencies = [...new Set(items.flatMap((i) => i.competencies))].sort();
    const objectives = listOf(cmi.objectives).filter((o) => o.id);
    expect(objectives.map((o) => [o.id, o.success_status, o.score.scaled])).toEqual(
      competencies.map((c) => [c, 'passed', '1']),
    );

    // xAPI from SCORM 2004: the LRS holds the passed statement for the module.
    const passed = await eventually(
      async () => {
        const res = await fetch(
          `${stack.lrsUrl}/xapi/statements?verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/passed')}`,
          { headers: { Authorization: stack.readAuth, 'X-Experience-API-Version': '2.0.0' } },
        );
        return ((await res.json()) as { statements: StoredStatement[] }).statements;
      },
      (s) => s.length === 1,
      'the passed statement',
    );
    expect(passed[0]!.result?.score).toMatchObject({ scaled: 1, raw: 100 });

    // Going back to the LMS's package list ends the session (pagehide → Terminate, committed by
    // scorm-again as a beacon): a finished module exits "normal", with the session time.
    await page.goto(`${stack.previewUrl}/`);
    const finished = await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => a?.cmi?.exit === 'normal',
      'a committed exit "normal"',
    );
    expect(finished.cmi?.completion_status).toBe('completed');
    expect(finished.cmi?.session_time).toMatch(/^PT(\d+H)?(\d+M)?[\d.]+S$/);
    await page.close();
  });

  it('suspends when the learner leaves early and resumes there on the next launch (cmi.entry "resume")', async () => {
    const pkg = stack.packages.find((p) => p.scope === 'm02' && p.format === 'scorm2004')!;
    const packageName = pkg.name.replace(/\.zip$/, '');
    const module = (await bundleOf(pkg.file)).modules[0]!;
    const page = await browser.newPage();
    await page.goto(`${stack.previewUrl}/launch/${packageName}`);
    const sco = page.frameLocator('#sco');
    await sco.getByRole('heading', { level: 1, name: module.title }).waitFor();
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('heading', { level: 1, name: module.lessons[1]!.title }).waitFor();
    await page.goto(`${stack.previewUrl}/`);
    const left = await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => a?.cmi?.exit === 'suspend',
      'a committed exit "suspend"',
    );
    expect(left.cmi).toMatchObject({ completion_status: 'incomplete', success_status: 'unknown' });

    await page.goto(`${stack.previewUrl}/launch/${packageName}`);
    const again = page.frameLocator('#sco');
    await again.getByText(/^Welcome back/).waitFor();
    await again.getByRole('heading', { level: 1, name: module.lessons[1]!.title }).waitFor();
    await expect(
      page.evaluate(
        () => (window as unknown as { API_1484_11: { cmi: { entry: string } } }).API_1484_11.cmi.entry,
      ),
    ).resolves.toBe('resume');
    await page.close();
  });
});
