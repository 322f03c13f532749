import type { Statement } from '@course/contracts';
import { queueKey, StatementQueue, type QueueStorage } from './statement-queue';
import type { StatementTransport, TransportResponse } from './transport';

const actor = {
  objectType: 'Agent' as const,
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
let n = 0;
const statement = (): Statement => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
  object: { id: 'https://courses.example.org/c/m/question/q' },
});

class MemoryStorage implements QueueStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

/** A fake LRS: answers with the queued responses in order, records every id it was sent. */
function fakeLrs(...responses: Array<number | Error>) {
  const sent: string[][] = [];
  const transport: jest.MockedFunction<StatementTransport> = jest.fn(async (statements) => {
    sent.push(statements.map((s) => s.id!));
    const next = responses.length > 1 ? responses.shift()! : responses[0]!;
    if (next instanceof Error) throw next;
    return { status: next, body: next >= 400 ? `status ${next}` : '[]' } satisfies TransportResponse;
  });
  return { transport, sent };
}

function queueWith(transport: StatementTransport, storage: QueueStorage = new MemoryStorage(), extra = {}) {
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const dropped: Array<{ ids: string[]; status: number }> = [];
  const queue = new StatementQueue({
    storage,
    key: queueKey('https://courses.example.org/c', actor),
    transport,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    onDropped: (ids, status) => dropped.push({ ids, status }),
    ...extra,
  });
  return { queue, timers, dropped, storage };
}

describe('StatementQueue', () => {
  it('sends queued statements and forgets them once the LRS acknowledges them', async () => {
    const lrs = fakeLrs(200);
    const { queue, storage } = queueWith(lrs.transport);
    const a = statement();
    await queue.enqueue([a]);
    expect(lrs.sent).toEqual([[a.id]]);
    expect(queue.size).toBe(0);
    expect((storage as MemoryStorage).data.size).toBe(0);
    await queue.flush();
    expect(lrs.transport).toHaveBeenCalledTimes(1);
  });

  it('retries after a network error with exponential backoff, then never resends the acknowledged ids', async () => {
    const lrs = fakeLrs(new TypeError('Failed to fetch'), 503, 200);
    const { queue, timers } = queueWith(lrs.transport, new MemoryStorage(), { baseDelayMs: 1000 });
    const [a, b] = [statement(), statement()];
    await queue.enqueue([a, b]);
    expect(queue.size).toBe(2);
    expect(timers.map((t) => t.ms)).toEqual([1000]);

    timers.shift()!.fn();
    await queue.flush();
    expect(timers.map((t) => t.ms)).toEqual([2000]);

    timers.shift()!.fn();
    await queue.flush();
    expect(queue.size).toBe(0);
    expect(lrs.sent).toEqual([
      [a.id, b.id],
      [a.id, b.id],
      [a.id, b.id],
    ]);

    const c = statement();
    await queue.enqueue([c]);
    expect(lrs.sent.at(-1)).toEqual([c.id]);
    expect(lrs.sent.flat().filter((id) => id === a.id)).toHaveLength(3);
  });

  it('retries 429 Too Many Requests', async () => {
    const lrs = fakeLrs(429, 200);
    const { queue, timers } = queueWith(lrs.transport);
    await queue.enqueue([statement()]);
    expect(queue.size).toBe(1);
    timers.shift()!.fn();
    await queue.flush();
    expect(queue.size).toBe(0);
  });

  it('treats 409 Conflict as already stored: the statement is not sent again', async () => {
    const lrs = fakeLrs(409);
    const { queue, dropped } = queueWith(lrs.transport);
    await queue.enqueue([statement()]);
    await queue.flush();
    expect(queue.size).toBe(0);
    expect(lrs.transport).toHaveBeenCalledTimes(1);
    expect(dropped).toEqual([]);
  });

  it('drops a statement the LRS refuses with 400 and reports it, without losing the others in the batch', async () => {
    const bad = statement();
    const good = statement();
    const transport: StatementTransport = jest.fn(async (batch: Statement[]) =>
      batch.some((s) => s.id === bad.id) ? { status: 400, body: 'invalid' } : { status: 200, body: '[]' },
    );
    const { queue, dropped } = queueWith(transport);
    await queue.enqueue([bad, good]);
    expect(queue.size).toBe(0);
    expect(dropped).toEqual([{ ids: [bad.id], status: 400 }]);
    expect(transport).toHaveBeenCalledWith([good]);
  });

  it('survives a reload: a new queue on the same storage sends what the old one could not', async () => {
    const storage = new MemoryStorage();
    const offline = fakeLrs(new TypeError('Failed to fetch'));
    const before = queueWith(offline.transport, storage);
    const a = statement();
    await before.queue.enqueue([a]);
    before.queue.stop();

    const online = fakeLrs(200);
    const after = queueWith(online.transport, storage);
    expect(after.queue.size).toBe(1);
    await after.queue.start();
    after.queue.stop();
    expect(online.sent).toEqual([[a.id]]);
    expect(storage.data.size).toBe(0);
  });

  it('flushes when the browser comes back online', async () => {
    const lrs = fakeLrs(new TypeError('offline'), 200);
    const { queue } = queueWith(lrs.transport);
    await queue.start();
    await queue.enqueue([statement()]);
    expect(queue.size).toBe(1);
    window.dispatchEvent(new Event('online'));
    await queue.flush();
    expect(queue.size).toBe(0);
    queue.stop();
  });

  it('shares one send between concurrent flushes', async () => {
    let release: (r: TransportResponse) => void = () => {};
    const transport: StatementTransport = jest.fn(() => new Promise<TransportResponse>((r) => (release = r)));
    const { queue } = queueWith(transport);
    const sending = queue.enqueue([statement()]);
    const again = queue.flush();
    release({ status: 200, body: '[]' });
    await Promise.all([sending, again]);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('ignores unreadable stored data instead of failing', () => {
    const storage = new MemoryStorage();
    storage.setItem(queueKey('https://courses.example.org/c', actor), '{not json');
    expect(queueWith(fakeLrs(200).transport, storage).queue.size).toBe(0);
  });
});
