import { resolve } from 'node:path';
import { courseStats, loadCourse } from '../src/index';

/**
 * The real course in content/ meets the course design's numbers (course-design.md, "Modules"):
 * five lessons of at least 300 words with an interaction each, a case study, a scenario with at
 * least six decision points and two endings, a knowledge check of at least eight scored items of
 * at least three types, every item tagged with competencies.
 */
const stats = courseStats(loadCourse(resolve(__dirname, '../../../content')));

describe('the course content', () => {
  it('passes content:check and lists modules in order, numbered from 1', () => {
    expect(stats.modules.map((m) => m.number)).toEqual(stats.modules.map((_m, i) => i + 1));
    expect(stats.modules.length).toBeGreaterThanOrEqual(5);
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
