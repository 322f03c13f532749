import {
  CompetencyIdSchema,
  ItemKindSchema,
  type AnalyticsFilters,
  type CohortComparison,
  type CohortModule,
  type Evidence,
  type ItemAnalysis,
  type ItemKind,
  type ItemStats,
  type LearnerDetail,
  type MasteryCell,
  type MasteryPage,
  type ModuleFunnel,
  type Overview,
} from '@course/contracts';
import { LrsError } from '../../errors.js';
import type { AnalyticsReads, CohortRows, ItemRow, ReadFilters } from '../../store/analytics-reads.js';
import { timeFiltered } from '../../store/analytics-reads.js';
import type { StatementStore } from '../../store/statement-store.js';
import type { AnalyticsCatalogue } from './catalogue.js';
import { countsAsEvidence, discrimination, itemFlags, masteryStatus } from './fold.js';

/** The query parameters every analytics report understands (docs/analytics.md). */
export interface ReportFilters extends ReadFilters {
  verb?: string;
  flagged?: boolean;
}

const bad = (name: string, message: string) =>
  new LrsError('LRS_INVALID_PARAMETER', `${name}: ${message}`, [{ path: [name], message }]);

/** A timestamp parameter: a date (midnight UTC) or an ISO 8601 date-time. */
function instant(name: string, value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text)))
    throw bad(name, 'a date (2025-03-01) or an ISO 8601 date-time');
  return new Date(Date.parse(text)).toISOString();
}

const KNOWN = new Set([
  'cohort',
  'learner',
  'module',
  'competency',
  'since',
  'until',
  'kind',
  'verb',
  'flagged',
]);

/** Parses the filter parameters; unknown parameters other than `also` are an error (400). */
export function parseFilters(query: Record<string, unknown>, also: string[] = []): ReportFilters {
  const f: ReportFilters = {};
  for (const [name, raw] of Object.entries(query)) {
    if (!KNOWN.has(name) && !also.includes(name)) throw bad(name, 'unknown parameter');
    if (also.includes(name)) continue;
    if (typeof raw !== 'string') throw bad(name, 'give it once');
    if (raw.length > 2048) throw bad(name, 'too long');
    if (name === 'competency') {
      if (!CompetencyIdSchema.safeParse(raw).success) throw bad(name, 'a competency id C01 to C13');
      f.competency = raw;
    } else if (name === 'since' || name === 'until') f[name] = instant(name, raw);
    else if (name === 'kind') {
      if (!ItemKindSchema.safeParse(raw).success) throw bad(name, ItemKindSchema.options.join(', '));
      f.kind = raw;
    } else if (name === 'flagged') {
      if (raw !== 'true' && raw !== 'false') throw bad(name, 'true or false');
      f.flagged = raw === 'true';
    } else if (name === 'cohort' || name === 'learner' || name === 'module' || name === 'verb') f[name] = raw;
  }
  if (f.since && f.until && f.since >= f.until) throw bad('until', 'must be after since');
  return f;
}

/** The filters as echoed in answers. */
function echo(f: ReportFilters): AnalyticsFilters {
  const out: AnalyticsFilters = {};
  for (const k of ['cohort', 'learner', 'module', 'competency', 'since', 'until'] as const)
    if (f[k] !== undefined) out[k] = f[k];
  return out;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

type Definition = Record<string, unknown>;
const text = (map: unknown): string | undefined => {
  if (typeof map !== 'object' || map === null) return undefined;
  const m = map as Record<string, unknown>;
  const v = m.en ?? m['en-US'] ?? m['en-GB'] ?? Object.values(m)[0];
  return typeof v === 'string' ? v : undefined;
};

/** Builds the analytics reports from the read model (`AnalyticsReads`) and the course catalogue. */
export class AnalyticsReports {
  constructor(
    private readonly reads: AnalyticsReads,
    private readonly statements: StatementStore,
    private readonly catalogue: AnalyticsCatalogue,
  ) {}

  get rule() {
    return this.catalogue.rule;
  }

  private cell(
    evidence: number,
    correct: number,
    status?: MasteryCell['status'],
    ruleVersion?: number,
  ): MasteryCell {
    return {
      evidence,
      correct,
      proportion: ratio(correct, evidence),
      status: status ?? masteryStatus(evidence, correct, this.rule),
      ruleVersion: ruleVersion ?? this.rule.ruleVersion,
    };
  }

  private async moduleTitles(
    modules: string[],
  ): Promise<
    Map<string, { title: string; kind: Overview['modules'][number]['kind']; number: number | null }>
  > {
    type Title = { title: string; kind: Overview['modules'][number]['kind']; number: number | null };
    const out = new Map<string, Title>(
      this.catalogue.modules.map((m) => [m.iri, { title: m.title, kind: m.kind, number: m.number }]),
    );
    const unknown = modules.filter((m) => !out.has(m));
    const defs = await this.statements.activityDefinitions(unknown);
    for (const m of unknown)
      out.set(m, { title: text(defs.get(m)?.name) ?? m, kind: 'unlisted', number: null });
    return out;
  }

  /** Rule, rule versions in use, competencies, modules in course order, cohorts, totals. */
  async overview(): Promise<Overview> {
    const [ruleVersionsInUse, cohorts, present] = await Promise.all([
      this.reads.ruleVersions(),
      this.reads.cohortList(),
      this.reads.moduleList(),
    ]);
    const titles = await this.moduleTitles(present);
    const listed = new Set(this.catalogue.modules.map((m) => m.iri));
    const modules = [
      ...this.catalogue.modules.map((m) => ({ iri: m.iri, title: m.title, kind: m.kind, number: m.number })),
      ...present.filter((m) => !listed.has(m)).map((m) => ({ iri: m, ...titles.get(m)! })),
    ];
    return {
      rule: this.rule,
      ruleVersionsInUse,
      catalogue: this.catalogue.fromContent,
      cohortExtension: this.catalogue.cohortExtension ?? '',
      competencies: this.catalogue.competencies.map((c) => ({ ...c })),
      modules,
      cohorts,
      learners: cohorts.reduce((n, c) => n + c.learners, 0),
      statements: cohorts.reduce((n, c) => n + c.statements, 0),
    };
  }

  /**
   * The heatmap: one page of learners (in identifier order) with their value per competency.
   * With a time range or a module, values are judged from the answers of that period or module.
   */
  async mastery(f: ReportFilters, limit: number, cursor?: string): Promise<MasteryPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await this.reads.learnerPage(f, limit + 1, after);
    const learners = page.slice(0, limit);
    const ids = learners.map((l) => l.learner);
    const cells = new Map<string, Record<string, MasteryCell>>(ids.map((id) => [id, {}]));
    if (timeFiltered(f) || f.module !== undefined) {
      for (const r of await this.reads.evidenceCounts(ids, f))
        cells.get(r.learner)![r.competency] = this.cell(r.evidence, r.correct);
    } else {
      for (const r of await this.reads.masteryOf(ids, f.competency))
        cells.get(r.learner)![r.competency] = this.cell(r.evidence, r.correct, r.status, r.ruleVersion);
    }
    return {
      rule: this.rule,
      filters: echo(f),
      learners: learners.map((l) => ({
        learner: l.learner,
        name: l.name,
        cohort: l.cohort,
        competencies: cells.get(l.learner)!,
      })),
      next: page.length > limit ? encodeCursor(learners.at(-1)!.learner) : null,
    };
  }

  /** Per cohort: learners, the mastery counts per competency, the funnel per module. */
  async cohorts(f: ReportFilters): Promise<CohortComparison> {
    const data = await this.reads.cohorts(f);
    const competencies = data.competencies.length > 0 ? data.competencies : this.judge(data.perLearner);
    const byCohort = new Map(
      data.cohorts.map((c) => [
        c.cohort,
        {
          ...c,
          competencies: {} as CohortComparison['cohorts'][number]['competencies'],
          modules: {} as Record<string, CohortModule>,
        },
      ]),
    );
    for (const c of competencies) {
      const cohort = byCohort.get(c.cohort);
      if (!cohort) continue;
      cohort.competencies[c.competency] = {
        learners: c.learners,
        mastered: c.mastered,
        notMastered: c.notMastered,
        insufficient: c.insufficient,
        evidence: c.evidence,
        correct: c.correct,
        masteredShare: ratio(c.mastered, cohort.learners),
        proportion: ratio(c.correct, c.evidence),
      };
    }
    for (const m of data.modules) {
      const cohort = byCohort.get(m.cohort);
      if (!cohort || (f.module !== undefined && m.module !== f.module)) continue;
      cohort.modules[m.module] = funnelCounts(m);
    }
    return { rule: this.rule, filters: echo(f), cohorts: [...byCohort.values()] };
  }

  /** Per-learner evidence counts → cohort × competency counts, judged by the current rule. */
  private judge(perLearner: CohortRows['perLearner']): CohortRows['competencies'] {
    const out = new Map<string, CohortRows['competencies'][number]>();
    for (const r of perLearner) {
      const k = `${r.cohort}\n${r.competency}`;
      const c = out.get(k) ?? {
        cohort: r.cohort,
        competency: r.competency,
        learners: 0,
        mastered: 0,
        notMastered: 0,
        insufficient: 0,
        evidence: 0,
        correct: 0,
      };
      const status = masteryStatus(r.evidence, r.correct, this.rule);
      c.learners += 1;
      if (status === 'mastered') c.mastered += 1;
      else if (status === 'not-mastered') c.notMastered += 1;
      else c.insufficient += 1;
      c.evidence += r.evidence;
      c.correct += r.correct;
      out.set(k, c);
    }
    return [...out.values()];
  }

  /** The funnel per module (launched → completed → passed), in course order. */
  async modules(f: ReportFilters): Promise<ModuleFunnel> {
    const rows = await this.reads.modules(f);
    const sums = new Map<string, CohortModule>();
    for (const r of rows) {
      if (f.module !== undefined && r.module !== f.module) continue;
      const s = sums.get(r.module);
      const c = funnelCounts(r);
      if (!s) sums.set(r.module, c);
      else for (const k of Object.keys(c) as (keyof CohortModule)[]) s[k] += c[k];
    }
    const titles = await this.moduleTitles([...sums.keys()]);
    const order = new Map(this.catalogue.modules.map((m, i) => [m.iri, i]));
    const modules = [...sums.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1))
      .map(([module, c]) => ({
        module,
        title: titles.get(module)!.title,
        kind: titles.get(module)!.kind,
        ...c,
        meanTimeSpentMs: c.launched > 0 ? Math.round(c.timeSpentMs / c.launched) : null,
      }));
    return { filters: echo(f), modules };
  }

  /** Item analysis: difficulty, discrimination, first-response distribution and flags per item. */
  async items(f: ReportFilters): Promise<ItemAnalysis> {
    const data = await this.reads.items(f);
    let rows: ItemRow[] = data.items;
    const labels =
      timeFiltered(f) || f.cohort !== undefined || f.learner !== undefined
        ? await this.reads.itemLabels(rows.map((r) => r.item))
        : new Map(rows.map((r) => [r.item, r]));
    rows = rows.map((r) => {
      const listed = this.catalogue.items.get(r.item);
      const l = labels.get(r.item);
      return {
        ...r,
        module: listed?.module ?? l?.module ?? r.module,
        itemKind: listed?.kind ?? l?.itemKind ?? r.itemKind,
        interactionType: listed?.interactionType ?? l?.interactionType ?? r.interactionType,
        competencies: listed?.competencies ?? l?.competencies ?? r.competencies,
      };
    });
    if (f.competency !== undefined) rows = rows.filter((r) => r.competencies.includes(f.competency!));
    if (f.kind !== undefined) rows = rows.filter((r) => r.itemKind === f.kind);
    if (f.module !== undefined) rows = rows.filter((r) => r.module === f.module);
    const defs = await this.statements.activityDefinitions(rows.map((r) => r.item));
    const responses = new Map<string, { response: string; learners: number }[]>();
    for (const r of data.responses) responses.set(r.item, [...(responses.get(r.item) ?? []), r]);
    const order = new Map(this.catalogue.modules.map((m, i) => [m.iri, i]));
    let items: ItemStats[] = rows.map((r) => {
      const def = defs.get(r.item) ?? {};
      const difficulty = ratio(r.firstCorrect, r.learners);
      const disc = discrimination({
        n: r.learners,
        sumX: r.firstCorrect,
        sumY: r.restSum,
        sumYY: r.restSqSum,
        sumXY: r.restCrossSum,
      });
      return {
        item: r.item,
        label: text(def.description) ?? text(def.name) ?? r.item,
        module: r.module,
        kind: r.itemKind as ItemKind,
        interactionType: r.interactionType,
        competencies: r.competencies,
        attempts: r.attempts,
        correct: r.correct,
        learners: r.learners,
        firstCorrect: r.firstCorrect,
        difficulty,
        discrimination: disc,
        responses: responseList(r.interactionType, def, responses.get(r.item) ?? []),
        flags: itemFlags(r.learners, difficulty, disc),
      };
    });
    if (f.flagged !== undefined) items = items.filter((i) => i.flags.length > 0 === f.flagged);
    items.sort(
      (a, b) =>
        (order.get(a.module) ?? 1e9) - (order.get(b.module) ?? 1e9) ||
        (a.module < b.module ? -1 : a.module > b.module ? 1 : a.item < b.item ? -1 : a.item > b.item ? 1 : 0),
    );
    return { filters: echo(f), items };
  }

  /** One learner: their row, their value per competency, their modules. Null when unknown. */
  async learner(learner: string): Promise<LearnerDetail | null> {
    const { row, mastery, modules } = await this.reads.learner(learner);
    if (!row) return null;
    const titles = await this.moduleTitles(modules.map((m) => m.module));
    return {
      rule: this.rule,
      learner: row.learner,
      name: row.name,
      cohort: row.cohort,
      statements: row.statements,
      firstAt: row.firstAt,
      lastAt: row.lastAt,
      competencies: Object.fromEntries(
        mastery.map((m) => [m.competency, this.cell(m.evidence, m.correct, m.status, m.ruleVersion)]),
      ),
      modules: modules.map((m) => ({
        module: m.module,
        title: titles.get(m.module)!.title,
        statements: m.statements,
        sessions: m.sessions,
        completed: m.completed > 0,
        passed: m.passed > 0,
        failed: m.failed > 0 && m.passed === 0,
        bestScore: m.bestScore,
        timeSpentMs: m.durationMs,
        firstAt: m.firstAt,
        lastAt: m.lastAt,
      })),
    };
  }

  /** The answered statements behind a learner × competency value, and the value they give. */
  async evidence(learner: string, competency: string, f: ReportFilters): Promise<Evidence> {
    const rows = await this.reads.evidence(learner, competency, f);
    const defs = await this.statements.activityDefinitions([...new Set(rows.map((r) => r.item))]);
    let evidence = 0;
    let correct = 0;
    const answers = rows.map((r) => {
      const counted = countsAsEvidence(r.itemKind as ItemKind) && r.success !== null;
      if (counted) {
        evidence += 1;
        if (r.success) correct += 1;
      }
      const def = defs.get(r.item) ?? {};
      return {
        statementId: r.statementId,
        at: r.at,
        item: r.item,
        label: text(def.description) ?? text(def.name) ?? r.item,
        module: r.module,
        kind: r.itemKind as ItemKind,
        counted,
        success: r.success,
        response: r.response,
        statement: JSON.parse(r.json) as Record<string, unknown>,
      };
    });
    return {
      learner,
      competency,
      filters: echo(f),
      value: this.cell(evidence, correct),
      answers,
    };
  }
}

function funnelCounts(m: CohortRows['modules'][number]): CohortModule {
  return {
    launched: m.learners,
    completed: m.completed,
    passed: m.passed,
    failed: m.failed,
    resumed: m.resumed,
    sessions: m.sessions,
    timeSpentMs: m.durationMs,
  };
}

/** First responses with their labels (the choice descriptions) and whether each is a correct one. */
function responseList(
  interactionType: string,
  def: Definition,
  counts: { response: string; learners: number }[],
): ItemStats['responses'] {
  const patterns = Array.isArray(def.correctResponsesPattern) ? def.correctResponsesPattern.map(String) : [];
  const correct = new Set(interactionType === 'choice' ? patterns.flatMap((p) => p.split('[,]')) : patterns);
  const choices = Array.isArray(def.choices)
    ? (def.choices as { id?: unknown; description?: unknown }[])
    : [];
  const labels = new Map(choices.map((c) => [String(c.id), text(c.description) ?? String(c.id)]));
  const seen = new Map(counts.map((c) => [c.response, c.learners]));
  // Every listed choice appears, chosen or not (an unchosen distractor is information too), in the
  // definition's order; other responses follow, most frequent first (at most 20).
  const others = [...seen.keys()]
    .filter((v) => !labels.has(v))
    .sort((a, b) => seen.get(b)! - seen.get(a)! || (a < b ? -1 : 1))
    .slice(0, 20);
  return [...labels.keys(), ...others].map((value) => ({
    value,
    label: labels.get(value) ?? value,
    learners: seen.get(value) ?? 0,
    correct: correct.has(value),
  }));
}

export const encodeCursor = (learner: string) => Buffer.from(learner, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) throw bad('cursor', 'a cursor from a previous page');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
