/** Builder and player: build time, package sizes, player JS gzipped, time to the first rendered page. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPackages, FORMATS, type BuiltPackage } from '@course/builder';
import { importFolder, startPreviewLms } from '@course/preview-lms';
import { chromium } from 'playwright-core';
import { percentile } from './report.js';

export interface PlayerResult {
  /** vite build time, s (null when the build failed and the committed dist was measured). */
  buildSeconds: number | null;
  dir: string;
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  note?: string;
}

/** `vite build` of the course player into `outDir` (not the package's own dist). */
export function buildPlayer(repoRoot: string, outDir: string): PlayerResult {
  const cwd = join(repoRoot, 'packages/course-player');
  const started = process.hrtime.bigint();
  const r = spawnSync(
    join(repoRoot, 'node_modules/.bin/vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd,
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let dir = outDir;
  let note: string | undefined;
  if (r.status !== 0 || !existsSync(join(outDir, 'assets/player.js'))) {
    dir = join(cwd, 'dist');
    note = `vite build failed (${(r.stderr || r.stdout).trim().split('\n')[0]}); measured the existing dist`;
  }
  const js = readFileSync(join(dir, 'assets/player.js'));
  const css = existsSync(join(dir, 'assets/player.css'))
    ? readFileSync(join(dir, 'assets/player.css'))
    : Buffer.alloc(0);
  return {
    buildSeconds: note ? null : seconds,
    dir,
    jsBytes: js.length,
    jsGzipBytes: gzipSync(js, { level: 9 }).length,
    cssBytes: css.length,
    cssGzipBytes: gzipSync(css, { level: 9 }).length,
    ...(note ? { note } : {}),
  };
}

export interface BuilderResult {
  seconds: number;
  packages: { name: string; format: string; scope: string; bytes: number; schema: string }[];
  totalBytes: number;
  largestModule: number;
  course: Record<string, number>;
}

/** Every format, the course and every module: what `npm run build:packages` builds. */
export async function buildAll(
  repoRoot: string,
  playerDir: string,
  outDir: string,
): Promise<{ result: BuilderResult; built: BuiltPackage[] }> {
  const started = process.hrtime.bigint();
  const built = await buildPackages({
    contentDir: join(repoRoot, 'content'),
    outDir,
    formats: [...FORMATS],
    scopes: ['course', 'modules'],
    playerDir,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const modules = built.filter((p) => p.scope !== 'course');
  return {
    built,
    result: {
      seconds,
      packages: built.map((p) => ({
        name: p.name,
        format: p.format,
        scope: p.scope,
        bytes: p.bytes,
        schema: p.schema,
      })),
      totalBytes: built.reduce((n, p) => n + p.bytes, 0),
      largestModule: Math.max(...modules.map((p) => p.bytes)),
      course: Object.fromEntries(built.filter((p) => p.scope === 'course').map((p) => [p.format, p.bytes])),
    },
  };
}

/**
 * `builder --out DIR` as a user runs it (tsx, every format and scope, schema validation when
 * xmllint is installed), wall time of the whole process. Uses the player in course-player/dist.
 */
export function builderCli(
  repoRoot: string,
  outDir: string,
): { seconds: number; ok: boolean; packages: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(
    join(repoRoot, 'node_modules/.bin/tsx'),
    ['packages/builder/src/cli.ts', '--out', outDir],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /(\d+) package\(s\) written/.exec(r.stdout ?? '');
  return { seconds, ok: r.status === 0, packages: m ? Number(m[1]) : 0 };
}

export interface FirstPageResult {
  runs: number;
  /** From page.goto of the LMS launch page to the module's first page heading in the SCO frame, ms. */
  wallMs: number[];
  /** Inside the SCO frame: navigation start to the heading seen (performance.now), ms. */
  frameMs: number[];
  p50Wall: number;
  p50Frame: number;
  firstRunWall: number;
  package: string;
  heading: string;
}

/**
 * Headless Chromium opens the preview LMS launch page of the Module 1 SCORM 1.2 package, each run
 * in a fresh browser context (empty cache), and waits for the player's first page heading.
 */
export async function firstRenderedPage(
  built: BuiltPackage[],
  workDir: string,
  runs: number,
  chromiumPath: string,
): Promise<FirstPageResult> {
  const pkg =
    built.find((p) => p.format === 'scorm12' && p.scope === 'm01') ??
    built.find((p) => p.format === 'scorm12')!;
  const dir = join(workDir, 'preview');
  mkdirSync(dir, { recursive: true });
  copyFileSync(pkg.file, join(dir, pkg.name));
  const preview = await startPreviewLms({ packages: await importFolder(dir), dataDir: null });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  const name = pkg.name.replace(/\.zip$/, '');
  const wallMs: number[] = [];
  const frameMs: number[] = [];
  let heading = '';
  try {
    for (let i = 0; i < runs; i++) {
      await fetch(`${preview.url}/api/attempts/${encodeURIComponent(name)}`, { method: 'DELETE' });
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = process.hrtime.bigint();
      await page.goto(`${preview.url}/launch/${encodeURIComponent(name)}`);
      const frame = page.frameLocator('#sco');
      await frame.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
      wallMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      const handle = await page.$('#sco');
      const content = await handle!.contentFrame();
      const seen = await content!.evaluate(() => {
        const h = document.querySelector('h1');
        return { text: h?.textContent ?? '', at: performance.now() };
      });
      // The heading was seen at or before `at`; `at` bounds the in-frame time from above.
      frameMs.push(seen.at);
      heading = seen.text;
      await context.close();
    }
  } finally {
    await browser.close();
    await preview.close();
  }
  return {
    runs,
    wallMs,
    frameMs,
    p50Wall: percentile(wallMs, 50),
    p50Frame: percentile(frameMs, 50),
    firstRunWall: wallMs[0]!,
    package: pkg.name,
    heading,
  };
}

/** Bytes under `path` (du -sb), 0 when absent. */
export function dirSize(path: string): number {
  if (!existsSync(path)) return 0;
  return Number(spawnSync('du', ['-sb', path], { encoding: 'utf8' }).stdout.split('\t')[0]) || 0;
}
