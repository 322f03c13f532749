/**
 * `npm run demo:cohort`: seeds the LRS with a simulated cohort (default 200 learners) through its
 * xAPI HTTP API, so that the analytics dashboard has something to show. Statements are built by the
 * course player's own code from the course in content/ (see scripts/demo/cohort.ts for the model).
 *
 * Configured like `npm run lrs`: the LRS at LRS_PUBLIC_URL, else http://LRS_HOST:LRS_PORT
 * (127.0.0.1:8080), written with LRS_ROOT_KEY / LRS_ROOT_SECRET (default the `npm start` development
 * credential dev-root / dev-root-secret). Options: --learners N, --seed N (the same seed sends the
 * same statements: a rerun adds nothing), --start YYYY-MM-DD (the cohort's first day).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCourse, toCourseBundle } from '@course/builder';
import { DEMO_COHORTS, sendStatements, simulateCohort } from './demo/cohort.js';

const root = resolve(import.meta.dirname, '..');
const env = process.env;

function fail(message: string): never {
  console.error(`demo:cohort: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '2025-09-01' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run demo:cohort -- [--learners 200] [--seed 1] [--start 2025-09-01]');
  process.exit(0);
}
const learners = Number(values.learners);
const seed = Number(values.seed);
const start = new Date(`${values.start}T00:00:00Z`);
if (!Number.isInteger(learners) || learners < 1 || learners > 100_000) fail('--learners must be 1 to 100000');
if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
if (Number.isNaN(start.getTime())) fail('--start must be a date such as 2025-09-01');

const base = (
  env.LRS_PUBLIC_URL ?? `http://${env.LRS_HOST ?? '127.0.0.1'}:${env.LRS_PORT ?? '8080'}`
).replace(/\/+$/, '');
const endpoint = `${base}/xapi/`;
const key = env.LRS_ROOT_KEY ?? 'dev-root';
const secret = env.LRS_ROOT_SECRET ?? 'dev-root-secret';
const authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

const about = await fetch(`${endpoint}about`).catch(() => null);
if (!about?.ok)
  fail(
    `no LRS answers at ${endpoint} (start it with "npm start" or "npm run lrs", or set LRS_PORT / LRS_PUBLIC_URL)`,
  );

const { bundle } = toCourseBundle(loadCourse(resolve(root, env.LRS_CONTENT_DIR ?? 'content')));
const started = Date.now();
const cohort = simulateCohort({ bundle, learners, seed, start });
let last = 0;
const total = await sendStatements(endpoint, authorization, cohort, {
  onProgress: (sent, all) => {
    if (sent - last >= 5000 || sent === all) {
      last = sent;
      console.error(`  ${sent} of ${all} statements sent`);
    }
  },
}).catch((e: Error) =>
  fail(`${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}`),
);
const seconds = (Date.now() - started) / 1000;
// The development secret may be shown; a configured one is not printed.
const shown = env.LRS_ROOT_SECRET ? `${key} and the secret in LRS_ROOT_SECRET` : `${key} / ${secret}`;
console.log(`
Seeded ${learners} learners (${DEMO_COHORTS.map((c) => c.name).join('; ')}): ${total} statements in ${seconds.toFixed(1)} s.
  Dashboard  ${base}/dashboard/   (sign in with ${shown}, or any credential with analytics/read)
  CSV        curl -u ${key}:${env.LRS_ROOT_SECRET ? '$LRS_ROOT_SECRET' : secret} ${base}/analytics/v1/export/mastery.csv`);
