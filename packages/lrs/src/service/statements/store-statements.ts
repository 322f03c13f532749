import { createHash } from 'node:crypto';
import { LrsError, type Issue } from '../../errors.js';
import type { AttachmentContent, PreparedStatement, StatementStore } from '../../store/statement-store.js';
import { mergeDefinition } from '../activities/activities.js';
import type { Part } from '../attachments/multipart.js';
import { SIGNATURE_USAGE, verifySignedStatement } from '../attachments/signature.js';
import { prepareStatement, type StoreContext } from './prepare.js';
import { sameStatement } from './statement-equal.js';
import { isObject, UUID_RE, validateStatement } from './validate.js';

/** Size limits on what one write may hold; above them the LRS answers 413. */
export interface StatementLimits {
  /** Statements in one POST. */
  maxBatch: number;
  /** Bytes of one statement's JSON. */
  maxStatementBytes: number;
  /** Bytes of one attachment. */
  maxAttachmentBytes: number;
}

export const DEFAULT_LIMITS: StatementLimits = {
  maxBatch: 1000,
  maxStatementBytes: 1024 * 1024,
  maxAttachmentBytes: 50 * 1024 * 1024,
};

const HASHES: Record<number, string> = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };
const attachmentError = (message: string) => new LrsError('LRS_ATTACHMENTS', message);

interface AttachmentRef {
  usageType: unknown;
  contentType: unknown;
  sha2?: unknown;
  fileUrl?: unknown;
}

const attachmentsOf = (statement: unknown): AttachmentRef[] =>
  isObject(statement) && Array.isArray(statement.attachments)
    ? (statement.attachments.filter(isObject) as unknown as AttachmentRef[])
    : [];

/**
 * Matches the raw parts of a `multipart/mixed` request to the statements' attachments (xAPI 1.0.3
 * Communication §1.5.2): every part has `X-Experience-API-Hash`, which equals the SHA-2 of its
 * content and the `sha2` of an attachment; every attachment without `fileUrl` has its part; a part
 * no statement names is an error. Verifies signed statements. Returns the contents to store.
 */
function matchAttachments(
  statements: unknown[],
  parts: Part[],
  limits: StatementLimits,
): AttachmentContent[] {
  const byHash = new Map<string, AttachmentContent>();
  for (const part of parts) {
    const hash = part.headers['x-experience-api-hash']?.toLowerCase();
    if (!hash) throw attachmentError('Every attachment part needs an X-Experience-API-Hash header.');
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary')
      throw attachmentError('Attachment parts must use Content-Transfer-Encoding: binary.');
    if (part.body.length > limits.maxAttachmentBytes)
      throw new LrsError('LRS_TOO_MANY', `An attachment is larger than ${limits.maxAttachmentBytes} bytes.`);
    const algorithm = HASHES[hash.length];
    if (!algorithm || createHash(algorithm).update(part.body).digest('hex') !== hash)
      throw attachmentError(`The content of the part with hash ${hash} does not have that SHA-2 hash.`);
    byHash.set(hash, {
      sha2: hash,
      contentType: part.headers['content-type'] ?? 'application/octet-stream',
      content: part.body,
    });
  }
  const used = new Set<string>();
  for (const statement of statements) {
    for (const attachment of attachmentsOf(statement)) {
      const sha2 = String(attachment.sha2 ?? '').toLowerCase();
      const part = byHash.get(sha2);
      if (part) used.add(sha2);
      else if (attachment.fileUrl === undefined)
        throw attachmentError(`No part carries the attachment with sha2 ${sha2} and it has no fileUrl.`);
      if (attachment.usageType === SIGNATURE_USAGE) {
        if (!part) throw new LrsError('LRS_SIGNATURE', 'The signature attachment has no part with the JWS.');
        verifySignedStatement(
          statement as Record<string, unknown>,
          part.content,
          String(attachment.contentType),
        );
      }
    }
  }
  const unused = [...byHash.keys()].filter((h) => !used.has(h));
  if (unused.length > 0)
    throw attachmentError(`No statement names the attachment parts ${unused.join(', ')}.`);
  return [...byHash.values()];
}

/**
 * Validates and prepares every statement of a request, then stores them all or none.
 * `pathOf(i)` locates statement `i` in the body for issues (`[i]` in a batch, `[]` for one object).
 * `parts` are the attachment parts of a multipart request (undefined for a JSON request).
 * Throws `LRS_VALIDATION` (400) with every issue, `LRS_DUPLICATE_ID` (400) when the batch repeats an
 * id, `LRS_ATTACHMENTS`/`LRS_SIGNATURE` (400), `LRS_TOO_MANY` (413), and the store's
 * `LRS_STATEMENT_CONFLICT` (409) / `LRS_INVALID_VOIDING` (400).
 */
async function storePrepared(
  store: StatementStore,
  bodies: unknown[],
  ctx: StoreContext,
  pathOf: (i: number) => (string | number)[],
  parts: Part[] | undefined,
  limits: StatementLimits,
): Promise<PreparedStatement[]> {
  if (bodies.length > limits.maxBatch)
    throw new LrsError('LRS_TOO_MANY', `A batch may hold at most ${limits.maxBatch} statements.`);
  const issues: Issue[] = [];
  bodies.forEach((body, i) => {
    issues.push(...validateStatement(body, ctx.version, pathOf(i)));
    if (Buffer.byteLength(JSON.stringify(body) ?? '') > limits.maxStatementBytes)
      throw new LrsError(
        'LRS_TOO_MANY',
        `A statement may be at most ${limits.maxStatementBytes} bytes of JSON.`,
      );
  });
  if (issues.length > 0) throw new LrsError('LRS_VALIDATION', undefined, issues);
  const attachments = matchAttachments(bodies, parts ?? [], limits);
  const prepared = bodies.map((body) => prepareStatement(body as Record<string, unknown>, ctx));

  // SPEC NOTE (xAPI 2.0 §4.1.6.1, CTS): a batch that uses one id twice is rejected whole.
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const statement of prepared) {
    if (seen.has(statement.id)) duplicates.add(statement.id);
    seen.add(statement.id);
  }
  if (duplicates.size > 0) {
    throw new LrsError(
      'LRS_DUPLICATE_ID',
      `The batch uses these statement ids more than once: ${[...duplicates].join(', ')}`,
    );
  }

  await store.insertBatch(
    prepared,
    (incoming, stored) => sameStatement(incoming.payload, stored, incoming.sentTimestamp),
    attachments,
    mergeDefinition,
  );
  return prepared;
}

/** POST /statements: one statement or an array. Returns the statement ids in request order. */
export async function postStatements(
  store: StatementStore,
  body: unknown,
  ctx: StoreContext,
  parts?: Part[],
  limits: StatementLimits = DEFAULT_LIMITS,
): Promise<string[]> {
  const batch = Array.isArray(body);
  const bodies: unknown[] = batch ? body : [body];
  const prepared = await storePrepared(store, bodies, ctx, (i) => (batch ? [i] : []), parts, limits);
  return prepared.map((s) => s.payload.id as string);
}

/** PUT /statements?statementId=: one statement stored under `statementId` (the body's id must match if sent). */
export async function putStatement(
  store: StatementStore,
  statementId: unknown,
  body: unknown,
  ctx: StoreContext,
  parts?: Part[],
  limits: StatementLimits = DEFAULT_LIMITS,
): Promise<void> {
  if (typeof statementId !== 'string' || !UUID_RE.test(statementId)) {
    throw new LrsError('LRS_INVALID_PARAMETER', 'PUT /statements needs the statementId parameter, a UUID.', [
      { path: ['statementId'], message: 'a UUID' },
    ]);
  }
  if (!isObject(body)) {
    throw new LrsError('LRS_VALIDATION', undefined, [
      { path: [], message: 'PUT takes one statement object' },
    ]);
  }
  const sentId = body.id;
  if (
    sentId !== undefined &&
    (typeof sentId !== 'string' || sentId.toLowerCase() !== statementId.toLowerCase())
  ) {
    throw new LrsError('LRS_INVALID_PARAMETER', 'The statement id differs from the statementId parameter.', [
      { path: ['id'], message: `must equal the statementId parameter ${statementId}` },
    ]);
  }
  await storePrepared(store, [{ ...body, id: sentId ?? statementId }], ctx, () => [], parts, limits);
}
