import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the preview LMS keeps per package and learner: the CMI data of the last commit. */
export interface Attempt {
  registration: string;
  cmi?: Record<string, unknown>;
  commits: number;
  updated: string;
}

/** Attempts in memory, optionally mirrored to JSON files so that resume survives a restart. */
export class AttemptStore {
  private readonly attempts = new Map<string, Attempt>();
  constructor(private readonly dir: string | null) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  private file(key: string) {
    return join(this.dir!, `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  }

  get(key: string): Attempt | undefined {
    if (!this.attempts.has(key) && this.dir && existsSync(this.file(key))) {
      this.attempts.set(key, JSON.parse(readFileSync(this.file(key), 'utf8')) as Attempt);
    }
    return this.attempts.get(key);
  }

  put(key: string, attempt: Attempt): void {
    this.attempts.set(key, attempt);
    if (this.dir) {
      const tmp = `${this.file(key)}.tmp`;
      writeFileSync(tmp, JSON.stringify(attempt));
      renameSync(tmp, this.file(key));
    }
  }

  delete(key: string): void {
    this.attempts.delete(key);
    if (this.dir) rmSync(this.file(key), { force: true });
  }
}
