import { resolve } from 'node:path';
import {
  encodeProgressWithin,
  PROGRESS_FORMAT_VERSION,
  SCORM12_SUSPEND_DATA_MAX,
  SHORT_TEXT_MAX,
  type Response,
} from '@course/contracts';
import { courseStats, loadCourse, toCourseBundle } from '../src/index';
// The player's own last-resort compaction, as its SCORM 1.2 tracker uses it.
import { shortTextCompactor } from '../../course-player/src/course/short-text-verdict';

/**
 * The real course in content/ meets the course design's numbers (course-design.md, "Modules"):
 * five lessons of at least 300 words with an interaction each, a case study, a scenario with at
 * least six decision points and two endings, a knowledge check of at least eight scored items of
 * at least three types, every item tagged with competencies.
 */
const loaded = loadCourse(resolve(__dirname, '../../../content'));
const stats = courseStats(loaded);

describe('the course content', () => {
  it('passes content:check and lists modules in order, numbered from 1', () => {
    expect(stats.modules.map((m) => m.number)).toEqual(stats.modules.map((_m, i) => i + 1));
    expect(stats.modules.length).toBe(15);
  });

  it('every competency is assessed by at least 8 scored items across the course', () => {
    for (const [competency, n] of Object.entries(stats.course.scoredItemsPerCompetency))
      expect({ competency, enough: n >= 8 }).toEqual({ competency, enough: true });
    expect(Object.keys(stats.course.scoredItemsPerCompetency)).toHaveLength(13);
  });

  it('has the course-level parts: pre-assessment, final assessment banks, glossary, resources, certificate', () => {
    const c = stats.course;
    expect(c.preAssessmentItems).toBeGreaterThanOrEqual(13);
    for (const [competency, n] of Object.entries(c.finalAssessmentBank))
      expect({ competency, enough: n >= 4 }).toEqual({ competency, enough: true });
    expect(c.finalAssessmentDraw).toBeGreaterThanOrEqual(1);
    expect(c.glossaryTerms).toBeGreaterThanOrEqual(60);
    expect(c.resources).toBeGreaterThanOrEqual(1);
    expect(c.certificate).toBe(true);
  });

  it("a learner's complete progress in the whole-course package fits SCORM 1.2 suspend_data", () => {
    // Every scored item (knowledge checks and one final-assessment draw) answered with its longest
    // structured response and free text of SHORT_TEXT_MAX characters, the first path through every
    // scenario, every page visited. That needs the last stage: free-text answers kept as their verdict.
    const { bundle } = toCourseBundle(loaded);
    const longest = (item: (typeof bundle.modules)[number]['knowledgeCheck']['items'][number]): Response => {
      switch (item.type) {
        case 'single-choice':
          return [item.choices[0]!.id];
        case 'multiple-response':
          return item.choices.map((c) => c.id);
        case 'true-false':
          return true;
        case 'matching':
          return Object.fromEntries(item.pairs.map((p) => [p.id, p.id]));
        case 'ordering':
          return item.steps.map((s) => s.id).reverse();
        case 'categorising':
          return Object.fromEntries(item.entries.map((e) => [e.id, e.category]));
        case 'short-text':
          return 'x'.repeat(SHORT_TEXT_MAX);
        case 'numeric':
          return 123456.5;
      }
    };
    const scored = [
      ...bundle.modules.flatMap((m) => m.knowledgeCheck.items),
      ...(bundle.finalAssessment?.banks.flatMap((b) =>
        b.items.slice(0, bundle.finalAssessment!.drawPerCompetency),
      ) ?? []),
    ];
    const answers = Object.fromEntries(scored.map((i) => [i.id, longest(i)]));
    const scenarios = Object.fromEntries(
      bundle.modules.flatMap((m) => {
        if (!m.scenario) return [];
        const nodes = new Map(m.scenario.nodes.map((n) => [n.id, n]));
        const path: string[] = [];
        let node = nodes.get(m.scenario.start);
        while (node && 'choices' in node && path.length < 50) {
          const choice = node.choices[0]!;
          path.push(choice.id);
          node = nodes.get(choice.next);
        }
        return [[m.scenario.id, path]];
      }),
    );
    const fitted = encodeProgressWithin(
      {
        v: PROGRESS_FORMAT_VERSION,
        location: `${bundle.modules.at(-1)!.id}/summary`,
        visited: bundle.modules.flatMap((m) => [
          `${m.id}/overview`,
          ...m.lessons.map((l) => `${m.id}/${l.id}`),
        ]),
        answers,
        practice: {},
        scenarios: {
          ...scenarios,
          // Once every drawn item is answered the player keeps no pending draw, only the submission date.
          'final-assessment': [],
          'final-assessment-submitted': ['2026-11-23'],
        },
      },
      SCORM12_SUSPEND_DATA_MAX,
      { compactShortText: shortTextCompactor(bundle) },
    );
    expect(fitted).not.toBeNull();
    expect(fitted!.text.length).toBeLessThanOrEqual(SCORM12_SUSPEND_DATA_MAX);
  });

  describe.each(stats.modules.map((m) => [`module ${m.number} (${m.folder})`, m] as const))(
    '%s',
    (_name, m) => {
      it('has five lessons of at least 300 words, each with at least one interaction', () => {
        expect(m.lessons).toBe(5);
        for (const words of m.lessonWords) expect(words).toBeGreaterThanOrEqual(300);
        for (const n of m.lessonInteractions) expect(n).toBeGreaterThanOrEqual(1);
      });
      it('has a case study and a scenario with at least 6 decision points and 2 endings', () => {
        expect(m.caseStudy).toBe(true);
        expect(m.scenarioDecisions).toBeGreaterThanOrEqual(6);
        expect(m.scenarioEndings).toBeGreaterThanOrEqual(2);
      });
      it('has a knowledge check of at least 8 scored items of at least 3 types', () => {
        expect(m.items).toBeGreaterThanOrEqual(8);
        expect(Object.keys(m.itemTypes).length).toBeGreaterThanOrEqual(3);
      });
    },
  );
});
