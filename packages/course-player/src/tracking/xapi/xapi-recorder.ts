import { StatementSchema, type CourseBundle, type Progress, type Statement } from '@course/contracts';
import { toIsoDuration } from '../scorm/cmi-time.js';
import type { TrackerEvents } from '../tracker-events.js';
import type { AnswerRecord, CompletionResult } from '../tracker.js';
import {
  answeredStatement,
  experiencedStatement,
  initializedStatement,
  resultStatements,
  terminatedStatement,
  type StatementContext,
} from './statements.js';
import type { StatementQueue } from './statement-queue.js';

/**
 * Turns tracker calls into statements and hands them to the queue. Used by the SCORM tracker when
 * the package was launched with xAPI launch parameters, by the xAPI launch tracker, and by the cmi5
 * tracker for its "cmi5 allowed" statements (it builds and `send`s its cmi5 defined ones itself).
 */
export class XapiRecorder {
  private readonly experienced = new Set<string>();

  constructor(
    private readonly ctx: StatementContext & { bundle: CourseBundle },
    private readonly queue: StatementQueue,
    private readonly events: TrackerEvents,
  ) {}

  /** Sends what earlier pages left, then `initialized`. */
  start(): void {
    this.open();
    this.send([initializedStatement(this.ctx)]);
  }

  /** Sends what earlier pages left, and nothing else. */
  open(): void {
    void this.queue.start();
  }

  /** Lessons already seen in earlier sessions do not get a second `experienced`. */
  restored(progress: Progress | null): void {
    progress?.visited.forEach((page) => this.experienced.add(page));
  }

  /** `experienced` for every lesson or case-study page visited for the first time. */
  progressSaved(progress: Progress): void {
    const statements: Statement[] = [];
    for (const page of progress.visited) {
      if (this.experienced.has(page)) continue;
      const [moduleId, pageId] = page.split('/');
      const module = this.ctx.bundle.modules.find((m) => m.id === moduleId);
      const lesson =
        module?.lessons.find((l) => l.id === pageId) ??
        (module && module.caseStudy?.id === pageId ? module.caseStudy : undefined);
      if (!module || !lesson) continue;
      this.experienced.add(page);
      statements.push(experiencedStatement(this.ctx, module, lesson));
    }
    if (statements.length) this.send(statements);
  }

  answered(answer: AnswerRecord): void {
    this.send([answeredStatement(this.ctx, answer)]);
  }

  completed(result: CompletionResult): void {
    this.send(resultStatements(this.ctx, result));
  }

  /** `terminated`, then one last flush (sent with keepalive, so it survives the page). */
  async terminated(durationMs: number): Promise<void> {
    this.send([terminatedStatement(this.ctx, toIsoDuration(durationMs))]);
    await this.close();
  }

  /** One last flush, then the queue stops retrying. */
  async close(): Promise<void> {
    await this.queue.flush();
    this.queue.stop();
  }

  /** Checks statements against StatementSchema and queues the valid ones; reports the others. */
  send(statements: Statement[]): void {
    const valid = statements.filter((s) => {
      const check = StatementSchema.safeParse(s);
      if (!check.success)
        this.events.emit({
          type: 'statement-dropped',
          code: 'PLR_STATEMENT_INVALID',
          message: `statement ${s.id} (${s.verb.id}) fails the statement schema: ${check.error.issues
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        });
      return check.success;
    });
    if (valid.length) void this.queue.enqueue(valid);
  }
}
