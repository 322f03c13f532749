import type { BundleScenario, ScenarioNode } from '@course/contracts';

export type ScenarioChoice = Extract<ScenarioNode, { choices: unknown }>['choices'][number];

/** Follows the chosen choice ids from the start node; null when a step no longer exists in the content. */
export function walk(scenario: BundleScenario, path: readonly string[]): ScenarioNode | null {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  let node = nodes.get(scenario.start) ?? null;
  for (const choiceId of path) {
    if (!node || !('choices' in node)) return null;
    const choice = node.choices.find((c) => c.id === choiceId);
    if (!choice) return null;
    node = nodes.get(choice.next) ?? null;
  }
  return node;
}

/** The choice taken last on `path`, with the node it was taken at. */
export function lastChoice(scenario: BundleScenario, path: readonly string[]): ScenarioChoice | null {
  if (path.length === 0) return null;
  const at = walk(scenario, path.slice(0, -1));
  if (!at || !('choices' in at)) return null;
  return at.choices.find((c) => c.id === path[path.length - 1]) ?? null;
}
