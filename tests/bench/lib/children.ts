/** Starts a server under test in a child process (see server-child.ts) and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerSpec } from './common.js';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

export interface ChildServer {
  url: string;
  pid: number;
  spec: ServerSpec;
  /** Runs one SQL statement in the child, on its database. */
  sql<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The SQL the LRS runs for this GET /statements query string, with its EXPLAIN ANALYZE plan. */
  explain(query: string): Promise<{ sql: string; params: unknown[]; plan: unknown }[]>;
  memory(): Promise<{ rss: number; heapUsed: number; external: number; peakRss: number | null }>;
  /** Current resident set size of the child, read from /proc (null where /proc is absent). */
  rss(): number | null;
  close(): Promise<void>;
}

export async function startChild(spec: ServerSpec): Promise<ChildServer> {
  const child: ChildProcess = fork(CHILD, [JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`server child exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.on(
      'message',
      (m: {
        ready?: boolean;
        url: string;
        pid: number;
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: string;
      }) => {
        if (m.ready) {
          child.off('exit', onExit);
          resolve({ url: m.url, pid: m.pid });
          return;
        }
        const p = pending.get(m.id!);
        if (!p) return;
        pending.delete(m.id!);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(m.error));
      },
    );
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('server child exited'));
    pending.clear();
  });
  const { url, pid } = await ready;
  const call = <T>(op: string, extra: object = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...extra });
    });
  let closed: Promise<void> | undefined;
  return {
    url,
    pid,
    spec,
    sql: (sql, params = []) => call('sql', { sql, params }),
    explain: (query) => call('explain', { query }),
    memory: () => call('memory'),
    rss() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        call('close').catch(() => undefined);
      });
      return closed;
    },
  };
}
