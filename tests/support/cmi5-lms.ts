import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createCredential, type startLrs } from '@course/lrs';

type Lrs = Awaited<ReturnType<typeof startLrs>>;

const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY_SCORE = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const LAUNCH_MODE = 'https://w3id.org/xapi/cmi5/context/extensions/launchmode';
const LAUNCH_URL = 'https://w3id.org/xapi/cmi5/context/extensions/launchurl';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/extensions/moveon';
const verb = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const basic = (key: string, secret: string) => Buffer.from(`${key}:${secret}`).toString('base64');

/** An AU of an imported cmi5.xml (§13.1.4). */
export interface CourseAu {
  /** The publisher id, from the course structure. */
  id: string;
  url: string;
  moveOn: string;
  masteryScore?: number;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The AUs of a cmi5.xml, as an LMS imports them. */
export function parseCourseStructure(xml: string): CourseAu[] {
  return [...xml.matchAll(/<au\s([^>]*)>([\s\S]*?)<\/au>/g)].map(([, attributes, body]) => {
    const attr = (name: string) => attributes!.match(new RegExp(`${name}="([^"]*)"`))?.[1];
    const mastery = attr('masteryScore');
    return {
      id: unescapeXml(attr('id')!),
      url: unescapeXml(body!.match(/<url>([^<]*)<\/url>/)![1]!.trim()),
      moveOn: attr('moveOn') ?? 'NotApplicable',
      ...(mastery !== undefined ? { masteryScore: Number(mastery) } : {}),
    };
  });
}

export interface StoredStatement {
  id: string;
  timestamp: string;
  actor: Record<string, unknown>;
  verb: { id: string };
  object: { id: string };
  result?: {
    score?: { scaled?: number; raw?: number; min?: number; max?: number };
    success?: boolean;
    completion?: boolean;
    duration?: string;
    response?: string;
  };
  context?: {
    registration?: string;
    contextActivities?: Record<string, Array<{ id: string }>>;
    extensions?: Record<string, unknown>;
  };
}

export interface Cmi5Launch {
  /** The query string the LMS appends to the AU url (without the AU url's own `?module=…`). */
  search: string;
  registration: string;
  sessionId: string;
  /** The LMS-generated activity id of the AU (§8.1: never the publisher id). */
  activityId: string;
  fetchUrl: string;
}

export interface LaunchOptions {
  registration: string;
  launchMode?: 'Normal' | 'Browse' | 'Review';
  /** Overrides the course structure's masteryScore in LMS.LaunchData (§10 "MAY be different"). */
  masteryScore?: number;
  returnURL?: string;
}

/**
 * A small cmi5 LMS in front of the real LRS: an Express app that serves single-use fetch URLs
 * (§8.2), writes LMS.LaunchData into the LRS with its own credential (§10, PUT with If-None-Match /
 * If-Match, as xAPI 2.0 requires), records the "launched" statement (§9.3.1), gives each session its
 * own LRS credential (statements/write, state, profile) as the auth token, and reads back and judges
 * what the AU sent.
 */
export async function startCmi5Lms(
  lrs: Lrs,
  options: {
    rootAuth: string;
    actor: Record<string, unknown>;
    /** An unzipped course package, served at `<url>/package/` for a browser to launch its AUs. */
    packageDir?: string;
  },
) {
  const tokens = new Map<string, { token: string; used: boolean }>();
  const launchModes = new Map<string, string>();
  const app = express();
  if (options.packageDir) app.use('/package', express.static(options.packageDir));
  // The LMS page an AU runs in (launchMethod AnyWindow: here a frame).
  app.get('/play', (req, res) => {
    const src = String(req.query.src ?? '').replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    res.type('html').send(`<!doctype html><html lang="en"><title>cmi5 LMS</title>
<iframe id="au" title="Assignable unit" src="${src}" style="width:100%;height:95vh;border:0"></iframe></html>`);
  });
  app.post('/cmi5/fetch/:id', (req, res) => {
    const entry = tokens.get(req.params.id);
    if (!entry) return void res.json({ 'error-code': '2', 'error-text': 'Unknown fetch URL.' });
    if (entry.used)
      return void res.json({
        'error-code': '1',
        'error-text': 'The authorization token has already been returned.',
      });
    entry.used = true;
    res.json({ 'auth-token': entry.token });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoint = `${lrs.url}/xapi/`;

  const xapi = (path: string, init: RequestInit = {}) =>
    fetch(`${endpoint}${path}`, {
      ...init,
      headers: {
        Authorization: options.rootAuth,
        'X-Experience-API-Version': '2.0.0',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...(init.headers as Record<string, string>),
      },
    });

  async function putState(query: URLSearchParams, document: unknown): Promise<void> {
    const current = await xapi(`activities/state?${query}`);
    const precondition: Record<string, string> =
      current.status === 200 ? { 'If-Match': current.headers.get('ETag')! } : { 'If-None-Match': '*' };
    const res = await xapi(`activities/state?${query}`, {
      method: 'PUT',
      body: JSON.stringify(document),
      headers: precondition,
    });
    if (res.status !== 204) throw new Error(`LMS.LaunchData PUT answered ${res.status}: ${await res.text()}`);
  }

  return {
    url,
    /** The LMS's own activity id for an AU, the same in every registration (§8.1). */
    activityIdOf: (au: CourseAu) => `${url}/activities/au/${encodeURIComponent(au.id)}`,

    async launch(au: CourseAu, launch: LaunchOptions): Promise<Cmi5Launch> {
      const sessionId = randomUUID();
      const activityId = this.activityIdOf(au);
      const credential = await createCredential(lrs.db, {
        scopes: ['statements/write', 'state', 'profile'],
        label: `cmi5 session ${sessionId}`,
      });
      const fetchId = randomUUID();
      tokens.set(fetchId, { token: basic(credential.key, credential.secret), used: false });
      const fetchUrl = `${url}/cmi5/fetch/${fetchId}`;
      const launchMode = launch.launchMode ?? 'Normal';
      launchModes.set(sessionId, launchMode);
      const masteryScore = launch.masteryScore ?? au.masteryScore;
      const contextTemplate = {
        contextActivities: { grouping: [{ objectType: 'Activity', id: au.id }] },
        extensions: { [SESSION_ID]: sessionId },
      };
      const query = new URLSearchParams({
        activityId,
        agent: JSON.stringify(options.actor),
        registration: launch.registration,
        stateId: 'LMS.LaunchData',
      });
      await putState(query, {
        contextTemplate,
        launchMode,
        moveOn: au.moveOn,
        ...(masteryScore !== undefined ? { masteryScore } : {}),
        ...(launch.returnURL ? { returnURL: launch.returnURL } : {}),
      });
      const launched = await xapi('statements', {
        method: 'POST',
        body: JSON.stringify({
          id: randomUUID(),
          timestamp: new Date().toISOString(),
          actor: options.actor,
          verb: { id: verb('launched'), display: { en: 'launched' } },
          object: { objectType: 'Activity', id: activityId },
          context: {
            registration: launch.registration,
            contextActivities: { ...contextTemplate.contextActivities, category: [{ id: CMI5_CATEGORY }] },
            extensions: {
              ...contextTemplate.extensions,
              [LAUNCH_MODE]: launchMode,
              [LAUNCH_URL]: `${url}/package/${au.url.split('?')[0]}`,
              [MOVE_ON]: au.moveOn,
              ...(masteryScore !== undefined ? { [MASTERY_SCORE]: masteryScore } : {}),
            },
          },
        }),
      });
      if (launched.status !== 200)
        throw new Error(`launched statement: ${launched.status} ${await launched.text()}`);
      const search = new URLSearchParams({
        endpoint,
        fetch: fetchUrl,
        actor: JSON.stringify(options.actor),
        registration: launch.registration,
        activityId,
      });
      const auQuery = au.url.includes('?') ? `${au.url.split('?')[1]}&` : '';
      return {
        search: `?${auQuery}${search}`,
        registration: launch.registration,
        sessionId,
        activityId,
        fetchUrl,
      };
    },

    /** Every statement of a registration, in the order they were stored. */
    async statements(registration: string): Promise<StoredStatement[]> {
      const out: StoredStatement[] = [];
      let next: string | null =
        `statements?${new URLSearchParams({ registration, ascending: 'true', limit: '500' })}`;
      while (next) {
        const res = await xapi(next);
        if (res.status !== 200) throw new Error(`GET statements: ${res.status} ${await res.text()}`);
        const page = (await res.json()) as { statements: StoredStatement[]; more?: string };
        out.push(...page.statements);
        next = page.more ? page.more.replace(/^.*?\/xapi\//, '') : null;
      }
      return out;
    },

    /** A State document as the LRS holds it (null when there is none). */
    async state(activityId: string, registration: string, stateId: string): Promise<unknown> {
      const query = new URLSearchParams({
        activityId,
        agent: JSON.stringify(options.actor),
        registration,
        stateId,
      });
      const res = await xapi(`activities/state?${query}`);
      return res.status === 404 ? null : ((await res.json()) as unknown);
    },

    launchModeOf: (sessionId: string) => launchModes.get(sessionId),

    /** The LMS page that runs a launch of an AU of the served package in a frame (`#au`). */
    playUrl: (au: CourseAu, launch: Cmi5Launch) =>
      `${url}/play?${new URLSearchParams({ src: `${url}/package/${au.url.split('?')[0]}${launch.search}` })}`,

    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const LMS_VERBS = new Set(['launched', 'abandoned', 'waived', 'satisfied'].map(verb));
const isDefined = (s: StoredStatement) =>
  (s.context?.contextActivities?.category ?? []).some((a) => a.id === CMI5_CATEGORY);

/**
 * The cmi5 rules an LMS checks on the statements an AU sent for one AU and registration (§9.3, §9.5,
 * §9.6, §10 launchMode): an empty list when they all hold, else one line per violation.
 */
export function cmi5Violations(
  all: StoredStatement[],
  expected: {
    registration: string;
    activityId: string;
    publisherId: string;
    launchModeOf: (session: string) => string | undefined;
  },
): string[] {
  const problems: string[] = [];
  const statements = all.filter((s) => !LMS_VERBS.has(s.verb.id));
  const name = (s: StoredStatement) => `${s.verb.id.split('/').pop()} ${s.id}`;
  const sessions = new Map<string, StoredStatement[]>();
  for (const s of statements) {
    const session = s.context?.extensions?.[SESSION_ID];
    if (typeof session !== 'string') {
      problems.push(`${name(s)}: no session id`);
      continue;
    }
    if (s.context?.registration !== expected.registration)
      problems.push(`${name(s)}: registration ${s.context?.registration}`);
    if (!(s.context?.contextActivities?.grouping ?? []).some((a) => a.id === expected.publisherId))
      problems.push(`${name(s)}: no publisher id grouping activity`);
    sessions.set(session, [...(sessions.get(session) ?? []), s]);
  }

  for (const [session, list] of sessions) {
    // §9.3: order is the timestamps' (ties keep the order stored).
    const ordered = [...list].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    if (ordered[0]?.verb.id !== verb('initialized') || !isDefined(ordered[0]))
      problems.push(
        `session ${session}: the first statement is ${name(ordered[0]!)}, not a cmi5 initialized`,
      );
    const last = ordered[ordered.length - 1]!;
    if (last.verb.id !== verb('terminated') || !isDefined(last))
      problems.push(`session ${session}: the last statement is ${name(last)}, not a cmi5 terminated`);
    const defined = ordered.filter(isDefined);
    const verbs = defined.map((s) => s.verb.id);
    for (const v of new Set(verbs))
      if (verbs.filter((x) => x === v).length > 1) problems.push(`session ${session}: ${v} more than once`);
    if (verbs.filter((v) => v === verb('passed') || v === verb('failed')).length > 1)
      problems.push(`session ${session}: more than one of passed/failed`);
    const mode = expected.launchModeOf(session);
    if (mode && mode !== 'Normal')
      for (const s of defined)
        if (![verb('initialized'), verb('terminated')].includes(s.verb.id))
          problems.push(`session ${session} (${mode}): ${name(s)} is not allowed`);
    for (const s of defined)
      problems.push(...resultProblems(s, expected.activityId).map((p) => `${name(s)}: ${p}`));
  }

  // Per registration (§9.3): at most one completed, one passed; no failed after passed.
  const defined = statements
    .filter(isDefined)
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  if (defined.filter((s) => s.verb.id === verb('completed')).length > 1)
    problems.push('more than one completed in the registration');
  if (defined.filter((s) => s.verb.id === verb('passed')).length > 1)
    problems.push('more than one passed in the registration');
  const firstPass = defined.findIndex((s) => s.verb.id === verb('passed'));
  if (firstPass >= 0 && defined.slice(firstPass).some((s) => s.verb.id === verb('failed')))
    problems.push('failed after passed in the registration');
  return problems;
}

function resultProblems(s: StoredStatement, activityId: string): string[] {
  const problems: string[] = [];
  const v = s.verb.id;
  const r = s.result ?? {};
  const judged = v === verb('passed') || v === verb('failed');
  if (s.object.id !== activityId) problems.push(`object ${s.object.id} is not the AU's activityId`);
  if (r.score !== undefined && !judged) problems.push('score outside passed/failed (§9.5.1)');
  if (v === verb('passed') && r.success !== true) problems.push('passed without success true');
  if (v === verb('failed') && r.success !== false) problems.push('failed without success false');
  if (!judged && r.success !== undefined) problems.push('success outside passed/failed (§9.5.2)');
  if (v === verb('completed') && r.completion !== true) problems.push('completed without completion true');
  if (v !== verb('completed') && r.completion !== undefined)
    problems.push('completion outside completed (§9.5.3)');
  if ([verb('completed'), verb('passed'), verb('failed'), verb('terminated')].includes(v) && !r.duration)
    problems.push('no duration (§9.5.4.1)');
  const moveOn = (s.context?.contextActivities?.category ?? []).some((a) => a.id === MOVEON_CATEGORY);
  if (moveOn !== (r.success !== undefined || r.completion !== undefined))
    problems.push('moveOn category present exactly when success or completion is (§9.6.2.2)');
  const mastery = s.context?.extensions?.[MASTERY_SCORE];
  if (judged && typeof mastery === 'number' && r.score?.scaled !== undefined) {
    if (v === verb('passed') && r.score.scaled < mastery)
      problems.push(`passed below masteryScore ${mastery}`);
    if (v === verb('failed') && r.score.scaled >= mastery)
      problems.push(`failed at or above masteryScore ${mastery}`);
  }
  return problems;
}
