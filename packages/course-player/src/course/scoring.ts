import type { BundleItem, CourseBundle, Response } from '@course/contracts';
import type { CompletionResult } from '../tracking/tracker.js';
import { isCorrect } from './responses.js';

/** Item id → the learner's response. */
export type Answers = Record<string, Response>;

export interface Score {
  total: number;
  answered: number;
  correct: number;
  /** Correct answers out of all items, rounded to a whole percent; 100 when there are no items. */
  percent: number;
  complete: boolean;
}

export function score(items: readonly BundleItem[], answers: Answers): Score {
  let answered = 0;
  let correct = 0;
  for (const item of items) {
    const response = answers[item.id];
    if (response === undefined) continue;
    answered += 1;
    if (isCorrect(item, response)) correct += 1;
  }
  const total = items.length;
  return {
    total,
    answered,
    correct,
    percent: total === 0 ? 100 : Math.round((correct / total) * 100),
    complete: answered === total,
  };
}

/** The package's result (knowledge-check items only), or null while any of them is unanswered. */
export function packageResult(
  bundle: CourseBundle,
  answers: Answers,
  passMark: number,
): CompletionResult | null {
  const s = score(
    bundle.modules.flatMap((m) => m.knowledgeCheck.items),
    answers,
  );
  return s.complete ? { scorePercent: s.percent, passed: s.percent >= passMark } : null;
}
