import { z } from 'zod';

/** SCORM 1.2 `cmi.suspend_data` is CMIString4096 (RTE 3.4.2.1.9). The budget every encoding must meet. */
export const SCORM12_SUSPEND_DATA_MAX = 4096;
/** SCORM 2004 4th Edition `cmi.suspend_data` is characterstring (SPM: 64000): room for progress in full. */
export const SCORM2004_SUSPEND_DATA_MAX = 64000;
export const PROGRESS_FORMAT_VERSION = 2 as const;
/** Short-text responses are kept to this many characters (code points) in saved progress. */
export const SHORT_TEXT_MAX = 200;

/**
 * One learner response, by item type:
 * - choice ids (single-choice, multiple-response) or step ids in the learner's order (ordering): `string[]`;
 * - premise id → response id (matching) or entry id → category id (categorising): `Record<string, string>`;
 * - true-false: `boolean`; short-text: `string`; numeric: `number`.
 */
export const ResponseSchema = z.union([
  z.boolean(),
  z.number(),
  z.string(),
  z.array(z.string()),
  z.record(z.string(), z.string()),
]);
export type Response = z.infer<typeof ResponseSchema>;

/**
 * Learner progress in one package. Keys are content slugs (stable forever), so content edits
 * that add lessons or items never corrupt saved progress; unknown keys are dropped on restore.
 */
export const ProgressSchema = z.strictObject({
  v: z.literal(PROGRESS_FORMAT_VERSION),
  /** Where the learner is: `<moduleId>/<pageId>`. */
  location: z.string(),
  /** Pages seen. */
  visited: z.array(z.string()),
  /** Scored item id (knowledge-check items, the final assessment's drawn items) → response. */
  answers: z.record(z.string(), ResponseSchema),
  /** Practice item id (items in lessons and case studies, the pre-assessment's items) → response (not scored). */
  practice: z.record(z.string(), ResponseSchema),
  /**
   * Slug → id list. Scenario id → the ids of the choices taken from its start node, in order. Course
   * packages with a final assessment also keep its attempt here, so a resume shows the same draw:
   * `final-assessment` → the ids of the items drawn for the current attempt that are not answered yet
   * (answered ones are the bank items in `answers`: each id is written once), `[]` once all are answered;
   * once submitted, `final-assessment-submitted` → `[YYYY-MM-DD]`, the learner's local date of submission
   * (the certificate's date). A retake replaces the draw and removes the submission and its answers.
   */
  scenarios: z.record(z.string(), z.array(z.string())),
});
export type Progress = z.infer<typeof ProgressSchema>;

export class ProgressDecodeError extends Error {
  override name = 'ProgressDecodeError';
}

/*
 * Text form, version 2 (version 1, `1|<location>|<visited,…>|<item:choice+choice,…>`, still decodes):
 *
 *   2|<location>|<visited>|<answers>|<practice>|<scenarios>
 *
 * Every list of ids is sorted and front-coded, so ids keep their full, stable text (no index derived
 * from the content's order, which would break saved progress when content changes) while the
 * prefixes that ids share (`m03-kc-`, `m03/m03-l`) are written once. An entry starts with an upper-case
 * letter whose offset from `A` (0–25) says how many leading characters it shares with the previous
 * key; the rest of the key follows. Keys are slugs (plus `/` in page keys), never upper case, so the
 * letter also marks where an entry starts.
 *
 * - visited: `<entry><entry>…`, e.g. `Am1/m1-l1H2` = m1/m1-l1, m1/m1-l2 (H: 7 characters shared).
 * - answers, practice: each entry is followed by its response, introduced by a tag:
 *   `:` ids joined by `+` (choices; steps in the learner's order), `=` pairs `key.value` joined by `+`,
 *   `^1` / `^0` true / false, `#` a number, `'` free text as `<length>'<text>` with `%`, `|` escaped
 *   as `%25`, `%7C` (length counted after escaping). Free text is cut to SHORT_TEXT_MAX code points.
 * - scenarios: each entry is followed by `:` and the choice ids joined by `+`.
 *
 * SCORM 1.2 gives 4096 characters. `encodeProgressWithin` drops, in this order, until the text fits:
 * (1) practice answers (they do not count towards the score and are recorded as xAPI statements),
 * (2) visited pages (only used to avoid a second xAPI "experienced" statement for a lesson), then, when
 * the tracker offers it, (3) free-text answers cut to a short form that keeps their verdict.
 * The verdicts of knowledge-check and final-assessment answers, scenario paths (with the final
 * assessment's attempt) and the location are always kept. The course as written (15 modules, 223 knowledge-check items, every
 * scenario path through every decision point, the 26 drawn final items with their longest answers) is
 * 6454 characters in full and 4051 without practice answers and visited pages. The worst case of a
 * 15-module course (progress.test.ts: 10 knowledge-check items with the longest structured responses,
 * 10 practice items and a 10-step scenario path per module, every page visited) is 7156 characters in
 * full, 4783 without practice answers and 3685 without visited pages too, so it fits. Item ids are never
 * replaced by indexes into the content: an index would point at another item after a content edit.
 */

const V1 = { field: '|', list: ',', pair: ':', multi: '+' };
const KEY = /^[a-z0-9/-]+$/;
const ID = /^[a-z0-9-]+$/;
const PREFIX_MAX = 25;

function assertKey(value: string, what: string, pattern = KEY): void {
  if (!pattern.test(value))
    throw new Error(`progress ${what} "${value}" has characters the compact format cannot carry`);
}

function shared(a: string, b: string): number {
  let n = 0;
  while (n < PREFIX_MAX && n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

function frontCode<T>(entries: Array<[string, T]>, write: (key: string, value: T) => string): string {
  let previous = '';
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => {
      const n = shared(previous, key);
      previous = key;
      return String.fromCharCode(65 + n) + key.slice(n) + write(key, value);
    })
    .join('');
}

const escapeText = (text: string) => text.replace(/%/g, '%25').replace(/\|/g, '%7C');
const unescapeText = (text: string) => text.replace(/%7C/g, '|').replace(/%25/g, '%');

/** Cuts free text to SHORT_TEXT_MAX code points (never inside a surrogate pair). */
export function capShortText(text: string): string {
  const points = Array.from(text);
  return points.length > SHORT_TEXT_MAX ? points.slice(0, SHORT_TEXT_MAX).join('') : text;
}

function writeResponse(item: string, response: Response): string {
  if (typeof response === 'boolean') return response ? '^1' : '^0';
  if (typeof response === 'number') {
    if (!Number.isFinite(response)) throw new Error(`progress answer to "${item}" is not a finite number`);
    return `#${String(response)}`;
  }
  if (typeof response === 'string') {
    const text = escapeText(capShortText(response));
    return `'${text.length}'${text}`;
  }
  if (Array.isArray(response)) {
    response.forEach((id) => assertKey(id, `response id in "${item}"`, ID));
    return `:${response.join('+')}`;
  }
  const pairs = Object.entries(response).map(([key, value]) => {
    assertKey(key, `response id in "${item}"`, ID);
    assertKey(value, `response id in "${item}"`, ID);
    return `${key}.${value}`;
  });
  return `=${pairs.join('+')}`;
}

function encodeRecord(record: Record<string, Response>): string {
  return frontCode(Object.entries(record), (item, response) => {
    assertKey(item, 'item', ID);
    return writeResponse(item, response);
  });
}

export function encodeProgress(progress: Progress): string {
  const p = ProgressSchema.parse(progress);
  if (p.location) assertKey(p.location, 'location');
  const visited = frontCode(
    [...new Set(p.visited)].map((v): [string, null] => [v, null]),
    (key) => {
      assertKey(key, 'page');
      return '';
    },
  );
  const scenarios = frontCode(Object.entries(p.scenarios), (id, path) => {
    assertKey(id, 'scenario', ID);
    path.forEach((c) => assertKey(c, `choice in scenario "${id}"`, ID));
    return `:${path.join('+')}`;
  });
  return [
    String(p.v),
    p.location,
    visited,
    encodeRecord(p.answers),
    encodeRecord(p.practice),
    scenarios,
  ].join('|');
}

/**
 * The longest text that fits `max` characters: all of it, or without practice answers, or without
 * practice answers and visited pages, or (with `compactShortText`) also with free-text answers in their
 * short form. Null when even that does not fit.
 */
export function encodeProgressWithin(
  progress: Progress,
  max: number,
  options: {
    /**
     * Stage 3, when even that does not fit: each free-text answer replaced by a short form that keeps its
     * verdict (the tracker passes one built from the content: a correct answer becomes its shortest
     * accepted form, a wrong one a marker that is never accepted).
     */
    compactShortText?: (itemId: string, response: string) => string;
  } = {},
): { text: string; dropped: string[] } | null {
  const lean: Progress = { ...progress, practice: {}, visited: [] };
  const stages: Array<[string[], Progress]> = [
    [[], progress],
    [['practice'], { ...progress, practice: {} }],
    [['practice', 'visited'], lean],
  ];
  const compact = options.compactShortText;
  if (compact)
    stages.push([
      ['practice', 'visited', 'short-text'],
      {
        ...lean,
        answers: Object.fromEntries(
          Object.entries(progress.answers).map(([id, r]) => [id, typeof r === 'string' ? compact(id, r) : r]),
        ),
      },
    ]);
  for (const [dropped, candidate] of stages) {
    const text = encodeProgress(candidate);
    if (text.length <= max) return { text, dropped };
  }
  return null;
}

/** Reads front-coded entries; `readValue` consumes what follows each key from `text` at `at`. */
class Reader {
  at = 0;
  constructor(readonly text: string) {}
  get done() {
    return this.at >= this.text.length;
  }
  peek() {
    return this.text[this.at] ?? '';
  }
  take(pattern: RegExp): string {
    const start = this.at;
    while (!this.done && pattern.test(this.peek())) this.at += 1;
    return this.text.slice(start, this.at);
  }
  fail(what: string): never {
    throw new ProgressDecodeError(
      `malformed ${what} at character ${this.at}: "${this.text.slice(this.at, this.at + 20)}"`,
    );
  }
}

function readEntries<T>(
  text: string,
  keyChars: RegExp,
  readValue: (r: Reader, key: string) => T,
  what: string,
) {
  const r = new Reader(text);
  const entries: Array<[string, T]> = [];
  let previous = '';
  while (!r.done) {
    const marker = r.peek();
    if (!/[A-Z]/.test(marker)) r.fail(what);
    r.at += 1;
    const n = marker.charCodeAt(0) - 65;
    if (n > previous.length) r.fail(what);
    const key = previous.slice(0, n) + r.take(keyChars);
    if (!key) r.fail(what);
    previous = key;
    entries.push([key, readValue(r, key)]);
  }
  return entries;
}

function readResponse(r: Reader): Response {
  const tag = r.peek();
  r.at += 1;
  switch (tag) {
    case ':': {
      const ids = r.take(/[a-z0-9+-]/);
      return ids ? ids.split('+') : [];
    }
    case '=': {
      const pairs = r.take(/[a-z0-9+.-]/);
      const record: Record<string, string> = {};
      for (const pair of pairs ? pairs.split('+') : []) {
        const [key, value, extra] = pair.split('.');
        if (!key || !value || extra !== undefined) r.fail('pair');
        record[key] = value;
      }
      return record;
    }
    case '^': {
      const flag = r.take(/[01]/);
      if (flag.length !== 1) r.fail('boolean');
      return flag === '1';
    }
    case '#': {
      const number = Number(r.take(/[0-9.e+-]/));
      if (!Number.isFinite(number)) r.fail('number');
      return number;
    }
    case "'": {
      const length = Number(r.take(/[0-9]/));
      if (r.peek() !== "'" || !Number.isInteger(length)) r.fail('text');
      r.at += 1;
      const text = r.text.slice(r.at, r.at + length);
      if (text.length !== length) r.fail('text');
      r.at += length;
      return unescapeText(text);
    }
    default:
      return r.fail('response');
  }
}

function decodeV1(parts: string[]): Progress {
  if (parts.length !== 4) throw new ProgressDecodeError(`expected 4 fields, found ${parts.length}`);
  const [, location = '', visited = '', answers = ''] = parts;
  const answerMap: Record<string, string[]> = {};
  for (const pair of answers ? answers.split(V1.list) : []) {
    const [item, choices] = pair.split(V1.pair);
    if (!item || choices === undefined) throw new ProgressDecodeError(`malformed answer "${pair}"`);
    answerMap[item] = choices ? choices.split(V1.multi) : [];
  }
  return ProgressSchema.parse({
    v: PROGRESS_FORMAT_VERSION,
    location,
    visited: visited ? visited.split(V1.list) : [],
    answers: answerMap,
    practice: {},
    scenarios: {},
  });
}

export function decodeProgress(text: string): Progress {
  const parts = text.split('|');
  if (parts[0] === '1') return decodeV1(parts);
  if (parts[0] !== String(PROGRESS_FORMAT_VERSION)) {
    throw new ProgressDecodeError(`unknown progress format version "${parts[0] ?? ''}"`);
  }
  if (parts.length !== 6) throw new ProgressDecodeError(`expected 6 fields, found ${parts.length}`);
  const [, location = '', visited = '', answers = '', practice = '', scenarios = ''] = parts;
  const record = (field: string, what: string) =>
    Object.fromEntries(readEntries(field, /[a-z0-9-]/, (r) => readResponse(r), what));
  return ProgressSchema.parse({
    v: PROGRESS_FORMAT_VERSION,
    location,
    visited: readEntries(visited, /[a-z0-9/-]/, () => null, 'visited page').map(([key]) => key),
    answers: record(answers, 'answer'),
    practice: record(practice, 'practice answer'),
    scenarios: Object.fromEntries(
      readEntries(
        scenarios,
        /[a-z0-9-]/,
        (r) => {
          const path = readResponse(r);
          if (!Array.isArray(path)) r.fail('scenario path');
          return path;
        },
        'scenario path',
      ),
    ),
  });
}
