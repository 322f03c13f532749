import type { BundleItem, LaunchTarget, Progress, Response } from '@course/contracts';

/** Who is learning, as the LMS/LRS knows them. */
export interface LearnerContext {
  learnerId: string;
  learnerName: string;
  /** True when the LMS says this session continues a suspended one (SCORM `cmi.core.entry = 'resume'`). */
  resumed: boolean;
}

/**
 * What an answered item belongs to: its module (a `BundleModule` fits), or a course-level assessment
 * (the pre-assessment, the final assessment), marked `kind: 'assessment'`.
 */
export interface AnswerParent {
  iri: string;
  title: string;
  kind?: 'module' | 'assessment';
}

/**
 * One submitted answer to an item: a knowledge-check or final-assessment item (scored), or a practice
 * item (in a lesson or case study, or the pre-assessment).
 */
export interface AnswerRecord {
  module: AnswerParent;
  item: BundleItem;
  /** The response, shaped by the item type (see `Response` in contracts). */
  response: Response;
  success: boolean;
  /** True for items in lessons, case studies and the pre-assessment: not scored, not written to cmi.interactions. */
  practice: boolean;
  /** When the learner submitted the answer. */
  at: Date;
}

/** The package's result once every item is answered. */
export interface CompletionResult {
  scorePercent: number;
  passed: boolean;
}

/**
 * Error codes of the player's tracking, prefixed `PLR_` as every package prefixes its codes.
 * The learner sees a plain message chosen by event type; the code and message go to the debug log.
 */
export type TrackerErrorCode =
  | 'PLR_LMS_NOT_FOUND'
  | 'PLR_LMS_ERROR'
  | 'PLR_COMMIT_FAILED'
  | 'PLR_SUSPEND_DATA_TOO_LONG'
  | 'PLR_PROGRESS_UNENCODABLE'
  | 'PLR_PROGRESS_UNREADABLE'
  | 'PLR_XAPI_LAUNCH_INVALID'
  | 'PLR_STATEMENT_INVALID'
  | 'PLR_STATEMENT_REJECTED'
  /** cmi5: launch parameters missing or unusable (§8.1). */
  | 'PLR_CMI5_LAUNCH_INVALID'
  /** cmi5: the fetch URL gave no auth token (§8.2), or the LMS refused it. */
  | 'PLR_CMI5_AUTH_FAILED'
  /** cmi5: the LMS.LaunchData State document is missing or unusable (§10). */
  | 'PLR_CMI5_LAUNCH_DATA_INVALID'
  /** xAPI/cmi5: reading or writing the progress State document failed. */
  | 'PLR_STATE_FAILED';

export type TrackerEventType =
  /** No SCORM API in any parent or opener window: the course runs, nothing is saved. */
  | 'lms-not-found'
  /** The LMS refused LMSInitialize: the course runs, nothing is saved. */
  | 'lms-init-failed'
  /** Another LMS call reported an error (reading a value, LMSFinish); for the debug log. */
  | 'lms-error'
  /** A save (suspend_data, commit) failed; the next save tries again. */
  | 'save-failed'
  /** Saved progress could not be decoded; the course starts from the beginning. */
  | 'progress-unreadable'
  /** xAPI launch parameters were present but unusable; no statements are sent. */
  | 'xapi-launch-invalid'
  /** The LRS refused a statement (4xx other than 409/429), or it failed our own schema check; it is dropped. */
  | 'statement-dropped';

export interface TrackerEvent {
  type: TrackerEventType;
  code: TrackerErrorCode;
  /** Technical detail for the debug log, never shown as is to the learner. */
  message: string;
}

export type TrackerListener = (event: TrackerEvent) => void;

/**
 * The port between the course and whatever records learning (SCORM LMS, LRS, memory).
 * The React tree sees only this. Methods never throw: failures become `TrackerEvent`s.
 */
export interface Tracker {
  readonly target: LaunchTarget;
  /** LMSInitialize / Initialize / cmi5 "initialized". Idempotent: a second call returns the first result. */
  start(): Promise<LearnerContext>;
  /** The progress saved by an earlier session, or null to start from the beginning. */
  loadProgress(): Promise<Progress | null>;
  /** Called on every answer and page change; encoded with the contracts progress codec. */
  saveProgress(progress: Progress): Promise<void>;
  recordAnswer(answer: AnswerRecord): void;
  complete(result: CompletionResult): Promise<void>;
  /** Ends the session; wired to `pagehide`. Idempotent. */
  terminate(): Promise<void>;
  /** Subscribes to tracking events; returns the unsubscribe function. */
  on(listener: TrackerListener): () => void;
}
