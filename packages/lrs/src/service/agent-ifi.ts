import type { Agent } from '@course/contracts';

/**
 * The agent's inverse functional identifier as one string, the key the store indexes and the
 * `agent` query filter matches: `mbox:mailto:…`, `mbox_sha1sum:…`, `openid:…` or
 * `account:["homePage","name"]`. An Agent has exactly one IFI (AgentSchema checks it).
 */
export function agentIfi(agent: Agent): string {
  if (agent.mbox !== undefined) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum !== undefined) return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid !== undefined) return `openid:${agent.openid}`;
  if (agent.account !== undefined)
    return `account:${JSON.stringify([agent.account.homePage, agent.account.name])}`;
  throw new Error('agentIfi: the agent has no identifier (parse it with AgentSchema first)');
}
