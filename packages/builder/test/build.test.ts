import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { CourseBundleSchema, RuntimeConfigSchema } from '@course/contracts';
import { buildPackages, checkScormPackage, ContentInvalidError, loadCourse } from '../src/index';
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
      if (error instanceof ContentInvalidError) return error.issues;
      throw error;
    }
    throw new Error('expected the content to be invalid');
  }

  it('reports every problem at once, each with its file, line and what was expected', () => {
    const issues = issuesOf(BROKEN);
    const mod = 'broken/modules/bad/module.yaml';
    const summary = issues.map((i) => `${i.code} ${i.file}:${i.line ?? '-'} ${i.message}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^BLD_SCHEMA ${mod}:5 .*C01 to C13`)),
        expect.stringMatching(new RegExp(`^BLD_SCHEMA ${mod}:7 unknown field "colour"`)),
        expect.stringMatching(new RegExp(`^BLD_SCHEMA ${mod}:29 .*at least one competency`)),
        expect.stringMatching(
          /^BLD_FILE_MISSING broken\/course.yaml:\d+ module folder "absent" has no module.yaml/,
        ),
      ]),
    );
    // The schema problems stop the module before the semantic checks, so fix and re-run to see those.
    expect(issues.length).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate ids, wrong answer keys and missing lessons once the schema is satisfied', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken2-'));
    cpSync(BROKEN, dir, { recursive: true });
    const file = join(dir, 'modules/bad/module.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('[C01, C14]', '[C01]')
        .replace('colour: blue\n', '')
        .replace('competencies: []', 'competencies: [C03]'),
    );
    writeFileSync(
      join(dir, 'course.yaml'),
      readFileSync(join(dir, 'course.yaml'), 'utf8').replace('  - absent\n', ''),
    );
    const issues = issuesOf(dir);
    const rel = `${dir.split('/').pop()}/modules/bad/module.yaml`;
    const summary = issues.map((i) => `${i.code} ${i.file}:${i.line ?? '-'} ${i.message}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        `BLD_FILE_MISSING ${rel}:9 lesson file "lessons/missing.md" not found (expected ${dir.split('/').pop()}/modules/bad/lessons/missing.md)`,
        `BLD_ANSWER_KEY ${rel}:21 answer key "z" matches no choice; expected one of a, b`,
        expect.stringMatching(
          new RegExp(`^BLD_DUPLICATE_ID ${rel}:26 id "bad-q1" is already used at ${rel}:12`),
        ),
        expect.stringMatching(new RegExp(`^BLD_DUPLICATE_ID ${rel}:33 choice id "a" appears twice`)),
        expect.stringMatching(/^BLD_DUPLICATE_ID .*lessons\/one.md:2 id "bad-module" is already used/),
      ]),
    );
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken3-'));
    cpSync(CONTENT, dir, { recursive: true });
    writeFileSync(join(dir, 'course.yaml'), 'id: x\ntitle: [unclosed\nlanguage: en\n');
    const issues = issuesOf(dir);
    expect(issues[0]).toMatchObject({ code: 'BLD_PARSE', file: expect.stringMatching(/course\.yaml$/) });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(2);
  });
});
