import type { AnalyticsCatalogue } from '../service/analytics/catalogue.js';
import { extractFact, type Fact } from '../service/analytics/facts.js';
import {
  addContributions,
  cloneState,
  contributions,
  emptyState,
  foldFact,
  POPULATION_TABLES,
  type Contribution,
  type LearnerItemRow,
  type LearnerModuleRow,
  type LearnerRow,
  type LearnerState,
  type MasteryRow,
  type Scope,
  type StoredFact,
} from '../service/analytics/fold.js';
import {
  ANALYTICS_TABLES,
  deleteKeys,
  FACTS,
  insertRows,
  LEARNER_ITEMS,
  LEARNER_MODULES,
  LEARNERS,
  MASTERY,
  rowFromDb,
  selectList,
  type TableSpec,
} from './analytics-tables.js';
import type { Db, DbTx } from './db.js';
import type { ReadModelWriter, StatementChange } from './statement-store.js';

/** Advisory lock of the one projector that folds the queue at a time ("ANLY", 0). */
const LOCK_SPACE = 0x414e4c59;

const json = (v: unknown) => JSON.stringify(v);
const inList = (n: number) => `(SELECT jsonb_array_elements_text($${n}::jsonb))`;

function group<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const g = out.get(k);
    if (g) g.push(t);
    else out.set(k, [t]);
  }
  return out;
}

async function selectByLearners<T>(tx: DbTx, spec: TableSpec, learners: string[]): Promise<T[]> {
  if (learners.length === 0) return [];
  const rows = await tx.query(`SELECT ${selectList(spec)} FROM ${spec.table} WHERE learner IN ${inList(1)}`, [
    json(learners),
  ]);
  return rows.map((r) => rowFromDb<T>(spec, r));
}

/** Rows whose (learner, second key column) is one of `pairs`. */
async function selectByPairs<T>(tx: DbTx, spec: TableSpec, column: string, pairs: string[][]): Promise<T[]> {
  if (pairs.length === 0) return [];
  const rows = await tx.query(
    `SELECT ${selectList(spec, 't')} FROM ${spec.table} t
     JOIN (SELECT r->>0 AS learner, r->>1 AS k FROM jsonb_array_elements($1::jsonb) AS e(r)) d
       ON t.learner = d.learner AND t.${column} = d.k`,
    [json(pairs)],
  );
  return rows.map((r) => rowFromDb<T>(spec, r));
}

function stateOf(states: Map<string, LearnerState>, learner: string): LearnerState {
  let s = states.get(learner);
  if (!s) states.set(learner, (s = emptyState()));
  return s;
}

function putRows(
  states: Map<string, LearnerState>,
  learners: LearnerRow[],
  mastery: MasteryRow[],
  items: LearnerItemRow[],
  modules: LearnerModuleRow[],
): void {
  for (const r of learners) stateOf(states, r.learner).learner = r;
  for (const r of mastery) stateOf(states, r.learner).mastery.set(r.competency, r);
  for (const r of items) stateOf(states, r.learner).items.set(r.item, r);
  for (const r of modules) stateOf(states, r.learner).modules.set(r.module, r);
}

/** The learner-level rows to upsert and the keys to delete, from a learner's rows before and after. */
function rowChanges<T extends object>(
  before: Map<string, T>,
  after: Map<string, T>,
  key: (t: T) => string[],
) {
  const upserts: T[] = [];
  const deletes: string[][] = [];
  for (const [k, row] of after) if (json(before.get(k)) !== json(row)) upserts.push(row);
  for (const [k, row] of before) if (!after.has(k)) deletes.push(key(row));
  return { upserts, deletes };
}

/**
 * The read model's writer and rebuilder (tables of 003_analytics.sql). `apply` runs inside the
 * transaction that stores the statements (see `StatementStore`); `rebuild` recomputes everything
 * from the stored statements in one transaction.
 */
export class AnalyticsStore implements ReadModelWriter {
  constructor(private readonly catalogue: AnalyticsCatalogue) {}

  /**
   * Queues, in the statements' transaction, what a write changed for the read model: the facts of
   * its new statements and the ids it voided. `drain` folds the queue:
   * 1. the facts of removed statements are deleted, those of added ones inserted;
   * 2. the rows of each learner concerned are read and the new facts folded onto them, or, after
   *    a removal, the learner is folded again from all their remaining facts;
   * 3. the changed learner rows are written, and the population tables get the difference between
   *    what the learner contributed before and after.
   */
  async apply(tx: DbTx, change: StatementChange): Promise<boolean> {
    const facts = change.added
      .map((a) => extractFact(a.payload, a.seq, this.catalogue))
      .filter((f): f is Fact => f !== null);
    if (facts.length === 0 && change.removed.length === 0) return false;
    await tx.query('INSERT INTO analytics_pending (facts, removed) VALUES ($1::jsonb, $2::jsonb)', [
      json(facts),
      json(change.removed),
    ]);
    return true;
  }

  /**
   * Folds what writers queued (analytics_pending), oldest first, up to `chunk` writes per
   * transaction, until the queue is empty; returns how many writes it folded. One projector at a
   * time (a transaction-level advisory lock), so that with several LRS processes on one database a
   * voiding is never folded before the statement it voids. A statement added and voided within one
   * chunk is left out.
   */
  async drain(db: Db, chunk = 200): Promise<number> {
    let folded = 0;
    for (;;) {
      const n = await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SPACE]);
        const rows = await tx.query<{ id: string; facts: string; removed: string }>(
          `SELECT id::text AS id, facts::text AS facts, removed::text AS removed FROM analytics_pending
           ORDER BY id LIMIT ${chunk}`,
        );
        if (rows.length === 0) return 0;
        const removed = rows.flatMap((r) => JSON.parse(r.removed) as string[]);
        const gone = new Set(removed);
        const facts = rows
          .flatMap((r) => JSON.parse(r.facts) as Fact[])
          .filter((f) => !gone.has(f.statementId));
        await this.fold(tx, facts, removed);
        // By id, not by range: a lower id still uncommitted when it was read is folded next time.
        await tx.query(
          'DELETE FROM analytics_pending WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)',
          [json(rows.map((r) => r.id))],
        );
        return rows.length;
      });
      if (n === 0) return folded;
      folded += n;
    }
  }

  /** Folds facts of new statements and the removal of voided ones into the read model. */
  private async fold(tx: DbTx, facts: Fact[], removed: string[]): Promise<void> {
    let removedLearners: string[] = [];
    if (removed.length > 0) {
      const rows = await tx.query<{ learner: string }>(
        `SELECT DISTINCT learner FROM analytics_statements WHERE statement_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
        [json(removed)],
      );
      removedLearners = rows.map((r) => r.learner);
    }
    if (facts.length === 0 && removedLearners.length === 0) return;
    const learners = [...new Set([...facts.map((f) => f.learner), ...removedLearners])];
    // No per-learner locks: `drain` holds the projector's lock, and `rebuild` locks the tables.

    if (removedLearners.length > 0) {
      await tx.query(
        `DELETE FROM analytics_statements WHERE statement_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
        [json(removed)],
      );
    }
    await insertRows(tx, FACTS, facts);
    const stored = facts.map(storedForm);
    const full = new Set(removedLearners);
    const added = group(stored, (f) => f.learner);
    const partial = learners.filter((l) => !full.has(l));

    const before = new Map<string, LearnerState>();
    const scopes = new Map<string, Scope>();
    await this.loadPartial(tx, partial, added, before, scopes);
    await this.loadFull(tx, [...full], before);

    const after = new Map<string, LearnerState>();
    for (const learner of partial) {
      const state = cloneState(stateOf(before, learner));
      for (const f of added.get(learner) ?? []) foldFact(state, f, this.catalogue.rule);
      after.set(learner, state);
    }
    const remaining = group(
      (
        await tx.query(
          `SELECT ${selectList(FACTS)} FROM analytics_statements WHERE learner IN ${inList(1)} ORDER BY seq`,
          [json([...full])],
        )
      ).map((r) => rowFromDb<StoredFact>(FACTS, r)),
      (f) => f.learner,
    );
    for (const learner of full) {
      const state = emptyState();
      for (const f of remaining.get(learner) ?? []) foldFact(state, f, this.catalogue.rule);
      after.set(learner, state);
    }
    await this.widenOnCohortChange(tx, partial, before, after, scopes);

    const delta = new Map<string, Contribution>();
    for (const learner of learners) {
      const scope = scopes.get(learner) ?? {};
      addContributions(delta, contributions(stateOf(before, learner), scope), -1);
      addContributions(delta, contributions(after.get(learner)!, scope), 1);
    }
    await this.writeLearnerRows(tx, learners, before, after);
    await writePopulation(tx, [...delta.values()], this.catalogue);
  }

  /** The rows a batch touches for learners who only gain statements; records what the batch changes. */
  private async loadPartial(
    tx: DbTx,
    learners: string[],
    added: Map<string, StoredFact[]>,
    into: Map<string, LearnerState>,
    scopes: Map<string, Scope>,
  ): Promise<void> {
    if (learners.length === 0) return;
    const pairs = { competencies: [] as string[][], modules: [] as string[][], items: [] as string[][] };
    for (const learner of learners) {
      const scope: Scope = { competencies: new Set(), modules: new Set(), itemModules: new Set() };
      for (const f of added.get(learner) ?? []) {
        if (f.module) scope.modules!.add(f.module);
        if (f.verb !== 'answered') continue;
        f.competencies.forEach((c) => scope.competencies!.add(c));
        scope.itemModules!.add(f.module);
        pairs.items.push([learner, f.activity]);
      }
      scopes.set(learner, scope);
      scope.competencies!.forEach((c) => pairs.competencies.push([learner, c]));
      scope.modules!.forEach((m) => pairs.modules.push([learner, m]));
    }
    const itemModulePairs = learners.flatMap((l) => [...scopes.get(l)!.itemModules!].map((m) => [l, m]));
    const items = await selectByPairs<LearnerItemRow>(tx, LEARNER_ITEMS, 'module', itemModulePairs);
    // A touched item whose row is labelled with another module (its first statement named another
    // parent): its module's rows are needed too, since rest scores are counted per module.
    const found = new Set(items.map((r) => `${r.learner}\n${r.item}`));
    const missing = pairs.items.filter(([l, i]) => !found.has(`${l}\n${i}`));
    const elsewhere = await selectByPairs<LearnerItemRow>(tx, LEARNER_ITEMS, 'item', missing);
    const extraModules = elsewhere.map((r) => [r.learner, r.module]);
    for (const [l, m] of extraModules) scopes.get(l!)!.itemModules!.add(m!);
    const extra = await selectByPairs<LearnerItemRow>(tx, LEARNER_ITEMS, 'module', extraModules);
    putRows(
      into,
      await selectByLearners<LearnerRow>(tx, LEARNERS, learners),
      await selectByPairs<MasteryRow>(tx, MASTERY, 'competency', pairs.competencies),
      [...items, ...extra],
      await selectByPairs<LearnerModuleRow>(tx, LEARNER_MODULES, 'module', pairs.modules),
    );
  }

  /** Every row of these learners. */
  private async loadFull(tx: DbTx, learners: string[], into: Map<string, LearnerState>): Promise<void> {
    if (learners.length === 0) return;
    putRows(
      into,
      await selectByLearners<LearnerRow>(tx, LEARNERS, learners),
      await selectByLearners<MasteryRow>(tx, MASTERY, learners),
      await selectByLearners<LearnerItemRow>(tx, LEARNER_ITEMS, learners),
      await selectByLearners<LearnerModuleRow>(tx, LEARNER_MODULES, learners),
    );
  }

  /**
   * A learner whose cohort changed (their first statement with a cohort arrived, or was voided)
   * moves all their mastery values and module rows to the new cohort: load the rows the batch did
   * not touch, identical before and after, and widen the scope to them.
   */
  private async widenOnCohortChange(
    tx: DbTx,
    partial: string[],
    before: Map<string, LearnerState>,
    after: Map<string, LearnerState>,
    scopes: Map<string, Scope>,
  ): Promise<void> {
    const moved = partial.filter((l) => {
      const b = before.get(l)?.learner;
      return b && b.cohort !== after.get(l)!.learner!.cohort;
    });
    if (moved.length === 0) return;
    const mastery = await selectByLearners<MasteryRow>(tx, MASTERY, moved);
    const modules = await selectByLearners<LearnerModuleRow>(tx, LEARNER_MODULES, moved);
    // Rows already loaded (touched) or created by this batch are in place; the others are the same
    // before and after.
    for (const r of mastery) {
      const [b, a] = [stateOf(before, r.learner), stateOf(after, r.learner)];
      if (b.mastery.has(r.competency) || a.mastery.has(r.competency)) continue;
      b.mastery.set(r.competency, { ...r });
      a.mastery.set(r.competency, { ...r });
    }
    for (const r of modules) {
      const [b, a] = [stateOf(before, r.learner), stateOf(after, r.learner)];
      if (b.modules.has(r.module) || a.modules.has(r.module)) continue;
      b.modules.set(r.module, { ...r });
      a.modules.set(r.module, { ...r });
    }
    for (const l of moved) {
      const scope = scopes.get(l)!;
      delete scope.competencies;
      delete scope.modules;
    }
  }

  private async writeLearnerRows(
    tx: DbTx,
    learners: string[],
    before: Map<string, LearnerState>,
    after: Map<string, LearnerState>,
  ): Promise<void> {
    const learnerRows = rowChanges(
      new Map(learners.flatMap((l) => (before.get(l)?.learner ? [[l, before.get(l)!.learner!]] : []))),
      new Map(learners.flatMap((l) => (after.get(l)?.learner ? [[l, after.get(l)!.learner!]] : []))),
      (r) => [r.learner],
    );
    const changes = <T extends object>(
      part: (s: LearnerState) => Map<string, T>,
      key: (t: T) => string[],
    ) => {
      const upserts: T[] = [];
      const deletes: string[][] = [];
      for (const l of learners) {
        const c = rowChanges(part(before.get(l) ?? emptyState()), part(after.get(l)!), key);
        upserts.push(...c.upserts);
        deletes.push(...c.deletes);
      }
      return { upserts, deletes };
    };
    const mastery = changes(
      (s) => s.mastery,
      (r) => [r.learner, r.competency],
    );
    const items = changes(
      (s) => s.items,
      (r) => [r.learner, r.item],
    );
    const modules = changes(
      (s) => s.modules,
      (r) => [r.learner, r.module],
    );
    for (const [spec, c] of [
      [LEARNERS, learnerRows],
      [MASTERY, mastery],
      [LEARNER_ITEMS, items],
      [LEARNER_MODULES, modules],
    ] as const) {
      await deleteKeys(tx, spec, c.deletes);
      await insertRows(tx, spec, c.upserts, { upsert: true });
    }
  }

  /**
   * Recomputes the whole read model from the stored statements, in one transaction that holds the
   * analytics tables exclusively (writers wait; on PostgreSQL readers too). Statements are read in
   * stored order, `chunk` (2,000) at a time; learners are folded 250 at a time.
   */
  async rebuild(
    db: Db,
    options: { onProgress?: (message: string) => void; chunk?: number } = {},
  ): Promise<RebuildReport> {
    const { onProgress, chunk: size = 2000 } = options;
    const started = Date.now();
    return db.transaction(async (tx) => {
      // analytics_pending is among them: writers wait to queue, and what they queued before is
      // in the statements read below, so the queue is emptied with the rest.
      await tx.exec(`LOCK TABLE ${ANALYTICS_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      await tx.exec(`TRUNCATE ${ANALYTICS_TABLES.join(', ')}`);
      let statements = 0;
      let facts = 0;
      let cursor: { stored: string; seq: string } | null = null;
      for (;;) {
        // Aliases differ from the column names: ORDER BY would otherwise sort by the text forms.
        const rows: { stored_text: string; seq_text: string; json: string }[] = await tx.query(
          `SELECT s.stored::text AS stored_text, s.seq::text AS seq_text, s.payload::text AS json FROM statements s
           WHERE NOT s.voided ${cursor ? 'AND (s.stored, s.seq) > ($1::timestamptz, $2::bigint)' : ''}
           ORDER BY s.stored, s.seq LIMIT ${size}`,
          cursor ? [cursor.stored, cursor.seq] : [],
        );
        if (rows.length === 0) break;
        const batch = rows
          .map((r) => extractFact(JSON.parse(r.json) as Record<string, unknown>, r.seq_text, this.catalogue))
          .filter((f): f is Fact => f !== null);
        await insertRows(tx, FACTS, batch);
        statements += rows.length;
        facts += batch.length;
        const last = rows.at(-1)!;
        cursor = { stored: last.stored_text, seq: last.seq_text };
        onProgress?.(`${statements} statements read, ${facts} in the course profile`);
      }
      const learners = (
        await tx.query<{ learner: string }>(
          'SELECT DISTINCT learner FROM analytics_statements ORDER BY learner',
        )
      ).map((r) => r.learner);
      const totals = new Map<string, Contribution>();
      for (let i = 0; i < learners.length; i += 250) {
        const chunk = learners.slice(i, i + 250);
        const rows = await tx.query(
          `SELECT ${selectList(FACTS)} FROM analytics_statements WHERE learner IN ${inList(1)} ORDER BY learner, seq`,
          [json(chunk)],
        );
        const states = new Map<string, LearnerState>();
        for (const f of rows.map((r) => rowFromDb<StoredFact>(FACTS, r)))
          foldFact(stateOf(states, f.learner), f, this.catalogue.rule);
        const all = [...states.values()];
        await insertRows(
          tx,
          LEARNERS,
          all.map((s) => s.learner!),
        );
        await insertRows(
          tx,
          MASTERY,
          all.flatMap((s) => [...s.mastery.values()]),
        );
        await insertRows(
          tx,
          LEARNER_ITEMS,
          all.flatMap((s) => [...s.items.values()]),
        );
        await insertRows(
          tx,
          LEARNER_MODULES,
          all.flatMap((s) => [...s.modules.values()]),
        );
        for (const s of all) addContributions(totals, contributions(s));
        onProgress?.(`${Math.min(i + 250, learners.length)} of ${learners.length} learners folded`);
      }
      await writePopulation(tx, [...totals.values()], this.catalogue);
      return { statements, facts, learners: learners.length, ms: Date.now() - started };
    });
  }
}

/**
 * A fact as it reads back from the table, without reading it back: `at` comes from
 * `Date.toISOString` (milliseconds), which the table returns with microseconds.
 */
function storedForm(f: Fact): StoredFact {
  return { ...f, seq: Number(f.seq), at: `${f.at.slice(0, 23)}000Z` };
}

export interface RebuildReport {
  /** Non-voided statements read. */
  statements: number;
  /** Of them, statements of the course's xAPI profile. */
  facts: number;
  learners: number;
  ms: number;
}

/**
 * Adds contributions to the population tables (creating rows as needed) and deletes the rows that
 * no learner contributes to any more. Rows are written in key order (a fixed lock order).
 */
async function writePopulation(tx: DbTx, list: Contribution[], catalogue: AnalyticsCatalogue): Promise<void> {
  const byTable = group(
    list.filter((c) => c.counts.some((n) => n !== 0)),
    (c) => c.table,
  );
  for (const [table, entries] of byTable) {
    const spec = POPULATION_TABLES[table as Contribution['table']];
    const name = `analytics_${table}`;
    entries.sort((a, b) => (json(a.key) < json(b.key) ? -1 : 1));
    const rows = entries.map((c) => {
      let labels = c.labels ?? [];
      const listed = table === 'items' ? catalogue.items.get(c.key[0]!) : undefined;
      if (listed) labels = [listed.module, listed.kind, listed.interactionType, listed.competencies];
      return { k: c.key, c: c.counts, l: labels };
    });
    const cols = [...spec.keys, ...spec.labels, ...spec.counts];
    const values = [
      ...spec.keys.map((_, i) => `r->'k'->>${i}`),
      ...spec.labels.map((l, i) =>
        l === 'competencies' ? `ARRAY(SELECT jsonb_array_elements_text(r->'l'->${i}))` : `r->'l'->>${i}`,
      ),
      ...spec.counts.map((_, i) => `(r->'c'->>${i})::bigint`),
    ];
    await tx.query(
      `INSERT INTO ${name} (${cols.join(', ')})
       SELECT ${values.join(', ')} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, o) ORDER BY o
       ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET
       ${spec.counts.map((c) => `${c} = ${name}.${c} + EXCLUDED.${c}`).join(', ')}`,
      [json(rows)],
    );
    const keyCols = spec.keys.map((k, i) => `r->>${i} AS ${k}`).join(', ');
    await tx.query(
      `DELETE FROM ${name} t USING (SELECT ${keyCols} FROM jsonb_array_elements($1::jsonb) AS e(r)) d
       WHERE ${spec.keys.map((k) => `t.${k} = d.${k}`).join(' AND ')} AND t.learners <= 0`,
      [json(entries.map((e) => e.key))],
    );
  }
}

/**
 * Keeps the read model caught up in one LRS process: `schedule` after a write (folds soon, in the
 * background), `drain` before a read (folds everything queued so far, then resolves). Drains run
 * one after another; `close` waits for the running one.
 */
export class AnalyticsProjector {
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly store: AnalyticsStore,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly delayMs = 20,
  ) {}

  /** Folds everything queued before this call; rejects when folding fails. */
  drain(): Promise<number> {
    const run = this.tail.then(() => this.store.drain(this.db));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Folds soon, in the background (coalesces calls made meanwhile). */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.drain().catch(this.onError);
    }, this.delayMs);
    this.timer.unref();
  }

  /** Stops scheduling and waits for a running fold; what is still queued is folded by the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tail;
  }
}
