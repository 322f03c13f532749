import type { Db, DbTx } from './db.js';

export type DocumentKind = 'state' | 'activity_profile' | 'agent_profile';

/** Where a document lives: its resource and key. Unused key parts are ''. */
export interface DocumentKey {
  kind: DocumentKind;
  activityId: string;
  agentIfi: string;
  registration: string;
  docId: string;
}

/** The set of documents a multi-document GET or DELETE addresses (the key without `docId`). */
export type DocumentScope = Omit<DocumentKey, 'docId'>;

export interface StoredDocument {
  contentType: string;
  content: Buffer;
  etag: string;
  /** ISO 8601, UTC. */
  updated: string;
}

export interface NewDocument {
  contentType: string;
  content: Buffer;
  etag: string;
  updated: string;
}

interface Row {
  content_type: string;
  content: string;
  etag: string;
  updated: string;
}

const UPDATED = `to_char(updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const KEY_WHERE = 'kind = $1 AND activity_id = $2 AND agent_ifi = $3 AND registration = $4';
const keyParams = (k: DocumentScope) => [k.kind, k.activityId, k.agentIfi, k.registration];

/** State and profile documents in SQL: the only code that knows the `documents` table. */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction with the document locked (or the key range, when it is absent). */
  transaction<T>(fn: (tx: DocumentTx) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new DocumentTx(tx)));
  }

  get(key: DocumentKey): Promise<StoredDocument | null> {
    return new DocumentTx(this.db).get(key);
  }

  /** The ids of the documents in `scope`, updated after `since` when given. */
  async ids(scope: DocumentScope, since?: string): Promise<{ ids: string[]; lastUpdated: string | null }> {
    const rows = await this.db.query<{ doc_id: string; updated: string }>(
      `SELECT doc_id, ${UPDATED} AS updated FROM documents WHERE ${KEY_WHERE}
       ${since ? 'AND updated > $5::timestamptz' : ''} ORDER BY doc_id`,
      [...keyParams(scope), ...(since ? [since] : [])],
    );
    const lastUpdated = rows.reduce<string | null>(
      (m, r) => (m === null || r.updated > m ? r.updated : m),
      null,
    );
    return { ids: rows.map((r) => r.doc_id), lastUpdated };
  }

  /** Deletes every document in `scope`. */
  async deleteAll(scope: DocumentScope): Promise<void> {
    await this.db.query(`DELETE FROM documents WHERE ${KEY_WHERE}`, keyParams(scope));
  }
}

/** Document operations inside one transaction. */
export class DocumentTx {
  constructor(private readonly tx: DbTx) {}

  async get(key: DocumentKey, forUpdate = false): Promise<StoredDocument | null> {
    const rows = await this.tx.query<Row>(
      `SELECT content_type, encode(content, 'base64') AS content, etag, ${UPDATED} AS updated
       FROM documents WHERE ${KEY_WHERE} AND doc_id = $5${forUpdate ? ' FOR UPDATE' : ''}`,
      [...keyParams(key), key.docId],
    );
    const r = rows[0];
    return r
      ? {
          contentType: r.content_type,
          content: Buffer.from(r.content, 'base64'),
          etag: r.etag,
          updated: r.updated,
        }
      : null;
  }

  async put(key: DocumentKey, doc: NewDocument): Promise<void> {
    await this.tx.query(
      `INSERT INTO documents (kind, activity_id, agent_ifi, registration, doc_id, content_type, content, etag, updated)
       VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), $8, $9::timestamptz)
       ON CONFLICT (kind, activity_id, agent_ifi, registration, doc_id) DO UPDATE
       SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, etag = EXCLUDED.etag,
           updated = EXCLUDED.updated`,
      [...keyParams(key), key.docId, doc.contentType, doc.content.toString('base64'), doc.etag, doc.updated],
    );
  }

  async delete(key: DocumentKey): Promise<void> {
    await this.tx.query(`DELETE FROM documents WHERE ${KEY_WHERE} AND doc_id = $5`, [
      ...keyParams(key),
      key.docId,
    ]);
  }
}
