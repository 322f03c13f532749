import type { StatementFormat } from './query-statements.js';
import { isObject } from './validate.js';

type Obj = Record<string, unknown>;
const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

/** An Agent or Group reduced to what identifies it (format=ids). */
function actorIds(actor: unknown): unknown {
  if (!isObject(actor)) return actor;
  const out: Obj = {};
  if (actor.objectType !== undefined) out.objectType = actor.objectType;
  for (const k of IFIS) if (actor[k] !== undefined) out[k] = actor[k];
  if (Array.isArray(actor.member) && IFIS.every((k) => actor[k] === undefined))
    out.member = actor.member.map(actorIds);
  return out;
}

const activityIds = (a: unknown) => (isObject(a) ? { id: a.id } : a);

function objectIds(object: unknown): unknown {
  if (!isObject(object)) return object;
  switch (object.objectType) {
    case 'Agent':
    case 'Group':
      return actorIds(object);
    case 'SubStatement':
      return statementIds(object);
    case 'StatementRef':
      return object;
    default:
      return activityIds(object);
  }
}

function contextIds(context: unknown): unknown {
  if (!isObject(context)) return context;
  const out: Obj = { ...context };
  if (context.instructor !== undefined) out.instructor = actorIds(context.instructor);
  if (context.team !== undefined) out.team = actorIds(context.team);
  if (isObject(context.contextActivities)) {
    out.contextActivities = Object.fromEntries(
      Object.entries(context.contextActivities).map(([k, list]) => [
        k,
        Array.isArray(list) ? list.map(activityIds) : activityIds(list),
      ]),
    );
  }
  if (Array.isArray(context.contextAgents))
    out.contextAgents = context.contextAgents.map((c) =>
      isObject(c) ? { ...c, agent: actorIds(c.agent) } : c,
    );
  if (Array.isArray(context.contextGroups))
    out.contextGroups = context.contextGroups.map((c) =>
      isObject(c) ? { ...c, group: actorIds(c.group) } : c,
    );
  return out;
}

/** format=ids (xAPI 1.0.3 Communication §2.1.3): agents, activities and verbs by identifier only. */
function statementIds(statement: Obj): Obj {
  const out: Obj = { ...statement, actor: actorIds(statement.actor), object: objectIds(statement.object) };
  if (isObject(statement.verb)) out.verb = { id: statement.verb.id };
  if (statement.authority !== undefined) out.authority = actorIds(statement.authority);
  if (statement.context !== undefined) out.context = contextIds(statement.context);
  return out;
}

/** Accept-Language as tags in preference order (q-values honoured, `*` dropped). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: (tag ?? '').trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((l) => l.tag !== '' && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.tag);
}

/** One language of a language map: the best Accept-Language match, else `und`/`en`, else the first. */
function oneLanguage(map: unknown, languages: string[]): unknown {
  if (!isObject(map)) return map;
  const keys = Object.keys(map);
  if (keys.length <= 1) return map;
  const lower = keys.map((k) => k.toLowerCase());
  for (const lang of languages.map((l) => l.toLowerCase())) {
    let i = lower.indexOf(lang);
    if (i < 0) i = lower.findIndex((k) => k.split('-')[0] === lang.split('-')[0]);
    if (i >= 0) return { [keys[i]!]: map[keys[i]!] };
  }
  const fallback =
    keys.find((k) => k === 'und') ?? keys.find((k) => k.toLowerCase().startsWith('en')) ?? keys[0]!;
  return { [fallback]: map[fallback] };
}

function canonicalDefinition(definition: Obj, languages: string[]): Obj {
  const out: Obj = { ...definition };
  for (const k of ['name', 'description']) if (out[k] !== undefined) out[k] = oneLanguage(out[k], languages);
  for (const k of ['choices', 'scale', 'source', 'target', 'steps']) {
    if (Array.isArray(out[k]))
      out[k] = (out[k] as unknown[]).map((c) =>
        isObject(c) && c.description !== undefined
          ? { ...c, description: oneLanguage(c.description, languages) }
          : c,
      );
  }
  return out;
}

/**
 * format=canonical: activities carry the LRS's canonical definition (`definitions`), and every
 * language map of activities and verbs is reduced to one language chosen by Accept-Language.
 */
function statementCanonical(statement: Obj, definitions: Map<string, Obj>, languages: string[]): Obj {
  const activity = (a: unknown): unknown => {
    if (!isObject(a) || typeof a.id !== 'string') return a;
    const definition = definitions.get(a.id) ?? (isObject(a.definition) ? a.definition : undefined);
    return definition ? { ...a, definition: canonicalDefinition(definition, languages) } : a;
  };
  const out: Obj = { ...statement };
  if (isObject(statement.verb) && statement.verb.display !== undefined)
    out.verb = { ...statement.verb, display: oneLanguage(statement.verb.display, languages) };
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === undefined || object.objectType === 'Activity') out.object = activity(object);
    if (object.objectType === 'SubStatement') out.object = statementCanonical(object, definitions, languages);
  }
  const context = statement.context;
  if (isObject(context) && isObject(context.contextActivities)) {
    out.context = {
      ...context,
      contextActivities: Object.fromEntries(
        Object.entries(context.contextActivities).map(([k, list]) => [
          k,
          Array.isArray(list) ? list.map(activity) : activity(list),
        ]),
      ),
    };
  }
  return out;
}

/** Every activity id a statement mentions (to load their canonical definitions). */
export function activityIdsOf(statement: Obj, out = new Set<string>()): Set<string> {
  const add = (a: unknown) => {
    if (isObject(a) && typeof a.id === 'string') out.add(a.id);
  };
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === undefined || object.objectType === 'Activity') add(object);
    if (object.objectType === 'SubStatement') activityIdsOf(object, out);
  }
  const context = statement.context;
  if (isObject(context) && isObject(context.contextActivities))
    for (const list of Object.values(context.contextActivities))
      (Array.isArray(list) ? list : [list]).forEach(add);
  return out;
}

/** Applies `format` to a stored statement. */
export function formatStatement(
  statement: Obj,
  format: StatementFormat,
  definitions: Map<string, Obj>,
  languages: string[],
): Obj {
  if (format === 'ids') return statementIds(statement);
  if (format === 'canonical') return statementCanonical(statement, definitions, languages);
  return statement;
}
