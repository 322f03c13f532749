/** The `lrs:credentials` commands, separate from the process entry so that tests can run them. */
import { parseArgs } from 'node:util';
import {
  createCredential,
  CredentialError,
  listCredentials,
  revokeCredential,
  SCOPES,
} from '../service/credentials/credentials.js';
import type { Db } from '../store/db.js';

export const USAGE = `usage: lrs:credentials <command>
  create --scopes <scope>[,<scope>…] [--label <text>] [--key <key>]   prints the key and secret once
  list                                                               all credentials (no secrets)
  revoke <key>                                                       the key stops working
scopes: ${SCOPES.join(', ')}`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs one command against `db`; returns the lines to print. */
export async function runCredentialsCommand(db: Db, argv: string[]): Promise<string[]> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { scopes: { type: 'string' }, label: { type: 'string' }, key: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  switch (command) {
    case 'create': {
      if (!values.scopes) throw new UsageError('create needs --scopes');
      const created = await createCredential(db, {
        key: values.key,
        scopes: values.scopes.split(',').map((s) => s.trim()),
        label: values.label ?? '',
      });
      return [
        `key     ${created.key}`,
        `secret  ${created.secret}`,
        `scopes  ${created.scopes.join(',')}`,
        'The secret is shown only now; store it safely.',
      ];
    }
    case 'list': {
      const all = await listCredentials(db);
      if (all.length === 0) return ['no credentials'];
      return all.map((c) =>
        [
          c.key,
          c.scopes.join(','),
          c.revokedAt ? `revoked ${c.revokedAt}` : 'active',
          `created ${c.createdAt}`,
          c.label,
        ]
          .filter(Boolean)
          .join('\t'),
      );
    }
    case 'revoke': {
      const key = rest[0];
      if (!key) throw new UsageError('revoke needs the key');
      if (!(await revokeCredential(db, key)))
        throw new CredentialError(`no active credential with key "${key}"`);
      return [`revoked ${key}`];
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  }
}
