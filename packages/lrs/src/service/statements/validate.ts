/**
 * The complete xAPI statement validator (xAPI 1.0.3 Data §2 and §4; IEEE 9274.1.1 (xAPI 2.0) §4.2),
 * hand-written so that every rule can name the exact path it checks. It reports every issue it
 * finds; an empty list means the statement is valid for `version`.
 *
 * Rules beyond "the right type in the right place":
 * - unknown properties, and properties in the wrong case, are rejected (Data 2.2.s4.b1);
 * - `null` is accepted only as a value inside `extensions`;
 * - an Agent has exactly one inverse functional identifier; a Group has at most one, and an
 *   anonymous Group (none) needs `member`; members are Agents;
 * - `context.revision` and `context.platform` only with an Activity object;
 * - a SubStatement has no `id`, `stored`, `version` or `authority` and does not nest;
 * - `authority` is an Agent, or an anonymous Group of exactly two Agents (OAuth);
 * - 2.0 only: `context.contextAgents` and `context.contextGroups`.
 */
import type { XapiVersion } from '../../config.js';
import type { Issue } from '../../errors.js';

export type Path = (string | number)[];
type Obj = Record<string, unknown>;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon, and no whitespace. */
export const IRI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/;
const MBOX_RE = /^mailto:[^@\s:/]+@[^@\s]+\.[^@\s]+$|^mailto:[^@\s:/]+@[^@\s.]+$/;
const SHA1_RE = /^[0-9a-f]{40}$/i;
const SHA2_RE = /^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/i;
const VERSION_RE = /^(1\.0|2\.0)(\.\d+)?$/;
/** ISO 8601 duration (xAPI 1.0.3 Data §4.6), including the week form. */
const DURATION_RE =
  /^P(?:\d+(?:[.,]\d+)?W|(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?)$/;

/**
 * A duration with the seconds truncated to hundredths: IEEE 9274.1.1 §4.2.7 ignores any precision
 * beyond 0.01 s when durations (or statements holding them) are compared.
 */
export function comparableDuration(duration: string): string {
  return duration.replace(/(\d+)[.,](\d+)S$/, (_m, whole: string, fraction: string) => {
    const hundredths = fraction.slice(0, 2).replace(/0+$/, '');
    return hundredths ? `${whole}.${hundredths}S` : `${whole}S`;
  });
}

/** A copy of a statement whose durations compare at 0.01 s precision (see `comparableDuration`). */
export function withComparableDurations(statement: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...statement };
  if (isObject(copy.result) && typeof copy.result.duration === 'string')
    copy.result = { ...copy.result, duration: comparableDuration(copy.result.duration) };
  if (isObject(copy.object) && copy.object.objectType === 'SubStatement')
    copy.object = withComparableDurations(copy.object);
  return copy;
}
/**
 * ISO 8601 extended / RFC 3339 date-time with a time zone. RFC 3339 §5.6 also lets a space stand for
 * the "T"; xAPI 2.0 (IEEE 9274.1.1) timestamps follow RFC 3339, so `isTimestamp` accepts the space only
 * when asked to (2.0 requests); 1.0.3 requires ISO 8601, which has no such form.
 */
export const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})$/i;
/** RFC 5646 language tag (langtag and private-use; grandfathered tags are not accepted). */
const LANGTAG_RE =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+)$/i;

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

export const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const;
const COMPONENT_LISTS: Record<string, string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};
const ALL_COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'];

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIri = (v: unknown): v is string => typeof v === 'string' && IRI_RE.test(v);
export const isLanguageTag = (v: string) => LANGTAG_RE.test(v);

/** Whether `value` is a valid xAPI timestamp (with the -00:00 "unknown offset" rejected). */
export function isTimestamp(value: unknown, allowSpaceSeparator = false): value is string {
  if (typeof value !== 'string') return false;
  if (!allowSpaceSeparator && value.charAt(10) === ' ') return false;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const zone = m[8]!;
  if (/^-00:?(00)?$/.test(zone)) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return false;
  return !Number.isNaN(Date.parse(toUtcTimestamp(value)));
}

/**
 * The same instant in UTC with a `Z`, keeping every fractional digit sent (xAPI 2.0 §4.2.7: an LRS
 * converts timestamps to UTC). Expects a value `isTimestamp` accepted.
 */
export function toUtcTimestamp(value: string): string {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return value;
  const fraction = m[7] ?? '';
  const zone = m[8]!.toUpperCase();
  const base = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  if (zone === 'Z') return `${base}${fraction}Z`;
  const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offsetMinutes = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
  const utc = new Date(Date.parse(`${base}Z`) - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}${fraction}Z`;
}

class Checker {
  readonly issues: Issue[] = [];
  constructor(readonly version: XapiVersion) {}

  add(path: Path, message: string) {
    this.issues.push({ path, message });
  }

  /** Reports properties not in `allowed`; returns false when `value` is not an object. */
  object(value: unknown, path: Path, allowed: readonly string[], what: string): value is Obj {
    if (!isObject(value)) {
      this.add(path, `must be ${what} (a JSON object)`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add([...path, key], `is not a property of ${what}`);
    }
    return true;
  }

  required(value: Obj, path: Path, keys: string[]) {
    for (const key of keys) if (value[key] === undefined) this.add([...path, key], 'is required');
  }

  string(value: unknown, path: Path, what = 'a string'): value is string {
    if (typeof value !== 'string') {
      this.add(path, `must be ${what}`);
      return false;
    }
    return true;
  }

  iri(value: unknown, path: Path) {
    if (!isIri(value)) this.add(path, 'must be an absolute IRI');
  }

  uuid(value: unknown, path: Path) {
    if (typeof value !== 'string' || !UUID_RE.test(value)) this.add(path, 'must be a UUID');
  }

  boolean(value: unknown, path: Path) {
    if (typeof value !== 'boolean') this.add(path, 'must be true or false');
  }

  number(value: unknown, path: Path): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, 'must be a number');
      return false;
    }
    return true;
  }

  languageMap(value: unknown, path: Path) {
    if (!isObject(value)) {
      this.add(path, 'must be a language map (an object of language tag → string)');
      return;
    }
    for (const [tag, text] of Object.entries(value)) {
      if (!isLanguageTag(tag)) this.add([...path, tag], 'is not an RFC 5646 language tag');
      if (typeof text !== 'string') this.add([...path, tag], 'must be a string');
    }
  }

  extensions(value: unknown, path: Path) {
    if (!isObject(value)) {
      this.add(path, 'must be an object whose keys are IRIs');
      return;
    }
    for (const key of Object.keys(value)) {
      if (!IRI_RE.test(key)) this.add([...path, key], 'an extension key must be an absolute IRI');
    }
  }

  timestamp(value: unknown, path: Path) {
    if (!isTimestamp(value, this.version.startsWith('2.')))
      this.add(path, 'must be an ISO 8601 timestamp with a time zone');
  }

  // ---- actors -------------------------------------------------------------------------------

  ifis(value: Obj, path: Path): number {
    let count = 0;
    if (value.mbox !== undefined) {
      count++;
      if (typeof value.mbox !== 'string' || !MBOX_RE.test(value.mbox))
        this.add([...path, 'mbox'], 'must be a mailto: IRI with an email address');
    }
    if (value.mbox_sha1sum !== undefined) {
      count++;
      if (typeof value.mbox_sha1sum !== 'string' || !SHA1_RE.test(value.mbox_sha1sum))
        this.add([...path, 'mbox_sha1sum'], 'must be the hex SHA-1 of a mailto IRI');
    }
    if (value.openid !== undefined) {
      count++;
      this.iri(value.openid, [...path, 'openid']);
    }
    if (value.account !== undefined) {
      count++;
      const account = value.account;
      const p = [...path, 'account'];
      if (this.object(account, p, ['homePage', 'name'], 'an account')) {
        this.required(account, p, ['homePage', 'name']);
        if (account.homePage !== undefined) this.iri(account.homePage, [...p, 'homePage']);
        if (account.name !== undefined) this.string(account.name, [...p, 'name']);
      }
    }
    return count;
  }

  agent(value: unknown, path: Path) {
    if (
      !this.object(
        value,
        path,
        ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'],
        'an Agent',
      )
    )
      return;
    if (value.objectType !== undefined && value.objectType !== 'Agent')
      this.add([...path, 'objectType'], 'must be "Agent"');
    if (value.name !== undefined) this.string(value.name, [...path, 'name']);
    const n = this.ifis(value, path);
    if (n !== 1) this.add(path, 'an Agent has exactly one identifier: mbox, mbox_sha1sum, openid or account');
  }

  group(value: unknown, path: Path) {
    if (
      !this.object(
        value,
        path,
        ['objectType', 'name', 'member', 'mbox', 'mbox_sha1sum', 'openid', 'account'],
        'a Group',
      )
    )
      return;
    if (value.objectType !== 'Group') this.add([...path, 'objectType'], 'must be "Group"');
    if (value.name !== undefined) this.string(value.name, [...path, 'name']);
    const n = this.ifis(value, path);
    if (n > 1) this.add(path, 'a Group has at most one identifier');
    if (value.member !== undefined) {
      if (!Array.isArray(value.member)) this.add([...path, 'member'], 'must be an array of Agents');
      else value.member.forEach((m, i) => this.agent(m, [...path, 'member', i]));
    } else if (n === 0) {
      this.add([...path, 'member'], 'an anonymous Group (no identifier) must list its members');
    }
  }

  actor(value: unknown, path: Path) {
    if (isObject(value) && value.objectType === 'Group') this.group(value, path);
    else this.agent(value, path);
  }

  // ---- verb, object ---------------------------------------------------------------------------

  verb(value: unknown, path: Path) {
    if (!this.object(value, path, ['id', 'display'], 'a Verb')) return;
    this.required(value, path, ['id']);
    if (value.id !== undefined) this.iri(value.id, [...path, 'id']);
    if (value.display !== undefined) this.languageMap(value.display, [...path, 'display']);
  }

  components(value: unknown, path: Path) {
    if (!Array.isArray(value)) {
      this.add(path, 'must be an array of interaction components');
      return;
    }
    const ids = new Set<string>();
    value.forEach((c, i) => {
      const p = [...path, i];
      if (!this.object(c, p, ['id', 'description'], 'an interaction component')) return;
      this.required(c, p, ['id']);
      if (c.id !== undefined && this.string(c.id, [...p, 'id'])) {
        if (ids.has(c.id)) this.add([...p, 'id'], 'interaction component ids must be distinct');
        ids.add(c.id);
      }
      if (c.description !== undefined) this.languageMap(c.description, [...p, 'description']);
    });
  }

  definition(value: unknown, path: Path) {
    const keys = [
      'name',
      'description',
      'type',
      'moreInfo',
      'extensions',
      'interactionType',
      'correctResponsesPattern',
      ...ALL_COMPONENT_LISTS,
    ];
    if (!this.object(value, path, keys, 'an Activity definition')) return;
    if (value.name !== undefined) this.languageMap(value.name, [...path, 'name']);
    if (value.description !== undefined) this.languageMap(value.description, [...path, 'description']);
    if (value.type !== undefined) this.iri(value.type, [...path, 'type']);
    if (value.moreInfo !== undefined) this.iri(value.moreInfo, [...path, 'moreInfo']);
    if (value.extensions !== undefined) this.extensions(value.extensions, [...path, 'extensions']);
    const type = value.interactionType;
    if (
      type !== undefined &&
      !(typeof type === 'string' && (INTERACTION_TYPES as readonly string[]).includes(type))
    )
      this.add([...path, 'interactionType'], `must be one of ${INTERACTION_TYPES.join(', ')}`);
    if (value.correctResponsesPattern !== undefined) {
      const crp = value.correctResponsesPattern;
      if (!Array.isArray(crp) || crp.some((s) => typeof s !== 'string'))
        this.add([...path, 'correctResponsesPattern'], 'must be an array of strings');
    }
    const present = ALL_COMPONENT_LISTS.filter((k) => value[k] !== undefined);
    if ((present.length > 0 || value.correctResponsesPattern !== undefined) && type === undefined)
      this.add(
        [...path, 'interactionType'],
        'is required with correctResponsesPattern or interaction components',
      );
    const allowed = typeof type === 'string' ? (COMPONENT_LISTS[type] ?? []) : ALL_COMPONENT_LISTS;
    for (const key of present) {
      this.components(value[key], [...path, key]);
      if (type !== undefined && !allowed.includes(key))
        this.add([...path, key], `is not used with interactionType ${String(type)}`);
    }
  }

  activity(value: unknown, path: Path) {
    if (!this.object(value, path, ['objectType', 'id', 'definition'], 'an Activity')) return;
    if (value.objectType !== undefined && value.objectType !== 'Activity')
      this.add([...path, 'objectType'], 'must be "Activity"');
    this.required(value, path, ['id']);
    if (value.id !== undefined) this.iri(value.id, [...path, 'id']);
    if (value.definition !== undefined) this.definition(value.definition, [...path, 'definition']);
  }

  statementRef(value: unknown, path: Path) {
    if (!this.object(value, path, ['objectType', 'id'], 'a StatementRef')) return;
    if (value.objectType !== 'StatementRef') this.add([...path, 'objectType'], 'must be "StatementRef"');
    this.required(value, path, ['id']);
    if (value.id !== undefined) this.uuid(value.id, [...path, 'id']);
  }

  object_(value: unknown, path: Path, inSubStatement: boolean) {
    if (!isObject(value)) {
      this.add(path, 'must be an Activity, Agent, Group, StatementRef or SubStatement');
      return;
    }
    switch (value.objectType) {
      case undefined:
      case 'Activity':
        return this.activity(value, path);
      case 'Agent':
        return this.agent(value, path);
      case 'Group':
        return this.group(value, path);
      case 'StatementRef':
        return this.statementRef(value, path);
      case 'SubStatement':
        if (inSubStatement) return this.add(path, 'a SubStatement cannot contain a SubStatement');
        return this.statement(value, path, true);
      default:
        this.add([...path, 'objectType'], 'must be Activity, Agent, Group, StatementRef or SubStatement');
    }
  }

  // ---- result, context, attachments -------------------------------------------------------------

  result(value: unknown, path: Path) {
    const keys = ['score', 'success', 'completion', 'response', 'duration', 'extensions'];
    if (!this.object(value, path, keys, 'a Result')) return;
    if (value.score !== undefined) {
      const score = value.score;
      const p = [...path, 'score'];
      if (this.object(score, p, ['scaled', 'raw', 'min', 'max'], 'a Score')) {
        const ok = (k: string) => score[k] !== undefined && this.number(score[k], [...p, k]);
        if (ok('scaled') && ((score.scaled as number) < -1 || (score.scaled as number) > 1))
          this.add([...p, 'scaled'], 'must be between -1 and 1');
        const raw = ok('raw') ? (score.raw as number) : undefined;
        const min = ok('min') ? (score.min as number) : undefined;
        const max = ok('max') ? (score.max as number) : undefined;
        if (min !== undefined && max !== undefined && max < min)
          this.add([...p, 'max'], 'must not be below min');
        if (raw !== undefined && min !== undefined && raw < min)
          this.add([...p, 'raw'], 'must not be below min');
        if (raw !== undefined && max !== undefined && raw > max)
          this.add([...p, 'raw'], 'must not be above max');
      }
    }
    if (value.success !== undefined) this.boolean(value.success, [...path, 'success']);
    if (value.completion !== undefined) this.boolean(value.completion, [...path, 'completion']);
    if (value.response !== undefined) this.string(value.response, [...path, 'response']);
    if (value.duration !== undefined) {
      if (typeof value.duration !== 'string' || !DURATION_RE.test(value.duration))
        this.add([...path, 'duration'], 'must be an ISO 8601 duration');
    }
    if (value.extensions !== undefined) this.extensions(value.extensions, [...path, 'extensions']);
  }

  contextActivities(value: unknown, path: Path) {
    if (!this.object(value, path, ['parent', 'grouping', 'category', 'other'], 'contextActivities')) return;
    for (const [key, list] of Object.entries(value)) {
      if (Array.isArray(list)) list.forEach((a, i) => this.activity(a, [...path, key, i]));
      else this.activity(list, [...path, key]);
    }
  }

  relevantTypes(value: Obj, path: Path) {
    if (value.relevantTypes === undefined) return;
    const p = [...path, 'relevantTypes'];
    if (!Array.isArray(value.relevantTypes) || value.relevantTypes.length === 0)
      this.add(p, 'must be a non-empty array of IRIs');
    else value.relevantTypes.forEach((t, i) => this.iri(t, [...p, i]));
  }

  context(value: unknown, path: Path, object: unknown) {
    const keys = [
      'registration',
      'instructor',
      'team',
      'contextActivities',
      'revision',
      'platform',
      'language',
      'statement',
      'extensions',
      ...(this.version === '2.0.0' ? ['contextAgents', 'contextGroups'] : []),
    ];
    if (!this.object(value, path, keys, 'a Context')) return;
    if (value.registration !== undefined) this.uuid(value.registration, [...path, 'registration']);
    if (value.instructor !== undefined) this.actor(value.instructor, [...path, 'instructor']);
    if (value.team !== undefined) this.group(value.team, [...path, 'team']);
    if (value.contextActivities !== undefined)
      this.contextActivities(value.contextActivities, [...path, 'contextActivities']);
    const objectType = isObject(object) ? object.objectType : undefined;
    const activityObject = objectType === undefined || objectType === 'Activity';
    for (const key of ['revision', 'platform'] as const) {
      if (value[key] === undefined) continue;
      this.string(value[key], [...path, key]);
      if (!activityObject) this.add([...path, key], 'is only allowed when the object is an Activity');
    }
    if (value.language !== undefined) {
      if (typeof value.language !== 'string' || !isLanguageTag(value.language))
        this.add([...path, 'language'], 'must be an RFC 5646 language tag');
    }
    if (value.statement !== undefined) this.statementRef(value.statement, [...path, 'statement']);
    if (value.extensions !== undefined) this.extensions(value.extensions, [...path, 'extensions']);
    if (value.contextAgents !== undefined) {
      const p = [...path, 'contextAgents'];
      if (!Array.isArray(value.contextAgents)) this.add(p, 'must be an array');
      else
        value.contextAgents.forEach((ca, i) => {
          const q = [...p, i];
          if (!this.object(ca, q, ['objectType', 'agent', 'relevantTypes'], 'a contextAgent')) return;
          if (ca.objectType !== 'contextAgent') this.add([...q, 'objectType'], 'must be "contextAgent"');
          this.required(ca, q, ['agent']);
          if (ca.agent !== undefined) this.agent(ca.agent, [...q, 'agent']);
          this.relevantTypes(ca, q);
        });
    }
    if (value.contextGroups !== undefined) {
      const p = [...path, 'contextGroups'];
      if (!Array.isArray(value.contextGroups)) this.add(p, 'must be an array');
      else
        value.contextGroups.forEach((cg, i) => {
          const q = [...p, i];
          if (!this.object(cg, q, ['objectType', 'group', 'relevantTypes'], 'a contextGroup')) return;
          if (cg.objectType !== 'contextGroup') this.add([...q, 'objectType'], 'must be "contextGroup"');
          this.required(cg, q, ['group']);
          if (cg.group !== undefined) this.group(cg.group, [...q, 'group']);
          this.relevantTypes(cg, q);
        });
    }
  }

  attachments(value: unknown, path: Path) {
    if (!Array.isArray(value)) {
      this.add(path, 'must be an array of Attachments');
      return;
    }
    const keys = ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'];
    value.forEach((a, i) => {
      const p = [...path, i];
      if (!this.object(a, p, keys, 'an Attachment')) return;
      this.required(a, p, ['usageType', 'display', 'contentType', 'length', 'sha2']);
      if (a.usageType !== undefined) this.iri(a.usageType, [...p, 'usageType']);
      if (a.display !== undefined) this.languageMap(a.display, [...p, 'display']);
      if (a.description !== undefined) this.languageMap(a.description, [...p, 'description']);
      if (a.contentType !== undefined) {
        if (typeof a.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(a.contentType))
          this.add([...p, 'contentType'], 'must be an Internet Media Type');
      }
      if (a.length !== undefined && !(Number.isInteger(a.length) && (a.length as number) >= 0))
        this.add([...p, 'length'], 'must be a non-negative integer');
      if (a.sha2 !== undefined && !(typeof a.sha2 === 'string' && SHA2_RE.test(a.sha2)))
        this.add([...p, 'sha2'], 'must be a hex SHA-2 hash');
      if (a.fileUrl !== undefined) this.iri(a.fileUrl, [...p, 'fileUrl']);
    });
  }

  authority(value: unknown, path: Path) {
    if (isObject(value) && value.objectType === 'Group') {
      this.group(value, path);
      const members = value.member;
      const anonymous = ['mbox', 'mbox_sha1sum', 'openid', 'account'].every((k) => value[k] === undefined);
      if (!anonymous || !Array.isArray(members) || members.length !== 2)
        this.add(path, 'an authority Group must be an anonymous Group of exactly two Agents (OAuth)');
    } else this.agent(value, path);
  }

  // ---- the statement ----------------------------------------------------------------------------

  statement(value: unknown, path: Path, sub = false) {
    const keys = sub
      ? ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments']
      : [
          'id',
          'actor',
          'verb',
          'object',
          'result',
          'context',
          'timestamp',
          'stored',
          'authority',
          'version',
          'attachments',
        ];
    if (!this.object(value, path, keys, sub ? 'a SubStatement' : 'a Statement')) return;
    this.required(value, path, ['actor', 'verb', 'object']);
    if (value.id !== undefined) this.uuid(value.id, [...path, 'id']);
    if (value.actor !== undefined) this.actor(value.actor, [...path, 'actor']);
    if (value.verb !== undefined) this.verb(value.verb, [...path, 'verb']);
    if (value.object !== undefined) this.object_(value.object, [...path, 'object'], sub);
    if (value.result !== undefined) this.result(value.result, [...path, 'result']);
    if (value.context !== undefined) this.context(value.context, [...path, 'context'], value.object);
    if (value.timestamp !== undefined) this.timestamp(value.timestamp, [...path, 'timestamp']);
    if (value.stored !== undefined) this.timestamp(value.stored, [...path, 'stored']);
    if (value.authority !== undefined) this.authority(value.authority, [...path, 'authority']);
    if (value.version !== undefined) {
      if (typeof value.version !== 'string' || !VERSION_RE.test(value.version))
        this.add([...path, 'version'], 'must be a 1.0.x or 2.0.x version');
    }
    if (value.attachments !== undefined) this.attachments(value.attachments, [...path, 'attachments']);
    if (
      !sub &&
      isObject(value.verb) &&
      value.verb.id === VOIDED_VERB &&
      !(isObject(value.object) && value.object.objectType === 'StatementRef')
    )
      this.add([...path, 'object'], 'a statement with the verb voided must have a StatementRef object');
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any real statement; bounds the recursion here and in PostgreSQL's jsonb parser. */
export const MAX_DEPTH = 64;

/**
 * Values PostgreSQL cannot store in jsonb, reported as issues (so that they answer 400, not 500):
 * strings with NUL or unpaired surrogates, and nesting deeper than `MAX_DEPTH`.
 */
function unstorableValues(value: unknown, path: Path, issues: Issue[], depth = 0): void {
  const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);
  if (typeof value === 'string') {
    if (bad(value)) issues.push({ path, message: 'contains a NUL character or an unpaired surrogate' });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    issues.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableValues(item, [...path, i], issues, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (bad(key))
      issues.push({
        path: [...path, key],
        message: 'the property name contains a NUL character or an unpaired surrogate',
      });
    unstorableValues(item, [...path, key], issues, depth + 1);
  }
}

/** Every issue of `value` as an xAPI statement of `version`; `[]` when it is valid. */
export function validateStatement(value: unknown, version: XapiVersion, path: Path = []): Issue[] {
  const checker = new Checker(version);
  checker.statement(value, path);
  unstorableValues(value, path, checker.issues);
  return checker.issues;
}

/** Every issue of `value` as an Agent (or Group when `allowGroup`), e.g. the `agent` query parameter. */
export function validateActor(value: unknown, path: Path, allowGroup: boolean): Issue[] {
  const checker = new Checker('2.0.0');
  if (allowGroup) checker.actor(value, path);
  else checker.agent(value, path);
  return checker.issues;
}
