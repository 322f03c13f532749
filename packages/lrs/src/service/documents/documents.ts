import { createHash } from 'node:crypto';
import type { XapiVersion } from '../../config.js';
import { LrsError, type Issue } from '../../errors.js';
import type {
  DocumentKey,
  DocumentKind,
  DocumentScope,
  DocumentStore,
  StoredDocument,
} from '../../store/document-store.js';
import { agentIfi } from '../agent-ifi.js';
import { isIri, isObject, isTimestamp, UUID_RE, validateActor } from '../statements/validate.js';

/** The parameters of each document resource (xAPI 1.0.3 Communication §2.3, §2.6, §2.7). */
const RESOURCES: Record<
  DocumentKind,
  { idParam: string; activity: boolean; agent: boolean; registration: boolean }
> = {
  state: { idParam: 'stateId', activity: true, agent: true, registration: true },
  activity_profile: { idParam: 'profileId', activity: true, agent: false, registration: false },
  agent_profile: { idParam: 'profileId', activity: false, agent: true, registration: false },
};

export interface DocumentRequest {
  scope: DocumentScope;
  /** Absent on a multi-document GET or DELETE. */
  docId?: string;
  since?: string;
}

const invalid = (issues: Issue[]) =>
  new LrsError(
    'LRS_INVALID_PARAMETER',
    issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    issues,
  );

/**
 * Parses the query of a document request. `needsId`: PUT and POST (and DELETE of a profile) name
 * one document. Unknown, repeated, missing and malformed parameters are `LRS_INVALID_PARAMETER` (400).
 */
export function parseDocumentRequest(
  kind: DocumentKind,
  query: Record<string, unknown>,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
): DocumentRequest {
  const r = RESOURCES[kind];
  const known = [
    r.idParam,
    ...(r.activity ? ['activityId'] : []),
    ...(r.agent ? ['agent'] : []),
    ...(r.registration ? ['registration'] : []),
    ...(method === 'GET' ? ['since'] : []),
  ];
  const issues: Issue[] = [];
  const p: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!known.includes(name)) issues.push({ path: [name], message: 'not a parameter of this resource' });
    else if (typeof value !== 'string') issues.push({ path: [name], message: 'given more than once' });
    else p[name] = value;
  }
  const scope: DocumentScope = { kind, activityId: '', agentIfi: '', registration: '' };
  if (r.activity) {
    if (p.activityId === undefined) issues.push({ path: ['activityId'], message: 'is required' });
    else if (!isIri(p.activityId)) issues.push({ path: ['activityId'], message: 'must be an IRI' });
    else scope.activityId = p.activityId;
  }
  if (r.agent) {
    if (p.agent === undefined) issues.push({ path: ['agent'], message: 'is required' });
    else {
      let agent: unknown;
      try {
        agent = JSON.parse(p.agent);
      } catch {
        issues.push({ path: ['agent'], message: 'must be an Agent as JSON' });
      }
      if (agent !== undefined) {
        const agentIssues = validateActor(agent, ['agent'], true);
        const ifi = agentIfi(agent);
        if (agentIssues.length > 0) issues.push(...agentIssues);
        else if (ifi === undefined) issues.push({ path: ['agent'], message: 'needs an identifier' });
        else scope.agentIfi = ifi;
      }
    }
  }
  if (p.registration !== undefined) {
    if (!UUID_RE.test(p.registration)) issues.push({ path: ['registration'], message: 'must be a UUID' });
    else scope.registration = p.registration.toLowerCase();
  }
  if (p.since !== undefined && !isTimestamp(p.since))
    issues.push({ path: ['since'], message: 'must be an ISO 8601 timestamp' });
  const docId = p[r.idParam];
  const idRequired = method === 'PUT' || method === 'POST' || (method === 'DELETE' && kind !== 'state');
  if (docId === undefined && idRequired) issues.push({ path: [r.idParam], message: 'is required' });
  if (docId !== undefined && p.since !== undefined)
    issues.push({ path: ['since'], message: `cannot be combined with ${r.idParam}` });
  if (issues.length > 0) throw invalid(issues);
  return {
    scope,
    ...(docId !== undefined ? { docId } : {}),
    ...(p.since !== undefined ? { since: p.since } : {}),
  };
}

/** The ETag of a document: its SHA-1 in hex (the 1.0.3 conformance suite expects SHA-1), quoted. */
export const etagOf = (content: Buffer) => `"${createHash('sha1').update(content).digest('hex')}"`;

/** The entity tags of an If-Match / If-None-Match header ('*' stays '*'). */
function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean)
    .map((t) => (t === '*' || t.startsWith('"') ? t : `"${t}"`));
}

export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/**
 * The concurrency rules (xAPI 1.0.3 Communication §3.1; IEEE 9274.1.1 §4.1.4): If-Match must name
 * the current ETag (or be `*` with a document present), If-None-Match `*` needs no document, else
 * 412. A PUT without either header over an existing document is 409, for the profile resources and,
 * SPEC NOTE (2.0 conformance suite, issue #282), for State when the request speaks 2.0.
 */
function checkPreconditions(
  existing: StoredDocument | null,
  pre: Preconditions,
  method: 'PUT' | 'POST' | 'DELETE',
  kind: DocumentKind,
  version: XapiVersion,
): void {
  if (pre.ifMatch !== undefined) {
    const wanted = tags(pre.ifMatch);
    if (!existing || !(wanted.includes('*') || wanted.includes(existing.etag)))
      throw new LrsError(
        'LRS_PRECONDITION_FAILED',
        'If-Match does not match the current ETag of the document.',
      );
  }
  if (pre.ifNoneMatch !== undefined && existing) {
    const unwanted = tags(pre.ifNoneMatch);
    if (unwanted.includes('*') || unwanted.includes(existing.etag))
      throw new LrsError('LRS_PRECONDITION_FAILED', 'If-None-Match: the document exists.');
  }
  if (
    method === 'PUT' &&
    existing &&
    pre.ifMatch === undefined &&
    pre.ifNoneMatch === undefined &&
    (kind !== 'state' || version === '2.0.0')
  )
    throw new LrsError('LRS_DOCUMENT_CONFLICT');
  // SPEC NOTE (xAPI 1.0.3 Communication §2.6/§2.7, conformance XAPI-00273): a 1.0.3 PUT to a
  // profile document names its expectation (If-Match or If-None-Match) even when none exists yet.
  if (
    method === 'PUT' &&
    !existing &&
    kind !== 'state' &&
    version === '1.0.3' &&
    pre.ifMatch === undefined &&
    pre.ifNoneMatch === undefined
  )
    throw new LrsError(
      'LRS_PRECONDITION_REQUIRED',
      'xAPI 1.0.3: a PUT to a profile document needs If-Match or If-None-Match.',
    );
}

const isJsonType = (contentType: string) =>
  contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';

function parseJsonObject(content: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(content.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface WriteInput {
  request: DocumentRequest;
  contentType: string;
  content: Buffer;
  preconditions: Preconditions;
  version: XapiVersion;
}

/** The service behind the three document resources. */
export class DocumentService {
  constructor(private readonly store: DocumentStore) {}

  /** PUT: stores the document as sent (any content type), under the concurrency rules. */
  async put(input: WriteInput): Promise<void> {
    const { request, contentType, content } = input;
    if (isJsonType(contentType) && parseJsonObject(content) === undefined && content.length > 0) {
      try {
        JSON.parse(content.toString('utf8'));
      } catch {
        throw new LrsError('LRS_MALFORMED_JSON', 'The document is sent as application/json but is not JSON.');
      }
    }
    const key: DocumentKey = { ...request.scope, docId: request.docId! };
    await this.store.transaction(async (tx) => {
      const existing = await tx.get(key, true);
      checkPreconditions(existing, input.preconditions, 'PUT', key.kind, input.version);
      await tx.put(key, { contentType, content, etag: etagOf(content), updated: new Date().toISOString() });
    });
  }

  /**
   * POST: a JSON object merged into the stored JSON object at the top level (xAPI 1.0.3
   * Communication §2.2); stored as sent when there is no document yet. Either side not being a JSON
   * object is `LRS_DOCUMENT_MERGE` (400).
   */
  async post(input: WriteInput): Promise<void> {
    const { request, contentType, content } = input;
    const incoming = isJsonType(contentType) ? parseJsonObject(content) : undefined;
    const key: DocumentKey = { ...request.scope, docId: request.docId! };
    await this.store.transaction(async (tx) => {
      const existing = await tx.get(key, true);
      checkPreconditions(existing, input.preconditions, 'POST', key.kind, input.version);
      if (!existing) {
        if (isJsonType(contentType) && incoming === undefined)
          throw new LrsError(
            'LRS_DOCUMENT_MERGE',
            'The document is sent as application/json but is not a JSON object.',
          );
        await tx.put(key, { contentType, content, etag: etagOf(content), updated: new Date().toISOString() });
        return;
      }
      const current = isJsonType(existing.contentType) ? parseJsonObject(existing.content) : undefined;
      if (incoming === undefined || current === undefined) throw new LrsError('LRS_DOCUMENT_MERGE');
      const merged = Buffer.from(JSON.stringify({ ...current, ...incoming }));
      await tx.put(key, {
        contentType: 'application/json',
        content: merged,
        etag: etagOf(merged),
        updated: new Date().toISOString(),
      });
    });
  }

  /** GET of one document; `LRS_DOCUMENT_NOT_FOUND` (404) when absent. */
  async get(request: DocumentRequest): Promise<StoredDocument> {
    const doc = await this.store.get({ ...request.scope, docId: request.docId! });
    if (!doc) throw new LrsError('LRS_DOCUMENT_NOT_FOUND');
    return doc;
  }

  /** GET without an id: the ids in the scope (updated after `since`). */
  ids(request: DocumentRequest) {
    return this.store.ids(request.scope, request.since);
  }

  /** DELETE of one document (under If-Match) or, for State without stateId, of every document in the scope. */
  async delete(request: DocumentRequest, preconditions: Preconditions, version: XapiVersion): Promise<void> {
    if (request.docId === undefined) {
      await this.store.deleteAll(request.scope);
      return;
    }
    const key: DocumentKey = { ...request.scope, docId: request.docId };
    await this.store.transaction(async (tx) => {
      const existing = await tx.get(key, true);
      checkPreconditions(existing, preconditions, 'DELETE', key.kind, version);
      if (existing) await tx.delete(key);
    });
  }
}
