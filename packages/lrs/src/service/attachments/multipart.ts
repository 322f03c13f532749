import { LrsError } from '../../errors.js';

export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

const bad = (message: string) => new LrsError('LRS_ATTACHMENTS', message);

/** The boundary parameter of a `multipart/mixed` Content-Type; 400 when it is missing. */
export function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw bad('multipart/mixed needs a boundary parameter in the Content-Type header.');
  return boundary;
}

/**
 * Splits a `multipart/mixed` body (RFC 2046 §5.1) into its parts. Throws `LRS_ATTACHMENTS` (400)
 * when the boundary does not occur, a part has no header block, or the closing delimiter is missing.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw bad('The body does not contain the multipart boundary.');
  for (;;) {
    let start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    // The rest of the delimiter line (transport padding), then CRLF.
    const lineEnd = body.indexOf('\r\n', start);
    if (lineEnd < 0) throw bad('A multipart delimiter is not followed by CRLF.');
    start = lineEnd + 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw bad('The multipart body has no closing boundary.');
    const raw = body.subarray(start, next);
    const split = raw.indexOf('\r\n\r\n');
    const headerText = split < 0 ? raw.toString('latin1') : raw.subarray(0, split).toString('latin1');
    const content = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
    if (split < 0 && raw.length > 0 && !raw.toString('latin1').includes(':'))
      throw bad('A multipart part has no header block.');
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      if (line.trim() === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) throw bad(`A multipart part has a malformed header line: ${line.slice(0, 80)}`);
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: content });
    position = next + 2;
  }
}
