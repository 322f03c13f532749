import { toCmiTime, toCmiTimespan, toIsoDuration } from './cmi-time';

describe('SCORM and xAPI time formats', () => {
  it.each([
    [0, '0000:00:00.00'],
    [3_723_450, '0001:02:03.45'],
    [59_990, '0000:00:59.99'],
    [36_000_000_000, '9999:59:59.99'],
  ])('CMITimespan of %i ms is %s', (ms, text) => {
    expect(toCmiTimespan(ms)).toBe(text);
  });

  it('CMITime is the local time of day, HH:MM:SS', () => {
    expect(toCmiTime(new Date(2026, 0, 5, 7, 8, 9))).toBe('07:08:09');
  });

  it.each([
    [0, 'PT0S'],
    [3_723_450, 'PT1H2M3.45S'],
    [90_000, 'PT1M30S'],
  ])('ISO 8601 duration of %i ms is %s', (ms, text) => {
    expect(toIsoDuration(ms)).toBe(text);
  });
});
