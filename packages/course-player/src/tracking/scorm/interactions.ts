import type { BundleItem, Response } from '@course/contracts';

/** SCORM 1.2 CMIFeedback is CMIString255 (RTE 3.4.2.7.5): longer free text is cut. */
const FEEDBACK_MAX = 255;

export interface ScormInteraction {
  type: 'choice' | 'true-false' | 'matching' | 'sequencing' | 'fill-in' | 'numeric';
  /** `correct_responses.n.pattern` values. */
  correct: string[];
  response: string;
}

const list = (r: Response) => (Array.isArray(r) ? r : []);
const pairs = (r: Response) =>
  typeof r === 'object' && !Array.isArray(r) ? Object.entries(r).map(([k, v]) => `${k}.${v}`) : [];
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, FEEDBACK_MAX);

/** An item and a response as a SCORM 1.2 interaction (RTE 3.4.2.6 / 3.4.2.7 response formats). */
export function scormInteraction(item: BundleItem, response: Response): ScormInteraction {
  switch (item.type) {
    case 'single-choice':
      return { type: 'choice', correct: [item.correct], response: list(response).join(',') };
    case 'multiple-response':
      return { type: 'choice', correct: [item.correct.join(',')], response: list(response).join(',') };
    case 'true-false':
      return { type: 'true-false', correct: [item.correct ? 't' : 'f'], response: response ? 't' : 'f' };
    case 'matching':
      return {
        type: 'matching',
        correct: [item.pairs.map((p) => `${p.id}.${p.id}`).join(',')],
        response: pairs(response).join(','),
      };
    case 'ordering':
      return {
        type: 'sequencing',
        correct: [item.steps.map((s) => s.id).join(',')],
        response: list(response).join(','),
      };
    case 'categorising':
      return {
        type: 'matching',
        correct: [item.entries.map((e) => `${e.id}.${e.category}`).join(',')],
        response: pairs(response).join(','),
      };
    case 'short-text':
      return { type: 'fill-in', correct: item.accepted.map(oneLine), response: oneLine(String(response)) };
    case 'numeric':
      return { type: 'numeric', correct: [String(item.answer)], response: String(response) };
  }
}
