import type { BundleItem, CourseBundle } from '@course/contracts';
import { isCorrect } from './responses.js';

/** What a wrong free-text answer is saved as when space runs out: never an accepted answer. */
export const WRONG_SHORT_TEXT = '?';

/**
 * For SCORM 1.2's last resort (contracts' `encodeProgressWithin`, stage 3): a scored free-text answer
 * reduced to its verdict. A correct answer becomes the item's shortest accepted form, a wrong one
 * WRONG_SHORT_TEXT, so the restored answer is judged as the learner's was. Other ids pass unchanged.
 */
export function shortTextCompactor(bundle: CourseBundle): (itemId: string, response: string) => string {
  const scored: BundleItem[] = [
    ...bundle.modules.flatMap((m) => m.knowledgeCheck.items),
    ...(bundle.finalAssessment?.banks.flatMap((b) => b.items) ?? []),
  ];
  const items = new Map(scored.flatMap((i) => (i.type === 'short-text' ? [[i.id, i] as const] : [])));
  return (itemId, response) => {
    const item = items.get(itemId);
    if (!item) return response;
    if (isCorrect(item, response)) {
      const shortest = [...item.accepted].sort((a, b) => a.length - b.length)[0]!;
      return shortest.length < response.length ? shortest : response;
    }
    return WRONG_SHORT_TEXT;
  };
}
