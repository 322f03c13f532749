/** Escapes text for XML element content and attribute values. */
export function xmlEscape(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 forbids most control characters even when escaped.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point here
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

/** LMS-safe identifier: letters, digits, `-`, `_`, `.`; starts with a letter (xs:ID-compatible). */
export function lmsIdentifier(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `id_${cleaned}`;
}
