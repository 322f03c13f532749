import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

/** The SCORM edition of a package, which decides the runtime API the launch page provides. */
export type ScormVersion = 'scorm12' | 'scorm2004';

/** A package as an LMS holds it after import: its files, launch file and title from the manifest. */
export interface ImportedPackage {
  name: string;
  title: string;
  /** The SCO's href, with the launching item's `parameters` appended (SCORM 2004). */
  launch: string;
  /** SCORM 1.2 `cmi.core.*` with `window.API`, or SCORM 2004 `cmi.*` with `window.API_1484_11`. */
  version: ScormVersion;
  /** SCORM 1.2 `adlcp:masteryscore` (0–100). */
  masteryScore?: number;
  /** SCORM 2004 `cmi.scaled_passing_score`: the primary objective's `minNormalizedMeasure`, when satisfied by measure. */
  scaledPassingScore?: number;
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

/**
 * SCORM 2004 when the manifest says so (`<schemaversion>2004 …</schemaversion>`, or the ADL CP v1.3
 * namespace `adlcp_v1p3`); SCORM 1.2 otherwise, as LMSs treat a manifest without a version.
 */
export function scormVersionOf(manifest: string): ScormVersion {
  const schemaVersion = /<(?:\w+:)?schemaversion>\s*([^<]*?)\s*<\//i.exec(manifest)?.[1] ?? '';
  if (/2004|CAM 1\.3/i.test(schemaVersion)) return 'scorm2004';
  if (schemaVersion) return 'scorm12';
  return /http:\/\/www\.adlnet\.org\/xsd\/adlcp_v1p3/.test(manifest) ? 'scorm2004' : 'scorm12';
}

/** SCORM CP: an item's `parameters` are added to the resource's href (a leading `?` becomes `&` after a query). */
function withParameters(href: string, parameters: string | undefined): string {
  if (!parameters) return href;
  const query = parameters.replace(/^[?&]/, '');
  if (parameters.startsWith('#')) return `${href}${parameters}`;
  return `${href}${href.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Imports one SCORM zip as an LMS does: manifest at the root, launch href of the SCO resource.
 * SCORM 1.2 and SCORM 2004 are told apart by the manifest's schemaversion (or namespace). A SCORM 2004
 * package launches its first item that uses the SCO (with that item's parameters); the preview runs no
 * sequencing between items.
 */
export async function importPackage(name: string, bytes: Uint8Array): Promise<ImportedPackage> {
  const zip = await JSZip.loadAsync(bytes);
  const manifest = await zip.file('imsmanifest.xml')?.async('string');
  if (!manifest) throw new PackageImportError(`${name}: no imsmanifest.xml at the zip root`);
  const version = scormVersionOf(manifest);
  const sco = /<resource\b[^>]*adlcp:scormtype="sco"[^>]*>/i.exec(manifest)?.[0];
  const href = sco && /\shref="([^"]+)"/.exec(sco)?.[1];
  if (!href) throw new PackageImportError(`${name}: the manifest names no SCO resource with an href`);
  const title = /<organization\b[^>]*>\s*<title>([\s\S]*?)<\/title>/.exec(manifest)?.[1];
  const files = new Map<string, Buffer>();
  for (const [path, entry] of Object.entries(zip.files)) {
    if (!entry.dir) files.set(path, await entry.async('nodebuffer'));
  }
  const file = decode(href);
  if (!files.has(file.split(/[?#]/)[0]!))
    throw new PackageImportError(`${name}: launch file ${file} is not in the zip`);
  const common = { name, title: decode(title ?? name), files };
  if (version === 'scorm12') {
    const mastery = /<adlcp:masteryscore>\s*(\d+)\s*<\/adlcp:masteryscore>/.exec(manifest)?.[1];
    return { ...common, version, launch: file, masteryScore: mastery ? Number(mastery) : undefined };
  }
  const resourceId = /\sidentifier="([^"]+)"/.exec(sco)?.[1];
  const item = resourceId
    ? new RegExp(
        `<item\\b[^>]*identifierref="${resourceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`,
      ).exec(manifest)?.[0]
    : undefined;
  const parameters = item && /\sparameters="([^"]*)"/.exec(item)?.[1];
  const itemXml = item
    ? manifest.slice(manifest.indexOf(item), manifest.indexOf('</item>', manifest.indexOf(item)))
    : '';
  const primary =
    /<imsss:primaryObjective\b[^>]*satisfiedByMeasure="true"[^>]*>([\s\S]*?)<\/imsss:primaryObjective>/.exec(
      itemXml,
    )?.[1];
  const measure = primary && /<imsss:minNormalizedMeasure>\s*([-\d.]+)\s*</.exec(primary)?.[1];
  return {
    ...common,
    version,
    launch: withParameters(file, parameters === undefined ? undefined : decode(parameters)),
    scaledPassingScore: measure ? Number(measure) : undefined,
  };
}

/** Imports every `.zip` in a folder, in name order. */
export async function importFolder(dir: string): Promise<ImportedPackage[]> {
  const zips = readdirSync(dir)
    .filter((f) => f.endsWith('.zip'))
    .sort();
  return Promise.all(zips.map((f) => importPackage(f.replace(/\.zip$/, ''), readFileSync(join(dir, f)))));
}
