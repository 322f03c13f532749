import {
  decodeProgress,
  encodeProgress,
  encodeProgressWithin,
  ProgressDecodeError,
  SCORM12_SUSPEND_DATA_MAX,
  SCORM2004_SUSPEND_DATA_MAX,
  SHORT_TEXT_MAX,
  type Progress,
} from './progress';

const empty: Progress = { v: 2, location: '', visited: [], answers: {}, practice: {}, scenarios: {} };

describe('progress codec', () => {
  const sample: Progress = {
    v: 2,
    location: 'walkthrough/walkthrough-l1',
    visited: ['walkthrough/walkthrough-l1', 'walkthrough/walkthrough-l2'],
    answers: { 'walkthrough-q1': ['b'] },
    practice: {},
    scenarios: {},
  };

  it('round-trips a progress record', () => {
    expect(decodeProgress(encodeProgress(sample))).toEqual(sample);
  });

  it('encodes compactly, writing shared prefixes once', () => {
    expect(encodeProgress(sample)).toBe(
      '2|walkthrough/walkthrough-l1|Awalkthrough/walkthrough-l1Z2|Awalkthrough-q1:b||',
    );
  });

  it('round-trips empty progress', () => {
    expect(encodeProgress(empty)).toBe('2|||||');
    expect(decodeProgress(encodeProgress(empty))).toEqual(empty);
  });

  it('round-trips a response of every item type, practice answers and scenario paths', () => {
    const all: Progress = {
      v: 2,
      location: 'm1/m1-kc-3',
      visited: ['m1/overview', 'm1/m1-l1', 'm1/m1-l2', 'm1/m1-kc-1', 'm1/m1-kc-10', 'm1/m1-kc-2'],
      answers: {
        'm1-kc-1': ['b'],
        'm1-kc-2': ['a', 'c', 'd'],
        'm1-kc-3': true,
        'm1-kc-4': false,
        'm1-kc-5': { p1: 'p3', p2: 'p1', p3: 'p2' },
        'm1-kc-6': ['s3', 's1', 's2'],
        'm1-kc-7': { e1: 'c2', e2: 'c1' },
        'm1-kc-8': 'Article 3(a) | 100% "benefit", Ünïcödé — émigré 🙂',
        'm1-kc-9': -12.75,
        'm1-kc-10': 1e21,
        'm1-kc-11': [],
        'm1-kc-12': {},
        'm1-kc-13': "O'Brien said 'no' 4'2",
      },
      practice: { 'm1-l1-q1': ['a'], 'm1-l1-q2': 'Palermo Protocol' },
      scenarios: { 'm1-sc': ['a', 'b', 'a'], 'm2-sc': [] },
    };
    const text = encodeProgress(all);
    expect(text.split('|')).toHaveLength(6);
    expect(decodeProgress(text)).toEqual({ ...all, visited: [...all.visited].sort() });
  });

  it('caps short-text responses at 200 code points without splitting a character', () => {
    const long = '🙂'.repeat(SHORT_TEXT_MAX + 50);
    const decoded = decodeProgress(encodeProgress({ ...empty, answers: { q: long } }));
    expect(Array.from(decoded.answers.q as string)).toHaveLength(SHORT_TEXT_MAX);
    expect(decoded.answers.q).toBe('🙂'.repeat(SHORT_TEXT_MAX));
  });

  it('still decodes version 1 progress', () => {
    expect(
      decodeProgress('1|walkthrough/walkthrough-l1|walkthrough/walkthrough-l1|walkthrough-q1:b'),
    ).toEqual({
      ...empty,
      location: 'walkthrough/walkthrough-l1',
      visited: ['walkthrough/walkthrough-l1'],
      answers: { 'walkthrough-q1': ['b'] },
    });
    expect(decodeProgress('1|||')).toEqual(empty);
  });

  it('rejects an unknown version with a named error', () => {
    expect(() => decodeProgress('9|x||')).toThrow(ProgressDecodeError);
    expect(() => decodeProgress('9|x||')).toThrow(/version "9"/);
  });

  it.each([
    ['a missing field', '2|x|||'],
    ['an entry without its marker', '2|x|m1/m1-l1||||'],
    ['a prefix longer than the previous key', '2|x|Cab||||'],
    ['an unknown response tag', '2|x||Aq1?a|||'],
    ['a text shorter than its length', "2|x||Aq1'9'abc|||"],
    ['a pair without a value', '2|x||Aq1=a.|||'],
    ['a scenario path that is not a list', '2|x||||Asc^1'],
  ])('rejects %s with a named error', (_what, text) => {
    expect(() => decodeProgress(text)).toThrow(ProgressDecodeError);
  });

  it('refuses ids the compact format cannot carry', () => {
    expect(() => encodeProgress({ ...sample, location: 'a|b' })).toThrow(/cannot carry/);
    expect(() => encodeProgress({ ...sample, answers: { Q1: ['a'] } })).toThrow(/cannot carry/);
    expect(() => encodeProgress({ ...sample, answers: { q1: { a: 'b.c' } } })).toThrow(/cannot carry/);
  });
});

/**
 * The largest progress a realistic course can produce: 15 modules, each with 20 pages, 10 knowledge-check
 * items with the longest structured responses (ids as the authoring guide writes them), a short-text
 * answer of 40 characters, 5 lessons × 2 practice items, and a 10-step scenario path.
 */
function worstCase(): Progress {
  const answers: Progress['answers'] = {};
  const practice: Progress['practice'] = {};
  const scenarios: Progress['scenarios'] = {};
  const visited: string[] = [];
  for (let m = 1; m <= 15; m += 1) {
    const mod = `m${String(m).padStart(2, '0')}`;
    const kc = (n: number) => `${mod}-kc-${n}`;
    answers[kc(1)] = { a: 'c', b: 'a', c: 'e', d: 'b', e: 'd', f: 'f' };
    answers[kc(2)] = { a: 'b', b: 'c', c: 'a', d: 'e', e: 'd' };
    answers[kc(3)] = { e1: 'c3', e2: 'c1', e3: 'c2', e4: 'c3', e5: 'c1', e6: 'c2' };
    answers[kc(4)] = { e1: 'c2', e2: 'c1', e3: 'c1', e4: 'c2', e5: 'c2' };
    answers[kc(5)] = ['f', 'd', 'a', 'e', 'b', 'c'];
    answers[kc(6)] = ['e', 'c', 'a', 'd', 'b'];
    answers[kc(7)] = ['a', 'b', 'c', 'd', 'e'];
    answers[kc(8)] = 'the smuggled migrant is not prosecuted'.slice(0, 40);
    answers[kc(9)] = 1234.56;
    answers[kc(10)] = false;
    for (let l = 1; l <= 5; l += 1) {
      practice[`${mod}-l${l}-q1`] = { a: 'c', b: 'a', c: 'b', d: 'd' };
      practice[`${mod}-l${l}-q2`] = ['d', 'a', 'c', 'b'];
    }
    scenarios[`${mod}-sc`] = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a'];
    visited.push(
      `${mod}/overview`,
      ...[1, 2, 3, 4, 5].map((l) => `${mod}/${mod}-l${l}`),
      `${mod}/${mod}-case`,
      `${mod}/${mod}-sc`,
      ...Array.from({ length: 10 }, (_, i) => `${mod}/${kc(i + 1)}`),
      `${mod}/results`,
      `${mod}/summary`,
    );
  }
  return { v: 2, location: 'm15/m15-kc-10', visited, answers, practice, scenarios };
}

describe('the SCORM 2004 budget', () => {
  it('a 15-module course at its worst fits cmi.suspend_data in full, practice answers and visited pages included', () => {
    const progress = worstCase();
    const fitted = encodeProgressWithin(progress, SCORM2004_SUSPEND_DATA_MAX);
    expect(fitted).toEqual({ text: encodeProgress(progress), dropped: [] });
    const decoded = decodeProgress(fitted!.text);
    expect(decoded).toEqual({ ...progress, visited: decoded.visited });
    expect(decoded.visited).toEqual([...progress.visited].sort());
  });
});

describe('the SCORM 1.2 budget', () => {
  it('a 15-module course at its worst fits cmi.suspend_data, keeping every knowledge-check answer and scenario path', () => {
    const progress = worstCase();
    const fitted = encodeProgressWithin(progress, SCORM12_SUSPEND_DATA_MAX);
    expect(fitted).not.toBeNull();
    expect(fitted!.text.length).toBeLessThanOrEqual(SCORM12_SUSPEND_DATA_MAX);
    const decoded = decodeProgress(fitted!.text);
    expect(decoded.answers).toEqual(progress.answers);
    expect(decoded.scenarios).toEqual(progress.scenarios);
    expect(decoded.location).toBe(progress.location);
    // Practice answers (7156 → 4783 characters) and then visited pages go; what is left is 3685 characters.
    expect(fitted!.dropped).toEqual(['practice', 'visited']);
    expect(fitted!.text.length).toBe(3685);
    expect(decoded.visited).toEqual([]);
  });

  it('keeps practice answers while they fit', () => {
    const small: Progress = { ...empty, practice: { 'm1-l1-q1': ['a'] } };
    expect(encodeProgressWithin(small, SCORM12_SUSPEND_DATA_MAX)).toEqual({
      text: encodeProgress(small),
      dropped: [],
    });
  });

  it('drops practice answers first, visited pages next, and gives up (null) when answers alone do not fit', () => {
    const progress = worstCase();
    const withoutPractice = encodeProgress({ ...progress, practice: {} }).length;
    const withoutVisited = encodeProgress({ ...progress, practice: {}, visited: [] }).length;
    expect(encodeProgressWithin(progress, withoutPractice)?.dropped).toEqual(['practice']);
    expect(encodeProgressWithin(progress, withoutPractice - 1)?.dropped).toEqual(['practice', 'visited']);
    expect(encodeProgressWithin(progress, withoutVisited - 1)).toBeNull();
  });

  it('then, when the tracker offers it, keeps only the verdict of free-text answers', () => {
    const long = 'a'.repeat(SHORT_TEXT_MAX);
    const progress: Progress = {
      ...empty,
      answers: Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`m1-kc-${i}`, i % 2 ? long : ['a', 'b']] as const),
      ),
      practice: { 'm1-l1-q1': long },
    };
    const lean = encodeProgress({ ...progress, practice: {}, visited: [] }).length;
    const compactShortText = (id: string, response: string) =>
      id.endsWith('1') ? 'object' : response.length > 1 ? '?' : response;
    const fitted = encodeProgressWithin(progress, lean - 1, { compactShortText });
    expect(fitted?.dropped).toEqual(['practice', 'visited', 'short-text']);
    const restored = decodeProgress(fitted!.text);
    expect(restored.answers['m1-kc-1']).toBe('object');
    expect(restored.answers['m1-kc-3']).toBe('?');
    // Structured answers are untouched; without the option the same budget is refused.
    expect(restored.answers['m1-kc-2']).toEqual(['a', 'b']);
    expect(restored.practice).toEqual({});
    expect(encodeProgressWithin(progress, lean - 1)).toBeNull();
  });
});
