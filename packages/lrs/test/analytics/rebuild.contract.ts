import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { AnalyticsCatalogue } from '../../src/service/analytics/catalogue.js';
import { analyticsProjectorOf } from '../../src/app.js';
import { ANALYTICS_TABLES } from '../../src/store/analytics-tables.js';
import { AnalyticsStore } from '../../src/store/analytics-store.js';
import { prepareStatement } from '../../src/service/statements/prepare.js';
import { sameStatement } from '../../src/service/statements/statement-equal.js';
import { StatementStore, type SameStatement } from '../../src/store/statement-store.js';
import type { Db } from '../../src/store/db.js';
import { CATALOGUE, COHORT_EXT, ITEM, M1, S, type Learner } from '../support/analytics-fixture.js';
import { postStatements, testLrs, type TestLrs } from '../support/fixtures.js';

/** Every row of every analytics table, in a canonical order. */
export async function dumpReadModel(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ANALYTICS_TABLES) {
    const rows = await db.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`,
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** mulberry32: a small seeded generator, so that a failing workload can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const voiding = (id: string) => ({
  id: randomUUID(),
  actor: { mbox: 'mailto:admin@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { en: 'voided' } },
  object: { objectType: 'StatementRef', id },
});

/**
 * A seeded workload over the fixture course: 24 learners in 3 cohorts (some of whose first
 * statements carry no cohort), every statement kind, an unlisted item and a statement outside the
 * profile, batches of 1–12 statements mixing learners, repeats of stored statements, and voiding of
 * every kind: a stored statement, a learner's first statement with a cohort, every statement of a
 * learner, a target in the same batch, and a target that arrives after its voiding statement.
 */
export function workload(seed: number): Record<string, unknown>[][] {
  const rnd = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const learners: Learner[] = Array.from({ length: 24 }, (_, i) => ({
    key: `w${i}`,
    name: `Learner ${i}`,
    cohort: ['North', 'South', 'East'][i % 3],
  }));
  const noCohortYet = new Set(learners.filter((_, i) => i % 4 === 0).map((l) => l.key));
  const stored: Record<string, unknown>[] = [];
  const batches: Record<string, unknown>[][] = [];
  const one = (l: Learner): Record<string, unknown> => {
    const who = noCohortYet.has(l.key) && rnd() < 0.7 ? { ...l, cohort: undefined } : l;
    if (noCohortYet.has(l.key) && who.cohort) noCohortYet.delete(l.key);
    const r = rnd();
    if (r < 0.1) return S.initialized(who);
    if (r < 0.15) return S.experienced(who);
    if (r < 0.2) return S.terminated(who, pick(['PT1M', 'PT2M30S', 'PT1H', 'P1D', 'P1M']));
    if (r < 0.25)
      return S.result(who, pick(['completed', 'passed', 'failed'] as const), Math.round(rnd() * 100) / 100);
    if (r < 0.28) {
      const s = S.answered(who, 'q1', 'a', true) as unknown as { object: { id: string } };
      s.object.id = `${M1}/question/unlisted`;
      return s;
    }
    if (r < 0.3) return { ...S.initialized(who), verb: { id: 'http://example.org/verbs/other' } };
    const item = pick(['q1', 'q2', 'q3', 'p1', 'd1']);
    const success = rnd() < 0.6;
    const response =
      item === 'q1' || item === 'q2' ? pick(['a', 'b', 'c', 'a[,]b', '']) : pick(['true', 'false']);
    return S.answered(who, item, response, success);
  };
  for (let b = 0; b < 70; b++) {
    const batch: Record<string, unknown>[] = [];
    const size = 1 + Math.floor(rnd() * 12);
    const focus = pick(learners);
    for (let i = 0; i < size; i++) batch.push(one(rnd() < 0.7 ? focus : pick(learners)));
    const r = rnd();
    if (r < 0.12 && stored.length > 0) batch.push(voiding(pick(stored).id as string));
    else if (r < 0.18 && batch.length > 1) batch.push(voiding(batch[0]!.id as string));
    else if (r < 0.22) {
      // The voiding statement first, its target in a later batch.
      const late = one(focus);
      batch.push(voiding(late.id as string));
      batches.push(batch);
      batches.push([late]);
      stored.push(...batch.slice(0, -1));
      continue;
    } else if (r < 0.26 && stored.length > 0) batch.push(pick(stored));
    batches.push(batch);
    stored.push(
      ...batch.filter(
        (s) => !(s as { object: { objectType?: string } }).object.objectType?.startsWith('Statement'),
      ),
    );
  }
  // A learner without a cohort gains one through a statement that touches none of their other rows
  // (their mastery values and pre-assessment row move to the cohort too); then it is voided again.
  const late: Learner = { key: 'late', name: 'Late' };
  batches.push([
    S.answered(late, 'q1', 'a', true),
    S.answered(late, 'q2', 'b', true),
    S.answered(late, 'd1', 'x', false),
  ]);
  const joining = S.terminated({ ...late, cohort: 'West' }, 'PT3M');
  batches.push([joining]);
  batches.push([S.answered(late, 'q3', 'true', true)]);
  batches.push([voiding(joining.id)]);
  // A learner's first statement with a cohort is voided; then every statement of another learner.
  const withCohort = stored.find((s) => JSON.stringify(s).includes(COHORT_EXT));
  if (withCohort) batches.push([voiding(withCohort.id as string)]);
  const gone = JSON.stringify({ homePage: 'https://lms.example.org', name: 'w5' });
  const ofGone = stored.filter(
    (s) => JSON.stringify((s as { actor: { account: unknown } }).actor.account) === gone,
  );
  for (let i = 0; i < ofGone.length; i += 10)
    batches.push(ofGone.slice(i, i + 10).map((s) => voiding(s.id as string)));
  return batches;
}

/**
 * The read model kept by the write path equals the one the rebuild computes from the statements,
 * after a workload with voiding; the filtered (facts) path of the reports agrees with the stored one.
 */
export function runRebuildContract(name: string, open: () => Promise<Db>) {
  describe(`analytics rebuild equals the incremental path (${name})`, () => {
    let db: Db;
    let lrs: TestLrs;
    beforeAll(async () => {
      db = await open();
      lrs = await testLrs({ db, analytics: CATALOGUE });
    });
    afterAll(() => db.close());

    it('after a seeded workload with repeats and voiding of every kind', async () => {
      for (const batch of workload(20250301)) {
        const res = await postStatements(lrs, batch);
        // A repeat of a voided statement or a voiding of a voiding statement may be refused as a
        // whole batch; either way the read model must follow what was stored.
        expect([200, 400, 409]).toContain(res.status);
      }
      await analyticsProjectorOf(lrs.app).drain();
      const incremental = await dumpReadModel(db);
      expect(incremental.analytics_statements!.length).toBeGreaterThan(150);
      expect(incremental.analytics_learners!.length).toBeGreaterThan(15);
      // Small chunks: the statements of one batch share `stored`, so chunks end inside them.
      const report = await new AnalyticsStore(CATALOGUE).rebuild(db, { chunk: 7 });
      expect(report.facts).toBe(incremental.analytics_statements!.length);
      expect(await dumpReadModel(db)).toEqual(incremental);
    });

    it('gives the same reports from the facts of an all-covering period', async () => {
      const get = (path: string) =>
        request(lrs.app).get(`/analytics/v1${path}`).set('Authorization', lrs.auth.analytics).expect(200);
      for (const path of ['/cohorts', '/modules', '/items']) {
        const stored = (await get(path)).body;
        const facts = (await get(`${path}?since=2000-01-01`)).body;
        expect({ ...facts, filters: {} }).toEqual({ ...stored, filters: {} });
      }
      for (const cohort of ['North', 'South', 'East']) {
        const stored = (await get(`/items?cohort=${cohort}`)).body;
        const facts = (await get(`/items?cohort=${cohort}&since=2000-01-01`)).body;
        expect(facts.items).toEqual(stored.items);
      }
    });

    it('applies a changed rule to history on rebuild, and reports the versions in use until then', async () => {
      const stricter: AnalyticsCatalogue = {
        ...CATALOGUE,
        rule: { ruleVersion: 8, masteryThreshold: 0.9, minimumEvidence: 4 },
      };
      const next = await testLrs({ db, analytics: stricter });
      const learner: Learner = { key: 'w1', name: 'Learner 1', cohort: 'South' };
      await postStatements(next, [S.answered(learner, 'q2', 'b', true)]).expect(200);
      const overview = await request(next.app)
        .get('/analytics/v1/overview')
        .set('Authorization', next.auth.analytics);
      expect(overview.body.ruleVersionsInUse).toEqual([7, 8]);
      await new AnalyticsStore(stricter).rebuild(db);
      const after = await request(next.app)
        .get('/analytics/v1/overview')
        .set('Authorization', next.auth.analytics);
      expect(after.body.ruleVersionsInUse).toEqual([8]);
      const rows = await db.query<{ status: string; evidence: number; correct: number }>(
        'SELECT status, evidence, correct FROM analytics_mastery',
      );
      for (const r of rows) {
        const expected =
          r.evidence < 4
            ? 'insufficient-evidence'
            : r.correct * 10 >= 9 * r.evidence
              ? 'mastered'
              : 'not-mastered';
        expect(r.status).toBe(expected);
      }
    });

    it('queues a write in its own transaction and folds it (and a voiding queued after it) on drain', async () => {
      await analyticsProjectorOf(lrs.app).drain();
      await new AnalyticsStore(CATALOGUE).rebuild(db);
      const analytics = new AnalyticsStore(CATALOGUE);
      // A store with no projector behind it: what it writes stays queued until drained.
      const store = new StatementStore(db, analytics);
      const learner: Learner = { key: `q-${randomUUID()}`, name: 'Queued', cohort: 'Q' };
      const ctx = {
        stored: new Date().toISOString(),
        authority: { objectType: 'Agent' as const, account: { homePage: 'http://lrs.test', name: 'q' } },
        credentialKey: 'q',
        version: '2.0.0' as const,
      };
      const kept = prepareStatement(S.answered(learner, 'q1', 'a', true), ctx);
      const voided = prepareStatement(S.answered(learner, 'q2', 'b', false), ctx);
      const same: SameStatement = (a, b) => sameStatement(a.payload, b, a.sentTimestamp);
      await store.insertBatch([kept, voided], same);
      const voiding = prepareStatement(
        {
          actor: { mbox: 'mailto:admin@example.org' },
          verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
          object: { objectType: 'StatementRef', id: voided.id },
        },
        ctx,
      );
      await store.insertBatch([voiding], same);
      const factsOf = async () =>
        (
          await db.query<{ id: string }>(
            'SELECT statement_id::text AS id FROM analytics_statements WHERE learner = $1',
            [kept.actorIfi],
          )
        ).map((r) => r.id);
      expect(await db.query('SELECT id FROM analytics_pending')).toHaveLength(2);
      expect(await factsOf()).toEqual([]);
      expect(await analytics.drain(db)).toBe(2);
      expect(await factsOf()).toEqual([kept.id]);
      expect(await db.query('SELECT id FROM analytics_pending')).toEqual([]);
      const incremental = await dumpReadModel(db);
      await new AnalyticsStore(CATALOGUE).rebuild(db);
      expect(await dumpReadModel(db)).toEqual(incremental);
    });

    it('keeps learners consistent under concurrent writers', async () => {
      await new AnalyticsStore(CATALOGUE).rebuild(db);
      const learners: Learner[] = ['c1', 'c2', 'c3'].map((key, i) => ({
        key,
        name: key,
        cohort: `K${i % 2}`,
      }));
      const posts = Array.from({ length: 24 }, (_, i) => {
        const l = learners[i % 3]!;
        return postStatements(lrs, [
          S.answered(l, pick3(i), i % 2 ? 'a' : 'b', i % 2 === 0),
          S.answered(learners[(i + 1) % 3]!, 'q3', 'true', true),
          S.initialized(l),
        ]);
      });
      for (const res of await Promise.all(posts)) expect(res.status).toBe(200);
      await analyticsProjectorOf(lrs.app).drain();
      const incremental = await dumpReadModel(db);
      await new AnalyticsStore(CATALOGUE).rebuild(db);
      expect(await dumpReadModel(db)).toEqual(incremental);
    });
  });
}

const pick3 = (i: number) => ['q1', 'q2', 'p1'][i % 3]!;
// The fixture's item IRIs, for readers.
void ITEM;
