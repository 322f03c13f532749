import {
  DEFAULT_LMS_OPTIONS,
  decodeProgress,
  encodeProgressWithin,
  PROGRESS_FORMAT_VERSION,
  SCORM2004_SUSPEND_DATA_MAX,
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
import { toIsoDuration, toScorm2004Time } from './cmi-time.js';
import { interactionDescription, scorm2004Interaction } from './interactions.js';
import type { Scorm2004Api } from './scorm2004-api.js';

export interface Scorm2004TrackerOptions {
  /** The LMS's `API_1484_11` object, or null when discovery found none. */
  api: Scorm2004Api | null;
  /**
   * Pass mark in percent (runtime.json `masteryScore`): each competency objective
   * (`cmi.objectives.n`) is passed when its items reach it.
   */
  masteryScore: number;
  events?: TrackerEvents;
  /** Sends xAPI statements as well, when the LMS launched the package with xAPI launch parameters. */
  xapi?: XapiRecorder | null;
  /** LMS-difference options from runtime.json (completion after a fail, exit, interaction ids). */
  lms?: LmsOptions;
  now?: () => Date;
}

/** SCORM 2004 `cmi.location` is characterstring (SPM: 1000). */
const LOCATION_MAX = 1000;
/** GetValue of an element the LMS has no value for yet ("Data Model Element Value Not Initialized"). */
const VALUE_NOT_INITIALIZED = '403';

/** A scored answer as the objectives need it: right or wrong, and the competencies it assesses. */
interface ScoredAnswer {
  success: boolean;
  competencies: string[];
}

const toInt = (text: string) => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The SCORM 2004 4th Edition adapter of the Tracker port (one SCO: a single-SCO package, or one module
 * of a sequenced course). Every call is judged by GetLastError, never by its return value.
 *
 * Besides the SCO's own completion, success and score, it writes one `cmi.objectives.n` per competency
 * the knowledge check assesses (id = competency id, `C01`…), which the sequenced manifest maps to
 * global objectives.
 */
export class Scorm2004Tracker implements Tracker {
  readonly target: LaunchTarget = 'scorm2004';
  private readonly api: Scorm2004Api | null;
  private readonly events: TrackerEvents;
  private readonly xapi: XapiRecorder | null;
  private readonly now: () => Date;
  private readonly lms: LmsOptions;
  private readonly masteryScore: number;
  private lmsCalls: LmsCalls | null = null;
  private connected = false;
  private terminated = false;
  private started: Promise<LearnerContext> | null = null;
  private startedAt = 0;
  private completionStatus = '';
  /** Item id → the latest scored answer, from this session and (read back) from the attempt's interactions. */
  private readonly scored = new Map<string, ScoredAnswer>();

  constructor(options: Scorm2004TrackerOptions) {
    this.lms = options.lms ?? DEFAULT_LMS_OPTIONS;
    this.api = options.api;
    this.masteryScore = options.masteryScore;
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
        'no SCORM 2004 API (API_1484_11) in this window, its parents or its opener',
      );
      this.xapi?.start();
      return offline;
    }
    try {
      this.call('Initialize', () => this.api!.Initialize(''));
    } catch (error) {
      this.emit('lms-init-failed', 'PLR_LMS_ERROR', (error as Error).message);
      this.xapi?.start();
      return offline;
    }
    this.connected = true;
    const learner: LearnerContext = {
      learnerId: this.get('cmi.learner_id'),
      learnerName: this.get('cmi.learner_name'),
      resumed: this.get('cmi.entry') === 'resume',
    };
    this.completionStatus = this.get('cmi.completion_status');
    if (['unknown', 'not attempted', ''].includes(this.completionStatus)) {
      this.set('cmi.completion_status', 'incomplete');
      this.completionStatus = 'incomplete';
      this.commit();
    }
    this.readInteractions();
    this.xapi?.start();
    return learner;
  }

  /**
   * The answers of earlier sessions of this attempt, from the interactions the LMS kept (SCORM 2004
   * lets the SCO read them), so that the competency objectives count every item, not only today's.
   */
  private readInteractions(): void {
    for (const n of range(toInt(this.get('cmi.interactions._count')))) {
      const prefix = `cmi.interactions.${n}`;
      const result = this.get(`${prefix}.result`);
      if (result !== 'correct' && result !== 'incorrect') continue;
      // Item ids are slugs (no dot): a `.n` suffix is the uniqueInteractionIds index.
      const id = this.get(`${prefix}.id`).replace(/\.\d+$/, '');
      const competencies = range(toInt(this.get(`${prefix}.objectives._count`))).map((j) =>
        this.get(`${prefix}.objectives.${j}.id`),
      );
      if (id) this.scored.set(id, { success: result === 'correct', competencies });
    }
  }

  async loadProgress(): Promise<Progress | null> {
    await this.start();
    if (!this.connected) return null;
    const suspendData = this.get('cmi.suspend_data');
    const location = this.get('cmi.location');
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
      // A bookmark without suspend data (an LMS that keeps only cmi.location): resume there.
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
      const fitted = encodeProgressWithin(progress, SCORM2004_SUSPEND_DATA_MAX);
      if (fitted) encoded = fitted.text;
      else
        this.emit(
          'save-failed',
          'PLR_SUSPEND_DATA_TOO_LONG',
          `encoded progress does not fit the ${SCORM2004_SUSPEND_DATA_MAX} characters of cmi.suspend_data, even without practice answers and visited pages`,
        );
    } catch (error) {
      this.emit('save-failed', 'PLR_PROGRESS_UNENCODABLE', (error as Error).message);
    }
    if (encoded !== null) this.set('cmi.suspend_data', encoded);
    if (progress.location.length <= LOCATION_MAX) this.set('cmi.location', progress.location);
    this.commit();
  }

  recordAnswer(answer: AnswerRecord): void {
    this.xapi?.answered(answer);
    if (!this.connected || this.terminated) return;
    // Practice answers go to the LRS only: cmi.interactions are kept for the scored knowledge check.
    if (answer.practice) return;
    this.scored.set(answer.item.id, { success: answer.success, competencies: answer.item.competencies });
    const n = toInt(this.get('cmi.interactions._count'));
    const prefix = `cmi.interactions.${n}`;
    const interaction = scorm2004Interaction(answer.item, answer.response);
    // RTE 4.2.9: `id` first, then `type` before the elements whose format depends on it.
    this.set(`${prefix}.id`, this.lms.uniqueInteractionIds ? `${answer.item.id}.${n}` : answer.item.id);
    this.set(`${prefix}.type`, interaction.type);
    answer.item.competencies.forEach((competency, j) => this.set(`${prefix}.objectives.${j}.id`, competency));
    this.set(`${prefix}.timestamp`, toScorm2004Time(answer.at));
    interaction.correct.forEach((pattern, j) =>
      this.set(`${prefix}.correct_responses.${j}.pattern`, pattern),
    );
    this.set(`${prefix}.learner_response`, interaction.response);
    this.set(`${prefix}.result`, answer.success ? 'correct' : 'incorrect');
    const description = interactionDescription(answer.item);
    if (description) this.set(`${prefix}.description`, description);
  }

  async complete(result: CompletionResult): Promise<void> {
    this.xapi?.completed(result);
    if (!this.connected || this.terminated) return;
    this.writeObjectives();
    this.set('cmi.score.min', '0');
    this.set('cmi.score.max', '100');
    this.set('cmi.score.raw', String(result.scorePercent));
    this.set('cmi.score.scaled', String(result.scorePercent / 100));
    this.set('cmi.success_status', result.passed ? 'passed' : 'failed');
    this.completionStatus = result.passed || this.lms.completeWhenFailed ? 'completed' : 'incomplete';
    this.set('cmi.completion_status', this.completionStatus);
    this.commit();
  }

  /**
   * One `cmi.objectives.n` per competency assessed by the scored answers: id = competency id,
   * score.scaled = correct / answered items tagged with it, passed at the pass mark. An objective the
   * LMS already holds (from the manifest, or an earlier session) is updated in place.
   */
  private writeObjectives(): void {
    const tally = new Map<string, { correct: number; total: number }>();
    for (const { success, competencies } of this.scored.values())
      for (const competency of competencies) {
        const t = tally.get(competency) ?? { correct: 0, total: 0 };
        t.total += 1;
        if (success) t.correct += 1;
        tally.set(competency, t);
      }
    if (!tally.size) return;
    const count = toInt(this.get('cmi.objectives._count'));
    const ids = range(count).map((n) => this.get(`cmi.objectives.${n}.id`));
    let next = count;
    for (const [id, { correct, total }] of [...tally].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      let n = ids.indexOf(id);
      if (n < 0) {
        n = next;
        next += 1;
        this.set(`cmi.objectives.${n}.id`, id);
      }
      this.set(`cmi.objectives.${n}.score.scaled`, String(Math.round((correct / total) * 10000) / 10000));
      this.set(
        `cmi.objectives.${n}.success_status`,
        correct * 100 >= this.masteryScore * total ? 'passed' : 'failed',
      );
    }
  }

  async terminate(): Promise<void> {
    if (this.terminated || !this.started) return;
    this.terminated = true;
    const sessionMs = this.now().getTime() - this.startedAt;
    if (this.connected) {
      this.set('cmi.session_time', toIsoDuration(sessionMs));
      // Incomplete (left early, or failed with completeWhenFailed false) suspends, so the next launch resumes.
      const finished = this.completionStatus === 'completed';
      this.set('cmi.exit', finished || this.lms.exitWhenIncomplete === 'normal' ? 'normal' : 'suspend');
      this.commit();
      try {
        this.call('Terminate', () => this.api!.Terminate(''));
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
        prefix: '',
        getValue: (e) => api.GetValue(e),
        setValue: (e, v) => api.SetValue(e, v),
        commit: () => api.Commit(''),
        getLastError: () => api.GetLastError(),
        getErrorString: (c) => api.GetErrorString(c),
        getDiagnostic: (c) => api.GetDiagnostic(c),
      },
      (type, code, message) => this.emit(type, code, message),
      [VALUE_NOT_INITIALIZED],
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
