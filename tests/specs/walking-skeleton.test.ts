import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

/**
 * The thin path of issue 2, driven as a screen-reader user would (roles and accessible names):
 * content → SCORM 1.2 zip → preview LMS (scorm-again) → player → cmi.core values → xAPI statement → LRS.
 */
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

describe('walking skeleton: a learner passes the sample module in the preview LMS', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
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

  it('answers the question, reports passed with score 100 to the LMS, and stores the statement in the LRS', async () => {
    const course = stack.packages.find((p) => p.scope === 'course')!;
    const packageName = course.name.replace(/\.zip$/, '');
    const page = await browser.newPage();
    await page.goto(`${stack.previewUrl}/`);
    await page.getByRole('link', { name: `Launch ${packageName}` }).click();

    const sco = page.frameLocator('#sco');
    await sco.getByRole('heading', { name: 'The four elements of migrant smuggling' }).waitFor();
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco
      .getByRole('radio', { name: 'The aim of obtaining a financial or other material benefit' })
      .check();
    await sco.getByRole('button', { name: 'Submit answer' }).click();
    await expect(sco.getByRole('status').filter({ hasText: 'Correct.' }).textContent()).resolves.toContain(
      'art. 3(a)',
    );
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco.getByRole('heading', { name: 'Results' }).waitFor();
    await expect(sco.getByText(/Your score: 100%/).count()).resolves.toBe(1);
    await expect(sco.getByText(/You passed/).count()).resolves.toBe(1);

    // LMS side: the SCORM 1.2 runtime on the LMS page holds the result…
    const values = await eventually(
      () => cmi(page),
      (v) => v.status === 'passed',
      'lesson_status passed',
    );
    expect(values).toMatchObject({ status: 'passed', raw: '100' });
    expect(values.interactions).toBe(1);
    // …and the LMS server received it in a commit.
    const attempt = await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => a?.cmi?.core?.lesson_status === 'passed',
      'a committed passed status',
    );
    expect(attempt.cmi?.core?.score?.raw).toBe('100');

    // LRS side: the answer arrived as an xAPI statement and reads back with GET /xapi/statements.
    const answered = await eventually(
      () => statements(`verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/answered')}`),
      (s) => s.length === 1,
      'the answered statement',
    );
    const statement = answered[0]!;
    expect(statement.object.id).toMatch(/\/walkthrough\/question\/walkthrough-q1$/);
    expect(statement.result).toMatchObject({ success: true, response: 'b' });
    expect(statement.actor).toMatchObject({ account: { name: 'preview-learner' } });
    expect(statement.authority).toBeDefined();
    const passed = await eventually(
      () => statements(`verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/passed')}`),
      (s) => s.length === 1,
      'the passed statement',
    );
    expect(passed[0]!.result?.score).toMatchObject({ scaled: 1, raw: 100 });
    await page.close();
  });

  it('resumes where the learner left off when the package is launched again', async () => {
    const module = stack.packages.find((p) => p.scope === 'walkthrough')!;
    const packageName = module.name.replace(/\.zip$/, '');
    const first = await browser.newPage();
    await first.goto(`${stack.previewUrl}/launch/${packageName}`);
    const sco = first.frameLocator('#sco');
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco
      .getByRole('radio', { name: 'The aim of obtaining a financial or other material benefit' })
      .waitFor();
    await eventually(
      async () => (await fetch(`${stack.previewUrl}/api/attempts/${packageName}`)).json() as Promise<Attempt>,
      (a) => typeof a?.cmi?.suspend_data === 'string' && a.cmi.suspend_data.length > 0,
      'committed suspend data',
    );
    await first.close({ runBeforeUnload: true });

    const second = await browser.newPage();
    await second.goto(`${stack.previewUrl}/launch/${packageName}`);
    const again = second.frameLocator('#sco');
    await again.getByText('Welcome back — you are where you left off.').waitFor();
    await again
      .getByRole('radio', { name: 'The aim of obtaining a financial or other material benefit' })
      .waitFor();
    await second.close();
  });
});
