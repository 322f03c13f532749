import { decodeProgress, encodeProgress, type Progress } from '@course/contracts';
import type { StateKey, XapiDocuments } from './documents.js';

/**
 * The State document where xAPI and cmi5 launches keep the learner's progress, per activity, agent
 * and registration. `LMS.LaunchData` is the LMS's (cmi5 §10); this one is the player's.
 */
export const PROGRESS_STATE_ID = 'course-player:progress';

/** The player's State document: top-level keys, each written on its own by a POST merge. */
export interface PlayerStateDocument {
  /** The contracts progress codec text, as SCORM keeps it in suspend_data. */
  progress?: string;
  /** Verbs already sent for this registration (cmi5: at most one completed and one passed, §9.3). */
  reported?: { completed?: boolean; passed?: boolean };
}

export type StateLoadResult =
  { status: 'ok'; document: PlayerStateDocument } | { status: 'failed'; message: string };

/**
 * Reads and writes the player's State document. Writes are serialised and coalesced: a write while
 * another is in flight waits, and only the newest value of each key is sent, so an older progress
 * never lands after a newer one. A failed write keeps its keys for the next write or `flush`.
 */
export class ProgressState {
  private pending: Record<string, unknown> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly documents: XapiDocuments,
    private readonly key: Omit<StateKey, 'stateId'>,
    private readonly onError: (message: string) => void,
  ) {}

  async load(): Promise<StateLoadResult> {
    let response;
    try {
      response = await this.documents.getState({ ...this.key, stateId: PROGRESS_STATE_ID });
    } catch (error) {
      return { status: 'failed', message: `reading saved progress failed: ${(error as Error).message}` };
    }
    if (response.status === 404) return { status: 'ok', document: {} };
    if (response.status !== 200)
      return {
        status: 'failed',
        message: `reading saved progress: the LRS answered ${response.status}: ${response.body.slice(0, 300)}`,
      };
    try {
      const json = JSON.parse(response.body) as unknown;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
      return { status: 'ok', document: json as PlayerStateDocument };
    } catch (error) {
      return {
        status: 'failed',
        message: `the saved progress document is not a JSON object (${(error as Error).message})`,
      };
    }
  }

  saveProgress(progress: Progress): Promise<void> {
    return this.write({ progress: encodeProgress(progress) });
  }

  write(fields: PlayerStateDocument): Promise<void> {
    this.pending = { ...this.pending, ...fields };
    return this.flush();
  }

  /** Sends what is pending; resolves when nothing is, or when a write failed. */
  flush(): Promise<void> {
    if (!this.running && !this.pending) return Promise.resolve();
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    await null; // `running` is assigned before the loop can end and clear it
    while (this.pending) {
      const fields = this.pending;
      this.pending = null;
      const problem = await this.post(fields);
      if (problem) {
        // Keys written meanwhile are newer than the failed ones.
        this.pending = { ...fields, ...(this.pending as Record<string, unknown> | null) };
        this.onError(problem);
        break;
      }
    }
    this.running = null;
  }

  private async post(fields: Record<string, unknown>): Promise<string | null> {
    try {
      const response = await this.documents.postState({ ...this.key, stateId: PROGRESS_STATE_ID }, fields);
      if (response.status >= 200 && response.status < 300) return null;
      return `saving progress: the LRS answered ${response.status}: ${response.body.slice(0, 300)}`;
    } catch (error) {
      return `saving progress failed: ${(error as Error).message}`;
    }
  }
}

/** The progress in a State document, or null; throws ProgressDecodeError when it is unreadable. */
export function progressOf(document: PlayerStateDocument): Progress | null {
  if (typeof document.progress !== 'string' || document.progress === '') return null;
  return decodeProgress(document.progress);
}

/**
 * The progress a session starts from (cmi5 and xAPI-launch trackers): unreadable progress is reported
 * through `onUnreadable` and the course starts from the beginning.
 */
export function savedProgress(
  document: PlayerStateDocument,
  onUnreadable: (message: string) => void,
): Progress | null {
  try {
    return progressOf(document);
  } catch (error) {
    onUnreadable(
      `the saved progress is not progress this player can read (${(error as Error).message}); starting from the beginning`,
    );
    return null;
  }
}
