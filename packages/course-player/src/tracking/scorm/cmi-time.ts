const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * SCORM 1.2 CMITimespan `HHHH:MM:SS.SS` (RTE 3.4.2.1.11, hours 2–4 digits), capped at 9999 hours.
 * @example toCmiTimespan(3_723_450) // '0001:02:03.45'
 */
export function toCmiTimespan(ms: number): string {
  const centis = Math.min(Math.max(0, Math.round(ms / 10)), 9999 * 360000 + 359999);
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = Math.floor((centis % 6000) / 100);
  return `${pad(hours, 4)}:${pad(minutes)}:${pad(seconds)}.${pad(centis % 100)}`;
}

/** SCORM 1.2 CMITime `HH:MM:SS` (a time of day, local clock), used by `cmi.interactions.n.time`. */
export function toCmiTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * An ISO 8601 duration for xAPI `result.duration`, to hundredths of a second.
 * @example toIsoDuration(3_723_450) // 'PT1H2M3.45S'
 */
export function toIsoDuration(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}S`;
}

/**
 * SCORM 2004 `time (second,10,0)` for `cmi.interactions.n.timestamp`: ISO 8601 in UTC, to hundredths
 * of a second (the format allows a time zone only after the fraction: `YYYY-MM-DDThh:mm:ss.s[TZD]`).
 * @example toScorm2004Time(new Date(Date.UTC(2026, 0, 5, 9, 30, 15, 678))) // '2026-01-05T09:30:15.67Z'
 */
export function toScorm2004Time(date: Date): string {
  return date.toISOString().replace(/\.(\d{2})\d*Z$/, '.$1Z');
}
