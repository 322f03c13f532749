import { z } from 'zod';

/** Which LMS/LRS wire the player speaks. The builder chooses it per package; the player never guesses. */
export const LaunchTargetSchema = z.enum(['scorm12', 'scorm2004', 'cmi5', 'xapi', 'memory']);
export type LaunchTarget = z.infer<typeof LaunchTargetSchema>;

/**
 * Options for known LMS differences, in the spirit of Adapt's spoor `_reporting` and
 * `_advancedSettings`. The builder writes them; the SCORM adapters of the player obey them.
 */
export const LmsOptionsSchema = z.strictObject({
  /** SCORM 1.2 `cmi.core.lesson_status` once the pass mark is reached: some LMSs only count "completed". */
  scorm12OnPass: z.enum(['passed', 'completed']).default('passed'),
  /** SCORM 1.2 status when the knowledge check is failed: "incomplete" lets LMSs that lock "failed" allow a retry. */
  scorm12OnFail: z.enum(['failed', 'incomplete']).default('failed'),
  /**
   * SCORM 2004 `cmi.completion_status` (and the cmi5 "completed" statement) after a failed knowledge
   * check: true reports the content as completed (everything was seen), false keeps it incomplete.
   */
  completeWhenFailed: z.boolean().default(true),
  /** `cmi.core.exit` / `cmi.exit` when the learner leaves before finishing: "suspend" keeps the attempt to resume. */
  exitWhenIncomplete: z.enum(['suspend', 'normal']).default('suspend'),
  /** Suffix interaction ids with their index (`m01-kc-1.0`) for LMSs that overwrite repeated ids. */
  uniqueInteractionIds: z.boolean().default(false),
});
export type LmsOptions = z.infer<typeof LmsOptionsSchema>;
export const DEFAULT_LMS_OPTIONS: LmsOptions = LmsOptionsSchema.parse({});

/**
 * `runtime.json`: written by the builder next to `index.html` in every package.
 * It carries no secret: LRS endpoints and credentials arrive at launch time.
 */
export const RuntimeConfigSchema = z.strictObject({
  formatVersion: z.literal(1),
  target: LaunchTargetSchema,
  /** Activity IRI of the package's root (the course, or one module for a module package). */
  activityIri: z.string(),
  /** Pass mark in percent. */
  masteryScore: z.number().int().min(0).max(100),
  /** A hash of the content and options the package was built from. */
  buildId: z.string().regex(/^[0-9a-f]{12,64}$/),
  /** SCORM packages may also send xAPI statements when launched with xAPI launch parameters. */
  xapiFromScorm: z.boolean(),
  /** LMS-difference options; absent in packages built before they existed, hence the defaults. */
  lms: LmsOptionsSchema.default(DEFAULT_LMS_OPTIONS),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
