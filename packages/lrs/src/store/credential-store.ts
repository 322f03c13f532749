import type { Db } from './db.js';

export interface CredentialRecord {
  key: string;
  secretHash: string;
  scopes: string[];
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

interface Row {
  key: string;
  secret_hash: string;
  scopes: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

// Arrays and timestamps come back as text so both drivers return the same values.
const SELECT = `SELECT key, secret_hash, array_to_json(scopes)::text AS scopes, label,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked_at
  FROM credentials`;

const toRecord = (r: Row): CredentialRecord => ({
  key: r.key,
  secretHash: r.secret_hash,
  scopes: JSON.parse(r.scopes) as string[],
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** Credentials in SQL: the only code that knows the `credentials` table. */
export class CredentialStore {
  constructor(private readonly db: Db) {}

  /** Inserts a credential; returns false (and changes nothing) when the key exists already. */
  async insert(c: { key: string; secretHash: string; scopes: string[]; label: string }): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO credentials (key, secret_hash, scopes, label)
       SELECT $1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), $4
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [c.key, c.secretHash, JSON.stringify(c.scopes), c.label],
    );
    return rows.length === 1;
  }

  /** Inserts the credential, or replaces secret, scopes and label of an existing one and un-revokes it. */
  async upsert(c: { key: string; secretHash: string; scopes: string[]; label: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO credentials (key, secret_hash, scopes, label)
       SELECT $1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), $4
       ON CONFLICT (key) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, scopes = EXCLUDED.scopes,
         label = EXCLUDED.label, revoked_at = NULL`,
      [c.key, c.secretHash, JSON.stringify(c.scopes), c.label],
    );
  }

  /** The credential with this key if it exists and is not revoked. */
  async findActive(key: string): Promise<CredentialRecord | null> {
    const rows = await this.db.query<Row>(`${SELECT} WHERE key = $1 AND revoked_at IS NULL`, [key]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Every credential, revoked ones included, oldest first. */
  async list(): Promise<CredentialRecord[]> {
    const rows = await this.db.query<Row>(`${SELECT} ORDER BY created_at, key`);
    return rows.map(toRecord);
  }

  /** Marks the credential revoked; returns false when no active credential has this key. */
  async revoke(key: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE credentials SET revoked_at = now() WHERE key = $1 AND revoked_at IS NULL RETURNING key',
      [key],
    );
    return rows.length === 1;
  }
}
