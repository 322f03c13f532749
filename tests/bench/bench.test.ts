/**
 * The bench's own pieces on tiny inputs: the statement generator and the table/JSON formatting.
 * No timing is asserted here; `npm run bench` measures.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStatement } from '../../packages/lrs/src/service/statements/validate';
import { ingestBodies } from './lib/ingest';
import { checkPlans, summarisePlan, type ExplainResult } from './lib/queries';
import { formatTable, markdownTable, num, percentile, targetRows, writeJson } from './lib/report';
import { StatementGenerator, VOIDED_VERB, withoutId } from './lib/statements';

describe('StatementGenerator', () => {
  it('gives the same statements for the same seed, and others for another seed', () => {
    const a = new StatementGenerator({ seed: 3 }).batch(50);
    const b = new StatementGenerator({ seed: 3 }).batch(50);
    const c = new StatementGenerator({ seed: 4 }).batch(50);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    expect(new Set(a.map((s) => s.id)).size).toBe(50);
  });

  it('makes statements the LRS accepts (xAPI 2.0 and 1.0.3 validation)', () => {
    const gen = new StatementGenerator({ seed: 11, voidingRate: 0.05 });
    const statements = gen.batch(400);
    for (const s of statements) {
      expect(validateStatement(s, '2.0.0', [])).toEqual([]);
      expect(validateStatement(withoutId(s), '1.0.3', [])).toEqual([]);
    }
    expect(gen.voided.length).toBeGreaterThan(0);
  });

  it('looks like course traffic: ~1.4 KB each, skewed verbs, contexts with registration and course grouping', () => {
    const gen = new StatementGenerator({ seed: 1 });
    const statements = gen.batch(2000);
    const sizes = statements.map((s) => JSON.stringify(s).length);
    const mean = sizes.reduce((n, x) => n + x, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1100);
    expect(mean).toBeLessThan(1800);
    const verbs = new Map<string, number>();
    for (const s of statements) {
      const id = (s.verb as { id: string }).id;
      verbs.set(id, (verbs.get(id) ?? 0) + 1);
    }
    const [top] = [...verbs].sort((x, y) => y[1] - x[1]);
    expect(top![0]).toBe('http://adlnet.gov/expapi/verbs/experienced');
    const plain = statements.filter((s) => (s.verb as { id: string }).id !== VOIDED_VERB.id);
    for (const s of plain.slice(0, 100)) {
      const context = s.context as {
        registration: string;
        contextActivities: { grouping: { id: string }[] };
      };
      expect(context.registration).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(context.contextActivities.grouping[0]!.id).toMatch(/^https:\/\/courses\.example\.org\/c\/\d+$/);
    }
  });

  it('voids only statements it generated earlier, each once', () => {
    const gen = new StatementGenerator({ seed: 5, voidingRate: 0.1 });
    const statements = gen.batch(1000);
    const seen = new Set<string>();
    const targets = new Set<string>();
    for (const s of statements) {
      if ((s.verb as { id: string }).id === VOIDED_VERB.id) {
        const target = (s.object as { id: string }).id;
        expect(seen.has(target)).toBe(true);
        expect(targets.has(target)).toBe(false);
        targets.add(target);
      }
      seen.add(s.id);
    }
    expect([...targets].sort()).toEqual([...gen.voided].sort());
  });

  it('names its pools so that queries hit them', () => {
    const gen = new StatementGenerator({ seed: 1, agents: 10, courses: 2, registrations: 20 });
    expect(gen.agent(12)).toEqual(gen.agent(2));
    expect(gen.registration(3)).toBe(gen.registration(23));
    expect(gen.question(1, 2, 3)).toBe('https://courses.example.org/c/1/m/2/question/3');
    const agents = new Set(gen.batch(300).map((s) => JSON.stringify(s.actor)));
    expect(agents.size).toBeLessThanOrEqual(10 + gen.instructors);
  });

  it('builds request bodies without ids: an object for one statement, an array for more', () => {
    const [one] = ingestBodies(1, 1, 2);
    const [ten] = ingestBodies(10, 1, 2);
    expect(JSON.parse(one!)).toEqual(expect.objectContaining({ actor: expect.any(Object) }));
    expect(JSON.parse(one!).id).toBeUndefined();
    const list = JSON.parse(ten!) as Record<string, unknown>[];
    expect(list).toHaveLength(10);
    expect(list.every((s) => s.id === undefined)).toBe(true);
  });
});

describe('report formatting', () => {
  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('formats numbers by magnitude', () => {
    expect(num(12345.6)).toBe('12,346');
    expect(num(12.34)).toBe('12.3');
    expect(num(0.123)).toBe('0.12');
    expect(num(Number.NaN)).toBe('—');
    expect(num(3, 0)).toBe('3');
  });

  it('prints a console table with numbers aligned right', () => {
    expect(
      formatTable(
        ['engine', 'st/s', 'p99 ms'],
        [
          ['postgres', 12345.6, '7.0'],
          ['pglite', 950, '123'],
        ],
      ),
    ).toBe(
      [
        'engine    st/s    p99 ms',
        '--------  ------  ------',
        'postgres  12,346     7.0',
        'pglite       950     123',
      ].join('\n'),
    );
  });

  it('prints a Markdown table and target rows', () => {
    expect(markdownTable(['a', 'n'], [['x|y', '1']])).toBe('| a | n |\n| --- | ---: |\n| x\\|y | 1 |');
    expect(
      targetRows([
        { name: 'p', goal: 'g', measured: 'm', met: false },
        { name: 'q', goal: 'g', measured: 'm', met: null },
      ]).map((r) => r[0]),
    ).toEqual(['MISSED', 'n/a']);
  });

  it('writes JSON to a new folder', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-test-')), 'deep', 'r.json');
    writeJson(file, { a: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 });
  });
});

describe('plan check', () => {
  const plan = (removed: number, rows = 101) => [
    {
      Plan: {
        'Node Type': 'Limit',
        'Actual Rows': rows,
        'Actual Loops': 1,
        'Shared Hit Blocks': 10,
        Plans: [
          {
            'Node Type': 'Index Scan',
            'Relation Name': 'statements',
            'Index Name': 'statements_stored_idx',
            'Actual Rows': rows,
            'Actual Loops': 1,
            'Rows Removed by Filter': removed,
          },
        ],
      },
      'Execution Time': 1.5,
    },
  ];
  const explain = (removed: number): ExplainResult => ({
    name: 'agent',
    query: 'agent=…',
    sql: 'SELECT …',
    summary: summarisePlan(plan(removed)),
  });

  it('counts the rows a plan reads and renders it', () => {
    const s = summarisePlan(plan(900));
    expect(s.rowsExamined).toBe(1001);
    expect(s.buffers).toBe(10);
    expect(s.text).toEqual([
      'Limit  rows=101 loops=1',
      '  Index Scan using statements_stored_idx  rows=101 loops=1 removed=900',
    ]);
  });

  it('flags a plan that reads 10× more rows at 10× the data, not one that reads the same', () => {
    expect(checkPlans([explain(9_900)], [explain(99_900)], 100_000, 1_000_000)[0]!.grows).toBe(true);
    expect(checkPlans([explain(0)], [explain(0)], 100_000, 1_000_000)[0]!.grows).toBe(false);
    expect(checkPlans([explain(9_900)], [explain(9_900)], 10_000, 10_000)[0]!.grows).toBe(true);
  });
});
