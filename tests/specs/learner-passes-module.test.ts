import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { answerCorrectly, bundleOf } from '../support/answer';
import { startStack, type Stack } from '../support/stack';

interface StoredStatement {
  actor: { account?: { name: string } };
  object: { id: string };
  result?: { success?: boolean; response?: string; score?: { scaled?: number; raw?: number } };
  authority?: unknown;
}
interface Attempt {
  cmi?: { suspend_data?: string; core?: { lesson_status?: string; score?: { raw?: string } } };
}
interface Scorm12Cmi {
  core: { lesson_status: string; lesson_location: string; score: { raw: string } };
  interactions: { _count: number };
}

/**
 * The whole path, driven as a screen-reader user would (roles and accessible names):
 * content → SCORM 1.2 zip → preview LMS (scorm-again) → player → cmi.core values → xAPI statement → LRS.
 */
describe('a learner takes a module in the preview LMS', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function statements(query: string): Promise<StoredStatement[]> {
    const res = await fetch(`${stack.lrsUrl}/xapi/statements?${query}`, {
      headers: { Authorization: stack.readAuth, 'X-Experience-API-Version': '2.0.0' },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { statements: StoredStatement[] }).statements;
  }

  async function eventually<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 15000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const cmi = (page: Page) =>
    page.evaluate(() => {
      const api = (window as unknown as { API: { cmi: Scorm12Cmi } }).API;
      return {
        status: api.cmi.core.lesson_status,
        raw: api.cmi.core.score.raw,
        location: api.cmi.core.lesson_location,
        interactions: api.cmi.interactions._count,
      };
    });

  it('takes Module 1 from start to pass: LMS holds passed and 100, the LRS holds every answer', async () => {
    const pkg = stack.packages.find((p) => p.scope === 'm01')!;
    const packageName = pkg.name.replace(/\.zip$/, '');
    const module = (await bundleOf(pkg.file)).modules[0]!;
    const items = module.knowledgeCheck.items;
    const page = await browser.newPage();
    await page.goto(`${stack.previewUrl}/`);
    await page.getByRole('link', { name: `Launch ${packageName}` }).click();
    const sco = page.frameLocator('#sco');

    // Overview, the five lessons, the case study and the scenario, in order.
    await sco.getByRole('heading', { level: 1, name: module.title }).waitFor();
    const pageTitles = [
      ...module.lessons.map((l) => l.title),
      module.caseStudy!.title,
      module.scenario!.title,
    ];
    for (const title of pageTitles) {
      await sco.getByRole('button', { name: 'Next', exact: true }).click();
      await sco.getByRole('heading', { level: 1, name: title }).waitFor();
    }
    // Every knowledge-check question, answered correctly through the UI.
    for (const [i, item] of items.entries()) {
      await sco.getByRole('button', { name: 'Next', exact: true }).click();
      await sco.getByRole('heading', { level: 1, name: `Question ${i + 1} of ${items.length}` }).waitFor();
      await answerCorrectly(sco, item);
      await expect(sco.getByRole('status').filter({ hasText: 'Correct.' }).count()).resolves.toBe(1);
    }
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect(sco.getByText(/Your score: 100%/).count()).resolves.toBe(1);
    await expect(sco.getByText(/You passed/).count()).resolves.toBe(1);

    // LMS side: the SCORM 1.2 runtime on the LMS page holds the result…
    const values = await eventually(
      () => cmi(page),
      (v) => v.status === 'passed',
      'lesson_status passed',
    );
    expect(values).toMatchObject({ status: 'passed', raw: '100' });
    expect(values.interactions).toBe(items.length);
    // …and the LMS server received it in a commit.
    const attempt = await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => a?.cmi?.core?.lesson_status === 'passed',
      'a committed passed status',
    );
    expect(attempt.cmi?.core?.score?.raw).toBe('100');

    // LRS side: every scored answer arrived as an xAPI statement and reads back with GET /xapi/statements.
    const answered = await eventually(
      () => statements(`verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/answered')}&limit=500`),
      (s) => items.every((item) => s.some((st) => st.object.id === item.iri)),
      'an answered statement for every knowledge-check item',
    );
    for (const item of items) {
      const statement = answered.find((s) => s.object.id === item.iri)!;
      expect(statement.result).toMatchObject({ success: true });
      expect(statement.actor).toMatchObject({ account: { name: 'preview-learner' } });
      expect(statement.authority).toBeDefined();
    }
    const passed = await eventually(
      () => statements(`verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/passed')}`),
      (s) => s.length === 1,
      'the passed statement',
    );
    expect(passed[0]!.result?.score).toMatchObject({ scaled: 1, raw: 100 });
    await page.close();
  });

  it('resumes where the learner left off when the package is launched again', async () => {
    const pkg = stack.packages.find((p) => p.scope === 'm02')!;
    const packageName = pkg.name.replace(/\.zip$/, '');
    const module = (await bundleOf(pkg.file)).modules[0]!;
    const first = await browser.newPage();
    await first.goto(`${stack.previewUrl}/launch/${packageName}`);
    const sco = first.frameLocator('#sco');
    await sco.getByRole('heading', { level: 1, name: module.title }).waitFor();
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('button', { name: 'Next', exact: true }).click();
    await sco.getByRole('heading', { level: 1, name: module.lessons[1]!.title }).waitFor();
    await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => (a?.cmi?.suspend_data ?? '').includes(module.lessons[1]!.id),
      'committed suspend data at the second lesson',
    );
    await first.close({ runBeforeUnload: true });

    const second = await browser.newPage();
    await second.goto(`${stack.previewUrl}/launch/${packageName}`);
    const again = second.frameLocator('#sco');
    await again
      .getByText(/^Welcome back — continue where you left off \(page 3\) or start again\.$/)
      .waitFor();
    await again.getByRole('heading', { level: 1, name: module.lessons[1]!.title }).waitFor();
    await second.close();
  });
});
