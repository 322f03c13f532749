import type { RequestHandler } from 'express';
import { LrsError } from '../../errors.js';
import type { CredentialVerifier } from '../../service/credentials/credentials.js';
import { locals } from '../locals.js';

/**
 * Scopes that allow each kind of access (xAPI 1.0.3 Communication §4.2). `statements/read/mine`
 * reads only the statements its own credential stored (the statements route narrows the query).
 */
export const SCOPES_FOR = {
  'statements/write': ['statements/write', 'all'],
  'statements/read': ['statements/read', 'statements/read/mine', 'all/read', 'all'],
  'state/write': ['state', 'all'],
  'state/read': ['state', 'all/read', 'all'],
  'profile/write': ['profile', 'all'],
  'profile/read': ['profile', 'all/read', 'all'],
  'define/read': ['define', 'profile', 'state', 'statements/read', 'statements/read/mine', 'all/read', 'all'],
  // Not xAPI: the competency analytics (docs/analytics.md). statements/read already reads every
  // statement, so it reads the analytics too; statements/read/mine does not.
  'analytics/read': ['analytics/read', 'statements/read', 'all/read', 'all'],
  'analytics/rebuild': ['all'],
} as const;

function parseBasic(header: string | undefined): { key: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** HTTP Basic against the credentials table; 401 (`LRS_UNAUTHORIZED`) when missing or wrong. */
export function authenticate(verifier: CredentialVerifier): RequestHandler {
  return async (req, res, next) => {
    const pair = parseBasic(req.get('authorization'));
    const credential = pair ? await verifier.verify(pair.key, pair.secret) : null;
    if (!credential) {
      throw new LrsError(
        'LRS_UNAUTHORIZED',
        pair ? 'The key and secret do not match an active credential.' : undefined,
      );
    }
    locals(res).credential = credential;
    next();
  };
}

/** 403 (`LRS_FORBIDDEN`) unless the authenticated credential holds one of the scopes for `access`. */
export function requireScope(access: keyof typeof SCOPES_FOR): RequestHandler {
  return (_req, res, next) => {
    const scopes = locals(res).credential?.scopes ?? [];
    const allowed: readonly string[] = SCOPES_FOR[access];
    if (scopes.some((s) => allowed.includes(s))) return next();
    throw new LrsError('LRS_FORBIDDEN', `This request needs one of the scopes ${allowed.join(', ')}.`);
  };
}
