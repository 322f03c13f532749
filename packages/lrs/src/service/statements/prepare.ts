import { randomUUID } from 'node:crypto';
import type { Agent } from '@course/contracts';
import type { XapiVersion } from '../../config.js';
import type { PreparedStatement } from '../../store/statement-store.js';
import { agentIfi } from '../agent-ifi.js';
import { isObject, toUtcTimestamp, VOIDED_VERB } from './validate.js';

/** What the LRS adds to every statement of one request. */
export interface StoreContext {
  /** When the LRS received the request (ISO 8601, UTC, milliseconds). */
  stored: string;
  /** The credential that sent it, as an Agent. */
  authority: Agent;
  /** The key of that credential. */
  credentialKey: string;
  /** The xAPI version the request speaks. */
  version: XapiVersion;
}

type Obj = Record<string, unknown>;

/** contextActivities values may be one Activity; the LRS stores them as arrays (1.0.3 §2.4.6.2). */
function normaliseContext(statement: Obj): void {
  const context = statement.context;
  if (!isObject(context) || !isObject(context.contextActivities)) return;
  const ca = context.contextActivities;
  for (const key of Object.keys(ca)) if (!Array.isArray(ca[key])) ca[key] = [ca[key]];
}

/** Every agent a statement mentions: direct (actor, object) or related (the rest). */
function collectAgents(statement: Obj, direct: boolean, out: Map<string, boolean>): void {
  const add = (actor: unknown, isDirect: boolean) => {
    if (!isObject(actor)) return;
    const ifi = agentIfi(actor);
    if (ifi !== undefined) out.set(ifi, (out.get(ifi) ?? false) || isDirect);
    if (Array.isArray(actor.member)) for (const m of actor.member) add(m, false);
  };
  add(statement.actor, direct);
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === 'Agent' || object.objectType === 'Group') add(object, direct);
    if (object.objectType === 'SubStatement') collectAgents(object, false, out);
  }
  add(statement.authority, false);
  const context = statement.context;
  if (isObject(context)) {
    add(context.instructor, false);
    add(context.team, false);
    for (const ca of Array.isArray(context.contextAgents) ? context.contextAgents : [])
      if (isObject(ca)) add(ca.agent, false);
    for (const cg of Array.isArray(context.contextGroups) ? context.contextGroups : [])
      if (isObject(cg)) add(cg.group, false);
  }
}

/** Every activity a statement mentions: direct (the object) or related (context, SubStatement). */
function collectActivities(statement: Obj, direct: boolean, out: Map<string, boolean>, defs: Obj[]): void {
  const add = (activity: unknown, isDirect: boolean) => {
    if (!isObject(activity) || typeof activity.id !== 'string') return;
    out.set(activity.id, (out.get(activity.id) ?? false) || isDirect);
    defs.push(activity);
  };
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === undefined || object.objectType === 'Activity') add(object, direct);
    if (object.objectType === 'SubStatement') collectActivities(object, false, out, defs);
  }
  const context = statement.context;
  if (isObject(context) && isObject(context.contextActivities)) {
    for (const list of Object.values(context.contextActivities))
      for (const activity of Array.isArray(list) ? list : [list]) add(activity, false);
  }
}

/**
 * Sets the properties the LRS owns, normalises, and extracts the indexed columns. Expects a
 * statement `validateStatement` accepted.
 * - `id`: kept if sent, otherwise a new UUID v4 (xAPI 1.0.3 §2.4.1).
 * - `stored`, `authority`: always set by the LRS, overwriting what the client sent (§2.4.8, §2.4.9).
 * - `timestamp`: defaults to `stored` (§2.4.7); with 2.0 converted to UTC (IEEE 9274.1.1 §4.2.7).
 * - `version`: defaults to 1.0.0 for 1.0.x requests and 2.0.0 for 2.0 requests (§2.4.10).
 * - single context activities become arrays.
 */
export function prepareStatement(raw: Obj, ctx: StoreContext): PreparedStatement {
  const body = structuredClone(raw);
  const id = typeof body.id === 'string' ? body.id : randomUUID();
  normaliseContext(body);
  if (isObject(body.object) && body.object.objectType === 'SubStatement') normaliseContext(body.object);
  if (ctx.version === '2.0.0') {
    if (typeof body.timestamp === 'string') body.timestamp = toUtcTimestamp(body.timestamp);
    if (isObject(body.object) && typeof body.object.timestamp === 'string')
      body.object.timestamp = toUtcTimestamp(body.object.timestamp);
  }
  const payload: Obj = {
    ...body,
    id,
    timestamp: body.timestamp ?? ctx.stored,
    version: body.version ?? (ctx.version === '2.0.0' ? '2.0.0' : '1.0.0'),
    stored: ctx.stored,
    authority: ctx.authority,
  };
  const object = payload.object as Obj;
  const verb = payload.verb as Obj;
  const isRef = object.objectType === 'StatementRef';
  const agents = new Map<string, boolean>();
  collectAgents(payload, true, agents);
  const activities = new Map<string, boolean>();
  const definitions: Obj[] = [];
  collectActivities(payload, true, activities, definitions);
  const actorIfi = agentIfi(payload.actor) ?? '';
  return {
    id: id.toLowerCase(),
    stored: ctx.stored,
    verbId: verb.id as string,
    actorIfi,
    objectId: isRef ? (object.id as string).toLowerCase() : String(object.id ?? ''),
    refId: isRef ? (object.id as string).toLowerCase() : null,
    registration:
      isObject(payload.context) && typeof payload.context.registration === 'string'
        ? payload.context.registration.toLowerCase()
        : null,
    isVoiding: verb.id === VOIDED_VERB,
    sentTimestamp: raw.timestamp !== undefined,
    credentialKey: ctx.credentialKey,
    agents: [...agents].map(([ifi, direct]) => ({ ifi, direct })),
    activities: [...activities].map(([activityId, direct]) => ({ activityId, direct })),
    definitions: definitions.filter((a) => isObject(a.definition)),
    payload,
  };
}
