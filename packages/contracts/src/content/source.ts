import { z } from 'zod';
import { CompetencyIdSchema, SlugSchema } from './ids.js';

/**
 * The authored content, as written in `content/` (YAML and Markdown) and parsed by the builder.
 * Field comments are what `docs/content-authoring.md` explains to authors.
 */

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

export const CompetencySchema = z.strictObject({
  id: CompetencyIdSchema,
  title: nonEmpty('title'),
  description: nonEmpty('description'),
});
export type Competency = z.infer<typeof CompetencySchema>;

export const CompetencyFrameworkSchema = z.strictObject({
  /** Proportion (0–1) of a competency's scored items a learner must answer correctly to master it. */
  masteryThreshold: z.number().min(0).max(1),
  /** Fewest scored answers before mastery is judged at all. */
  minimumEvidence: z.number().int().min(1),
  competencies: z.array(CompetencySchema).length(13, 'the framework has exactly 13 competencies, C01–C13'),
});
export type CompetencyFramework = z.infer<typeof CompetencyFrameworkSchema>;

export const CourseSourceSchema = z.strictObject({
  id: SlugSchema,
  title: nonEmpty('title'),
  description: nonEmpty('description'),
  keywords: z.array(nonEmpty('keyword')).min(1),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en"'),
  direction: z.enum(['ltr', 'rtl']).default('ltr'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version such as 1.0.0'),
  /** The IRI under which every activity of the course is named. Change it only before first release. */
  iriBase: z.url({ protocol: /^https?$/ }),
  /** Pass mark in percent, used as SCORM mastery score and cmi5 masteryScore. */
  passMark: z.number().int().min(0).max(100),
  /** Module folder names under content/modules, in course order. */
  modules: z.array(nonEmpty('module folder')).min(1),
});
export type CourseSource = z.infer<typeof CourseSourceSchema>;

export const ChoiceSchema = z.strictObject({
  id: SlugSchema,
  text: nonEmpty('choice text'),
});

export const SingleChoiceItemSchema = z.strictObject({
  id: SlugSchema,
  type: z.literal('single-choice'),
  competencies: z.array(CompetencyIdSchema).min(1, 'a scored item names at least one competency'),
  prompt: nonEmpty('prompt'),
  choices: z.array(ChoiceSchema).min(2, 'at least two choices'),
  /** The id of the correct choice. */
  correct: SlugSchema,
  feedback: z.strictObject({ correct: nonEmpty('feedback'), incorrect: nonEmpty('feedback') }),
  /** The provision or publication the feedback relies on, e.g. "Smuggling of Migrants Protocol, art. 3(a)". */
  source: nonEmpty('source'),
});
export type SingleChoiceItem = z.infer<typeof SingleChoiceItemSchema>;

export const ItemSchema = z.discriminatedUnion('type', [SingleChoiceItemSchema]);
export type Item = z.infer<typeof ItemSchema>;

export const LessonFrontMatterSchema = z.strictObject({
  id: SlugSchema,
  title: nonEmpty('title'),
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatterSchema>;

export const ModuleSourceSchema = z.strictObject({
  id: SlugSchema,
  number: z.number().int().min(1).max(15),
  title: nonEmpty('title'),
  description: nonEmpty('description'),
  competencies: z.array(CompetencyIdSchema).min(1),
  /** Typical learning time in minutes. */
  duration: z.number().int().min(1),
  /** Lesson files (Markdown with front matter), relative to the module folder, in order. */
  lessons: z.array(nonEmpty('lesson file')).min(1),
  knowledgeCheck: z.strictObject({
    items: z.array(ItemSchema).min(1),
  }),
});
export type ModuleSource = z.infer<typeof ModuleSourceSchema>;
