import { Router } from 'express';
import { LrsError, type Issue } from '../../errors.js';
import { getActivity } from '../../service/activities/activities.js';
import { isIri, validateActor } from '../../service/statements/validate.js';
import type { StatementStore } from '../../store/statement-store.js';
import { requireScope } from '../middleware/basic-auth.js';

function onlyParam(query: Record<string, unknown>, name: string): string {
  const issues: Issue[] = [];
  for (const key of Object.keys(query))
    if (key !== name) issues.push({ path: [key], message: 'not a parameter of this resource' });
  const value = query[name];
  if (value === undefined) issues.push({ path: [name], message: 'is required' });
  else if (typeof value !== 'string') issues.push({ path: [name], message: 'given more than once' });
  if (issues.length > 0)
    throw new LrsError(
      'LRS_INVALID_PARAMETER',
      issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      issues,
    );
  return value as string;
}

/**
 * GET /agents?agent= (xAPI 1.0.3 Communication §2.4): the Person object for an agent, with every
 * identifier as an array. This LRS keeps no identity links between agents, so the Person holds the
 * queried agent's own name and identifier.
 */
export function agentsRoutes(): Router {
  const router = Router();
  router.get('/', requireScope('define/read'), (req, res) => {
    const text = onlyParam(req.query as Record<string, unknown>, 'agent');
    let agent: unknown;
    try {
      agent = JSON.parse(text);
    } catch {
      throw new LrsError('LRS_INVALID_PARAMETER', 'agent: must be an Agent as JSON', [
        { path: ['agent'], message: 'must be an Agent as JSON' },
      ]);
    }
    const issues = validateActor(agent, ['agent'], false);
    if (issues.length > 0)
      throw new LrsError(
        'LRS_INVALID_PARAMETER',
        issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        issues,
      );
    const a = agent as Record<string, unknown>;
    const person: Record<string, unknown> = { objectType: 'Person' };
    for (const key of ['name', 'mbox', 'mbox_sha1sum', 'openid', 'account'])
      if (a[key] !== undefined) person[key] = [a[key]];
    res.json(person);
  });
  return router;
}

/** GET /activities?activityId= (xAPI 1.0.3 Communication §2.5): the canonical Activity object. */
export function activitiesRoutes(store: StatementStore): Router {
  const router = Router();
  router.get('/', requireScope('define/read'), async (req, res) => {
    const activityId = onlyParam(req.query as Record<string, unknown>, 'activityId');
    if (!isIri(activityId))
      throw new LrsError('LRS_INVALID_PARAMETER', 'activityId: must be an IRI', [
        { path: ['activityId'], message: 'must be an IRI' },
      ]);
    res.json(await getActivity(store, activityId));
  });
  return router;
}
