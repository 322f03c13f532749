import { z } from 'zod';
import { CompetencyIdSchema } from '../content/ids.js';

/**
 * The competency analytics API of the LRS (`/analytics/v1`, docs/analytics.md): the JSON shapes it
 * answers with. The LRS builds them, the dashboard reads them, the OpenAPI description is generated
 * from them.
 */

/** The path prefix of the analytics API on the LRS. */
export const ANALYTICS_BASE_PATH = '/analytics/v1';

/** The credential scope that reads analytics (besides `all/read`, `all` and `statements/read`). */
export const ANALYTICS_SCOPE = 'analytics/read';

/** Item analysis flags: an item is flagged once at least `minLearners` learners answered it. */
export const ITEM_FLAG_RULES = {
  minLearners: 5,
  /** Proportion correct at the first attempt below this: too hard, or a wrong key. */
  hardBelow: 0.25,
  /** Proportion correct at the first attempt above this: too easy to tell learners apart. */
  easyAbove: 0.95,
  /** Point-biserial with the rest score below this: does not separate stronger from weaker learners. */
  discriminationBelow: 0.2,
} as const;

export const MasteryStatusSchema = z.enum(['mastered', 'not-mastered', 'insufficient-evidence']);
export type MasteryStatus = z.infer<typeof MasteryStatusSchema>;

export const MasteryRuleSchema = z.strictObject({
  ruleVersion: z.number().int(),
  masteryThreshold: z.number().min(0).max(1),
  minimumEvidence: z.number().int().min(1),
});
export type MasteryRule = z.infer<typeof MasteryRuleSchema>;

/** Where an answered item counts: scored items are mastery evidence, practice and diagnostic items are not. */
export const ItemKindSchema = z.enum(['scored', 'practice', 'diagnostic', 'unlisted']);
export type ItemKind = z.infer<typeof ItemKindSchema>;

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();

/** One learner × competency value. */
export const MasteryCellSchema = z.strictObject({
  /** Scored answers on items tagged with the competency. */
  evidence: count,
  /** Of them, correct. */
  correct: count,
  /** correct / evidence. */
  proportion: share,
  status: MasteryStatusSchema,
  /** The rule version the status was judged with. */
  ruleVersion: z.number().int(),
});
export type MasteryCell = z.infer<typeof MasteryCellSchema>;

/** The filters an answer applied (echoed back). */
export const AnalyticsFiltersSchema = z.strictObject({
  cohort: z.string().optional(),
  learner: z.string().optional(),
  module: z.string().optional(),
  competency: CompetencyIdSchema.optional(),
  since: z.string().optional(),
  until: z.string().optional(),
});
export type AnalyticsFilters = z.infer<typeof AnalyticsFiltersSchema>;

export const OverviewSchema = z.strictObject({
  rule: MasteryRuleSchema,
  /** The rule versions of the stored mastery values; more than one means a rebuild is due. */
  ruleVersionsInUse: z.array(z.number().int()),
  /** Whether the LRS knows the course content (item kinds, titles); without it every item is "unlisted". */
  catalogue: z.boolean(),
  cohortExtension: z.string(),
  competencies: z.array(z.strictObject({ id: CompetencyIdSchema, iri: z.string(), title: z.string() })),
  modules: z.array(
    z.strictObject({
      iri: z.string(),
      title: z.string(),
      kind: z.enum(['course', 'module', 'assessment', 'unlisted']),
      number: z.number().int().nullable(),
    }),
  ),
  cohorts: z.array(z.strictObject({ cohort: z.string(), learners: count, statements: count })),
  learners: count,
  statements: count,
});
export type Overview = z.infer<typeof OverviewSchema>;

export const LearnerMasterySchema = z.strictObject({
  /** The learner's identifier as the LRS keys it: `mbox:mailto:…`, `account:["homePage","name"]`, … */
  learner: z.string(),
  name: z.string(),
  cohort: z.string(),
  /** Competency id → value; competencies without evidence are absent. */
  competencies: z.record(z.string(), MasteryCellSchema),
});
export type LearnerMastery = z.infer<typeof LearnerMasterySchema>;

export const MasteryPageSchema = z.strictObject({
  rule: MasteryRuleSchema,
  filters: AnalyticsFiltersSchema,
  learners: z.array(LearnerMasterySchema),
  /** The cursor of the next page, or null. */
  next: z.string().nullable(),
});
export type MasteryPage = z.infer<typeof MasteryPageSchema>;

export const CohortCompetencySchema = z.strictObject({
  /** Learners with at least one scored answer on the competency. */
  learners: count,
  mastered: count,
  notMastered: count,
  insufficient: count,
  evidence: count,
  correct: count,
  /** mastered / all learners of the cohort. */
  masteredShare: share,
  /** correct / evidence. */
  proportion: share,
});

export const CohortModuleSchema = z.strictObject({
  /** Learners with any statement in the module (the funnel's first step). */
  launched: count,
  completed: count,
  passed: count,
  /** Failed and never passed. */
  failed: count,
  /** More than one session. */
  resumed: count,
  sessions: count,
  /** Sum of the session durations (terminated statements). */
  timeSpentMs: count,
});
export type CohortModule = z.infer<typeof CohortModuleSchema>;

export const CohortSummarySchema = z.strictObject({
  cohort: z.string(),
  learners: count,
  statements: count,
  competencies: z.record(z.string(), CohortCompetencySchema),
  modules: z.record(z.string(), CohortModuleSchema),
});
export type CohortSummary = z.infer<typeof CohortSummarySchema>;

export const CohortComparisonSchema = z.strictObject({
  rule: MasteryRuleSchema,
  filters: AnalyticsFiltersSchema,
  cohorts: z.array(CohortSummarySchema),
});
export type CohortComparison = z.infer<typeof CohortComparisonSchema>;

export const ItemFlagSchema = z.enum(['hard', 'easy', 'low-discrimination', 'negative-discrimination']);
export type ItemFlag = z.infer<typeof ItemFlagSchema>;

export const ItemStatsSchema = z.strictObject({
  item: z.string(),
  /** From the activity definition the statements carried (its description, else its name). */
  label: z.string(),
  module: z.string(),
  kind: ItemKindSchema,
  interactionType: z.string(),
  competencies: z.array(z.string()),
  /** Every answer, retries included. */
  attempts: count,
  correct: count,
  /** Learners who answered it. */
  learners: count,
  /** Learners right at their first attempt. */
  firstCorrect: count,
  /** Difficulty index: firstCorrect / learners (the proportion correct). */
  difficulty: share,
  /** Point-biserial correlation of the first attempt with the rest score (see docs/analytics.md). */
  discrimination: z.number().min(-1).max(1).nullable(),
  /** First responses: per choice id (choice, true-false) or per whole response, learners who gave it. */
  responses: z.array(
    z.strictObject({ value: z.string(), label: z.string(), learners: count, correct: z.boolean() }),
  ),
  flags: z.array(ItemFlagSchema),
});
export type ItemStats = z.infer<typeof ItemStatsSchema>;

export const ItemAnalysisSchema = z.strictObject({
  filters: AnalyticsFiltersSchema,
  items: z.array(ItemStatsSchema),
});
export type ItemAnalysis = z.infer<typeof ItemAnalysisSchema>;

export const ModuleFunnelSchema = z.strictObject({
  filters: AnalyticsFiltersSchema,
  modules: z.array(
    CohortModuleSchema.extend({
      module: z.string(),
      title: z.string(),
      kind: z.enum(['course', 'module', 'assessment', 'unlisted']),
      /** timeSpentMs / launched. */
      meanTimeSpentMs: z.number().nullable(),
    }),
  ),
});
export type ModuleFunnel = z.infer<typeof ModuleFunnelSchema>;

export const LearnerDetailSchema = z.strictObject({
  rule: MasteryRuleSchema,
  learner: z.string(),
  name: z.string(),
  cohort: z.string(),
  statements: count,
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  competencies: z.record(z.string(), MasteryCellSchema),
  modules: z.array(
    z.strictObject({
      module: z.string(),
      title: z.string(),
      statements: count,
      sessions: count,
      completed: z.boolean(),
      passed: z.boolean(),
      failed: z.boolean(),
      bestScore: z.number().nullable(),
      timeSpentMs: count,
      firstAt: z.string(),
      lastAt: z.string(),
    }),
  ),
});
export type LearnerDetail = z.infer<typeof LearnerDetailSchema>;

export const EvidenceSchema = z.strictObject({
  learner: z.string(),
  competency: CompetencyIdSchema,
  filters: AnalyticsFiltersSchema,
  /** The learner × competency value these answers give. */
  value: MasteryCellSchema,
  answers: z.array(
    z.strictObject({
      statementId: z.string(),
      at: z.string(),
      item: z.string(),
      label: z.string(),
      module: z.string(),
      kind: ItemKindSchema,
      /** Whether it counts towards mastery (scored and unlisted items). */
      counted: z.boolean(),
      success: z.boolean().nullable(),
      response: z.string().nullable(),
      /** The statement as stored. */
      statement: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
