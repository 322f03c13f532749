/**
 * The inverse functional identifier of an Agent or identified Group as one string, the key the
 * store indexes and the `agent` query filter matches: `mbox:mailto:…`, `mbox_sha1sum:…`, `openid:…`
 * or `account:["homePage","name"]`. Undefined for an anonymous Group. Expects a validated actor.
 */
export function agentIfi(agent: unknown): string | undefined {
  if (typeof agent !== 'object' || agent === null) return undefined;
  const a = agent as {
    mbox?: unknown;
    mbox_sha1sum?: unknown;
    openid?: unknown;
    account?: { homePage?: unknown; name?: unknown };
  };
  if (typeof a.mbox === 'string') return `mbox:${a.mbox}`;
  if (typeof a.mbox_sha1sum === 'string') return `mbox_sha1sum:${a.mbox_sha1sum.toLowerCase()}`;
  if (typeof a.openid === 'string') return `openid:${a.openid}`;
  if (a.account !== undefined) return `account:${JSON.stringify([a.account.homePage, a.account.name])}`;
  return undefined;
}
