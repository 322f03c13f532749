import { Router, type Request, type Response } from 'express';
import { LrsError } from '../../errors.js';
import { agentIfi } from '../../service/agent-ifi.js';
import type { AnalyticsCatalogue } from '../../service/analytics/catalogue.js';
import { CSV_BOM, csvLine, flattenStatement, STATEMENT_COLUMNS } from '../../service/analytics/csv.js';
import { parseFilters, type AnalyticsReports } from '../../service/analytics/reports.js';
import type { AnalyticsReads } from '../../store/analytics-reads.js';
import type { AnalyticsStore } from '../../store/analytics-store.js';
import type { Db } from '../../store/db.js';
import { requireScope } from '../middleware/basic-auth.js';

export interface AnalyticsRoutesOptions {
  db: Db;
  reports: AnalyticsReports;
  reads: AnalyticsReads;
  writer: AnalyticsStore;
  catalogue: AnalyticsCatalogue;
}

const bad = (name: string, message: string) =>
  new LrsError('LRS_INVALID_PARAMETER', `${name}: ${message}`, [{ path: [name], message }]);

function limitOf(req: Request, fallback: number, max: number): number {
  const raw = req.query.limit;
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw bad('limit', `an integer from 1 to ${max}`);
  return Number(raw);
}

function required(req: Request, name: string): string {
  const v = req.query[name];
  if (typeof v !== 'string' || v === '') throw bad(name, 'required');
  return v;
}

/** Writes a stream of CSV chunks, waiting when the client reads slower than the database answers. */
async function sendCsv(
  res: Response,
  name: string,
  header: readonly string[],
  chunks: AsyncIterable<string>,
) {
  const day = new Date().toISOString().slice(0, 10);
  res.status(200);
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${name}-${day}.csv"`);
  res.write(CSV_BOM + csvLine([...header]));
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

/**
 * Resolves when `out` can take more (drain) or is gone (close), and removes both listeners: a
 * long export waits for many drains, and a `close` listener left behind by each one leaked.
 */
export function drained(out: NodeJS.EventEmitter): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      out.off('drain', finish);
      out.off('close', finish);
      done();
    };
    out.on('drain', finish);
    out.on('close', finish);
  });
}

/**
 * `/analytics/v1`: the competency analytics JSON reports and CSV exports (docs/analytics.md).
 * Every route needs HTTP Basic credentials with scope analytics/read, statements/read, all/read or
 * all; `POST /rebuild` needs all. Answers are never cached (they name learners).
 */
export function analyticsRoutes(options: AnalyticsRoutesOptions): Router {
  const { reports, reads, catalogue } = options;
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  const read = requireScope('analytics/read');

  router.get('/overview', read, async (req, res) => {
    parseFilters(req.query as Record<string, unknown>);
    res.json(await reports.overview());
  });

  router.get('/mastery', read, async (req, res) => {
    const f = parseFilters(req.query as Record<string, unknown>, ['limit', 'cursor']);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    res.json(await reports.mastery(f, limitOf(req, 100, 1000), cursor));
  });

  router.get('/cohorts', read, async (req, res) => {
    res.json(await reports.cohorts(parseFilters(req.query as Record<string, unknown>)));
  });

  router.get('/items', read, async (req, res) => {
    res.json(await reports.items(parseFilters(req.query as Record<string, unknown>)));
  });

  router.get('/modules', read, async (req, res) => {
    res.json(await reports.modules(parseFilters(req.query as Record<string, unknown>)));
  });

  router.get('/learner', read, async (req, res) => {
    const learner = required(req, 'learner');
    parseFilters(req.query as Record<string, unknown>);
    const detail = await reports.learner(learner);
    if (!detail) throw new LrsError('LRS_ROUTE_NOT_FOUND', `No learner ${learner} in the analytics.`);
    res.json(detail);
  });

  router.get('/evidence', read, async (req, res) => {
    const f = parseFilters(req.query as Record<string, unknown>);
    if (!f.learner) throw bad('learner', 'required');
    if (!f.competency) throw bad('competency', 'required');
    res.json(await reports.evidence(f.learner, f.competency, f));
  });

  router.get('/export/mastery.csv', read, async (req, res) => {
    const f = parseFilters(req.query as Record<string, unknown>, ['layout']);
    const layout = req.query.layout ?? 'long';
    if (layout !== 'long' && layout !== 'wide') throw bad('layout', 'long or wide');
    const competencies = catalogue.competencies.filter((c) => !f.competency || c.id === f.competency);
    const header =
      layout === 'long'
        ? [
            'learner',
            'name',
            'cohort',
            'competency',
            'competency_title',
            'evidence',
            'correct',
            'proportion',
            'status',
            'rule_version',
          ]
        : [
            'learner',
            'name',
            'cohort',
            ...competencies.flatMap((c) => [`${c.id}_status`, `${c.id}_evidence`, `${c.id}_correct`]),
          ];
    async function* chunks() {
      let cursor: string | undefined;
      do {
        const page = await reports.mastery(f, 500, cursor);
        let out = '';
        for (const l of page.learners) {
          if (layout === 'wide') {
            out += csvLine([
              l.learner,
              l.name,
              l.cohort,
              ...competencies.flatMap((c) => {
                const v = l.competencies[c.id];
                return [v?.status ?? 'no-evidence', v?.evidence ?? 0, v?.correct ?? 0];
              }),
            ]);
            continue;
          }
          for (const c of competencies) {
            const v = l.competencies[c.id];
            out += csvLine([
              l.learner,
              l.name,
              l.cohort,
              c.id,
              c.title,
              v?.evidence ?? 0,
              v?.correct ?? 0,
              v?.proportion ?? null,
              v?.status ?? 'no-evidence',
              v?.ruleVersion ?? null,
            ]);
          }
        }
        yield out;
        cursor = page.next ?? undefined;
      } while (cursor);
    }
    await sendCsv(res, 'mastery', header, chunks());
  });

  router.get('/export/items.csv', read, async (req, res) => {
    const f = parseFilters(req.query as Record<string, unknown>);
    const { items } = await reports.items(f);
    const titles = new Map(catalogue.modules.map((m) => [m.iri, m.title]));
    const header = [
      'item',
      'label',
      'module',
      'module_title',
      'kind',
      'interaction_type',
      'competencies',
      'attempts',
      'correct',
      'learners',
      'first_correct',
      'difficulty',
      'discrimination',
      'flags',
      'first_responses',
    ];
    async function* chunks() {
      yield items
        .map((i) =>
          csvLine([
            i.item,
            i.label,
            i.module,
            titles.get(i.module) ?? '',
            i.kind,
            i.interactionType,
            i.competencies.join(' '),
            i.attempts,
            i.correct,
            i.learners,
            i.firstCorrect,
            i.difficulty,
            i.discrimination,
            i.flags.join(' '),
            i.responses.map((r) => `${r.value}${r.correct ? '*' : ''}=${r.learners}`).join('; '),
          ]),
        )
        .join('');
    }
    await sendCsv(res, 'items', header, chunks());
  });

  router.get('/export/statements.csv', read, async (req, res) => {
    const f = parseFilters(req.query as Record<string, unknown>, ['json']);
    const withJson = req.query.json === 'true';
    const header = withJson ? [...STATEMENT_COLUMNS, 'statement'] : [...STATEMENT_COLUMNS];
    async function* chunks() {
      let after: { stored: string; seq: string } | undefined;
      for (;;) {
        const page = await reads.statementsPage(f, 1000, after);
        if (page.length === 0) return;
        yield page
          .map((r) => {
            const s = JSON.parse(r.json) as Record<string, unknown>;
            return csvLine(flattenStatement(s, agentIfi(s.actor) ?? '', catalogue.cohortExtension, withJson));
          })
          .join('');
        if (page.length < 1000) return;
        after = { stored: page.at(-1)!.stored, seq: page.at(-1)!.seq };
      }
    }
    await sendCsv(res, 'statements', header, chunks());
  });

  router.post('/rebuild', requireScope('analytics/rebuild'), async (_req, res) => {
    res.json(await options.writer.rebuild(options.db));
  });

  return router;
}
