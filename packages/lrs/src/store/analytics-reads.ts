import {
  FACTS,
  LEARNER_MODULES,
  LEARNERS,
  MASTERY,
  rowFromDb,
  selectList,
  tsText,
} from './analytics-tables.js';
import type { LearnerModuleRow, LearnerRow, MasteryRow, StoredFact } from '../service/analytics/fold.js';
import type { Db } from './db.js';

/**
 * The read side of the analytics read model. Every report has two paths:
 * - without a time range (and, for mastery, without a module), it reads the maintained tables:
 *   the population tables (a few rows per cohort, module, competency or item) or one page of
 *   learner rows, so its cost does not grow with the number of statements;
 * - with a time range (`since`/`until`, on the statements' timestamps) it aggregates the facts of
 *   that period (index on `analytics_statements.at`), so it costs what the period holds.
 * Item analysis for one cohort sums that cohort's learner × item rows.
 */
export interface ReadFilters {
  cohort?: string;
  learner?: string;
  module?: string;
  competency?: string;
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
  kind?: string;
}

export const timeFiltered = (f: ReadFilters) => f.since !== undefined || f.until !== undefined;

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const COUNTED = `s.verb = 'answered' AND s.item_kind IN ('scored', 'unlisted') AND s.success IS NOT NULL`;

/** WHERE conditions on facts `s` for the filters (the cohort through the learner's row). */
function factConditions(f: ReadFilters, p: Params, skip: { module?: boolean } = {}): string[] {
  const out: string[] = [];
  if (f.since !== undefined) out.push(`s.at >= ${p.add(f.since)}::timestamptz`);
  if (f.until !== undefined) out.push(`s.at < ${p.add(f.until)}::timestamptz`);
  if (f.learner !== undefined) out.push(`s.learner = ${p.add(f.learner)}`);
  if (f.module !== undefined && !skip.module) out.push(`s.module = ${p.add(f.module)}`);
  if (f.cohort !== undefined)
    out.push(`s.learner IN (SELECT learner FROM analytics_learners WHERE cohort = ${p.add(f.cohort)})`);
  return out;
}

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface CountsRow {
  learner: string;
  competency: string;
  evidence: number;
  correct: number;
}

export interface CohortRows {
  cohorts: { cohort: string; learners: number; statements: number }[];
  /** Without a time range: population counts; with one: per learner (`perLearner`), judged by the caller. */
  competencies: {
    cohort: string;
    competency: string;
    learners: number;
    mastered: number;
    notMastered: number;
    insufficient: number;
    evidence: number;
    correct: number;
  }[];
  perLearner: (CountsRow & { cohort: string })[];
  modules: {
    cohort: string;
    module: string;
    learners: number;
    completed: number;
    passed: number;
    failed: number;
    resumed: number;
    sessions: number;
    durationMs: number;
  }[];
}

export interface ItemRow {
  item: string;
  module: string;
  itemKind: string;
  interactionType: string;
  competencies: string[];
  attempts: number;
  correct: number;
  learners: number;
  firstCorrect: number;
  restSum: number;
  restSqSum: number;
  restCrossSum: number;
}

export interface EvidenceRow {
  statementId: string;
  at: string;
  item: string;
  module: string;
  itemKind: string;
  success: boolean | null;
  response: string | null;
  json: string;
}

export class AnalyticsReads {
  constructor(private readonly db: Db) {}

  /** The rule versions of stored mastery values (a loose index scan: one probe per version). */
  async ruleVersions(): Promise<number[]> {
    const rows = await this.db.query<{ v: unknown }>(
      `WITH RECURSIVE v AS (
         SELECT min(rule_version) AS v FROM analytics_mastery
         UNION ALL
         SELECT (SELECT min(rule_version) FROM analytics_mastery WHERE rule_version > v.v) FROM v WHERE v.v IS NOT NULL)
       SELECT v FROM v WHERE v IS NOT NULL`,
    );
    return rows.map((r) => Number(r.v));
  }

  async cohortList(): Promise<{ cohort: string; learners: number; statements: number }[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      'SELECT cohort, learners, statements FROM analytics_cohorts ORDER BY cohort',
    );
    return rows.map((r) => ({
      cohort: String(r.cohort),
      learners: n(r.learners),
      statements: n(r.statements),
    }));
  }

  /** Modules that have any statement (a small table: cohorts × modules). */
  async moduleList(): Promise<string[]> {
    const rows = await this.db.query<{ module: string }>(
      'SELECT DISTINCT module FROM analytics_cohort_modules ORDER BY module',
    );
    return rows.map((r) => r.module);
  }

  /** One page of learners in learner order (their identifier), after `after`. */
  async learnerPage(f: ReadFilters, limit: number, after?: string): Promise<LearnerRow[]> {
    const p = new Params();
    const c: string[] = [];
    if (f.cohort !== undefined) c.push(`l.cohort = ${p.add(f.cohort)}`);
    if (f.learner !== undefined) c.push(`l.learner = ${p.add(f.learner)}`);
    if (after !== undefined) c.push(`l.learner > ${p.add(after)}`);
    if (f.since !== undefined) c.push(`l.last_at >= ${p.add(f.since)}::timestamptz`);
    if (f.until !== undefined) c.push(`l.first_at < ${p.add(f.until)}::timestamptz`);
    if (f.module !== undefined)
      c.push(
        `EXISTS (SELECT 1 FROM analytics_learner_modules m WHERE m.learner = l.learner AND m.module = ${p.add(f.module)})`,
      );
    const rows = await this.db.query(
      `SELECT ${selectList(LEARNERS, 'l')} FROM analytics_learners l ${where(c)} ORDER BY l.learner LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => rowFromDb<LearnerRow>(LEARNERS, r));
  }

  /** Stored mastery values of these learners. */
  async masteryOf(learners: string[], competency?: string): Promise<MasteryRow[]> {
    if (learners.length === 0) return [];
    const p = new Params();
    const c = [`learner IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(learners))}::jsonb))`];
    if (competency !== undefined) c.push(`competency = ${p.add(competency)}`);
    const rows = await this.db.query(
      `SELECT ${selectList(MASTERY)} FROM analytics_mastery ${where(c)}`,
      p.values,
    );
    return rows.map((r) => rowFromDb<MasteryRow>(MASTERY, r));
  }

  /** Evidence counts of these learners from the facts that pass the filters (time range, module). */
  async evidenceCounts(learners: string[], f: ReadFilters): Promise<CountsRow[]> {
    if (learners.length === 0) return [];
    const p = new Params();
    const c = [
      `s.learner IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(learners))}::jsonb))`,
      COUNTED,
      ...factConditions({ ...f, learner: undefined, cohort: undefined }, p),
    ];
    if (f.competency !== undefined) c.push(`c = ${p.add(f.competency)}`);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT s.learner, c AS competency, count(*) AS evidence, count(*) FILTER (WHERE s.success) AS correct
       FROM analytics_statements s, unnest(s.competencies) AS c ${where(c)} GROUP BY s.learner, c`,
      p.values,
    );
    return rows.map((r) => ({
      learner: String(r.learner),
      competency: String(r.competency),
      evidence: n(r.evidence),
      correct: n(r.correct),
    }));
  }

  /** Cohort comparison data: from the population tables, or from the facts of a period or module. */
  async cohorts(f: ReadFilters): Promise<CohortRows> {
    if (!timeFiltered(f) && f.module === undefined && f.learner === undefined) return this.cohortsStored(f);
    return this.cohortsFromFacts(f);
  }

  private async cohortsStored(f: ReadFilters): Promise<CohortRows> {
    const p = new Params();
    const cohort = f.cohort !== undefined ? `cohort = ${p.add(f.cohort)}` : '';
    const cohorts = await this.db.query<Record<string, unknown>>(
      `SELECT cohort, learners, statements FROM analytics_cohorts ${where(cohort ? [cohort] : [])} ORDER BY cohort`,
      p.values,
    );
    const p2 = new Params();
    const c2 = f.cohort !== undefined ? [`cohort = ${p2.add(f.cohort)}`] : [];
    if (f.competency !== undefined) c2.push(`competency = ${p2.add(f.competency)}`);
    const competencies = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM analytics_cohort_competencies ${where(c2)}`,
      p2.values,
    );
    const p3 = new Params();
    const c3 = f.cohort !== undefined ? [`cohort = ${p3.add(f.cohort)}`] : [];
    const modules = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM analytics_cohort_modules ${where(c3)}`,
      p3.values,
    );
    return {
      cohorts: cohorts.map((r) => ({
        cohort: String(r.cohort),
        learners: n(r.learners),
        statements: n(r.statements),
      })),
      competencies: competencies.map((r) => ({
        cohort: String(r.cohort),
        competency: String(r.competency),
        learners: n(r.learners),
        mastered: n(r.mastered),
        notMastered: n(r.not_mastered),
        insufficient: n(r.insufficient),
        evidence: n(r.evidence),
        correct: n(r.correct),
      })),
      perLearner: [],
      modules: modules.map(moduleRow),
    };
  }

  private async cohortsFromFacts(f: ReadFilters): Promise<CohortRows> {
    const p = new Params();
    const cohorts = await this.db.query<Record<string, unknown>>(
      `SELECT l.cohort, count(DISTINCT s.learner) AS learners, count(*) AS statements
       FROM analytics_statements s JOIN analytics_learners l ON l.learner = s.learner
       ${where(factConditions(f, p))} GROUP BY l.cohort ORDER BY l.cohort`,
      p.values,
    );
    const p2 = new Params();
    const c2 = [COUNTED, ...factConditions(f, p2)];
    if (f.competency !== undefined) c2.push(`c = ${p2.add(f.competency)}`);
    const perLearner = await this.db.query<Record<string, unknown>>(
      `SELECT l.cohort, s.learner, c AS competency, count(*) AS evidence, count(*) FILTER (WHERE s.success) AS correct
       FROM analytics_statements s JOIN analytics_learners l ON l.learner = s.learner, unnest(s.competencies) AS c
       ${where(c2)} GROUP BY l.cohort, s.learner, c`,
      p2.values,
    );
    const modules = await this.moduleRowsFromFacts(f);
    return {
      cohorts: cohorts.map((r) => ({
        cohort: String(r.cohort),
        learners: n(r.learners),
        statements: n(r.statements),
      })),
      competencies: [],
      perLearner: perLearner.map((r) => ({
        cohort: String(r.cohort),
        learner: String(r.learner),
        competency: String(r.competency),
        evidence: n(r.evidence),
        correct: n(r.correct),
      })),
      modules,
    };
  }

  /** Cohort × module funnel counts from the facts that pass the filters. */
  private async moduleRowsFromFacts(f: ReadFilters): Promise<CohortRows['modules']> {
    const p = new Params();
    const rows = await this.db.query<Record<string, unknown>>(
      `WITH lm AS (
         SELECT s.learner, s.module,
                count(*) FILTER (WHERE s.verb = 'initialized') AS sessions,
                bool_or(s.verb = 'completed') AS completed,
                bool_or(s.verb = 'passed') AS passed,
                bool_or(s.verb = 'failed') AS failed,
                coalesce(sum(s.duration_ms) FILTER (WHERE s.verb = 'terminated'), 0) AS duration_ms
         FROM analytics_statements s ${where(["s.module <> ''", ...factConditions(f, p)])}
         GROUP BY s.learner, s.module)
       SELECT l.cohort, lm.module, count(*) AS learners,
              count(*) FILTER (WHERE lm.completed) AS completed,
              count(*) FILTER (WHERE lm.passed) AS passed,
              count(*) FILTER (WHERE lm.failed AND NOT lm.passed) AS failed,
              count(*) FILTER (WHERE lm.sessions > 1) AS resumed,
              sum(lm.sessions) AS sessions, sum(lm.duration_ms) AS duration_ms
       FROM lm JOIN analytics_learners l ON l.learner = lm.learner GROUP BY l.cohort, lm.module`,
      p.values,
    );
    return rows.map(moduleRow);
  }

  /** Funnel rows per cohort × module: the population table, or the facts of a period / learner. */
  async modules(f: ReadFilters): Promise<CohortRows['modules']> {
    if (timeFiltered(f) || f.learner !== undefined) return this.moduleRowsFromFacts(f);
    const p = new Params();
    const c: string[] = [];
    if (f.cohort !== undefined) c.push(`cohort = ${p.add(f.cohort)}`);
    if (f.module !== undefined) c.push(`module = ${p.add(f.module)}`);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM analytics_cohort_modules ${where(c)}`,
      p.values,
    );
    return rows.map(moduleRow);
  }

  /**
   * Item statistics and first-response counts. Without cohort, learner or period: the population
   * tables. Otherwise the same sums over the learner × item rows of a cohort (or learner), or over
   * the facts of a period (the first attempt within it).
   */
  async items(
    f: ReadFilters,
  ): Promise<{ items: ItemRow[]; responses: { item: string; response: string; learners: number }[] }> {
    if (!timeFiltered(f) && f.cohort === undefined && f.learner === undefined) return this.itemsStored(f);
    const p = new Params();
    let li: string;
    if (timeFiltered(f)) {
      li = `SELECT s.learner, s.activity AS item,
              (array_agg(s.module ORDER BY s.seq))[1] AS module,
              (array_agg(s.item_kind ORDER BY s.seq))[1] AS item_kind,
              (array_agg(s.interaction_type ORDER BY s.seq))[1] AS interaction_type,
              count(*) AS attempts, count(*) FILTER (WHERE s.success) AS correct,
              (array_agg(s.success ORDER BY s.seq))[1] AS first_success,
              (array_agg(s.response ORDER BY s.seq))[1] AS first_response
            FROM analytics_statements s ${where(["s.verb = 'answered'", ...factConditions(f, p)])}
            GROUP BY s.learner, s.activity`;
    } else {
      const c: string[] = [];
      if (f.cohort !== undefined) c.push(`l.cohort = ${p.add(f.cohort)}`);
      if (f.learner !== undefined) c.push(`t.learner = ${p.add(f.learner)}`);
      if (f.module !== undefined) c.push(`t.module = ${p.add(f.module)}`);
      li = `SELECT t.learner, t.item, t.module, t.item_kind, t.interaction_type, t.attempts, t.correct,
                   t.first_success, t.first_response
            FROM analytics_learner_items t JOIN analytics_learners l ON l.learner = t.learner ${where(c)}`;
    }
    const out: string[] = [];
    if (f.kind !== undefined) out.push(`x.item_kind = ${p.add(f.kind)}`);
    if (f.module !== undefined && timeFiltered(f)) out.push(`x.module = ${p.add(f.module)}`);
    const items = await this.db.query<Record<string, unknown>>(
      `WITH li AS (${li}),
       x AS (SELECT li.*, CASE WHEN li.first_success THEN 1 ELSE 0 END AS x FROM li),
       t AS (SELECT learner, module, item_kind, sum(x) AS total FROM x GROUP BY learner, module, item_kind)
       SELECT x.item, max(x.module) AS module, max(x.item_kind) AS item_kind, max(x.interaction_type) AS interaction_type,
              sum(x.attempts) AS attempts, sum(x.correct) AS correct, count(*) AS learners, sum(x.x) AS first_correct,
              sum(t.total - x.x) AS rest_sum, sum((t.total - x.x) * (t.total - x.x)) AS rest_sq_sum,
              sum(x.x * (t.total - x.x)) AS rest_cross_sum
       FROM x JOIN t ON t.learner = x.learner AND t.module = x.module AND t.item_kind = x.item_kind
       ${where(out)} GROUP BY x.item ORDER BY x.item`,
      p.values,
    );
    const responses = await this.db.query<Record<string, unknown>>(
      `WITH li AS (${li})
       SELECT li.item, v AS response, count(*) AS learners
       FROM li, unnest(CASE
         WHEN li.first_response IS NULL THEN ARRAY[]::text[]
         WHEN li.interaction_type = 'choice' THEN
           CASE WHEN li.first_response = '' THEN ARRAY[]::text[] ELSE string_to_array(li.first_response, '[,]') END
         ELSE ARRAY[left(li.first_response, 200)] END) AS v
       GROUP BY li.item, v`,
      p.values.slice(0, p.values.length - out.length),
    );
    return {
      items: items.map((r) => ({ ...itemRow(r), competencies: [] })),
      responses: responses.map((r) => ({
        item: String(r.item),
        response: String(r.response),
        learners: n(r.learners),
      })),
    };
  }

  private async itemsStored(f: ReadFilters) {
    const p = new Params();
    const c: string[] = [];
    if (f.module !== undefined) c.push(`module = ${p.add(f.module)}`);
    if (f.kind !== undefined) c.push(`item_kind = ${p.add(f.kind)}`);
    if (f.competency !== undefined) c.push(`${p.add(f.competency)} = ANY(competencies)`);
    const items = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM analytics_items ${where(c)} ORDER BY item`,
      p.values,
    );
    const ids = items.map((r) => String(r.item));
    const responses = ids.length
      ? await this.db.query<Record<string, unknown>>(
          `SELECT item, response, learners FROM analytics_item_responses
           WHERE item IN (SELECT jsonb_array_elements_text($1::jsonb))`,
          [JSON.stringify(ids)],
        )
      : [];
    return {
      items: items.map(itemRow),
      responses: responses.map((r) => ({
        item: String(r.item),
        response: String(r.response),
        learners: n(r.learners),
      })),
    };
  }

  /** Labels of items (module, kind, interaction type, competencies) as the population table has them. */
  async itemLabels(ids: string[]): Promise<Map<string, ItemRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM analytics_items WHERE item IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(ids)],
    );
    return new Map(rows.map((r) => [String(r.item), itemRow(r)]));
  }

  async learner(
    learner: string,
  ): Promise<{ row: LearnerRow | null; mastery: MasteryRow[]; modules: LearnerModuleRow[] }> {
    const [row] = await this.learnerPage({ learner }, 1);
    if (!row) return { row: null, mastery: [], modules: [] };
    const modules = await this.db.query(
      `SELECT ${selectList(LEARNER_MODULES)} FROM analytics_learner_modules WHERE learner = $1 ORDER BY first_at, module`,
      [learner],
    );
    return {
      row,
      mastery: await this.masteryOf([learner]),
      modules: modules.map((r) => rowFromDb<LearnerModuleRow>(LEARNER_MODULES, r)),
    };
  }

  /** The answered statements of a learner tagged with a competency (at most 1,000), oldest first. */
  async evidence(learner: string, competency: string, f: ReadFilters): Promise<EvidenceRow[]> {
    const p = new Params();
    const c = [
      `s.learner = ${p.add(learner)}`,
      `s.verb = 'answered'`,
      `${p.add(competency)} = ANY(s.competencies)`,
      ...factConditions({ since: f.since, until: f.until, module: f.module }, p),
    ];
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT s.statement_id::text AS statement_id, ${tsText('s.at')} AS at, s.activity, s.module, s.item_kind,
              s.success, s.response, st.payload::text AS json
       FROM analytics_statements s JOIN statements st ON st.id = s.statement_id
       ${where(c)} ORDER BY s.seq LIMIT 1000`,
      p.values,
    );
    return rows.map((r) => ({
      statementId: String(r.statement_id),
      at: String(r.at),
      item: String(r.activity),
      module: String(r.module),
      itemKind: String(r.item_kind),
      success: r.success === null ? null : Boolean(r.success),
      response: r.response === null ? null : String(r.response),
      json: String(r.json),
    }));
  }

  /** The facts of one learner, oldest first (tests and drill-down). */
  async factsOf(learner: string): Promise<StoredFact[]> {
    const rows = await this.db.query(
      `SELECT ${selectList(FACTS)} FROM analytics_statements WHERE learner = $1 ORDER BY seq`,
      [learner],
    );
    return rows.map((r) => rowFromDb<StoredFact>(FACTS, r));
  }

  /**
   * One page of raw statements (not voided) in stored order for the flattened CSV export, after
   * the (stored, seq) position `after`. Filters: `since`/`until` on `stored`, learner (the actor),
   * cohort (the actor's cohort), module (any statement that names the activity), verb.
   */
  async statementsPage(
    f: ReadFilters & { verb?: string },
    limit: number,
    after?: { stored: string; seq: string },
  ): Promise<{ json: string; stored: string; seq: string }[]> {
    const p = new Params();
    const c = ['NOT s.voided'];
    if (f.since !== undefined) c.push(`s.stored >= ${p.add(f.since)}::timestamptz`);
    if (f.until !== undefined) c.push(`s.stored < ${p.add(f.until)}::timestamptz`);
    if (f.learner !== undefined) {
      const learner = p.add(f.learner);
      c.push(
        `s.actor_ifi = ${learner}`,
        `EXISTS (SELECT 1 FROM statement_agents a WHERE a.agent_ifi = ${learner} AND a.direct AND a.stored = s.stored AND a.seq = s.seq)`,
      );
    }
    if (f.verb !== undefined) c.push(`s.verb_id = ${p.add(f.verb)}`);
    if (f.cohort !== undefined)
      c.push(`s.actor_ifi IN (SELECT learner FROM analytics_learners WHERE cohort = ${p.add(f.cohort)})`);
    if (f.module !== undefined)
      c.push(
        `EXISTS (SELECT 1 FROM statement_activities a WHERE a.activity_id = ${p.add(f.module)} AND a.direct IN (true, false) AND a.stored = s.stored AND a.seq = s.seq)`,
      );
    if (after)
      c.push(`(s.stored, s.seq) > (${p.add(after.stored)}::timestamptz, ${p.add(after.seq)}::bigint)`);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT s.payload::text AS json, s.stored::text AS stored_text, s.seq::text AS seq_text FROM statements s
       ${where(c)} ORDER BY s.stored, s.seq LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({
      json: String(r.json),
      stored: String(r.stored_text),
      seq: String(r.seq_text),
    }));
  }
}

function moduleRow(r: Record<string, unknown>): CohortRows['modules'][number] {
  return {
    cohort: String(r.cohort),
    module: String(r.module),
    learners: n(r.learners),
    completed: n(r.completed),
    passed: n(r.passed),
    failed: n(r.failed),
    resumed: n(r.resumed),
    sessions: n(r.sessions),
    durationMs: n(r.duration_ms),
  };
}

function itemRow(r: Record<string, unknown>): ItemRow {
  return {
    item: String(r.item),
    module: String(r.module ?? ''),
    itemKind: String(r.item_kind ?? 'unlisted'),
    interactionType: String(r.interaction_type ?? 'other'),
    competencies: Array.isArray(r.competencies) ? r.competencies.map(String) : [],
    attempts: n(r.attempts),
    correct: n(r.correct),
    learners: n(r.learners),
    firstCorrect: n(r.first_correct),
    restSum: n(r.rest_sum),
    restSqSum: n(r.rest_sq_sum),
    restCrossSum: n(r.rest_cross_sum),
  };
}
