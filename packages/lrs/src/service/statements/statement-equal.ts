import { withComparableDurations } from './validate.js';

/** Properties the LRS sets or may change, which the xAPI comparison ignores (1.0.3 §2.3.1; 2.0 §4.2.7). */
const LRS_OWNED = ['stored', 'authority', 'version'] as const;

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every(
    (k) =>
      Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function comparable(statement: Record<string, unknown>, ignoreTimestamp: boolean): Record<string, unknown> {
  const copy = withComparableDurations(statement);
  for (const key of LRS_OWNED) delete copy[key];
  if (ignoreTimestamp) delete copy.timestamp;
  if (typeof copy.id === 'string') copy.id = copy.id.toLowerCase();
  return copy;
}

/**
 * Whether a statement sent again with a stored statement's id is "the same statement", which
 * makes the repeat a no-op instead of a 409. Ignores `stored`, `authority` and `version`, and
 * `timestamp` when the resend has none (the LRS then filled it in with `stored`). Property order
 * does not matter; array order does.
 */
export function sameStatement(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown>,
  incomingHadTimestamp: boolean,
): boolean {
  return deepEqual(comparable(incoming, !incomingHadTimestamp), comparable(stored, !incomingHadTimestamp));
}
