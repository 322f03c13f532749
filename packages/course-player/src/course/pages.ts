import type {
  BundleCaseStudy,
  BundleItem,
  BundleLesson,
  BundleModule,
  BundleScenario,
  CourseBundle,
  Segment,
} from '@course/contracts';

/** Page ids of a module's own pages; content ids are slugs, unique course-wide, and these are reserved. */
export const OVERVIEW_PAGE_ID = 'overview';
export const RESULTS_PAGE_ID = 'results';
export const SUMMARY_PAGE_ID = 'summary';

interface PageBase {
  /** `<moduleId>/<pageId>`: what progress stores as `location` and `visited`. */
  key: string;
  module: BundleModule;
  moduleIndex: number;
}

export type Page =
  | (PageBase & { kind: 'overview' })
  | (PageBase & { kind: 'lesson'; lesson: BundleLesson })
  | (PageBase & { kind: 'case-study'; caseStudy: BundleCaseStudy })
  | (PageBase & { kind: 'scenario'; scenario: BundleScenario })
  | (PageBase & { kind: 'question'; item: BundleItem; number: number; total: number })
  | (PageBase & { kind: 'results' })
  | (PageBase & { kind: 'summary' });

export const pageKey = (module: BundleModule, pageId: string) => `${module.id}/${pageId}`;

/**
 * Every page of the package in order. Per module: overview, lessons, case study, scenario, the
 * knowledge-check items one per page, results, summary.
 */
export function coursePages(bundle: CourseBundle): Page[] {
  return bundle.modules.flatMap((module, moduleIndex): Page[] => {
    const base = (pageId: string): PageBase => ({ key: pageKey(module, pageId), module, moduleIndex });
    const items = module.knowledgeCheck.items;
    return [
      { kind: 'overview', ...base(OVERVIEW_PAGE_ID) },
      ...module.lessons.map((lesson): Page => ({ kind: 'lesson', ...base(lesson.id), lesson })),
      ...(module.caseStudy
        ? [{ kind: 'case-study' as const, ...base(module.caseStudy.id), caseStudy: module.caseStudy }]
        : []),
      ...(module.scenario
        ? [{ kind: 'scenario' as const, ...base(module.scenario.id), scenario: module.scenario }]
        : []),
      ...items.map((item, i): Page => ({
        kind: 'question',
        ...base(item.id),
        item,
        number: i + 1,
        total: items.length,
      })),
      { kind: 'results', ...base(RESULTS_PAGE_ID) },
      { kind: 'summary', ...base(SUMMARY_PAGE_ID) },
    ];
  });
}

const itemsOf = (segments: readonly Segment[]): BundleItem[] =>
  segments.flatMap((s) =>
    s.kind === 'block' && 'iri' in s.block && 'competencies' in s.block ? [s.block as BundleItem] : [],
  );

/** Items in lessons and case studies: answered for practice, not scored. */
export function practiceItems(bundle: CourseBundle): BundleItem[] {
  return bundle.modules.flatMap((m) => [
    ...m.lessons.flatMap((l) => itemsOf(l.segments)),
    ...(m.caseStudy ? itemsOf(m.caseStudy.segments) : []),
  ]);
}
