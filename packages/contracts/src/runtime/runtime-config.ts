import { z } from 'zod';

/** Which LMS/LRS wire the player speaks. The builder chooses it per package; the player never guesses. */
export const LaunchTargetSchema = z.enum(['scorm12', 'scorm2004', 'cmi5', 'xapi', 'memory']);
export type LaunchTarget = z.infer<typeof LaunchTargetSchema>;

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
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
