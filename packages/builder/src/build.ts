import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  competencyIri,
  LmsOptionsSchema,
  RuntimeConfigSchema,
  type CompetencyId,
  type CourseBundle,
  type LmsOptions,
  type RuntimeConfig,
} from '@course/contracts';
import { loadCourse, type LoadedCourse, type LoadedModule } from './content/load.js';
import { toCourseBundle, type AssetMap } from './content/normalize.js';
import { PackageInvalidError, UsageError } from './issues.js';
import { cmi5AuUrl, cmi5CourseStructure } from './targets/cmi5.js';
import { SCORM12_SCHEMA_FILES, scorm12Manifest } from './targets/scorm12.js';
import { SCORM2004_SCHEMA_FILES, scorm2004Manifest } from './targets/scorm2004.js';
import { tincanXml, XAPI_MODULE_TYPE } from './targets/tincan.js';
import { findXmllint, validateAgainstSchema } from './schema-check.js';
import { checkCmi5Package, checkScormPackage, checkTincanPackage } from './validate-package.js';
import { deterministicZip } from './zip.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PLAYER_DIR = resolve(here, '../../course-player/dist');
const SCORM12_ASSETS = resolve(here, '../assets/scorm12');
const SCORM2004_ASSETS = resolve(here, '../assets/scorm2004');

export const FORMATS = ['scorm12', 'scorm2004', 'cmi5', 'tincan'] as const;
export type PackageFormat = (typeof FORMATS)[number];
/**
 * What `buildPackages` builds when no format is named: the formats the preview LMS (SCORM 1.2 API,
 * imports by imsmanifest.xml) can run, since `npm start` imports everything it builds. The CLI
 * builds every format by default.
 */
export const DEFAULT_FORMATS: PackageFormat[] = ['scorm12'];

/** Size budgets from the LMS research: module packages stay small enough for any LMS upload limit. */
export const SIZE_BUDGET = { module: 10 * 1024 * 1024, course: 25 * 1024 * 1024 };

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  /** Default: DEFAULT_FORMATS (SCORM 1.2). */
  formats?: PackageFormat[];
  /** 'course' for the whole course, 'modules' for one package per module, or both (default). */
  scopes?: ('course' | 'modules')[];
  playerDir?: string;
  /** SCORM packages also send xAPI statements when the LMS launches them with xAPI launch parameters. */
  xapiFromScorm?: boolean;
  /** Options for known LMS differences (statuses, completion when failed, exit, interaction ids). */
  lms?: Partial<LmsOptions>;
  /**
   * Base of the SCORM manifest identifier (default: the course id). Some LMSs key an upload by it:
   * give each release or each tenant its own. The scope and format are appended.
   */
  manifestIdentifier?: string;
  /** SCORM 2004 course package: one SCO (default) or one SCO per module with sequencing and global objectives. */
  scorm2004Structure?: Scorm2004Structure;
  /** Also validate each descriptor against the official schemas with xmllint (default: when xmllint is installed). */
  schemaCheck?: boolean;
  onProgress?: (message: string) => void;
}

export const SCORM2004_STRUCTURES = ['single-sco', 'sco-per-module'] as const;
export type Scorm2004Structure = (typeof SCORM2004_STRUCTURES)[number];

export interface BuiltPackage {
  name: string;
  file: string;
  format: PackageFormat;
  scope: string;
  bytes: number;
  items: number;
  sha256: string;
  /** Result of the official-schema validation: "valid", or "not checked (…)" when xmllint is absent. */
  schema: string;
}

interface PackageSettings {
  xapiFromScorm: boolean;
  lms: LmsOptions;
  manifestIdentifier: string;
  scorm2004Structure: Scorm2004Structure;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(relative(dir, abs).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

function readPlayer(playerDir: string): Map<string, Uint8Array> {
  if (!existsSync(join(playerDir, 'index.html'))) {
    throw new UsageError(
      `the course player is not built (no ${join(playerDir, 'index.html')}); run: npm run build -w @course/course-player`,
    );
  }
  return new Map(listFiles(playerDir).map((f) => [f, readFileSync(join(playerDir, f))]));
}

/** The player's JavaScript budget, gzipped (issue 6): learners are often on a phone or a slow link. */
export const PLAYER_JS_BUDGET = 150 * 1024;

export interface PlayerScriptSize {
  /** The player's scripts, `assets/<name>.js`, in name order. */
  files: string[];
  bytes: number;
  /** The sum of each file gzipped on its own with zlib's default level, as a web server sends them. */
  gzipBytes: number;
}

/** The size of the player's JavaScript: every `assets/*.js` of the built player directory. */
export function playerScriptSize(playerDir: string): PlayerScriptSize {
  const assets = join(playerDir, 'assets');
  const files = existsSync(assets)
    ? readdirSync(assets)
        .filter((name) => name.endsWith('.js') && statSync(join(assets, name)).isFile())
        .sort()
    : [];
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of files) {
    const content = readFileSync(join(assets, name));
    bytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  return { files: files.map((name) => `assets/${name}`), bytes, gzipBytes };
}

/** `121.4 KB` (1 KB = 1024 bytes, as the package sizes are printed). */
export const formatKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Throws PackageInvalidError when the player's JavaScript exceeds PLAYER_JS_BUDGET gzipped. */
function checkPlayerBudget(playerDir: string): void {
  const size = playerScriptSize(playerDir);
  if (size.gzipBytes > PLAYER_JS_BUDGET)
    throw new PackageInvalidError(`course player (${playerDir})`, [
      `its JavaScript is ${formatKb(size.gzipBytes)} gzipped (${size.gzipBytes} bytes: ${size.files.join(', ')}), ` +
        `over the budget of ${formatKb(PLAYER_JS_BUDGET)}; every package carries it, so none was built`,
    ]);
}

const RUNTIME_TARGET: Record<PackageFormat, RuntimeConfig['target']> = {
  scorm12: 'scorm12',
  scorm2004: 'scorm2004',
  cmi5: 'cmi5',
  tincan: 'xapi',
};

/** The referential checks every package of a format passes before it is written. */
const CHECKS: Record<PackageFormat, (zip: Uint8Array) => Promise<string[]>> = {
  scorm12: checkScormPackage,
  scorm2004: checkScormPackage,
  cmi5: checkCmi5Package,
  tincan: checkTincanPackage,
};

function schemaFiles(format: PackageFormat): [string, Uint8Array][] {
  if (format === 'scorm12')
    return SCORM12_SCHEMA_FILES.map((f) => [f, readFileSync(join(SCORM12_ASSETS, f))]);
  if (format === 'scorm2004')
    return SCORM2004_SCHEMA_FILES.map((f) => [f, readFileSync(join(SCORM2004_ASSETS, f))]);
  return [];
}

async function buildPackage(
  format: PackageFormat,
  loaded: LoadedCourse,
  bundle: CourseBundle,
  assets: AssetMap,
  scope: string,
  modules: LoadedModule[],
  player: Map<string, Uint8Array>,
  settings: PackageSettings,
): Promise<{ zip: Buffer; items: number }> {
  const { xapiFromScorm } = settings;
  const courseJson = `${JSON.stringify(bundle, null, 1)}\n`;
  const scorm = format === 'scorm12' || format === 'scorm2004';
  const buildId = createHash('sha256')
    .update(courseJson)
    .update(`${format}|${scope}|${JSON.stringify(settings)}`)
    .digest('hex')
    .slice(0, 16);
  const runtime: RuntimeConfig = RuntimeConfigSchema.parse({
    formatVersion: 1,
    target: RUNTIME_TARGET[format],
    activityIri: scope === 'course' ? bundle.iri : bundle.modules[0]!.iri,
    masteryScore: bundle.passMark,
    buildId,
    // cmi5 and xAPI packages speak xAPI natively; the option concerns SCORM launches only.
    xapiFromScorm: scorm && xapiFromScorm,
    lms: settings.lms,
  });
  const content = new Map<string, Uint8Array | string>(player);
  for (const [zipPath, file] of [...assets].sort(([a], [b]) => a.localeCompare(b)))
    content.set(zipPath, readFileSync(file));
  content.set('course.json', courseJson);
  content.set('runtime.json', `${JSON.stringify(runtime, null, 1)}\n`);
  const listed = [...content.keys()];
  const single = scope === 'course' ? undefined : bundle.modules[0];
  const title = single ? `${bundle.title} — Module ${single.number}: ${single.title}` : bundle.title;
  const description = single ? single.description : bundle.description;
  if (scorm) {
    const sequenced =
      format === 'scorm2004' && scope === 'course' && settings.scorm2004Structure === 'sco-per-module';
    const manifest = (format === 'scorm12' ? scorm12Manifest : scorm2004Manifest)({
      identifier: `${settings.manifestIdentifier}-${scope}-${format}`,
      title,
      description,
      keywords: loaded.course.keywords,
      language: bundle.language,
      version: bundle.version,
      durationMinutes: modules.reduce((n, m) => n + m.source.duration, 0),
      masteryScore: bundle.passMark,
      launch: 'index.html',
      files: listed,
      ...(sequenced
        ? {
            scos: bundle.modules.map((m) => ({
              id: m.id,
              title: `Module ${m.number}: ${m.title}`,
              competencies: moduleCompetencies(m).map((c) => ({
                id: c,
                iri: competencyIri(loaded.course.iriBase, c),
              })),
            })),
          }
        : {}),
    });
    content.set('imsmanifest.xml', manifest);
    for (const [f, bytes] of schemaFiles(format)) content.set(f, bytes);
  } else if (format === 'cmi5') {
    content.set(
      'cmi5.xml',
      cmi5CourseStructure({
        // A module package is a course of its own for the LMS: it must not share the course package's id.
        courseId: single ? `${bundle.iri}/module-package/${single.id}` : bundle.iri,
        title,
        description,
        language: bundle.language,
        passMark: bundle.passMark,
        aus: bundle.modules.map((m) => ({
          id: m.iri,
          title: `Module ${m.number}: ${m.title}`,
          description: m.description,
          url: cmi5AuUrl(m.id),
        })),
      }),
    );
  } else {
    content.set(
      'tincan.xml',
      tincanXml({
        language: bundle.language,
        // A module package launches the module activity itself, the IRI its statements are about.
        course: { id: single ? single.iri : bundle.iri, name: title, description },
        ...(single ? { launchType: XAPI_MODULE_TYPE } : {}),
        launch: 'index.html',
        modules: (single ? [] : bundle.modules).map((m) => ({
          id: m.iri,
          name: `Module ${m.number}: ${m.title}`,
          description: m.description,
        })),
      }),
    );
  }
  const items = bundle.modules.reduce((n, m) => n + m.knowledgeCheck.items.length, 0);
  return { zip: await deterministicZip(content), items };
}

/** The competencies a module's scored items assess, in id order. */
function moduleCompetencies(module: CourseBundle['modules'][number]): CompetencyId[] {
  return [...new Set(module.knowledgeCheck.items.flatMap((i) => i.competencies))].sort();
}

/**
 * Loads and validates the content, then writes every requested package to `outDir`.
 * Every package passes its referential checks before this resolves; content problems throw
 * ContentInvalidError, bad options UsageError, an invalid package (or a player whose JavaScript is over
 * PLAYER_JS_BUDGET gzipped) PackageInvalidError.
 */
export async function buildPackages(options: BuildOptions): Promise<BuiltPackage[]> {
  const formats = options.formats ?? [...DEFAULT_FORMATS];
  const scopes = options.scopes ?? ['course', 'modules'];
  for (const f of formats)
    if (!FORMATS.includes(f))
      throw new UsageError(`unknown format "${f}"; expected one of ${FORMATS.join(', ')}`);
  const structure = options.scorm2004Structure ?? 'single-sco';
  if (!SCORM2004_STRUCTURES.includes(structure))
    throw new UsageError(
      `unknown SCORM 2004 structure "${structure}"; expected ${SCORM2004_STRUCTURES.join(' or ')}`,
    );
  const lmsParsed = LmsOptionsSchema.safeParse(options.lms ?? {});
  if (!lmsParsed.success)
    throw new UsageError(
      `invalid LMS option: ${lmsParsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const loaded = loadCourse(resolve(options.contentDir));
  const manifestIdentifier = options.manifestIdentifier ?? loaded.course.id;
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(manifestIdentifier))
    throw new UsageError(
      `manifest identifier "${manifestIdentifier}" must start with a letter and use only letters, digits, ".", "-" and "_"`,
    );
  const settings: PackageSettings = {
    xapiFromScorm: options.xapiFromScorm ?? true,
    lms: lmsParsed.data,
    manifestIdentifier,
    scorm2004Structure: structure,
  };
  const xmllint = options.schemaCheck === false ? null : findXmllint();
  if (options.schemaCheck === true && !xmllint)
    throw new UsageError('schema validation needs xmllint: apt-get install libxml2-utils');
  const playerDir = options.playerDir ?? DEFAULT_PLAYER_DIR;
  const player = readPlayer(playerDir);
  checkPlayerBudget(playerDir);
  mkdirSync(options.outDir, { recursive: true });

  const plan: { scope: string; modules: LoadedModule[] }[] = [];
  if (scopes.includes('course')) plan.push({ scope: 'course', modules: loaded.modules });
  if (scopes.includes('modules'))
    for (const m of loaded.modules) plan.push({ scope: m.source.id, modules: [m] });

  const built: BuiltPackage[] = [];
  const total = formats.length * plan.length;
  for (const format of formats) {
    for (const { scope, modules } of plan) {
      const name = `${loaded.course.id}-${scope}-${format}.zip`;
      options.onProgress?.(`[${built.length + 1}/${total}] ${name}`);
      const { bundle, assets } = toCourseBundle(loaded, modules, { coursePackage: scope === 'course' });
      const { zip, items } = await buildPackage(
        format,
        loaded,
        bundle,
        assets,
        scope,
        modules,
        player,
        settings,
      );
      const problems = await CHECKS[format](zip);
      let schema = 'not checked (--no-schema)';
      if (xmllint) {
        const result = await validateAgainstSchema(xmllint, format, zip);
        if (result.length) problems.push(...result.map((m) => `schema: ${m}`));
        else schema = 'valid';
      } else if (options.schemaCheck !== false) schema = 'not checked (xmllint not installed)';
      const budget = scope === 'course' ? SIZE_BUDGET.course : SIZE_BUDGET.module;
      if (zip.length > budget)
        problems.push(`size ${zip.length} bytes exceeds the budget of ${budget} bytes`);
      if (problems.length) throw new PackageInvalidError(name, problems);
      const file = join(options.outDir, name);
      writeFileSync(file, zip);
      built.push({
        name,
        file,
        format,
        scope,
        bytes: zip.length,
        items,
        sha256: createHash('sha256').update(zip).digest('hex'),
        schema,
      });
    }
  }
  return built;
}
