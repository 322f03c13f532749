import type { Agent } from '@course/contracts';
import { XAPI_VERSION } from './transport.js';

/** What the LRS answered to a document request. A network failure rejects instead. */
export interface DocumentResponse {
  status: number;
  body: string;
  /** The document's ETag, when the LRS sent one (GET). */
  etag: string | null;
}

/** The key of one State document (xAPI 2.0 §4.1.6.2 / 1.0.3 Communication §2.3). */
export interface StateKey {
  activityId: string;
  agent: Agent;
  registration?: string;
  stateId: string;
}

export interface XapiDocumentsOptions {
  /** The LRS endpoint, ending with `/`. */
  endpoint: string;
  /** The Authorization header value. */
  auth?: string;
  /** `X-Experience-API-Version`; default XAPI_VERSION. */
  version?: string;
  fetch?: typeof fetch;
}

/** Browsers refuse `keepalive` bodies above 64 KiB; stay below it. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * The State and Agent Profile resources, with `fetch` and exact status codes (ADR 0005, ADR 0006).
 * Writes use POST, which merges a JSON object into the stored one at the top level and needs no
 * precondition: xAPI 2.0 answers 409 to a PUT over an existing State document without If-Match.
 */
export class XapiDocuments {
  private readonly doFetch: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: XapiDocumentsOptions) {
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.base = options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`;
  }

  getState(key: StateKey): Promise<DocumentResponse> {
    return this.request('GET', `activities/state?${stateQuery(key)}`);
  }

  /** Merges `document` into the stored JSON document (creating it when there is none). */
  postState(key: StateKey, document: Record<string, unknown>): Promise<DocumentResponse> {
    return this.request('POST', `activities/state?${stateQuery(key)}`, JSON.stringify(document));
  }

  getAgentProfile(agent: Agent, profileId: string): Promise<DocumentResponse> {
    const query = new URLSearchParams({ agent: JSON.stringify(agent), profileId });
    return this.request('GET', `agents/profile?${query.toString()}`);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<DocumentResponse> {
    const headers: Record<string, string> = {
      'X-Experience-API-Version': this.options.version ?? XAPI_VERSION,
    };
    if (this.options.auth) headers.Authorization = this.options.auth;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.doFetch(`${this.base}${path}`, {
      method,
      headers,
      credentials: 'omit',
      ...(body !== undefined ? { body, keepalive: body.length < KEEPALIVE_LIMIT } : { cache: 'no-store' }),
    });
    return {
      status: response.status,
      body: await response.text().catch(() => ''),
      etag: response.headers?.get('ETag') ?? null,
    };
  }
}

function stateQuery(key: StateKey): string {
  const query = new URLSearchParams({
    activityId: key.activityId,
    agent: JSON.stringify(key.agent),
    stateId: key.stateId,
  });
  if (key.registration) query.set('registration', key.registration);
  return query.toString();
}

/**
 * The xAPI version to speak to an LRS: 2.0.0 when its `about` resource lists it (or cannot be read),
 * else 1.0.3 when it lists a 1.0.x version. cmi5 (Quartz) LMSs are built on xAPI 1.0.3, and an LRS
 * answers 400 to a version it does not support; the statements and documents the player sends are
 * valid in both.
 */
export async function negotiateXapiVersion(endpoint: string, fetchFn?: typeof fetch): Promise<string> {
  const doFetch = fetchFn ?? ((input, init) => fetch(input, init));
  try {
    const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
    const response = await doFetch(`${base}about`, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return XAPI_VERSION;
    const about = JSON.parse(await response.text()) as { version?: unknown };
    const versions = Array.isArray(about.version) ? about.version.map(String) : [];
    if (versions.length === 0 || versions.some((v) => v.startsWith('2.0'))) return XAPI_VERSION;
    return versions.some((v) => /^1\.0(\.\d+)?$/.test(v)) ? '1.0.3' : XAPI_VERSION;
  } catch {
    return XAPI_VERSION;
  }
}
