import type { CourseBundle, Progress } from '@course/contracts';
import type { Page } from './pages.js';
import type { Answers } from './scoring.js';

export interface RestoredState {
  index: number;
  visited: string[];
  answers: Answers;
}

/**
 * Saved progress → player state, keeping only what still fits the content: unknown pages, items and
 * choices (content changed since the save) are dropped, and an unknown location starts at page 1.
 */
export function restoreProgress(
  progress: Progress | null,
  pages: Page[],
  bundle: CourseBundle,
): RestoredState {
  if (!progress) return { index: 0, visited: [], answers: {} };
  const keys = new Set(pages.map((p) => p.key));
  const items = new Map(bundle.modules.flatMap((m) => m.knowledgeCheck.items).map((i) => [i.id, i]));
  const answers: Answers = {};
  for (const [itemId, response] of Object.entries(progress.answers)) {
    const item = items.get(itemId);
    const choices = new Set(item?.choices.map((c) => c.id));
    if (item && response.length > 0 && response.every((c) => choices.has(c))) answers[itemId] = response;
  }
  const index = pages.findIndex((p) => p.key === progress.location);
  return {
    index: Math.max(0, index),
    visited: progress.visited.filter((v) => keys.has(v)),
    answers,
  };
}
