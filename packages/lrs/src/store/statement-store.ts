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
  /** The target id when the object is a StatementRef. */
  refId: string | null;
  registration: string | null;
  isVoiding: boolean;
  /** The key of the credential that stored it (statements/read/mine). */
  credentialKey: string;
  /** Every agent mentioned: `direct` as actor or object, otherwise related (related_agents). */
  agents: { ifi: string; direct: boolean }[];
  /** Every activity mentioned: `direct` as the object, otherwise related (related_activities). */
  activities: { activityId: string; direct: boolean }[];
  /** Activities that carry a definition, for the canonical definitions (/activities). */
  definitions: Record<string, unknown>[];
  /** Whether the client sent `timestamp` (the comparison of repeats needs to know). */
  sentTimestamp: boolean;
  /** The statement exactly as GET returns it. */
  payload: Record<string, unknown>;
}

/** One attachment's raw content, keyed by its SHA-2 hash. */
export interface AttachmentContent {
  sha2: string;
  contentType: string;
  content: Buffer;
}

/** Merges a newly seen activity definition into the stored canonical one. */
export type MergeDefinition = (
  current: Record<string, unknown>,
  incoming: Record<string, unknown>,
) => Record<string, unknown>;

/** Decides whether a statement sent with an already stored id is the same statement. */
export type SameStatement = (incoming: PreparedStatement, stored: Record<string, unknown>) => boolean;

/** A stored statement read back: its JSON text (returned verbatim) and its position in the order. */
export interface StoredStatement {
  json: string;
  stored: string;
  seq: string;
}

export interface StatementFilter {
  /** The agent IFI (actor or object; anywhere with relatedAgents). */
  actorIfi?: string;
  verbId?: string;
  /** The activity id (object; anywhere with relatedActivities). */
  activityId?: string;
  registration?: string;
  relatedAgents?: boolean;
  relatedActivities?: boolean;
  /** Only statements stored with this credential key (statements/read/mine). */
  credentialKey?: string;
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

/** What one committed write changed: statements that now count, and statements voided by it. */
export interface StatementChange {
  /** Newly stored statements that are not voided, in insertion order, with their `seq`. */
  added: { payload: Record<string, unknown>; seq: string }[];
  /** Ids of statements stored earlier that this write voided. */
  removed: string[];
}

/** A read model kept in the same transaction as the statements (the analytics, see AnalyticsStore). */
export interface ReadModelWriter {
  apply(tx: DbTx, change: StatementChange): Promise<void>;
}

/** Statements in SQL: the only code that knows the `statements` table. */
export class StatementStore {
  /** `readModel`, when given, is updated inside every write's transaction. */
  constructor(
    private readonly db: Db,
    private readonly readModel?: ReadModelWriter,
  ) {}

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
  async insertBatch(
    statements: PreparedStatement[],
    same: SameStatement,
    attachments: AttachmentContent[] = [],
    mergeDefinitions?: MergeDefinition,
  ): Promise<void> {
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
        ref_id: s.refId,
        credential_key: s.credentialKey,
        payload: s.payload,
      }));
      const inserted = await tx.query<{ id: string; seq: string }>(
        `INSERT INTO statements (id, stored, verb_id, actor_ifi, object_id, registration, is_voiding, ref_id, credential_key, payload)
         SELECT (r->>'id')::uuid, (r->>'stored')::timestamptz, r->>'verb_id', r->>'actor_ifi', r->>'object_id',
                (r->>'registration')::uuid, (r->>'is_voiding')::boolean, (r->>'ref_id')::uuid, r->>'credential_key', r->'payload'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, ord)
         ORDER BY ord
         ON CONFLICT (id) DO NOTHING
         RETURNING id::text AS id, seq::text AS seq`,
        [JSON.stringify(rows)],
      );
      const insertedIds = new Set(inserted.map((r) => r.id));
      const repeats = statements.filter((s) => !insertedIds.has(s.id));
      await this.checkRepeats(tx, repeats, same);
      const fresh = statements.filter((s) => insertedIds.has(s.id));
      await this.insertLinks(tx, fresh);
      if (attachments.length > 0) {
        await tx.query(
          `INSERT INTO attachments (sha2, content_type, content)
           SELECT r->>'sha2', r->>'contentType', decode(r->>'content', 'base64')
           FROM jsonb_array_elements($1::jsonb) AS e(r)
           ON CONFLICT (sha2) DO NOTHING`,
          [JSON.stringify(attachments.map((a) => ({ ...a, content: a.content.toString('base64') })))],
        );
      }
      if (mergeDefinitions) await this.mergeDefinitions(tx, fresh, mergeDefinitions);
      const voidedNow = new Set<string>();
      for (const voiding of fresh.filter((s) => s.isVoiding)) {
        const target = await this.voidTarget(tx, voiding);
        if (target) voidedNow.add(target);
      }
      const lateVoided = await this.applyEarlierVoiding(
        tx,
        fresh.filter((s) => !s.isVoiding),
      );
      lateVoided.forEach((id) => voidedNow.add(id));
      if (this.readModel) {
        const seqOf = new Map(inserted.map((r) => [r.id, r.seq]));
        await this.readModel.apply(tx, {
          added: fresh
            .filter((s) => !s.isVoiding && !voidedNow.has(s.id))
            .map((s) => ({ payload: s.payload, seq: seqOf.get(s.id)! })),
          removed: [...voidedNow].filter((id) => !seqOf.has(id)),
        });
      }
    });
  }

  private async insertLinks(tx: DbTx, fresh: PreparedStatement[]): Promise<void> {
    const agents = fresh.flatMap((s) => s.agents.map((a) => [s.id, a.ifi, a.direct]));
    const activities = fresh.flatMap((s) => s.activities.map((a) => [s.id, a.activityId, a.direct]));
    if (agents.length > 0) {
      await tx.query(
        `INSERT INTO statement_agents (statement_id, agent_ifi, direct)
         SELECT (r->>0)::uuid, r->>1, (r->>2)::boolean FROM jsonb_array_elements($1::jsonb) AS e(r)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(agents)],
      );
    }
    if (activities.length > 0) {
      await tx.query(
        `INSERT INTO statement_activities (statement_id, activity_id, direct)
         SELECT (r->>0)::uuid, r->>1, (r->>2)::boolean FROM jsonb_array_elements($1::jsonb) AS e(r)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(activities)],
      );
    }
  }

  /** Folds the definitions of newly stored statements into the canonical activity definitions. */
  private async mergeDefinitions(
    tx: DbTx,
    fresh: PreparedStatement[],
    merge: MergeDefinition,
  ): Promise<void> {
    const byId = new Map<string, Record<string, unknown>[]>();
    for (const activity of fresh.flatMap((s) => s.definitions)) {
      const id = activity.id as string;
      byId.set(id, [...(byId.get(id) ?? []), activity.definition as Record<string, unknown>]);
    }
    if (byId.size === 0) return;
    // Rows are locked and written in id order: concurrent writers of the same activities would
    // otherwise deadlock (PostgreSQL).
    const ids = [...byId.keys()].sort();
    const rows = await tx.query<{ activity_id: string; definition: string }>(
      `SELECT activity_id, definition::text AS definition FROM activities
       WHERE activity_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY activity_id FOR UPDATE`,
      [JSON.stringify(ids)],
    );
    const current = new Map(
      rows.map((r) => [r.activity_id, JSON.parse(r.definition) as Record<string, unknown>]),
    );
    const merged = ids.map((id) => [
      id,
      byId.get(id)!.reduce((acc, d) => merge(acc, d), current.get(id) ?? {}),
    ]);
    await tx.query(
      `INSERT INTO activities (activity_id, definition)
       SELECT r->>0, r->1 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, o) ORDER BY o
       ON CONFLICT (activity_id) DO UPDATE SET definition = EXCLUDED.definition`,
      [JSON.stringify(merged)],
    );
  }

  /** The canonical definition of an activity, if any statement defined it. */
  async activityDefinition(activityId: string): Promise<Record<string, unknown> | null> {
    const rows = await this.db.query<{ definition: string }>(
      'SELECT definition::text AS definition FROM activities WHERE activity_id = $1',
      [activityId],
    );
    return rows[0] ? (JSON.parse(rows[0].definition) as Record<string, unknown>) : null;
  }

  /** The canonical definitions of these activities (for format=canonical). */
  async activityDefinitions(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ activity_id: string; definition: string }>(
      `SELECT activity_id, definition::text AS definition FROM activities
       WHERE activity_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(ids)],
    );
    return new Map(rows.map((r) => [r.activity_id, JSON.parse(r.definition) as Record<string, unknown>]));
  }

  /** Attachment contents by SHA-2 hash. */
  async attachments(hashes: string[]): Promise<Map<string, AttachmentContent>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.db.query<{ sha2: string; content_type: string; content: string }>(
      `SELECT sha2, content_type, encode(content, 'base64') AS content FROM attachments
       WHERE sha2 IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(hashes)],
    );
    return new Map(
      rows.map((r) => [
        r.sha2,
        { sha2: r.sha2, contentType: r.content_type, content: Buffer.from(r.content, 'base64') },
      ]),
    );
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

  /** Marks the target of a voiding statement voided; returns its id when it was stored and not yet voided. */
  private async voidTarget(tx: DbTx, voiding: PreparedStatement): Promise<string | null> {
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
    if (target.length === 0) return null;
    const changed = await tx.query<{ id: string }>(
      'UPDATE statements SET voided = true WHERE id = $1::uuid AND NOT voided RETURNING id::text AS id',
      [voiding.objectId],
    );
    return changed[0]?.id ?? null;
  }

  /** Stores voided the statements of this batch that an earlier statement voids; returns their ids. */
  private async applyEarlierVoiding(tx: DbTx, fresh: PreparedStatement[]): Promise<string[]> {
    if (fresh.length === 0) return [];
    const rows = await tx.query<{ id: string }>(
      `UPDATE statements s SET voided = true
       WHERE s.id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)
         AND EXISTS (SELECT 1 FROM statements v WHERE v.object_id = s.id::text AND v.is_voiding)
       RETURNING s.id::text AS id`,
      [JSON.stringify(fresh.map((s) => s.id))],
    );
    return rows.map((r) => r.id);
  }

  /** The statement with this id, if stored and its voided state is `voided`; null otherwise. */
  async findById(
    id: string,
    opts: { voided: boolean; credentialKey?: string },
  ): Promise<StoredStatement | null> {
    const mine = opts.credentialKey === undefined ? '' : ' AND credential_key = $3';
    const rows = await this.db.query<Row>(`${SELECT_ROW} WHERE id = $1::uuid AND voided = $2${mine}`, [
      id.toLowerCase(),
      opts.voided,
      ...(opts.credentialKey === undefined ? [] : [opts.credentialKey]),
    ]);
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * One page of the statements matching `filter`, voided statements excluded, newest first
   * (oldest first when `ascending`), starting after `after`. Uses the (key, stored, seq) indexes.
   */
  async query(filter: StatementFilter, limit: number, after?: PagePosition): Promise<StatementPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // The filters on what a statement is about: a statement matches when it, or the statement its
    // StatementRef object points at, matches them (xAPI 1.0.3 §2.1.3, "StatementRef" note).
    const about: string[] = [];
    const on = (t: string) => {
      const parts: string[] = [];
      if (filter.actorIfi !== undefined) {
        parts.push(
          `EXISTS (SELECT 1 FROM statement_agents a WHERE a.statement_id = ${t}.id AND a.agent_ifi = ${param(filter.actorIfi)}${filter.relatedAgents ? '' : ' AND a.direct'})`,
        );
      }
      if (filter.verbId !== undefined) parts.push(`${t}.verb_id = ${param(filter.verbId)}`);
      if (filter.activityId !== undefined) {
        parts.push(
          `EXISTS (SELECT 1 FROM statement_activities c WHERE c.statement_id = ${t}.id AND c.activity_id = ${param(filter.activityId)}${filter.relatedActivities ? '' : ' AND c.direct'})`,
        );
      }
      if (filter.registration !== undefined) {
        parts.push(`${t}.registration = ${param(filter.registration.toLowerCase())}::uuid`);
      }
      return parts;
    };
    const direct = on('s');
    if (direct.length > 0) {
      const viaRef = on('t');
      about.push(
        `((${direct.join(' AND ')}) OR (s.ref_id IS NOT NULL AND EXISTS (SELECT 1 FROM statements t WHERE t.id = s.ref_id AND ${viaRef.join(' AND ')})))`,
      );
    }
    const where = ['s.voided = false', ...about];
    if (filter.credentialKey !== undefined) where.push(`s.credential_key = ${param(filter.credentialKey)}`);
    if (filter.since !== undefined) where.push(`s.stored > ${param(filter.since)}::timestamptz`);
    if (filter.until !== undefined) where.push(`s.stored <= ${param(filter.until)}::timestamptz`);
    const direction = filter.ascending ? 'ASC' : 'DESC';
    if (after) {
      const op = filter.ascending ? '>' : '<';
      where.push(
        `(s.stored, s.seq) ${op} (${param(after.stored)}::timestamptz, ${param(after.seq)}::bigint)`,
      );
    }
    const rows = await this.db.query<Row>(
      `SELECT s.payload::text AS json, s.payload->>'stored' AS stored_text, s.seq::text AS seq_text
       FROM statements s WHERE ${where.join(' AND ')}
       ORDER BY s.stored ${direction}, s.seq ${direction} LIMIT ${param(limit + 1)}`,
      params,
    );
    const statements = rows.slice(0, limit).map(toStored);
    const last = statements.at(-1);
    return rows.length > limit && last
      ? { statements, next: { stored: last.stored, seq: last.seq } }
      : { statements };
  }

  /** The newest `stored` of any statement (the Consistent-Through and Last-Modified answers). */
  async lastStored(): Promise<string | null> {
    const rows = await this.db.query<{ stored: string | null }>(
      `SELECT to_char(max(stored) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored FROM statements`,
    );
    return rows[0]?.stored ?? null;
  }
}
