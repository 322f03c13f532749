import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPackages, type BuildOptions, type BuiltPackage } from '@course/builder';
import { createCredential, startLrs } from '@course/lrs';
import { importFolder, startPreviewLms } from '@course/preview-lms';

export const REPO_ROOT = resolve(__dirname, '../..');
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

export interface Stack {
  packages: BuiltPackage[];
  lrsUrl: string;
  previewUrl: string;
  /** Authorization header value with statements/read scope, for checking what the LRS stored. */
  readAuth: string;
  close(): Promise<void>;
}

/**
 * The system as `npm start` runs it, on ephemeral ports: packages built from content/ with the
 * real player, an LRS on in-memory PGlite, the preview LMS with a write-only credential for packages.
 * By default the SCORM 1.2 packages, course and modules; `formats` and `scopes` choose others.
 */
export async function startStack(options: Pick<BuildOptions, 'formats' | 'scopes'> = {}): Promise<Stack> {
  const outDir = mkdtempSync(join(tmpdir(), 'e2e-packages-'));
  const packages = await buildPackages({
    contentDir: join(REPO_ROOT, 'content'),
    outDir,
    formats: options.formats ?? ['scorm12'],
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  const lrs = await startLrs({
    port: 0,
    dataDir: null,
    rootKey: 'e2e-root',
    rootSecret: 'e2e-root-secret',
    logLevel: 'silent',
  });
  const writer = await createCredential(lrs.db, { scopes: ['statements/write'], label: 'e2e packages' });
  const reader = await createCredential(lrs.db, { scopes: ['statements/read'], label: 'e2e checks' });
  const readAuth = basic(reader.key, reader.secret);
  const preview = await startPreviewLms({
    packages: await importFolder(outDir),
    dataDir: null,
    lrs: { endpoint: `${lrs.url}/xapi/`, writeAuth: basic(writer.key, writer.secret), readAuth },
  });
  return {
    packages,
    lrsUrl: lrs.url,
    previewUrl: preview.url,
    readAuth,
    close: async () => {
      await preview.close();
      await lrs.close();
    },
  };
}
