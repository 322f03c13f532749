import { LrsError, type Issue } from '../../errors.js';
import type { PreparedStatement, StatementStore } from '../../store/statement-store.js';
import { prepareStatement, type StoreContext } from './prepare.js';
import { sameStatement } from './statement-equal.js';
import { parseStatement, UUID_PATTERN, VOIDED_VERB } from './statement-schema.js';

/**
 * Validates and prepares every statement of a request, then stores them all or none.
 * `pathOf(i)` locates statement `i` in the body for issues (`[i]` in a batch, `[]` for one object).
 * Throws `LRS_VALIDATION` (400) with every issue, `LRS_INVALID_VOIDING` (400) for a voiding
 * statement without a StatementRef object, `LRS_DUPLICATE_ID` (400) when the batch repeats an id,
 * and the store's `LRS_STATEMENT_CONFLICT` (409) / `LRS_INVALID_VOIDING` (400).
 */
async function storePrepared(
  store: StatementStore,
  bodies: unknown[],
  ctx: StoreContext,
  pathOf: (i: number) => (string | number)[],
): Promise<PreparedStatement[]> {
  const issues: Issue[] = [];
  const voidingIssues: Issue[] = [];
  const prepared: PreparedStatement[] = [];
  bodies.forEach((body, i) => {
    const parsed = parseStatement(body, pathOf(i));
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      return;
    }
    if (parsed.statement.verb.id === VOIDED_VERB && parsed.statement.object.objectType !== 'StatementRef') {
      voidingIssues.push({
        path: [...pathOf(i), 'object'],
        message: 'a statement with the verb voided must have a StatementRef object',
      });
      return;
    }
    prepared.push(prepareStatement(body as Record<string, unknown>, parsed.statement, ctx));
  });
  if (issues.length > 0) throw new LrsError('LRS_VALIDATION', undefined, issues);
  if (voidingIssues.length > 0) throw new LrsError('LRS_INVALID_VOIDING', undefined, voidingIssues);

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

  await store.insertBatch(prepared, (incoming, stored) =>
    sameStatement(incoming.payload, stored, incoming.sentTimestamp),
  );
  return prepared;
}

/** POST /statements: one statement or an array. Returns the statement ids in request order. */
export async function postStatements(
  store: StatementStore,
  body: unknown,
  ctx: StoreContext,
): Promise<string[]> {
  const batch = Array.isArray(body);
  const bodies: unknown[] = batch ? body : [body];
  const prepared = await storePrepared(store, bodies, ctx, (i) => (batch ? [i] : []));
  return prepared.map((s) => s.payload.id as string);
}

/** PUT /statements?statementId=: one statement stored under `statementId` (the body's id must match if sent). */
export async function putStatement(
  store: StatementStore,
  statementId: unknown,
  body: unknown,
  ctx: StoreContext,
): Promise<void> {
  if (typeof statementId !== 'string' || !UUID_PATTERN.test(statementId)) {
    throw new LrsError('LRS_INVALID_PARAMETER', 'PUT /statements needs the statementId parameter, a UUID.', [
      { path: ['statementId'], message: 'a UUID' },
    ]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LrsError('LRS_VALIDATION', undefined, [
      { path: [], message: 'PUT takes one statement object' },
    ]);
  }
  const sentId = (body as { id?: unknown }).id;
  if (
    sentId !== undefined &&
    (typeof sentId !== 'string' || sentId.toLowerCase() !== statementId.toLowerCase())
  ) {
    throw new LrsError('LRS_INVALID_PARAMETER', 'The statement id differs from the statementId parameter.', [
      { path: ['id'], message: `must equal the statementId parameter ${statementId}` },
    ]);
  }
  await storePrepared(store, [{ ...body, id: sentId ?? statementId }], ctx, () => []);
}
