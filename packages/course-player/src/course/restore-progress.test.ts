import type { BundleItem } from '@course/contracts';
import { fixtureBundle, fixtureProgress as progress } from '../../test/fixtures/fixtures';
import { coursePages, practiceItems } from './pages';
import { isCorrect, normaliseText, shuffled, shuffledSteps } from './responses';
import { restoreProgress } from './restore-progress';
import { lastChoice, walk } from './scenario';
import { packageResult, score, type Answers } from './scoring';

const bundle = fixtureBundle();
const pages = coursePages(bundle);
const basics = bundle.modules[0]!;
const items = basics.knowledgeCheck.items;
const byId = (id: string) => items.find((i) => i.id === id) as BundleItem;

/** A right answer to every knowledge-check item of the fixture. */
export const RIGHT: Answers = {
  'basics-q1': ['b'],
  'basics-q2': ['a', 'c'],
  'basics-q3': false,
  'basics-q4': { untoc: 'untoc', som: 'som', tip: 'tip' },
  'basics-q5': ['recruit', 'transport', 'entry'],
  'basics-q6': { border: 'smuggling', exploit: 'trafficking', consent: 'smuggling' },
  'basics-q7': 'art 5',
  'basics-q8': 2000,
};

describe('course pages', () => {
  it('orders each module: overview, lessons, case study, scenario, items one per page, results, summary', () => {
    expect(pages.map((p) => `${p.kind}:${p.key}`)).toEqual([
      'overview:basics/overview',
      'lesson:basics/basics-l1',
      'lesson:basics/basics-l2',
      'case-study:basics/basics-case',
      'scenario:basics/basics-sc',
      ...items.map((i) => `question:basics/${i.id}`),
      'results:basics/results',
      'summary:basics/summary',
    ]);
  });

  it('finds the practice items in lessons and case studies', () => {
    expect(practiceItems(bundle).map((i) => i.id)).toEqual(['basics-l1-q1', 'basics-case-q1']);
  });
});

describe('responses', () => {
  it.each([
    ['basics-q1', ['a']],
    ['basics-q2', ['a']],
    ['basics-q2', ['a', 'b', 'c']],
    ['basics-q3', true],
    ['basics-q4', { untoc: 'som', som: 'untoc', tip: 'tip' }],
    ['basics-q5', ['transport', 'recruit', 'entry']],
    ['basics-q6', { border: 'trafficking', exploit: 'trafficking', consent: 'smuggling' }],
    ['basics-q7', 'article 3'],
    ['basics-q8', 2001],
  ] as const)('%s: %j is wrong, the right answer is right', (id, wrong) => {
    expect(isCorrect(byId(id), wrong as never)).toBe(false);
    expect(isCorrect(byId(id), RIGHT[id]!)).toBe(true);
  });

  it('compares short text without case, accents, punctuation or extra spaces', () => {
    expect(normaliseText('  Árt.   5! ')).toBe('art 5');
    expect(isCorrect(byId('basics-q7'), 'ARTICLE  5.')).toBe(true);
    expect(isCorrect(byId('basics-q7'), 'Ärticle, 5')).toBe(true);
  });

  it('accepts a number within the tolerance', () => {
    const numeric = { ...byId('basics-q8'), tolerance: 0.5 } as BundleItem;
    expect(isCorrect(numeric, 2000.5)).toBe(true);
    expect(isCorrect(numeric, 1999.4)).toBe(false);
  });

  it('shuffles deterministically by seed, and ordering never starts in order', () => {
    const values = ['a', 'b', 'c', 'd', 'e'];
    expect(shuffled(values, 'basics-q4')).toEqual(shuffled(values, 'basics-q4'));
    expect(shuffled(values, 'seed-one')).not.toEqual(shuffled(values, 'seed-two'));
    for (let i = 0; i < 200; i += 1)
      expect(shuffledSteps(['a', 'b', 'c'], `item-${i}`)).not.toEqual(['a', 'b', 'c']);
  });
});

describe('scenario paths', () => {
  const scenario = basics.scenario!;
  it('walks from the start node by choice ids', () => {
    expect(walk(scenario, [])?.id).toBe('basics-sc-n1');
    expect(walk(scenario, ['a', 'a'])?.id).toBe('basics-sc-n3');
    expect(walk(scenario, ['a', 'a', 'a'])?.id).toBe('basics-sc-end-good');
    expect(walk(scenario, ['z'])).toBeNull();
    expect(lastChoice(scenario, ['a', 'b'])?.text).toBe('Insist on an answer');
  });
});

describe('restoreProgress', () => {
  it('starts at page 1 with nothing saved', () => {
    expect(restoreProgress(null, pages, bundle)).toEqual({
      index: 0,
      visited: [],
      answers: {},
      practice: {},
      scenarios: {},
    });
  });

  it('restores location, visited pages, answers of every type, practice answers and scenario paths', () => {
    const restored = restoreProgress(
      progress({
        location: 'basics/basics-q2',
        visited: ['basics/overview'],
        answers: RIGHT,
        practice: { 'basics-l1-q1': ['a'] },
        scenarios: { 'basics-sc': ['a'] },
      }),
      pages,
      bundle,
    );
    expect(restored).toEqual({
      index: pages.findIndex((p) => p.key === 'basics/basics-q2'),
      visited: ['basics/overview'],
      answers: RIGHT,
      practice: { 'basics-l1-q1': ['a'] },
      scenarios: { 'basics-sc': ['a'] },
    });
  });

  it('drops what the content no longer has: pages, items, choices, responses of the wrong shape, dead paths', () => {
    const restored = restoreProgress(
      progress({
        location: 'old-module/old-page',
        visited: ['old-module/old-page', 'basics/basics-q1'],
        answers: {
          'old-q': ['a'],
          'basics-q1': ['zz'],
          'basics-q3': ['true'],
          'basics-q4': { untoc: 'untoc' },
          'basics-q5': ['recruit', 'entry'],
          'basics-q8': 2000,
        },
        practice: { 'basics-q1': ['b'] },
        scenarios: { 'basics-sc': ['a', 'z'], 'old-sc': ['a'] },
      }),
      pages,
      bundle,
    );
    expect(restored).toEqual({
      index: 0,
      visited: ['basics/basics-q1'],
      answers: { 'basics-q8': 2000 },
      practice: {},
      scenarios: {},
    });
  });
});

describe('scoring', () => {
  it('scores correct answers out of all knowledge-check items', () => {
    expect(score(items, { 'basics-q1': ['b'], 'basics-q2': ['a'] })).toEqual({
      total: 8,
      answered: 2,
      correct: 1,
      percent: 13,
      complete: false,
    });
  });

  it('has a package result only once every item is answered, passed at or above the pass mark', () => {
    expect(packageResult(bundle, { 'basics-q1': ['b'] }, 80)).toBeNull();
    expect(packageResult(bundle, RIGHT, 80)).toEqual({ scorePercent: 100, passed: true });
    const sixRight = { ...RIGHT, 'basics-q7': 'wrong', 'basics-q8': 1 };
    expect(packageResult(bundle, sixRight, 75)).toEqual({ scorePercent: 75, passed: true });
    expect(packageResult(bundle, sixRight, 76)).toEqual({ scorePercent: 75, passed: false });
  });
});
