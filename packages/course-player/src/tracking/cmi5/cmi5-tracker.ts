import {
  CMI5,
  DEFAULT_LMS_OPTIONS,
  type CourseBundle,
  type LaunchTarget,
  type Progress,
  type RuntimeConfig,
} from '@course/contracts';
import { toIsoDuration } from '../scorm/cmi-time.js';
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
import { negotiateXapiVersion, XapiDocuments } from '../xapi/documents.js';
import { learnerOf } from '../xapi/launch.js';
import { ProgressState, savedProgress, type PlayerStateDocument } from '../xapi/progress-state.js';
import {
  browserStorage,
  queueKey,
  StatementQueue,
  type QueueStorage,
  type StatementQueueOptions,
} from '../xapi/statement-queue.js';
import { cmi5DefinedStatement, type StatementContext } from '../xapi/statements.js';
import { fetchTransport } from '../xapi/transport.js';
import { XapiRecorder } from '../xapi/xapi-recorder.js';
import { parseCmi5Launch } from './cmi5-launch.js';
import { fetchAuthToken, parseLaunchData, type LaunchData } from './cmi5-lms.js';

export interface Cmi5TrackerOptions {
  bundle: CourseBundle;
  runtime: RuntimeConfig;
  /** `location.search` of the AU's launch URL. */
  search: string;
  events?: TrackerEvents;
  fetch?: typeof fetch;
  /** Where unsent statements survive a reload; default `localStorage` when the browser allows it. */
  storage?: QueueStorage | null;
  /** Follows LMS.LaunchData `returnURL` after termination; default `window.location.assign`. */
  navigate?: (url: string) => void;
  now?: () => Date;
  uuid?: () => string;
  /** Retry timing of the statement queue (tests). */
  queue?: Pick<StatementQueueOptions, 'baseDelayMs' | 'maxDelayMs' | 'setTimer' | 'clearTimer'>;
}

/** cmi5 §11 learner preferences, when the LMS keeps them. */
export interface LearnerPreferences {
  languagePreference?: string;
  audioPreference?: string;
}

interface Session {
  ctx: StatementContext;
  launchData: LaunchData;
  recorder: XapiRecorder;
  state: ProgressState;
  stateDocument: PlayerStateDocument;
}

const OFFLINE: LearnerContext = { learnerId: '', learnerName: '', resumed: false };

/**
 * The cmi5 adapter of the Tracker port: the AU side of cmi5 (Quartz), AICC/CMI-5_Spec_Current
 * `cmi5_spec.md`. On start it reads the launch parameters (§8.1), POSTs the fetch URL once for the
 * session's auth token (§8.2), reads LMS.LaunchData (§10) and the learner preferences (§11), and sends
 * "initialized". Statements go through the durable queue: cmi5 defined ones (initialized, completed,
 * passed/failed, terminated) and cmi5 allowed ones (experienced, answered), all under the LMS's context
 * template. Progress lives in a State document for this AU and registration.
 *
 * Rules kept (§9.3, §10): in Browse and Review launches only initialized and terminated are sent among
 * the cmi5 defined statements; passed/failed are judged against LaunchData `masteryScore` when the LMS
 * gives one (else the package's pass mark); at most one of passed/failed per session, at most one
 * completed and one passed per registration, no failed after passed (the State document remembers
 * what earlier sessions reported); completed when the learner has been through everything, or only
 * once they pass when runtime.json `lms.completeWhenFailed` is false; terminated last, with the session
 * duration; then the window goes to `returnURL` when the LMS gave one.
 */
export class Cmi5Tracker implements Tracker {
  readonly target: LaunchTarget = 'cmi5';
  /** The learner's preferences from the LMS (§11), once started; null when it keeps none. */
  learnerPreferences: LearnerPreferences | null = null;
  private readonly events: TrackerEvents;
  private readonly now: () => Date;
  private readonly doFetch: typeof fetch;
  private started: Promise<LearnerContext> | null = null;
  private session: Session | null = null;
  private terminated = false;
  private judgedThisSession = false;
  private startedAt = 0;
  private progress: Promise<Progress | null> | null = null;

  constructor(private readonly options: Cmi5TrackerOptions) {
    this.events = options.events ?? new TrackerEvents();
    this.now = options.now ?? (() => new Date());
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  on(listener: TrackerListener): () => void {
    return this.events.on(listener);
  }

  /** LMS.LaunchData `launchMode`, once started; null when there is no cmi5 session. */
  get launchMode(): LaunchData['launchMode'] | null {
    return this.session?.launchData.launchMode ?? null;
  }

  start(): Promise<LearnerContext> {
    this.started ??= this.initialize();
    return this.started;
  }

  private async initialize(): Promise<LearnerContext> {
    const { bundle, runtime } = this.options;
    const launch = parseCmi5Launch(this.options.search);
    if (launch.status === 'absent') {
      this.emit(
        'lms-not-found',
        'PLR_CMI5_LAUNCH_INVALID',
        'no cmi5 launch parameters (endpoint, fetch, actor, registration, activityId): the AU was not launched by a cmi5 LMS, nothing is recorded',
      );
      return OFFLINE;
    }
    if (launch.status === 'invalid') {
      this.emit('lms-init-failed', 'PLR_CMI5_LAUNCH_INVALID', launch.problems.join('; '));
      return OFFLINE;
    }
    for (const warning of launch.warnings) this.emit('lms-error', 'PLR_CMI5_LAUNCH_INVALID', warning);
    const { endpoint, fetchUrl, actor, registration, activityId } = launch.launch;

    // The fetch URL is single-use: exactly one POST, whatever happens next (§8.2.1).
    const [token, version] = await Promise.all([
      fetchAuthToken(fetchUrl, this.doFetch),
      negotiateXapiVersion(endpoint, this.doFetch),
    ]);
    if (!token.ok) {
      this.emit('lms-init-failed', 'PLR_CMI5_AUTH_FAILED', token.message);
      return OFFLINE;
    }
    const auth = `Basic ${token.token}`;
    const documents = new XapiDocuments({ endpoint, auth, version, fetch: this.doFetch });
    const state = new ProgressState(documents, { activityId, agent: actor, registration }, (message) =>
      this.emit('save-failed', 'PLR_STATE_FAILED', message),
    );
    const [launchDataResponse, preferences, saved] = await Promise.all([
      documents
        .getState({ activityId, agent: actor, registration, stateId: CMI5.launchDataStateId })
        .catch((error: Error) => error),
      documents.getAgentProfile(actor, CMI5.learnerPreferencesProfileId).catch(() => null),
      state.load(),
    ]);

    if (launchDataResponse instanceof Error || launchDataResponse.status !== 200) {
      const why =
        launchDataResponse instanceof Error
          ? launchDataResponse.message
          : `the LRS answered ${launchDataResponse.status}: ${launchDataResponse.body.slice(0, 300)}`;
      this.emit('lms-init-failed', 'PLR_CMI5_LAUNCH_DATA_INVALID', `reading LMS.LaunchData failed: ${why}`);
      return OFFLINE;
    }
    const parsed = parseLaunchData(launchDataResponse.body);
    if (!parsed.ok) {
      this.emit('lms-init-failed', 'PLR_CMI5_LAUNCH_DATA_INVALID', parsed.message);
      return OFFLINE;
    }
    for (const warning of parsed.warnings) this.emit('lms-error', 'PLR_CMI5_LAUNCH_DATA_INVALID', warning);
    if (parsed.data.contextTemplate.extensions?.[CMI5.sessionIdExtension] === undefined)
      this.emit('lms-error', 'PLR_CMI5_LAUNCH_DATA_INVALID', 'the context template has no session id (§10)');

    if (preferences?.status === 200) {
      try {
        this.learnerPreferences = JSON.parse(preferences.body) as LearnerPreferences;
      } catch {
        // Preferences are optional; an unreadable document is as good as none.
      }
    }
    if (saved.status === 'failed') this.emit('progress-unreadable', 'PLR_STATE_FAILED', saved.message);

    const ctx: StatementContext = {
      actor,
      registration,
      activityId,
      contextTemplate: parsed.data.contextTemplate,
      bundle,
      runtime,
      ...(this.options.uuid ? { uuid: this.options.uuid } : {}),
      now: this.now,
    };
    const queue = new StatementQueue({
      storage: this.options.storage === undefined ? browserStorage() : this.options.storage,
      key: queueKey(`${activityId}|${registration}`, actor),
      transport: fetchTransport({ endpoint, auth, version, fetch: this.doFetch }),
      onDropped: (ids, status, body) =>
        this.emit(
          'statement-dropped',
          'PLR_STATEMENT_REJECTED',
          `the LMS refused statement(s) ${ids.join(', ')} with ${status}: ${body.slice(0, 500)}`,
        ),
      ...this.options.queue,
    });
    const recorder = new XapiRecorder(ctx, queue, this.events);
    this.session = {
      ctx,
      launchData: parsed.data,
      recorder,
      state,
      stateDocument: saved.status === 'ok' ? saved.document : {},
    };
    recorder.open();
    this.startedAt = this.now().getTime();
    recorder.send([cmi5DefinedStatement(ctx, 'initialized')]);
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
    // Browse and Review look around without judgement: nothing of theirs is kept (§10 launchMode).
    if (session.launchData.launchMode !== 'Normal') return;
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
    if (!session || session.launchData.launchMode !== 'Normal') return;
    const { ctx, launchData, recorder, state } = session;
    const lms = this.options.runtime.lms ?? DEFAULT_LMS_OPTIONS;
    // §10 masteryScore: the LMS's value, when it gives one, decides pass or fail.
    const masteryScore = launchData.masteryScore;
    const mastery = masteryScore ?? this.options.runtime.masteryScore / 100;
    const passed = Math.round(result.scorePercent * 100) >= Math.round(mastery * 10_000);
    const durationIso = toIsoDuration(this.now().getTime() - this.startedAt);
    const reported = { ...session.stateDocument.reported };
    const statements = [];
    if (!reported.completed && (passed || lms.completeWhenFailed)) {
      statements.push(cmi5DefinedStatement(ctx, 'completed', { durationIso }));
      reported.completed = true;
    }
    if (!this.judgedThisSession && !reported.passed) {
      statements.push(
        cmi5DefinedStatement(ctx, passed ? 'passed' : 'failed', {
          durationIso,
          scorePercent: result.scorePercent,
          ...(masteryScore !== undefined ? { masteryScore } : {}),
        }),
      );
      this.judgedThisSession = true;
      if (passed) reported.passed = true;
    }
    if (statements.length === 0) return;
    recorder.send(statements);
    if (
      reported.completed !== session.stateDocument.reported?.completed ||
      reported.passed !== session.stateDocument.reported?.passed
    ) {
      session.stateDocument = { ...session.stateDocument, reported };
      await state.write({ reported });
    }
  }

  async terminate(): Promise<void> {
    if (this.terminated || !this.started) return;
    this.terminated = true;
    await this.started;
    const session = this.session;
    if (!session) return;
    const durationIso = toIsoDuration(this.now().getTime() - this.startedAt);
    session.recorder.send([cmi5DefinedStatement(session.ctx, 'terminated', { durationIso })]);
    await Promise.all([session.recorder.close(), session.state.flush()]);
    const returnURL = session.launchData.returnURL;
    if (returnURL) (this.options.navigate ?? ((url) => window.location.assign(url)))(returnURL);
  }

  /** The session, unless there is none or it has ended ("terminated" is the last statement, §9.3.8). */
  private active(): Session | null {
    return this.terminated ? null : this.session;
  }

  private emit(type: TrackerEventType, code: TrackerErrorCode, message: string): void {
    this.events.emit({ type, code, message });
  }
}
