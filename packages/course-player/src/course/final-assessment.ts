import type { BundleFinalAssessment, BundleItem } from '@course/contracts';
import type { Answers } from './scoring.js';
import { score } from './scoring.js';

/**
 * Keys in progress `scenarios` (slug → id list) that hold the final assessment's attempt:
 * `final-assessment` lists the drawn items not answered yet (the answered ones are the bank items in
 * `answers`, so each id is saved once: SCORM 1.2 gives 4096 characters), empty once all are answered;
 * `final-assessment-submitted` holds `[YYYY-MM-DD]`, the learner's local date of submission.
 */
export const FINAL_DRAW_KEY = 'final-assessment';
export const FINAL_SUBMITTED_KEY = 'final-assessment-submitted';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The final assessment's saved attempt: the drawn item ids in the order shown, and when it was submitted. */
export interface FinalState {
  drawn: string[] | null;
  submittedOn: string | null;
}

/**
 * The attempt saved in `scenarios` and `answers`: null (draw again) when nothing was drawn or the draw no
 * longer fits the banks (an id left its bank, or a bank's count differs from drawPerCompetency after a
 * content edit). Items show bank by bank, each bank's in its order. Submitted only when all are answered.
 */
export function finalState(
  assessment: BundleFinalAssessment,
  scenarios: Record<string, string[]>,
  answers: Answers,
): FinalState {
  const none = { drawn: null, submittedOn: null };
  const pending = scenarios[FINAL_DRAW_KEY];
  if (!pending) return none;
  const items = bankItems(assessment);
  if (pending.some((id) => !items.has(id))) return none;
  const chosen = new Set([...pending, ...Object.keys(answers).filter((id) => items.has(id))]);
  const perBank = assessment.banks.map((bank) => bank.items.filter((item) => chosen.has(item.id)));
  if (
    perBank.some(
      (drawn, b) =>
        drawn.length !== Math.min(assessment.drawPerCompetency, assessment.banks[b]!.items.length),
    )
  )
    return none;
  const drawn = perBank.flat().map((item) => item.id);
  const submitted = scenarios[FINAL_SUBMITTED_KEY]?.[0];
  const complete = drawn.every((id) => answers[id] !== undefined);
  return { drawn, submittedOn: complete && submitted && DAY.test(submitted) ? submitted : null };
}

/** Every item of every bank, by id. */
export function bankItems(assessment: BundleFinalAssessment): Map<string, BundleItem> {
  return new Map(assessment.banks.flatMap((bank) => bank.items.map((item) => [item.id, item] as const)));
}

/**
 * One attempt's items: `drawPerCompetency` items at random from each bank (all of a smaller bank),
 * bank by bank, each bank's in its order. `random` returns [0, 1), like Math.random.
 */
export function drawFinalItems(
  assessment: BundleFinalAssessment,
  random: () => number = Math.random,
): string[] {
  return assessment.banks.flatMap((bank) => {
    const pool = bank.items.map((item) => item.id);
    const take = Math.min(assessment.drawPerCompetency, pool.length);
    for (let i = 0; i < take; i += 1) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const drawn = new Set(pool.slice(0, take));
    return bank.items.filter((item) => drawn.has(item.id)).map((item) => item.id);
  });
}

/** The drawn items, or null when a drawn id is no longer in any bank (the content changed: draw again). */
export function drawnItems(assessment: BundleFinalAssessment, ids: readonly string[]): BundleItem[] | null {
  const items = bankItems(assessment);
  const drawn = ids.map((id) => items.get(id));
  return drawn.every((item) => item !== undefined) && new Set(ids).size === ids.length
    ? (drawn as BundleItem[])
    : null;
}

export interface CompetencyResult {
  competency: string;
  correct: number;
  total: number;
}

export interface FinalResult {
  percent: number;
  correct: number;
  total: number;
  passed: boolean;
  /** Per bank, in bank order, for the competencies drawn from. */
  competencies: CompetencyResult[];
  /** The drawn items answered wrongly, in the order shown. */
  missed: BundleItem[];
}

/** The attempt's result: the share of drawn items answered correctly, against the pass mark. */
export function finalResult(
  assessment: BundleFinalAssessment,
  items: readonly BundleItem[],
  answers: Answers,
  passMark: number,
): FinalResult {
  const s = score(items, answers);
  const right = (item: BundleItem) => score([item], answers).correct === 1;
  return {
    percent: s.percent,
    correct: s.correct,
    total: s.total,
    passed: s.percent >= passMark,
    competencies: assessment.banks
      .map((bank) => {
        const own = items.filter((item) => bank.items.includes(item));
        return { competency: bank.competency, correct: own.filter(right).length, total: own.length };
      })
      .filter((c) => c.total > 0),
    missed: items.filter((item) => !right(item)),
  };
}

/** The learner's local date as `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
