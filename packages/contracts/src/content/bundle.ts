import { z } from 'zod';
import { CompetencyIdSchema, SlugSchema } from './ids.js';
import {
  CONTENT_BLOCK_SCHEMAS,
  CategorisingItemSchema,
  MatchingItemSchema,
  MultipleResponseItemSchema,
  NumericItemSchema,
  OrderingItemSchema,
  ScenarioNodeSchema,
  ShortTextItemSchema,
  SingleChoiceItemSchema,
  TrueFalseItemSchema,
} from './source.js';

/**
 * `course.json`: the normalised course the builder writes into every package and the player reads.
 * It keeps the field names of the authored content, with two differences: every field that holds
 * Markdown in `content/` holds HTML here, and every item and page carries its activity IRI.
 * Only the modules of the package's scope appear.
 */
export const COURSE_BUNDLE_FORMAT_VERSION = 2 as const;

const iri = { iri: z.string().min(1) };
export const BundleItemSchema = z.discriminatedUnion('type', [
  SingleChoiceItemSchema.extend(iri),
  MultipleResponseItemSchema.extend(iri),
  TrueFalseItemSchema.extend(iri),
  MatchingItemSchema.extend(iri),
  OrderingItemSchema.extend(iri),
  CategorisingItemSchema.extend(iri),
  ShortTextItemSchema.extend(iri),
  NumericItemSchema.extend(iri),
]);
export type BundleItem = z.infer<typeof BundleItemSchema>;

export const BundleBlockSchema = z.discriminatedUnion('type', [...BundleItemSchema.options, ...CONTENT_BLOCK_SCHEMAS]);
export type BundleBlock = z.infer<typeof BundleBlockSchema>;

/** A page's content in order: HTML prose and blocks. */
export const SegmentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('html'), html: z.string() }),
  z.strictObject({ kind: z.literal('block'), block: BundleBlockSchema }),
]);
export type Segment = z.infer<typeof SegmentSchema>;

export const BundleLessonSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  title: z.string(),
  segments: z.array(SegmentSchema).min(1),
});
export type BundleLesson = z.infer<typeof BundleLessonSchema>;

export const BundleCaseStudySchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  title: z.string(),
  illustrative: z.boolean(),
  sources: z.array(z.string()),
  segments: z.array(SegmentSchema).min(1),
});
export type BundleCaseStudy = z.infer<typeof BundleCaseStudySchema>;

export const BundleScenarioSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  title: z.string(),
  illustrative: z.literal(true),
  role: z.string(),
  situation: z.string(),
  competencies: z.array(CompetencyIdSchema),
  start: SlugSchema,
  nodes: z.array(ScenarioNodeSchema),
});
export type BundleScenario = z.infer<typeof BundleScenarioSchema>;

export const BundleModuleSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  competencies: z.array(CompetencyIdSchema),
  duration: z.number().int(),
  overview: z.string(),
  objectives: z.array(z.string()),
  lessons: z.array(BundleLessonSchema),
  caseStudy: BundleCaseStudySchema.optional(),
  scenario: BundleScenarioSchema.optional(),
  knowledgeCheck: z.strictObject({ iri: z.string(), items: z.array(BundleItemSchema) }),
  summary: z.string(),
  takeaways: z.array(z.string()),
  references: z.array(z.string()),
});
export type BundleModule = z.infer<typeof BundleModuleSchema>;

/** The pre-assessment (course packages only): diagnostic, not scored towards the result. */
export const BundlePreAssessmentSchema = z.strictObject({
  iri: z.string(),
  title: z.string(),
  introduction: z.string(),
  items: z.array(BundleItemSchema).min(1),
});
export type BundlePreAssessment = z.infer<typeof BundlePreAssessmentSchema>;

/** The final assessment (course packages only): drawPerCompetency items from each bank per attempt. */
export const BundleFinalAssessmentSchema = z.strictObject({
  iri: z.string(),
  title: z.string(),
  introduction: z.string(),
  drawPerCompetency: z.number().int().min(1),
  banks: z.array(z.strictObject({ competency: CompetencyIdSchema, items: z.array(BundleItemSchema).min(1) })),
});
export type BundleFinalAssessment = z.infer<typeof BundleFinalAssessmentSchema>;

export const BundleGlossaryTermSchema = z.strictObject({
  id: SlugSchema,
  term: z.string(),
  aliases: z.array(z.string()),
  /** HTML. */
  definition: z.string(),
  source: z.string().optional(),
  related: z.array(SlugSchema),
});
export type BundleGlossaryTerm = z.infer<typeof BundleGlossaryTermSchema>;

export const BundleResourcesSchema = z.strictObject({
  introduction: z.string(),
  sections: z.array(
    z.strictObject({
      title: z.string(),
      entries: z.array(
        z.strictObject({
          title: z.string(),
          citation: z.string(),
          url: z.string().optional(),
          note: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type BundleResources = z.infer<typeof BundleResourcesSchema>;

export const BundleCertificateSchema = z.strictObject({
  title: z.string(),
  /** HTML with placeholders {learner}, {course}, {date}, {score} left for the player. */
  body: z.string(),
  note: z.string().optional(),
});
export type BundleCertificate = z.infer<typeof BundleCertificateSchema>;

/**
 * Glossary links in HTML fields: the builder wraps a term's first appearance on a page in
 * `<a class="glossary-link" href="#glossary-<id>" data-term="<id>">`.
 */
export const GLOSSARY_LINK_CLASS = 'glossary-link';

export const CourseBundleSchema = z.strictObject({
  formatVersion: z.literal(COURSE_BUNDLE_FORMAT_VERSION),
  id: SlugSchema,
  iri: z.string(),
  iriBase: z.string(),
  title: z.string(),
  description: z.string(),
  language: z.string(),
  direction: z.enum(['ltr', 'rtl']),
  version: z.string(),
  passMark: z.number().int().min(0).max(100),
  competencies: z.array(z.strictObject({ id: CompetencyIdSchema, title: z.string() })),
  modules: z.array(BundleModuleSchema).min(1),
  /** Every package: the glossary and the resources page. */
  glossary: z.array(BundleGlossaryTermSchema).default([]),
  resources: BundleResourcesSchema.optional(),
  /** Course packages only. */
  preAssessment: BundlePreAssessmentSchema.optional(),
  finalAssessment: BundleFinalAssessmentSchema.optional(),
  certificate: BundleCertificateSchema.optional(),
});
export type CourseBundle = z.infer<typeof CourseBundleSchema>;
