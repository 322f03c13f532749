import { LrsError } from '../errors.js';
import type { Db, DbTx } from './db.js';

/** A statement ready to store: the full payload plus the columns extracted for the filters. */
export interface PreparedStatement {
  /** Lower-case statement id. */
  id: string;
  /** ISO 8601 UTC timestamp set by the LRS. */
  stored: string;
  verbId: string;
  actorIfi: string;
  /** Activity id, or the lower-case target id when the object is a StatementRef. */
  objectId: string;
  registration: string | null;
  isVoiding: boolean;
  /** Whether the client sent `timestamp` (the comparison of repeats needs to know). */
  sentTimestamp: boolean;
  /** The statement exactly as GET returns it. */
  payload: Record<string, unknown>;
}

/** Decides whether a statement sent with an already stored id is the same statement. */
export type SameStatement = (incoming: PreparedStatement, stored: Record<string, unknown>) => boolean;

/** A stored statement read back: its JSON text (returned verbatim) and its position in the order. */
export interface StoredStatement {
  json: string;
  stored: string;
  seq: string;
}

export interface StatementFilter {
  actorIfi?: string;
  verbId?: string;
  activityId?: string;
  registration?: string;
  /** Only statements stored after this instant (exclusive). */
  since?: string;
  /** Only statements stored at or before this instant (inclusive). */
  until?: string;
  ascending: boolean;
}

/** Where the previous page ended: the last statement's (stored, seq). */
export interface PagePosition {
  stored: string;
  seq: string;
}

export interface StatementPage {
  statements: StoredStatement[];
  /** Set when more statements match after this page. */
  next?: PagePosition;
}

interface Row {
  json: string;
  stored_text: string;
  seq_text: string;
}

// The aliases differ from the column names: ORDER BY resolves output names first, and ordering
// by the text forms would sort seq "10" before "9".
const SELECT_ROW = `SELECT payload::text AS json, payload->>'stored' AS stored_text, seq::text AS seq_text FROM statements`;
const toStored = (r: Row): StoredStatement => ({ json: r.json, stored: r.stored_text, seq: r.seq_text });

/** Statements in SQL: the only code that knows the `statements` table. */
export class StatementStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores a batch in one transaction: either every statement is stored or none is.
   * For each statement:
   * - new id: inserted;
   * - id stored with the same statement (`same`): nothing happens;
   * - id stored with a different statement: throws `LRS_STATEMENT_CONFLICT` (409), nothing is stored.
   * A newly stored voiding statement marks its target voided; if the target is itself a voiding
   * statement it throws `LRS_INVALID_VOIDING` (400). A statement that arrives after the statement
   * voiding it is stored voided.
   */
  async insertBatch(statements: PreparedStatement[], same: SameStatement): Promise<void> {
    if (statements.length === 0) return;
    await this.db.transaction(async (tx) => {
      const rows = statements.map((s) => ({
        id: s.id,
        stored: s.stored,
        verb_id: s.verbId,
        actor_ifi: s.actorIfi,
        object_id: s.objectId,
        registration: s.registration,
        is_voiding: s.isVoiding,
        payload: s.payload,
      }));
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO statements (id, stored, verb_id, actor_ifi, object_id, registration, is_voiding, payload)
         SELECT (r->>'id')::uuid, (r->>'stored')::timestamptz, r->>'verb_id', r->>'actor_ifi', r->>'object_id',
                (r->>'registration')::uuid, (r->>'is_voiding')::boolean, r->'payload'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, ord)
         ORDER BY ord
         ON CONFLICT (id) DO NOTHING
         RETURNING id::text AS id`,
        [JSON.stringify(rows)],
      );
      const insertedIds = new Set(inserted.map((r) => r.id));
      const repeats = statements.filter((s) => !insertedIds.has(s.id));
      await this.checkRepeats(tx, repeats, same);
      const fresh = statements.filter((s) => insertedIds.has(s.id));
      for (const voiding of fresh.filter((s) => s.isVoiding)) await this.voidTarget(tx, voiding);
      await this.applyEarlierVoiding(
        tx,
        fresh.filter((s) => !s.isVoiding),
      );
    });
  }

  private async checkRepeats(tx: DbTx, repeats: PreparedStatement[], same: SameStatement): Promise<void> {
    if (repeats.length === 0) return;
    const existing = await tx.query<{ id: string; json: string }>(
      `SELECT id::text AS id, payload::text AS json FROM statements
       WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
      [JSON.stringify(repeats.map((s) => s.id))],
    );
    const byId = new Map(existing.map((r) => [r.id, JSON.parse(r.json) as Record<string, unknown>]));
    for (const statement of repeats) {
      const stored = byId.get(statement.id);
      if (!stored || !same(statement, stored)) {
        throw new LrsError(
          'LRS_STATEMENT_CONFLICT',
          `A different statement with id ${statement.id} is already stored; statements are immutable.`,
        );
      }
    }
  }

  private async voidTarget(tx: DbTx, voiding: PreparedStatement): Promise<void> {
    const target = await tx.query<{ is_voiding: boolean }>(
      'SELECT is_voiding FROM statements WHERE id = $1::uuid FOR UPDATE',
      [voiding.objectId],
    );
    if (target[0]?.is_voiding) {
      throw new LrsError(
        'LRS_INVALID_VOIDING',
        `Statement ${voiding.id} tries to void ${voiding.objectId}, which is itself a voiding statement.`,
      );
    }
    if (target.length > 0) {
      await tx.query('UPDATE statements SET voided = true WHERE id = $1::uuid', [voiding.objectId]);
    }
  }

  private async applyEarlierVoiding(tx: DbTx, fresh: PreparedStatement[]): Promise<void> {
    if (fresh.length === 0) return;
    await tx.query(
      `UPDATE statements s SET voided = true
       WHERE s.id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)
         AND EXISTS (SELECT 1 FROM statements v WHERE v.object_id = s.id::text AND v.is_voiding)`,
      [JSON.stringify(fresh.map((s) => s.id))],
    );
  }

  /** The statement with this id, if stored and its voided state is `voided`; null otherwise. */
  async findById(id: string, opts: { voided: boolean }): Promise<StoredStatement | null> {
    const rows = await this.db.query<Row>(`${SELECT_ROW} WHERE id = $1::uuid AND voided = $2`, [
      id.toLowerCase(),
      opts.voided,
    ]);
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * One page of the statements matching `filter`, voided statements excluded, newest first
   * (oldest first when `ascending`), starting after `after`. Uses the (key, stored, seq) indexes.
   */
  async query(filter: StatementFilter, limit: number, after?: PagePosition): Promise<StatementPage> {
    const where = ['voided = false'];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.actorIfi !== undefined) where.push(`actor_ifi = ${param(filter.actorIfi)}`);
    if (filter.verbId !== undefined) where.push(`verb_id = ${param(filter.verbId)}`);
    if (filter.activityId !== undefined) where.push(`object_id = ${param(filter.activityId)}`);
    if (filter.registration !== undefined) {
      where.push(`registration = ${param(filter.registration.toLowerCase())}::uuid`);
    }
    if (filter.since !== undefined) where.push(`stored > ${param(filter.since)}::timestamptz`);
    if (filter.until !== undefined) where.push(`stored <= ${param(filter.until)}::timestamptz`);
    const direction = filter.ascending ? 'ASC' : 'DESC';
    if (after) {
      const op = filter.ascending ? '>' : '<';
      where.push(`(stored, seq) ${op} (${param(after.stored)}::timestamptz, ${param(after.seq)}::bigint)`);
    }
    const rows = await this.db.query<Row>(
      `${SELECT_ROW} WHERE ${where.join(' AND ')}
       ORDER BY stored ${direction}, seq ${direction} LIMIT ${param(limit + 1)}`,
      params,
    );
    const statements = rows.slice(0, limit).map(toStored);
    const last = statements.at(-1);
    return rows.length > limit && last
      ? { statements, next: { stored: last.stored, seq: last.seq } }
      : { statements };
  }
}
