import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../store/db.js';
import { CredentialStore } from '../../store/credential-store.js';
import { DECOY_HASH, hashSecret, verifySecret } from './secret-hash.js';

/**
 * The scopes a credential may hold: the xAPI ones (1.0.3 §4.2, kept by 2.0), and `analytics/read`
 * for the competency analytics and dashboard (no xAPI resource).
 */
export const SCOPES = [
  'all',
  'all/read',
  'statements/write',
  'statements/read',
  'statements/read/mine',
  'state',
  'define',
  'profile',
  'analytics/read',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Basic-auth user names: printable ASCII without spaces or ":" (the user/password separator). */
const KEY_PATTERN = /^[\x21-\x39\x3b-\x7e]{1,200}$/;

export class CredentialError extends Error {
  override name = 'CredentialError';
}

export interface CreateCredentialInput {
  /** Defaults to a random key. */
  key?: string;
  /** Defaults to a random secret. */
  secret?: string;
  scopes: string[];
  label?: string;
}

export interface NewCredential {
  key: string;
  /** Shown once: only its scrypt hash is stored. */
  secret: string;
  scopes: Scope[];
  label: string;
}

export interface CredentialSummary {
  key: string;
  scopes: string[];
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A credential that passed Basic auth. */
export interface AuthenticatedCredential {
  key: string;
  scopes: string[];
}

function checkInput(input: CreateCredentialInput): NewCredential {
  const key = input.key ?? `lrs-${randomBytes(9).toString('base64url')}`;
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  if (!KEY_PATTERN.test(key)) {
    throw new CredentialError(
      `credential key "${key}" must be 1–200 printable ASCII characters without ":" or spaces`,
    );
  }
  if (secret.length < 8) throw new CredentialError('a credential secret needs at least 8 characters');
  if (input.scopes.length === 0)
    throw new CredentialError(`a credential needs at least one scope (${SCOPES.join(', ')})`);
  const unknown = input.scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new CredentialError(`unknown scope ${unknown.join(', ')}; known scopes: ${SCOPES.join(', ')}`);
  }
  return { key, secret, scopes: [...new Set(input.scopes)] as Scope[], label: input.label ?? '' };
}

/**
 * Creates a credential. Generates the key and the secret when they are not given.
 * Throws `CredentialError` for an invalid key, secret or scope, or when the key exists.
 * @example const { key, secret } = await createCredential(db, { scopes: ['statements/write'], label: 'player' });
 */
export async function createCredential(db: Db, input: CreateCredentialInput): Promise<NewCredential> {
  const credential = checkInput(input);
  const created = await new CredentialStore(db).insert({
    ...credential,
    secretHash: await hashSecret(credential.secret),
  });
  if (!created) throw new CredentialError(`a credential with key "${credential.key}" already exists`);
  return credential;
}

/** Creates the credential, or resets the secret, scopes and label of the existing one (root seeding). */
export async function upsertCredential(
  db: Db,
  input: Required<Pick<CreateCredentialInput, 'key' | 'secret'>> & CreateCredentialInput,
): Promise<NewCredential> {
  const credential = checkInput(input);
  await new CredentialStore(db).upsert({ ...credential, secretHash: await hashSecret(credential.secret) });
  return credential;
}

/** Revokes the credential; false when there is no active credential with this key. */
export function revokeCredential(db: Db, key: string): Promise<boolean> {
  return new CredentialStore(db).revoke(key);
}

/** All credentials, without their secret hashes. */
export async function listCredentials(db: Db): Promise<CredentialSummary[]> {
  return (await new CredentialStore(db).list()).map(({ secretHash: _hash, ...summary }) => summary);
}

/**
 * Checks Basic-auth pairs against the credentials table. scrypt costs tens of milliseconds, so
 * verified pairs are remembered for `ttlMs`: a revoked credential keeps working in this process for
 * at most that long. Unknown keys cost a scrypt too, so timing does not tell which keys exist.
 */
export class CredentialVerifier {
  private readonly cache = new Map<string, { credential: AuthenticatedCredential; expires: number }>();
  private readonly store: CredentialStore;

  constructor(
    db: Db,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 1000,
  ) {
    this.store = new CredentialStore(db);
  }

  async verify(key: string, secret: string): Promise<AuthenticatedCredential | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const cacheKey = createHash('sha256').update(key).update('\u0000').update(secret).digest('base64');
    const now = Date.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.expires > now) return hit.credential;
    this.cache.delete(cacheKey);

    const record = await this.store.findActive(key);
    const valid = await verifySecret(secret, record?.secretHash ?? DECOY_HASH);
    if (!record || !valid) return null;
    const credential = { key: record.key, scopes: record.scopes };
    if (this.ttlMs > 0) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(cacheKey, { credential, expires: now + this.ttlMs });
    }
    return credential;
  }
}
