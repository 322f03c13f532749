/**
 * `npm start`: the main job on the embedded default. Builds the course from content/, starts the LRS
 * on PGlite (data kept in .data/lrs), serves the preview LMS with the packages, and prints the URLs
 * and the development credential. Configuration by environment (see README).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { buildPackages, ContentInvalidError, formatIssue } from '@course/builder';
import { createCredential, startLrs } from '@course/lrs';
import { importFolder, startPreviewLms } from '@course/preview-lms';

const root = resolve(import.meta.dirname, '..');
const env = process.env;
const host = env.HOST ?? '127.0.0.1';
const lrsPort = Number(env.LRS_PORT ?? 8080);
const previewPort = Number(env.PREVIEW_PORT ?? 8090);
const dataDir = resolve(root, env.LRS_DATA_DIR ?? '.data/lrs');
const packagesDir = resolve(root, env.PACKAGES_DIR ?? '.data/packages');
const rootKey = env.LRS_ROOT_KEY ?? 'dev-root';
const rootSecret = env.LRS_ROOT_SECRET ?? 'dev-root-secret';
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'EADDRINUSE'
          ? `port ${port} (${what}) is already in use; stop the other process or set ${what === 'LRS' ? 'LRS_PORT' : 'PREVIEW_PORT'}`
          : `${what} port ${port}: ${e.message}`,
      ),
    );
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

await assertPortFree(lrsPort, 'LRS');
await assertPortFree(previewPort, 'preview LMS');

console.log('1/3 building the course player and the analytics dashboard');
const player = spawnSync(
  'npx',
  [
    'turbo',
    'run',
    'build',
    '--filter=@course/course-player',
    '--filter=@course/dashboard',
    '--output-logs=errors-only',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (player.status !== 0) fail('the course player or the dashboard did not build (see above)');

console.log(`2/3 building packages from content/ into ${packagesDir}`);
// The folder holds only what this script builds: clear it, so the preview never imports stale packages.
rmSync(packagesDir, { recursive: true, force: true });
try {
  const built = await buildPackages({ contentDir: join(root, 'content'), outDir: packagesDir });
  for (const p of built) console.log(`    ${p.name}  ${(p.bytes / 1024).toFixed(1)} KB`);
} catch (error) {
  if (error instanceof ContentInvalidError)
    fail(`the content has problems:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  throw error;
}

console.log(
  `3/3 starting the LRS (${env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `PGlite in ${dataDir}`}) and the preview LMS`,
);
const lrs = await startLrs({
  port: lrsPort,
  host,
  dataDir: env.DATABASE_URL ? undefined : dataDir,
  databaseUrl: env.DATABASE_URL,
  rootKey,
  rootSecret,
  // The course and its mastery rule, for the competency analytics and the dashboard.
  contentDir: join(root, 'content'),
}).catch((e: Error) => fail(e.message));
// Fresh per-run credentials for the preview: a write-only one handed to packages at launch,
// a read one the preview uses to show stored statements.
const writer = await createCredential(lrs.db, {
  key: `preview-writer-${randomBytes(4).toString('hex')}`,
  scopes: ['statements/write'],
  label: 'preview LMS: packages (write only)',
});
const reader = await createCredential(lrs.db, {
  key: `preview-reader-${randomBytes(4).toString('hex')}`,
  scopes: ['statements/read'],
  label: 'preview LMS: statements page',
});
// A read credential for the analytics dashboard (analytics/read: no xAPI statements, no writes).
const analyst = await createCredential(lrs.db, {
  key: `analyst-${randomBytes(4).toString('hex')}`,
  scopes: ['analytics/read'],
  label: 'dashboard: analyst (read analytics)',
});
const preview = await startPreviewLms({
  port: previewPort,
  host,
  packages: await importFolder(packagesDir),
  dataDir: resolve(root, '.data/preview'),
  lrs: {
    endpoint: `${lrs.url}/xapi/`,
    writeAuth: basic(writer.key, writer.secret),
    readAuth: basic(reader.key, reader.secret),
  },
}).catch((e: Error) => fail(e.message));

console.log(`
Ready.
  Preview LMS   ${preview.url}/            (launch a package and work through a module)
  Statements    ${preview.url}/statements  (what the LRS stored)
  LRS (xAPI)    ${lrs.url}/xapi/
  Development credential (scope "all"): key ${rootKey}  secret ${rootSecret}
    curl -u ${rootKey}:${rootSecret} -H 'X-Experience-API-Version: 2.0.0' ${lrs.url}/xapi/statements
  Analytics     ${lrs.url}/dashboard/   (competency heatmap, cohorts, items, module funnel, CSV)
    sign in with key ${analyst.key}  secret ${analyst.secret}  (scope analytics/read)
    seed a demo cohort of 200 learners: npm run demo:cohort   (in another terminal, while this runs)
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await preview.close();
    await lrs.close();
    process.exit(0);
  });
}
