import JSZip from 'jszip';
import { SCORM12_SCHEMA_FILES } from './targets/scorm12.js';
import { SCORM2004_SCHEMA_FILES } from './targets/scorm2004.js';

function attrValues(xml: string, element: string, attr: string): string[] {
  const re = new RegExp(`<${element}\\b[^>]*?\\s${attr}="([^"]*)"`, 'g');
  return [...xml.matchAll(re)].map((m) => decodeXml(m[1]!));
}

function decodeXml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function elementTexts(xml: string, element: string): string[] {
  const re = new RegExp(`<${element}\\b[^>]*>([^<]*)</${element}>`, 'g');
  return [...xml.matchAll(re)].map((m) => decodeXml(m[1]!.trim()));
}

/**
 * An absolute IRI by RFC 3987's basics: a scheme, then no spaces, no characters IRIs exclude
 * (`<>"{}|\\^` and the backtick), and for http(s) an authority with a host. Unfilled template
 * placeholders such as `@@config.id` fail.
 */
export function isAbsoluteIri(value: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/.exec(value);
  if (!m) return false;
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\s<>"{}|\\^`\u0000-\u001F\u007F]/.test(value)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return false;
  if (/^https?$/i.test(m[1]!)) return /^\/\/[^/?#@:]+(?::\d+)?(?:[/?#]|$)/.test(m[2]!);
  return true;
}

/** A relative reference inside the package: no scheme, not absolute, no `..` segment, no backslash. */
function unsafeRelative(ref: string): boolean {
  const path = ref.split(/[?#]/)[0]!;
  return (
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref) ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').includes('..') ||
    path === ''
  );
}

/** The file path of a relative reference: query and fragment dropped, percent-escapes decoded. */
function refPath(ref: string): string {
  const path = ref.split(/[?#]/)[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

interface OpenedZip {
  zip: JSZip;
  names: string[];
  problems: string[];
}

/** Opens the zip and reports unsafe entry names (absolute, `..`, drive letters, backslashes). */
async function openZip(zipBytes: Uint8Array): Promise<OpenedZip> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  // JSZip normalises entry names on load; the name as stored in the zip is what an LMS unpacks.
  const stored = names.map((n) => (zip.files[n] as { unsafeOriginalName?: string }).unsafeOriginalName ?? n);
  for (const n of stored) {
    if (n.startsWith('/') || n.split('/').includes('..') || /^[A-Za-z]:/.test(n) || n.includes('\\'))
      problems.push(`unsafe path in zip: ${n}`);
  }
  return { zip, names, problems };
}

/**
 * SCORM 1.2 and SCORM 2004 packages: the referential checks the XSDs cannot express (see shared/schemas/README.md): manifest at the root,
 * safe paths, the default organization and every identifierref resolve, the launch file exists,
 * every file in the zip is listed and every listed file is present. Returns the problems found.
 */
export async function checkScormPackage(zipBytes: Uint8Array): Promise<string[]> {
  const { zip, names, problems } = await openZip(zipBytes);
  const manifestFile = zip.file('imsmanifest.xml');
  if (!manifestFile) return [...problems, 'imsmanifest.xml is not at the zip root'];
  const xml = await manifestFile.async('string');

  const orgIds = attrValues(xml, 'organization', 'identifier');
  const defaults = attrValues(xml, 'organizations', 'default');
  for (const d of defaults)
    if (!orgIds.includes(d)) problems.push(`organizations default="${d}" names no organization`);
  const resourceIds = attrValues(xml, 'resource', 'identifier');
  for (const ref of attrValues(xml, 'item', 'identifierref')) {
    if (!resourceIds.includes(ref)) problems.push(`item identifierref="${ref}" names no resource`);
  }
  const present = new Set(names);
  for (const href of attrValues(xml, 'resource', 'href')) {
    if (!present.has(href.split(/[?#]/)[0]!)) problems.push(`launch file ${href} is not in the zip`);
  }
  const listed = new Set(attrValues(xml, 'file', 'href'));
  for (const f of listed) if (!present.has(f)) problems.push(`listed file ${f} is not in the zip`);
  const scorm2004 = xml.includes('xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"');
  const controlFiles = new Set([
    'imsmanifest.xml',
    ...(scorm2004 ? SCORM2004_SCHEMA_FILES : SCORM12_SCHEMA_FILES),
  ]);
  if (scorm2004) {
    for (const f of SCORM2004_SCHEMA_FILES)
      if (!present.has(f)) problems.push(`SCORM 2004 control document ${f} is not in the zip`);
    if (!/adlcp:scormType="sco"/.test(xml)) problems.push('no resource has adlcp:scormType="sco"');
  }
  for (const ref of [...listed, ...attrValues(xml, 'resource', 'href')])
    if (unsafeRelative(ref)) problems.push(`manifest reference ${ref} is not a safe relative path`);
  for (const n of names)
    if (!listed.has(n) && !controlFiles.has(n))
      problems.push(`file ${n} is in the zip but not listed in the manifest`);
  for (const id of [...orgIds, ...resourceIds, ...attrValues(xml, 'item', 'identifier')]) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) problems.push(`identifier "${id}" is not LMS-safe`);
  }
  return problems;
}

/**
 * cmi5 packages: `cmi5.xml` at the root, the course and every AU id an absolute IRI, AU ids unique,
 * every relative AU url a safe path to a file in the zip.
 */
export async function checkCmi5Package(zipBytes: Uint8Array): Promise<string[]> {
  const { zip, names, problems } = await openZip(zipBytes);
  const file = zip.file('cmi5.xml');
  if (!file) return [...problems, 'cmi5.xml is not at the zip root'];
  const xml = await file.async('string');
  if (!xml.includes('xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"'))
    problems.push('cmi5.xml is not in the cmi5 CourseStructure namespace');
  const present = new Set(names);
  const courseIds = attrValues(xml, 'course', 'id');
  if (courseIds.length !== 1) problems.push(`cmi5.xml has ${courseIds.length} course elements; expected 1`);
  const auIds = attrValues(xml, 'au', 'id');
  const urls = elementTexts(xml, 'url');
  if (!auIds.length) problems.push('cmi5.xml has no AU');
  if (urls.length !== auIds.length) problems.push(`${auIds.length} AU(s) but ${urls.length} url(s)`);
  for (const id of [...courseIds, ...auIds, ...attrValues(xml, 'block', 'id')])
    if (!isAbsoluteIri(id)) problems.push(`id "${id}" is not an absolute IRI`);
  const seen = new Set<string>();
  for (const id of auIds) {
    if (seen.has(id)) problems.push(`AU id "${id}" appears twice`);
    seen.add(id);
  }
  for (const url of urls) {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) continue;
    if (unsafeRelative(url)) problems.push(`AU url ${url} is not a safe relative path`);
    else if (!present.has(refPath(url))) problems.push(`AU url ${url} names no file in the zip`);
  }
  return problems;
}

/**
 * xAPI packages: `tincan.xml` at the root, every activity id an absolute IRI and unique, exactly one
 * launchable activity, and its launch file a safe path to a file in the zip.
 */
export async function checkTincanPackage(zipBytes: Uint8Array): Promise<string[]> {
  const { zip, names, problems } = await openZip(zipBytes);
  const file = zip.file('tincan.xml');
  if (!file) return [...problems, 'tincan.xml is not at the zip root'];
  const xml = await file.async('string');
  if (!xml.includes('xmlns="http://projecttincan.com/tincan.xsd"'))
    problems.push('tincan.xml is not in the http://projecttincan.com/tincan.xsd namespace');
  const ids = attrValues(xml, 'activity', 'id');
  if (!ids.length) problems.push('tincan.xml has no activity');
  const seen = new Set<string>();
  for (const id of ids) {
    if (!isAbsoluteIri(id)) problems.push(`activity id "${id}" is not an absolute IRI`);
    if (seen.has(id)) problems.push(`activity id "${id}" appears twice`);
    seen.add(id);
  }
  for (const type of attrValues(xml, 'activity', 'type'))
    if (!isAbsoluteIri(type)) problems.push(`activity type "${type}" is not an absolute IRI`);
  const launches = [...elementTexts(xml, 'launch'), ...elementTexts(xml, 'resource')];
  if (launches.length !== 1)
    problems.push(`tincan.xml has ${launches.length} launchable activities; expected exactly 1`);
  const present = new Set(names);
  for (const launch of launches) {
    if (unsafeRelative(launch)) problems.push(`launch ${launch} is not a safe relative path`);
    else if (!present.has(refPath(launch))) problems.push(`launch file ${launch} is not in the zip`);
  }
  return problems;
}
