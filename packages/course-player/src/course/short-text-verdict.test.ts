import { fixtureBundle } from '../../test/fixtures/fixtures';
import { isCorrect } from './responses';
import { shortTextCompactor, WRONG_SHORT_TEXT } from './short-text-verdict';

describe('free-text answers reduced to their verdict (SCORM 1.2 last resort)', () => {
  const bundle = fixtureBundle();
  const item = bundle.modules[0]!.knowledgeCheck.items.find((i) => i.id === 'basics-q7')!;
  const compact = shortTextCompactor(bundle);

  it('a correct answer becomes the shortest accepted form, and stays correct', () => {
    const given = '  ARTICLE   5 of the Protocol ';
    expect(isCorrect(item, 'article 5')).toBe(true);
    expect(compact('basics-q7', 'art 5')).toBe('art 5'); // already shorter than any accepted form
    expect(compact('basics-q7', 'Article    5')).toBe('Art. 5');
    expect(isCorrect(item, compact('basics-q7', 'Article    5'))).toBe(true);
    // A wrong answer becomes the marker, which is never accepted.
    expect(isCorrect(item, given)).toBe(false);
    expect(compact('basics-q7', given)).toBe(WRONG_SHORT_TEXT);
    expect(isCorrect(item, WRONG_SHORT_TEXT)).toBe(false);
  });

  it('leaves answers to other items alone', () => {
    expect(compact('basics-q1', 'anything')).toBe('anything');
    expect(compact('unknown', 'x')).toBe('x');
  });
});
