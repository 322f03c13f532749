/**
 * `npm run bench [-- --quick] [-- --out FILE] [-- --only ingest,queries,build]`
 *
 * Measures, in one run on this machine, each part of the toolchain next to the limit it is judged
 * against, so that ratios hold on a noisy machine:
 * - LRS ingestion (autocannon, 1/10/100 statements per POST, PGlite and PostgreSQL) vs PostgreSQL
 *   COPY into the same table and a bare Node HTTP server taking the same bodies;
 * - GET /xapi/statements (and analytics, when the LRS has it) latency p50/p99 at two store sizes,
 *   with an EXPLAIN ANALYZE check that no plan's cost grows with the table;
 * - PGlite resident memory; builder time and package sizes; player JS gzipped; time to the first
 *   rendered page in headless Chromium.
 * Prints tables and writes JSON (default tests/bench/results/latest.json). Needs PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres: databases are created
 * and dropped next to it) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openDb } from '@course/lrs';
import {
  buildAll,
  builderCli,
  buildPlayer,
  dirSize,
  firstRenderedPage,
  type BuilderResult,
  type FirstPageResult,
  type PlayerResult,
} from './lib/build.js';
import { startChild, type ChildServer } from './lib/children.js';
import { BENCH_KEY, BENCH_SECRET, type ServerSpec } from './lib/common.js';
import {
  basicAuth,
  copyData,
  copyLimit,
  ingestBodies,
  prepareForCopy,
  runLoad,
  XAPI_HEADERS,
  type CopyResult,
  type LoadResult,
} from './lib/ingest.js';
import {
  analyticsQueries,
  checkPlans,
  explainQueries,
  loadStatements,
  measureAnalytics,
  measureQueries,
  QUERY_TYPES,
  type ExplainResult,
  type LoadProgress,
  type PlanCheck,
  type QueryContext,
  type QueryResult,
} from './lib/queries.js';
import { bytes, formatTable, num, ratio, targetRows, writeJson, type Target } from './lib/report.js';
import { StatementGenerator } from './lib/statements.js';

const REPO = resolve(import.meta.dirname, '../..');
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
const QUICK = opts.quick!;
const OUT = resolve(opts.out ?? join(REPO, 'tests/bench/results/latest.json'));
const ONLY = new Set((opts.only ?? 'ingest,queries,build').split(','));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const S = QUICK
  ? {
      ingestSeconds: 1.5,
      warmupSeconds: 0.3,
      copyCount: 10_000,
      sizes: [10_000],
      samples: 10,
      budgetMs: 1_000,
      browserRuns: 2,
      reopenSamples: 0,
    }
  : {
      ingestSeconds: 8,
      warmupSeconds: 2,
      copyCount: 50_000,
      sizes: [100_000, 1_000_000],
      samples: 100,
      budgetMs: 6_000,
      browserRuns: 5,
      reopenSamples: 20,
    };
const CONNECTIONS = 10;
const BATCHES = [1, 10, 100];
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'lrs-bench-'));
const stamp = `${process.pid}`;
const AUTH_HEADERS = { ...XAPI_HEADERS, authorization: basicAuth(BENCH_KEY, BENCH_SECRET) };

const log = (message: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

// ---- PostgreSQL databases of our own ------------------------------------------------------------

const created: string[] = [];
function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
async function createDatabase(suffix: string): Promise<string> {
  const name = `bench_${suffix}_${stamp}`;
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name}`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  created.push(name);
  return dbUrl(name);
}
async function dropDatabases(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  for (const name of created.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

// ---- machine ------------------------------------------------------------------------------------

function machine() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  const pkgVersion = (p: string) => {
    try {
      return (
        JSON.parse(readFileSync(join(REPO, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }
      ).version;
    } catch {
      return 'unknown';
    }
  };
  const head = sh('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']);
  const dirty = sh('git', ['-C', REPO, 'status', '--porcelain', '--', 'packages']);
  return {
    // What was measured: BENCH_SOURCE names a snapshot (e.g. "git archive of <sha>"); otherwise HEAD,
    // and whether packages/ had uncommitted changes.
    source:
      process.env.BENCH_SOURCE ??
      `${head}${dirty && dirty !== 'unknown' ? ' with uncommitted changes in packages/' : ''}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: sh('psql', [ADMIN_URL, '-Atc', 'SHOW server_version']),
    pglite: pkgVersion('@electric-sql/pglite'),
    express: pkgVersion('express'),
    autocannon: pkgVersion('autocannon'),
    chromium: sh(CHROMIUM, ['--version']),
  };
}

// ---- ingestion ------------------------------------------------------------------------------------

interface IngestRow {
  engine: 'postgres' | 'pglite' | 'none';
  server: 'lrs' | 'bare' | 'bare+insert';
  batch: number;
  connections: number;
  result: LoadResult;
  /** Statements the database gained during the measured run (sanity check), when it stores. */
  stored?: number;
}

interface IngestResults {
  rows: IngestRow[];
  copy: { oneStream: CopyResult[]; twoStreams: CopyResult; withLinks: CopyResult } | null;
  pgliteMemory?: { rss: number; peakRss: number | null };
}

async function count(server: ChildServer): Promise<number> {
  const rows = await server.sql<{ n: number }>('SELECT count(*)::int AS n FROM statements');
  return Number(rows[0]?.n ?? 0);
}

async function load(
  server: ChildServer,
  engine: IngestRow['engine'],
  kind: IngestRow['server'],
  batch: number,
  bodies: string[],
  connections = CONNECTIONS,
): Promise<IngestRow> {
  let before = 0;
  const path = kind === 'lrs' ? '/xapi/statements' : '/';
  const result = await runLoad({
    url: server.url,
    path,
    bodies,
    batch,
    connections,
    seconds: S.ingestSeconds,
    warmupSeconds: S.warmupSeconds,
    headers: AUTH_HEADERS,
    afterWarmup: async () => {
      if (engine !== 'none') before = await count(server);
    },
  });
  const after = engine === 'none' ? 0 : await count(server);
  const row: IngestRow = { engine, server: kind, batch, connections, result };
  if (engine !== 'none') row.stored = after - before;
  log(
    `  ${engine.padEnd(8)} ${kind.padEnd(11)} ${String(batch).padStart(3)}/POST c=${connections}: ${num(result.statementsPerSec)} st/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.non2xx ? `, ${result.non2xx} non-2xx` : ''}`,
  );
  return row;
}

async function ingestion(): Promise<IngestResults> {
  const rows: IngestRow[] = [];
  const bodies = new Map(BATCHES.map((b) => [b, ingestBodies(b, b === 100 ? 32 : 64, 7 + b)]));

  log('ingestion: bare Node HTTP server, no storage');
  const bare = await startChild({ kind: 'bare', storage: 'none' });
  for (const b of BATCHES) rows.push(await load(bare, 'none', 'bare', b, bodies.get(b)!));
  await bare.close();

  log('ingestion: PostgreSQL COPY limit (same statements, same table)');
  const copyUrl = await createDatabase('copy');
  const copyDb = await openDb({ databaseUrl: copyUrl });
  await migrate(copyDb);
  await copyDb.close();
  const data = copyData(prepareForCopy(S.copyCount, 3));
  const oneStream = [await copyLimit(copyUrl, data, 1, false)];
  log(`  COPY 1 stream: ${num(oneStream[0]!.statementsPerSec)} st/s`);

  log('ingestion: PostgreSQL');
  const lrsPgUrl = await createDatabase('ingest_lrs');
  const barePgUrl = await createDatabase('ingest_bare');
  const lrsPg = await startChild({ kind: 'lrs', storage: 'postgres', databaseUrl: lrsPgUrl });
  const barePg = await startChild({ kind: 'bare', storage: 'postgres', databaseUrl: barePgUrl });
  for (const b of [...BATCHES].reverse()) {
    rows.push(await load(lrsPg, 'postgres', 'lrs', b, bodies.get(b)!));
    rows.push(await load(barePg, 'postgres', 'bare+insert', b, bodies.get(b)!));
  }
  // Diagnostic: one client at a time (no concurrent transactions).
  rows.push(await load(lrsPg, 'postgres', 'lrs', 100, bodies.get(100)!, 1));
  await lrsPg.close();
  await barePg.close();

  oneStream.push(await copyLimit(copyUrl, data, 1, false));
  log(`  COPY 1 stream (again): ${num(oneStream[1]!.statementsPerSec)} st/s`);
  const twoStreams = await copyLimit(copyUrl, data, 2, false);
  log(`  COPY 2 streams: ${num(twoStreams.statementsPerSec)} st/s`);
  const withLinks = await copyLimit(copyUrl, data, 1, true);
  log(
    `  COPY 1 stream + statement_agents/statement_activities rows: ${num(withLinks.statementsPerSec)} st/s`,
  );
  await dropDatabases();

  log('ingestion: PGlite (on disk)');
  const lrsLite = await startChild({ kind: 'lrs', storage: 'pglite', dataDir: join(work, 'ingest-lrs') });
  const bareLite = await startChild({ kind: 'bare', storage: 'pglite', dataDir: join(work, 'ingest-bare') });
  for (const b of [...BATCHES].reverse()) {
    rows.push(await load(lrsLite, 'pglite', 'lrs', b, bodies.get(b)!));
    rows.push(await load(bareLite, 'pglite', 'bare+insert', b, bodies.get(b)!));
  }
  const mem = await lrsLite.memory();
  await lrsLite.close();
  await bareLite.close();
  rmSync(join(work, 'ingest-lrs'), { recursive: true, force: true });
  rmSync(join(work, 'ingest-bare'), { recursive: true, force: true });
  return {
    rows,
    copy: { oneStream, twoStreams, withLinks },
    pgliteMemory: { rss: mem.rss, peakRss: mem.peakRss },
  };
}

// ---- queries ------------------------------------------------------------------------------------

interface SizeResults {
  size: number;
  load: LoadProgress;
  /** pg_class.reltuples of statements before the bench's ANALYZE (-1 or 0: never analysed). */
  reltuplesBefore: number;
  queries: QueryResult[];
  analytics: QueryResult[];
  explain: ExplainResult[];
  storageBytes: number;
  rss: number | null;
  peakRss: number | null;
}

interface EngineQueryResults {
  engine: 'postgres' | 'pglite';
  startupSeconds: number;
  sizes: SizeResults[];
  planChecks: PlanCheck[];
  reopen?: { seconds: number; rss: number | null; queries: QueryResult[] };
}

interface QueryResults {
  engines: EngineQueryResults[];
  analytics: { status: string; paths: string[]; skipped: string[] };
}

async function storedRange(server: ChildServer): Promise<{ min: number; max: number }> {
  const rows = await server.sql<{ min: number; max: number }>(
    'SELECT (extract(epoch FROM min(stored)) * 1000)::float8 AS min, (extract(epoch FROM max(stored)) * 1000)::float8 AS max FROM statements',
  );
  return { min: Number(rows[0]!.min), max: Number(rows[0]!.max) };
}

async function queryEngine(
  engine: 'postgres' | 'pglite',
  analytics: QueryResults['analytics'],
): Promise<EngineQueryResults> {
  const spec: ServerSpec =
    engine === 'postgres'
      ? { kind: 'lrs', storage: 'postgres', databaseUrl: await createDatabase('queries') }
      : { kind: 'lrs', storage: 'pglite', dataDir: join(work, 'queries-pglite') };
  let t0 = Date.now();
  let server = await startChild(spec);
  const startupSeconds = (Date.now() - t0) / 1000;
  const gen = new StatementGenerator({ seed: 42 });
  const knownIds: string[] = [];
  const sizes: SizeResults[] = [];
  let loaded = 0;
  const types = [...QUERY_TYPES];
  const found = await analyticsQueries(server.url);
  if (found.paths.length > 0) {
    analytics.status = `measured: ${found.types.length} of ${found.paths.length} GET analytics paths`;
    analytics.paths = found.paths;
    analytics.skipped = found.skipped;
  }
  for (const size of S.sizes) {
    log(
      `queries: ${engine}: loading ${num(size - loaded)} statements through POST /xapi/statements (500 per request)`,
    );
    const progress = await loadStatements(server, gen, size - loaded, knownIds, {
      batch: 500,
      concurrency: 1,
      onProgress: (n) => log(`  … ${num(loaded + n)} statements`),
    });
    loaded = size;
    log(`  loaded at ${num(progress.statementsPerSec)} st/s`);
    const before = await server.sql<{ reltuples: number }>(
      "SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'statements'",
    );
    await server.sql('ANALYZE');
    const range = await storedRange(server);
    const ctx: QueryContext = { gen, storedMin: range.min, storedMax: range.max, knownIds, url: server.url };
    log(`  ${engine} at ${num(size)}: timing ${types.length} query types`);
    const queries = await measureQueries(ctx, types, S.samples, S.budgetMs);
    for (const q of queries)
      if (q.p99 > 50 || q.errors)
        log(
          `    ${q.name}: p50 ${num(q.p50)} ms, p99 ${num(q.p99)} ms${q.errors ? `, ${q.errors} errors: ${q.firstError}` : ''}`,
        );
    const analyticsResults = found.types.length
      ? await measureAnalytics(ctx, found.types, S.samples, S.budgetMs)
      : [];
    log(`  ${engine} at ${num(size)}: EXPLAIN ANALYZE`);
    const explain = await explainQueries(server, ctx, types);
    const mem = await server.memory();
    const storageBytes =
      engine === 'postgres'
        ? Number(
            (await server.sql<{ n: string }>('SELECT pg_database_size(current_database())::text AS n'))[0]!.n,
          )
        : dirSize(spec.dataDir!);
    sizes.push({
      size,
      load: progress,
      reltuplesBefore: Number(before[0]?.reltuples ?? -1),
      queries,
      analytics: analyticsResults,
      explain,
      storageBytes,
      rss: server.rss(),
      peakRss: mem.peakRss,
    });
  }
  const planChecks = checkPlans(sizes[0]!.explain, sizes.at(-1)!.explain, sizes[0]!.size, sizes.at(-1)!.size);
  let reopen: EngineQueryResults['reopen'];
  if (engine === 'pglite' && S.reopenSamples > 0) {
    await server.close();
    log('  pglite: reopening the data directory');
    t0 = Date.now();
    server = await startChild(spec);
    const seconds = (Date.now() - t0) / 1000;
    const range = await storedRange(server);
    const ctx: QueryContext = { gen, storedMin: range.min, storedMax: range.max, knownIds, url: server.url };
    const queries = await measureQueries(ctx, types, S.reopenSamples, S.budgetMs / 2);
    reopen = { seconds, rss: server.rss(), queries };
    log(`  reopened in ${num(seconds)} s; RSS after the query pass ${bytes(reopen.rss ?? 0)}`);
  }
  await server.close();
  if (engine === 'pglite') rmSync(spec.dataDir!, { recursive: true, force: true });
  else await dropDatabases();
  return { engine, startupSeconds, sizes, planChecks, ...(reopen ? { reopen } : {}) };
}

async function queries(): Promise<QueryResults> {
  const analytics = {
    status: 'pending: the LRS has no analytics endpoints yet (none in /openapi.json)',
    paths: [] as string[],
    skipped: [] as string[],
  };
  const engines = [await queryEngine('postgres', analytics), await queryEngine('pglite', analytics)];
  return { engines, analytics };
}

// ---- build ----------------------------------------------------------------------------------------

interface BuildResults {
  player: PlayerResult;
  builder: BuilderResult;
  /** The CLI as a user runs it; not in --quick (it builds the same 64 packages again). */
  cli: { seconds: number; ok: boolean; packages: number } | null;
  firstPage: FirstPageResult | { error: string };
}

async function build(): Promise<BuildResults> {
  log('player: vite build');
  const player = buildPlayer(REPO, join(work, 'player'));
  log(`  player.js ${bytes(player.jsBytes)}, gzipped ${bytes(player.jsGzipBytes)}`);
  log('builder: every format, the course and every module');
  const { result: builder, built } = await buildAll(REPO, player.dir, join(work, 'packages'));
  log(`  ${builder.packages.length} packages in ${num(builder.seconds)} s`);
  let cli: BuildResults['cli'] = null;
  if (!QUICK) {
    log('builder: the CLI as a user runs it (tsx packages/builder/src/cli.ts --out DIR)');
    cli = builderCli(REPO, join(work, 'packages-cli'));
    log(`  ${cli.packages} packages in ${num(cli.seconds)} s${cli.ok ? '' : ' (FAILED)'}`);
  }
  log('browser: first rendered page in headless Chromium');
  let firstPage: BuildResults['firstPage'];
  try {
    firstPage = await firstRenderedPage(built, work, S.browserRuns, CHROMIUM);
    log(`  p50 ${num(firstPage.p50Wall)} ms (in the frame ${num(firstPage.p50Frame)} ms)`);
  } catch (error) {
    firstPage = { error: String((error as Error).message ?? error) };
    log(`  failed: ${firstPage.error}`);
  }
  return { player, builder, cli, firstPage };
}

// ---- targets and report ---------------------------------------------------------------------------

function find(rows: IngestRow[], engine: string, server: string, batch: number, connections = CONNECTIONS) {
  return rows.find(
    (r) => r.engine === engine && r.server === server && r.batch === batch && r.connections === connections,
  )?.result;
}

function targets(ing: IngestResults | null, q: QueryResults | null, b: BuildResults | null): Target[] {
  const t: Target[] = [];
  if (ing) {
    const copy = ing.copy
      ? ing.copy.oneStream.reduce((n, c) => n + c.statementsPerSec, 0) / ing.copy.oneStream.length
      : Number.NaN;
    const pg100 = find(ing.rows, 'postgres', 'lrs', 100);
    const r = ratio(pg100?.statementsPerSec ?? 0, copy);
    t.push({
      name: 'batch ingestion, PostgreSQL',
      goal: '100/POST ≥ 0.75 × single-stream COPY (same run)',
      measured: `${num(pg100?.statementsPerSec)} st/s = ${num(r)} × COPY ${num(copy)} st/s${pg100?.non2xx ? `; ${pg100.non2xx} requests failed` : ''}`,
      met: r >= 0.75,
    });
    const lite100 = find(ing.rows, 'pglite', 'lrs', 100);
    t.push({
      name: 'batch ingestion, PGlite on disk',
      goal: '100/POST ≥ 5,000 st/s',
      measured: `${num(lite100?.statementsPerSec)} st/s`,
      met: (lite100?.statementsPerSec ?? 0) >= 5000,
    });
    for (const engine of ['postgres', 'pglite'] as const) {
      const lrs1 = find(ing.rows, engine, 'lrs', 1);
      const bare1 = find(ing.rows, engine, 'bare+insert', 1);
      const r1 = ratio(lrs1?.statementsPerSec ?? 0, bare1?.statementsPerSec ?? 0);
      t.push({
        name: `single-statement POST, ${engine}`,
        goal: '≥ 0.5 × bare Node HTTP + one insert per request',
        measured: `${num(lrs1?.requestsPerSec)} req/s = ${num(r1)} × ${num(bare1?.requestsPerSec)} req/s`,
        met: r1 >= 0.5,
      });
    }
    const lite1 = find(ing.rows, 'pglite', 'lrs', 1);
    t.push({
      name: 'PGlite does not stall the event loop',
      goal: 'single-statement POST p99 < 100 ms, 10 clients',
      measured: `p99 ${num(lite1?.p99)} ms (max ${num(lite1?.max)} ms)`,
      met: (lite1?.p99 ?? Infinity) < 100,
    });
  }
  if (q) {
    for (const e of q.engines) {
      const last = e.sizes.at(-1)!;
      const worst = [...last.queries].sort((a, b) => b.p99 - a.p99);
      const slow = worst.filter((x) => x.p99 >= 50 || x.errors > 0);
      t.push({
        name: `GET /statements p99 at ${num(last.size)}, ${e.engine}`,
        goal: 'every query parameter p99 < 50 ms (over HTTP)',
        measured: slow.length
          ? `${slow.length} of ${last.queries.length} over: ${slow.map((x) => `${x.name}${x.errors ? ` (${x.errors} errors)` : ''}`).join(', ')}; worst ${num(worst[0]!.p99)} ms`
          : `all ${last.queries.length} under; worst ${worst[0]!.name} ${num(worst[0]!.p99)} ms`,
        met: QUICK ? null : slow.length === 0,
        ...(QUICK ? { note: '--quick: small store, not the 1 M target' } : {}),
      });
      const grows = e.planChecks.filter((p) => p.grows);
      t.push({
        name: `EXPLAIN: no plan grows with the table, ${e.engine}`,
        goal: 'rows read at 10× data ≤ 3× (and no seq scan)',
        measured: grows.length
          ? `${grows.length} of ${e.planChecks.length} grow: ${grows.map((p) => p.name).join(', ')}`
          : 'none grows',
        met: QUICK ? null : grows.length === 0,
      });
    }
    const lite = q.engines.find((e) => e.engine === 'pglite');
    if (lite) {
      const last = lite.sizes.at(-1)!;
      const rss = lite.reopen?.rss ?? last.rss ?? 0;
      t.push({
        name: `PGlite resident memory at ${num(last.size)}`,
        goal: '≤ 700 MB',
        measured: `${bytes(rss)} after reopen + queries; ${bytes(last.rss ?? 0)} after loading (peak ${bytes(last.peakRss ?? 0)})`,
        met: QUICK ? null : rss <= 700 * 1024 * 1024 && (last.peakRss ?? 0) <= 700 * 1024 * 1024,
      });
    }
    t.push({
      name: 'analytics endpoints',
      goal: 'p99 measured at both sizes',
      measured: q.analytics.status,
      met: q.analytics.paths.length ? true : null,
    });
  }
  if (b) {
    t.push({
      name: `builder, all ${b.builder.packages.length} packages`,
      goal: '64 packages in < 60 s',
      measured: `${b.cli ? `${num(b.cli.seconds)} s with the CLI (${b.cli.packages} packages); ` : ''}${num(b.builder.seconds)} s in process`,
      met:
        (b.cli === null || (b.cli.ok && b.cli.seconds < 60)) &&
        b.builder.seconds < 60 &&
        b.builder.packages.length === 64,
    });
    t.push({
      name: 'player JS gzipped',
      goal: '≤ 150 KB',
      measured: bytes(b.player.jsGzipBytes),
      met: b.player.jsGzipBytes <= 150 * 1024,
    });
  }
  return t;
}

function printReport(ing: IngestResults | null, q: QueryResults | null, b: BuildResults | null, t: Target[]) {
  const out: string[] = [];
  if (ing) {
    const copy = ing.copy
      ? ing.copy.oneStream.reduce((n, c) => n + c.statementsPerSec, 0) / ing.copy.oneStream.length
      : Number.NaN;
    out.push('\nLRS ingestion (statements/s; ratios to the limits measured in this run)');
    out.push(
      formatTable(
        [
          'engine',
          'server',
          'per POST',
          'conns',
          'req/s',
          'st/s',
          'p50 ms',
          'p99 ms',
          'failed',
          '÷ bare HTTP',
          '÷ bare+insert',
          '÷ COPY',
        ],
        ing.rows.map((r) => {
          const bare = find(ing.rows, 'none', 'bare', r.batch);
          const bi = find(ing.rows, r.engine, 'bare+insert', r.batch);
          return [
            r.engine,
            r.server,
            String(r.batch),
            String(r.connections),
            num(r.result.requestsPerSec),
            num(r.result.statementsPerSec),
            num(r.result.p50),
            num(r.result.p99),
            String(r.result.non2xx + r.result.errors),
            r.server === 'lrs' ? num(ratio(r.result.statementsPerSec, bare?.statementsPerSec ?? 0)) : '',
            r.server === 'lrs' ? num(ratio(r.result.statementsPerSec, bi?.statementsPerSec ?? 0)) : '',
            r.server === 'lrs' && r.engine === 'postgres' ? num(ratio(r.result.statementsPerSec, copy)) : '',
          ];
        }),
      ),
    );
    if (ing.copy) {
      out.push(
        `PostgreSQL COPY into statements: 1 stream ${ing.copy.oneStream.map((c) => num(c.statementsPerSec)).join(' / ')} st/s; 2 streams ${num(ing.copy.twoStreams.statementsPerSec)}; 1 stream with the link-table rows ${num(ing.copy.withLinks.statementsPerSec)}`,
      );
    }
  }
  if (q) {
    for (const e of q.engines) {
      out.push(`\nGET /xapi/statements latency, ${e.engine} (ms, sequential requests over HTTP)`);
      out.push(
        formatTable(
          [
            'query',
            'about',
            ...e.sizes.flatMap((s) => [`p50 @${num(s.size / 1000, 0)}k`, `p99 @${num(s.size / 1000, 0)}k`]),
            'rows',
            'plan rows read',
            'grows',
          ],
          e.sizes[0]!.queries.map((qr, i) => {
            const check = e.planChecks.find((p) => p.name === qr.name);
            return [
              qr.name,
              qr.about,
              ...e.sizes.flatMap((s) => [
                num(s.queries[i]!.p50),
                `${num(s.queries[i]!.p99)}${s.queries[i]!.errors ? ' !' : ''}`,
              ]),
              num(e.sizes.at(-1)!.queries[i]!.rows, 0),
              check ? `${num(check.rowsSmall, 0)} → ${num(check.rowsLarge, 0)}` : '',
              check?.grows ? 'YES' : '',
            ];
          }),
        ),
      );
      for (const s of e.sizes)
        out.push(
          `${e.engine} at ${num(s.size)}: loaded at ${num(s.load.statementsPerSec)} st/s; storage ${bytes(s.storageBytes)}; RSS ${bytes(s.rss ?? 0)} (peak ${bytes(s.peakRss ?? 0)}); reltuples before ANALYZE ${num(s.reltuplesBefore, 0)}`,
        );
      if (e.reopen)
        out.push(
          `${e.engine} reopened in ${num(e.reopen.seconds)} s; RSS after ${e.reopen.queries.length} query types ${bytes(e.reopen.rss ?? 0)}`,
        );
      for (const p of e.planChecks.filter((x) => x.grows)) {
        out.push(`\nplan that grows with the table (${e.engine}, ${p.name}):`);
        out.push(...p.planLarge.slice(0, 14).map((l) => `  ${l}`));
      }
    }
    out.push(`\nanalytics: ${q.analytics.status}`);
  }
  if (b) {
    out.push('\nBuilder and player');
    const fp = 'error' in b.firstPage ? null : b.firstPage;
    out.push(
      formatTable(
        ['what', 'value'],
        [
          [
            'player vite build',
            b.player.buildSeconds === null ? 'failed' : `${num(b.player.buildSeconds)} s`,
          ],
          ['player.js', `${bytes(b.player.jsBytes)} (${bytes(b.player.jsGzipBytes)} gzipped)`],
          ['player.css', `${bytes(b.player.cssBytes)} (${bytes(b.player.cssGzipBytes)} gzipped)`],
          [`builder, ${b.builder.packages.length} packages (buildPackages)`, `${num(b.builder.seconds)} s`],
          ...(b.cli
            ? [[`builder CLI, ${b.cli.packages} packages (whole process)`, `${num(b.cli.seconds)} s`]]
            : []),
          ['packages, total', bytes(b.builder.totalBytes)],
          ['largest module package', bytes(b.builder.largestModule)],
          ...Object.entries(b.builder.course).map(([f, n]) => [`course package, ${f}`, bytes(n)]),
          [
            'first rendered page, p50 (wall)',
            fp
              ? `${num(fp.p50Wall)} ms (first run ${num(fp.firstRunWall)} ms)`
              : (b.firstPage as { error: string }).error,
          ],
          ['  of which in the SCO frame', fp ? `${num(fp.p50Frame)} ms` : ''],
        ],
      ),
    );
  }
  out.push('\nTargets');
  out.push(formatTable(['', 'target', 'goal', 'measured'], targetRows(t)));
  console.log(out.join('\n'));
}

// ---- main -----------------------------------------------------------------------------------------

async function main() {
  const info = machine();
  log(
    `bench (${QUICK ? 'quick' : 'full'}) of ${info.source}: ${[...ONLY].join(', ')}; work directory ${work}`,
  );
  const ing = ONLY.has('ingest') ? await ingestion() : null;
  const q = ONLY.has('queries') ? await queries() : null;
  const b = ONLY.has('build') ? await build() : null;
  const t = targets(ing, q, b);
  printReport(ing, q, b, t);
  const result = {
    version: 1,
    mode: QUICK ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: info,
    settings: { ...S, connections: CONNECTIONS, batches: BATCHES },
    targets: t,
    ingestion: ing,
    queries: q && {
      ...q,
      engines: q.engines.map((e) => ({
        ...e,
        // Plans are kept for the checks only (the full JSON plans are large).
        sizes: e.sizes.map(({ explain, ...s }) => ({
          ...s,
          explain: explain.map((x) => ({
            name: x.name,
            query: x.query,
            summary: { ...x.summary, text: undefined },
          })),
        })),
      })),
    },
    build: b && { ...b, player: { ...b.player, dir: undefined } },
  };
  writeJson(OUT, result);
  log(`results written to ${relative(process.cwd(), OUT) || OUT}`);
}

try {
  await main();
} finally {
  await dropDatabases().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
