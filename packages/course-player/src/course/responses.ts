import type { BundleItem, Response } from '@course/contracts';

export type ItemOf<T extends BundleItem['type']> = Extract<BundleItem, { type: T }>;

/** Lower case, accents stripped, punctuation removed, whitespace collapsed: how short-text answers compare. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\p{P}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const isList = (r: Response): r is string[] => Array.isArray(r);
const isPairs = (r: Response): r is Record<string, string> =>
  typeof r === 'object' && r !== null && !Array.isArray(r);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set(a).size === a.length && a.every((x) => b.includes(x));

/**
 * Whether `response` has the shape the item's type answers with and names only what the item has.
 * Saved progress from before a content edit may not; such a response is dropped on restore.
 */
export function fitsItem(item: BundleItem, response: Response): boolean {
  switch (item.type) {
    case 'single-choice':
      return isList(response) && response.length === 1 && item.choices.some((c) => c.id === response[0]);
    case 'multiple-response':
      return (
        isList(response) &&
        response.length > 0 &&
        new Set(response).size === response.length &&
        response.every((id) => item.choices.some((c) => c.id === id))
      );
    case 'true-false':
      return typeof response === 'boolean';
    case 'matching':
      return (
        isPairs(response) &&
        sameSet(
          Object.keys(response),
          item.pairs.map((p) => p.id),
        ) &&
        Object.values(response).every((id) => item.pairs.some((p) => p.id === id))
      );
    case 'ordering':
      return (
        isList(response) &&
        sameSet(
          response,
          item.steps.map((s) => s.id),
        )
      );
    case 'categorising':
      return (
        isPairs(response) &&
        sameSet(
          Object.keys(response),
          item.entries.map((e) => e.id),
        ) &&
        Object.values(response).every((id) => item.categories.some((c) => c.id === id))
      );
    case 'short-text':
      return typeof response === 'string' && response.trim().length > 0;
    case 'numeric':
      return typeof response === 'number' && Number.isFinite(response);
  }
}

/** Whether a response (already known to fit the item) is right. */
export function isCorrect(item: BundleItem, response: Response): boolean {
  if (!fitsItem(item, response)) return false;
  switch (item.type) {
    case 'single-choice':
      return (response as string[])[0] === item.correct;
    case 'multiple-response':
      return sameSet(response as string[], item.correct);
    case 'true-false':
      return response === item.correct;
    case 'matching':
      return item.pairs.every((p) => (response as Record<string, string>)[p.id] === p.id);
    case 'ordering':
      return item.steps.every((s, i) => (response as string[])[i] === s.id);
    case 'categorising':
      return item.entries.every((e) => (response as Record<string, string>)[e.id] === e.category);
    case 'short-text': {
      const given = normaliseText(response as string);
      return item.accepted.some((a) => normaliseText(a) === given);
    }
    case 'numeric': {
      const slack = Number.EPSILON * Math.max(1, Math.abs(item.answer)) * 8;
      return Math.abs((response as number) - item.answer) <= item.tolerance + slack;
    }
  }
}

/** FNV-1a of the seed, then mulberry32: the same order for the same item id, in every browser. */
function random(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic shuffle seeded by `seed` (an item id). */
export function shuffled<T>(values: readonly T[], seed: string): T[] {
  const next = random(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The shuffle an ordering item starts from: seeded by the item id, and never already in order. */
export function shuffledSteps<T>(steps: readonly T[], seed: string): T[] {
  const out = shuffled(steps, seed);
  if (steps.length > 1 && out.every((s, i) => s === steps[i])) out.push(out.shift()!);
  return out;
}
