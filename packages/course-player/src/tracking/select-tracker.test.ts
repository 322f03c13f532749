import { StatementSchema, VERBS, type BundleItem, type Statement } from '@course/contracts';
import { fixtureBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { fakeResponse } from '../../test/http';
import { installLms, removeLms } from '../../test/scorm12-lms';
import { installLms2004, removeLms2004 } from '../../test/scorm2004-lms';
import { Cmi5Tracker } from './cmi5/cmi5-tracker';
import { MemoryTracker } from './memory/memory-tracker';
import { Scorm12Tracker } from './scorm/scorm12-tracker';
import { Scorm2004Tracker } from './scorm/scorm2004-tracker';
import { selectTracker, UnsupportedTargetError } from './select-tracker';
import type { TrackerEvent } from './tracker';
import { XapiLaunchTracker } from './xapi/xapi-launch-tracker';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const q1 = basics.knowledgeCheck.items[0] as BundleItem;
const actor = {
  objectType: 'Agent',
  name: 'Jane',
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
const launchSearch = `?${new URLSearchParams({
  endpoint: 'https://lrs.example.org/xapi/',
  auth: 'Basic d3JpdGVyOnNlY3JldA==',
  actor: JSON.stringify(actor),
  registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
})}`;

let posted: Statement[][];
let fetchMock: jest.Mock;

beforeEach(() => {
  localStorage.clear();
  posted = [];
  fetchMock = jest.fn(async (_url: string, init: RequestInit) => {
    posted.push(JSON.parse(String(init.body)) as Statement[]);
    return fakeResponse(200, '[]');
  });
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
});
afterEach(() => {
  removeLms();
  removeLms2004();
  delete (globalThis as { fetch?: unknown }).fetch;
});

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('selectTracker', () => {
  it('memory → MemoryTracker (preview)', () => {
    expect(
      selectTracker(bundle, fixtureRuntime({ target: 'memory' }), { window, search: '' }),
    ).toBeInstanceOf(MemoryTracker);
  });

  it('scorm12 → Scorm12Tracker on the API it discovers', async () => {
    const api = installLms();
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'scorm12' }), { window, search: '' });
    expect(tracker).toBeInstanceOf(Scorm12Tracker);
    await tracker.start();
    expect(api.isInitialized()).toBe(true);
  });

  it('scorm2004 → Scorm2004Tracker on the API_1484_11 it discovers, judging objectives by the pass mark', async () => {
    const api = installLms2004();
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'scorm2004', masteryScore: 80 }), {
      window,
      search: '',
    });
    expect(tracker).toBeInstanceOf(Scorm2004Tracker);
    await tracker.start();
    expect(api.isInitialized()).toBe(true);
    tracker.recordAnswer({
      module: basics,
      item: q1,
      response: ['b'],
      success: true,
      practice: false,
      at: new Date(),
    });
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(api.GetValue('cmi.objectives.0.id')).toBe('C01');
    expect(api.GetValue('cmi.objectives.0.success_status')).toBe('passed');
  });

  it('cmi5 → Cmi5Tracker on the cmi5 launch parameters', async () => {
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'cmi5' }), { window, search: '' });
    expect(tracker).toBeInstanceOf(Cmi5Tracker);
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    expect(events).toEqual([
      expect.objectContaining({ type: 'lms-not-found', code: 'PLR_CMI5_LAUNCH_INVALID' }),
    ]);
  });

  it('xapi → XapiLaunchTracker on the TinCan launch parameters', async () => {
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'xapi' }), {
      window,
      search: launchSearch,
    });
    expect(tracker).toBeInstanceOf(XapiLaunchTracker);
    await expect(tracker.start()).resolves.toEqual({
      learnerId: 'jane',
      learnerName: 'Jane',
      resumed: false,
    });
  });

  it('UnsupportedTargetError names the target', () => {
    expect(new UnsupportedTargetError('scorm3').message).toBe(
      'this player version cannot run packages built for "scorm3"',
    );
  });

  it('SCORM 1.2 with xapiFromScorm and xAPI launch parameters also sends statements to the LRS', async () => {
    const api = installLms();
    const runtime = fixtureRuntime({ target: 'scorm12', xapiFromScorm: true });
    const tracker = selectTracker(bundle, runtime, { window, search: launchSearch });
    await tracker.start();
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: ['basics/basics-l1'],
      answers: {},
    });
    tracker.recordAnswer({
      module: basics,
      item: q1,
      response: ['b'],
      success: true,
      practice: false,
      at: new Date(),
    });
    await tracker.complete({ scorePercent: 100, passed: true });
    await tracker.terminate();
    await flushPromises();

    expect(api.cmi.core.lesson_status).toBe('passed');
    const statements = posted.flat();
    expect(statements.map((s) => s.verb.id)).toEqual([
      VERBS.initialized.id,
      VERBS.experienced.id,
      VERBS.answered.id,
      VERBS.completed.id,
      VERBS.passed.id,
      VERBS.terminated.id,
    ]);
    for (const s of statements) {
      expect(StatementSchema.safeParse(s).success).toBe(true);
      expect(s.actor).toEqual(actor);
      expect(s.context?.registration).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    }
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://lrs.example.org/xapi/statements');
    expect(init.headers).toMatchObject({
      Authorization: 'Basic d3JpdGVyOnNlY3JldA==',
      'X-Experience-API-Version': '2.0.0',
    });
    expect(localStorage.length).toBe(0);
  });

  it('SCORM 2004 with xapiFromScorm and xAPI launch parameters also sends statements to the LRS', async () => {
    const api = installLms2004();
    const runtime = fixtureRuntime({ target: 'scorm2004', xapiFromScorm: true });
    const tracker = selectTracker(bundle, runtime, { window, search: launchSearch });
    await tracker.start();
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: ['basics/basics-l1'],
      answers: {},
    });
    tracker.recordAnswer({
      module: basics,
      item: q1,
      response: ['b'],
      success: true,
      practice: false,
      at: new Date(),
    });
    await tracker.complete({ scorePercent: 100, passed: true });
    await tracker.terminate();
    await flushPromises();

    expect(api.cmi.completion_status).toBe('completed');
    expect(api.cmi.success_status).toBe('passed');
    const statements = posted.flat();
    expect(statements.map((s) => s.verb.id)).toEqual([
      VERBS.initialized.id,
      VERBS.experienced.id,
      VERBS.answered.id,
      VERBS.completed.id,
      VERBS.passed.id,
      VERBS.terminated.id,
    ]);
    for (const s of statements) {
      expect(StatementSchema.safeParse(s).success).toBe(true);
      expect(s.actor).toEqual(actor);
      expect(s.context?.registration).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    }
    expect(localStorage.length).toBe(0);
  });

  it('sends no statements when runtime.json says xapiFromScorm is false, launch parameters or not', async () => {
    installLms();
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'scorm12', xapiFromScorm: false }), {
      window,
      search: launchSearch,
    });
    await tracker.start();
    tracker.recordAnswer({
      module: basics,
      item: q1,
      response: ['b'],
      success: true,
      practice: false,
      at: new Date(),
    });
    await tracker.terminate();
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('reports unusable launch parameters and keeps SCORM tracking', async () => {
    const api = installLms();
    const tracker = selectTracker(bundle, fixtureRuntime({ target: 'scorm12', xapiFromScorm: true }), {
      window,
      search: '?endpoint=https%3A%2F%2Flrs.example.org%2Fxapi%2F&actor=nonsense',
    });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    expect(api.isInitialized()).toBe(true);
    expect(events).toEqual([
      expect.objectContaining({ type: 'xapi-launch-invalid', code: 'PLR_XAPI_LAUNCH_INVALID' }),
    ]);
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
