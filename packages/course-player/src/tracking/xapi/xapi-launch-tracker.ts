import {
  DEFAULT_LMS_OPTIONS,
  VERBS,
  type CourseBundle,
  type LaunchTarget,
  type Progress,
  type RuntimeConfig,
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
import { negotiateXapiVersion, XapiDocuments } from './documents.js';
import { learnerOf, parseXapiLaunch } from './launch.js';
import { ProgressState, savedProgress, type PlayerStateDocument } from './progress-state.js';
import {
  browserStorage,
  queueKey,
  StatementQueue,
  type QueueStorage,
  type StatementQueueOptions,
} from './statement-queue.js';
import { resultStatements, type StatementContext } from './statements.js';
import { fetchTransport } from './transport.js';
import { XapiRecorder } from './xapi-recorder.js';

export interface XapiLaunchTrackerOptions {
  bundle: CourseBundle;
  runtime: RuntimeConfig;
  /** `location.search` of the package's launch URL. */
  search: string;
  events?: TrackerEvents;
  fetch?: typeof fetch;
  /** Where unsent statements survive a reload; default `localStorage` when the browser allows it. */
  storage?: QueueStorage | null;
  now?: () => Date;
  uuid?: () => string;
  /** Retry timing of the statement queue (tests). */
  queue?: Pick<StatementQueueOptions, 'baseDelayMs' | 'maxDelayMs' | 'setTimer' | 'clearTimer'>;
}

interface Session {
  ctx: StatementContext;
  recorder: XapiRecorder;
  state: ProgressState;
  stateDocument: PlayerStateDocument;
}

const OFFLINE: LearnerContext = { learnerId: '', learnerName: '', resumed: false };

/**
 * The Tracker for `tincan.xml` packages (runtime target `xapi`): launched by an LMS or LRS with the
 * TinCan launch parameters `endpoint`, `auth`, `actor`, `registration`, `activity_id` (Rustici's launch
 * convention). The learner is the `actor`; statements go through the durable queue with the launch
 * `auth`; progress lives in a State document for the launched activity, the actor and the
 * registration. Completed and passed/failed are sent together when the learner reaches the results;
 * with runtime.json `lms.completeWhenFailed` false, completed waits for a pass.
 */
export class XapiLaunchTracker implements Tracker {
  readonly target: LaunchTarget = 'xapi';
  private readonly events: TrackerEvents;
  private readonly now: () => Date;
  private readonly doFetch: typeof fetch;
  private started: Promise<LearnerContext> | null = null;
  private session: Session | null = null;
  private terminated = false;
  private startedAt = 0;
  private progress: Promise<Progress | null> | null = null;

  constructor(private readonly options: XapiLaunchTrackerOptions) {
    this.events = options.events ?? new TrackerEvents();
    this.now = options.now ?? (() => new Date());
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  on(listener: TrackerListener): () => void {
    return this.events.on(listener);
  }

  start(): Promise<LearnerContext> {
    this.started ??= this.initialize();
    return this.started;
  }

  private async initialize(): Promise<LearnerContext> {
    const { bundle, runtime } = this.options;
    const launch = parseXapiLaunch(this.options.search);
    if (launch.status === 'absent') {
      this.emit(
        'lms-not-found',
        'PLR_XAPI_LAUNCH_INVALID',
        'no xAPI launch parameters (endpoint, auth, actor): the package was not launched by an LMS or LRS, nothing is recorded',
      );
      return OFFLINE;
    }
    if (launch.status === 'invalid') {
      this.emit('lms-init-failed', 'PLR_XAPI_LAUNCH_INVALID', launch.problems.join('; '));
      return OFFLINE;
    }
    for (const warning of launch.warnings)
      this.emit('xapi-launch-invalid', 'PLR_XAPI_LAUNCH_INVALID', warning);
    const { endpoint, auth, actor, registration } = launch.launch;
    const activityId = launch.launch.activityId ?? runtime.activityIri;

    const version = await negotiateXapiVersion(endpoint, this.doFetch);
    const documents = new XapiDocuments({
      endpoint,
      version,
      fetch: this.doFetch,
      ...(auth ? { auth } : {}),
    });
    const state = new ProgressState(
      documents,
      { activityId, agent: actor, ...(registration ? { registration } : {}) },
      (message) => this.emit('save-failed', 'PLR_STATE_FAILED', message),
    );
    const saved = await state.load();
    if (saved.status === 'failed') this.emit('progress-unreadable', 'PLR_STATE_FAILED', saved.message);

    const ctx: StatementContext = {
      actor,
      activityId,
      bundle,
      runtime,
      ...(registration ? { registration } : {}),
      ...(this.options.uuid ? { uuid: this.options.uuid } : {}),
      now: this.now,
    };
    const queue = new StatementQueue({
      storage: this.options.storage === undefined ? browserStorage() : this.options.storage,
      key: queueKey(registration ? `${activityId}|${registration}` : activityId, actor),
      transport: fetchTransport({ endpoint, version, fetch: this.doFetch, ...(auth ? { auth } : {}) }),
      onDropped: (ids, status, body) =>
        this.emit(
          'statement-dropped',
          'PLR_STATEMENT_REJECTED',
          `the LRS refused statement(s) ${ids.join(', ')} with ${status}: ${body.slice(0, 500)}`,
        ),
      ...this.options.queue,
    });
    const recorder = new XapiRecorder(ctx, queue, this.events);
    this.session = { ctx, recorder, state, stateDocument: saved.status === 'ok' ? saved.document : {} };
    this.startedAt = this.now().getTime();
    recorder.start();
    return { ...learnerOf(actor), resumed: typeof this.session.stateDocument.progress === 'string' };
  }

  loadProgress(): Promise<Progress | null> {
    this.progress ??= this.start().then(() => {
      const session = this.session;
      if (!session) return null;
      const progress = savedProgress(session.stateDocument, (message) =>
        this.emit('progress-unreadable', 'PLR_PROGRESS_UNREADABLE', message),
      );
      session.recorder.restored(progress);
      return progress;
    });
    return this.progress;
  }

  async saveProgress(progress: Progress): Promise<void> {
    const session = this.active();
    if (!session) return;
    session.recorder.progressSaved(progress);
    try {
      await session.state.saveProgress(progress);
    } catch (error) {
      this.emit('save-failed', 'PLR_PROGRESS_UNENCODABLE', (error as Error).message);
    }
  }

  recordAnswer(answer: AnswerRecord): void {
    this.active()?.recorder.answered(answer);
  }

  async complete(result: CompletionResult): Promise<void> {
    const session = this.active();
    if (!session) return;
    const lms = this.options.runtime.lms ?? DEFAULT_LMS_OPTIONS;
    const statements = resultStatements(session.ctx, result).filter(
      (s) => s.verb.id !== VERBS.completed.id || result.passed || lms.completeWhenFailed,
    );
    session.recorder.send(statements);
  }

  async terminate(): Promise<void> {
    if (this.terminated || !this.started) return;
    this.terminated = true;
    await this.started;
    const session = this.session;
    if (!session) return;
    await Promise.all([
      session.recorder.terminated(this.now().getTime() - this.startedAt),
      session.state.flush(),
    ]);
  }

  private active(): Session | null {
    return this.terminated ? null : this.session;
  }

  private emit(type: TrackerEventType, code: TrackerErrorCode, message: string): void {
    this.events.emit({ type, code, message });
  }
}
