import { VERBS, type ItemKind, type VerbName } from '@course/contracts';
import { agentIfi } from '../agent-ifi.js';
import type { AnalyticsCatalogue } from './catalogue.js';

/**
 * One statement as the analytics read model keeps it (table `analytics_statements`): who, when, what
 * kind of event, in which module, and the result fields the aggregates need. Extracted from the
 * stored payload by `extractFact`, on the write path and by the rebuild alike.
 */
export interface Fact {
  learner: string;
  statementId: string;
  /** The statement's insertion order (`statements.seq`), decimal. */
  seq: string;
  /** The statement's timestamp (when it happened), ISO 8601 UTC. */
  at: string;
  /** The actor's name when the statement gave one, else ''. */
  name: string;
  /** The cohort context extension, else ''. */
  cohort: string;
  verb: VerbName;
  /** The object's activity id. */
  activity: string;
  /** The module, course-level assessment or course the statement belongs to ('' when none). */
  module: string;
  /** answered: the item's kind (catalogue), else null. */
  itemKind: ItemKind | null;
  /** answered: the interaction type (catalogue, else the statement's definition), else null. */
  interactionType: string | null;
  success: boolean | null;
  response: string | null;
  scoreScaled: number | null;
  /** terminated: the session's duration. */
  durationMs: number | null;
  /** answered: the competency ids (C01…) of the objective activities in context.contextActivities.parent. */
  competencies: string[];
}

const VERB_BY_ID = new Map<string, VerbName>(
  Object.entries(VERBS).map(([name, v]) => [v.id, name as VerbName]),
);
const COMPETENCY_IRI = /\/competency\/(C(?:0[1-9]|1[0-3]))$/;
const MAX_TEXT = 2000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** At most `max` code points (PostgreSQL counts characters, not UTF-16 units). */
export const clip = (s: string, max = MAX_TEXT) => {
  const points = Array.from(s);
  return points.length > max ? points.slice(0, max).join('') : s;
};

/**
 * An ISO 8601 duration in milliseconds: weeks, days, hours, minutes and (fractional) seconds. Years
 * and months have no fixed length and give null, as does anything unreadable.
 */
export function durationMs(iso: string): number | null {
  const m =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      iso,
    );
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  return Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000);
}

function parents(context: unknown): Obj[] {
  if (!isObj(context) || !isObj(context.contextActivities)) return [];
  const p = context.contextActivities.parent;
  return (Array.isArray(p) ? p : [p]).filter(isObj);
}

/**
 * The analytics fact of a stored statement, or null when the statement is outside the course's xAPI
 * profile: a verb the course does not use, a Group or identified-by-nothing actor, a non-Activity
 * object. Never throws: a statement the LRS accepted is never refused because of the analytics.
 */
export function extractFact(payload: Obj, seq: string, catalogue: AnalyticsCatalogue): Fact | null {
  try {
    return extract(payload, seq, catalogue);
  } catch {
    return null;
  }
}

function extract(payload: Obj, seq: string, catalogue: AnalyticsCatalogue): Fact | null {
  const verb = isObj(payload.verb) ? VERB_BY_ID.get(str(payload.verb.id) ?? '') : undefined;
  const actor = payload.actor;
  const object = payload.object;
  if (!verb || !isObj(actor) || actor.objectType === 'Group' || !isObj(object)) return null;
  if (object.objectType !== undefined && object.objectType !== 'Activity') return null;
  const learner = agentIfi(actor);
  const activity = str(object.id);
  if (!learner || !activity) return null;

  // Timestamps outside years 0000–9999 (valid xAPI, rare) fall back to `stored`.
  const iso = (text: unknown) => {
    const ms = Date.parse(str(text) ?? '');
    const out = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
    return /^\d{4}-/.test(out) ? out : undefined;
  };
  const at = iso(payload.timestamp) ?? iso(payload.stored) ?? new Date(0).toISOString();
  const context = payload.context;
  const extensions = isObj(context) && isObj(context.extensions) ? context.extensions : {};
  const rawCohort = catalogue.cohortExtension ? extensions[catalogue.cohortExtension] : undefined;
  const cohort =
    typeof rawCohort === 'string' || typeof rawCohort === 'number' ? clip(String(rawCohort).trim(), 200) : '';
  const result = isObj(payload.result) ? payload.result : {};
  const score = isObj(result.score) && typeof result.score.scaled === 'number' ? result.score.scaled : null;

  const competencies = new Set<string>();
  let parentModule = '';
  for (const p of parents(context)) {
    const id = str(p.id);
    if (!id) continue;
    const c = COMPETENCY_IRI.exec(id);
    if (c) competencies.add(c[1]!);
    else if (!parentModule) parentModule = id;
  }

  const answered = verb === 'answered';
  const listed = answered ? catalogue.items.get(activity) : undefined;
  const definition = isObj(object.definition) ? object.definition : {};
  const inModule = answered || verb === 'experienced';
  return {
    learner,
    statementId: String(payload.id).toLowerCase(),
    seq,
    at,
    name: clip(str(actor.name)?.trim() ?? '', 200),
    cohort,
    verb,
    activity,
    module: listed?.module ?? (inModule ? parentModule : activity),
    itemKind: answered ? (listed?.kind ?? 'unlisted') : null,
    interactionType: answered
      ? (listed?.interactionType ?? str(definition.interactionType) ?? 'other')
      : null,
    success: typeof result.success === 'boolean' ? result.success : null,
    response: answered && typeof result.response === 'string' ? clip(result.response) : null,
    scoreScaled: score,
    durationMs:
      verb === 'terminated' && typeof result.duration === 'string' ? durationMs(result.duration) : null,
    competencies: answered ? [...competencies].sort() : [],
  };
}
