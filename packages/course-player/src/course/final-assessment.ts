import type { BundleFinalAssessment, BundleItem } from '@course/contracts';
import type { Answers } from './scoring.js';
import { score } from './scoring.js';

/**
 * Keys in progress `scenarios` (slug → id list) that hold the final assessment's state:
 * the ids of the items drawn for the current attempt, in the order shown, and, once the learner has
 * submitted the attempt, its date (`[YYYY-MM-DD]`, the learner's local date).
 */
export const FINAL_DRAW_KEY = 'final-assessment';
export const FINAL_SUBMITTED_KEY = 'final-assessment-submitted';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The final assessment's saved state: what was drawn, and when it was submitted. */
export interface FinalState {
  drawn: string[] | null;
  submittedOn: string | null;
}

export function finalState(scenarios: Record<string, string[]>): FinalState {
  const drawn = scenarios[FINAL_DRAW_KEY];
  const submitted = scenarios[FINAL_SUBMITTED_KEY]?.[0];
  return {
    drawn: drawn && drawn.length > 0 ? drawn : null,
    submittedOn: drawn && submitted && DAY.test(submitted) ? submitted : null,
  };
}

/** Every item of every bank, by id. */
export function bankItems(assessment: BundleFinalAssessment): Map<string, BundleItem> {
  return new Map(assessment.banks.flatMap((bank) => bank.items.map((item) => [item.id, item] as const)));
}

/**
 * One attempt's items: `drawPerCompetency` items at random from each bank (all of a smaller bank),
 * bank by bank. `random` returns [0, 1), like Math.random.
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
    return pool.slice(0, take);
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
