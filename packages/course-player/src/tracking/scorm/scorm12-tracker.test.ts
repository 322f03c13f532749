import {
  DEFAULT_LMS_OPTIONS,
  decodeProgress,
  encodeProgress,
  SCORM12_SUSPEND_DATA_MAX,
  type BundleItem,
  type LmsOptions,
  type Progress,
} from '@course/contracts';
import { fixtureBundle } from '../../../test/fixtures/fixtures';
import { isCorrect } from '../../course/responses';
import { installLms, removeLms, storedCmi } from '../../../test/scorm12-lms';
import type { AnswerRecord, TrackerEvent } from '../tracker';
import { findScorm12Api } from './find-api';
import type { Scorm12Api } from './scorm12-api';
import { Scorm12Tracker } from './scorm12-tracker';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const [q1, q2] = basics.knowledgeCheck.items as [BundleItem, BundleItem];

function answer(item: BundleItem, choice: string): AnswerRecord {
  return {
    module: basics,
    item,
    response: [choice],
    success: isCorrect(item, [choice]),
    practice: false,
    at: new Date(2026, 0, 5, 9, 30, 15),
  };
}

function trackerFor(now = () => new Date(), lms: LmsOptions = DEFAULT_LMS_OPTIONS) {
  const events: TrackerEvent[] = [];
  const tracker = new Scorm12Tracker({ api: findScorm12Api(window), now, lms });
  tracker.on((e) => events.push(e));
  return { tracker, events };
}

afterEach(removeLms);

describe('Scorm12Tracker against scorm-again', () => {
  it('initializes, reads the learner and turns "not attempted" into "incomplete"', async () => {
    const api = installLms();
    const { tracker, events } = trackerFor();
    await expect(tracker.start()).resolves.toEqual({
      learnerId: 'learner-1',
      learnerName: 'Doe, Jane',
      resumed: false,
    });
    expect(api.isInitialized()).toBe(true);
    expect(api.cmi.core.lesson_status).toBe('incomplete');
    await expect(tracker.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([]);
  });

  it('start is idempotent: one LMSInitialize however often it is called', async () => {
    const api = installLms();
    const init = jest.spyOn(api, 'LMSInitialize');
    const { tracker } = trackerFor();
    await Promise.all([tracker.start(), tracker.start()]);
    await tracker.start();
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('records each answer as cmi.interactions.n and saves progress as suspend_data with a commit', async () => {
    const api = installLms();
    const commit = jest.spyOn(api, 'LMSCommit');
    const { tracker, events } = trackerFor();
    await tracker.start();
    commit.mockClear();

    tracker.recordAnswer(answer(q1, 'b'));
    const afterQ1: Progress = {
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-q1',
      visited: ['basics/basics-l1', 'basics/basics-q1'],
      answers: { 'basics-q1': ['b'] },
    };
    await tracker.saveProgress(afterQ1);
    tracker.recordAnswer(answer(q2, 'b'));
    const afterQ2: Progress = {
      ...afterQ1,
      location: 'basics/basics-q2',
      visited: [...afterQ1.visited, 'basics/basics-q2'],
      answers: { ...afterQ1.answers, 'basics-q2': ['b'] },
    };
    await tracker.saveProgress(afterQ2);

    expect(commit).toHaveBeenCalledTimes(2);
    const cmi = storedCmi(api) as {
      suspend_data: string;
      core: { lesson_location: string };
      interactions: Record<string, unknown>;
    };
    expect(cmi.suspend_data).toBe(encodeProgress(afterQ2));
    expect(decodeProgress(cmi.suspend_data)).toEqual(afterQ2);
    expect(cmi.core.lesson_location).toBe('basics/basics-q2');
    expect(api.LMSGetValue('cmi.interactions._count')).toBe('2');
    expect(cmi.interactions['0']).toMatchObject({
      id: 'basics-q1',
      type: 'choice',
      student_response: 'b',
      result: 'correct',
      time: '09:30:15',
      correct_responses: { '0': { pattern: 'b' } },
      objectives: { '0': { id: 'C01' } },
    });
    expect(cmi.interactions['1']).toMatchObject({
      id: 'basics-q2',
      type: 'choice',
      student_response: 'b',
      result: 'wrong',
      correct_responses: { '0': { pattern: 'a,c' } },
      objectives: { '0': { id: 'C01' } },
    });
    expect(events).toEqual([]);
  });

  it('complete writes the score out of 100 and "passed", then commits', async () => {
    const api = installLms();
    const { tracker } = trackerFor();
    await tracker.start();
    const commit = jest.spyOn(api, 'LMSCommit');
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(api.cmi.core.lesson_status).toBe('passed');
    expect(api.cmi.core.score.raw).toBe('100');
    expect(api.cmi.core.score.min).toBe('0');
    expect(api.cmi.core.score.max).toBe('100');
    expect(commit).toHaveBeenCalledTimes(1);
  });

  it('complete writes "failed" below the pass mark', async () => {
    const api = installLms();
    const { tracker } = trackerFor();
    await tracker.start();
    await tracker.complete({ scorePercent: 50, passed: false });
    expect(api.cmi.core.lesson_status).toBe('failed');
    expect(api.cmi.core.score.raw).toBe('50');
  });

  it('terminate writes session_time as CMITimespan and exit "suspend" while unfinished, then finishes', async () => {
    const api = installLms();
    const set = jest.spyOn(api, 'LMSSetValue');
    const finish = jest.spyOn(api, 'LMSFinish');
    let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
    const { tracker } = trackerFor(() => new Date(clock));
    await tracker.start();
    clock += 3_723_450;
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.core.session_time', '0001:02:03.45');
    expect(set).toHaveBeenCalledWith('cmi.core.exit', 'suspend');
    expect(finish).toHaveBeenCalledTimes(1);
    expect(api.isTerminated()).toBe(true);
    await tracker.terminate();
    expect(finish).toHaveBeenCalledTimes(1);
  });

  it('terminate writes exit "" once the learner passed or failed', async () => {
    const api = installLms();
    const set = jest.spyOn(api, 'LMSSetValue');
    const { tracker } = trackerFor();
    await tracker.start();
    await tracker.complete({ scorePercent: 100, passed: true });
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.core.exit', '');
    expect(set).not.toHaveBeenCalledWith('cmi.core.exit', 'suspend');
  });

  it('two sessions: the second resumes at the saved location with the saved answers', async () => {
    // Session 1: answer the first question, move on to the second, leave.
    const first = installLms({ entry: 'ab-initio' });
    const one = trackerFor();
    await one.tracker.start();
    one.tracker.recordAnswer(answer(q1, 'b'));
    const saved: Progress = {
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-q2',
      visited: ['basics/basics-l1', 'basics/basics-q1', 'basics/basics-q2'],
      answers: { 'basics-q1': ['b'] },
    };
    await one.tracker.saveProgress(saved);
    await one.tracker.terminate();
    const cmi = JSON.parse(JSON.stringify(storedCmi(first)));
    expect(cmi.core.exit).toBe('suspend');

    // Session 2: the LMS restores the CMI and says "resume".
    removeLms();
    const second = installLms({ cmi, entry: 'resume' });
    const two = trackerFor();
    await expect(two.tracker.start()).resolves.toMatchObject({ resumed: true, learnerId: 'learner-1' });
    await expect(two.tracker.loadProgress()).resolves.toEqual(saved);
    expect(second.cmi.core.lesson_status).toBe('incomplete');
    expect(second.LMSGetValue('cmi.interactions._count')).toBe('1');
    expect(two.events).toEqual([]);
  });

  it('drops practice answers from suspend_data when they would not fit, and records no interaction for practice', async () => {
    const api = installLms();
    const { tracker, events } = trackerFor();
    await tracker.start();
    const lessonItem = basics.lessons[0]!.segments.flatMap((s) => (s.kind === 'block' ? [s.block] : [])).find(
      (b) => b.type === 'single-choice',
    ) as BundleItem;
    tracker.recordAnswer({ ...answer(lessonItem, 'a'), practice: true });
    expect(api.LMSGetValue('cmi.interactions._count')).toBe('0');
    const practice = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`basics-practice-number-${i}`, 'x'.repeat(200)]),
    );
    const progress: Progress = {
      v: 2,
      location: 'basics/basics-l1',
      visited: ['basics/basics-l1'],
      answers: { 'basics-q1': ['b'] },
      practice,
      scenarios: { 'basics-sc': ['a', 'b'] },
    };
    await tracker.saveProgress(progress);
    expect(decodeProgress(api.cmi.suspend_data)).toEqual({ ...progress, practice: {} });
    expect(events).toEqual([]);
  });

  it('garbage suspend_data starts fresh and says so', async () => {
    installLms({
      cmi: { suspend_data: 'not|our|format', core: { lesson_location: 'basics/basics-q1' } },
      entry: 'resume',
    });
    const { tracker, events } = trackerFor();
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([
      expect.objectContaining({ type: 'progress-unreadable', code: 'PLR_PROGRESS_UNREADABLE' }),
    ]);
  });

  it('a bookmark without suspend data resumes at lesson_location', async () => {
    installLms({ cmi: { core: { lesson_location: 'basics/basics-q1' } }, entry: 'resume' });
    const { tracker } = trackerFor();
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toEqual({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-q1',
      visited: [],
      answers: {},
    });
  });

  it('refuses progress that does not fit SCORM12_SUSPEND_DATA_MAX even without practice and visited pages, keeps the old suspend_data and still bookmarks', async () => {
    const api = installLms();
    const { tracker, events } = trackerFor();
    await tracker.start();
    const small: Progress = {
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: ['basics/basics-l1'],
      answers: {},
    };
    await tracker.saveProgress(small);
    const answers = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`basics-question-number-${i}`, 'x'.repeat(200)]),
    );
    const huge: Progress = { ...small, location: 'basics/basics-q1', answers };
    expect(encodeProgress(huge).length).toBeGreaterThan(SCORM12_SUSPEND_DATA_MAX);
    await tracker.saveProgress(huge);
    expect(api.cmi.suspend_data).toBe(encodeProgress(small));
    expect(api.cmi.core.lesson_location).toBe('basics/basics-q1');
    expect(events).toEqual([
      expect.objectContaining({ type: 'save-failed', code: 'PLR_SUSPEND_DATA_TOO_LONG' }),
    ]);
  });
});

describe('Scorm12Tracker obeys the LMS-difference options of runtime.json', () => {
  const lms = (o: Partial<LmsOptions>): LmsOptions => ({ ...DEFAULT_LMS_OPTIONS, ...o });

  it('scorm12OnPass "completed" reports a pass as completed, and the attempt is closed', async () => {
    const api = installLms();
    const set = jest.spyOn(api, 'LMSSetValue');
    const { tracker } = trackerFor(undefined, lms({ scorm12OnPass: 'completed' }));
    await tracker.start();
    await tracker.complete({ scorePercent: 90, passed: true });
    expect(api.cmi.core.lesson_status).toBe('completed');
    expect(api.cmi.core.score.raw).toBe('90');
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.core.exit', '');
  });

  it('scorm12OnFail "incomplete" reports a fail as incomplete and suspends, so the retry resumes', async () => {
    const api = installLms();
    const set = jest.spyOn(api, 'LMSSetValue');
    const { tracker } = trackerFor(undefined, lms({ scorm12OnFail: 'incomplete' }));
    await tracker.start();
    await tracker.complete({ scorePercent: 40, passed: false });
    expect(api.cmi.core.lesson_status).toBe('incomplete');
    expect(api.cmi.core.score.raw).toBe('40');
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.core.exit', 'suspend');
  });

  it('exitWhenIncomplete "normal" leaves early with exit "" instead of "suspend"', async () => {
    const api = installLms();
    const set = jest.spyOn(api, 'LMSSetValue');
    const { tracker } = trackerFor(undefined, lms({ exitWhenIncomplete: 'normal' }));
    await tracker.start();
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.core.exit', '');
    expect(set).not.toHaveBeenCalledWith('cmi.core.exit', 'suspend');
  });

  it('uniqueInteractionIds suffixes each interaction id with its index', async () => {
    const api = installLms();
    const { tracker } = trackerFor(undefined, lms({ uniqueInteractionIds: true }));
    await tracker.start();
    tracker.recordAnswer(answer(q1, 'a'));
    tracker.recordAnswer(answer(q1, 'b'));
    tracker.recordAnswer(answer(q2, 'a'));
    const ids = (storedCmi(api).interactions as Record<string, { id: string }>) ?? {};
    expect(Object.values(ids).map((i) => i.id)).toEqual([`${q1.id}.0`, `${q1.id}.1`, `${q2.id}.2`]);
  });
});

describe('Scorm12Tracker judges LMS calls by LMSGetLastError', () => {
  function fakeApi(overrides: Partial<Scorm12Api> = {}): Scorm12Api & { lastError: string } {
    const values: Record<string, string> = {
      'cmi.core.lesson_status': 'incomplete',
      'cmi.interactions._count': '0',
    };
    const api: Scorm12Api & { lastError: string } = {
      lastError: '0',
      LMSInitialize: () => 'true',
      LMSFinish: () => 'true',
      LMSGetValue: (el: string) => values[el] ?? '',
      LMSSetValue: (el: string, v: string) => {
        values[el] = v;
        return 'true';
      },
      LMSCommit: () => 'true',
      LMSGetLastError: () => api.lastError,
      LMSGetErrorString: (code: string) => `error ${code}`,
      LMSGetDiagnostic: () => 'diagnostic',
      ...overrides,
    };
    return api;
  }

  it('a commit that returns "true" but leaves error 101 is a failed save', async () => {
    const api = fakeApi();
    api.LMSCommit = () => {
      api.lastError = '101';
      return 'true';
    };
    const tracker = new Scorm12Tracker({ api });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    events.length = 0;
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: [],
      answers: {},
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'save-failed',
        code: 'PLR_COMMIT_FAILED',
        message: expect.stringContaining('101'),
      }),
    ]);
  });

  it('a set that returns "false" with error 0 is a success', async () => {
    const api = fakeApi({ LMSSetValue: () => 'false', LMSCommit: () => 'false' });
    const tracker = new Scorm12Tracker({ api });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: [],
      answers: {},
    });
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(events).toEqual([]);
  });

  it('a refused LMSInitialize leaves the course running without the LMS', async () => {
    const api = fakeApi();
    api.LMSInitialize = () => {
      api.lastError = '101';
      return 'false';
    };
    const setValue = jest.spyOn(api, 'LMSSetValue');
    const tracker = new Scorm12Tracker({ api });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await expect(tracker.start()).resolves.toEqual({ learnerId: '', learnerName: '', resumed: false });
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: [],
      answers: {},
    });
    expect(setValue).not.toHaveBeenCalled();
    expect(events.map((e) => e.type)).toEqual(['lms-init-failed']);
  });

  it('no API at all: "lms-not-found", and every later call is a quiet no-op', async () => {
    const tracker = new Scorm12Tracker({ api: null });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toBeNull();
    await tracker.saveProgress({
      v: 2,
      practice: {},
      scenarios: {},
      location: 'basics/basics-l1',
      visited: [],
      answers: {},
    });
    tracker.recordAnswer(answer(q1, 'b'));
    await tracker.complete({ scorePercent: 100, passed: true });
    await tracker.terminate();
    expect(events).toEqual([expect.objectContaining({ type: 'lms-not-found', code: 'PLR_LMS_NOT_FOUND' })]);
  });
});
