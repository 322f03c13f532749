import JSZip from 'jszip';

/** A fixed timestamp for every entry, so that rebuilding the same input gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1, 0, 0, 0));

/**
 * Writes a zip whose bytes depend only on the entries: sorted paths, fixed dates, no folder entries,
 * the same compression level every time.
 */
export async function deterministicZip(files: ReadonlyMap<string, Uint8Array | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const path of [...files.keys()].sort()) {
    zip.file(path, files.get(path)!, {
      date: FIXED_DATE,
      createFolders: false,
      binary: typeof files.get(path) !== 'string',
    });
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'DOS',
  });
}
