import type { MasteryStatus } from '@course/contracts';

/** 0.6667 → "67 %"; null → "—". */
export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`;

/** A correlation with two decimals and a real minus sign; null → "—". */
export const decimal = (v: number | null) => (v === null ? '—' : v.toFixed(2).replace('-', '−'));

/** Milliseconds as "1 h 05 min" or "12 min"; null → "—". */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A date-time as "2025-03-01 09:14" (UTC). */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');

export const STATUS: Record<MasteryStatus | 'none', { symbol: string; label: string; className: string }> = {
  mastered: { symbol: '✓', label: 'mastered', className: 'st-mastered' },
  'not-mastered': { symbol: '✗', label: 'not mastered', className: 'st-not' },
  'insufficient-evidence': { symbol: '…', label: 'not enough evidence', className: 'st-insufficient' },
  none: { symbol: '', label: 'no evidence', className: 'st-none' },
};

/** The learner's display name, else their identifier made readable. */
export function learnerLabel(name: string, learner: string): string {
  if (name) return name;
  const account = /^account:\["[^"]*","(.*)"\]$/.exec(learner);
  if (account) return account[1]!;
  return learner.replace(/^mbox:mailto:/, '');
}

export const cohortLabel = (cohort: string) => (cohort === '' ? '(no cohort)' : cohort);
