import { randomUUID } from 'node:crypto';
import { LrsError } from '../src/errors.js';
import {
  createCredential,
  CredentialVerifier,
  listCredentials,
  revokeCredential,
  upsertCredential,
} from '../src/service/credentials/credentials.js';
import { prepareStatement } from '../src/service/statements/prepare.js';
import { sameStatement } from '../src/service/statements/statement-equal.js';
import { validateStatement } from '../src/service/statements/validate.js';
import type { Db } from '../src/store/db.js';
import { bundledMigrations, migrate } from '../src/store/migrate.js';
import { StatementStore, type PreparedStatement, type SameStatement } from '../src/store/statement-store.js';
import { statement } from './support/fixtures.js';

const same: SameStatement = (incoming, stored) =>
  sameStatement(incoming.payload, stored, incoming.sentTimestamp);
const AUTHORITY = {
  objectType: 'Agent' as const,
  account: { homePage: 'http://lrs.test', name: 'contract' },
};
const VOIDED = { id: 'http://adlnet.gov/expapi/verbs/voided' };

let clock = Date.parse('2025-06-01T00:00:00.000Z');
/** A fresh `stored` for each call, 1 ms apart, so that order by stored is known. */
const nextStored = () => new Date((clock += 1)).toISOString();

function prepare(raw: Record<string, unknown>, stored: string, authority = AUTHORITY): PreparedStatement {
  const issues = validateStatement(raw, '2.0.0');
  if (issues.length > 0) throw new Error(`fixture is invalid: ${JSON.stringify(issues)}`);
  return prepareStatement(raw, {
    stored,
    authority,
    credentialKey: authority.account.name,
    version: '2.0.0',
  });
}

const prepared = (overrides: Record<string, unknown> = {}, stored = nextStored()) =>
  prepare(statement(overrides), stored);

async function expectLrsError(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toBeInstanceOf(LrsError);
  await expect(promise).rejects.toMatchObject({ code });
}

/** The ids of every page of a query, following `next` from the first page to the last. */
async function allPages(
  store: StatementStore,
  filter: Parameters<StatementStore['query']>[0],
  limit: number,
): Promise<string[]> {
  const seen: string[] = [];
  let page = await store.query(filter, limit);
  seen.push(...page.statements.map((s) => JSON.parse(s.json).id as string));
  while (page.next) {
    page = await store.query(filter, limit, page.next);
    seen.push(...page.statements.map((s) => JSON.parse(s.json).id as string));
  }
  return seen;
}

/**
 * The behaviour every database engine must show under the LRS store. `makeDb` opens an empty
 * database (not yet migrated); the suite migrates it and closes it at the end.
 */
export function runStoreContract(name: string, makeDb: () => Promise<Db>): void {
  describe(`store contract: ${name}`, () => {
    let db: Db;
    let store: StatementStore;

    beforeAll(async () => {
      db = await makeDb();
      await migrate(db);
      store = new StatementStore(db);
    });
    afterAll(() => db.close());

    describe('migrations', () => {
      it('records every applied version and applies nothing on a second run', async () => {
        const rows = await db.query<{ version: string }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((r) => r.version)).toEqual(bundledMigrations().map((m) => m.version));
        expect(await migrate(db)).toEqual([]);
      });

      it('rolls a failing migration back whole and does not record it', async () => {
        const bad = {
          version: '999_broken',
          sql: 'CREATE TABLE half_done (x int); SELECT * FROM no_such_table;',
        };
        await expect(migrate(db, [bad])).rejects.toThrow();
        expect(await db.query("SELECT 1 FROM schema_migrations WHERE version = '999_broken'")).toEqual([]);
        expect(
          await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'"),
        ).toEqual([]);
      });
    });

    describe('transactions', () => {
      it('commits when the function resolves and rolls back when it throws', async () => {
        await db.exec('CREATE TABLE IF NOT EXISTS tx_probe (v text)');
        await db.transaction((tx) => tx.query("INSERT INTO tx_probe VALUES ('kept')"));
        await expect(
          db.transaction(async (tx) => {
            await tx.query("INSERT INTO tx_probe VALUES ('dropped')");
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await db.query('SELECT v FROM tx_probe ORDER BY v')).toEqual([{ v: 'kept' }]);
      });
    });

    describe('inserting statements', () => {
      it('stores a batch and returns each statement by id with its payload', async () => {
        const batch = [prepared(), prepared()];
        await store.insertBatch(batch, same);
        for (const s of batch) {
          const found = await store.findById(s.id, { voided: false });
          expect(JSON.parse(found!.json)).toEqual(s.payload);
          expect(found!.stored).toBe(s.stored);
        }
      });

      it('treats the same statement sent again as a no-op', async () => {
        const raw = statement();
        const s = prepare(raw, nextStored());
        await store.insertBatch([s], same);
        const resend = prepare(raw, nextStored(), {
          ...AUTHORITY,
          account: { ...AUTHORITY.account, name: 'other' },
        });
        await expect(store.insertBatch([resend], same)).resolves.toBeUndefined();
        expect(JSON.parse((await store.findById(s.id, { voided: false }))!.json).stored).toBe(s.stored);
      });

      it('rejects a different statement with a stored id and stores nothing of its batch', async () => {
        const s = prepared();
        await store.insertBatch([s], same);
        const fresh = prepared();
        const changed = { ...s, payload: { ...s.payload, result: { success: true } } };
        await expectLrsError(store.insertBatch([fresh, changed], same), 'LRS_STATEMENT_CONFLICT');
        expect(await store.findById(fresh.id, { voided: false })).toBeNull();
      });

      it('stores one of two concurrent inserts of the same statement and treats the other as a repeat', async () => {
        const s = prepared();
        await Promise.all([store.insertBatch([s], same), store.insertBatch([s], same)]);
        expect(await db.query('SELECT 1 FROM statements WHERE id = $1::uuid', [s.id])).toHaveLength(1);
      });
    });

    describe('voiding', () => {
      it('marks the target voided: found only with voided = true', async () => {
        const target = prepared();
        await store.insertBatch([target], same);
        await store.insertBatch(
          [prepared({ verb: VOIDED, object: { objectType: 'StatementRef', id: target.id } })],
          same,
        );
        expect(await store.findById(target.id, { voided: false })).toBeNull();
        expect(await store.findById(target.id, { voided: true })).not.toBeNull();
      });

      it('rejects voiding a voiding statement and rolls the batch back', async () => {
        const target = prepared();
        const voiding = prepared({ verb: VOIDED, object: { objectType: 'StatementRef', id: target.id } });
        await store.insertBatch([target, voiding], same);
        const bystander = prepared();
        const bad = prepared({ verb: VOIDED, object: { objectType: 'StatementRef', id: voiding.id } });
        await expectLrsError(store.insertBatch([bystander, bad], same), 'LRS_INVALID_VOIDING');
        expect(await store.findById(bystander.id, { voided: false })).toBeNull();
        expect(await store.findById(voiding.id, { voided: false })).not.toBeNull();
      });

      it('stores a statement voided when its voiding statement arrived first', async () => {
        const id = randomUUID();
        await store.insertBatch(
          [prepared({ verb: VOIDED, object: { objectType: 'StatementRef', id } })],
          same,
        );
        await store.insertBatch([prepared({ id })], same);
        expect(await store.findById(id, { voided: false })).toBeNull();
        expect(await store.findById(id, { voided: true })).not.toBeNull();
      });
    });

    describe('querying', () => {
      const registration = randomUUID();
      const verbA = { id: `https://contract.example.org/verbs/a/${registration}` };
      const verbB = { id: `https://contract.example.org/verbs/b/${registration}` };
      const actor = { mbox: `mailto:${registration}@example.org` };
      const activity = {
        objectType: 'Activity',
        id: `https://contract.example.org/activities/${registration}`,
      };
      let all: PreparedStatement[];

      beforeAll(async () => {
        // 7 statements in one batch (one stored value: ties broken by seq), then 5 with their own.
        const tied = nextStored();
        const first = Array.from({ length: 7 }, (_, i) =>
          prepared({ verb: i % 2 ? verbA : verbB, context: { registration } }, tied),
        );
        const rest = Array.from({ length: 5 }, (_, i) =>
          prepared({
            verb: verbA,
            context: { registration },
            ...(i === 4 ? { actor, object: activity } : {}),
          }),
        );
        await store.insertBatch(first, same);
        for (const s of rest) await store.insertBatch([s], same);
        all = [...first, ...rest];
      });

      const pageAll = (filter: Parameters<StatementStore['query']>[0], limit: number) =>
        allPages(store, filter, limit);

      it('returns newest first by default and oldest first when ascending, ties in insertion order', async () => {
        const desc = await pageAll({ registration, ascending: false }, 100);
        expect(desc).toEqual(all.map((s) => s.id).reverse());
        const asc = await pageAll({ registration, ascending: true }, 100);
        expect(asc).toEqual(all.map((s) => s.id));
      });

      it.each([1, 3, 5, 12])('pages with limit %i through every statement exactly once', async (limit) => {
        expect(await pageAll({ registration, ascending: false }, limit)).toEqual(
          all.map((s) => s.id).reverse(),
        );
        expect(await pageAll({ registration, ascending: true }, limit)).toEqual(all.map((s) => s.id));
      });

      it('filters by verb, agent IFI, activity, since and until', async () => {
        const ids = (filter: Parameters<StatementStore['query']>[0]) => pageAll(filter, 100);
        const withVerbB = all.filter((s) => s.verbId === verbB.id).map((s) => s.id);
        expect((await ids({ registration, verbId: verbB.id, ascending: true })).sort()).toEqual(
          withVerbB.sort(),
        );
        const last = all.at(-1)!;
        expect(await ids({ actorIfi: last.actorIfi, ascending: false })).toEqual([last.id]);
        expect(await ids({ activityId: activity.id, ascending: false })).toEqual([last.id]);
        const third = all[9]!;
        expect(await ids({ registration, since: third.stored, ascending: true })).toEqual(
          all.slice(10).map((s) => s.id),
        );
        expect(await ids({ registration, until: all[8]!.stored, ascending: true })).toEqual(
          all.slice(0, 9).map((s) => s.id),
        );
      });

      it('leaves voided statements out of query results, and returns the statements referring to a match', async () => {
        const victim = all[2]!;
        const voiding = prepared({ verb: VOIDED, object: { objectType: 'StatementRef', id: victim.id } });
        await store.insertBatch([voiding], same);
        const ids = await pageAll({ registration, ascending: true }, 100);
        expect(ids).not.toContain(victim.id);
        // xAPI 1.0.3 Communication §2.1.3: the voiding statement targets a statement that matches.
        expect(ids).toContain(voiding.id);
        expect(ids).toHaveLength(all.length);
      });
    });

    describe('querying through the agent and activity rows (migration 004)', () => {
      const tag = randomUUID();
      const x = { objectType: 'Agent', mbox: `mailto:x-${tag}@example.org` };
      const y = { objectType: 'Agent', mbox: `mailto:y-${tag}@example.org` };
      const xIfi = `mbox:mailto:x-${tag}@example.org`;
      const parent = { objectType: 'Activity', id: `https://contract.example.org/course/${tag}` };
      const lesson = { objectType: 'Activity', id: `https://contract.example.org/lesson/${tag}` };
      const verbC = { id: `https://contract.example.org/verbs/c/${tag}` };
      let byName: Record<string, PreparedStatement>;

      beforeAll(async () => {
        byName = {
          // x as the actor (direct), in a course (related activity)
          actor: prepared({ actor: x, object: lesson, context: { contextActivities: { parent: [parent] } } }),
          // x only as the instructor (related agent)
          instructor: prepared({ actor: y, object: lesson, context: { instructor: x } }),
          // x as the actor and the instructor: one row, direct
          both: prepared({ actor: x, verb: verbC, object: parent, context: { instructor: x } }),
          // y, nothing about x
          other: prepared({ actor: y, object: parent }),
        };
        // y refers to the statement x made about the course: matches x through the StatementRef rule
        byName.ref = prepared({
          actor: y,
          verb: verbC,
          object: { objectType: 'StatementRef', id: byName.both!.id },
        });
        for (const s of Object.values(byName)) await store.insertBatch([s], same);
      });

      const pageAll = (filter: Parameters<StatementStore['query']>[0], limit: number) =>
        allPages(store, filter, limit);
      const names = (ids: string[]) =>
        ids.map((id) => Object.entries(byName).find(([, s]) => s.id === id)?.[0] ?? id);

      it.each([1, 2, 100])(
        'merges direct, related and referring matches once each, in order (limit %i)',
        async (limit) => {
          expect(names(await pageAll({ actorIfi: xIfi, ascending: true }, limit))).toEqual([
            'actor',
            'both',
            'ref',
          ]);
          expect(
            names(await pageAll({ actorIfi: xIfi, relatedAgents: true, ascending: true }, limit)),
          ).toEqual(['actor', 'instructor', 'both', 'ref']);
          expect(
            names(await pageAll({ actorIfi: xIfi, relatedAgents: true, ascending: false }, limit)),
          ).toEqual(['ref', 'both', 'instructor', 'actor']);
          expect(names(await pageAll({ activityId: parent.id, ascending: true }, limit))).toEqual([
            'both',
            'other',
            'ref',
          ]);
          expect(
            names(await pageAll({ activityId: parent.id, relatedActivities: true, ascending: true }, limit)),
          ).toEqual(['actor', 'both', 'other', 'ref']);
        },
      );

      it('combines an agent with an activity, a verb and the related flags', async () => {
        expect(names(await pageAll({ actorIfi: xIfi, activityId: lesson.id, ascending: true }, 10))).toEqual([
          'actor',
        ]);
        expect(
          names(
            await pageAll(
              { actorIfi: xIfi, relatedAgents: true, activityId: lesson.id, ascending: true },
              10,
            ),
          ),
        ).toEqual(['actor', 'instructor']);
        expect(
          names(
            await pageAll(
              { actorIfi: xIfi, activityId: parent.id, relatedActivities: true, ascending: true },
              10,
            ),
          ),
        ).toEqual(['actor', 'both', 'ref']);
        expect(names(await pageAll({ actorIfi: xIfi, verbId: verbC.id, ascending: true }, 10))).toEqual([
          'both',
          'ref',
        ]);
        expect(
          names(
            await pageAll(
              { actorIfi: xIfi, since: byName.actor!.stored, until: byName.both!.stored, ascending: true },
              10,
            ),
          ),
        ).toEqual(['both']);
      });

      it('drops a voided statement from the agent and activity ranges', async () => {
        const victim = prepared({ actor: x, object: lesson });
        await store.insertBatch([victim], same);
        expect(await pageAll({ actorIfi: xIfi, activityId: lesson.id, ascending: true }, 10)).toContain(
          victim.id,
        );
        const voiding = prepared({
          actor: y,
          verb: VOIDED,
          object: { objectType: 'StatementRef', id: victim.id },
        });
        await store.insertBatch([voiding], same);
        const after = await pageAll({ actorIfi: xIfi, ascending: true }, 10);
        expect(after).not.toContain(victim.id);
        // the voiding statement refers to a statement by x: it matches through the StatementRef rule
        expect(after).toContain(voiding.id);
      });
    });

    describe('credentials', () => {
      it('creates, verifies, lists and revokes a credential', async () => {
        const c = await createCredential(db, { scopes: ['statements/write'], label: 'contract' });
        const verifier = new CredentialVerifier(db, 0);
        expect(await verifier.verify(c.key, c.secret)).toEqual({ key: c.key, scopes: ['statements/write'] });
        expect(await verifier.verify(c.key, `${c.secret}x`)).toBeNull();
        const listed = (await listCredentials(db)).find((x) => x.key === c.key);
        expect(listed).toEqual({
          key: c.key,
          scopes: ['statements/write'],
          label: 'contract',
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
          revokedAt: null,
        });
        expect(JSON.stringify(listed)).not.toContain(c.secret);
        expect(await revokeCredential(db, c.key)).toBe(true);
        expect(await revokeCredential(db, c.key)).toBe(false);
        expect(await verifier.verify(c.key, c.secret)).toBeNull();
      });

      it('stores only a salted hash of the secret', async () => {
        const a = await createCredential(db, { secret: 'same-secret-for-both', scopes: ['all'], label: 'a' });
        const b = await createCredential(db, { secret: 'same-secret-for-both', scopes: ['all'], label: 'b' });
        const rows = await db.query<{ secret_hash: string }>(
          'SELECT secret_hash FROM credentials WHERE key = $1 OR key = $2',
          [a.key, b.key],
        );
        expect(rows).toHaveLength(2);
        expect(rows[0]!.secret_hash).not.toContain('same-secret-for-both');
        expect(rows[0]!.secret_hash).not.toBe(rows[1]!.secret_hash);
      });

      it('refuses a second credential with the same key; upsert replaces the secret and un-revokes', async () => {
        const key = `k-${randomUUID()}`;
        await createCredential(db, { key, secret: 'first-secret', scopes: ['all'] });
        await expect(createCredential(db, { key, secret: 'second-secret', scopes: ['all'] })).rejects.toThrow(
          /already exists/,
        );
        await revokeCredential(db, key);
        await upsertCredential(db, { key, secret: 'second-secret', scopes: ['statements/read'] });
        const verifier = new CredentialVerifier(db, 0);
        expect(await verifier.verify(key, 'first-secret')).toBeNull();
        expect(await verifier.verify(key, 'second-secret')).toEqual({ key, scopes: ['statements/read'] });
      });
    });
  });
}
