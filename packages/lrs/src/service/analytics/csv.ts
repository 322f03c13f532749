/**
 * CSV as RFC 4180 wants it (comma, CRLF, fields with a comma, quote or line break quoted, quotes
 * doubled), UTF-8 with a byte-order mark so that spreadsheet programs read non-Latin text (Arabic)
 * correctly. Text that a spreadsheet would run as a formula (starting with = + - @ tab or CR) gets
 * a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
export const CSV_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: unknown[]) => `${values.map(csvCell).join(',')}\r\n`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = (map: unknown) =>
  isObj(map) ? (Object.values(map).find((v) => typeof v === 'string') ?? '') : '';

/** The columns of `statements.csv`, one row per stored statement. */
export const STATEMENT_COLUMNS = [
  'id',
  'stored',
  'timestamp',
  'actor',
  'actor_name',
  'verb',
  'verb_display',
  'object_type',
  'object_id',
  'object_name',
  'registration',
  'cohort',
  'parent',
  'competencies',
  'grouping',
  'success',
  'completion',
  'score_scaled',
  'score_raw',
  'response',
  'duration',
  'version',
] as const;

/** A stored statement flattened to `STATEMENT_COLUMNS` (plus its JSON when `withJson`). */
export function flattenStatement(
  s: Obj,
  actor: string,
  cohortExtension: string | null,
  withJson: boolean,
): unknown[] {
  const object = isObj(s.object) ? s.object : {};
  const verb = isObj(s.verb) ? s.verb : {};
  const context = isObj(s.context) ? s.context : {};
  const ca = isObj(context.contextActivities) ? context.contextActivities : {};
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isObj).map((a) => String(a.id));
  const parents = list(ca.parent);
  const competencies = parents.filter((id) => /\/competency\/C\d\d$/.test(id));
  const result = isObj(s.result) ? s.result : {};
  const score = isObj(result.score) ? result.score : {};
  const extensions = isObj(context.extensions) ? context.extensions : {};
  const definition = isObj(object.definition) ? object.definition : {};
  const row = [
    s.id,
    s.stored,
    s.timestamp,
    actor,
    isObj(s.actor) ? s.actor.name : '',
    verb.id,
    first(verb.display),
    object.objectType ?? 'Activity',
    object.id,
    first(definition.name) || first(definition.description),
    context.registration,
    cohortExtension ? extensions[cohortExtension] : undefined,
    parents.filter((id) => !competencies.includes(id)).join(' '),
    competencies.map((id) => id.slice(-3)).join(' '),
    list(ca.grouping).join(' '),
    result.success,
    result.completion,
    score.scaled,
    score.raw,
    result.response,
    result.duration,
    s.version,
  ];
  return withJson ? [...row, JSON.stringify(s)] : row;
}
