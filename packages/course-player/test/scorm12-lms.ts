import { Scorm12API } from 'scorm-again';

/** The CMI data model as an LMS stores it between sessions. */
export type StoredCmi = Record<string, unknown>;

/**
 * Puts scorm-again's SCORM 1.2 runtime on `window.API`, as an LMS page does before launching the SCO:
 * optionally restored from an earlier session's CMI, with the learner and the entry value set.
 */
export function installLms(
  options: { cmi?: StoredCmi; entry?: 'ab-initio' | 'resume' | '' } = {},
): Scorm12API {
  const api = new Scorm12API({ autocommit: false, logLevel: 5 });
  if (options.cmi) api.loadFromJSON(options.cmi, 'cmi');
  api.cmi.core.student_id = 'learner-1';
  api.cmi.core.student_name = 'Doe, Jane';
  api.cmi.core.entry = options.entry ?? 'ab-initio';
  (window as unknown as { API?: unknown }).API = api;
  return api;
}

export function removeLms(): void {
  delete (window as unknown as { API?: unknown }).API;
}

/** The CMI as the LMS would persist it (interactions are write-only to the SCO, but not to the LMS). */
export function storedCmi(api: Scorm12API): StoredCmi {
  return (api.renderCMIToJSONObject() as { cmi: StoredCmi }).cmi;
}
