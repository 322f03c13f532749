import JSZip from 'jszip';
import { SCORM12_SCHEMA_FILES } from './targets/scorm12.js';

function attrValues(xml: string, element: string, attr: string): string[] {
  const re = new RegExp(`<${element}\\b[^>]*?\\s${attr}="([^"]*)"`, 'g');
  return [...xml.matchAll(re)].map((m) =>
    m[1]!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&apos;/g, "'"),
  );
}

/**
 * The referential checks the XSDs cannot express (see shared/schemas/README.md): manifest at the root,
 * safe paths, the default organization and every identifierref resolve, the launch file exists,
 * every file in the zip is listed and every listed file is present. Returns the problems found.
 */
export async function checkScormPackage(zipBytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  // JSZip normalises entry names on load; the name as stored in the zip is what an LMS unpacks.
  const stored = names.map((n) => (zip.files[n] as { unsafeOriginalName?: string }).unsafeOriginalName ?? n);
  for (const n of stored) {
    if (n.startsWith('/') || n.split('/').includes('..') || /^[A-Za-z]:/.test(n) || n.includes('\\'))
      problems.push(`unsafe path in zip: ${n}`);
  }
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
  const controlFiles = new Set(['imsmanifest.xml', ...SCORM12_SCHEMA_FILES]);
  for (const n of names)
    if (!listed.has(n) && !controlFiles.has(n))
      problems.push(`file ${n} is in the zip but not listed in the manifest`);
  for (const id of [...orgIds, ...resourceIds, ...attrValues(xml, 'item', 'identifier')]) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) problems.push(`identifier "${id}" is not LMS-safe`);
  }
  return problems;
}
