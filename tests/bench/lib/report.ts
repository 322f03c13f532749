/** The bench's numbers: percentiles, console tables, and the JSON result file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** 12345.6 → "12,346"; 12.34 → "12.3"; 0.123 → "0.12"; NaN/undefined → "—". */
export function num(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${num(n / (1024 * 1024), 1)} MB`;
  if (n >= 1024) return `${num(n / 1024, 1)} KB`;
  return `${n} B`;
}

const NUMERIC = /^[-+]?[\d,]*\.?\d+(\s?(%|ms|s|×|MB|KB|B))?$|^—$/;

/**
 * A plain-text table: a header row, a rule, then the rows; numeric cells align right.
 * @example formatTable(['a', 'n'], [['x', '1']]) // "a  n\n-  -\nx  1"
 */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? num(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (NUMERIC.test(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? num(c) : c).replace(/\|/g, '\\|')));
  const align = headers.map((_, i) =>
    i > 0 && cells.every((r) => NUMERIC.test(r[i] ?? '')) ? '---:' : '---',
  );
  return [
    `| ${headers.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...cells.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export interface Target {
  /** Short name of the target. */
  name: string;
  /** What is required. */
  goal: string;
  /** What was measured. */
  measured: string;
  /** true met, false missed, null not measured. */
  met: boolean | null;
  /** Why, when missed or not measured. */
  note?: string;
}

export function targetRows(targets: Target[]): string[][] {
  return targets.map((t) => [t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED', t.name, t.goal, t.measured]);
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
