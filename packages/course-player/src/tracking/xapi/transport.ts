import type { Statement } from '@course/contracts';

/** What the LRS answered to a POST of statements. A network failure rejects instead. */
export interface TransportResponse {
  status: number;
  body: string;
}

export type StatementTransport = (statements: Statement[]) => Promise<TransportResponse>;

export const XAPI_VERSION = '2.0.0';

/** Browsers refuse `keepalive` bodies above 64 KiB; stay below it. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * POSTs statements to `${endpoint}statements` (xAPI 2.0 §2.1.2) with `fetch`. `keepalive` lets a
 * send started in `pagehide` finish after the page is gone.
 *
 * @xapi/xapi 3.0 is not used for this: its fetch adapter throws on any non-2xx status without the
 * status (so 409 "already stored", 429/5xx "retry" and other 4xx "drop" cannot be told apart), its
 * `version` option stops at 1.0.3, and its bundle carries axios (17.5 KB gzipped) for one POST.
 */
export function fetchTransport(options: {
  endpoint: string;
  auth?: string;
  /** `X-Experience-API-Version`; default XAPI_VERSION (see `negotiateXapiVersion` in documents.ts). */
  version?: string;
  fetch?: typeof fetch;
}): StatementTransport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const url = `${options.endpoint.replace(/\/+$/, '')}/statements`;
  return async (statements) => {
    const body = JSON.stringify(statements);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Experience-API-Version': options.version ?? XAPI_VERSION,
    };
    if (options.auth) headers.Authorization = options.auth;
    const response = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      keepalive: body.length < KEEPALIVE_LIMIT,
      credentials: 'omit',
    });
    return { status: response.status, body: await response.text().catch(() => '') };
  };
}
