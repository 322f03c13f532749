import { decodeProgress, encodeProgress, ProgressDecodeError, type Progress } from './progress';

describe('progress codec', () => {
  const sample: Progress = {
    v: 1,
    location: 'walkthrough/walkthrough-l1',
    visited: ['walkthrough/walkthrough-l1'],
    answers: { 'walkthrough-q1': ['b'] },
  };

  it('round-trips a progress record', () => {
    expect(decodeProgress(encodeProgress(sample))).toEqual(sample);
  });

  it('encodes compactly', () => {
    expect(encodeProgress(sample)).toBe(
      '1|walkthrough/walkthrough-l1|walkthrough/walkthrough-l1|walkthrough-q1:b',
    );
  });

  it('round-trips empty progress', () => {
    const empty: Progress = { v: 1, location: '', visited: [], answers: {} };
    expect(decodeProgress(encodeProgress(empty))).toEqual(empty);
  });

  it('rejects an unknown version with a named error', () => {
    expect(() => decodeProgress('9|x||')).toThrow(ProgressDecodeError);
    expect(() => decodeProgress('9|x||')).toThrow(/version "9"/);
  });

  it('refuses ids the compact format cannot carry', () => {
    expect(() => encodeProgress({ ...sample, location: 'a|b' })).toThrow(/cannot carry/);
  });
});
