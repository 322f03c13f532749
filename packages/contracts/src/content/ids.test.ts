import { activityIri, competencyIri, SlugSchema } from './ids';

describe('ids and IRIs', () => {
  it.each(['m01', 'walkthrough-q1', 'a-b-c'])('accepts slug %s', (s) => {
    expect(SlugSchema.safeParse(s).success).toBe(true);
  });
  it.each(['M01', '1abc', 'a--b', 'a_b', '', 'a-'])('rejects slug %s', (s) => {
    expect(SlugSchema.safeParse(s).success).toBe(false);
  });
  it('derives activity IRIs from the base in one way', () => {
    expect(activityIri('https://x.org/c/')).toBe('https://x.org/c');
    expect(activityIri('https://x.org/c', { module: 'm01' })).toBe('https://x.org/c/m01');
    expect(activityIri('https://x.org/c', { module: 'm01', kind: 'question', id: 'm01-q1' })).toBe(
      'https://x.org/c/m01/question/m01-q1',
    );
    expect(competencyIri('https://x.org/c', 'C05')).toBe('https://x.org/c/competency/C05');
  });
});
