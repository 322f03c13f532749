import request from 'supertest';
import {
  A,
  B,
  C,
  CATALOGUE,
  D,
  E,
  fixtureBatches,
  ITEM,
  learnerIfi,
  M1,
  PRE,
  S,
} from '../support/analytics-fixture.js';
import { postStatements, testLrs, V2, type TestLrs } from '../support/fixtures.js';

/**
 * The analytics of the fixture (test/support/analytics-fixture.ts), computed by hand.
 *
 * Rule version 7: mastered when correct / evidence ≥ 0.6 with at least 2 scored answers.
 * Scored answers (retries count; p1 is practice and d1 diagnostic, neither counts):
 *   A: q1 ✓ q2 ✓ q3 ✗ q1 ✓   → C01 (q1 q2 q1) 3/3 mastered;   C02 (q2 q3) 1/2 = 0.5 not mastered
 *   B: q1 ✗ q2 ✗ q3 ✓ q2 ✓   → C01 (q1 q2 q2) 1/3 not;         C02 (q2 q3 q2) 2/3 mastered
 *   C: q1 ✓ q2 ✓ q3 ✓        → C01 2/2 mastered;               C02 2/2 mastered
 *   D: q1 ✗ q3 ✗             → C01 0/1 insufficient;           C02 0/1 insufficient
 *   E: q1 ✓✓✓ q2 ✗✗          → C01 (q1×3 q2×2) 3/5 = 0.6 mastered (exactly at the threshold);
 *                               C02 (q2×2) 0/2 not mastered
 *
 * First attempts x on the scored items of M1 and totals T: A q1 1 q2 1 q3 0 (T 2); B 0 0 1 (T 1);
 * C 1 1 1 (T 3); D q1 0 q3 0 (T 0); E q1 1 q2 0 (T 1). Rest score y = T − x.
 *   q1: (x, y) = A (1,1) B (0,1) C (1,2) D (0,0) E (1,0): n 5, Σx 3, Σy 4, Σy² 6, Σxy 3
 *       r = (5·3 − 3·4) / √((5·3 − 3²)(5·6 − 4²)) = 3 / √84 = 0.3273; difficulty 3/5 = 0.6
 *   q2: A (1,1) B (0,1) C (1,2) E (0,1): n 4, Σx 2, Σy 5, Σy² 7, Σxy 3
 *       r = (4·3 − 2·5) / √((4·2 − 2²)(4·7 − 5²)) = 2 / √12 = 0.5774; difficulty 2/4 = 0.5
 *   q3: A (0,2) B (1,0) C (1,2) D (0,0): n 4, Σx 2, Σy 4, Σy² 8, Σxy 2
 *       r = (4·2 − 2·4) / … = 0; difficulty 0.5
 * Attempts: q1 2+1+1+1+3 = 8 (correct 2+1+3 = 6); q2 1+2+1+2 = 6 (3); q3 4 (2).
 */
let lrs: TestLrs;
const get = (path: string, auth = lrs.auth.analytics) =>
  request(lrs.app).get(`/analytics/v1${path}`).set('Authorization', auth);

beforeAll(async () => {
  lrs = await testLrs({ analytics: CATALOGUE });
  for (const batch of fixtureBatches()) await postStatements(lrs, batch).expect(200);
});
afterAll(() => lrs.close());

const cell = (evidence: number, correct: number, status: string) => ({
  evidence,
  correct,
  proportion: Math.round((correct / evidence) * 10_000) / 10_000,
  status,
  ruleVersion: 7,
});

describe('mastery per learner × competency', () => {
  it('follows the rule, scored answers only, retries included, 3 of 5 at 0.6 mastered', async () => {
    const res = await get('/mastery').expect(200);
    const byName = Object.fromEntries(res.body.learners.map((l: { name: string }) => [l.name, l]));
    expect(byName.Amal.competencies).toEqual({
      C01: cell(3, 3, 'mastered'),
      C02: cell(2, 1, 'not-mastered'),
    });
    expect(byName.Bruno.competencies).toEqual({
      C01: cell(3, 1, 'not-mastered'),
      C02: cell(3, 2, 'mastered'),
    });
    expect(byName.Chen.competencies).toEqual({ C01: cell(2, 2, 'mastered'), C02: cell(2, 2, 'mastered') });
    expect(byName.Dara.competencies).toEqual({
      C01: cell(1, 0, 'insufficient-evidence'),
      C02: cell(1, 0, 'insufficient-evidence'),
    });
    expect(byName.Eli.competencies).toEqual({ C01: cell(5, 3, 'mastered'), C02: cell(2, 0, 'not-mastered') });
    expect(byName.Amal).toMatchObject({ learner: learnerIfi(A), cohort: 'X' });
    expect(byName.Dara.cohort).toBe('');
    expect(res.body.rule).toEqual({ ruleVersion: 7, masteryThreshold: 0.6, minimumEvidence: 2 });
    expect(res.body.next).toBeNull();
  });

  it('pages learners with a cursor and filters by cohort and competency', async () => {
    const first = await get('/mastery?limit=2').expect(200);
    expect(first.body.learners).toHaveLength(2);
    const second = await get(`/mastery?limit=2&cursor=${first.body.next}`).expect(200);
    const third = await get(`/mastery?limit=2&cursor=${second.body.next}`).expect(200);
    expect(third.body.next).toBeNull();
    const names = [...first.body.learners, ...second.body.learners, ...third.body.learners].map(
      (l) => l.name,
    );
    expect(names.sort()).toEqual(['Amal', 'Bruno', 'Chen', 'Dara', 'Eli']);

    const y = await get('/mastery?cohort=Y&competency=C02').expect(200);
    expect(y.body.learners.map((l: { name: string }) => l.name).sort()).toEqual(['Chen', 'Eli']);
    for (const l of y.body.learners) expect(Object.keys(l.competencies)).toEqual(['C02']);
  });

  it('judges only the answers of a period or a module when filtered', async () => {
    // Everything happened on 2025-03-01; a period that holds all of it gives the same values.
    const all = await get('/mastery?since=2025-03-01&until=2025-03-02').expect(200);
    const plain = await get('/mastery').expect(200);
    expect(all.body.learners).toEqual(plain.body.learners);
    const none = await get('/mastery?since=2025-04-01').expect(200);
    expect(none.body.learners).toEqual([]);
    const pre = await get(`/mastery?module=${encodeURIComponent(PRE)}`).expect(200);
    // Only Chen has a statement in the pre-assessment, and its only item is diagnostic.
    expect(pre.body.learners).toEqual([expect.objectContaining({ name: 'Chen', competencies: {} })]);
  });
});

describe('cohort comparison', () => {
  it('counts mastery per cohort and competency and the funnel per cohort and module', async () => {
    const res = await get('/cohorts').expect(200);
    const by = Object.fromEntries(res.body.cohorts.map((c: { cohort: string }) => [c.cohort, c]));
    expect(Object.keys(by).sort()).toEqual(['', 'X', 'Y']);
    expect(by.X).toMatchObject({ learners: 2, statements: 20 });
    expect(by.X.competencies.C01).toEqual({
      learners: 2,
      mastered: 1,
      notMastered: 1,
      insufficient: 0,
      evidence: 6,
      correct: 4,
      masteredShare: 0.5,
      proportion: 0.6667,
    });
    expect(by.Y.competencies.C01).toMatchObject({ learners: 2, mastered: 2, evidence: 7, correct: 5 });
    expect(by.Y.competencies.C02).toMatchObject({
      learners: 2,
      mastered: 1,
      notMastered: 1,
      evidence: 4,
      correct: 2,
    });
    expect(by[''].competencies.C02).toMatchObject({ learners: 1, insufficient: 1, evidence: 1, correct: 0 });
    expect(by.X.modules[M1]).toEqual({
      launched: 2,
      completed: 2,
      passed: 1,
      failed: 1,
      resumed: 1,
      sessions: 3,
      timeSpentMs: 1_050_000,
    });
    expect(by.Y.modules[PRE]).toEqual({
      launched: 1,
      completed: 0,
      passed: 0,
      failed: 0,
      resumed: 0,
      sessions: 0,
      timeSpentMs: 0,
    });
  });

  it('gives the same numbers when computed from the facts of a period that holds everything', async () => {
    const stored = await get('/cohorts').expect(200);
    const facts = await get('/cohorts?since=2000-01-01').expect(200);
    expect(facts.body.cohorts).toEqual(stored.body.cohorts);
  });
});

describe('module funnel', () => {
  it('launched → completed → passed, with failures, resumptions and time spent', async () => {
    const res = await get('/modules').expect(200);
    expect(res.body.modules.map((m: { module: string }) => m.module)).toEqual([PRE, M1]);
    expect(res.body.modules[1]).toEqual({
      module: M1,
      title: 'Module 1: Basics',
      kind: 'module',
      launched: 5,
      completed: 3,
      passed: 2,
      failed: 1,
      resumed: 1,
      sessions: 5,
      timeSpentMs: 2_310_000,
      meanTimeSpentMs: 462_000,
    });
    const y = await get('/modules?cohort=Y').expect(200);
    expect(y.body.modules.find((m: { module: string }) => m.module === M1)).toMatchObject({
      launched: 2,
      completed: 1,
      passed: 1,
      timeSpentMs: 1_200_000,
    });
    expect((await get('/modules?since=2000-01-01').expect(200)).body).toEqual({
      ...res.body,
      filters: { since: '2000-01-01T00:00:00.000Z' },
    });
  });
});

describe('item analysis', () => {
  it('gives attempts, difficulty, point-biserial discrimination and first-response counts', async () => {
    const res = await get('/items').expect(200);
    const by = Object.fromEntries(res.body.items.map((i: { item: string }) => [i.item.split('/').pop(), i]));
    expect(by.q1).toMatchObject({
      label: 'Item q1',
      module: M1,
      kind: 'scored',
      interactionType: 'choice',
      competencies: ['C01'],
      attempts: 8,
      correct: 6,
      learners: 5,
      firstCorrect: 3,
      difficulty: 0.6,
      discrimination: 0.3273,
      flags: [],
    });
    expect(by.q1.responses).toEqual([
      { value: 'a', label: 'q1 choice a', learners: 3, correct: true },
      { value: 'b', label: 'q1 choice b', learners: 1, correct: false },
      { value: 'c', label: 'q1 choice c', learners: 1, correct: false },
    ]);
    expect(by.q2).toMatchObject({
      attempts: 6,
      correct: 3,
      learners: 4,
      difficulty: 0.5,
      discrimination: 0.5774,
    });
    expect(by.q2.responses.map((r: { learners: number }) => r.learners)).toEqual([1, 2, 1]);
    expect(by.q3).toMatchObject({ attempts: 4, correct: 2, learners: 4, difficulty: 0.5, discrimination: 0 });
    expect(by.q3.responses).toEqual([
      { value: 'false', label: 'false', learners: 2, correct: false },
      { value: 'true', label: 'true', learners: 2, correct: true },
    ]);
    expect(by.p1).toMatchObject({ kind: 'practice', learners: 1, difficulty: 0, discrimination: null });
    expect(by.d1).toMatchObject({ kind: 'diagnostic', module: PRE, learners: 1, discrimination: null });
  });

  it('filters by module, kind and competency, and computes a cohort or a period from its rows', async () => {
    const scored = await get(`/items?module=${encodeURIComponent(M1)}&kind=scored&competency=C02`).expect(
      200,
    );
    expect(scored.body.items.map((i: { item: string }) => i.item)).toEqual([ITEM('q2'), ITEM('q3')]);
    const all = await get('/items').expect(200);
    const period = await get('/items?since=2000-01-01').expect(200);
    expect(period.body.items).toEqual(all.body.items);
    // Cohort X (A, B): q1 x/y: A (1,1) B (0,1) → no variance in y → null; difficulty 1/2.
    const x = await get('/items?cohort=X').expect(200);
    const q1 = x.body.items.find((i: { item: string }) => i.item === ITEM('q1'));
    expect(q1).toMatchObject({ learners: 2, attempts: 3, correct: 2, difficulty: 0.5, discrimination: null });
  });
});

describe('learner drill-down', () => {
  it('lists a learner’s values and modules', async () => {
    const res = await get(`/learner?learner=${encodeURIComponent(learnerIfi(B))}`).expect(200);
    expect(res.body).toMatchObject({ name: 'Bruno', cohort: 'X', statements: 10 });
    expect(res.body.competencies.C02).toEqual(cell(3, 2, 'mastered'));
    expect(res.body.modules).toEqual([
      expect.objectContaining({
        module: M1,
        sessions: 2,
        completed: true,
        passed: false,
        failed: true,
        bestScore: 0.5,
        timeSpentMs: 450_000,
      }),
    ]);
    await get(`/learner?learner=${encodeURIComponent('mbox:mailto:nobody@example.org')}`).expect(404);
  });

  it('shows the statements behind a value, practice answers marked as not counted', async () => {
    const res = await get(`/evidence?learner=${encodeURIComponent(learnerIfi(A))}&competency=C01`).expect(
      200,
    );
    expect(res.body.value).toEqual(cell(3, 3, 'mastered'));
    expect(
      res.body.answers.map((a: { item: string; counted: boolean; success: boolean }) => [
        a.item.split('/').pop(),
        a.counted,
        a.success,
      ]),
    ).toEqual([
      ['p1', false, false],
      ['q1', true, true],
      ['q2', true, true],
      ['q1', true, true],
    ]);
    const statement = res.body.answers[1].statement;
    expect(statement).toMatchObject({
      id: res.body.answers[1].statementId,
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
    });
  });
});

describe('access', () => {
  it('needs credentials with a read scope', async () => {
    await request(lrs.app).get('/analytics/v1/overview').expect(401);
    await get('/overview', lrs.auth.write).expect(403);
    await get('/overview', lrs.auth.mine).expect(403);
    for (const auth of [lrs.auth.analytics, lrs.auth.read, lrs.auth.allRead, lrs.auth.all])
      await get('/overview', auth).expect(200);
  });

  it('rejects unknown or malformed parameters with the error body', async () => {
    const res = await get('/mastery?competency=C14').expect(400);
    expect(res.body).toMatchObject({ code: 'LRS_INVALID_PARAMETER', issues: [{ path: ['competency'] }] });
    await get('/mastery?since=yesterday').expect(400);
    await get('/mastery?limit=0').expect(400);
    await get('/cohorts?colour=blue').expect(400);
    await get('/items?since=2025-03-02&until=2025-03-01').expect(400);
  });

  it('an analytics/read credential cannot read xAPI statements', async () => {
    await request(lrs.app)
      .get('/xapi/statements')
      .set(V2)
      .set('Authorization', lrs.auth.analytics)
      .expect(403);
  });
});

describe('overview', () => {
  it('names the rule, the rule versions in use, the cohorts and the modules in course order', async () => {
    const res = await get('/overview').expect(200);
    expect(res.body).toMatchObject({
      rule: CATALOGUE.rule,
      ruleVersionsInUse: [7],
      catalogue: true,
      learners: 5,
      cohorts: [
        { cohort: '', learners: 1, statements: 4 },
        { cohort: 'X', learners: 2, statements: 20 },
        { cohort: 'Y', learners: 2, statements: 13 },
      ],
    });
    expect(res.body.modules.map((m: { iri: string }) => m.iri)).toEqual(CATALOGUE.modules.map((m) => m.iri));
  });
});

describe('voiding', () => {
  it('takes a voided statement out of every value', async () => {
    // Eli's third q1 answer (correct) is voided: C01 4 answers, 2 correct = 0.5 → not mastered.
    const eli = (
      await get(`/evidence?learner=${encodeURIComponent(learnerIfi(E))}&competency=C01`).expect(200)
    ).body;
    const third = eli.answers[2].statementId;
    await postStatements(lrs, {
      actor: { mbox: 'mailto:admin@example.org' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { en: 'voided' } },
      object: { objectType: 'StatementRef', id: third },
    }).expect(200);
    const mastery = await get('/mastery?cohort=Y').expect(200);
    const e = mastery.body.learners.find((l: { name: string }) => l.name === 'Eli');
    expect(e.competencies.C01).toEqual(cell(4, 2, 'not-mastered'));
    const cohorts = await get('/cohorts?cohort=Y').expect(200);
    expect(cohorts.body.cohorts[0].competencies.C01).toMatchObject({
      mastered: 1,
      notMastered: 1,
      evidence: 6,
      correct: 4,
    });
    const items = await get(`/items?module=${encodeURIComponent(M1)}`).expect(200);
    expect(items.body.items.find((i: { item: string }) => i.item === ITEM('q1'))).toMatchObject({
      attempts: 7,
      correct: 5,
      learners: 5,
      firstCorrect: 3,
    });
    const evidence = await get(
      `/evidence?learner=${encodeURIComponent(learnerIfi(E))}&competency=C01`,
    ).expect(200);
    expect(evidence.body.answers.map((a: { statementId: string }) => a.statementId)).not.toContain(third);
  });
});

// Keep the fixture's builders referenced for readers jumping here from the fixture.
void [C, D, S];
