/**
 * One server under test, in its own process (so that the load generator and the server do not share
 * an event loop): `node --import tsx server-child.ts '<json ServerSpec>'`.
 *
 * - `lrs`: the real LRS (`startLrs`) on PGlite (a data directory) or PostgreSQL (a database URL).
 * - `bare`: the limit the LRS is compared with — a bare `node:http` server that parses the same
 *   bodies, assigns ids, `stored` and `authority`, and either answers at once (`storage: 'none'`) or
 *   does one INSERT per request into the same `statements` table (the LRS's own migrations).
 *
 * The parent talks to it over IPC: `{ id, op }` with op `memory` (process memory and peak RSS),
 * `sql` (run one statement on the same database), `explain` (the SQL the LRS runs for a
 * GET /statements query string, EXPLAIN ANALYZE'd) and `close`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { migrate, openDb, startLrs, type Db } from '@course/lrs';
// Read-only use of LRS internals: the query parser and store build the exact SQL a GET runs.
import {
  parseStatementQuery,
  readStatements,
} from '../../../packages/lrs/src/service/statements/query-statements.js';
import { StatementStore } from '../../../packages/lrs/src/store/statement-store.js';
import { BENCH_KEY, BENCH_SECRET, type ServerSpec } from './common.js';
import { agentIfi } from '../../../packages/lrs/src/service/agent-ifi.js';

interface Request {
  id: number;
  op: 'memory' | 'sql' | 'explain' | 'close';
  sql?: string;
  params?: unknown[];
  query?: string;
}

function peakRss(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The SQL (and parameters) the LRS runs for a GET /statements query string. */
async function sqlOf(query: string): Promise<{ sql: string; params: unknown[] }[]> {
  const captured: { sql: string; params: unknown[] }[] = [];
  const recorder: Db = {
    engine: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      captured.push({ sql, params });
      return [] as T[];
    },
    async exec() {},
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      return fn(recorder);
    },
    async close() {},
  } as Db;
  const parsed = parseStatementQuery(Object.fromEntries(new URLSearchParams(query)));
  await readStatements(new StatementStore(recorder), parsed).catch(() => undefined);
  return captured;
}

async function bareServer(storage: ServerSpec['storage'], db: Db | null) {
  const insert = `INSERT INTO statements (id, stored, verb_id, actor_ifi, object_id, registration, is_voiding, ref_id, credential_key, payload)
     SELECT (r->>'id')::uuid, (r->>'stored')::timestamptz, r->>'verb_id', r->>'actor_ifi', r->>'object_id',
            (r->>'registration')::uuid, false, NULL, 'bench', r->'payload'
     FROM jsonb_array_elements($1::jsonb) AS e(r)`;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          const list = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
          const stored = new Date().toISOString();
          const authority = { objectType: 'Agent', account: { homePage: 'http://127.0.0.1', name: 'bench' } };
          const rows = list.map((s) => {
            const payload = {
              ...s,
              id: (s.id as string) ?? randomUUID(),
              stored,
              authority,
              version: '2.0.0',
            };
            return {
              id: payload.id,
              stored,
              verb_id: (s.verb as { id: string }).id,
              actor_ifi: agentIfi(s.actor),
              object_id: (s.object as { id: string }).id,
              registration: (s.context as { registration?: string } | undefined)?.registration ?? null,
              payload,
            };
          });
          if (db && storage !== 'none') await db.query(insert, [JSON.stringify(rows)]);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(rows.map((r) => r.id)));
        } catch (error) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec;
  let db: Db | null = null;
  let url: string;
  let close: () => Promise<void>;
  if (spec.kind === 'lrs') {
    const lrs = await startLrs({
      port: 0,
      ...(spec.storage === 'postgres'
        ? { databaseUrl: spec.databaseUrl }
        : { dataDir: spec.dataDir ?? null }),
      rootKey: BENCH_KEY,
      rootSecret: BENCH_SECRET,
      logLevel: 'silent',
    });
    db = lrs.db;
    url = lrs.url;
    close = () => lrs.close();
  } else {
    if (spec.storage !== 'none') {
      db = await openDb(
        spec.storage === 'postgres' ? { databaseUrl: spec.databaseUrl } : { dataDir: spec.dataDir ?? null },
      );
      await migrate(db);
    }
    const bare = await bareServer(spec.storage, db);
    url = bare.url;
    close = async () => {
      await bare.close();
      await db?.close();
    };
  }

  process.on('message', (message: Request) => {
    void (async () => {
      try {
        let result: unknown;
        if (message.op === 'memory') {
          result = { ...process.memoryUsage(), peakRss: peakRss() };
        } else if (message.op === 'sql') {
          if (!db) throw new Error('no database');
          result = await db.query(message.sql!, message.params ?? []);
        } else if (message.op === 'explain') {
          if (!db) throw new Error('no database');
          const plans = [];
          for (const { sql, params } of await sqlOf(message.query ?? '')) {
            const rows = await db.query<Record<string, unknown>>(
              `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
              params,
            );
            const raw = rows[0]?.['QUERY PLAN'];
            plans.push({ sql, params, plan: typeof raw === 'string' ? JSON.parse(raw) : raw });
          }
          result = plans;
        } else if (message.op === 'close') {
          await close();
          process.send!({ id: message.id, ok: true, result: null }, () => process.exit(0));
          return;
        }
        process.send!({ id: message.id, ok: true, result });
      } catch (error) {
        process.send!({ id: message.id, ok: false, error: String((error as Error).stack ?? error) });
      }
    })();
  });
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  process.send!({ ready: true, url, pid: process.pid, engine: db?.engine ?? 'none' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
