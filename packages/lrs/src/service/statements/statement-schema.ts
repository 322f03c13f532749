import { z } from 'zod';
import { ActivitySchema, StatementSchema } from '@course/contracts';
import type { Issue } from '../../errors.js';

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** RFC 3339 date-time (the profile of ISO 8601 xAPI 2.0 requires). */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export const Timestamp = z
  .string()
  .regex(TIMESTAMP_PATTERN, 'an RFC 3339 timestamp such as 2025-01-31T12:00:00.000Z')
  // SPEC NOTE (xAPI 2.0 §4.2.7.1, IEEE 9274.1.1): the "unknown local offset" -00:00 is rejected.
  .refine((s) => !/-00:?00$/.test(s), 'the offset -00:00 is not allowed')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'a real date and time');

/**
 * The object of a voiding statement (xAPI 2.0 §4.2.2.3.3 / 1.0.3 §2.4.4.3): a reference to another
 * statement by id.
 */
export const StatementRefSchema = z.strictObject({
  objectType: z.literal('StatementRef'),
  id: z.string().regex(UUID_PATTERN, 'a UUID'),
});
export type StatementRef = z.infer<typeof StatementRefSchema>;

/**
 * The contracts `StatementSchema` with the LRS's additions: the object may be a StatementRef (the
 * contracts schema allows only an Activity), timestamps must be RFC 3339, and `version` must be a
 * version this LRS speaks. The object is checked separately by `objectSchemaFor` so that the issues
 * name the schema the client meant instead of a union of both.
 */
const StatementShapeSchema = StatementSchema.extend({
  object: z.unknown(),
  timestamp: Timestamp.optional(),
  version: z
    .string()
    .regex(/^(1\.0|2\.0)(\.\d+)?$/, 'a 1.0.x or 2.0.x version')
    .optional(),
});

export type StatementObject = z.infer<typeof ActivitySchema> | StatementRef;
export type LrsStatement = Omit<z.infer<typeof StatementShapeSchema>, 'object'> & { object: StatementObject };

function objectSchemaFor(object: unknown) {
  const objectType =
    typeof object === 'object' && object !== null
      ? (object as { objectType?: unknown }).objectType
      : undefined;
  return objectType === 'StatementRef' ? StatementRefSchema : ActivitySchema;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any real statement; bounds the recursion here and in PostgreSQL's jsonb parser. */
export const MAX_DEPTH = 64;

/**
 * Values PostgreSQL cannot store in jsonb, reported as issues: strings with NUL or unpaired
 * surrogates, and nesting deeper than `MAX_DEPTH`.
 */
function unstorableValues(value: unknown, path: (string | number)[], issues: Issue[], depth = 0): void {
  const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);
  if (typeof value === 'string') {
    if (bad(value)) issues.push({ path, message: 'contains a NUL character or an unpaired surrogate' });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    issues.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableValues(item, [...path, i], issues, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (bad(key)) {
      issues.push({
        path: [...path, key],
        message: 'the property name contains a NUL character or an unpaired surrogate',
      });
    }
    unstorableValues(item, [...path, key], issues, depth + 1);
  }
}

const toPath = (prefix: (string | number)[], path: readonly PropertyKey[]) => [
  ...prefix,
  ...path.map((p) => (typeof p === 'number' ? p : String(p))),
];

export type ParsedStatement = { ok: true; statement: LrsStatement } | { ok: false; issues: Issue[] };

/**
 * Checks one statement as received. `pathPrefix` locates it in the request body (the index in a
 * batch). Returns every issue found, not just the first.
 */
export function parseStatement(input: unknown, pathPrefix: (string | number)[] = []): ParsedStatement {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: pathPrefix, message: 'a statement must be a JSON object' }] };
  }
  const issues: Issue[] = [];
  const shape = StatementShapeSchema.safeParse(input);
  if (!shape.success) {
    issues.push(...shape.error.issues.map((i) => ({ path: toPath(pathPrefix, i.path), message: i.message })));
  }
  const rawObject = (input as { object?: unknown }).object;
  const object = objectSchemaFor(rawObject).safeParse(rawObject);
  if (!object.success) {
    issues.push(
      ...object.error.issues.map((i) => ({
        path: toPath([...pathPrefix, 'object'], i.path),
        message: i.message,
      })),
    );
  }
  unstorableValues(input, pathPrefix, issues);
  if (issues.length > 0 || !shape.success || !object.success) return { ok: false, issues };
  return { ok: true, statement: { ...shape.data, object: object.data } };
}
