import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildPackages,
  DEFAULT_PLAYER_DIR,
  PackageInvalidError,
  PLAYER_JS_BUDGET,
  playerScriptSize,
} from '../src/index';
import { main } from '../src/cli';
import { makeFakePlayer } from './support/fake-player';

const CONTENT = resolve(__dirname, '../../../content');
const outDir = () => mkdtempSync(join(tmpdir(), 'player-size-'));

/** A fake player whose scripts are `scripts` (name → text), besides its CSS. */
function playerWith(scripts: Record<string, string>): string {
  const dir = makeFakePlayer();
  for (const [name, text] of Object.entries(scripts)) writeFileSync(join(dir, 'assets', name), text);
  writeFileSync(join(dir, 'assets', 'player.css'), `body{}${'x'.repeat(500_000)}`);
  return dir;
}

describe("the player's JavaScript budget: 150 KB gzipped", () => {
  it('is 150 × 1024 bytes', () => {
    expect(PLAYER_JS_BUDGET).toBe(153_600);
  });

  it('measures every assets/*.js, each gzipped with zlib, and nothing else', () => {
    const chunk = 'export const x = 1;\n'.repeat(200);
    const dir = playerWith({ 'chunk.js': chunk });
    const main = readFileSync(join(dir, 'assets', 'player.js'));
    expect(playerScriptSize(dir)).toEqual({
      files: ['assets/chunk.js', 'assets/player.js'],
      bytes: main.length + chunk.length,
      gzipBytes: gzipSync(main).length + gzipSync(chunk).length,
    });
  });

  it('buildPackages fails with PackageInvalidError and writes nothing when the player is over it', async () => {
    // Random bytes do not compress: about 205 KB gzipped.
    const dir = playerWith({ 'player.js': randomBytes(200 * 1024).toString('base64') });
    expect(playerScriptSize(dir).gzipBytes).toBeGreaterThan(PLAYER_JS_BUDGET);
    const out = outDir();
    const build = buildPackages({ contentDir: CONTENT, outDir: out, playerDir: dir, scopes: ['course'] });
    await expect(build).rejects.toThrow(PackageInvalidError);
    await expect(build).rejects.toThrow(
      /JavaScript is \d+\.\d KB gzipped \(\d+ bytes: assets\/player\.js\), over the budget of 150\.0 KB/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('buildPackages builds with a player within it', async () => {
    const dir = playerWith({ 'player.js': randomBytes(100 * 1024).toString('base64') });
    expect(playerScriptSize(dir).gzipBytes).toBeLessThan(PLAYER_JS_BUDGET);
    const built = await buildPackages({
      contentDir: CONTENT,
      outDir: outDir(),
      playerDir: dir,
      scopes: ['course'],
      schemaCheck: false,
    });
    expect(built).toHaveLength(1);
  });

  it("the builder's summary prints the real player's JavaScript gzipped, after the table, within the budget", async () => {
    const logs: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void logs.push(m));
    try {
      // The CLI bundles the real player, which `npm test` builds before jest runs.
      const code = await main([
        '--content',
        CONTENT,
        '--out',
        outDir(),
        '--format',
        'scorm12',
        '--scope',
        'course',
        '--no-schema',
      ]);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
    }
    const size = playerScriptSize(DEFAULT_PLAYER_DIR);
    expect(size.files).toContain('assets/player.js');
    expect(size.gzipBytes).toBeLessThanOrEqual(PLAYER_JS_BUDGET);
    const line = `player JavaScript: ${(size.gzipBytes / 1024).toFixed(1)} KB gzipped (budget 150 KB)`;
    const table = logs.findIndex((m) => /^\npackage\s+format\s+size/.test(m));
    const printed = logs.findIndex((m) => m.trim() === line);
    expect({ table: table >= 0, printed: printed >= 0 }).toEqual({ table: true, printed: true });
    expect(printed).toBeGreaterThan(table);
  });
});
