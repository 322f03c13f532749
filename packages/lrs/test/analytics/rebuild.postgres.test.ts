import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb } from '../../src/store/db.js';
import { runRebuildContract } from './rebuild.contract.js';

/** The rebuild contract on a PostgreSQL server (DATABASE_URL), in a database of its own. */
const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl) {
  const name = `lrs_analytics_${randomBytes(6).toString('hex')}`;
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  runRebuildContract('PostgreSQL', () => openDb({ databaseUrl: url.toString() }));
} else {
  describe.skip('analytics rebuild: PostgreSQL (skipped: DATABASE_URL is not set)', () => {
    it('runs the rebuild contract against the server in DATABASE_URL', () => {
      expect(process.env.DATABASE_URL).toBeDefined();
    });
  });
}
