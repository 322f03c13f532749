import { CMI5_LAUNCH_MODES, type Cmi5LaunchMode } from '@course/contracts';
import type { StatementContextObject } from '../xapi/statements.js';

export type AuthTokenResult = { ok: true; token: string } | { ok: false; message: string };

/** §8.2.3.2 error codes. */
const FETCH_ERRORS: Record<string, string> = {
  '1': 'already in use or expired',
  '2': 'general security error',
  '3': 'general application error',
};

/**
 * POSTs the fetch URL once for the session's auth token (cmi5 §8.2). The LMS answers 200 with
 * `{"auth-token": "…"}`, or 200 with `{"error-code": "1|2|3", "error-text": "…"}` (§8.2.3) — a second
 * POST of the same URL, as after a reload, gets error 1.
 */
export async function fetchAuthToken(fetchUrl: string, fetchFn: typeof fetch): Promise<AuthTokenResult> {
  let status: number;
  let text: string;
  try {
    const response = await fetchFn(fetchUrl, { method: 'POST', cache: 'no-store' });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return { ok: false, message: `the cmi5 fetch URL could not be reached: ${(error as Error).message}` };
  }
  let json: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  if (json && json['error-code'] !== undefined) {
    const code = String(json['error-code']);
    const meaning = FETCH_ERRORS[code] ?? 'unknown error';
    const detail = typeof json['error-text'] === 'string' ? `: ${json['error-text']}` : '';
    return { ok: false, message: `the cmi5 fetch URL refused a token, error ${code} (${meaning})${detail}` };
  }
  if (status !== 200)
    return { ok: false, message: `the cmi5 fetch URL answered ${status}: ${text.slice(0, 300)}` };
  const token = json?.['auth-token'];
  if (typeof token !== 'string' || token === '')
    return { ok: false, message: 'the cmi5 fetch URL answered without an "auth-token"' };
  return { ok: true, token };
}

/** The LMS.LaunchData State document (cmi5 §10), as far as the AU uses it. */
export interface LaunchData {
  contextTemplate: StatementContextObject;
  launchMode: Cmi5LaunchMode;
  moveOn?: string;
  /** 0–1; overrides the package's pass mark when present. */
  masteryScore?: number;
  returnURL?: string;
  launchParameters?: string;
}

export type LaunchDataResult =
  { ok: true; data: LaunchData; warnings: string[] } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the LMS.LaunchData document: a context template and a launch mode are required. */
export function parseLaunchData(body: string): LaunchDataResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: 'LMS.LaunchData is not JSON' };
  }
  if (!isObject(json)) return { ok: false, message: 'LMS.LaunchData is not a JSON object' };
  if (!isObject(json.contextTemplate))
    return { ok: false, message: 'LMS.LaunchData has no "contextTemplate" object' };
  const launchMode = json.launchMode;
  if (!CMI5_LAUNCH_MODES.includes(launchMode as Cmi5LaunchMode))
    return {
      ok: false,
      message: `LMS.LaunchData "launchMode" is not Normal, Browse or Review: ${String(launchMode)}`,
    };
  const warnings: string[] = [];
  const data: LaunchData = {
    contextTemplate: json.contextTemplate as StatementContextObject,
    launchMode: launchMode as Cmi5LaunchMode,
  };
  if (typeof json.moveOn === 'string') data.moveOn = json.moveOn;
  if (json.masteryScore !== undefined) {
    const m = json.masteryScore;
    if (typeof m === 'number' && m >= 0 && m <= 1) data.masteryScore = m;
    else
      warnings.push(
        `LMS.LaunchData "masteryScore" is not a decimal from 0 to 1 and is ignored: ${String(m)}`,
      );
  }
  if (typeof json.returnURL === 'string' && json.returnURL !== '') data.returnURL = json.returnURL;
  if (typeof json.launchParameters === 'string') data.launchParameters = json.launchParameters;
  return { ok: true, data, warnings };
}
