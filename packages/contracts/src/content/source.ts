import { z } from 'zod';
import { CompetencyIdSchema, SlugSchema } from './ids.js';

/**
 * The authored content, as written in `content/` (YAML and Markdown) and parsed by the builder.
 * `docs/content-authoring.md` explains every field to authors; keep the two in step.
 */

const text = (what: string) => z.string().trim().min(1, `${what} must not be empty`);
/** Markdown text (rendered to HTML by the builder). */
const markdown = (what: string) => text(what);

export const CompetencySchema = z.strictObject({
  id: CompetencyIdSchema,
  title: text('title'),
  description: text('description'),
});
export type Competency = z.infer<typeof CompetencySchema>;

export const CompetencyFrameworkSchema = z.strictObject({
  /** Mastery rule version: bump it when the rule changes, so analytics can say which rule a value used. */
  ruleVersion: z.number().int().min(1),
  /** Proportion (0–1) of a competency's scored answers that must be correct to master it. */
  masteryThreshold: z.number().min(0).max(1),
  /** Fewest scored answers on a competency before mastery is judged at all. */
  minimumEvidence: z.number().int().min(1),
  competencies: z.array(CompetencySchema).length(13, 'the framework has exactly 13 competencies, C01–C13'),
});
export type CompetencyFramework = z.infer<typeof CompetencyFrameworkSchema>;

export const CourseSourceSchema = z.strictObject({
  id: SlugSchema,
  title: text('title'),
  description: text('description'),
  keywords: z.array(text('keyword')).min(1),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en"'),
  direction: z.enum(['ltr', 'rtl']).default('ltr'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version such as 1.0.0'),
  /** The IRI under which every activity of the course is named. Change it only before first release. */
  iriBase: z.url({ protocol: /^https?$/ }),
  /** Pass mark in percent, used as SCORM mastery score and cmi5 masteryScore. */
  passMark: z.number().int().min(0).max(100),
  /** Module folder names under content/modules, in course order. */
  modules: z.array(text('module folder')).min(1),
  /** Course-level files, relative to the content folder (see the schemas at the end of this file). */
  preAssessment: text('pre-assessment file').optional(),
  finalAssessment: text('final assessment file').optional(),
  glossary: text('glossary file').optional(),
  resources: text('resources file').optional(),
  certificate: text('certificate file').optional(),
});
export type CourseSource = z.infer<typeof CourseSourceSchema>;

// ---------------------------------------------------------------------------------------------
// Items: the interactions a learner answers. In a lesson or case study they are practice (with
// feedback, not scored); in a knowledge check they are scored. Every item names its competencies.

const Feedback = z.strictObject({ correct: markdown('feedback'), incorrect: markdown('feedback') });
const itemBase = {
  id: SlugSchema,
  competencies: z.array(CompetencyIdSchema).min(1, 'an item names at least one competency'),
  prompt: markdown('prompt'),
  feedback: Feedback,
  /** The provision or publication the answer relies on, e.g. "Smuggling of Migrants Protocol, art. 3(a)". */
  source: text('source'),
};
const Choice = z.strictObject({ id: SlugSchema, text: text('choice text') });

export const SingleChoiceItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('single-choice'),
  choices: z.array(Choice).min(2, 'at least two choices'),
  /** The id of the correct choice. */
  correct: SlugSchema,
});
export const MultipleResponseItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('multiple-response'),
  choices: z.array(Choice).min(3, 'at least three choices'),
  /** The ids of every correct choice. */
  correct: z.array(SlugSchema).min(1, 'at least one correct choice'),
});
export const TrueFalseItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('true-false'),
  /** Whether the statement in the prompt is true. */
  correct: z.boolean(),
});
export const MatchingItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('matching'),
  /** Each premise and the response that belongs to it; the learner picks a response for each premise. */
  pairs: z.array(z.strictObject({ id: SlugSchema, premise: text('premise'), response: text('response') })).min(3, 'at least three pairs'),
});
export const OrderingItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('ordering'),
  /** The steps in their correct order; the player shows them shuffled. */
  steps: z.array(z.strictObject({ id: SlugSchema, text: text('step') })).min(3, 'at least three steps'),
});
export const CategorisingItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('categorising'),
  categories: z.array(z.strictObject({ id: SlugSchema, title: text('category title') })).min(2, 'at least two categories'),
  /** Each entry and the id of the category it belongs to. */
  entries: z.array(z.strictObject({ id: SlugSchema, text: text('entry'), category: SlugSchema })).min(3, 'at least three entries'),
});
export const ShortTextItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('short-text'),
  /** Accepted answers; compared ignoring case, accents, punctuation and extra spaces. */
  accepted: z.array(text('accepted answer')).min(1),
});
export const NumericItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('numeric'),
  answer: z.number(),
  /** How far from `answer` a response may be and still count as correct. */
  tolerance: z.number().min(0).default(0),
  unit: z.string().optional(),
});

export const ItemSchema = z.discriminatedUnion('type', [
  SingleChoiceItemSchema,
  MultipleResponseItemSchema,
  TrueFalseItemSchema,
  MatchingItemSchema,
  OrderingItemSchema,
  CategorisingItemSchema,
  ShortTextItemSchema,
  NumericItemSchema,
]);
export type Item = z.infer<typeof ItemSchema>;
export type ItemType = Item['type'];
export const ITEM_TYPES = ItemSchema.options.map((o) => o.shape.type.value) as ItemType[];

// ---------------------------------------------------------------------------------------------
// Blocks: what a lesson or case study holds besides its prose, written as fenced ```block
// sections in the Markdown (see docs/content-authoring.md).

export const CalloutBlockSchema = z.strictObject({
  type: z.literal('callout'),
  tone: z.enum(['note', 'key-point', 'warning', 'rights']),
  title: text('title'),
  body: markdown('body'),
});
export const KeyTermsBlockSchema = z.strictObject({
  type: z.literal('key-terms'),
  terms: z.array(z.strictObject({ term: text('term'), definition: markdown('definition') })).min(1),
});
export const ImageBlockSchema = z.strictObject({
  type: z.literal('image'),
  /** Path relative to the module folder, e.g. media/route-map.svg. */
  src: text('src'),
  /** What the image shows, for people who cannot see it. Required. */
  alt: text('alt text'),
  caption: z.string().optional(),
});
export const RevealBlockSchema = z.strictObject({
  type: z.literal('reveal'),
  title: text('title'),
  panels: z.array(z.strictObject({ title: text('panel title'), body: markdown('panel body') })).min(1),
});
export const TimelineBlockSchema = z.strictObject({
  type: z.literal('timeline'),
  title: text('title'),
  events: z.array(z.strictObject({ date: text('date'), title: text('event title'), body: markdown('event body') })).min(2),
});
export const ComparisonBlockSchema = z.strictObject({
  type: z.literal('comparison'),
  caption: text('caption'),
  columns: z.array(text('column heading')).min(2),
  /** Each row has one cell per column; the first cell heads the row. */
  rows: z.array(z.array(z.string())).min(1),
});
/** An open analysis question with a model answer the learner reveals after writing their own. */
export const ReflectionBlockSchema = z.strictObject({
  type: z.literal('reflection'),
  id: SlugSchema,
  prompt: markdown('prompt'),
  modelAnswer: markdown('model answer'),
});

/** The blocks that are not items: the same in `content/` and (with HTML for Markdown) in `course.json`. */
export const CONTENT_BLOCK_SCHEMAS = [
  CalloutBlockSchema,
  KeyTermsBlockSchema,
  ImageBlockSchema,
  RevealBlockSchema,
  TimelineBlockSchema,
  ComparisonBlockSchema,
  ReflectionBlockSchema,
] as const;

export const BlockSchema = z.discriminatedUnion('type', [...ItemSchema.options, ...CONTENT_BLOCK_SCHEMAS]);
export type Block = z.infer<typeof BlockSchema>;
/** Block types a learner interacts with. */
export const INTERACTIVE_BLOCK_TYPES: readonly string[] = [...ITEM_TYPES, 'reveal', 'timeline', 'reflection'];

export const LessonFrontMatterSchema = z.strictObject({
  id: SlugSchema,
  title: text('title'),
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatterSchema>;

export const CaseStudyFrontMatterSchema = z.strictObject({
  id: SlugSchema,
  title: text('title'),
  /** true for a composite written for training; false only for real events told from public sources. */
  illustrative: z.boolean(),
  /** Public sources for a real case (required when illustrative is false). */
  sources: z.array(text('source')).default([]),
});
export type CaseStudyFrontMatter = z.infer<typeof CaseStudyFrontMatterSchema>;

// ---------------------------------------------------------------------------------------------
// Scenario: a branching role-play.

export const ScenarioChoiceSchema = z.strictObject({
  id: SlugSchema,
  text: text('choice text'),
  /** The node this choice leads to. */
  next: SlugSchema,
  /** What happens because of this choice, and why: shown right after it is chosen. */
  consequence: markdown('consequence'),
});
export const ScenarioNodeSchema = z.union([
  z.strictObject({
    id: SlugSchema,
    text: markdown('text'),
    choices: z.array(ScenarioChoiceSchema).min(2, 'a decision point offers at least two choices'),
  }),
  z.strictObject({
    id: SlugSchema,
    text: markdown('text'),
    ending: z.strictObject({
      outcome: z.enum(['good', 'mixed', 'poor']),
      title: text('ending title'),
      /** What the learner should take from this ending, citing the law or practice involved. */
      debrief: markdown('debrief'),
    }),
  }),
]);
export type ScenarioNode = z.infer<typeof ScenarioNodeSchema>;

export const ScenarioSourceSchema = z.strictObject({
  id: SlugSchema,
  title: text('title'),
  /** Scenarios are composites: this must be true, and the player labels them as illustrative. */
  illustrative: z.literal(true),
  /** The role the learner plays. */
  role: text('role'),
  situation: markdown('situation'),
  competencies: z.array(CompetencyIdSchema).min(1),
  start: SlugSchema,
  nodes: z.array(ScenarioNodeSchema).min(3),
});
export type ScenarioSource = z.infer<typeof ScenarioSourceSchema>;

export const KnowledgeCheckSourceSchema = z.strictObject({
  items: z.array(ItemSchema).min(1),
});

export const ModuleSourceSchema = z.strictObject({
  id: SlugSchema,
  number: z.number().int().min(1).max(15),
  title: text('title'),
  description: text('description'),
  competencies: z.array(CompetencyIdSchema).min(1),
  /** Typical learning time in minutes. */
  duration: z.number().int().min(1),
  /** The overview the learner reads first (Markdown). */
  overview: markdown('overview'),
  /** What the learner will be able to do after the module. */
  objectives: z.array(text('objective')).min(1),
  /** Lesson files (Markdown with front matter), relative to the module folder, in order. */
  lessons: z.array(text('lesson file')).min(1),
  /** The case study file (Markdown with front matter). */
  caseStudy: text('case study file').optional(),
  /** The scenario file (YAML). */
  scenario: text('scenario file').optional(),
  /** The knowledge check file (YAML with `items:`). */
  knowledgeCheck: text('knowledge check file'),
  summary: markdown('summary'),
  takeaways: z.array(text('takeaway')).min(1),
  /** Full references for everything the module cites. */
  references: z.array(text('reference')).min(1),
});
export type ModuleSource = z.infer<typeof ModuleSourceSchema>;

// ---------------------------------------------------------------------------------------------
// Course-level parts, each in its own file named in course.yaml.

/**
 * The pre-assessment: a short diagnostic before the modules. Not scored towards the course result;
 * afterwards each competency is shown as "secure" or "focus here", with the modules that build it.
 */
export const PreAssessmentSourceSchema = z.strictObject({
  title: text('title'),
  /** What the learner is told before starting (Markdown). */
  introduction: markdown('introduction'),
  items: z.array(ItemSchema).min(1),
});
export type PreAssessmentSource = z.infer<typeof PreAssessmentSourceSchema>;

export const AssessmentBankSchema = z.strictObject({
  /** The competency this bank assesses; every item in it names this competency. */
  competency: CompetencyIdSchema,
  items: z.array(ItemSchema).min(1),
});

/**
 * The final assessment: `drawPerCompetency` items drawn at random from each competency's bank for
 * every attempt, scored against the course pass mark, with feedback per competency afterwards.
 */
export const FinalAssessmentSourceSchema = z.strictObject({
  title: text('title'),
  /** Shown before the first question: what is assessed, how many questions, the pass mark (Markdown). */
  introduction: markdown('introduction'),
  drawPerCompetency: z.number().int().min(1).max(10),
  banks: z.array(AssessmentBankSchema).min(1),
});
export type FinalAssessmentSource = z.infer<typeof FinalAssessmentSourceSchema>;

export const GlossaryTermSchema = z.strictObject({
  id: SlugSchema,
  term: text('term'),
  /** Other forms that link to the same entry (plural, abbreviation, spelled-out form). */
  aliases: z.array(text('alias')).default([]),
  /** Plain-language definition (Markdown). */
  definition: markdown('definition'),
  /** The legal source of the definition, where it has one, e.g. "Smuggling of Migrants Protocol, art. 3(a)". */
  source: text('source').optional(),
  /** Ids of related terms. */
  related: z.array(SlugSchema).default([]),
});
export type GlossaryTerm = z.infer<typeof GlossaryTermSchema>;

export const GlossarySourceSchema = z.strictObject({
  terms: z.array(GlossaryTermSchema).min(1),
});
export type GlossarySource = z.infer<typeof GlossarySourceSchema>;

export const ResourceEntrySchema = z.strictObject({
  title: text('title'),
  /** Full citation: author or body, title, date, identifiers. */
  citation: text('citation'),
  /** A public address of the document; the package never loads it, the learner may follow it. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Why it matters, which modules use it (Markdown). */
  note: markdown('note').optional(),
});

export const ResourcesSourceSchema = z.strictObject({
  introduction: markdown('introduction'),
  sections: z
    .array(z.strictObject({ title: text('section title'), entries: z.array(ResourceEntrySchema).min(1) }))
    .min(1),
});
export type ResourcesSource = z.infer<typeof ResourcesSourceSchema>;

/** Placeholders the certificate text may use; the player fills them in. */
export const CERTIFICATE_PLACEHOLDERS = ['learner', 'course', 'date', 'score'] as const;

export const CertificateSourceSchema = z.strictObject({
  title: text('title'),
  /** The certificate statement (Markdown) with placeholders such as {learner}, {course}, {date}, {score}. */
  body: markdown('body'),
  /** Small print: what the certificate does and does not attest (Markdown). */
  note: markdown('note').optional(),
});
export type CertificateSource = z.infer<typeof CertificateSourceSchema>;
