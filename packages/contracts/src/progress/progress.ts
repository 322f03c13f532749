import { z } from 'zod';

/** SCORM 1.2 `cmi.suspend_data` is CMIString4096 (RTE 3.4.2.1.9). The budget every encoding must meet. */
export const SCORM12_SUSPEND_DATA_MAX = 4096;
export const PROGRESS_FORMAT_VERSION = 1 as const;

/**
 * Learner progress in one package. Keys are content slugs (stable forever), so content edits
 * that add lessons or items never corrupt saved progress; unknown keys are dropped on restore.
 */
export const ProgressSchema = z.strictObject({
  v: z.literal(PROGRESS_FORMAT_VERSION),
  /** Where the learner is: `<moduleId>/<pageId>`. */
  location: z.string(),
  /** Pages seen. */
  visited: z.array(z.string()),
  /** Item id → chosen choice id(s). */
  answers: z.record(z.string(), z.array(z.string())),
});
export type Progress = z.infer<typeof ProgressSchema>;

export class ProgressDecodeError extends Error {
  override name = 'ProgressDecodeError';
}

const SEP = { field: '|', list: ',', pair: ':', multi: '+' };
const SAFE = /^[a-z0-9/-]+$/;

function assertSafe(value: string, what: string): void {
  if (!SAFE.test(value))
    throw new Error(`progress ${what} "${value}" has characters the compact format cannot carry`);
}

/**
 * Compact text form: `1|<location>|<visited,…>|<item:choice+choice,…>`.
 * Only slug characters and `/` occur in the fields, so the separators never clash.
 */
export function encodeProgress(progress: Progress): string {
  const p = ProgressSchema.parse(progress);
  assertSafe(p.location || 'x', 'location');
  p.visited.forEach((v) => assertSafe(v, 'page'));
  const answers = Object.entries(p.answers).map(([item, choices]) => {
    assertSafe(item, 'item');
    choices.forEach((c) => assertSafe(c, 'choice'));
    return `${item}${SEP.pair}${choices.join(SEP.multi)}`;
  });
  return [String(p.v), p.location, p.visited.join(SEP.list), answers.join(SEP.list)].join(SEP.field);
}

export function decodeProgress(text: string): Progress {
  const parts = text.split(SEP.field);
  if (parts[0] !== String(PROGRESS_FORMAT_VERSION)) {
    throw new ProgressDecodeError(`unknown progress format version "${parts[0] ?? ''}"`);
  }
  if (parts.length !== 4) throw new ProgressDecodeError(`expected 4 fields, found ${parts.length}`);
  const [, location = '', visited = '', answers = ''] = parts;
  const answerMap: Record<string, string[]> = {};
  for (const pair of answers ? answers.split(SEP.list) : []) {
    const [item, choices] = pair.split(SEP.pair);
    if (!item || choices === undefined) throw new ProgressDecodeError(`malformed answer "${pair}"`);
    answerMap[item] = choices ? choices.split(SEP.multi) : [];
  }
  return ProgressSchema.parse({
    v: PROGRESS_FORMAT_VERSION,
    location,
    visited: visited ? visited.split(SEP.list) : [],
    answers: answerMap,
  });
}
