import type { TrackerErrorCode, TrackerEventType } from '../tracker.js';

export class LmsCallError extends Error {
  override name = 'LmsCallError';
  constructor(
    readonly operation: string,
    readonly lmsCode: string,
    detail: string,
  ) {
    super(`${operation} failed with LMS error ${lmsCode}: ${detail}`);
  }
}

/** The calls SCORM 1.2 (`LMSGetValue` …) and SCORM 2004 (`GetValue` …) share, under their own names. */
export interface ScormCalls {
  /** Prefix of the API's method names in messages: "LMS" for SCORM 1.2, "" for SCORM 2004. */
  prefix: string;
  getValue(element: string): string;
  setValue(element: string, value: string): string;
  commit(): string;
  getLastError(): string;
  getErrorString(code: string): string;
  getDiagnostic(code: string): string;
}

type Emit = (type: TrackerEventType, code: TrackerErrorCode, message: string) => void;

/**
 * Every call judged by GetLastError, never by its return value: LMSs return "false" for calls that
 * worked and "true" for ones that did not. Failures become tracker events, never exceptions, except
 * from `call` itself (for Initialize, whose failure the tracker handles).
 */
export class LmsCalls {
  constructor(
    private readonly api: ScormCalls,
    private readonly emit: Emit,
    /** Error codes a GetValue may answer without it being worth an event (SCORM 2004: 403, not initialised). */
    private readonly quietGetCodes: readonly string[] = [],
  ) {}

  /** Runs one API call and throws LmsCallError when GetLastError reports an error. */
  call(operation: string, run: () => string): string {
    const value = run();
    const code = String(this.api.getLastError() ?? '0');
    if (code !== '0' && code !== '') {
      let detail = '';
      try {
        detail = [this.api.getErrorString(code), this.api.getDiagnostic(code)].filter(Boolean).join(' — ');
      } catch {
        detail = 'no detail';
      }
      throw new LmsCallError(operation, code, detail);
    }
    return value;
  }

  get(element: string): string {
    try {
      return String(
        this.call(`${this.api.prefix}GetValue(${element})`, () => this.api.getValue(element)) ?? '',
      );
    } catch (error) {
      if (!(error instanceof LmsCallError && this.quietGetCodes.includes(error.lmsCode)))
        this.emit('lms-error', 'PLR_LMS_ERROR', (error as Error).message);
      return '';
    }
  }

  set(element: string, value: string): void {
    try {
      this.call(`${this.api.prefix}SetValue(${element})`, () => this.api.setValue(element, value));
    } catch (error) {
      this.emit('save-failed', 'PLR_COMMIT_FAILED', (error as Error).message);
    }
  }

  commit(): void {
    try {
      this.call(`${this.api.prefix}Commit`, () => this.api.commit());
    } catch (error) {
      this.emit('save-failed', 'PLR_COMMIT_FAILED', (error as Error).message);
    }
  }
}
