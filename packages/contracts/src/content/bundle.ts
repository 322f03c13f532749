import { z } from 'zod';
import { CompetencyIdSchema, SlugSchema } from './ids.js';

/**
 * `course.json`: the normalised course the builder writes into every package and the player reads.
 * Markdown is already HTML here, IRIs are attached, and only the modules of the package's scope appear.
 */
export const COURSE_BUNDLE_FORMAT_VERSION = 1 as const;

export const BundleItemSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  type: z.literal('single-choice'),
  competencies: z.array(CompetencyIdSchema),
  promptHtml: z.string(),
  choices: z.array(z.strictObject({ id: SlugSchema, text: z.string() })),
  correct: SlugSchema,
  feedback: z.strictObject({ correct: z.string(), incorrect: z.string() }),
  source: z.string(),
});
export type BundleItem = z.infer<typeof BundleItemSchema>;

export const BundleLessonSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  title: z.string(),
  html: z.string(),
});
export type BundleLesson = z.infer<typeof BundleLessonSchema>;

export const BundleModuleSchema = z.strictObject({
  id: SlugSchema,
  iri: z.string(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  competencies: z.array(CompetencyIdSchema),
  duration: z.number().int(),
  lessons: z.array(BundleLessonSchema),
  knowledgeCheck: z.strictObject({ iri: z.string(), items: z.array(BundleItemSchema) }),
});
export type BundleModule = z.infer<typeof BundleModuleSchema>;

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
});
export type CourseBundle = z.infer<typeof CourseBundleSchema>;
