/**
 * The course's xAPI vocabulary. Statements are built only from these constants
 * (player) and read back by them (LRS analytics). ADL and cmi5 IRIs are used as published.
 */
export const VERBS = {
  initialized: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: { en: 'initialized' } },
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { en: 'experienced' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { en: 'answered' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { en: 'completed' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { en: 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { en: 'failed' } },
  terminated: { id: 'http://adlnet.gov/expapi/verbs/terminated', display: { en: 'terminated' } },
} as const;
export type VerbName = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  objective: 'http://adlnet.gov/expapi/activities/objective',
} as const;

/** Context extensions the course defines under its own IRI base. */
export function courseExtensions(iriBase: string) {
  const base = iriBase.replace(/\/+$/, '');
  return {
    /** The package format the statement came from: scorm12, scorm2004, cmi5, xapi, memory. */
    launchTarget: `${base}/extensions/launch-target`,
    /** The build id of the package (runtime.json buildId). */
    buildId: `${base}/extensions/build-id`,
  } as const;
}
