import { fixtureBundle } from '../../test/fixtures/fixtures';
import { coursePages } from './pages';
import { restoreProgress } from './restore-progress';
import { packageResult, score } from './scoring';

const bundle = fixtureBundle();
const pages = coursePages(bundle);

describe('course pages', () => {
  it('orders each module: lessons, one page per item, then results', () => {
    expect(pages.map((p) => `${p.kind}:${p.key}`)).toEqual([
      'lesson:basics/basics-l1',
      'question:basics/basics-q1',
      'question:basics/basics-q2',
      'results:basics/results',
    ]);
  });
});

describe('restoreProgress', () => {
  it('starts at page 1 with nothing saved', () => {
    expect(restoreProgress(null, pages, bundle)).toEqual({ index: 0, visited: [], answers: {} });
  });

  it('restores location, visited pages and answers', () => {
    const restored = restoreProgress(
      { v: 1, location: 'basics/basics-q2', visited: ['basics/basics-l1'], answers: { 'basics-q1': ['b'] } },
      pages,
      bundle,
    );
    expect(restored).toEqual({ index: 2, visited: ['basics/basics-l1'], answers: { 'basics-q1': ['b'] } });
  });

  it('drops what the content no longer has: pages, items, choices', () => {
    const restored = restoreProgress(
      {
        v: 1,
        location: 'old-module/old-page',
        visited: ['old-module/old-page', 'basics/basics-q1'],
        answers: { 'old-q': ['a'], 'basics-q1': ['zz'], 'basics-q2': ['no'] },
      },
      pages,
      bundle,
    );
    expect(restored).toEqual({ index: 0, visited: ['basics/basics-q1'], answers: { 'basics-q2': ['no'] } });
  });
});

describe('scoring', () => {
  const items = bundle.modules[0]!.knowledgeCheck.items;

  it('scores correct answers out of all items', () => {
    expect(score(items, { 'basics-q1': ['b'] })).toEqual({
      total: 2,
      answered: 1,
      correct: 1,
      percent: 50,
      complete: false,
    });
  });

  it('has a package result only once every item is answered, passed at or above the pass mark', () => {
    expect(packageResult(bundle, { 'basics-q1': ['b'] }, 80)).toBeNull();
    expect(packageResult(bundle, { 'basics-q1': ['b'], 'basics-q2': ['no'] }, 80)).toEqual({
      scorePercent: 100,
      passed: true,
    });
    expect(packageResult(bundle, { 'basics-q1': ['b'], 'basics-q2': ['yes'] }, 50)).toEqual({
      scorePercent: 50,
      passed: true,
    });
    expect(packageResult(bundle, { 'basics-q1': ['b'], 'basics-q2': ['yes'] }, 51)).toEqual({
      scorePercent: 50,
      passed: false,
    });
  });
});
