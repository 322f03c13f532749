import {
  DEFAULT_LMS_OPTIONS,
  decodeProgress,
  encodeProgressWithin,
  PROGRESS_FORMAT_VERSION,
  SCORM12_SUSPEND_DATA_MAX,
  type LaunchTarget,
  type LmsOptions,
  type Progress,
} from '@course/contracts';
import { TrackerEvents } from '../tracker-events.js';
import type {
  AnswerRecord,
  CompletionResult,
  LearnerContext,
  Tracker,
  TrackerErrorCode,
  TrackerEventType,
  TrackerListener,
} from '../tracker.js';
import { LmsCalls } from './lms-calls.js';
import type { XapiRecorder } from '../xapi/xapi-recorder.js';
import { toCmiTime, toCmiTimespan } from './cmi-time.js';
import { scormInteraction } from './interactions.js';
import type { Scorm12Api } from './scorm12-api.js';

export interface Scorm12TrackerOptions {
  /** The LMS's API object, or null when discovery found none. */
  api: Scorm12Api | null;
  events?: TrackerEvents;
  /** Sends xAPI statements as well, when the LMS launched the package with xAPI launch parameters. */
  xapi?: XapiRecorder | null;
  /** LMS-difference options from runtime.json (statuses, exit, interaction ids). */
  lms?: LmsOptions;
  /** Last resort when progress does not fit suspend_data: a free-text answer reduced to its verdict. */
  compactShortText?: (itemId: string, response: string) => string;
  now?: () => Date;
}

/** SCORM 1.2 CMIString255 (RTE 3.4.2.1.4) bounds `cmi.core.lesson_location`. */
const LESSON_LOCATION_MAX = 255;

/**
 * The SCORM 1.2 adapter of the Tracker port (single SCO). Every call is judged by LMSGetLastError,
 * never by its return value: LMSs return "false" for calls that worked and "true" for ones that did not.
 */
export class Scorm12Tracker implements Tracker {
  readonly target: LaunchTarget = 'scorm12';
  private readonly api: Scorm12Api | null;
  private readonly events: TrackerEvents;
  private readonly xapi: XapiRecorder | null;
  private readonly now: () => Date;
  private lmsCalls: LmsCalls | null = null;
  private connected = false;
  private terminated = false;
  private started: Promise<LearnerContext> | null = null;
  private startedAt = 0;
  private lessonStatus = '';
  private readonly lms: LmsOptions;
  private readonly compactShortText: ((itemId: string, response: string) => string) | undefined;

  constructor(options: Scorm12TrackerOptions) {
    this.lms = options.lms ?? DEFAULT_LMS_OPTIONS;
    this.compactShortText = options.compactShortText;
    this.api = options.api;
    this.events = options.events ?? new TrackerEvents();
    this.xapi = options.xapi ?? null;
    this.now = options.now ?? (() => new Date());
  }

  on(listener: TrackerListener): () => void {
    return this.events.on(listener);
  }

  start(): Promise<LearnerContext> {
    this.started ??= Promise.resolve().then(() => this.initialize());
    return this.started;
  }

  private initialize(): LearnerContext {
    this.startedAt = this.now().getTime();
    const offline: LearnerContext = { learnerId: '', learnerName: '', resumed: false };
    if (!this.api) {
      this.emit(
        'lms-not-found',
        'PLR_LMS_NOT_FOUND',
        'no SCORM 1.2 API in this window, its parents or its opener',
      );
      this.xapi?.start();
      return offline;
    }
    try {
      this.call('LMSInitialize', () => this.api!.LMSInitialize(''));
    } catch (error) {
      this.emit('lms-init-failed', 'PLR_LMS_ERROR', (error as Error).message);
      this.xapi?.start();
      return offline;
    }
    this.connected = true;
    const learner: LearnerContext = {
      learnerId: this.get('cmi.core.student_id'),
      learnerName: this.get('cmi.core.student_name'),
      resumed: this.get('cmi.core.entry') === 'resume',
    };
    this.lessonStatus = this.get('cmi.core.lesson_status');
    if (this.lessonStatus === 'not attempted' || this.lessonStatus === '') {
      this.set('cmi.core.lesson_status', 'incomplete');
      this.lessonStatus = 'incomplete';
      this.commit();
    }
    this.xapi?.start();
    return learner;
  }

  async loadProgress(): Promise<Progress | null> {
    await this.start();
    if (!this.connected) return null;
    const suspendData = this.get('cmi.suspend_data');
    const location = this.get('cmi.core.lesson_location');
    let progress: Progress | null = null;
    if (suspendData) {
      try {
        progress = decodeProgress(suspendData);
        if (!progress.location && location) progress = { ...progress, location };
      } catch (error) {
        this.emit(
          'progress-unreadable',
          'PLR_PROGRESS_UNREADABLE',
          `cmi.suspend_data is not progress this player can read (${(error as Error).message}); starting from the beginning`,
        );
      }
    } else if (location) {
      // A bookmark without suspend data (an LMS that keeps only lesson_location): resume there.
      progress = {
        v: PROGRESS_FORMAT_VERSION,
        location,
        visited: [],
        answers: {},
        practice: {},
        scenarios: {},
      };
    }
    this.xapi?.restored(progress);
    return progress;
  }

  async saveProgress(progress: Progress): Promise<void> {
    this.xapi?.progressSaved(progress);
    if (!this.connected || this.terminated) return;
    let encoded: string | null = null;
    try {
      // Practice answers, then visited pages, give way when the whole does not fit (see contracts' progress.ts).
      const fitted = encodeProgressWithin(
        progress,
        SCORM12_SUSPEND_DATA_MAX,
        this.compactShortText ? { compactShortText: this.compactShortText } : {},
      );
      if (fitted) encoded = fitted.text;
      else
        this.emit(
          'save-failed',
          'PLR_SUSPEND_DATA_TOO_LONG',
          `encoded progress does not fit the ${SCORM12_SUSPEND_DATA_MAX} characters of cmi.suspend_data, even without practice answers and visited pages`,
        );
    } catch (error) {
      this.emit('save-failed', 'PLR_PROGRESS_UNENCODABLE', (error as Error).message);
    }
    if (encoded !== null) this.set('cmi.suspend_data', encoded);
    if (progress.location.length <= LESSON_LOCATION_MAX)
      this.set('cmi.core.lesson_location', progress.location);
    this.commit();
  }

  recordAnswer(answer: AnswerRecord): void {
    this.xapi?.answered(answer);
    if (!this.connected || this.terminated) return;
    // Practice answers go to the LRS only: cmi.interactions are kept for the scored knowledge check.
    if (answer.practice) return;
    const count = Number.parseInt(this.get('cmi.interactions._count'), 10);
    const n = Number.isFinite(count) ? count : 0;
    const prefix = `cmi.interactions.${n}`;
    const interaction = scormInteraction(answer.item, answer.response);
    // RTE 3.4.2.6: `id` first, then the other elements of the new interaction.
    this.set(`${prefix}.id`, this.lms.uniqueInteractionIds ? `${answer.item.id}.${n}` : answer.item.id);
    this.set(`${prefix}.type`, interaction.type);
    answer.item.competencies.forEach((competency, j) => this.set(`${prefix}.objectives.${j}.id`, competency));
    this.set(`${prefix}.time`, toCmiTime(answer.at));
    interaction.correct.forEach((pattern, j) =>
      this.set(`${prefix}.correct_responses.${j}.pattern`, pattern),
    );
    this.set(`${prefix}.student_response`, interaction.response);
    this.set(`${prefix}.result`, answer.success ? 'correct' : 'wrong');
  }

  async complete(result: CompletionResult): Promise<void> {
    this.xapi?.completed(result);
    if (!this.connected || this.terminated) return;
    this.set('cmi.core.score.min', '0');
    this.set('cmi.core.score.max', '100');
    this.set('cmi.core.score.raw', String(result.scorePercent));
    this.lessonStatus = result.passed ? this.lms.scorm12OnPass : this.lms.scorm12OnFail;
    this.set('cmi.core.lesson_status', this.lessonStatus);
    this.commit();
  }

  async terminate(): Promise<void> {
    if (this.terminated || !this.started) return;
    this.terminated = true;
    const sessionMs = this.now().getTime() - this.startedAt;
    if (this.connected) {
      this.set('cmi.core.session_time', toCmiTimespan(sessionMs));
      // A result reported as "incomplete" (scorm12OnFail) still suspends, so the retry resumes.
      const settled = ['passed', 'failed', 'completed'].includes(this.lessonStatus);
      this.set('cmi.core.exit', settled || this.lms.exitWhenIncomplete === 'normal' ? '' : 'suspend');
      this.commit();
      try {
        this.call('LMSFinish', () => this.api!.LMSFinish(''));
      } catch (error) {
        this.emit('lms-error', 'PLR_LMS_ERROR', (error as Error).message);
      }
      this.connected = false;
    }
    await this.xapi?.terminated(sessionMs);
  }

  /** The shared SCORM call plumbing (lms-calls.ts), made on first use: the API may be absent. */
  private get calls(): LmsCalls {
    const api = this.api!;
    this.lmsCalls ??= new LmsCalls(
      {
        prefix: 'LMS',
        getValue: (e) => api.LMSGetValue(e),
        setValue: (e, v) => api.LMSSetValue(e, v),
        commit: () => api.LMSCommit(''),
        getLastError: () => api.LMSGetLastError(),
        getErrorString: (c) => api.LMSGetErrorString(c),
        getDiagnostic: (c) => api.LMSGetDiagnostic(c),
      },
      (type, code, message) => this.emit(type, code, message),
      [],
    );
    return this.lmsCalls;
  }

  private call(operation: string, run: () => string): string {
    return this.calls.call(operation, run);
  }

  private get(element: string): string {
    return this.calls.get(element);
  }

  private set(element: string, value: string): void {
    this.calls.set(element, value);
  }

  private commit(): void {
    this.calls.commit();
  }

  private emit(type: TrackerEventType, code: TrackerErrorCode, message: string): void {
    this.events.emit({ type, code, message });
  }
}
