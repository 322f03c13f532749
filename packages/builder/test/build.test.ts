import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { CourseBundleSchema, RuntimeConfigSchema } from '@course/contracts';
import {
  buildPackages,
  checkCmi5Package,
  checkScormPackage,
  checkTincanPackage,
  DEFAULT_FORMATS,
  FORMATS,
  isAbsoluteIri,
  type PackageFormat,
  SIZE_BUDGET,
  ContentInvalidError,
  countWords,
  courseStats,
  loadCourse,
} from '../src/index';
import { main } from '../src/cli';
import { normalizedMeasure, SCORM2004_SCHEMA_FILES } from '../src/targets/scorm2004';
import { makeFakePlayer } from './support/fake-player';
import { validateWithOfficialSchemas } from './support/validate-sh';

const CONTENT = resolve(__dirname, '../../../content');
const BROKEN = resolve(__dirname, 'fixtures/broken');

const SCORM12_CONTROL = ['adlcp_rootv1p2.xsd', 'ims_xml.xsd', 'imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd'];
const PLAYER_AND_DATA = ['assets/player.js', 'course.json', 'index.html', 'runtime.json'];
const DESCRIPTOR: Record<PackageFormat, string> = {
  scorm12: 'imsmanifest.xml',
  scorm2004: 'imsmanifest.xml',
  cmi5: 'cmi5.xml',
  tincan: 'tincan.xml',
};
const RUNTIME_TARGET: Record<PackageFormat, string> = {
  scorm12: 'scorm12',
  scorm2004: 'scorm2004',
  cmi5: 'cmi5',
  tincan: 'xapi',
};
const CHECK: Record<PackageFormat, (zip: Uint8Array) => Promise<string[]>> = {
  scorm12: checkScormPackage,
  scorm2004: checkScormPackage,
  cmi5: checkCmi5Package,
  tincan: checkTincanPackage,
};

async function open(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const text = (name: string) => zip.file(name)!.async('string');
  return { zip, text };
}

/** The zip with one entry's text changed. */
async function patched(file: string, entry: string, change: (text: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  zip.file(entry, change(await zip.file(entry)!.async('string')));
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('building packages of every format from the course', () => {
  const playerDir = makeFakePlayer();
  const course = loadCourse(CONTENT);
  const moduleIds = course.modules.map((m) => m.source.id);
  let outDir: string;
  let built: Awaited<ReturnType<typeof buildPackages>>;
  const of = (format: PackageFormat) => built.filter((p) => p.format === format);

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'packages-'));
    built = await buildPackages({ contentDir: CONTENT, outDir, playerDir, formats: [...FORMATS] });
  });

  it('builds the course package and one package per module in every format', () => {
    expect(FORMATS).toEqual(['scorm12', 'scorm2004', 'cmi5', 'tincan']);
    expect(moduleIds).toHaveLength(15);
    expect(built).toHaveLength(FORMATS.length * (1 + moduleIds.length));
    for (const format of FORMATS) {
      expect(of(format).map((p) => p.scope)).toEqual(['course', ...moduleIds]);
      for (const p of of(format)) expect(p.name).toBe(`${course.course.id}-${p.scope}-${format}.zip`);
    }
  });

  it('buildPackages builds SCORM 1.2 alone unless told otherwise', async () => {
    expect(DEFAULT_FORMATS).toEqual(['scorm12']);
    const dflt = await buildPackages({
      contentDir: CONTENT,
      outDir: mkdtempSync(join(tmpdir(), 'default-')),
      playerDir,
      scopes: ['course'],
    });
    expect(dflt.map((p) => p.format)).toEqual(['scorm12']);
  });

  it.each(FORMATS.map((f) => [f]))('every %s package validates against the official schemas', (format) => {
    const kind = format === 'tincan' ? 'tincan' : format;
    for (const p of of(format)) {
      const result = validateWithOfficialSchemas(kind, p.file);
      expect(result.output).toContain(`OK   ${p.file} (${kind})`);
      expect(result.ok).toBe(true);
      // The validator's own detection agrees on the kind.
      expect(validateWithOfficialSchemas('auto', p.file).output).toContain(`(${kind})`);
    }
  });

  it.each(FORMATS.map((f) => [f]))(
    'every %s package passes its referential checks and the size budget, and carries the player, course.json and runtime.json',
    async (format) => {
      for (const p of of(format)) {
        const bytes = readFileSync(p.file);
        expect(await CHECK[format](bytes)).toEqual([]);
        expect(p.bytes).toBeLessThanOrEqual(p.scope === 'course' ? SIZE_BUDGET.course : SIZE_BUDGET.module);
        const { zip, text } = await open(p.file);
        const control =
          format === 'scorm12' ? SCORM12_CONTROL : format === 'scorm2004' ? SCORM2004_SCHEMA_FILES : [];
        expect(Object.keys(zip.files).sort()).toEqual(
          [...PLAYER_AND_DATA, DESCRIPTOR[format], ...control].sort(),
        );
        const bundle = CourseBundleSchema.parse(JSON.parse(await text('course.json')));
        const runtime = RuntimeConfigSchema.parse(JSON.parse(await text('runtime.json')));
        expect(runtime.target).toBe(RUNTIME_TARGET[format]);
        expect(runtime.masteryScore).toBe(bundle.passMark);
        expect(runtime.activityIri).toBe(p.scope === 'course' ? bundle.iri : bundle.modules[0]!.iri);
        expect(runtime.xapiFromScorm).toBe(format === 'scorm12' || format === 'scorm2004');
        expect(bundle.modules.map((m) => m.id)).toEqual(p.scope === 'course' ? moduleIds : [p.scope]);
        // No secret travels inside a package: credentials arrive at launch time.
        expect(JSON.stringify(runtime)).not.toMatch(/auth|secret|password/i);
      }
    },
  );

  it('SCORM 1.2 manifests carry the mastery score and schema version', async () => {
    for (const p of of('scorm12')) {
      const { text } = await open(p.file);
      const bundle = JSON.parse(await text('course.json')) as { passMark: number };
      const manifest = await text('imsmanifest.xml');
      expect(manifest).toContain(`<adlcp:masteryscore>${bundle.passMark}</adlcp:masteryscore>`);
      expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
    }
  });

  it('SCORM 2004 manifests: 4th Edition, one SCO, inline LOM, a primary objective satisfied by measure', async () => {
    for (const p of of('scorm2004')) {
      const { zip, text } = await open(p.file);
      const bundle = JSON.parse(await text('course.json')) as { passMark: number; title: string };
      const manifest = await text('imsmanifest.xml');
      expect(manifest).toContain('<schemaversion>2004 4th Edition</schemaversion>');
      for (const ns of ['imscp_v1p1', 'adlcp_v1p3', 'adlseq_v1p3', 'adlnav_v1p3', 'imsss'])
        expect(manifest).toContain(`/xsd/${ns}"`);
      expect(manifest.match(/adlcp:scormType="sco"/g)).toHaveLength(1);
      expect(manifest).toContain('<lom xmlns="http://ltsc.ieee.org/xsd/LOM">');
      expect(manifest).toMatch(
        new RegExp(
          `<imsss:primaryObjective objectiveID="PRIMARY-OBJ" satisfiedByMeasure="true">\\s*<imsss:minNormalizedMeasure>${bundle.passMark / 100}</imsss:minNormalizedMeasure>`,
        ),
      );
      // Every content file is listed; the control documents sit beside the manifest.
      const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
      expect(listed.sort()).toEqual([...PLAYER_AND_DATA].sort());
      for (const f of SCORM2004_SCHEMA_FILES)
        expect(await zip.file(f)!.async('string')).toBe(
          readFileSync(join(__dirname, '../assets/scorm2004', f), 'utf8'),
        );
    }
    expect(normalizedMeasure(80)).toBe('0.8');
    expect(normalizedMeasure(75)).toBe('0.75');
    expect(normalizedMeasure(100)).toBe('1');
  });

  it('cmi5.xml: the course IRI and one AU per module in scope, launching the player for that module', async () => {
    for (const p of of('cmi5')) {
      const { text } = await open(p.file);
      const bundle = JSON.parse(await text('course.json')) as {
        iri: string;
        passMark: number;
        modules: { id: string; iri: string }[];
      };
      const xml = await text('cmi5.xml');
      expect(xml).toContain(
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">',
      );
      // The course package's id is the course IRI; a module package is a course of its own.
      const courseId = p.scope === 'course' ? bundle.iri : `${bundle.iri}/module-package/${p.scope}`;
      expect(xml).toContain(`<course id="${courseId}">`);
      const aus = [
        ...xml.matchAll(/<au id="([^"]+)" moveOn="([^"]+)" masteryScore="([^"]+)" launchMethod="([^"]+)">/g),
      ];
      expect(aus.map((m) => m[1])).toEqual(bundle.modules.map((m) => m.iri));
      for (const au of aus)
        expect(au.slice(2)).toEqual(['CompletedAndPassed', String(bundle.passMark / 100), 'AnyWindow']);
      expect([...xml.matchAll(/<url>([^<]+)<\/url>/g)].map((m) => m[1])).toEqual(
        bundle.modules.map((m) => `index.html?module=${m.id}`),
      );
      for (const iri of [courseId, ...bundle.modules.map((m) => m.iri)])
        expect(isAbsoluteIri(iri)).toBe(true);
    }
  });

  it('tincan.xml: the course package launches the course activity and lists the modules', async () => {
    for (const p of of('tincan').filter((q) => q.scope === 'course')) {
      const { text } = await open(p.file);
      const bundle = JSON.parse(await text('course.json')) as { iri: string; modules: { iri: string }[] };
      const xml = await text('tincan.xml');
      expect(xml).toContain('<tincan xmlns="http://projecttincan.com/tincan.xsd">');
      expect(xml).toContain(
        `<activity id="${bundle.iri}" type="http://adlnet.gov/expapi/activities/course">`,
      );
      expect(xml.match(/<launch lang="en">index.html<\/launch>/g)).toHaveLength(1);
      const modules = [
        ...xml.matchAll(/<activity id="([^"]+)" type="http:\/\/adlnet.gov\/expapi\/activities\/module">/g),
      ];
      expect(modules.map((m) => m[1])).toEqual(bundle.modules.map((m) => m.iri));
      expect(xml).toMatch(/<name lang="en">[^<]+<\/name>/);
      expect(xml).toMatch(/<description lang="en">[^<]+<\/description>/);
    }
  });

  it('tincan.xml: a module package launches the module activity its statements are about', async () => {
    for (const p of of('tincan').filter((q) => q.scope !== 'course')) {
      const { text } = await open(p.file);
      const bundle = JSON.parse(await text('course.json')) as { modules: { iri: string }[] };
      const runtime = RuntimeConfigSchema.parse(JSON.parse(await text('runtime.json')));
      const xml = await text('tincan.xml');
      const activities = [...xml.matchAll(/<activity id="([^"]+)" type="([^"]+)">/g)];
      expect(activities.map((m) => [m[1], m[2]])).toEqual([
        [bundle.modules[0]!.iri, 'http://adlnet.gov/expapi/activities/module'],
      ]);
      expect(runtime.activityIri).toBe(bundle.modules[0]!.iri);
    }
  });

  it('rebuilding the same content gives byte-identical zips in every format', async () => {
    const again = await buildPackages({
      contentDir: CONTENT,
      outDir: mkdtempSync(join(tmpdir(), 'again-')),
      playerDir,
      formats: [...FORMATS],
    });
    expect(again.map((p) => p.sha256)).toEqual(built.map((p) => p.sha256));
    expect(new Set(built.map((p) => p.sha256)).size).toBe(built.length);
  });

  it('the CLI lists every format in its help and refuses an unknown one with exit code 2', async () => {
    const logs: string[] = [];
    const errors: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void logs.push(m));
    const error = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await main(['--help'])).toBe(0);
      for (const f of FORMATS) expect(logs.join('\n')).toMatch(new RegExp(`^ +${f} +\\S`, 'm'));
      expect(await main(['--format', 'pdf'])).toBe(2);
      expect(errors.join('\n')).toContain(
        'unknown format "pdf"; expected one of scorm12, scorm2004, cmi5, tincan',
      );
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });

  it('a SCORM package with an unlisted file fails the referential checks', async () => {
    const zip = await JSZip.loadAsync(readFileSync(of('scorm12')[0]!.file));
    zip.file('stray.txt', 'not in the manifest');
    zip.file('zz/evil.js', 'x');
    // JSZip will not write "../" itself, so rename the entry in the raw bytes (same length).
    const raw = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    const bytes = Buffer.from(raw.toString('latin1').split('zz/evil.js').join('../evil.js'), 'latin1');
    const problems = await checkScormPackage(bytes);
    expect(problems).toEqual(
      expect.arrayContaining([
        'file stray.txt is in the zip but not listed in the manifest',
        'unsafe path in zip: ../evil.js',
      ]),
    );
  });

  it('a broken SCORM 2004 manifest fails the referential checks', async () => {
    const file = of('scorm2004')[0]!.file;
    const zip = await JSZip.loadAsync(
      await patched(file, 'imsmanifest.xml', (xml) =>
        xml
          .replace('<file href="course.json"/>', '<file href="missing.json"/>')
          .replace('identifierref="RES-SCO"', 'identifierref="RES-NONE"')
          .replace('<file href="index.html"/>', '<file href="../index.html"/>'),
      ),
    );
    zip.remove('lom.xsd');
    const problems = await checkScormPackage(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'item identifierref="RES-NONE" names no resource',
        'listed file missing.json is not in the zip',
        'file course.json is in the zip but not listed in the manifest',
        'manifest reference ../index.html is not a safe relative path',
        'SCORM 2004 control document lom.xsd is not in the zip',
      ]),
    );
  });

  it('a broken cmi5.xml fails the cmi5 checks: missing launch file, ids that are not IRIs, unsafe url', async () => {
    const file = of('cmi5')[0]!.file;
    const course = (await (await open(file)).text('cmi5.xml')).match(/<course id="([^"]+)"/)![1]!;
    const bytes = await patched(file, 'cmi5.xml', (xml) => {
      const urls = [...xml.matchAll(/<url>[^<]+<\/url>/g)].map((m) => m[0]);
      return xml
        .replace(`<course id="${course}">`, '<course id="@@config.courseId">')
        .replace(urls[0]!, '<url>player.html?module=m01</url>')
        .replace(urls[1]!, '<url>../index.html</url>')
        .replace(/<au id="[^"]+\/m03"/, '<au id="m03"');
    });
    expect(await checkCmi5Package(bytes)).toEqual(
      expect.arrayContaining([
        'id "@@config.courseId" is not an absolute IRI',
        'id "m03" is not an absolute IRI',
        'AU url player.html?module=m01 names no file in the zip',
        'AU url ../index.html is not a safe relative path',
      ]),
    );
    const zip = await JSZip.loadAsync(readFileSync(file));
    zip.remove('cmi5.xml');
    zip.file('course/cmi5.xml', 'nested');
    expect(await checkCmi5Package(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual([
      'cmi5.xml is not at the zip root',
    ]);
  });

  it('a broken tincan.xml fails the xAPI checks: two launches, a missing launch file, a non-IRI id', async () => {
    const file = of('tincan')[0]!.file;
    const bytes = await patched(file, 'tincan.xml', (xml) =>
      xml
        .replace('<launch lang="en">index.html</launch>', '<launch lang="en">start.html</launch>')
        .replace(/(<activity id=")[^"]+\/m01(")/, '$1urn m01$2')
        .replace(
          '</description>\n    </activity>\n  </activities>',
          '</description>\n      <launch>/etc/passwd</launch>\n    </activity>\n  </activities>',
        ),
    );
    expect(await checkTincanPackage(bytes)).toEqual(
      expect.arrayContaining([
        'activity id "urn m01" is not an absolute IRI',
        'tincan.xml has 2 launchable activities; expected exactly 1',
        'launch file start.html is not in the zip',
        'launch /etc/passwd is not a safe relative path',
      ]),
    );
  });

  it('accepts absolute IRIs and rejects what is not one', () => {
    for (const ok of [
      'https://courses.example.org/c/m01',
      'urn:uuid:1f6e4c9a-1111-4222-8333-444455556666',
      'http://例え.jp/コース',
    ])
      expect(isAbsoluteIri(ok)).toBe(true);
    for (const bad of [
      'm01',
      '/c/m01',
      'https:///no-host',
      'https://ex.org/a b',
      '@@config.id',
      'https://ex.org/%zz',
      '',
    ])
      expect(isAbsoluteIri(bad)).toBe(false);
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
