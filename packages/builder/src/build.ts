import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeConfigSchema, type CourseBundle, type RuntimeConfig } from '@course/contracts';
import { loadCourse, type LoadedCourse, type LoadedModule } from './content/load.js';
import { toCourseBundle, type AssetMap } from './content/normalize.js';
import { PackageInvalidError, UsageError } from './issues.js';
import { cmi5AuUrl, cmi5CourseStructure } from './targets/cmi5.js';
import { SCORM12_SCHEMA_FILES, scorm12Manifest } from './targets/scorm12.js';
import { SCORM2004_SCHEMA_FILES, scorm2004Manifest } from './targets/scorm2004.js';
import { tincanXml } from './targets/tincan.js';
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
  onProgress?: (message: string) => void;
}

export interface BuiltPackage {
  name: string;
  file: string;
  format: PackageFormat;
  scope: string;
  bytes: number;
  items: number;
  sha256: string;
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
  xapiFromScorm: boolean,
): Promise<{ zip: Buffer; items: number }> {
  const courseJson = `${JSON.stringify(bundle, null, 1)}\n`;
  const scorm = format === 'scorm12' || format === 'scorm2004';
  const buildId = createHash('sha256')
    .update(courseJson)
    .update(`${format}|${scope}|${xapiFromScorm}`)
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
    const manifest = (format === 'scorm12' ? scorm12Manifest : scorm2004Manifest)({
      identifier: `${loaded.course.id}-${scope}-${format}`,
      title,
      description,
      keywords: loaded.course.keywords,
      language: bundle.language,
      version: bundle.version,
      durationMinutes: modules.reduce((n, m) => n + m.source.duration, 0),
      masteryScore: bundle.passMark,
      launch: 'index.html',
      files: listed,
    });
    content.set('imsmanifest.xml', manifest);
    for (const [f, bytes] of schemaFiles(format)) content.set(f, bytes);
  } else if (format === 'cmi5') {
    content.set(
      'cmi5.xml',
      cmi5CourseStructure({
        courseId: bundle.iri,
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
        course: { id: bundle.iri, name: title, description },
        launch: 'index.html',
        modules: bundle.modules.map((m) => ({
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

/**
 * Loads and validates the content, then writes every requested package to `outDir`.
 * Every package passes its referential checks before this resolves; content problems throw
 * ContentInvalidError, bad options UsageError, an invalid package PackageInvalidError.
 */
export async function buildPackages(options: BuildOptions): Promise<BuiltPackage[]> {
  const formats = options.formats ?? [...DEFAULT_FORMATS];
  const scopes = options.scopes ?? ['course', 'modules'];
  for (const f of formats)
    if (!FORMATS.includes(f))
      throw new UsageError(`unknown format "${f}"; expected one of ${FORMATS.join(', ')}`);
  const loaded = loadCourse(resolve(options.contentDir));
  const player = readPlayer(options.playerDir ?? DEFAULT_PLAYER_DIR);
  mkdirSync(options.outDir, { recursive: true });

  const plan: { scope: string; modules: LoadedModule[] }[] = [];
  if (scopes.includes('course')) plan.push({ scope: 'course', modules: loaded.modules });
  if (scopes.includes('modules'))
    for (const m of loaded.modules) plan.push({ scope: m.source.id, modules: [m] });

  const built: BuiltPackage[] = [];
  for (const format of formats) {
    for (const { scope, modules } of plan) {
      const name = `${loaded.course.id}-${scope}-${format}.zip`;
      options.onProgress?.(`building ${name}`);
      const { bundle, assets } = toCourseBundle(loaded, modules);
      const { zip, items } = await buildPackage(
        format,
        loaded,
        bundle,
        assets,
        scope,
        modules,
        player,
        options.xapiFromScorm ?? true,
      );
      const problems = await CHECKS[format](zip);
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
      });
    }
  }
  return built;
}
