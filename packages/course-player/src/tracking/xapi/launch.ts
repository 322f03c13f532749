import { AgentSchema, type Agent } from '@course/contracts';

/** xAPI launch parameters (TinCan launch, Rustici "lms_lrs.md"), after parsing and validation. */
export interface XapiLaunch {
  /** The LRS endpoint, always ending with `/`. */
  endpoint: string;
  /** The Authorization header value, if the LMS passed one. */
  auth?: string;
  actor: Agent;
  registration?: string;
  activityId?: string;
}

export type XapiLaunchResult =
  | { status: 'ok'; launch: XapiLaunch; warnings: string[] }
  /** No xAPI launch parameters at all: a plain SCORM launch. */
  | { status: 'absent' }
  | { status: 'invalid'; problems: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** TinCan 0.9 wrote every agent property as an array; take the first value. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * Turns a launch `actor` value into an xAPI Agent, accepting the legacy shapes LMSs still send:
 * arrays for `name`/`mbox`/`mbox_sha1sum`/`openid`/`account`, an `mbox` without `mailto:`, and a TinCan
 * `account` with `accountServiceHomePage`/`accountName`.
 */
export function normalizeActor(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const input = raw as Record<string, unknown>;
  const agent: Record<string, unknown> = { objectType: 'Agent' };
  const name = first(input.name);
  if (typeof name === 'string') agent.name = name;
  const mbox = first(input.mbox);
  if (typeof mbox === 'string') agent.mbox = mbox.startsWith('mailto:') ? mbox : `mailto:${mbox}`;
  const sha1 = first(input.mbox_sha1sum);
  if (sha1 !== undefined) agent.mbox_sha1sum = sha1;
  const openid = first(input.openid);
  if (openid !== undefined) agent.openid = openid;
  const account = first(input.account);
  if (typeof account === 'object' && account !== null) {
    const a = account as Record<string, unknown>;
    agent.account = {
      homePage: a.homePage ?? a.accountServiceHomePage,
      name: a.name ?? a.accountName,
    };
  }
  return agent;
}

/** The learner as the tracker port reports them, from a launch `actor`. */
/**
 * The `actor` launch parameter (JSON, as xAPI launch and cmi5 give it) as an Agent, or undefined with
 * the reason added to `problems`.
 */
export function parseActorParam(raw: string | null | undefined, problems: string[]): Agent | undefined {
  if (!raw) {
    problems.push('the "actor" parameter is missing');
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push('"actor" is not JSON');
    return undefined;
  }
  const parsed = AgentSchema.safeParse(normalizeActor(json));
  if (parsed.success) return parsed.data;
  problems.push(`"actor" is not a valid agent: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return undefined;
}

export function learnerOf(actor: Agent): { learnerId: string; learnerName: string } {
  const id =
    actor.account?.name ?? actor.mbox?.replace(/^mailto:/, '') ?? actor.openid ?? actor.mbox_sha1sum ?? '';
  return { learnerId: id, learnerName: actor.name ?? '' };
}

/**
 * Parses xAPI launch parameters from a query string, tolerantly, then validates them.
 * SPEC NOTE (TinCan launch): `auth` often arrives with its base64 `+` decoded to a space by
 * form-style decoding; spaces after the scheme are turned back into `+`.
 * @example parseXapiLaunch('?endpoint=https%3A%2F%2Flrs.example%2Fxapi&actor=%7B...%7D')
 */
export function parseXapiLaunch(search: string): XapiLaunchResult {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const endpointRaw = params.get('endpoint')?.trim();
  const actorRaw = params.get('actor');
  if (!endpointRaw && !actorRaw) return { status: 'absent' };

  const problems: string[] = [];
  const warnings: string[] = [];

  let endpoint = '';
  if (!endpointRaw) problems.push('the "endpoint" parameter is missing');
  else {
    try {
      const url = new URL(endpointRaw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      endpoint = url.href.endsWith('/') ? url.href : `${url.href}/`;
    } catch {
      problems.push(`"endpoint" is not an absolute http(s) URL: ${endpointRaw}`);
    }
  }

  const actor = parseActorParam(actorRaw, problems);

  let auth = params.get('auth')?.trim() || undefined;
  if (auth) {
    const [scheme, ...rest] = auth.split(' ');
    if (rest.length > 1) auth = `${scheme} ${rest.join('+')}`;
  }

  let registration = params.get('registration')?.trim() || undefined;
  if (registration && !UUID.test(registration)) {
    warnings.push(`"registration" is not a UUID and is ignored: ${registration}`);
    registration = undefined;
  }
  const activityId = params.get('activity_id')?.trim() || undefined;

  if (problems.length > 0 || !actor) return { status: 'invalid', problems };
  const launch: XapiLaunch = { endpoint, actor };
  if (auth) launch.auth = auth;
  if (registration) launch.registration = registration;
  if (activityId) launch.activityId = activityId;
  return { status: 'ok', launch, warnings };
}
