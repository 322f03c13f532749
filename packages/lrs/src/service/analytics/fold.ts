import type { Fact } from './facts.js';
import {
  ITEM_FLAG_RULES,
  type ItemFlag,
  type ItemKind,
  type MasteryRule,
  type MasteryStatus,
} from '@course/contracts';

/**
 * The read model's arithmetic, without SQL: a learner's rows folded from their facts, and what those
 * rows contribute to the population tables. The write path folds a batch onto the learner's stored
 * rows and adds the difference of the contributions; the rebuild folds every learner from nothing.
 * Every value is an integer, a boolean, a text or a float copied from a statement, and every "first"
 * or "last" is decided by `seq`, so the order facts arrive in does not change the result.
 */

/** A fact as read back from `analytics_statements` (canonical text timestamps, numeric seq). */
export type StoredFact = Omit<Fact, 'seq' | 'verb' | 'at'> & {
  seq: number;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` (sorts as text). */
  at: string;
  /** A verb name, as `Fact.verb`, read back as text. */
  verb: string;
};

export interface LearnerRow {
  learner: string;
  name: string;
  /** seq of the fact that gave the name (the last one that had a name); null when none did. */
  nameSeq: number | null;
  cohort: string;
  /** seq of the fact that gave the cohort (the first one that had a cohort); null when none did. */
  cohortSeq: number | null;
  statements: number;
  firstAt: string;
  lastAt: string;
}

export interface MasteryRow {
  learner: string;
  competency: string;
  evidence: number;
  correct: number;
  status: MasteryStatus;
  ruleVersion: number;
}

export interface LearnerItemRow {
  learner: string;
  item: string;
  /** Labels, from the fact that created the row. */
  module: string;
  itemKind: ItemKind;
  interactionType: string;
  competencies: string[];
  attempts: number;
  correct: number;
  firstSeq: number;
  firstSuccess: boolean | null;
  firstResponse: string | null;
  firstAt: string;
  lastAt: string;
}

export interface LearnerModuleRow {
  learner: string;
  module: string;
  statements: number;
  /** initialized statements. */
  sessions: number;
  completed: number;
  passed: number;
  failed: number;
  bestScore: number | null;
  durationMs: number;
  firstAt: string;
  lastAt: string;
}

/** Everything the read model holds about one learner (or the part of it a write touches). */
export interface LearnerState {
  learner: LearnerRow | null;
  mastery: Map<string, MasteryRow>;
  items: Map<string, LearnerItemRow>;
  modules: Map<string, LearnerModuleRow>;
}

export const emptyState = (): LearnerState => ({
  learner: null,
  mastery: new Map(),
  items: new Map(),
  modules: new Map(),
});

export function cloneState(s: LearnerState): LearnerState {
  return {
    learner: s.learner && { ...s.learner },
    mastery: new Map([...s.mastery].map(([k, v]) => [k, { ...v }])),
    items: new Map([...s.items].map(([k, v]) => [k, { ...v }])),
    modules: new Map([...s.modules].map(([k, v]) => [k, { ...v }])),
  };
}

/** Whether an answer to an item of this kind is mastery evidence. */
export const countsAsEvidence = (kind: ItemKind | null) => kind === 'scored' || kind === 'unlisted';

const THRESHOLD_SCALE = 1_000_000;

/**
 * The mastery rule (content/competencies.yaml): fewer than `minimumEvidence` scored answers →
 * insufficient evidence; else mastered when correct / evidence ≥ `masteryThreshold`. Compared in
 * integers (threshold to 6 decimals), so 7 of 10 against 0.7 is mastered.
 */
export function masteryStatus(evidence: number, correct: number, rule: MasteryRule): MasteryStatus {
  if (evidence < rule.minimumEvidence) return 'insufficient-evidence';
  const threshold = Math.round(rule.masteryThreshold * THRESHOLD_SCALE);
  return correct * THRESHOLD_SCALE >= threshold * evidence ? 'mastered' : 'not-mastered';
}

const minText = (a: string, b: string) => (a <= b ? a : b);
const maxText = (a: string, b: string) => (a >= b ? a : b);

/** Folds one fact into a learner's state (mutates it). */
export function foldFact(state: LearnerState, f: StoredFact, rule: MasteryRule): void {
  const l = (state.learner ??= {
    learner: f.learner,
    name: '',
    nameSeq: null,
    cohort: '',
    cohortSeq: null,
    statements: 0,
    firstAt: f.at,
    lastAt: f.at,
  });
  l.statements += 1;
  l.firstAt = minText(l.firstAt, f.at);
  l.lastAt = maxText(l.lastAt, f.at);
  if (f.name && (l.nameSeq === null || f.seq > l.nameSeq)) {
    l.name = f.name;
    l.nameSeq = f.seq;
  }
  if (f.cohort && (l.cohortSeq === null || f.seq < l.cohortSeq)) {
    l.cohort = f.cohort;
    l.cohortSeq = f.seq;
  }

  if (f.module) {
    let m = state.modules.get(f.module);
    if (!m) {
      m = {
        learner: f.learner,
        module: f.module,
        statements: 0,
        sessions: 0,
        completed: 0,
        passed: 0,
        failed: 0,
        bestScore: null,
        durationMs: 0,
        firstAt: f.at,
        lastAt: f.at,
      };
      state.modules.set(f.module, m);
    }
    m.statements += 1;
    m.firstAt = minText(m.firstAt, f.at);
    m.lastAt = maxText(m.lastAt, f.at);
    if (f.verb === 'initialized') m.sessions += 1;
    if (f.verb === 'completed') m.completed += 1;
    if (f.verb === 'passed') m.passed += 1;
    if (f.verb === 'failed') m.failed += 1;
    if (f.verb === 'terminated' && f.durationMs !== null) m.durationMs += f.durationMs;
    if (
      f.scoreScaled !== null &&
      ['completed', 'passed', 'failed'].includes(f.verb) &&
      (m.bestScore === null || f.scoreScaled > m.bestScore)
    )
      m.bestScore = f.scoreScaled;
  }

  if (f.verb !== 'answered' || f.itemKind === null) return;
  let it = state.items.get(f.activity);
  if (!it) {
    it = {
      learner: f.learner,
      item: f.activity,
      module: f.module,
      itemKind: f.itemKind,
      interactionType: f.interactionType ?? 'other',
      competencies: f.competencies,
      attempts: 0,
      correct: 0,
      firstSeq: f.seq,
      firstSuccess: f.success,
      firstResponse: f.response,
      firstAt: f.at,
      lastAt: f.at,
    };
    state.items.set(f.activity, it);
  }
  it.attempts += 1;
  if (f.success === true) it.correct += 1;
  if (f.seq < it.firstSeq) {
    it.firstSeq = f.seq;
    it.firstSuccess = f.success;
    it.firstResponse = f.response;
  }
  it.firstAt = minText(it.firstAt, f.at);
  it.lastAt = maxText(it.lastAt, f.at);

  if (!countsAsEvidence(f.itemKind) || f.success === null) return;
  for (const competency of f.competencies) {
    const m = state.mastery.get(competency) ?? {
      learner: f.learner,
      competency,
      evidence: 0,
      correct: 0,
      status: 'insufficient-evidence' as MasteryStatus,
      ruleVersion: rule.ruleVersion,
    };
    m.evidence += 1;
    if (f.success) m.correct += 1;
    m.status = masteryStatus(m.evidence, m.correct, rule);
    m.ruleVersion = rule.ruleVersion;
    state.mastery.set(competency, m);
  }
}

/** The first response as the values the choice distribution counts. */
export function responseValues(interactionType: string, response: string | null): string[] {
  if (response === null) return [];
  if (interactionType === 'choice') return response === '' ? [] : response.split('[,]');
  return [Array.from(response).slice(0, 200).join('')];
}

/** Counters a population row adds up; `labels` are set when the row is created. */
export interface Contribution {
  table: 'cohorts' | 'cohort_competencies' | 'cohort_modules' | 'items' | 'item_responses';
  key: string[];
  counts: number[];
  labels?: unknown[];
}

/** Column names of each population table: key columns, then counters (in `counts` order). */
export const POPULATION_TABLES = {
  cohorts: { keys: ['cohort'], counts: ['learners', 'statements'], labels: [] },
  cohort_competencies: {
    keys: ['cohort', 'competency'],
    counts: ['learners', 'mastered', 'not_mastered', 'insufficient', 'evidence', 'correct'],
    labels: [],
  },
  cohort_modules: {
    keys: ['cohort', 'module'],
    counts: ['learners', 'completed', 'passed', 'failed', 'resumed', 'sessions', 'duration_ms'],
    labels: [],
  },
  items: {
    keys: ['item'],
    counts: ['attempts', 'correct', 'learners', 'first_correct', 'rest_sum', 'rest_sq_sum', 'rest_cross_sum'],
    labels: ['module', 'item_kind', 'interaction_type', 'competencies'],
  },
  item_responses: { keys: ['item', 'response'], counts: ['learners'], labels: [] },
} as const satisfies Record<Contribution['table'], { keys: string[]; counts: string[]; labels: string[] }>;

/** Which of a learner's rows a contribution is computed for (all, when a part is undefined). */
export interface Scope {
  competencies?: Set<string>;
  modules?: Set<string>;
  /** Modules whose items (as labelled on the learner's item rows) contribute. */
  itemModules?: Set<string>;
}

const b = (v: boolean) => (v ? 1 : 0);

/**
 * What a learner's rows contribute to the population tables: one learner to their cohort, their
 * mastery values to the cohort × competency counts, their module rows to the cohort funnel, and
 * their item rows to the item statistics. An item's rest score is the number of the other items
 * with the same module and kind that the learner got right at the first attempt.
 */
export function contributions(state: LearnerState, scope: Scope = {}): Contribution[] {
  const l = state.learner;
  if (!l) return [];
  const cohort = l.cohort;
  const out: Contribution[] = [{ table: 'cohorts', key: [cohort], counts: [1, l.statements] }];
  for (const m of state.mastery.values()) {
    if (scope.competencies && !scope.competencies.has(m.competency)) continue;
    out.push({
      table: 'cohort_competencies',
      key: [cohort, m.competency],
      counts: [
        1,
        b(m.status === 'mastered'),
        b(m.status === 'not-mastered'),
        b(m.status === 'insufficient-evidence'),
        m.evidence,
        m.correct,
      ],
    });
  }
  for (const m of state.modules.values()) {
    if (scope.modules && !scope.modules.has(m.module)) continue;
    out.push({
      table: 'cohort_modules',
      key: [cohort, m.module],
      counts: [
        1,
        b(m.completed > 0),
        b(m.passed > 0),
        b(m.failed > 0 && m.passed === 0),
        b(m.sessions > 1),
        m.sessions,
        m.durationMs,
      ],
    });
  }
  const groups = new Map<string, LearnerItemRow[]>();
  for (const it of state.items.values()) {
    if (scope.itemModules && !scope.itemModules.has(it.module)) continue;
    const g = `${it.module}\n${it.itemKind}`;
    groups.set(g, [...(groups.get(g) ?? []), it]);
  }
  for (const rows of groups.values()) {
    const total = rows.reduce((n, r) => n + b(r.firstSuccess === true), 0);
    for (const r of rows) {
      const x = b(r.firstSuccess === true);
      const y = total - x;
      out.push({
        table: 'items',
        key: [r.item],
        counts: [r.attempts, r.correct, 1, x, y, y * y, x * y],
        labels: [r.module, r.itemKind, r.interactionType, r.competencies],
      });
      for (const value of responseValues(r.interactionType, r.firstResponse))
        out.push({ table: 'item_responses', key: [r.item, value], counts: [1] });
    }
  }
  return out;
}

/** Sums contributions by table and key (after − before when `sign` is −1 for the before part). */
export function addContributions(into: Map<string, Contribution>, list: Contribution[], sign = 1): void {
  for (const c of list) {
    const id = `${c.table}\n${JSON.stringify(c.key)}`;
    const current = into.get(id);
    if (!current) into.set(id, { ...c, counts: c.counts.map((n) => n * sign) });
    else {
      c.counts.forEach((n, i) => (current.counts[i]! += n * sign));
      if (!current.labels && c.labels) current.labels = c.labels;
    }
  }
}

/** Sums for the point-biserial correlation of first-attempt correctness (x) with the rest score (y). */
export interface DiscriminationSums {
  n: number;
  sumX: number;
  sumY: number;
  sumYY: number;
  sumXY: number;
}

/**
 * Pearson's r between x (0/1) and y, which for a dichotomous x is the point-biserial correlation:
 * r = (nΣxy − ΣxΣy) / √((nΣx − (Σx)²)(nΣy² − (Σy)²)). Null below 2 learners or without variance.
 */
export function discrimination({ n, sumX, sumY, sumYY, sumXY }: DiscriminationSums): number | null {
  if (n < 2) return null;
  const vx = n * sumX - sumX * sumX;
  const vy = n * sumYY - sumY * sumY;
  if (vx <= 0 || vy <= 0) return null;
  const r = (n * sumXY - sumX * sumY) / Math.sqrt(vx * vy);
  return Math.max(-1, Math.min(1, Math.round(r * 10_000) / 10_000));
}

/** The flags of an item (ITEM_FLAG_RULES), none below the minimum number of learners. */
export function itemFlags(learners: number, difficulty: number | null, disc: number | null): ItemFlag[] {
  if (learners < ITEM_FLAG_RULES.minLearners) return [];
  const flags: ItemFlag[] = [];
  if (difficulty !== null && difficulty < ITEM_FLAG_RULES.hardBelow) flags.push('hard');
  if (difficulty !== null && difficulty > ITEM_FLAG_RULES.easyAbove) flags.push('easy');
  if (disc !== null && disc < 0) flags.push('negative-discrimination');
  else if (disc !== null && disc < ITEM_FLAG_RULES.discriminationBelow) flags.push('low-discrimination');
  return flags;
}
