import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStatement } from '../src/service/statements/prepare.js';
import { sameStatement } from '../src/service/statements/statement-equal.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
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
    expect(await migrate(first)).toEqual(['001_init', '002_full_lrs', '003_analytics']);
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
