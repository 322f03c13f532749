import {
  competencyIri,
  courseExtensions,
  type BundleItem,
  type CompetencyFramework,
  type CourseBundle,
  type ItemKind,
  type MasteryRule,
  type Segment,
} from '@course/contracts';

/** What the analytics know about one item from the course content. */
export interface CatalogueItem {
  kind: Exclude<ItemKind, 'unlisted'>;
  /** The module or course-level assessment whose statements carry it as parent. */
  module: string;
  interactionType: string;
  competencies: string[];
}

export type ModuleKind = 'course' | 'module' | 'assessment';

/**
 * The course as the analytics read model sees it: the mastery rule, the competencies, the modules
 * (funnel rows, in course order) and every item with its kind. Built from the course content
 * (`catalogueFromCourse`); without content (`emptyCatalogue`) every item is "unlisted" and counts.
 */
export interface AnalyticsCatalogue {
  fromContent: boolean;
  rule: MasteryRule;
  /** The context extension IRI that carries the cohort; null when no course is configured. */
  cohortExtension: string | null;
  competencies: { id: string; iri: string; title: string }[];
  modules: { iri: string; title: string; kind: ModuleKind; number: number | null }[];
  items: Map<string, CatalogueItem>;
}

/**
 * The rule used when the LRS runs without course content: rule version 0 marks values that no
 * competency framework judged (docs/analytics.md). The thresholds are those of the framework's
 * first version.
 */
export const FALLBACK_RULE: MasteryRule = { ruleVersion: 0, masteryThreshold: 0.8, minimumEvidence: 3 };

const COMPETENCY_IDS = Array.from({ length: 13 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);

/** A catalogue without course content: fallback rule, no cohort extension, no items. */
export function emptyCatalogue(): AnalyticsCatalogue {
  return {
    fromContent: false,
    rule: FALLBACK_RULE,
    cohortExtension: null,
    competencies: COMPETENCY_IDS.map((id) => ({ id, iri: '', title: id })),
    modules: [],
    items: new Map(),
  };
}

/** The xAPI interaction type the player reports for each item type (see the player's `interaction`). */
const INTERACTION_TYPES: Record<BundleItem['type'], string> = {
  'single-choice': 'choice',
  'multiple-response': 'choice',
  'true-false': 'true-false',
  matching: 'matching',
  ordering: 'sequencing',
  categorising: 'matching',
  'short-text': 'fill-in',
  numeric: 'numeric',
};

function itemsOf(segments: Segment[]): BundleItem[] {
  return segments.flatMap((s) =>
    s.kind === 'block' && 'iri' in s.block && s.block.type in INTERACTION_TYPES
      ? [s.block as BundleItem]
      : [],
  );
}

/**
 * The catalogue of a course: knowledge-check and final-assessment items are scored, items in lessons
 * and case studies are practice, pre-assessment items are diagnostic.
 * @example catalogueFromCourse(toCourseBundle(loadCourse('content')).bundle, loadCourse('content').framework)
 */
export function catalogueFromCourse(
  bundle: CourseBundle,
  framework: CompetencyFramework,
): AnalyticsCatalogue {
  const items = new Map<string, CatalogueItem>();
  const add = (item: BundleItem, kind: CatalogueItem['kind'], module: string) =>
    items.set(item.iri, {
      kind,
      module,
      interactionType: INTERACTION_TYPES[item.type],
      competencies: [...item.competencies].sort(),
    });
  const modules: AnalyticsCatalogue['modules'] = [];
  if (bundle.preAssessment) {
    modules.push({
      iri: bundle.preAssessment.iri,
      title: bundle.preAssessment.title,
      kind: 'assessment',
      number: null,
    });
    for (const item of bundle.preAssessment.items) add(item, 'diagnostic', bundle.preAssessment.iri);
  }
  for (const m of bundle.modules) {
    modules.push({ iri: m.iri, title: `Module ${m.number}: ${m.title}`, kind: 'module', number: m.number });
    for (const page of [...m.lessons, ...(m.caseStudy ? [m.caseStudy] : [])])
      for (const item of itemsOf(page.segments)) add(item, 'practice', m.iri);
    for (const item of m.knowledgeCheck.items) add(item, 'scored', m.iri);
  }
  if (bundle.finalAssessment) {
    const final = bundle.finalAssessment;
    modules.push({ iri: final.iri, title: final.title, kind: 'assessment', number: null });
    for (const bank of final.banks) for (const item of bank.items) add(item, 'scored', final.iri);
  }
  modules.push({ iri: bundle.iri, title: bundle.title, kind: 'course', number: null });
  return {
    fromContent: true,
    rule: {
      ruleVersion: framework.ruleVersion,
      masteryThreshold: framework.masteryThreshold,
      minimumEvidence: framework.minimumEvidence,
    },
    cohortExtension: courseExtensions(bundle.iriBase).cohort,
    competencies: framework.competencies.map((c) => ({
      id: c.id,
      iri: competencyIri(bundle.iriBase, c.id),
      title: c.title,
    })),
    modules,
    items,
  };
}

/**
 * Loads the course content (`content/`, through the builder's loader) and makes its catalogue.
 * Throws the builder's `ContentInvalidError` when the content has problems.
 */
export async function loadCatalogue(contentDir: string): Promise<AnalyticsCatalogue> {
  const { loadCourse, toCourseBundle } = await import('@course/builder');
  const loaded = loadCourse(contentDir);
  return catalogueFromCourse(toCourseBundle(loaded).bundle, loaded.framework);
}
