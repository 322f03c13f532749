import { z } from 'zod';
import { LrsError, type Issue } from '../../errors.js';
import type {
  PagePosition,
  StatementFilter,
  StatementStore,
  StoredStatement,
} from '../../store/statement-store.js';
import { agentIfi } from '../agent-ifi.js';
import { isTimestamp, UUID_RE, validateActor } from './validate.js';

export type StatementFormat = 'exact' | 'ids' | 'canonical';
const Timestamp = z.string().refine(isTimestamp, 'an ISO 8601 timestamp with a time zone');

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** A parsed GET /statements request: one statement by id, or one page of a query. */
export type StatementQuery = (
  | { kind: 'single'; id: string; voided: boolean }
  | { kind: 'page'; filter: StatementFilter; limit: number; after?: PagePosition }
) & { format: StatementFormat; attachments: boolean };

export type StatementQueryResult =
  | { kind: 'single'; statement: StoredStatement }
  | {
      kind: 'page';
      statements: StoredStatement[];
      /** The cursor for the next page, if any. */ more?: string;
    };

const NoNul = z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const Iri = NoNul.regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'an absolute IRI');
const Uuid = z.string().regex(UUID_RE, 'a UUID');

const FilterSchema = z.strictObject({
  actorIfi: NoNul.optional(),
  verbId: Iri.optional(),
  activityId: Iri.optional(),
  registration: Uuid.optional(),
  relatedAgents: z.boolean().optional(),
  relatedActivities: z.boolean().optional(),
  credentialKey: z.string().optional(),
  since: Timestamp.optional(),
  until: Timestamp.optional(),
  ascending: z.boolean(),
});

const CursorSchema = z.strictObject({
  v: z.literal(1),
  filter: FilterSchema,
  limit: z.number().int().min(1).max(MAX_LIMIT),
  after: z.strictObject({ stored: Timestamp, seq: z.string().regex(/^\d{1,19}$/) }),
});

/** The `more` cursor: opaque to clients, it carries the filters, page size and position. */
export function encodeCursor(filter: StatementFilter, limit: number, after: PagePosition): string {
  return Buffer.from(JSON.stringify({ v: 1, filter, limit, after })).toString('base64url');
}

export function decodeCursor(more: string): { filter: StatementFilter; limit: number; after: PagePosition } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(more, 'base64url').toString('utf8'));
  } catch {
    throw new LrsError('LRS_INVALID_CURSOR');
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) throw new LrsError('LRS_INVALID_CURSOR');
  return parsed.data;
}

const FILTER_PARAMS = [
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'ascending',
];
const ID_PARAMS = ['statementId', 'voidedStatementId'];
const KNOWN = new Set([...FILTER_PARAMS, ...ID_PARAMS, 'more', 'format', 'attachments']);
const BOOLEAN = /^(true|false)$/;

const invalid = (issues: Issue[]) =>
  new LrsError(
    'LRS_INVALID_PARAMETER',
    issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    issues,
  );

/**
 * Parses the GET /statements query string (xAPI 1.0.3 §2.1.3; 2.0 §4.1.6.1). Unknown parameters,
 * repeated parameters, ids combined with filters, and invalid values are `LRS_INVALID_PARAMETER` (400).
 * SPEC NOTE: `format` other than exact, `attachments=true` and `related_*=true` are rejected with 400
 * rather than silently answered as if they were absent.
 */
export function parseStatementQuery(query: Record<string, unknown>): StatementQuery {
  const params: Record<string, string> = {};
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!KNOWN.has(name)) issues.push({ path: [name], message: 'not a parameter of GET /statements' });
    else if (typeof value !== 'string') issues.push({ path: [name], message: 'given more than once' });
    else if (value.includes('\u0000'))
      issues.push({ path: [name], message: 'must not contain NUL characters' });
    else params[name] = value;
  }
  const format = (params.format ?? 'exact') as StatementFormat;
  if (!['exact', 'ids', 'canonical'].includes(format))
    issues.push({ path: ['format'], message: 'exact, ids or canonical' });
  for (const name of ['attachments', 'related_activities', 'related_agents', 'ascending']) {
    if (params[name] !== undefined && !BOOLEAN.test(params[name]))
      issues.push({ path: [name], message: 'true or false' });
  }
  if (issues.length > 0) throw invalid(issues);
  const shape = { format, attachments: params.attachments === 'true' };

  const ids = ID_PARAMS.filter((p) => params[p] !== undefined);
  const filters = FILTER_PARAMS.filter((p) => params[p] !== undefined);
  if (ids.length > 0) {
    const [name] = ids as [string];
    if (ids.length > 1 || filters.length > 0 || params.more !== undefined) {
      throw invalid([
        {
          path: [name],
          message: `cannot be combined with ${[...ids.slice(1), ...filters].join(', ') || 'more'}`,
        },
      ]);
    }
    const id = params[name]!;
    if (!UUID_RE.test(id)) throw invalid([{ path: [name], message: 'a UUID' }]);
    return { kind: 'single', id, voided: name === 'voidedStatementId', ...shape };
  }

  if (params.more !== undefined) {
    if (filters.length > 0)
      throw invalid([{ path: ['more'], message: `cannot be combined with ${filters.join(', ')}` }]);
    return { kind: 'page', ...decodeCursor(params.more), ...shape };
  }

  const filter: Record<string, unknown> = { ascending: false };
  if (params.agent !== undefined) {
    let agent: unknown;
    try {
      agent = JSON.parse(params.agent);
    } catch {
      issues.push({ path: ['agent'], message: 'must be an Agent as JSON' });
    }
    if (issues.length === 0) {
      const agentIssues = validateActor(agent, ['agent'], true);
      const ifi = agentIfi(agent);
      if (agentIssues.length > 0) issues.push(...agentIssues);
      else if (ifi === undefined)
        issues.push({ path: ['agent'], message: 'an anonymous Group cannot be a filter' });
      else filter.actorIfi = ifi;
    }
  }
  if (params.related_agents === 'true') filter.relatedAgents = true;
  if (params.related_activities === 'true') filter.relatedActivities = true;
  if (params.verb !== undefined) filter.verbId = params.verb;
  if (params.activity !== undefined) filter.activityId = params.activity;
  if (params.registration !== undefined) filter.registration = params.registration;
  if (params.since !== undefined) filter.since = params.since;
  if (params.until !== undefined) filter.until = params.until;
  if (params.ascending !== undefined) filter.ascending = params.ascending === 'true';
  let limit = DEFAULT_LIMIT;
  if (params.limit !== undefined) {
    if (/^\d{1,9}$/.test(params.limit)) {
      const n = Number(params.limit);
      // xAPI: limit=0 means "the server's maximum"; larger requests are capped to it.
      limit = n === 0 || n > MAX_LIMIT ? MAX_LIMIT : n;
    } else issues.push({ path: ['limit'], message: 'a non-negative integer' });
  }
  const checked = FilterSchema.safeParse(filter);
  if (!checked.success) {
    const names: Record<string, string> = { actorIfi: 'agent', verbId: 'verb', activityId: 'activity' };
    issues.push(
      ...checked.error.issues.map((i) => {
        const field = String(i.path[0]);
        return { path: [names[field] ?? field], message: i.message };
      }),
    );
  }
  if (issues.length > 0 || !checked.success) throw invalid(issues);
  return { kind: 'page', filter: checked.data, limit, ...shape };
}

/** Runs a parsed query. Throws `LRS_STATEMENT_NOT_FOUND` (404) for an unknown (or wrongly voided) id. */
export async function readStatements(
  store: StatementStore,
  query: StatementQuery,
  /** Set for statements/read/mine: only statements this credential stored. */
  credentialKey?: string,
): Promise<StatementQueryResult> {
  if (query.kind === 'single') {
    const statement = await store.findById(query.id, {
      voided: query.voided,
      ...(credentialKey === undefined ? {} : { credentialKey }),
    });
    if (!statement) {
      throw new LrsError(
        'LRS_STATEMENT_NOT_FOUND',
        query.voided
          ? `No voided statement with id ${query.id}.`
          : `No statement with id ${query.id} (or it is voided).`,
      );
    }
    return { kind: 'single', statement };
  }
  const filter = credentialKey === undefined ? query.filter : { ...query.filter, credentialKey };
  const page = await store.query(filter, query.limit, query.after);
  return {
    kind: 'page',
    statements: page.statements,
    more: page.next ? encodeCursor(query.filter, query.limit, page.next) : undefined,
  };
}
