import { randomUUID } from 'node:crypto';
import type { Agent } from '@course/contracts';
import type { PreparedStatement } from '../../store/statement-store.js';
import { agentIfi } from '../agent-ifi.js';
import { VOIDED_VERB, type LrsStatement } from './statement-schema.js';

/** What the LRS adds to every statement of one request. */
export interface StoreContext {
  /** When the LRS received the request (ISO 8601, UTC, milliseconds). */
  stored: string;
  /** The credential that sent it, as an Agent. */
  authority: Agent;
}

/**
 * Sets the properties the LRS owns and extracts the indexed columns.
 * - `id`: kept if sent, otherwise a new UUID v4 (xAPI 1.0.3 §2.4.1).
 * - `stored`, `authority`: always set by the LRS, overwriting what the client sent (§2.4.8, §2.4.9).
 * - `timestamp`: defaults to `stored` (§2.4.7).
 * - `version`: defaults to 1.0.0 (§2.4.10).
 * `raw` is the statement as received: properties the contracts schema does not know are kept.
 */
export function prepareStatement(
  raw: Record<string, unknown>,
  parsed: LrsStatement,
  ctx: StoreContext,
): PreparedStatement {
  const id = parsed.id ?? randomUUID();
  const payload: Record<string, unknown> = {
    ...raw,
    id,
    timestamp: parsed.timestamp ?? ctx.stored,
    version: parsed.version ?? '1.0.0',
    stored: ctx.stored,
    authority: ctx.authority,
  };
  const isRef = parsed.object.objectType === 'StatementRef';
  return {
    id: id.toLowerCase(),
    stored: ctx.stored,
    verbId: parsed.verb.id,
    actorIfi: agentIfi(parsed.actor),
    objectId: isRef ? parsed.object.id.toLowerCase() : parsed.object.id,
    registration: parsed.context?.registration?.toLowerCase() ?? null,
    isVoiding: parsed.verb.id === VOIDED_VERB,
    sentTimestamp: parsed.timestamp !== undefined,
    payload,
  };
}
