import type {
  BundleCaseStudy,
  BundleCertificate,
  BundleFinalAssessment,
  BundleItem,
  BundleLesson,
  BundleModule,
  BundlePreAssessment,
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

/** Course-level pages (course packages only) are keyed `course/<pageId>`: `course` is reserved, as these ids are. */
export const COURSE_PAGE_PREFIX = 'course';
export const PRE_ASSESSMENT_PAGE_KEY = `${COURSE_PAGE_PREFIX}/pre-assessment`;
export const FINAL_ASSESSMENT_PAGE_KEY = `${COURSE_PAGE_PREFIX}/final-assessment`;
export const CERTIFICATE_PAGE_KEY = `${COURSE_PAGE_PREFIX}/certificate`;

interface CoursePageBase {
  key: string;
  module: null;
  moduleIndex: -1;
}

export type Page =
  | (CoursePageBase & { kind: 'pre-assessment'; assessment: BundlePreAssessment })
  | (CoursePageBase & { kind: 'final-assessment'; assessment: BundleFinalAssessment })
  | (CoursePageBase & {
      kind: 'certificate';
      certificate: BundleCertificate;
      assessment: BundleFinalAssessment;
    })
  | (PageBase & { kind: 'overview' })
  | (PageBase & { kind: 'lesson'; lesson: BundleLesson })
  | (PageBase & { kind: 'case-study'; caseStudy: BundleCaseStudy })
  | (PageBase & { kind: 'scenario'; scenario: BundleScenario })
  | (PageBase & { kind: 'question'; item: BundleItem; number: number; total: number })
  | (PageBase & { kind: 'results' })
  | (PageBase & { kind: 'summary' });

export const pageKey = (module: BundleModule, pageId: string) => `${module.id}/${pageId}`;

const coursePage = (key: string) => ({ key, module: null, moduleIndex: -1 }) as const;

/**
 * Every page of the package in order. A course package with the course-level parts starts with the
 * pre-assessment and ends with the final assessment and the certificate. Per module: overview, lessons,
 * case study, scenario, the knowledge-check items one per page, results, summary.
 */
export function coursePages(bundle: CourseBundle): Page[] {
  const { preAssessment, finalAssessment, certificate } = bundle;
  return [
    ...(preAssessment
      ? [
          {
            kind: 'pre-assessment' as const,
            ...coursePage(PRE_ASSESSMENT_PAGE_KEY),
            assessment: preAssessment,
          },
        ]
      : []),
    ...modulePages(bundle),
    ...(finalAssessment
      ? [
          {
            kind: 'final-assessment' as const,
            ...coursePage(FINAL_ASSESSMENT_PAGE_KEY),
            assessment: finalAssessment,
          },
        ]
      : []),
    ...(finalAssessment && certificate
      ? [
          {
            kind: 'certificate' as const,
            ...coursePage(CERTIFICATE_PAGE_KEY),
            certificate,
            assessment: finalAssessment,
          },
        ]
      : []),
  ];
}

function modulePages(bundle: CourseBundle): Page[] {
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

/** Items in lessons, case studies and the pre-assessment: answered for practice, not scored. */
export function practiceItems(bundle: CourseBundle): BundleItem[] {
  return [
    ...(bundle.preAssessment?.items ?? []),
    ...bundle.modules.flatMap((m) => [
      ...m.lessons.flatMap((l) => itemsOf(l.segments)),
      ...(m.caseStudy ? itemsOf(m.caseStudy.segments) : []),
    ]),
  ];
}
