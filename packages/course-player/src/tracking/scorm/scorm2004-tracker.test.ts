import {
  DEFAULT_LMS_OPTIONS,
  decodeProgress,
  encodeProgress,
  SCORM2004_SUSPEND_DATA_MAX,
  type BundleItem,
  type LmsOptions,
  type Progress,
  type Response,
} from '@course/contracts';
import { fixtureBundle } from '../../../test/fixtures/fixtures';
import { isCorrect } from '../../course/responses';
import { installLms2004, removeLms2004, storedCmi2004 } from '../../../test/scorm2004-lms';
import type { AnswerRecord, TrackerEvent } from '../tracker';
import { findScorm2004Api } from './find-api';
import type { Scorm2004Api } from './scorm2004-api';
import { Scorm2004Tracker } from './scorm2004-tracker';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const items = basics.knowledgeCheck.items;
const item = (id: string) => items.find((i) => i.id === `basics-${id}`)!;
const [q1, q2] = [item('q1'), item('q2')];

function answer(target: BundleItem, response: Response, at = new Date(Date.UTC(2026, 0, 5, 9, 30, 15))) {
  const record: AnswerRecord = {
    module: basics,
    item: target,
    response,
    success: isCorrect(target, response),
    practice: false,
    at,
  };
  return record;
}

/** The right response to any item, as the player would hold it. */
function rightResponse(target: BundleItem): Response {
  switch (target.type) {
    case 'single-choice':
      return [target.correct];
    case 'multiple-response':
      return target.correct;
    case 'true-false':
      return target.correct;
    case 'matching':
      return Object.fromEntries(target.pairs.map((p) => [p.id, p.id]));
    case 'ordering':
      return target.steps.map((s) => s.id);
    case 'categorising':
      return Object.fromEntries(target.entries.map((e) => [e.id, e.category]));
    case 'short-text':
      return target.accepted[0]!;
    case 'numeric':
      return target.answer;
  }
}

const progressAt = (location: string, p: Partial<Progress> = {}): Progress => ({
  v: 2,
  practice: {},
  scenarios: {},
  location,
  visited: [],
  answers: {},
  ...p,
});

function trackerFor(now = () => new Date(), lms: LmsOptions = DEFAULT_LMS_OPTIONS, masteryScore = 80) {
  const events: TrackerEvent[] = [];
  const tracker = new Scorm2004Tracker({ api: findScorm2004Api(window), now, lms, masteryScore });
  tracker.on((e) => events.push(e));
  return { tracker, events };
}

interface StoredInteraction {
  id: string;
  type: string;
  learner_response: string;
  result: string;
  timestamp: string;
  description: string;
  correct_responses: Record<string, { pattern: string }>;
  objectives: Record<string, { id: string }>;
}
interface StoredObjective {
  id: string;
  success_status: string;
  score: { scaled: string };
}
const interactionsOf = (api: Parameters<typeof storedCmi2004>[0]) =>
  Object.values(storedCmi2004(api).interactions as Record<string, StoredInteraction>);
const objectivesOf = (api: Parameters<typeof storedCmi2004>[0]) =>
  Object.values(storedCmi2004(api).objectives as Record<string, StoredObjective>).filter((o) => o.id);

afterEach(removeLms2004);

describe('Scorm2004Tracker against scorm-again', () => {
  it('initializes, reads the learner and turns completion "unknown" into "incomplete"', async () => {
    const api = installLms2004();
    const { tracker, events } = trackerFor();
    await expect(tracker.start()).resolves.toEqual({
      learnerId: 'learner-1',
      learnerName: 'Doe, Jane',
      resumed: false,
    });
    expect(api.isInitialized()).toBe(true);
    expect(api.cmi.completion_status).toBe('incomplete');
    expect(api.cmi.success_status).toBe('unknown');
    await expect(tracker.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([]);
  });

  it('start is idempotent: one Initialize however often it is called', async () => {
    const api = installLms2004();
    const init = jest.spyOn(api, 'Initialize');
    const { tracker } = trackerFor();
    await Promise.all([tracker.start(), tracker.start()]);
    await tracker.start();
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('records every item type as a SCORM 2004 interaction and saves progress as suspend_data with a commit', async () => {
    const api = installLms2004();
    const commit = jest.spyOn(api, 'Commit');
    const { tracker, events } = trackerFor();
    await tracker.start();
    commit.mockClear();

    const responses: Array<[BundleItem, Response]> = [
      [item('q1'), ['b']],
      [item('q2'), ['a', 'b']],
      [item('q3'), false],
      [item('q4'), { untoc: 'untoc', som: 'tip', tip: 'som' }],
      [item('q5'), ['recruit', 'transport', 'entry']],
      [item('q6'), { border: 'smuggling', exploit: 'trafficking', consent: 'smuggling' }],
      [item('q7'), 'art. 5'],
      [item('q8'), 2001],
    ];
    for (const [target, response] of responses) tracker.recordAnswer(answer(target, response));
    const progress = progressAt('basics/basics-q8', {
      visited: ['basics/basics-l1', 'basics/basics-q1'],
      answers: Object.fromEntries(responses.map(([target, response]) => [target.id, response])),
    });
    await tracker.saveProgress(progress);

    expect(commit).toHaveBeenCalledTimes(1);
    expect(api.cmi.suspend_data).toBe(encodeProgress(progress));
    expect(api.cmi.location).toBe('basics/basics-q8');
    expect(api.GetValue('cmi.interactions._count')).toBe('8');
    const stored = interactionsOf(api);
    expect(stored.map((i) => [i.id, i.type, i.learner_response, i.result])).toEqual([
      ['basics-q1', 'choice', 'b', 'correct'],
      ['basics-q2', 'choice', 'a[,]b', 'incorrect'],
      ['basics-q3', 'true-false', 'false', 'correct'],
      ['basics-q4', 'matching', 'untoc[.]untoc[,]som[.]tip[,]tip[.]som', 'incorrect'],
      ['basics-q5', 'sequencing', 'recruit[,]transport[,]entry', 'correct'],
      [
        'basics-q6',
        'matching',
        'border[.]smuggling[,]exploit[.]trafficking[,]consent[.]smuggling',
        'correct',
      ],
      ['basics-q7', 'fill-in', 'art. 5', 'correct'],
      ['basics-q8', 'numeric', '2001', 'incorrect'],
    ]);
    expect(stored.map((i) => Object.values(i.correct_responses).map((c) => c.pattern))).toEqual([
      ['b'],
      ['a[,]c'],
      ['false'],
      ['untoc[.]untoc[,]som[.]som[,]tip[.]tip'],
      ['recruit[,]transport[,]entry'],
      ['border[.]smuggling[,]exploit[.]trafficking[,]consent[.]smuggling'],
      ['Article 5', 'Art. 5'],
      ['2000[:]2000'],
    ]);
    expect(stored[2]!.objectives).toEqual({ '0': { id: 'C01' }, '1': { id: 'C02' } });
    expect(stored[0]).toMatchObject({
      timestamp: '2026-01-05T09:30:15.00Z',
      description: 'Which element separates smuggling from humanitarian help?',
      objectives: { '0': { id: 'C01' } },
    });
    expect(events).toEqual([]);
  });

  it('complete writes scaled, raw, min and max, "passed" and "completed", one objective per competency, then commits', async () => {
    const api = installLms2004();
    const { tracker, events } = trackerFor();
    await tracker.start();
    for (const target of items) tracker.recordAnswer(answer(target, rightResponse(target)));
    const commit = jest.spyOn(api, 'Commit');
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(api.cmi.score.scaled).toBe('1');
    expect(api.cmi.score.raw).toBe('100');
    expect(api.cmi.score.min).toBe('0');
    expect(api.cmi.score.max).toBe('100');
    expect(api.cmi.success_status).toBe('passed');
    expect(api.cmi.completion_status).toBe('completed');
    expect(commit).toHaveBeenCalledTimes(1);
    expect(objectivesOf(api)).toEqual([
      expect.objectContaining({
        id: 'C01',
        success_status: 'passed',
        score: expect.objectContaining({ scaled: '1' }),
      }),
      expect.objectContaining({
        id: 'C02',
        success_status: 'passed',
        score: expect.objectContaining({ scaled: '1' }),
      }),
    ]);
    expect(events).toEqual([]);
  });

  it('complete below the pass mark writes "failed" and, by default, "completed" (everything was seen)', async () => {
    const api = installLms2004();
    const { tracker } = trackerFor();
    await tracker.start();
    await tracker.complete({ scorePercent: 50, passed: false });
    expect(api.cmi.success_status).toBe('failed');
    expect(api.cmi.completion_status).toBe('completed');
    expect(api.cmi.score.scaled).toBe('0.5');
    expect(api.cmi.score.raw).toBe('50');
  });

  it('each competency objective is judged on its own items against the pass mark', async () => {
    const api = installLms2004();
    const { tracker } = trackerFor(undefined, DEFAULT_LMS_OPTIONS, 80);
    await tracker.start();
    // C01: 6 of its 7 items right (0.8571, passed); C02: q3 right, q6 wrong (0.5, failed).
    const wrong: Record<string, Response> = {
      'basics-q6': { border: 'trafficking', exploit: 'trafficking', consent: 'smuggling' },
      'basics-q8': 1999,
    };
    for (const target of items)
      tracker.recordAnswer(answer(target, wrong[target.id] ?? rightResponse(target)));
    await tracker.complete({ scorePercent: 75, passed: false });
    expect(objectivesOf(api).map((o) => [o.id, o.score.scaled, o.success_status])).toEqual([
      ['C01', '0.8571', 'passed'],
      ['C02', '0.5', 'failed'],
    ]);
  });

  it('updates objectives the LMS already holds (from the manifest or an earlier session) in place', async () => {
    const api = installLms2004({
      cmi: {
        objectives: {
          '0': { id: 'PRIMARY-basics' },
          '1': { id: 'C02', success_status: 'failed', score: { scaled: '0' } },
        },
      },
    });
    const { tracker, events } = trackerFor();
    await tracker.start();
    for (const target of items) tracker.recordAnswer(answer(target, rightResponse(target)));
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(objectivesOf(api).map((o) => [o.id, o.score.scaled, o.success_status])).toEqual([
      ['PRIMARY-basics', '', 'unknown'],
      ['C02', '1', 'passed'],
      ['C01', '1', 'passed'],
    ]);
    expect(events).toEqual([]);
  });

  it('terminate writes session_time as an ISO 8601 duration and exit "suspend" while unfinished, then terminates', async () => {
    const api = installLms2004();
    const set = jest.spyOn(api, 'SetValue');
    const terminate = jest.spyOn(api, 'Terminate');
    let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
    const { tracker } = trackerFor(() => new Date(clock));
    await tracker.start();
    clock += 3_723_450;
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.session_time', 'PT1H2M3.45S');
    expect(set).toHaveBeenCalledWith('cmi.exit', 'suspend');
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(api.isTerminated()).toBe(true);
    await tracker.terminate();
    expect(terminate).toHaveBeenCalledTimes(1);
  });

  it('terminate writes exit "normal" once the content is completed, passed or failed', async () => {
    for (const passed of [true, false]) {
      const api = installLms2004();
      const set = jest.spyOn(api, 'SetValue');
      const { tracker } = trackerFor();
      await tracker.start();
      await tracker.complete({ scorePercent: passed ? 100 : 40, passed });
      await tracker.terminate();
      expect(set).toHaveBeenCalledWith('cmi.exit', 'normal');
      expect(set).not.toHaveBeenCalledWith('cmi.exit', 'suspend');
      removeLms2004();
    }
  });

  it('two sessions: the second resumes at the saved location, and the objectives count both sessions’ answers', async () => {
    // Session 1: answer the first two questions, move on to the third, leave.
    const first = installLms2004({ entry: 'ab-initio' });
    const one = trackerFor();
    await one.tracker.start();
    one.tracker.recordAnswer(answer(q1, ['b']));
    one.tracker.recordAnswer(answer(q2, ['a']));
    const saved = progressAt('basics/basics-q3', {
      visited: ['basics/basics-l1', 'basics/basics-q1', 'basics/basics-q2', 'basics/basics-q3'],
      answers: { 'basics-q1': ['b'], 'basics-q2': ['a'] },
    });
    await one.tracker.saveProgress(saved);
    await one.tracker.terminate();
    const cmi = JSON.parse(JSON.stringify(storedCmi2004(first)));
    expect(cmi.exit).toBe('suspend');

    // Session 2: the LMS restores the CMI and says "resume".
    removeLms2004();
    const second = installLms2004({ cmi, entry: 'resume' });
    const two = trackerFor();
    await expect(two.tracker.start()).resolves.toMatchObject({ resumed: true, learnerId: 'learner-1' });
    await expect(two.tracker.loadProgress()).resolves.toEqual(saved);
    expect(second.cmi.completion_status).toBe('incomplete');
    expect(second.GetValue('cmi.interactions._count')).toBe('2');
    for (const target of items.slice(2)) two.tracker.recordAnswer(answer(target, rightResponse(target)));
    await two.tracker.complete({ scorePercent: 88, passed: true });
    // C01 counts q1 (right) and q2 (wrong) from session 1: 6 of 7.
    expect(objectivesOf(second).map((o) => [o.id, o.score.scaled])).toEqual([
      ['C01', '0.8571'],
      ['C02', '1'],
    ]);
    expect(second.GetValue('cmi.interactions._count')).toBe(String(items.length));
    expect(two.events).toEqual([]);
  });

  it('keeps practice answers in suspend_data (64000 characters), and records no interaction for practice', async () => {
    const api = installLms2004();
    const { tracker, events } = trackerFor();
    await tracker.start();
    const lessonItem = basics.lessons[0]!.segments.flatMap((s) => (s.kind === 'block' ? [s.block] : [])).find(
      (b) => b.type === 'single-choice',
    ) as BundleItem;
    tracker.recordAnswer({ ...answer(lessonItem, ['a']), practice: true });
    expect(api.GetValue('cmi.interactions._count')).toBe('0');
    const practice = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`basics-practice-number-${i}`, 'x'.repeat(200)]),
    );
    const progress = progressAt('basics/basics-l1', {
      visited: ['basics/basics-l1'],
      answers: { 'basics-q1': ['b'] },
      practice,
      scenarios: { 'basics-sc': ['a', 'b'] },
    });
    expect(encodeProgress(progress).length).toBeGreaterThan(4096);
    await tracker.saveProgress(progress);
    expect(decodeProgress(api.cmi.suspend_data)).toEqual(progress);
    expect(events).toEqual([]);
  });

  it('refuses progress that does not fit SCORM2004_SUSPEND_DATA_MAX even without practice and visited pages, keeps the old suspend_data and still bookmarks', async () => {
    const api = installLms2004();
    const { tracker, events } = trackerFor();
    await tracker.start();
    const small = progressAt('basics/basics-l1', { visited: ['basics/basics-l1'] });
    await tracker.saveProgress(small);
    const answers = Object.fromEntries(
      Array.from({ length: 330 }, (_, i) => [`basics-question-number-${i}`, 'x'.repeat(200)]),
    );
    const huge: Progress = { ...small, location: 'basics/basics-q1', answers };
    expect(encodeProgress(huge).length).toBeGreaterThan(SCORM2004_SUSPEND_DATA_MAX);
    await tracker.saveProgress(huge);
    expect(api.cmi.suspend_data).toBe(encodeProgress(small));
    expect(api.cmi.location).toBe('basics/basics-q1');
    expect(events).toEqual([
      expect.objectContaining({ type: 'save-failed', code: 'PLR_SUSPEND_DATA_TOO_LONG' }),
    ]);
  });

  it('garbage suspend_data starts fresh and says so', async () => {
    installLms2004({
      cmi: { suspend_data: 'not|our|format', location: 'basics/basics-q1' },
      entry: 'resume',
    });
    const { tracker, events } = trackerFor();
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toBeNull();
    expect(events).toEqual([
      expect.objectContaining({ type: 'progress-unreadable', code: 'PLR_PROGRESS_UNREADABLE' }),
    ]);
  });

  it('a bookmark without suspend data resumes at cmi.location', async () => {
    installLms2004({ cmi: { location: 'basics/basics-q1' }, entry: 'resume' });
    const { tracker } = trackerFor();
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toEqual(progressAt('basics/basics-q1'));
  });
});

describe('Scorm2004Tracker obeys the LMS-difference options of runtime.json', () => {
  const lms = (o: Partial<LmsOptions>): LmsOptions => ({ ...DEFAULT_LMS_OPTIONS, ...o });

  it('completeWhenFailed false keeps a fail "incomplete" and suspends, so the retry resumes', async () => {
    const api = installLms2004();
    const set = jest.spyOn(api, 'SetValue');
    const { tracker } = trackerFor(undefined, lms({ completeWhenFailed: false }));
    await tracker.start();
    await tracker.complete({ scorePercent: 40, passed: false });
    expect(api.cmi.completion_status).toBe('incomplete');
    expect(api.cmi.success_status).toBe('failed');
    expect(api.cmi.score.scaled).toBe('0.4');
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.exit', 'suspend');
  });

  it('completeWhenFailed false still reports a pass as "completed"', async () => {
    const api = installLms2004();
    const { tracker } = trackerFor(undefined, lms({ completeWhenFailed: false }));
    await tracker.start();
    await tracker.complete({ scorePercent: 90, passed: true });
    expect(api.cmi.completion_status).toBe('completed');
    expect(api.cmi.success_status).toBe('passed');
  });

  it('exitWhenIncomplete "normal" leaves early with exit "normal" instead of "suspend"', async () => {
    const api = installLms2004();
    const set = jest.spyOn(api, 'SetValue');
    const { tracker } = trackerFor(undefined, lms({ exitWhenIncomplete: 'normal' }));
    await tracker.start();
    await tracker.terminate();
    expect(set).toHaveBeenCalledWith('cmi.exit', 'normal');
    expect(set).not.toHaveBeenCalledWith('cmi.exit', 'suspend');
  });

  it('uniqueInteractionIds suffixes each interaction id with its index, and a resumed session still reads them', async () => {
    const api = installLms2004();
    const { tracker } = trackerFor(undefined, lms({ uniqueInteractionIds: true }));
    await tracker.start();
    tracker.recordAnswer(answer(q1, ['a']));
    tracker.recordAnswer(answer(q1, ['b']));
    tracker.recordAnswer(answer(q2, ['a']));
    expect(interactionsOf(api).map((i) => i.id)).toEqual([`${q1.id}.0`, `${q1.id}.1`, `${q2.id}.2`]);
    await tracker.terminate();

    const again = installLms2004({ cmi: JSON.parse(JSON.stringify(storedCmi2004(api))), entry: 'resume' });
    const resumed = trackerFor(undefined, lms({ uniqueInteractionIds: true }));
    await resumed.tracker.start();
    await resumed.tracker.complete({ scorePercent: 50, passed: false });
    // q1's latest answer (right) and q2 (wrong): C01 at 0.5.
    expect(objectivesOf(again).map((o) => [o.id, o.score.scaled, o.success_status])).toEqual([
      ['C01', '0.5', 'failed'],
    ]);
  });
});

describe('Scorm2004Tracker judges LMS calls by GetLastError', () => {
  function fakeApi(overrides: Partial<Scorm2004Api> = {}): Scorm2004Api & { lastError: string } {
    const values: Record<string, string> = {
      'cmi.completion_status': 'unknown',
      'cmi.interactions._count': '0',
      'cmi.objectives._count': '0',
    };
    const api: Scorm2004Api & { lastError: string } = {
      lastError: '0',
      Initialize: () => 'true',
      Terminate: () => 'true',
      GetValue: (el: string) => {
        // RTE: an element never set reads as "" with error 403.
        api.lastError = el in values ? '0' : '403';
        return values[el] ?? '';
      },
      SetValue: (el: string, v: string) => {
        api.lastError = '0';
        values[el] = v;
        return 'true';
      },
      Commit: () => 'true',
      GetLastError: () => api.lastError,
      GetErrorString: (code: string) => `error ${code}`,
      GetDiagnostic: () => 'diagnostic',
      ...overrides,
    };
    return api;
  }

  it('reading elements the LMS has no value for (403) is not an error: a fresh start, no events', async () => {
    const api = fakeApi();
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await expect(tracker.start()).resolves.toEqual({ learnerId: '', learnerName: '', resumed: false });
    await expect(tracker.loadProgress()).resolves.toBeNull();
    expect(api.GetValue('cmi.completion_status')).toBe('incomplete');
    expect(events).toEqual([]);
  });

  it('a commit that returns "true" but leaves error 391 is a failed save', async () => {
    const api = fakeApi();
    api.Commit = () => {
      api.lastError = '391';
      return 'true';
    };
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    events.length = 0;
    await tracker.saveProgress(progressAt('basics/basics-l1'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'save-failed',
        code: 'PLR_COMMIT_FAILED',
        message: expect.stringContaining('391'),
      }),
    ]);
  });

  it('a set that returns "false" with error 0 is a success', async () => {
    const api = fakeApi({ Commit: () => 'false' });
    api.SetValue = () => {
      api.lastError = '0';
      return 'false';
    };
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    await tracker.saveProgress(progressAt('basics/basics-l1'));
    tracker.recordAnswer(answer(q1, ['b']));
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(events).toEqual([]);
  });

  it('a refused SetValue (error 406) is reported with the element, the code and the diagnostic', async () => {
    const api = fakeApi();
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    api.SetValue = (el: string) => {
      api.lastError = el === 'cmi.score.scaled' ? '406' : '0';
      return api.lastError === '0' ? 'true' : 'false';
    };
    await tracker.complete({ scorePercent: 100, passed: true });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'save-failed',
        code: 'PLR_COMMIT_FAILED',
        message: 'SetValue(cmi.score.scaled) failed with LMS error 406: error 406 — diagnostic',
      }),
    ]);
  });

  it('a refused Initialize leaves the course running without the LMS', async () => {
    const api = fakeApi();
    api.Initialize = () => {
      api.lastError = '102';
      return 'false';
    };
    const setValue = jest.spyOn(api, 'SetValue');
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await expect(tracker.start()).resolves.toEqual({ learnerId: '', learnerName: '', resumed: false });
    await tracker.saveProgress(progressAt('basics/basics-l1'));
    await tracker.terminate();
    expect(setValue).not.toHaveBeenCalled();
    expect(events.map((e) => e.type)).toEqual(['lms-init-failed']);
  });

  it('a refused Terminate is reported as an LMS error', async () => {
    const api = fakeApi();
    api.Terminate = () => {
      api.lastError = '111';
      return 'false';
    };
    const tracker = new Scorm2004Tracker({ api, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    await tracker.terminate();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lms-error',
        message: expect.stringMatching(/^Terminate failed with LMS error 111/),
      }),
    ]);
  });

  it('no API at all: "lms-not-found", and every later call is a quiet no-op', async () => {
    const tracker = new Scorm2004Tracker({ api: null, masteryScore: 80 });
    const events: TrackerEvent[] = [];
    tracker.on((e) => events.push(e));
    await tracker.start();
    await expect(tracker.loadProgress()).resolves.toBeNull();
    await tracker.saveProgress(progressAt('basics/basics-l1'));
    tracker.recordAnswer(answer(q1, ['b']));
    await tracker.complete({ scorePercent: 100, passed: true });
    await tracker.terminate();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'lms-not-found',
        code: 'PLR_LMS_NOT_FOUND',
        message: expect.stringContaining('API_1484_11'),
      }),
    ]);
  });
});
