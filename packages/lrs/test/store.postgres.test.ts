import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb } from '../src/store/db.js';
import { runStoreContract } from './store.contract.js';

/**
 * The store contract on a real PostgreSQL server. Runs when DATABASE_URL is set (CI sets it):
 * the suite creates a database with a random name on that server and drops it afterwards.
 */
const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl) {
  const name = `lrs_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const admin = () => new pg.Client({ connectionString: databaseUrl });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
  });

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  runStoreContract('PostgreSQL', async () => {
    const db = await openDb({ databaseUrl: url.toString() });
    expect(db.engine).toBe('postgres');
    return db;
  });
} else {
  describe.skip('store contract: PostgreSQL (skipped: DATABASE_URL is not set)', () => {
    it('runs the store contract against the server in DATABASE_URL', () => {
      expect(process.env.DATABASE_URL).toBeDefined();
    });
  });
}
