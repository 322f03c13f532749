import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeConfigSchema, type CourseBundle, type RuntimeConfig } from '@course/contracts';
import { loadCourse, type LoadedCourse, type LoadedModule } from './content/load.js';
import { toCourseBundle, type AssetMap } from './content/normalize.js';
import { PackageInvalidError, UsageError } from './issues.js';
import { SCORM12_SCHEMA_FILES, scorm12Manifest } from './targets/scorm12.js';
import { checkScormPackage } from './validate-package.js';
import { deterministicZip } from './zip.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PLAYER_DIR = resolve(here, '../../course-player/dist');
const SCORM12_ASSETS = resolve(here, '../assets/scorm12');

export const FORMATS = ['scorm12'] as const;
export type PackageFormat = (typeof FORMATS)[number];

/** Size budgets from the LMS research: module packages stay small enough for any LMS upload limit. */
export const SIZE_BUDGET = { module: 10 * 1024 * 1024, course: 25 * 1024 * 1024 };

export interface BuildOptions {
  contentDir: string;
  outDir: string;
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

async function buildScorm12(
  loaded: LoadedCourse,
  bundle: CourseBundle,
  assets: AssetMap,
  scope: string,
  modules: LoadedModule[],
  player: Map<string, Uint8Array>,
  xapiFromScorm: boolean,
): Promise<{ zip: Buffer; items: number }> {
  const courseJson = `${JSON.stringify(bundle, null, 1)}\n`;
  const buildId = createHash('sha256')
    .update(courseJson)
    .update(`scorm12|${scope}|${xapiFromScorm}`)
    .digest('hex')
    .slice(0, 16);
  const runtime: RuntimeConfig = RuntimeConfigSchema.parse({
    formatVersion: 1,
    target: 'scorm12',
    activityIri: scope === 'course' ? bundle.iri : bundle.modules[0]!.iri,
    masteryScore: bundle.passMark,
    buildId,
    xapiFromScorm,
  });
  const content = new Map<string, Uint8Array | string>(player);
  for (const [zipPath, file] of [...assets].sort(([a], [b]) => a.localeCompare(b)))
    content.set(zipPath, readFileSync(file));
  content.set('course.json', courseJson);
  content.set('runtime.json', `${JSON.stringify(runtime, null, 1)}\n`);
  const listed = [...content.keys()];
  const single = scope === 'course' ? undefined : bundle.modules[0];
  const manifest = scorm12Manifest({
    identifier: `${loaded.course.id}-${scope}-scorm12`,
    title: single ? `${bundle.title} — Module ${single.number}: ${single.title}` : bundle.title,
    description: single ? single.description : bundle.description,
    keywords: loaded.course.keywords,
    language: bundle.language,
    version: bundle.version,
    durationMinutes: modules.reduce((n, m) => n + m.source.duration, 0),
    masteryScore: bundle.passMark,
    launch: 'index.html',
    files: listed,
  });
  content.set('imsmanifest.xml', manifest);
  for (const xsd of SCORM12_SCHEMA_FILES) content.set(xsd, readFileSync(join(SCORM12_ASSETS, xsd)));
  const items = bundle.modules.reduce((n, m) => n + m.knowledgeCheck.items.length, 0);
  return { zip: await deterministicZip(content), items };
}

/**
 * Loads and validates the content, then writes every requested package to `outDir`.
 * Every package passes its referential checks before this resolves; content problems throw
 * ContentInvalidError, bad options UsageError, an invalid package PackageInvalidError.
 */
export async function buildPackages(options: BuildOptions): Promise<BuiltPackage[]> {
  const formats = options.formats ?? [...FORMATS];
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
      const { zip, items } = await buildScorm12(
        loaded,
        bundle,
        assets,
        scope,
        modules,
        player,
        options.xapiFromScorm ?? true,
      );
      const problems = await checkScormPackage(zip);
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
