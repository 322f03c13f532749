import type { CourseBundle, Progress } from '@course/contracts';
import { bankItems, FINAL_DRAW_KEY, FINAL_SUBMITTED_KEY, finalState } from './final-assessment.js';
import type { Page } from './pages.js';
import { practiceItems } from './pages.js';
import { fitsItem } from './responses.js';
import { walk } from './scenario.js';
import type { Answers } from './scoring.js';

export interface RestoredState {
  index: number;
  visited: string[];
  answers: Answers;
  practice: Answers;
  scenarios: Record<string, string[]>;
}

export const emptyState = (): RestoredState => ({
  index: 0,
  visited: [],
  answers: {},
  practice: {},
  scenarios: {},
});

function keep(saved: Answers, items: Map<string, Parameters<typeof fitsItem>[0]>): Answers {
  const kept: Answers = {};
  for (const [itemId, response] of Object.entries(saved)) {
    const item = items.get(itemId);
    if (item && fitsItem(item, response)) kept[itemId] = response;
  }
  return kept;
}

/**
 * Saved progress → player state, keeping only what still fits the content: unknown pages, items,
 * responses that no longer fit their item, and scenario paths that no longer lead anywhere are dropped;
 * an unknown location starts at page 1. The final assessment's attempt is kept while its draw still fits
 * the banks (see finalState), with its answers and its submission; otherwise the learner draws again.
 */
export function restoreProgress(
  progress: Progress | null,
  pages: Page[],
  bundle: CourseBundle,
): RestoredState {
  if (!progress) return emptyState();
  const keys = new Set(pages.map((p) => p.key));
  const scored = new Map(bundle.modules.flatMap((m) => m.knowledgeCheck.items).map((i) => [i.id, i]));
  const practice = new Map(practiceItems(bundle).map((i) => [i.id, i]));
  const scenarios: Record<string, string[]> = {};
  for (const module of bundle.modules) {
    const path = module.scenario && progress.scenarios[module.scenario.id];
    if (module.scenario && path && walk(module.scenario, path)) scenarios[module.scenario.id] = path;
  }
  let answers = keep(progress.answers, scored);
  const final = bundle.finalAssessment;
  if (final) {
    const bankAnswers = keep(progress.answers, bankItems(final));
    const attempt = finalState(final, progress.scenarios, bankAnswers);
    if (attempt.drawn) {
      answers = { ...answers, ...bankAnswers };
      scenarios[FINAL_DRAW_KEY] = attempt.drawn.filter((id) => bankAnswers[id] === undefined);
    }
    if (attempt.submittedOn) scenarios[FINAL_SUBMITTED_KEY] = [attempt.submittedOn];
  }
  const index = pages.findIndex((p) => p.key === progress.location);
  return {
    index: Math.max(0, index),
    visited: progress.visited.filter((v) => keys.has(v)),
    answers,
    practice: keep(progress.practice, practice),
    scenarios,
  };
}
