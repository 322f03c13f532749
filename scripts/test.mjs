#!/usr/bin/env node
// `npm test`: typecheck, lint and format check, build, then every jest suite (units, storage on
// both engines when DATABASE_URL is set, and the browser end-to-end specs) in one run.
// Ends with one summary line "tests: N passed, N failed" and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const steps = [];

function run(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

const npx = 'npx';
process.env.TURBO_TELEMETRY_DISABLED = '1';
run('typecheck', npx, ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
run('typecheck scripts', npx, ['tsc', '-p', 'tsconfig.scripts.json']);
run('lint', npx, ['turbo', 'run', 'lint', '--output-logs=errors-only']);
run('lint root', npx, ['eslint', 'scripts', '*.js']);
run('format', npx, ['prettier', '--check', '.', '--log-level', 'warn']);
const built = run('build', npx, ['turbo', 'run', 'build', '--output-logs=errors-only']);

const artifacts = join(root, 'tests/.artifacts');
mkdirSync(artifacts, { recursive: true });
const report = join(artifacts, 'jest-results.json');
let counts = { passed: 0, failed: 0, skipped: 0 };
if (built) {
  const jestArgs = ['jest', '--json', `--outputFile=${report}`, ...process.argv.slice(2)];
  run('jest', npx, jestArgs);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests + r.numRuntimeErrorTestSuites,
      skipped: r.numPendingTests,
    };
  } catch {
    counts.failed += 1;
  }
} else {
  steps.push({ name: 'jest', ok: false, seconds: 0 });
}

console.log('\n=== summary');
for (const s of steps)
  console.log(`${s.ok ? 'PASS' : 'FAIL'}  ${s.name.padEnd(10)} ${s.seconds.toFixed(1)} s`);
const failedSteps = steps.filter((s) => !s.ok).length;
console.log(
  `tests: ${counts.passed} passed, ${counts.failed + failedSteps} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
);
process.exit(failedSteps || counts.failed ? 1 : 0);
