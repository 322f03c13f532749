import type { CourseBundle, Progress } from '@course/contracts';
import { drawnItems, FINAL_DRAW_KEY, FINAL_SUBMITTED_KEY, finalState } from './final-assessment.js';
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
 * an unknown location starts at page 1. The final assessment's draw is kept while every drawn item is
 * still in its bank (with the answers to the drawn items only), and its submission while every drawn
 * item is answered; otherwise the learner draws again.
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
  const final = finalState(progress.scenarios);
  const drawn = bundle.finalAssessment && final.drawn && drawnItems(bundle.finalAssessment, final.drawn);
  if (drawn) {
    drawn.forEach((item) => scored.set(item.id, item));
    scenarios[FINAL_DRAW_KEY] = final.drawn!;
  }
  const answers = keep(progress.answers, scored);
  if (drawn && final.submittedOn && drawn.every((item) => answers[item.id] !== undefined))
    scenarios[FINAL_SUBMITTED_KEY] = [final.submittedOn];
  const index = pages.findIndex((p) => p.key === progress.location);
  return {
    index: Math.max(0, index),
    visited: progress.visited.filter((v) => keys.has(v)),
    answers,
    practice: keep(progress.practice, practice),
    scenarios,
  };
}
