#!/usr/bin/env node
// The `builder` command: runs the TypeScript CLI through tsx (a dev dependency of the workspace).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 2);
