import {
  fixtureBundle,
  fixtureCourseBundle,
  fixtureProgress as progress,
} from '../../test/fixtures/fixtures';
import { fillCertificate, formatDay } from './certificate';
import {
  drawFinalItems,
  drawnItems,
  FINAL_DRAW_KEY,
  FINAL_SUBMITTED_KEY,
  finalResult,
  finalState,
  localDay,
} from './final-assessment';
import { coursePages, practiceItems } from './pages';
import { diagnose } from './pre-assessment';
import { restoreProgress } from './restore-progress';

const course = fixtureCourseBundle();
const final = course.finalAssessment!;
const pages = coursePages(course);

/** A `random` that returns the given values in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('course pages of a course package', () => {
  it('starts with the pre-assessment and ends with the final assessment and the certificate', () => {
    const keys = pages.map((p) => `${p.kind}:${p.key}`);
    expect(keys[0]).toBe('pre-assessment:course/pre-assessment');
    expect(keys.slice(-3)).toEqual([
      'summary:more/summary',
      'final-assessment:course/final-assessment',
      'certificate:course/certificate',
    ]);
    expect(pages.filter((p) => p.kind === 'overview').map((p) => p.key)).toEqual([
      'basics/overview',
      'more/overview',
    ]);
  });

  it('has none of them in a module package', () => {
    expect(coursePages(fixtureBundle()).some((p) => p.module === null)).toBe(false);
  });

  it('counts the pre-assessment items as practice', () => {
    expect(practiceItems(course).map((i) => i.id)).toEqual(
      expect.arrayContaining(['pre-c01', 'pre-c02', 'basics-l1-q1', 'more-l1-q1']),
    );
  });
});

describe('pre-assessment diagnosis', () => {
  const pre = course.preAssessment!;
  it('waits until every item is answered', () => {
    expect(diagnose(course, pre, { 'pre-c01': true })).toBeNull();
  });

  it('says "secure" or "focus here" per competency, with the modules that build it', () => {
    const diagnosis = diagnose(course, pre, { 'pre-c01': true, 'pre-c02': ['b'] })!;
    expect(diagnosis.map((d) => [d.competency.id, d.secure, d.modules.map((m) => m.id)])).toEqual([
      ['C01', true, ['basics']],
      ['C02', false, ['basics', 'more']],
    ]);
  });
});

describe('final assessment', () => {
  it('draws drawPerCompetency items at random from each bank, shown in bank order', () => {
    expect(drawFinalItems(final, () => 0)).toEqual(['fin-c01-1', 'fin-c01-2', 'fin-c02-1', 'fin-c02-2']);
    expect(drawFinalItems(final, () => 0.99)).toEqual(['fin-c01-1', 'fin-c01-3', 'fin-c02-1', 'fin-c02-3']);
    expect(drawFinalItems(final, sequence(0.5, 0.5))).toEqual([
      'fin-c01-2',
      'fin-c01-3',
      'fin-c02-2',
      'fin-c02-3',
    ]);
    for (let i = 0; i < 50; i += 1) {
      const drawn = drawFinalItems(final);
      expect(new Set(drawn).size).toBe(4);
      expect(drawn.filter((id) => id.startsWith('fin-c01-'))).toHaveLength(2);
    }
  });

  it('takes a whole bank smaller than the draw', () => {
    expect(drawFinalItems({ ...final, drawPerCompetency: 5 }, () => 0)).toHaveLength(6);
  });

  it('finds the drawn items, or null when one is no longer in a bank', () => {
    expect(drawnItems(final, ['fin-c02-1', 'fin-c01-3'])!.map((i) => i.id)).toEqual([
      'fin-c02-1',
      'fin-c01-3',
    ]);
    expect(drawnItems(final, ['fin-c02-1', 'gone'])).toBeNull();
  });

  it('scores the attempt against the pass mark, per competency, with the missed items', () => {
    const items = drawnItems(final, ['fin-c01-1', 'fin-c01-2', 'fin-c02-1', 'fin-c02-2'])!;
    const result = finalResult(
      final,
      items,
      { 'fin-c01-1': false, 'fin-c01-2': true, 'fin-c02-1': false, 'fin-c02-2': false },
      80,
    );
    expect(result).toMatchObject({ percent: 75, correct: 3, total: 4, passed: false });
    expect(result.competencies).toEqual([
      { competency: 'C01', correct: 2, total: 2 },
      { competency: 'C02', correct: 1, total: 2 },
    ]);
    expect(result.missed.map((i) => i.id)).toEqual(['fin-c02-2']);
    expect(finalResult(final, items, { 'fin-c01-1': false }, 0).passed).toBe(true);
  });

  it('reads the attempt from the unanswered drawn ids and the answers', () => {
    const none = { drawn: null, submittedOn: null };
    expect(finalState(final, {}, {})).toEqual(none);
    expect(
      finalState(final, { [FINAL_DRAW_KEY]: ['fin-c02-3', 'fin-c01-1', 'fin-c01-2', 'fin-c02-1'] }, {}),
    ).toEqual({
      drawn: ['fin-c01-1', 'fin-c01-2', 'fin-c02-1', 'fin-c02-3'],
      submittedOn: null,
    });
    const answered = { 'fin-c01-1': true, 'fin-c01-2': true, 'fin-c02-1': true, 'fin-c02-3': true };
    const submitted = { [FINAL_DRAW_KEY]: [], [FINAL_SUBMITTED_KEY]: ['2026-03-04'] };
    expect(finalState(final, submitted, answered)).toEqual({
      drawn: ['fin-c01-1', 'fin-c01-2', 'fin-c02-1', 'fin-c02-3'],
      submittedOn: '2026-03-04',
    });
    expect(
      finalState(
        final,
        { ...submitted, [FINAL_DRAW_KEY]: ['fin-c02-3'] },
        { 'fin-c01-1': true, 'fin-c01-2': true, 'fin-c02-1': true },
      ),
    ).toMatchObject({ submittedOn: null });
    // A draw that no longer fits the banks: an unknown id, or a bank with too many or too few drawn.
    expect(finalState(final, { [FINAL_DRAW_KEY]: ['gone'] }, answered)).toEqual(none);
    expect(finalState(final, { [FINAL_DRAW_KEY]: ['fin-c01-3'] }, answered)).toEqual(none);
    expect(finalState(final, { [FINAL_DRAW_KEY]: [] }, { 'fin-c01-1': true })).toEqual(none);
    expect(finalState(final, { [FINAL_SUBMITTED_KEY]: ['2026-03-04'] }, answered)).toEqual(none);
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('restoring the course-level parts', () => {
  const saved = {
    location: 'course/final-assessment',
    answers: { 'fin-c01-1': false, 'fin-c01-3': true, 'fin-c02-2': true, 'basics-q3': false },
    practice: { 'pre-c01': true },
    scenarios: { [FINAL_DRAW_KEY]: ['fin-c02-3'] },
  };

  it('keeps the attempt: the unanswered drawn ids, the answers to the drawn items, and pre-assessment answers', () => {
    const restored = restoreProgress(progress(saved), pages, course);
    expect(pages[restored.index]!.kind).toBe('final-assessment');
    expect(restored.scenarios).toEqual({ [FINAL_DRAW_KEY]: ['fin-c02-3'] });
    expect(restored.answers).toEqual(saved.answers);
    expect(restored.practice).toEqual({ 'pre-c01': true });
  });

  it('keeps a submission once every drawn item is answered', () => {
    const submitted = {
      ...saved,
      answers: { ...saved.answers, 'fin-c02-3': true },
      scenarios: { [FINAL_DRAW_KEY]: [], [FINAL_SUBMITTED_KEY]: ['2026-03-04'] },
    };
    expect(restoreProgress(progress(submitted), pages, course).scenarios).toEqual(submitted.scenarios);
    expect(
      restoreProgress(
        progress({ ...saved, scenarios: { ...saved.scenarios, [FINAL_SUBMITTED_KEY]: ['2026-03-04'] } }),
        pages,
        course,
      ).scenarios,
    ).toEqual({ [FINAL_DRAW_KEY]: ['fin-c02-3'] });
  });

  it('drops the attempt and its answers when the draw no longer fits the banks, and in a module package', () => {
    const changed = restoreProgress(
      progress({ ...saved, scenarios: { [FINAL_DRAW_KEY]: ['gone'] } }),
      pages,
      course,
    );
    expect(changed.scenarios).toEqual({});
    expect(changed.answers).toEqual({ 'basics-q3': false });
    const module = fixtureBundle();
    const restored = restoreProgress(progress(saved), coursePages(module), module);
    expect(restored.scenarios).toEqual({});
    expect(restored.answers).toEqual({ 'basics-q3': false });
  });
});

describe('certificate', () => {
  const body =
    '<p>This certifies that <strong>{learner}</strong> completed <em>{course}</em> on {date} with {score}.</p>';
  const values = {
    learner: 'Jane <Doe>',
    course: 'A & B',
    date: '4 March 2026',
    score: '92%',
    blankLabel: 'learner name',
  };

  it('fills in the placeholders as text', () => {
    expect(fillCertificate(body, values)).toBe(
      '<p>This certifies that <strong>Jane &lt;Doe&gt;</strong> completed <em>A &amp; B</em> on 4 March 2026 with 92%.</p>',
    );
  });

  it('leaves a line to write on for a blank name', () => {
    expect(fillCertificate(body, { ...values, learner: '  ' })).toContain(
      '<strong><span class="write-in"><span class="visually-hidden">learner name</span></span></strong>',
    );
  });

  it('writes the date in the course language', () => {
    expect(formatDay('2026-03-04', 'en')).toBe('March 4, 2026');
    expect(formatDay('2026-03-04', 'fr')).toBe('4 mars 2026');
    expect(formatDay('2026-03-04', 'not a language!')).toBe('March 4, 2026');
  });
});
