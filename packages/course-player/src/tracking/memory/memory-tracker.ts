import type { LaunchTarget, Progress } from '@course/contracts';
import { TrackerEvents } from '../tracker-events.js';
import type { AnswerRecord, CompletionResult, LearnerContext, Tracker, TrackerListener } from '../tracker.js';

/** Progress is plain JSON; a deep copy keeps the caller's object and the stored one apart. */
const copy = (progress: Progress): Progress => JSON.parse(JSON.stringify(progress)) as Progress;

export interface MemoryTrackerOptions {
  /** Progress an earlier "session" left, to preview or test resume. */
  progress?: Progress | null;
  learner?: { id: string; name: string };
}

/**
 * The preview tracker: keeps everything in memory (Adapt's temporaryStore) and exposes it for
 * inspection. Nothing survives a reload.
 */
export class MemoryTracker implements Tracker {
  readonly target: LaunchTarget = 'memory';
  progress: Progress | null;
  readonly answers: AnswerRecord[] = [];
  completion: CompletionResult | null = null;
  saves = 0;
  terminated = false;
  private readonly events = new TrackerEvents();
  private readonly learner: { id: string; name: string };
  private started: Promise<LearnerContext> | null = null;

  constructor(options: MemoryTrackerOptions = {}) {
    this.progress = options.progress ?? null;
    this.learner = options.learner ?? { id: 'preview', name: 'Preview' };
  }

  start(): Promise<LearnerContext> {
    this.started ??= Promise.resolve({
      learnerId: this.learner.id,
      learnerName: this.learner.name,
      resumed: this.progress !== null,
    });
    return this.started;
  }

  async loadProgress(): Promise<Progress | null> {
    return this.progress ? copy(this.progress) : null;
  }

  async saveProgress(progress: Progress): Promise<void> {
    this.progress = copy(progress);
    this.saves += 1;
  }

  recordAnswer(answer: AnswerRecord): void {
    this.answers.push(answer);
  }

  async complete(result: CompletionResult): Promise<void> {
    this.completion = { ...result };
  }

  async terminate(): Promise<void> {
    this.terminated = true;
  }

  on(listener: TrackerListener): () => void {
    return this.events.on(listener);
  }
}
