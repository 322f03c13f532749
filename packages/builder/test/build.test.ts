import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { CourseBundleSchema, RuntimeConfigSchema } from '@course/contracts';
import {
  buildPackages,
  checkScormPackage,
  ContentInvalidError,
  countWords,
  courseStats,
  loadCourse,
} from '../src/index';
import { main } from '../src/cli';
import { makeFakePlayer } from './support/fake-player';
import { validateWithOfficialSchemas } from './support/validate-sh';

const CONTENT = resolve(__dirname, '../../../content');
const BROKEN = resolve(__dirname, 'fixtures/broken');

describe('building SCORM 1.2 packages from the course', () => {
  const playerDir = makeFakePlayer();
  let outDir: string;
  let built: Awaited<ReturnType<typeof buildPackages>>;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'packages-'));
    built = await buildPackages({ contentDir: CONTENT, outDir, playerDir });
  });

  it('builds the course package and one package per module', () => {
    const course = loadCourse(CONTENT);
    expect(built.map((p) => p.scope)).toEqual(['course', ...course.modules.map((m) => m.source.id)]);
    for (const p of built) expect(p.name).toBe(`${course.course.id}-${p.scope}-scorm12.zip`);
  });

  it('every package validates against the official SCORM 1.2 schemas', () => {
    for (const p of built) {
      const result = validateWithOfficialSchemas('scorm12', p.file);
      expect(result.output).toContain('OK');
      expect(result.ok).toBe(true);
    }
  });

  it('every package passes the referential checks and carries the player, course.json and runtime.json', async () => {
    for (const p of built) {
      const bytes = readFileSync(p.file);
      expect(await checkScormPackage(bytes)).toEqual([]);
      const zip = await JSZip.loadAsync(bytes);
      expect(Object.keys(zip.files).sort()).toEqual([
        'adlcp_rootv1p2.xsd',
        'assets/player.js',
        'course.json',
        'ims_xml.xsd',
        'imscp_rootv1p1p2.xsd',
        'imsmanifest.xml',
        'imsmd_rootv1p2p1.xsd',
        'index.html',
        'runtime.json',
      ]);
      const bundle = CourseBundleSchema.parse(JSON.parse(await zip.file('course.json')!.async('string')));
      const runtime = RuntimeConfigSchema.parse(JSON.parse(await zip.file('runtime.json')!.async('string')));
      expect(runtime.target).toBe('scorm12');
      expect(runtime.masteryScore).toBe(bundle.passMark);
      const manifest = await zip.file('imsmanifest.xml')!.async('string');
      expect(manifest).toContain(`<adlcp:masteryscore>${bundle.passMark}</adlcp:masteryscore>`);
      expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
      // No secret travels inside a package: credentials arrive at launch time.
      expect(JSON.stringify(runtime)).not.toMatch(/auth|secret|password/i);
    }
  });

  it('rebuilding the same content gives byte-identical zips', async () => {
    const again = await buildPackages({
      contentDir: CONTENT,
      outDir: mkdtempSync(join(tmpdir(), 'again-')),
      playerDir,
    });
    expect(again.map((p) => p.sha256)).toEqual(built.map((p) => p.sha256));
  });

  it('a package with an unlisted file fails the referential checks', async () => {
    const zip = await JSZip.loadAsync(readFileSync(built[0]!.file));
    zip.file('stray.txt', 'not in the manifest');
    zip.file('zz/evil.js', 'x');
    // JSZip will not write "../" itself, so rename the entry in the raw bytes (same length).
    const raw = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    const patched = Buffer.from(raw.toString('latin1').split('zz/evil.js').join('../evil.js'), 'latin1');
    const problems = await checkScormPackage(patched);
    expect(problems).toEqual(
      expect.arrayContaining([
        'file stray.txt is in the zip but not listed in the manifest',
        'unsafe path in zip: ../evil.js',
      ]),
    );
  });
});

describe('content validation', () => {
  function issuesOf(dir: string) {
    try {
      loadCourse(dir);
    } catch (error) {
      if (error instanceof ContentInvalidError)
        return error.issues.map((i) => `${i.code} ${i.file}:${i.line ?? '-'} ${i.message}`);
      throw error;
    }
    throw new Error('expected the content to be invalid');
  }

  /** The broken fixture with its module.yaml repaired, so that the checks behind it run. */
  function deepFixture(): { dir: string; rel: (f: string) => string } {
    const dir = mkdtempSync(join(tmpdir(), 'deep-'));
    cpSync(BROKEN, dir, { recursive: true });
    const file = join(dir, 'modules/bad/module.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('[C01, C14]', '[C01]').replace('colour: blue\n', ''),
    );
    writeFileSync(
      join(dir, 'course.yaml'),
      readFileSync(join(dir, 'course.yaml'), 'utf8').replace('  - absent\n', ''),
    );
    return { dir, rel: (f) => `${dir.split('/').pop()}/modules/bad/${f}` };
  }

  it('reports schema problems in module.yaml and missing module folders, each with file and line', () => {
    const mod = 'broken/modules/bad/module.yaml';
    expect(issuesOf(BROKEN)).toEqual([
      `BLD_SCHEMA ${mod}:5 a competency id C01 to C13`,
      `BLD_SCHEMA ${mod}:7 unknown field "colour"; check the spelling`,
      expect.stringMatching(
        /^BLD_FILE_MISSING broken\/course.yaml:\d+ module folder "absent" has no module.yaml/,
      ),
    ]);
  });

  it('reports every deeper problem at once: ids, answer keys, scenario graph, citations, alt text, assets', () => {
    const { dir, rel } = deepFixture();
    const issues = issuesOf(dir);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^BLD_DUPLICATE_ID ${rel('lessons/one.md')}:2 id "bad-module" is already used at ${rel('module.yaml')}:1`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_CITATION ${rel('lessons/one.md')}:8 figure "35%" has no source`),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_ALT_TEXT ${rel('lessons/one.md')}:10 image "media/map.svg" has no alt text`),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_ASSET ${rel('lessons/one.md')}:14 image "media/missing.png" not found`),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_SCHEMA ${rel('lessons/one.md')}:23 row has 3 cells; expected 2`),
        ),
        `BLD_FILE_MISSING ${rel('module.yaml')}:11 lesson file "lessons/missing.md" not found (expected ${rel('lessons/missing.md')})`,
        expect.stringMatching(new RegExp(`^BLD_CITATION ${rel('case-study.md')}:2 a case about real events`)),
        `BLD_SCENARIO ${rel('scenario.yaml')}:18 choice leads to "n9", which is not a node of this scenario`,
        `BLD_SCENARIO ${rel('scenario.yaml')}:42 node "orphan" cannot be reached from the start node "n1"`,
        `BLD_SCENARIO ${rel('scenario.yaml')}:20 from node "n2" no path leads to an ending`,
        `BLD_ANSWER_KEY ${rel('knowledge-check.yaml')}:11 answer key "z" matches no choice; expected one of a, b`,
        expect.stringMatching(
          new RegExp(
            `^BLD_DUPLICATE_ID ${rel('knowledge-check.yaml')}:16 id "bad-q1" is already used at ${rel('knowledge-check.yaml')}:2`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_DUPLICATE_ID ${rel('knowledge-check.yaml')}:20 id "a" appears twice in choices`),
        ),
        expect.stringMatching(
          new RegExp(`^BLD_ANSWER_KEY ${rel('knowledge-check.yaml')}:27 answer key "x" matches no choice`),
        ),
        expect.stringMatching(
          new RegExp(
            `^BLD_ANSWER_KEY ${rel('knowledge-check.yaml')}:50 category "slavery" matches no category`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^BLD_SCHEMA ${rel('knowledge-check.yaml')}:56 unknown type; expected one of single-choice`,
          ),
        ),
      ]),
    );
    // A figure that carries its source in the paragraph is not flagged.
    expect(issues.filter((i) => i.includes('2,300'))).toEqual([]);
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken3-'));
    cpSync(CONTENT, dir, { recursive: true });
    writeFileSync(join(dir, 'course.yaml'), 'id: x\ntitle: [unclosed\nlanguage: en\n');
    const [first] = issuesOf(dir);
    expect(first).toMatch(/^BLD_PARSE .*course\.yaml:[2-9] YAML syntax/);
  });

  it('the CLI exits 1 on invalid content and 2 on a usage error, naming the problem', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await main(['check', '--content', BROKEN])).toBe(1);
      expect(errors.join('\n')).toContain('broken/modules/bad/module.yaml:5');
      expect(await main(['--scope', 'everything'])).toBe(2);
      expect(errors.join('\n')).toContain('unknown scope "everything"');
      expect(await main(['--bogus'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('content statistics', () => {
  it('counts lessons, prose words, interactions, scored items by type and competency, scenario decisions and endings', () => {
    const stats = courseStats(loadCourse(CONTENT));
    expect(stats.course.modules).toBe(stats.modules.length);
    for (const m of stats.modules) {
      expect(m.words).toBe(m.lessonWords.reduce((a, b) => a + b, 0));
      expect(Object.values(m.itemTypes).reduce((a, b) => a + b, 0)).toBe(m.items);
    }
    expect(Object.keys(stats.course.competencies).sort()).toEqual([
      'C01',
      'C02',
      'C03',
      'C04',
      'C05',
      'C06',
      'C07',
      'C08',
      'C09',
      'C10',
      'C11',
      'C12',
      'C13',
    ]);
    expect(stats.course.items).toBe(stats.modules.reduce((n, m) => n + m.items, 0));
  });

  it('counts words as a reader would', () => {
    expect(
      countWords('The **Protocol** (art. 3(a)) — see [the text](https://example.org/x).\n\n- one\n- two'),
    ).toBe(9);
  });
});
