import { z } from 'zod';

/**
 * An xAPI statement, to the depth the walking skeleton needs on both sides.
 * The LRS applies the complete xAPI 2.0 / 1.0.3 rules in its own validator; the player checks
 * what it builds with this schema in tests.
 */
const Iri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'an absolute IRI');
const LanguageMap = z.record(z.string(), z.string());
const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'a UUID');

export const AgentSchema = z
  .object({
    objectType: z.literal('Agent').optional(),
    name: z.string().optional(),
    mbox: z
      .string()
      .regex(/^mailto:[^@\s]+@[^@\s]+$/)
      .optional(),
    mbox_sha1sum: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    openid: Iri.optional(),
    account: z.strictObject({ homePage: Iri, name: z.string().min(1) }).optional(),
  })
  .refine(
    (a) => [a.mbox, a.mbox_sha1sum, a.openid, a.account].filter((x) => x !== undefined).length === 1,
    'an agent has exactly one identifier: mbox, mbox_sha1sum, openid or account',
  );
export type Agent = z.infer<typeof AgentSchema>;

export const ActivitySchema = z.object({
  objectType: z.literal('Activity').optional(),
  id: Iri,
  definition: z
    .object({
      name: LanguageMap.optional(),
      description: LanguageMap.optional(),
      type: Iri.optional(),
      interactionType: z.string().optional(),
      correctResponsesPattern: z.array(z.string()).optional(),
      choices: z.array(z.object({ id: z.string(), description: LanguageMap })).optional(),
      extensions: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type Activity = z.infer<typeof ActivitySchema>;

export const ResultSchema = z.object({
  score: z
    .object({
      scaled: z.number().min(-1).max(1).optional(),
      raw: z.number().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: z.string().optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});

export const StatementSchema = z.object({
  id: Uuid.optional(),
  actor: AgentSchema,
  verb: z.object({ id: Iri, display: LanguageMap.optional() }),
  object: ActivitySchema,
  result: ResultSchema.optional(),
  context: z
    .object({
      registration: Uuid.optional(),
      contextActivities: z
        .object({
          parent: z.array(ActivitySchema).optional(),
          grouping: z.array(ActivitySchema).optional(),
          category: z.array(ActivitySchema).optional(),
          other: z.array(ActivitySchema).optional(),
        })
        .optional(),
      platform: z.string().optional(),
      language: z.string().optional(),
      extensions: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  timestamp: z.string().optional(),
  stored: z.string().optional(),
  authority: z.unknown().optional(),
  version: z.string().optional(),
});
export type Statement = z.infer<typeof StatementSchema>;
