import type { Agent, Statement } from '@course/contracts';
import type { StatementTransport } from './transport.js';

/** The subset of `Storage` the queue uses; `localStorage` in the browser. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface StatementQueueOptions {
  /** Where unsent statements survive a reload; null keeps them in memory only. */
  storage: QueueStorage | null;
  key: string;
  transport: StatementTransport;
  /** Called when the LRS refuses statements for good (4xx other than 409/429). */
  onDropped?: (ids: string[], status: number, body: string) => void;
  /** First retry delay; doubles per failure up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxBatch?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Outcome = 'sent' | 'retry';

const STORE_VERSION = 1;

/** A stable storage key for one activity and one actor. */
export function queueKey(activityIri: string, actor: Agent): string {
  const who = actor.account
    ? `account:${actor.account.homePage}|${actor.account.name}`
    : (actor.mbox ?? actor.mbox_sha1sum ?? actor.openid ?? '');
  return `course-player:xapi-queue:${activityIri}:${who}`;
}

/** `localStorage` if the browser lets this document use it (sandboxed iframes and privacy modes may not). */
export function browserStorage(): QueueStorage | null {
  try {
    const probe = 'course-player:probe';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return null;
  }
}

/**
 * A durable outbox for statements. Statements are persisted before the first send and removed only
 * when the LRS acknowledges them (2xx, or 409: a statement with that id is already stored), so an
 * acknowledged id is never sent again. Network errors, 429 and 5xx are retried with exponential
 * backoff; other 4xx drop the refused statements (a batch is split to find them).
 */
export class StatementQueue {
  private pending: Statement[];
  private flushing: Promise<void> | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private readonly onOnline = () => void this.flush();

  constructor(private readonly options: StatementQueueOptions) {
    this.pending = this.read();
  }

  /** Statements not yet acknowledged by the LRS, oldest first. */
  get size(): number {
    return this.pending.length;
  }

  /** Starts sending what an earlier page left and listens for `online`. */
  start(): Promise<void> {
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    return this.flush();
  }

  stop(): void {
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.cancelRetry();
  }

  enqueue(statements: Statement[]): Promise<void> {
    const known = new Set(this.pending.map((s) => s.id));
    this.pending.push(...statements.filter((s) => !known.has(s.id)));
    this.write();
    return this.flush();
  }

  /** Sends everything pending now. Concurrent calls share one run. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.cancelRetry();
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
        if (this.pending.length > 0 && this.retryTimer === null && this.failures === 0) void this.flush();
      });
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const max = this.options.maxBatch ?? 50;
    while (this.pending.length > 0) {
      const outcome = await this.send(this.pending.slice(0, max));
      if (outcome === 'retry') {
        this.failures += 1;
        this.scheduleRetry();
        return;
      }
      this.failures = 0;
    }
  }

  private async send(batch: Statement[]): Promise<Outcome> {
    let status: number;
    let body: string;
    try {
      ({ status, body } = await this.options.transport(batch));
    } catch {
      return 'retry';
    }
    if ((status >= 200 && status < 300) || status === 409) {
      this.remove(batch);
      return 'sent';
    }
    if (status === 429 || status >= 500 || status < 200 || status >= 600) return 'retry';
    // A 4xx for the batch: find the statements the LRS refuses, keep sending the others.
    if (batch.length > 1) {
      for (const single of batch) if ((await this.send([single])) === 'retry') return 'retry';
      return 'sent';
    }
    this.remove(batch);
    this.options.onDropped?.(
      batch.map((s) => s.id ?? ''),
      status,
      body,
    );
    return 'sent';
  }

  private remove(batch: Statement[]): void {
    const done = new Set(batch.map((s) => s.id));
    this.pending = this.pending.filter((s) => !done.has(s.id));
    this.write();
  }

  private scheduleRetry(): void {
    const base = this.options.baseDelayMs ?? 1000;
    const delay = Math.min(this.options.maxDelayMs ?? 60_000, base * 2 ** (this.failures - 1));
    const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.retryTimer = setTimer(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer === null) return;
    (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.retryTimer);
    this.retryTimer = null;
  }

  private read(): Statement[] {
    try {
      const text = this.options.storage?.getItem(this.options.key);
      if (!text) return [];
      const stored = JSON.parse(text) as { v?: number; statements?: unknown };
      return stored.v === STORE_VERSION && Array.isArray(stored.statements)
        ? (stored.statements as Statement[]).filter((s) => typeof s?.id === 'string')
        : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    const storage = this.options.storage;
    if (!storage) return;
    try {
      if (this.pending.length === 0) storage.removeItem(this.options.key);
      else storage.setItem(this.options.key, JSON.stringify({ v: STORE_VERSION, statements: this.pending }));
    } catch {
      // Storage full or revoked: the statements stay in memory for this page.
    }
  }
}
