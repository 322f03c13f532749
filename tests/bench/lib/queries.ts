/**
 * Query latency over HTTP: load the LRS with generated statements (through POST /xapi/statements,
 * 500 per request), then time typical GET /xapi/statements filters one request at a time, and
 * EXPLAIN ANALYZE the SQL the LRS runs for each of them.
 */
import type { ChildServer } from './children.js';
import { basicAuth, XAPI_HEADERS } from './ingest.js';
import { BENCH_KEY, BENCH_SECRET } from './common.js';
import { percentile } from './report.js';
// Read-only use of an LRS internal: the learner parameter of the analytics API is an agent IFI.
import { agentIfi } from '../../../packages/lrs/src/service/agent-ifi.js';
import type { StatementGenerator } from './statements.js';
import {
  LESSONS_PER_MODULE,
  MODULES_PER_COURSE,
  prng,
  QUESTIONS_PER_MODULE,
  VERB_MIX,
} from './statements.js';

const AUTH = basicAuth(BENCH_KEY, BENCH_SECRET);
const HEADERS = { ...XAPI_HEADERS, authorization: AUTH };
const verbId = (name: string) => VERB_MIX.find((v) => v.verb.display['en-US'] === name)!.verb.id;

export interface LoadProgress {
  loaded: number;
  seconds: number;
  statementsPerSec: number;
}

/**
 * Posts generated statements (with ids) until the store holds `target` more than before; keeps
 * one id in 1,000 for statementId queries. Returns the sustained rate.
 */
export async function loadStatements(
  server: ChildServer,
  gen: StatementGenerator,
  count: number,
  knownIds: string[],
  options: { batch?: number; concurrency?: number; onProgress?: (loaded: number) => void } = {},
): Promise<LoadProgress> {
  const batch = options.batch ?? 500;
  const concurrency = options.concurrency ?? 2;
  let sent = 0;
  let loaded = 0;
  const started = Date.now();
  let lastReport = 0;
  const worker = async () => {
    while (sent < count) {
      const n = Math.min(batch, count - sent);
      sent += n;
      const statements = gen.batch(n);
      for (const s of statements) if (gen.count % 1000 === 0 || knownIds.length < 50) knownIds.push(s.id);
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${server.url}/xapi/statements`, {
          method: 'POST',
          headers: HEADERS,
          body: JSON.stringify(statements),
        });
        const text = await res.text();
        if (res.status === 200) break;
        // A 500 here is a transaction the database aborted (see the ingestion notes): send it again.
        if (res.status >= 500 && attempt < 5) continue;
        throw new Error(`loading statements: HTTP ${res.status} ${text.slice(0, 300)}`);
      }
      loaded += n;
      if (options.onProgress && loaded - lastReport >= 100_000) {
        lastReport = loaded;
        options.onProgress(loaded);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  return { loaded, seconds, statementsPerSec: loaded / seconds };
}

export interface QueryContext {
  gen: StatementGenerator;
  /** Range of `stored` in the store, in ms since the epoch. */
  storedMin: number;
  storedMax: number;
  knownIds: string[];
  url: string;
}

export interface QueryType {
  name: string;
  /** What it asks, for the table. */
  about: string;
  /** The query string for sample `i` (`random` is seeded per type). */
  build(ctx: QueryContext, random: () => number): Promise<string> | string;
}

const pick = (random: () => number, n: number) => Math.floor(random() * n);
const enc = encodeURIComponent;
const agentParam = (ctx: QueryContext, random: () => number) =>
  enc(JSON.stringify(ctx.gen.agent(pick(random, ctx.gen.agents))));
const iso = (ms: number) => new Date(ms).toISOString();
const instant = (ctx: QueryContext, random: () => number) =>
  ctx.storedMin + random() * (ctx.storedMax - ctx.storedMin);

async function moreOf(ctx: QueryContext, query: string): Promise<string> {
  const res = await fetch(`${ctx.url}/xapi/statements?${query}`, { headers: HEADERS });
  const body = (await res.json()) as { more?: string };
  const more = body.more ?? '';
  return more.includes('?') ? more.slice(more.indexOf('?') + 1) : query;
}

/** The GET /statements queries measured; every query parameter of xAPI 2.0 §4.1.6.1 appears. */
export const QUERY_TYPES: QueryType[] = [
  { name: 'latest', about: 'no filter (newest 100)', build: () => '' },
  { name: 'agent', about: 'agent=<learner>', build: (c, r) => `agent=${agentParam(c, r)}` },
  { name: 'verb', about: 'verb=answered (25% of rows)', build: () => `verb=${enc(verbId('answered'))}` },
  { name: 'verb-rare', about: 'verb=waived (0.2% of rows)', build: () => `verb=${enc(verbId('waived'))}` },
  {
    name: 'activity',
    about: 'activity=<question>',
    build: (c, r) =>
      `activity=${enc(c.gen.question(pick(r, c.gen.courses), pick(r, MODULES_PER_COURSE), pick(r, QUESTIONS_PER_MODULE)))}`,
  },
  {
    name: 'registration',
    about: 'registration=<uuid>',
    build: (c, r) => `registration=${c.gen.registration(pick(r, c.gen.registrations))}`,
  },
  { name: 'since', about: 'since=<instant>', build: (c, r) => `since=${enc(iso(instant(c, r)))}` },
  { name: 'until', about: 'until=<instant>', build: (c, r) => `until=${enc(iso(instant(c, r)))}` },
  {
    name: 'window-asc',
    about: 'since+until, ascending=true',
    build: (c, r) => {
      const a = instant(c, r);
      return `since=${enc(iso(a))}&until=${enc(iso(a + (c.storedMax - c.storedMin) / 10))}&ascending=true`;
    },
  },
  { name: 'ascending', about: 'ascending=true (oldest 100)', build: () => 'ascending=true' },
  {
    name: 'agent+verb',
    about: 'agent + verb=experienced',
    build: (c, r) => `agent=${agentParam(c, r)}&verb=${enc(verbId('experienced'))}`,
  },
  {
    name: 'agent+verb+since',
    about: 'agent + verb + since',
    build: (c, r) =>
      `agent=${agentParam(c, r)}&verb=${enc(verbId('experienced'))}&since=${enc(iso(c.storedMin + (c.storedMax - c.storedMin) / 2))}`,
  },
  {
    name: 'related-activities-course',
    about: 'activity=<course>, related_activities (2% of rows)',
    build: (c, r) => `activity=${enc(c.gen.course(pick(r, c.gen.courses)))}&related_activities=true`,
  },
  {
    name: 'related-activities-lesson',
    about: 'activity=<lesson>, related_activities (0.1%)',
    build: (c, r) =>
      `activity=${enc(c.gen.lesson(pick(r, c.gen.courses), pick(r, MODULES_PER_COURSE), pick(r, LESSONS_PER_MODULE)))}&related_activities=true`,
  },
  {
    name: 'related-agents',
    about: 'agent=<instructor>, related_agents (0.4%)',
    build: (c, r) =>
      `agent=${enc(JSON.stringify(c.gen.instructor(c.gen.instructorOf(pick(r, c.gen.courses)))))}&related_agents=true`,
  },
  {
    name: 'related-agents-learner',
    about: 'agent=<learner>, related_agents',
    build: (c, r) => `agent=${agentParam(c, r)}&related_agents=true`,
  },
  {
    name: 'limit-500',
    about: 'verb=answered, limit=500',
    build: () => `verb=${enc(verbId('answered'))}&limit=500`,
  },
  {
    name: 'more',
    about: 'second page (more) of verb=answered',
    build: (c) => moreOf(c, `verb=${enc(verbId('answered'))}`),
  },
  {
    name: 'statementId',
    about: 'statementId=<id>',
    build: (c, r) => `statementId=${c.knownIds[pick(r, c.knownIds.length)]}`,
  },
  {
    name: 'voidedStatementId',
    about: 'voidedStatementId=<id>',
    build: (c, r) =>
      `voidedStatementId=${c.gen.voided[pick(r, Math.max(1, c.gen.voided.length))] ?? c.knownIds[0]}`,
  },
  { name: 'format-ids', about: 'agent, format=ids', build: (c, r) => `agent=${agentParam(c, r)}&format=ids` },
  {
    name: 'format-canonical',
    about: 'activity=<question>, format=canonical',
    build: (c, r) =>
      `activity=${enc(c.gen.question(pick(r, c.gen.courses), pick(r, MODULES_PER_COURSE), pick(r, QUESTIONS_PER_MODULE)))}&format=canonical`,
  },
  {
    name: 'attachments',
    about: 'agent, attachments=true',
    build: (c, r) => `agent=${agentParam(c, r)}&attachments=true`,
  },
];

export interface QueryResult {
  name: string;
  about: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Mean statements returned per request. */
  rows: number;
  errors: number;
  /** Status and body start of the first error. */
  firstError?: string;
}

async function timeOne(
  url: string,
  query: string,
): Promise<{ ms: number; status: number; rows: number; body: string }> {
  const started = process.hrtime.bigint();
  const res = await fetch(`${url}/xapi/statements${query ? `?${query}` : ''}`, { headers: HEADERS });
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let rows = 0;
  if (res.status === 200) {
    if (body.startsWith('{"statements":')) rows = (body.match(/"verb":/g) ?? []).length;
    else if (body.startsWith('--')) rows = (body.match(/"verb":/g) ?? []).length;
    else rows = 1;
  }
  return { ms, status: res.status, rows, body };
}

/** Times each query type: `samples` requests (sequential), or fewer when `budgetMs` runs out. */
export async function measureQueries(
  ctx: QueryContext,
  types: QueryType[],
  samples: number,
  budgetMs: number,
): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const [t, type] of types.entries()) {
    const random = prng(1000 + t);
    // One unmeasured request first (connection, plan cache).
    await timeOne(ctx.url, await type.build(ctx, random));
    const times: number[] = [];
    let rows = 0;
    let errors = 0;
    let firstError: string | undefined;
    const started = Date.now();
    for (let i = 0; i < samples; i++) {
      const query = await type.build(ctx, random);
      const r = await timeOne(ctx.url, query);
      times.push(r.ms);
      rows += r.rows;
      if (r.status !== 200) {
        errors += 1;
        firstError ??= `${r.status} ${r.body.slice(0, 200)}`;
      }
      if (Date.now() - started > budgetMs && i >= 4) break;
    }
    results.push({
      name: type.name,
      about: type.about,
      n: times.length,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: Math.max(...times),
      rows: rows / times.length,
      errors,
      ...(firstError ? { firstError } : {}),
    });
  }
  return results;
}

// ---- EXPLAIN ------------------------------------------------------------------------------------

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Subplan Name'?: string;
  'Parent Relationship'?: string;
  Filter?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** Rows read by every scan node (returned + removed by filters) times loops. */
  rowsExamined: number;
  /** Shared buffers hit + read. */
  buffers: number;
  executionMs: number;
  seqScans: string[];
  /** The plan as indented lines (node, index, rows × loops, rows removed). */
  text: string[];
}

export function summarisePlan(explain: unknown): PlanSummary {
  const top = (Array.isArray(explain) ? explain[0] : explain) as {
    Plan: PlanNode;
    'Execution Time'?: number;
  };
  const lines: string[] = [];
  let rowsExamined = 0;
  const seqScans: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    const loops = node['Actual Loops'] ?? 1;
    const rows = node['Actual Rows'] ?? 0;
    const removed = (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    if (node['Relation Name']) rowsExamined += (rows + removed) * loops;
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) seqScans.push(node['Relation Name']);
    const on = node['Index Name']
      ? ` using ${node['Index Name']}`
      : node['Relation Name']
        ? ` on ${node['Relation Name']}`
        : '';
    const sub = node['Subplan Name'] ? ` [${node['Subplan Name']}]` : '';
    lines.push(
      `${'  '.repeat(depth)}${node['Node Type']}${on}${sub}  rows=${rows} loops=${loops}${removed ? ` removed=${removed}` : ''}`,
    );
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(top.Plan, 0);
  return {
    rowsExamined: Math.round(rowsExamined),
    buffers: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0),
    executionMs: top['Execution Time'] ?? 0,
    seqScans,
    text: lines,
  };
}

export interface ExplainResult {
  name: string;
  query: string;
  sql: string;
  summary: PlanSummary;
}

/** EXPLAIN ANALYZE of the SQL behind one fixed query string per type (the same at every size). */
export async function explainQueries(
  server: ChildServer,
  ctx: QueryContext,
  types: QueryType[],
): Promise<ExplainResult[]> {
  const out: ExplainResult[] = [];
  for (const [t, type] of types.entries()) {
    const query = await type.build(ctx, prng(5000 + t));
    const plans = await server.explain(query);
    const main = plans[0];
    if (!main) continue;
    out.push({ name: type.name, query, sql: main.sql, summary: summarisePlan(main.plan) });
  }
  return out;
}

export interface PlanCheck {
  name: string;
  rowsSmall: number;
  rowsLarge: number;
  /** rowsExamined at the large size ÷ at the small size. */
  growth: number;
  msSmall: number;
  msLarge: number;
  seqScans: string[];
  /** Whether the plan's cost grows with the table: reads over 3× more rows at 10× the data (and over 2,000 rows). */
  grows: boolean;
  planLarge: string[];
  sql: string;
}

/**
 * Compares each query's plan at the smallest and the largest size. With one size only, a plan
 * "grows" when it reads more than a fifth of the table (and over 2,000 rows).
 */
export function checkPlans(
  small: ExplainResult[],
  large: ExplainResult[],
  sizeSmall: number,
  sizeLarge: number,
): PlanCheck[] {
  const sizeRatio = sizeLarge / sizeSmall;
  return large.map((l) => {
    const s = small.find((x) => x.name === l.name);
    const rowsSmall = s?.summary.rowsExamined ?? 0;
    const rowsLarge = l.summary.rowsExamined;
    const growth = rowsLarge / Math.max(1, rowsSmall);
    const seqScans = l.summary.seqScans.filter((r) => r.startsWith('statement'));
    const grows =
      rowsLarge > 2000 &&
      (sizeRatio > 1 ? growth > Math.max(2, (3 * sizeRatio) / 10) : rowsLarge > sizeLarge / 5);
    return {
      name: l.name,
      rowsSmall,
      rowsLarge,
      growth,
      msSmall: s?.summary.executionMs ?? 0,
      msLarge: l.summary.executionMs,
      seqScans,
      grows: grows || (seqScans.length > 0 && rowsLarge > 2000),
      planLarge: l.summary.text,
      sql: l.sql,
    };
  });
}

// ---- analytics ------------------------------------------------------------------------------------

interface OpenApi {
  servers?: { url: string }[];
  paths?: Record<string, { get?: { parameters?: { name: string; in: string; required?: boolean }[] } }>;
}

type ParamKind =
  'agent' | 'learner' | 'registration' | 'module' | 'course' | 'since' | 'until' | 'verb' | 'competency';

function kindOf(name: string): ParamKind | undefined {
  if (/learner/i.test(name)) return 'learner';
  if (/agent|actor/i.test(name)) return 'agent';
  if (/registration/i.test(name)) return 'registration';
  if (/module/i.test(name)) return 'module';
  if (/activity|course|iri/i.test(name)) return 'course';
  if (/since|from|start/i.test(name)) return 'since';
  if (/until|to$|end/i.test(name)) return 'until';
  if (/verb/i.test(name)) return 'verb';
  if (/competenc/i.test(name)) return 'competency';
  return undefined;
}

function fill(kind: ParamKind, c: QueryContext, r: () => number): string {
  switch (kind) {
    case 'agent':
      return JSON.stringify(c.gen.agent(pick(r, c.gen.agents)));
    case 'learner':
      return agentIfi(c.gen.agent(pick(r, c.gen.agents)))!;
    case 'registration':
      return c.gen.registration(pick(r, c.gen.registrations));
    case 'module':
      return c.gen.module(pick(r, c.gen.courses), pick(r, MODULES_PER_COURSE));
    case 'course':
      return c.gen.course(pick(r, c.gen.courses));
    case 'since':
      return iso(c.storedMin);
    case 'until':
      return iso(c.storedMax);
    case 'verb':
      return verbId('answered');
    case 'competency':
      return 'C01';
  }
}

/**
 * The analytics endpoints, if the LRS has any: every GET path of /openapi.json whose path names
 * "analytics", with its required parameters filled from the generator's pools by name.
 */
export async function analyticsQueries(
  lrsUrl: string,
): Promise<{ types: QueryType[]; paths: string[]; skipped: string[] }> {
  const res = await fetch(`${lrsUrl}/openapi.json`);
  if (res.status !== 200) return { types: [], paths: [], skipped: [] };
  const doc = (await res.json()) as OpenApi;
  const base = doc.servers?.[0]?.url ?? '';
  const types: QueryType[] = [];
  const skipped: string[] = [];
  const paths = Object.keys(doc.paths ?? {}).filter((p) => /analytics/i.test(p) && doc.paths![p]!.get);
  for (const path of paths) {
    const params = (doc.paths![path]!.get!.parameters ?? []).filter(
      (p) => p.in === 'query' || p.in === 'path',
    );
    // The raw statements export is timed for one learner: the whole store at 1 M is a 1.5 GB download.
    const required = params.filter(
      (p) => p.required || p.in === 'path' || (/export\/statements/.test(path) && p.name === 'learner'),
    );
    const unfillable = required.filter((p) => kindOf(p.name) === undefined);
    if (unfillable.length > 0) {
      skipped.push(`${path} (cannot fill ${unfillable.map((p) => p.name).join(', ')})`);
      continue;
    }
    types.push({
      name: `analytics ${path}`,
      about: `GET ${base}${path}`,
      build: (c, r) => {
        let p = path;
        const qs: string[] = [];
        for (const param of required) {
          const value = fill(kindOf(param.name)!, c, r);
          if (param.in === 'path') p = p.replace(`{${param.name}}`, enc(value));
          else qs.push(`${param.name}=${enc(value)}`);
        }
        return `@${base}${p}${qs.length ? `?${qs.join('&')}` : ''}`;
      },
    });
  }
  return { types, paths, skipped };
}

/** Times analytics GETs (the query string from `build` starts with `@` and carries the path). */
export async function measureAnalytics(
  ctx: QueryContext,
  types: QueryType[],
  samples: number,
  budgetMs: number,
): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const [t, type] of types.entries()) {
    const random = prng(9000 + t);
    const times: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const started = Date.now();
    for (let i = 0; i <= samples; i++) {
      const target = (await type.build(ctx, random)).slice(1);
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${ctx.url}${target}`, { headers: HEADERS });
      const body = await res.text();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i === 0) continue;
      times.push(ms);
      if (res.status !== 200) {
        errors += 1;
        firstError ??= `${res.status} ${body.slice(0, 200)}`;
      }
      if (Date.now() - started > budgetMs && i >= 5) break;
    }
    results.push({
      name: type.name,
      about: type.about,
      n: times.length,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: Math.max(...times),
      rows: 0,
      errors,
      ...(firstError ? { firstError } : {}),
    });
  }
  return results;
}
