import { toCmiTime, toCmiTimespan, toIsoDuration, toScorm2004Time } from './cmi-time';

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

  it('SCORM 2004 time is ISO 8601 in UTC to hundredths of a second, the zone after the fraction', () => {
    expect(toScorm2004Time(new Date(Date.UTC(2026, 0, 5, 9, 30, 15, 678)))).toBe('2026-01-05T09:30:15.67Z');
    expect(toScorm2004Time(new Date(Date.UTC(2026, 11, 31, 23, 59, 59, 0)))).toBe('2026-12-31T23:59:59.00Z');
  });
});
