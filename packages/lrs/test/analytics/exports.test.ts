import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import request from 'supertest';
import { drained } from '../../src/http/routes/analytics.js';
import { csvCell } from '../../src/service/analytics/csv.js';
import { A, CATALOGUE, fixtureBatches, ITEM, learnerIfi, S } from '../support/analytics-fixture.js';
import { postStatements, testLrs, type TestLrs } from '../support/fixtures.js';

let lrs: TestLrs;
let statements = 0;
const BOM = '\uFEFF';

/** A CSV text (as the exports write it) parsed into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const download = (path: string) =>
  request(lrs.app)
    .get(`/analytics/v1/export/${path}`)
    .set('Authorization', lrs.auth.analytics)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => done(null, text));
    });

beforeAll(async () => {
  lrs = await testLrs({ analytics: CATALOGUE, bodyLimit: '2mb' });
  for (const batch of fixtureBatches()) {
    await postStatements(lrs, batch).expect(200);
    statements += batch.length;
  }
});
afterAll(() => lrs.close());

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [-0.25, '-0.25'],
    [null, ''],
    [true, 'true'],
    ['مهرب', 'مهرب'],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('waiting for a slow reader of an export', () => {
  it('leaves no listener behind after each drain, and resolves on close', async () => {
    const out = new EventEmitter();
    for (let i = 0; i < 25; i++) {
      const waiting = drained(out);
      out.emit('drain');
      await waiting;
    }
    expect(out.listenerCount('close')).toBe(0);
    expect(out.listenerCount('drain')).toBe(0);
    const gone = drained(out);
    out.emit('close');
    await gone;
    expect(out.listenerCount('drain')).toBe(0);
  });
});

describe('exports', () => {
  it('mastery.csv: one row per learner × competency, streamed, with a byte-order mark', async () => {
    const res = await download('mastery.csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="mastery-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.body as string;
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
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
    ]);
    expect(rows).toHaveLength(5 * 13);
    expect(rows).toContainEqual([
      learnerIfi(A),
      'Amal',
      'X',
      'C01',
      'Competency C01',
      '3',
      '3',
      '1',
      'mastered',
      '7',
    ]);
    expect(rows).toContainEqual([
      learnerIfi(A),
      'Amal',
      'X',
      'C02',
      'Competency C02',
      '2',
      '1',
      '0.5',
      'not-mastered',
      '7',
    ]);
    expect(rows).toContainEqual([
      learnerIfi(A),
      'Amal',
      'X',
      'C03',
      'Competency C03',
      '0',
      '0',
      '',
      'no-evidence',
      '',
    ]);
  });

  it('mastery.csv?layout=wide: one row per learner, and the filters apply', async () => {
    const [header, ...rows] = parseCsv(
      ((await download('mastery.csv?layout=wide&cohort=X')).body as string).slice(1),
    );
    expect(header!.slice(0, 6)).toEqual([
      'learner',
      'name',
      'cohort',
      'C01_status',
      'C01_evidence',
      'C01_correct',
    ]);
    expect(header).toHaveLength(3 + 13 * 3);
    expect(rows.map((r) => r[1]).sort()).toEqual(['Amal', 'Bruno']);
    await request(lrs.app)
      .get('/analytics/v1/export/mastery.csv?layout=tall')
      .set('Authorization', lrs.auth.analytics)
      .expect(400);
  });

  it('items.csv: the item analysis, first responses with the correct ones starred', async () => {
    const [header, ...rows] = parseCsv(
      ((await download(`items.csv?competency=C01`)).body as string).slice(1),
    );
    expect(header).toEqual([
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
    ]);
    const q1 = rows.find((r) => r[0] === ITEM('q1'))!;
    expect(q1).toEqual([
      ITEM('q1'),
      'Item q1',
      `${CATALOGUE.modules[1]!.iri}`,
      'Module 1: Basics',
      'scored',
      'choice',
      'C01',
      '8',
      '6',
      '5',
      '3',
      '0.6',
      '0.3273',
      '',
      'a*=3; b=1; c=1',
    ]);
    expect(rows.map((r) => r[0]!.split('/').pop()).sort()).toEqual(['p1', 'q1', 'q2']);
  });

  it('statements.csv: every stored statement flattened, paged through in stored order', async () => {
    // More statements than one page of the export (1,000), with text a spreadsheet must not run.
    const tricky = { key: 'tricky', name: '=cmd|calc', cohort: 'Z' };
    const many = Array.from({ length: 1100 }, (_, i) =>
      S.answered(tricky, 'q1', i === 0 ? 'a, "b"' : 'a', true),
    );
    for (let i = 0; i < many.length; i += 550) await postStatements(lrs, many.slice(i, i + 550)).expect(200);
    const res = await download('statements.csv?json=true').expect(200);
    const [header, ...rows] = parseCsv((res.body as string).slice(1));
    expect(header!.slice(0, 4)).toEqual(['id', 'stored', 'timestamp', 'actor']);
    expect(header!.at(-1)).toBe('statement');
    expect(rows).toHaveLength(statements + 1100);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    const col = (name: string) => header!.indexOf(name);
    const first = rows.find((r) => r[col('response')] === 'a, "b"')!;
    expect(first[col('actor_name')]).toBe("'=cmd|calc");
    expect(first[col('cohort')]).toBe('Z');
    expect(first[col('competencies')]).toBe('C01');
    expect(first[col('success')]).toBe('true');
    expect(JSON.parse(first[col('statement')]!)).toMatchObject({ id: first[0] });
    const stored = rows.map((r) => r[col('stored')]!);
    expect([...stored].sort()).toEqual(stored);

    const mine = await download(`statements.csv?learner=${encodeURIComponent(learnerIfi(A))}`);
    expect(parseCsv((mine.body as string).slice(1))).toHaveLength(1 + 10);
  });
});

describe('the dashboard route', () => {
  it('redirects /dashboard to /dashboard/ and serves the build with a strict content security policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dashboard</title>');
    try {
      const served = await testLrs({ dashboardDir: dir });
      await request(served.app).get('/dashboard').expect(301).expect('Location', '/dashboard/');
      const page = await request(served.app).get('/dashboard/').expect(200);
      expect(page.text).toContain('<title>Dashboard</title>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      await served.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with the build command when the dashboard is not built', async () => {
    const res = await request(lrs.app).get('/dashboard/').expect(503);
    expect(res.text).toContain('npm run build -w @course/dashboard');
  });

  it('a 401 to a script that says X-Requested-With carries no Basic challenge (no browser dialog)', async () => {
    const plain = await request(lrs.app).get('/analytics/v1/overview').expect(401);
    expect(plain.headers['www-authenticate']).toBe('Basic realm="xAPI"');
    const script = await request(lrs.app)
      .get('/analytics/v1/overview')
      .set('X-Requested-With', 'dashboard')
      .expect(401);
    expect(script.headers['www-authenticate']).toBeUndefined();
  });
});
