/**
 * Ingestion: bounded-time autocannon runs against a server child, and the PostgreSQL COPY limit.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
// Read-only use of LRS internals: the COPY limit writes exactly the rows the LRS would write.
import { prepareStatement } from '../../../packages/lrs/src/service/statements/prepare.js';
import type { PreparedStatement } from '../../../packages/lrs/src/store/statement-store.js';
import { StatementGenerator, withoutId } from './statements.js';

export const XAPI_HEADERS = { 'content-type': 'application/json', 'x-experience-api-version': '2.0.0' };

export function basicAuth(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

/**
 * `count` distinct request bodies of `batch` statements each (without ids, so that a body sent
 * again stores new statements); one statement is sent as an object, more as an array.
 */
export function ingestBodies(batch: number, count: number, seed: number): string[] {
  const gen = new StatementGenerator({ seed, voidingRate: 0 });
  return Array.from({ length: count }, () => {
    const list = gen.batch(batch).map(withoutId);
    return JSON.stringify(batch === 1 ? list[0] : list);
  });
}

export interface LoadResult {
  /** Completed 2xx requests per second. */
  requestsPerSec: number;
  statementsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  bodies: string[];
  batch: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  headers: Record<string, string>;
  /** Runs between the warm-up and the measured run. */
  afterWarmup?: () => Promise<void>;
}

async function cannon(o: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: o.url,
    connections: o.connections,
    duration: seconds,
    timeout: 30,
    requests: o.bodies.map((body) => ({ method: 'POST' as const, path: o.path, headers: o.headers, body })),
  });
}

/** A warm-up run (discarded), then the measured run. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.warmupSeconds > 0) await cannon(o, o.warmupSeconds);
  await o.afterWarmup?.();
  const r = await cannon(o, o.seconds);
  const ok = (r as unknown as { '2xx': number })['2xx'];
  const seconds = r.duration;
  return {
    requestsPerSec: ok / seconds,
    statementsPerSec: (ok * o.batch) / seconds,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    seconds,
  };
}

const csv = (v: string | null | boolean) => {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return `"${v.replace(/"/g, '""')}"`;
};

/** Prepared statements, exactly as the LRS would store them (one request context per 100). */
export function prepareForCopy(count: number, seed: number): PreparedStatement[] {
  const gen = new StatementGenerator({ seed, voidingRate: 0 });
  const out: PreparedStatement[] = [];
  for (let i = 0; i < count; i += 100) {
    const ctx = {
      stored: new Date().toISOString(),
      authority: { objectType: 'Agent' as const, account: { homePage: 'http://127.0.0.1', name: 'bench' } },
      credentialKey: 'bench',
      version: '2.0.0' as const,
    };
    for (const s of gen.batch(Math.min(100, count - i))) {
      out.push(prepareStatement({ ...withoutId(s), id: randomUUID() }, ctx));
    }
  }
  return out;
}

export interface CopyData {
  statements: Buffer;
  agents: Buffer;
  activities: Buffer;
  count: number;
}

/**
 * The CSV the COPY limit sends. `seq` is given (COPY writes identity values it is sent) so that the
 * link rows can carry it, as the LRS's own insert does.
 */
export function copyData(prepared: PreparedStatement[]): CopyData {
  const st: string[] = [];
  const ag: string[] = [];
  const ac: string[] = [];
  let seq = 1_000_000_000_000;
  for (const p of prepared) {
    seq += 1;
    st.push(
      [
        p.id,
        seq,
        p.stored,
        csv(p.verbId),
        csv(p.actorIfi),
        csv(p.objectId),
        p.registration ?? '',
        csv(p.isVoiding),
        p.refId ?? '',
        csv(p.credentialKey),
        csv(JSON.stringify(p.payload)),
      ].join(','),
    );
    for (const a of p.agents) ag.push(`${csv(a.ifi)},${csv(a.direct)},${p.stored},${seq},${p.id}`);
    for (const a of p.activities) ac.push(`${csv(a.activityId)},${csv(a.direct)},${p.stored},${seq},${p.id}`);
  }
  const buf = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');
  return { statements: buf(st), agents: buf(ag), activities: buf(ac), count: prepared.length };
}

/** Splits CSV data into `n` parts at line boundaries. */
function split(data: Buffer, n: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    let end = i === n ? data.length : Math.floor((data.length * i) / n);
    if (i < n) end = data.indexOf(10, end) + 1;
    parts.push(data.subarray(start, end));
    start = end;
  }
  return parts;
}

const STATEMENT_COLUMNS =
  'statements (id, seq, stored, verb_id, actor_ifi, object_id, registration, is_voiding, ref_id, credential_key, payload)';

async function copyInto(client: pg.Client, table: string, data: Buffer): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from([data]), stream);
}

export interface CopyResult {
  statementsPerSec: number;
  seconds: number;
  count: number;
}

/**
 * COPY of the same statements into the LRS's `statements` table (emptied first), in `streams`
 * parallel connections; with `links`, the `statement_agents` and `statement_activities` rows too,
 * each stream in one transaction.
 */
export async function copyLimit(
  databaseUrl: string,
  data: CopyData,
  streams: number,
  links: boolean,
): Promise<CopyResult> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query('TRUNCATE statements, statement_agents, statement_activities');
  await admin.query('CHECKPOINT');
  await admin.end();
  const clients = await Promise.all(
    Array.from({ length: streams }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  const st = split(data.statements, streams);
  const ag = split(data.agents, streams);
  const ac = split(data.activities, streams);
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c, i) => {
      if (links) await c.query('BEGIN');
      await copyInto(c, STATEMENT_COLUMNS, st[i]!);
      if (links) {
        await copyInto(c, 'statement_agents (agent_ifi, direct, stored, seq, statement_id)', ag[i]!);
        await copyInto(c, 'statement_activities (activity_id, direct, stored, seq, statement_id)', ac[i]!);
        await c.query('COMMIT');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(clients.map((c) => c.end()));
  return { statementsPerSec: data.count / seconds, seconds, count: data.count };
}
