import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { competencyIri, DEFAULT_LMS_OPTIONS, RuntimeConfigSchema } from '@course/contracts';
import { buildPackages, checkScormPackage, loadCourse, UsageError } from '../src/index';
import { main } from '../src/cli';
import { findXmllint, validateAgainstSchema } from '../src/schema-check';
import { makeFakePlayer } from './support/fake-player';
import { validateWithOfficialSchemas } from './support/validate-sh';

const CONTENT = resolve(__dirname, '../../../content');
const playerDir = makeFakePlayer();
const course = loadCourse(CONTENT);

async function entries(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return { zip, text: (name: string) => zip.file(name)!.async('string') };
}

const outDir = () => mkdtempSync(join(tmpdir(), 'options-'));

describe('SCORM 2004 course as one SCO per module (sequencing and global objectives)', () => {
  let file: string;
  let manifest: string;

  beforeAll(async () => {
    const [built] = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      formats: ['scorm2004'],
      scopes: ['course'],
      scorm2004Structure: 'sco-per-module',
    });
    file = built!.file;
    expect(built!.schema).toBe('valid');
    manifest = await (await entries(file)).text('imsmanifest.xml');
  });

  it('validates against the official schemas and passes the referential checks', async () => {
    const result = validateWithOfficialSchemas('scorm2004', file);
    expect(result.output).toContain('OK');
    expect(result.ok).toBe(true);
    expect(await checkScormPackage(readFileSync(file))).toEqual([]);
  });

  it('has one item per module, each launching the SCO with its module parameter', () => {
    const items = [
      ...manifest.matchAll(
        /<item identifier="([^"]+)" identifierref="RES-SCO" isvisible="true" parameters="([^"]+)">/g,
      ),
    ];
    expect(items.map((m) => [m[1], m[2]])).toEqual(
      course.modules.map((m) => [`ITEM-${m.source.id}`, `?module=${m.source.id}`]),
    );
    // One resource serves every item: the player picks the module from the parameter.
    expect(manifest.match(/<resource /g)).toHaveLength(1);
  });

  it('gives each module a primary objective satisfied by measure and writes a global objective per competency', () => {
    for (const m of course.modules) {
      const block = manifest.slice(
        manifest.indexOf(`<item identifier="ITEM-${m.source.id}"`),
        manifest.indexOf('</item>', manifest.indexOf(`<item identifier="ITEM-${m.source.id}"`)),
      );
      expect(block).toContain(
        `<imsss:primaryObjective objectiveID="PRIMARY-${m.source.id}" satisfiedByMeasure="true">`,
      );
      expect(block).toContain(
        `<imsss:minNormalizedMeasure>${course.course.passMark / 100}</imsss:minNormalizedMeasure>`,
      );
      const assessed = [...new Set(m.knowledgeCheck.flatMap((i) => i.competencies))].sort();
      const mapped = [
        ...block.matchAll(
          /<imsss:objective objectiveID="(C\d\d)">\s*<imsss:mapInfo targetObjectiveID="([^"]+)" readSatisfiedStatus="false" readNormalizedMeasure="false" writeSatisfiedStatus="true" writeNormalizedMeasure="true"\/>/g,
        ),
      ];
      expect(mapped.map((x) => x[1])).toEqual(assessed);
      for (const x of mapped) expect(x[2]).toBe(competencyIri(course.course.iriBase, x[1] as 'C01'));
    }
  });

  it('navigates by flow and choice and rolls up completion and satisfaction from all modules', () => {
    const root = manifest.slice(manifest.lastIndexOf('</item>'));
    expect(root).toContain('<imsss:controlMode choice="true" flow="true"/>');
    expect(root).toContain(
      '<imsss:rollupRules rollupObjectiveSatisfied="true" rollupProgressCompletion="true">',
    );
    const rules = [
      ...root.matchAll(
        /<imsss:rollupRule childActivitySet="(\w+)">\s*<imsss:rollupConditions>\s*<imsss:rollupCondition (?:operator="not" )?condition="(\w+)"\/>\s*<\/imsss:rollupConditions>\s*<imsss:rollupAction action="(\w+)"\/>/g,
      ),
    ].map((m) => `${m[1]} ${m[2]} -> ${m[3]}`);
    expect(rules).toEqual([
      'all satisfied -> satisfied',
      'any satisfied -> notSatisfied',
      'all completed -> completed',
      'any completed -> incomplete',
    ]);
    expect(root.match(/operator="not"/g)).toHaveLength(2);
  });

  it('module packages stay single-SCO whatever the structure option', async () => {
    const built = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      formats: ['scorm2004'],
      scopes: ['modules'],
      scorm2004Structure: 'sco-per-module',
    });
    for (const p of built) {
      const text = await (await entries(p.file)).text('imsmanifest.xml');
      expect(text).toContain('<item identifier="ITEM-1" identifierref="RES-SCO" isvisible="true">');
      expect(text).not.toContain('parameters=');
    }
  });
});

describe('options for known LMS differences', () => {
  it('runtime.json carries the defaults, and every option the builder is given', async () => {
    const [dflt] = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      scopes: ['course'],
    });
    const runtime = RuntimeConfigSchema.parse(
      JSON.parse(await (await entries(dflt!.file)).text('runtime.json')),
    );
    expect(runtime.lms).toEqual(DEFAULT_LMS_OPTIONS);
    expect(DEFAULT_LMS_OPTIONS).toEqual({
      scorm12OnPass: 'passed',
      scorm12OnFail: 'failed',
      completeWhenFailed: true,
      exitWhenIncomplete: 'suspend',
      uniqueInteractionIds: false,
    });

    const lms = {
      scorm12OnPass: 'completed',
      scorm12OnFail: 'incomplete',
      completeWhenFailed: false,
      exitWhenIncomplete: 'normal',
      uniqueInteractionIds: true,
    } as const;
    const [custom] = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      scopes: ['course'],
      lms,
    });
    const customRuntime = JSON.parse(await (await entries(custom!.file)).text('runtime.json')) as {
      lms: unknown;
    };
    expect(customRuntime.lms).toEqual(lms);
    // Different options, different build: the build id and the bytes change.
    expect(custom!.sha256).not.toBe(dflt!.sha256);
  });

  it('the manifest identifier base is an option; scope and format are appended', async () => {
    const built = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      formats: ['scorm12', 'scorm2004'],
      scopes: ['course'],
      manifestIdentifier: 'acme-tenant-2026.1',
    });
    for (const p of built) {
      const text = await (await entries(p.file)).text('imsmanifest.xml');
      expect(text).toContain(`<manifest identifier="acme-tenant-2026.1-course-${p.format}"`);
    }
  });

  it('bad options are usage errors naming the problem', async () => {
    const base = { contentDir: CONTENT, outDir: outDir(), playerDir };
    await expect(buildPackages({ ...base, lms: { scorm12OnPass: 'done' as 'passed' } })).rejects.toThrow(
      /invalid LMS option: scorm12OnPass/,
    );
    await expect(buildPackages({ ...base, manifestIdentifier: '1 bad id' })).rejects.toThrow(UsageError);
    await expect(buildPackages({ ...base, scorm2004Structure: 'tree' as 'single-sco' })).rejects.toThrow(
      /unknown SCORM 2004 structure "tree"/,
    );
  });

  it('the CLI takes the options, rejects bad values with exit code 2 and documents them in --help', async () => {
    const logs: string[] = [];
    const errors: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void logs.push(m));
    const error = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await main(['--help'])).toBe(0);
      for (const flag of [
        '--scorm2004-structure',
        '--scorm12-on-pass',
        '--scorm12-on-fail',
        '--incomplete-when-failed',
        '--exit-when-incomplete',
        '--unique-interaction-ids',
        '--manifest-id',
        '--no-schema',
      ])
        expect(logs.join('\n')).toContain(flag);
      expect(await main(['--content', CONTENT, '--out', outDir(), '--scorm12-on-fail', 'maybe'])).toBe(2);
      expect(errors.join('\n')).toMatch(/invalid LMS option: scorm12OnFail/);
      errors.length = 0;

      logs.length = 0;
      const out = outDir();
      const code = await main([
        '--content',
        CONTENT,
        '--out',
        out,
        '--format',
        'scorm12',
        '--scope',
        'course',
        '--scorm12-on-pass',
        'completed',
        '--exit-when-incomplete',
        'normal',
        '--unique-interaction-ids',
        '--manifest-id',
        'tenant-a',
      ]);
      // The CLI bundles the real player, which `npm test` builds before jest runs.
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      const runtime = JSON.parse(
        await (await entries(join(out, `${course.course.id}-course-scorm12.zip`))).text('runtime.json'),
      ) as { lms: Record<string, unknown> };
      expect(runtime.lms).toMatchObject({
        scorm12OnPass: 'completed',
        exitWhenIncomplete: 'normal',
        uniqueInteractionIds: true,
      });
      const manifest = await (
        await entries(join(out, `${course.course.id}-course-scorm12.zip`))
      ).text('imsmanifest.xml');
      expect(manifest).toContain('<manifest identifier="tenant-a-course-scorm12"');
      expect(logs.join('\n')).toMatch(/references valid; schema valid/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

describe('the official-schema gate inside the builder', () => {
  const xmllint = findXmllint();
  let scorm2004: string;
  let cmi5: string;

  beforeAll(async () => {
    const built = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir,
      formats: ['scorm2004', 'cmi5'],
      scopes: ['course'],
    });
    scorm2004 = built[0]!.file;
    cmi5 = built[1]!.file;
  });

  it('xmllint is installed where the tests run (CI installs libxml2-utils)', () => {
    expect(xmllint).not.toBeNull();
  });

  it('reports schema errors with their line, and nothing for a valid package', async () => {
    expect(await validateAgainstSchema(xmllint!, 'scorm2004', readFileSync(scorm2004))).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(scorm2004));
    const manifest = await zip.file('imsmanifest.xml')!.async('string');
    zip.file('imsmanifest.xml', manifest.replace('adlcp:scormType="sco"', 'adlcp:scormType="SCO"'));
    const broken = await zip.generateAsync({ type: 'uint8array' });
    const problems = await validateAgainstSchema(xmllint!, 'scorm2004', broken);
    expect(problems.join('\n')).toMatch(/imsmanifest\.xml:\d+: .*scormType.*SCO/);

    const cmi5Zip = await JSZip.loadAsync(readFileSync(cmi5));
    const xml = await cmi5Zip.file('cmi5.xml')!.async('string');
    cmi5Zip.file('cmi5.xml', xml.replace(/moveOn="CompletedAndPassed"/g, 'moveOn="Whenever"'));
    const cmi5Problems = await validateAgainstSchema(
      xmllint!,
      'cmi5',
      await cmi5Zip.generateAsync({ type: 'uint8array' }),
    );
    expect(cmi5Problems.join('\n')).toMatch(/cmi5\.xml:\d+: .*moveOn.*Whenever/);
  });

  it('no schema shipped in a package refers to the network', async () => {
    const { zip } = await entries(scorm2004);
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xsd'))) {
      const text = await zip.file(name)!.async('string');
      expect({
        name,
        remote: /<(?:\w+:)?(?:import|include|redefine)\b[^>]*schemaLocation\s*=\s*"https?:/.test(text),
      }).toEqual({ name, remote: false });
    }
  });
});
