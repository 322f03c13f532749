import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stand-in for the built player: the builder only copies its files, so tests need not build it. */
export function makeFakePlayer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-player-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><title>Player</title><script src="assets/player.js"></script></html>\n',
  );
  writeFileSync(join(dir, 'assets', 'player.js'), 'console.log("player");\n');
  return dir;
}
