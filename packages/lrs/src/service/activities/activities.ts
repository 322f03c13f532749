import type { StatementStore } from '../../store/statement-store.js';
import { isObject } from '../statements/validate.js';

type Obj = Record<string, unknown>;
const LANGUAGE_MAPS = ['name', 'description'];

/**
 * Folds a newly seen definition into the canonical one (xAPI 1.0.3 Communication §2.5): language
 * maps are merged (the newest text per language wins), extensions are merged, every other property
 * takes the newest value.
 */
export function mergeDefinition(current: Obj, incoming: Obj): Obj {
  const merged: Obj = { ...current, ...incoming };
  for (const key of [...LANGUAGE_MAPS, 'extensions']) {
    if (isObject(current[key]) && isObject(incoming[key]))
      merged[key] = { ...current[key], ...incoming[key] };
  }
  return merged;
}

/** The Activity object for GET /activities: the canonical definition when one is known. */
export async function getActivity(store: StatementStore, activityId: string): Promise<Obj> {
  const definition = await store.activityDefinition(activityId);
  return { objectType: 'Activity', id: activityId, ...(definition ? { definition } : {}) };
}
