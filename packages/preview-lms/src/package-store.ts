import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

/** A package as an LMS holds it after import: its files, launch file and title from the manifest. */
export interface ImportedPackage {
  name: string;
  title: string;
  launch: string;
  masteryScore?: number;
  files: Map<string, Buffer>;
}

export class PackageImportError extends Error {
  override name = 'PackageImportError';
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Imports one SCORM 1.2 zip as an LMS does: manifest at the root, launch href of the SCO resource. */
export async function importPackage(name: string, bytes: Uint8Array): Promise<ImportedPackage> {
  const zip = await JSZip.loadAsync(bytes);
  const manifest = await zip.file('imsmanifest.xml')?.async('string');
  if (!manifest) throw new PackageImportError(`${name}: no imsmanifest.xml at the zip root`);
  const sco = /<resource\b[^>]*adlcp:scormtype="sco"[^>]*>/i.exec(manifest)?.[0];
  const href = sco && /\shref="([^"]+)"/.exec(sco)?.[1];
  if (!href) throw new PackageImportError(`${name}: the manifest names no SCO resource with an href`);
  const title = /<organization\b[^>]*>\s*<title>([\s\S]*?)<\/title>/.exec(manifest)?.[1];
  const mastery = /<adlcp:masteryscore>\s*(\d+)\s*<\/adlcp:masteryscore>/.exec(manifest)?.[1];
  const files = new Map<string, Buffer>();
  for (const [path, entry] of Object.entries(zip.files)) {
    if (!entry.dir) files.set(path, await entry.async('nodebuffer'));
  }
  const launch = decode(href);
  if (!files.has(launch.split(/[?#]/)[0]!))
    throw new PackageImportError(`${name}: launch file ${launch} is not in the zip`);
  return {
    name,
    title: decode(title ?? name),
    launch,
    masteryScore: mastery ? Number(mastery) : undefined,
    files,
  };
}

/** Imports every `.zip` in a folder, in name order. */
export async function importFolder(dir: string): Promise<ImportedPackage[]> {
  const zips = readdirSync(dir)
    .filter((f) => f.endsWith('.zip'))
    .sort();
  return Promise.all(zips.map((f) => importPackage(f.replace(/\.zip$/, ''), readFileSync(join(dir, f)))));
}
