import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The official-schema validator shipped in ../shared (needs Debian's libxml2-utils and unzip). */
export const VALIDATE_SH = resolve(__dirname, '../../../../../shared/schemas/validate.sh');

export function validateWithOfficialSchemas(kind: string, file: string): { ok: boolean; output: string } {
  if (!existsSync(VALIDATE_SH))
    throw new Error(
      `validate.sh not found at ${VALIDATE_SH}: the shared/ folder must sit beside the project`,
    );
  if (spawnSync('xmllint', ['--version']).error) {
    throw new Error('xmllint is missing: install it with "apt-get install -y libxml2-utils" (.ci/run does)');
  }
  try {
    return { ok: true, output: execFileSync('bash', [VALIDATE_SH, kind, file], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
