import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const here = dirname(fileURLToPath(import.meta.url));
const VALIDATION = resolve(here, '../assets/validation');
const run = promisify(execFile);

type Format = 'scorm12' | 'scorm2004' | 'cmi5' | 'tincan';

const DESCRIPTOR: Record<Format, string> = {
  scorm12: 'imsmanifest.xml',
  scorm2004: 'imsmanifest.xml',
  cmi5: 'cmi5.xml',
  tincan: 'tincan.xml',
};

/** Path of xmllint when installed (Debian libxml2-utils), else null. */
export function findXmllint(): string | null {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return 'xmllint';
  } catch {
    return null;
  }
}

/** Lines of xmllint output that the pristine official schemas always produce. */
const NOISE =
  /Skipping import of schema|ims_xml\.xsd:1: namespace error|^filename=ims_xml\.xsd|^ +\^$| validates$/;

/**
 * Validates the package's descriptor against the official schemas, offline (`--nonet`). SCORM
 * manifests are checked against the XSDs inside the package (what the LMS will see), pulled together
 * by a wrapper; cmi5.xml and tincan.xml against the builder's copies. Returns the problems, [] if valid.
 */
export async function validateAgainstSchema(
  xmllint: string,
  format: Format,
  zipBytes: Uint8Array,
): Promise<string[]> {
  const zip = await JSZip.loadAsync(zipBytes);
  const descriptor = DESCRIPTOR[format];
  const dir = mkdtempSync(join(tmpdir(), 'builder-schema-'));
  try {
    let schema: string;
    if (format === 'scorm12' || format === 'scorm2004') {
      for (const [name, entry] of Object.entries(zip.files)) {
        if (entry.dir || !(name.endsWith('.xsd') || name.endsWith('.dtd') || name === descriptor)) continue;
        const target = join(dir, name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, await entry.async('uint8array'));
      }
      schema = join(dir, '__wrapper.xsd');
      writeFileSync(schema, readFileSync(join(VALIDATION, `${format}.xsd`)));
    } else {
      const entry = zip.file(descriptor);
      if (!entry) return [`${descriptor} is missing at the zip root`];
      writeFileSync(join(dir, descriptor), await entry.async('uint8array'));
      schema = join(VALIDATION, format === 'cmi5' ? 'cmi5-CourseStructure.xsd' : 'tincan-unofficial.xsd');
    }
    try {
      await run(xmllint, ['--nonet', '--noout', '--schema', schema, join(dir, descriptor)], {
        maxBuffer: 4 * 1024 * 1024,
      });
      return [];
    } catch (error) {
      const out = String((error as { stderr?: string }).stderr ?? (error as Error).message);
      const lines = out
        .split('\n')
        .filter((l) => l.trim() && !NOISE.test(l))
        .map((l) => l.split(`${dir}/`).join(''));
      return lines.length ? lines.slice(0, 20) : [`xmllint failed on ${descriptor}`];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
