import type { CourseBundle, RuntimeConfig } from '@course/contracts';
import { Cmi5Tracker } from './cmi5/cmi5-tracker.js';
import { shortTextCompactor } from '../course/short-text-verdict.js';
import { MemoryTracker } from './memory/memory-tracker.js';
import { findScorm12Api, findScorm2004Api } from './scorm/find-api.js';
import { Scorm12Tracker } from './scorm/scorm12-tracker.js';
import { Scorm2004Tracker } from './scorm/scorm2004-tracker.js';
import { TrackerEvents } from './tracker-events.js';
import type { Tracker } from './tracker.js';
import { parseXapiLaunch } from './xapi/launch.js';
import { browserStorage, queueKey, StatementQueue } from './xapi/statement-queue.js';
import { fetchTransport } from './xapi/transport.js';
import { XapiLaunchTracker } from './xapi/xapi-launch-tracker.js';
import { XapiRecorder } from './xapi/xapi-recorder.js';

export class UnsupportedTargetError extends Error {
  override name = 'UnsupportedTargetError';
  constructor(readonly target: string) {
    super(`this player version cannot run packages built for "${target}"`);
  }
}

export interface TrackerEnvironment {
  window: Window;
  /** `location.search` of the package's launch URL. */
  search: string;
}

/**
 * The xAPI side of a SCORM launch: only when runtime.json allows it and the LMS passed xAPI launch
 * parameters (ADR 0004: credentials arrive at launch, never inside the zip).
 */
function xapiForScorm(
  bundle: CourseBundle,
  runtime: RuntimeConfig,
  search: string,
  events: TrackerEvents,
): XapiRecorder | null {
  if (!runtime.xapiFromScorm) return null;
  const launch = parseXapiLaunch(search);
  if (launch.status === 'absent') return null;
  if (launch.status === 'invalid') {
    events.emit({
      type: 'xapi-launch-invalid',
      code: 'PLR_XAPI_LAUNCH_INVALID',
      message: `xAPI launch parameters ignored: ${launch.problems.join('; ')}`,
    });
    return null;
  }
  for (const warning of launch.warnings)
    events.emit({ type: 'xapi-launch-invalid', code: 'PLR_XAPI_LAUNCH_INVALID', message: warning });
  const { endpoint, auth, actor, registration } = launch.launch;
  const queue = new StatementQueue({
    storage: browserStorage(),
    key: queueKey(runtime.activityIri, actor),
    transport: fetchTransport({ endpoint, ...(auth ? { auth } : {}) }),
    onDropped: (ids, status, body) =>
      events.emit({
        type: 'statement-dropped',
        code: 'PLR_STATEMENT_REJECTED',
        message: `the LRS refused statement(s) ${ids.join(', ')} with ${status}: ${body.slice(0, 500)}`,
      }),
  });
  return new XapiRecorder(
    { actor, bundle, runtime, ...(registration ? { registration } : {}) },
    queue,
    events,
  );
}

/**
 * runtime.json `target` → Tracker adapter. The player never guesses the target: the builder chose it.
 * @throws UnsupportedTargetError for targets this player version has no adapter for yet.
 */
export function selectTracker(
  bundle: CourseBundle,
  runtime: RuntimeConfig,
  env: TrackerEnvironment,
): Tracker {
  switch (runtime.target) {
    case 'memory':
      return new MemoryTracker();
    case 'scorm12': {
      const events = new TrackerEvents();
      return new Scorm12Tracker({
        api: findScorm12Api(env.window),
        events,
        xapi: xapiForScorm(bundle, runtime, env.search, events),
        lms: runtime.lms,
        compactShortText: shortTextCompactor(bundle),
      });
    }
    case 'scorm2004': {
      const events = new TrackerEvents();
      return new Scorm2004Tracker({
        api: findScorm2004Api(env.window),
        masteryScore: runtime.masteryScore,
        events,
        xapi: xapiForScorm(bundle, runtime, env.search, events),
        lms: runtime.lms,
      });
    }
    case 'cmi5':
      return new Cmi5Tracker({ bundle, runtime, search: env.search });
    case 'xapi':
      return new XapiLaunchTracker({ bundle, runtime, search: env.search });
  }
}
