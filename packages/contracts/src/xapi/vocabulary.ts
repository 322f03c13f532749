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
    /**
     * The learner's cohort (a training group such as "Border police, Tunis 2025-A"): a string the LMS
     * puts in `context.extensions` of the statements (cmi5 `contextTemplate`, LMS.LaunchData). The LRS's
     * competency analytics group learners by it (docs/analytics.md).
     */
    cohort: `${base}/extensions/cohort`,
  } as const;
}

/**
 * The cmi5 profile's IRIs and names (cmi5 Quartz, AICC/CMI-5_Spec_Current `cmi5_spec.md`), as published.
 * §9.6.2 context activities, §9.6.3 context extensions, §10 the LMS.LaunchData state document,
 * §11 the learner preferences agent profile.
 */
export const CMI5 = {
  /** §9.6.2.1: in `context.contextActivities.category` of every "cmi5 defined" statement. */
  categoryCmi5: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  /** §9.6.2.2: in the category list of cmi5 defined statements whose result has `success` or `completion`. */
  categoryMoveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  /** §9.6.3.1: the LMS's session id, in `context.extensions` of every statement of the session. */
  sessionIdExtension: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  /** §9.6.3.2: the masteryScore a passed/failed judgement was made against. */
  masteryScoreExtension: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  /** §10: the State document the LMS writes before launching an AU. */
  launchDataStateId: 'LMS.LaunchData',
  /** §11: the Agent Profile document with the learner's language and audio preferences. */
  learnerPreferencesProfileId: 'cmi5LearnerPreferences',
} as const;

/** §10 `launchMode`: only Normal records completion-related data. */
export const CMI5_LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof CMI5_LAUNCH_MODES)[number];
