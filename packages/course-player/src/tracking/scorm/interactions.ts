import type { BundleItem, Response } from '@course/contracts';
import { plainText } from '../../course/plain-text.js';

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

/** SCORM 2004 localized strings and descriptions: characterstring (SPM: 250). */
const TEXT_2004_MAX = 250;

/**
 * Free text as a SCORM 2004 localized string: one line, at most 250 characters (never cutting a
 * surrogate pair), without the reserved delimiters `[,]` `[.]` `[:]`, and not starting with `{`
 * (which would be read as a `{lang=…}` or `{case_matters=…}` delimiter).
 */
function text2004(text: string): string {
  const clean = text
    .replace(/\[[,.:]\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\{/, '(');
  return Array.from(clean).slice(0, TEXT_2004_MAX).join('').trim();
}

/** A number as SCORM 2004 `real (10,7)` text: plain decimal notation, never an exponent. */
function decimal(n: number): string {
  const rounded = Number(n.toPrecision(15));
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** Prompt HTML as plain text for `cmi.interactions.n.description`. */
export function interactionDescription(item: BundleItem): string {
  return text2004(plainText(item.prompt));
}

const list2004 = (r: Response) => list(r).join('[,]');
const pairs2004 = (r: Response) =>
  typeof r === 'object' && !Array.isArray(r)
    ? Object.entries(r)
        .map(([k, v]) => `${k}[.]${v}`)
        .join('[,]')
    : '';

/**
 * An item and a response as a SCORM 2004 interaction (4th Edition RTE 4.2.9, correct response and
 * learner response formats): ids joined by `[,]`, matching pairs `source[.]target`, true-false
 * `true`/`false`, numeric correct responses as a range `min[:]max`.
 */
export function scorm2004Interaction(item: BundleItem, response: Response): ScormInteraction {
  switch (item.type) {
    case 'single-choice':
      return { type: 'choice', correct: [item.correct], response: list2004(response) };
    case 'multiple-response':
      return { type: 'choice', correct: [item.correct.join('[,]')], response: list2004(response) };
    case 'true-false':
      return { type: 'true-false', correct: [String(item.correct)], response: String(response === true) };
    case 'matching':
      return {
        type: 'matching',
        correct: [item.pairs.map((p) => `${p.id}[.]${p.id}`).join('[,]')],
        response: pairs2004(response),
      };
    case 'ordering':
      return {
        type: 'sequencing',
        correct: [item.steps.map((s) => s.id).join('[,]')],
        response: list2004(response),
      };
    case 'categorising':
      return {
        type: 'matching',
        correct: [item.entries.map((e) => `${e.id}[.]${e.category}`).join('[,]')],
        response: pairs2004(response),
      };
    case 'short-text':
      return {
        type: 'fill-in',
        correct: [...new Set(item.accepted.map(text2004))],
        response: text2004(String(response)),
      };
    case 'numeric':
      return {
        type: 'numeric',
        correct: [`${decimal(item.answer - item.tolerance)}[:]${decimal(item.answer + item.tolerance)}`],
        response: typeof response === 'number' ? decimal(response) : '',
      };
  }
}
