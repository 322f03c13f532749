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
  /** Records the change in `tx`; resolves true when there is work left for after the commit. */
  apply(tx: DbTx, change: StatementChange): Promise<boolean>;
}

/** A canonical definition as this process last read or wrote it, with its JSON text. */
interface KnownDefinition {
  definition: Record<string, unknown>;
  json: string;
}

/** How many canonical definitions a store remembers before it starts again from none. */
const KNOWN_DEFINITIONS_MAX = 20_000;

/** Statements in SQL: the only code that knows the `statements` table. */
export class StatementStore {
  /**
   * The canonical definitions this process last read or wrote, by activity id. With
   * several LRS processes on one PostgreSQL database, a definition another process changed since
   * is not re-read until a statement brings something this copy does not hold.
   */
  private readonly knownDefinitions = new Map<string, KnownDefinition>();

  /**
   * `readModel`, when given, gets every write's change inside its transaction; `onCommit` is
   * called after a write committed whose change left the read model work (the analytics projector
   * folds it then).
   */
  constructor(
    private readonly db: Db,
    private readonly readModel?: ReadModelWriter,
    private readonly onCommit?: () => void,
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
    let remember = new Map<string, KnownDefinition>();
    let readModelWork = false;
    await this.db.transaction(async (tx) => {
      const inserted = await this.insertRows(tx, statements);
      const seqOf = new Map(inserted.map((r) => [r.id, r.seq]));
      const repeats = statements.filter((s) => !seqOf.has(s.id));
      await this.checkRepeats(tx, repeats, same);
      const fresh = statements.filter((s) => seqOf.has(s.id));
      if (attachments.length > 0) {
        await tx.query(
          `INSERT INTO attachments (sha2, content_type, content)
           SELECT r->>'sha2', r->>'contentType', decode(r->>'content', 'base64')
           FROM jsonb_array_elements($1::jsonb) AS e(r)
           ON CONFLICT (sha2) DO NOTHING`,
          [JSON.stringify(attachments.map((a) => ({ ...a, content: a.content.toString('base64') })))],
        );
      }
      if (mergeDefinitions) remember = await this.mergeDefinitions(tx, fresh, mergeDefinitions);
      const voidedNow = new Set<string>();
      const voidings = fresh.filter((s) => s.isVoiding);
      for (const voiding of voidings) {
        const target = await this.voidTarget(tx, voiding);
        if (target) voidedNow.add(target);
      }
      // Statements of this batch that a statement stored earlier voids are stored voided.
      const voidingIds = new Set(voidings.map((s) => s.id));
      const voidedBefore = inserted.filter((r) => r.voided_before && !voidingIds.has(r.id)).map((r) => r.id);
      if (voidedBefore.length > 0) {
        await tx.query(
          `UPDATE statements SET voided = true WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
          [JSON.stringify(voidedBefore)],
        );
        voidedBefore.forEach((id) => voidedNow.add(id));
      }
      if (this.readModel) {
        readModelWork = await this.readModel.apply(tx, {
          added: fresh
            .filter((s) => !s.isVoiding && !voidedNow.has(s.id))
            .map((s) => ({ payload: s.payload, seq: seqOf.get(s.id)! })),
          removed: [...voidedNow].filter((id) => !seqOf.has(id)),
        });
      }
    });
    if (readModelWork) this.onCommit?.();
    // Only what was committed is remembered (a rolled-back merge must be written again).
    if (this.knownDefinitions.size + remember.size > KNOWN_DEFINITIONS_MAX) this.knownDefinitions.clear();
    for (const [id, d] of remember) this.knownDefinitions.set(id, d);
  }

  /**
   * Inserts the statements that are new and their agent and activity rows in one SQL statement
   * (one round trip per batch). Returns the inserted ids with their `seq`, and whether a voiding
   * statement stored before this batch already targets them.
   */
  private async insertRows(
    tx: DbTx,
    statements: PreparedStatement[],
  ): Promise<{ id: string; seq: string; voided_before: boolean }[]> {
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
    const agents = statements.flatMap((s) => s.agents.map((a) => [s.id, a.ifi, a.direct]));
    const activities = statements.flatMap((s) => s.activities.map((a) => [s.id, a.activityId, a.direct]));
    // The EXISTS runs on the snapshot taken before this statement, so it sees only voiding
    // statements stored earlier; those of this batch are applied by voidTarget afterwards.
    return tx.query(
      `WITH ins AS (
         INSERT INTO statements (id, stored, verb_id, actor_ifi, object_id, registration, is_voiding, ref_id, credential_key, payload)
         SELECT (r->>'id')::uuid, (r->>'stored')::timestamptz, r->>'verb_id', r->>'actor_ifi', r->>'object_id',
                (r->>'registration')::uuid, (r->>'is_voiding')::boolean, (r->>'ref_id')::uuid, r->>'credential_key', r->'payload'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, ord) ORDER BY ord
         ON CONFLICT (id) DO NOTHING
         RETURNING id, stored, seq
       ), agents AS (
         INSERT INTO statement_agents (agent_ifi, direct, stored, seq, statement_id)
         SELECT a->>1, (a->>2)::boolean, ins.stored, ins.seq, ins.id
         FROM jsonb_array_elements($2::jsonb) AS a JOIN ins ON ins.id = (a->>0)::uuid
       ), activities AS (
         INSERT INTO statement_activities (activity_id, direct, stored, seq, statement_id)
         SELECT a->>1, (a->>2)::boolean, ins.stored, ins.seq, ins.id
         FROM jsonb_array_elements($3::jsonb) AS a JOIN ins ON ins.id = (a->>0)::uuid
       )
       SELECT ins.id::text AS id, ins.seq::text AS seq,
              EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = ins.id AND v.is_voiding) AS voided_before
       FROM ins`,
      [JSON.stringify(rows), JSON.stringify(agents), JSON.stringify(activities)],
    );
  }

  /**
   * Folds the definitions of newly stored statements into the canonical activity definitions.
   * Activities whose merged definition equals the one this process last read or wrote are not
   * touched, so after a course's first statements a batch writes no `activities` row and takes no
   * lock. The rest are locked and written in id order: concurrent writers of the same activities
   * would otherwise deadlock (PostgreSQL). Returns the definitions to remember once committed.
   */
  private async mergeDefinitions(
    tx: DbTx,
    fresh: PreparedStatement[],
    merge: MergeDefinition,
  ): Promise<Map<string, KnownDefinition>> {
    const byId = new Map<string, Record<string, unknown>[]>();
    for (const activity of fresh.flatMap((s) => s.definitions)) {
      const id = activity.id as string;
      const list = byId.get(id);
      const definition = activity.definition as Record<string, unknown>;
      if (list) list.push(definition);
      else byId.set(id, [definition]);
    }
    const known = this.knownDefinitions;
    // Sorted by UTF-16 code units, the order of COLLATE "C" for these ids: the lock order must be
    // the insert order, whatever the database's collation.
    const ids = [...byId.keys()]
      .filter((id) => {
        const cached = known.get(id);
        if (cached === undefined) return true;
        return (
          JSON.stringify(byId.get(id)!.reduce((acc, d) => merge(acc, d), cached.definition)) !== cached.json
        );
      })
      .sort();
    const remember = new Map<string, KnownDefinition>();
    if (ids.length === 0) return remember;
    const rows = await tx.query<{ activity_id: string; definition: string }>(
      `SELECT activity_id, definition::text AS definition FROM activities
       WHERE activity_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY activity_id COLLATE "C" FOR UPDATE`,
      [JSON.stringify(ids)],
    );
    const current = new Map(
      rows.map((r) => [r.activity_id, JSON.parse(r.definition) as Record<string, unknown>]),
    );
    for (const id of ids) {
      const definition = byId.get(id)!.reduce((acc, d) => merge(acc, d), current.get(id) ?? {});
      remember.set(id, { definition, json: JSON.stringify(definition) });
    }
    const changed = ids
      .filter((id) => !current.has(id) || remember.get(id)!.json !== JSON.stringify(current.get(id)))
      .map((id) => [id, remember.get(id)!.definition]);
    if (changed.length > 0) {
      await tx.query(
        `INSERT INTO activities (activity_id, definition)
         SELECT r->>0, r->1 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, o) ORDER BY o
         ON CONFLICT (activity_id) DO UPDATE SET definition = EXCLUDED.definition`,
        [JSON.stringify(changed)],
      );
    }
    return remember;
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
   * (oldest first when `ascending`), starting after `after`.
   *
   * Every branch below reads one index range in page order and stops after `limit + 1` rows, so
   * a page costs the same at any table size (migration 004):
   * - with `agent` (or else `activity`), the link table's range (key, direct = true), and with
   *   related_agents / related_activities also the range direct = false; the statement's other
   *   filters are checked on the rows found (the link filters as point probes on the same index);
   * - otherwise `statements` by its `registration`, `verb` or `stored` index;
   * - the StatementRef rule (xAPI 1.0.3 §2.1.3 / 2.0 §4.1.6.2): statements whose object is a
   *   StatementRef to a statement matching the filters, read from the partial index of statements
   *   with a `ref_id` (they are few: voiding and other referencing statements).
   * The branches are merged and cut to one page.
   */
  async query(filter: StatementFilter, limit: number, after?: PagePosition): Promise<StatementPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const direction = filter.ascending ? 'ASC' : 'DESC';
    const n = limit + 1;
    /** The page window (since, until, the cursor) on columns `stored` and `seq` of alias `t`. */
    const window = (t: string) => {
      const w: string[] = [];
      if (filter.since !== undefined) w.push(`${t}.stored > ${param(filter.since)}::timestamptz`);
      if (filter.until !== undefined) w.push(`${t}.stored <= ${param(filter.until)}::timestamptz`);
      if (after) {
        w.push(
          `(${t}.stored, ${t}.seq) ${filter.ascending ? '>' : '<'} (${param(after.stored)}::timestamptz, ${param(after.seq)}::bigint)`,
        );
      }
      return w;
    };
    const directs = (related: boolean | undefined) => (related ? 'IN (true, false)' : '= true');
    /** The filters on what statement `t` is about, except `skip` (the one driving the scan). */
    const about = (t: string, skip?: 'agent' | 'activity') => {
      const parts: string[] = [];
      if (filter.actorIfi !== undefined && skip !== 'agent') {
        parts.push(
          `EXISTS (SELECT 1 FROM statement_agents a WHERE a.agent_ifi = ${param(filter.actorIfi)} AND a.direct ${directs(filter.relatedAgents)} AND a.stored = ${t}.stored AND a.seq = ${t}.seq)`,
        );
      }
      if (filter.activityId !== undefined && skip !== 'activity') {
        parts.push(
          `EXISTS (SELECT 1 FROM statement_activities c WHERE c.activity_id = ${param(filter.activityId)} AND c.direct ${directs(filter.relatedActivities)} AND c.stored = ${t}.stored AND c.seq = ${t}.seq)`,
        );
      }
      if (filter.verbId !== undefined) parts.push(`${t}.verb_id = ${param(filter.verbId)}`);
      if (filter.registration !== undefined) {
        parts.push(`${t}.registration = ${param(filter.registration.toLowerCase())}::uuid`);
      }
      return parts;
    };
    const mine = (t: string) =>
      filter.credentialKey === undefined ? [] : [`${t}.credential_key = ${param(filter.credentialKey)}`];
    const branch = (from: string, where: string[], order: string) =>
      `(SELECT s.id, s.stored, s.seq FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${param(n)})`;

    const branches: string[] = [];
    const driver =
      filter.actorIfi !== undefined
        ? {
            kind: 'agent' as const,
            table: 'statement_agents',
            key: 'agent_ifi',
            value: filter.actorIfi,
            related: filter.relatedAgents,
          }
        : filter.activityId !== undefined
          ? {
              kind: 'activity' as const,
              table: 'statement_activities',
              key: 'activity_id',
              value: filter.activityId,
              related: filter.relatedActivities,
            }
          : undefined;
    if (driver) {
      for (const direct of driver.related ? [true, false] : [true]) {
        branches.push(
          branch(
            `${driver.table} d JOIN statements s ON s.id = d.statement_id`,
            [
              `d.${driver.key} = ${param(driver.value)}`,
              `d.direct = ${direct}`,
              ...window('d'),
              's.voided = false',
              ...mine('s'),
              ...about('s', driver.kind),
            ],
            `d.stored ${direction}, d.seq ${direction}`,
          ),
        );
      }
    } else {
      branches.push(
        branch(
          'statements s',
          ['s.voided = false', ...window('s'), ...mine('s'), ...about('s')],
          `s.stored ${direction}, s.seq ${direction}`,
        ),
      );
    }
    const filtered = about('t');
    if (filtered.length > 0) {
      branches.push(
        branch(
          'statements s JOIN statements t ON t.id = s.ref_id',
          ['s.ref_id IS NOT NULL', 's.voided = false', ...window('s'), ...mine('s'), ...filtered],
          `s.stored ${direction}, s.seq ${direction}`,
        ),
      );
    }
    // One branch is the page; several are merged (UNION drops a statement matched by two).
    const pageSql =
      branches.length === 1
        ? branches[0]
        : `(SELECT u.id, u.stored, u.seq FROM (${branches.join(' UNION ')}) u ORDER BY u.stored ${direction}, u.seq ${direction} LIMIT ${param(n)})`;
    const rows = await this.db.query<Row>(
      `SELECT s.payload::text AS json, s.payload->>'stored' AS stored_text, s.seq::text AS seq_text
       FROM ${pageSql} p JOIN statements s ON s.id = p.id
       ORDER BY p.stored ${direction}, p.seq ${direction}`,
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
