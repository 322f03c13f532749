import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStatement } from '../src/service/statements/prepare.js';
import { sameStatement } from '../src/service/statements/statement-equal.js';
import { openDb } from '../src/store/db.js';
import { bundledMigrations, migrate } from '../src/store/migrate.js';
import { StatementStore } from '../src/store/statement-store.js';
import { runStoreContract } from './store.contract.js';
import { statement } from './support/fixtures.js';

runStoreContract('PGlite in memory', () => openDb({ dataDir: null }));

describe('PGlite in a data directory', () => {
  const parent = mkdtempSync(join(tmpdir(), 'lrs-pglite-'));
  const dataDir = join(parent, 'nested', 'lrs');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('creates the directory and keeps statements and migrations across close and reopen', async () => {
    const raw = statement();
    const s = prepareStatement(raw, {
      stored: new Date().toISOString(),
      authority: { account: { homePage: 'http://lrs.test', name: 'persist' } },
      credentialKey: 'persist',
      version: '2.0.0',
    });

    const first = await openDb({ dataDir });
    expect(first.engine).toBe('pglite');
    expect(await migrate(first)).toEqual([
      '001_init',
      '002_full_lrs',
      '003_analytics',
      '004_ordered_links',
      '005_analytics_queue',
    ]);
    await new StatementStore(first).insertBatch([s], (a, b) => sameStatement(a.payload, b, a.sentTimestamp));
    await first.close();

    const again = await openDb({ dataDir });
    try {
      expect(await migrate(again)).toEqual([]);
      const found = await new StatementStore(again).findById(s.id, { voided: false });
      expect(JSON.parse(found!.json)).toEqual(s.payload);
    } finally {
      await again.close();
    }
  });
});

describe('migration 004 on a store made before it', () => {
  it('keeps every agent and activity row, with its statement position, and answers the filters', async () => {
    const db = await openDb({ dataDir: null });
    try {
      const migrations = bundledMigrations();
      await migrate(
        db,
        migrations.filter((m) => m.version < '004'),
      );
      const ctx = {
        stored: '2025-01-01T00:00:00.000Z',
        authority: { objectType: 'Agent' as const, account: { homePage: 'http://lrs.test', name: 'old' } },
        credentialKey: 'old',
        version: '2.0.0' as const,
      };
      const a = prepareStatement(
        statement({ context: { instructor: { mbox: 'mailto:teacher@example.org' } } }),
        ctx,
      );
      const b = prepareStatement(statement(), { ...ctx, stored: '2025-01-02T00:00:00.000Z' });
      // Written as the LRS wrote them before 004: statements plus (key, statement_id, direct) rows.
      for (const s of [a, b]) {
        await db.query(
          `INSERT INTO statements (id, stored, verb_id, actor_ifi, object_id, credential_key, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [s.id, s.stored, s.verbId, s.actorIfi, s.objectId, s.credentialKey, JSON.stringify(s.payload)],
        );
        for (const g of s.agents)
          await db.query(
            'INSERT INTO statement_agents (statement_id, agent_ifi, direct) VALUES ($1, $2, $3)',
            [s.id, g.ifi, g.direct],
          );
        for (const c of s.activities)
          await db.query(
            'INSERT INTO statement_activities (statement_id, activity_id, direct) VALUES ($1, $2, $3)',
            [s.id, c.activityId, c.direct],
          );
      }
      expect(await migrate(db)).toEqual(['004_ordered_links', '005_analytics_queue']);

      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM statement_agents a JOIN statements s
           ON s.id = a.statement_id AND s.stored = a.stored AND s.seq = a.seq`,
      );
      expect(rows[0]!.n).toBe(a.agents.length + b.agents.length);
      const store = new StatementStore(db);
      const ids = async (filter: Parameters<StatementStore['query']>[0]) =>
        (await store.query(filter, 10)).statements.map((s) => JSON.parse(s.json).id as string);
      expect(await ids({ actorIfi: a.actorIfi, ascending: true })).toEqual([a.id, b.id]);
      expect(await ids({ actorIfi: 'mbox:mailto:teacher@example.org', ascending: true })).toEqual([]);
      expect(
        await ids({ actorIfi: 'mbox:mailto:teacher@example.org', relatedAgents: true, ascending: true }),
      ).toEqual([a.id]);
      expect(await ids({ activityId: a.objectId, ascending: false })).toEqual([b.id, a.id]);
    } finally {
      await db.close();
    }
  });
});
