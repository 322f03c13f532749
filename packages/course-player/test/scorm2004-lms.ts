import { Scorm2004API } from 'scorm-again';

/** The CMI data model as an LMS stores it between sessions. */
export type StoredCmi = Record<string, unknown>;

/**
 * Puts scorm-again's SCORM 2004 runtime on `window.API_1484_11`, as an LMS page does before launching
 * the SCO: optionally restored from an earlier session's CMI, with the learner and the entry value set.
 */
export function installLms2004(
  options: { cmi?: StoredCmi; entry?: 'ab-initio' | 'resume' | '' } = {},
): Scorm2004API {
  const api = new Scorm2004API({ autocommit: false, logLevel: 5 });
  if (options.cmi) api.loadFromJSON(options.cmi, 'cmi');
  api.cmi.learner_id = 'learner-1';
  api.cmi.learner_name = 'Doe, Jane';
  api.cmi.entry = options.entry ?? 'ab-initio';
  (window as unknown as { API_1484_11?: unknown }).API_1484_11 = api;
  return api;
}

export function removeLms2004(): void {
  delete (window as unknown as { API_1484_11?: unknown }).API_1484_11;
}

/** The CMI as the LMS would persist it. */
export function storedCmi2004(api: Scorm2004API): StoredCmi {
  return (api.renderCMIToJSONObject() as { cmi: StoredCmi }).cmi;
}
