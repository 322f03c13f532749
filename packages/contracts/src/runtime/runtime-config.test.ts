import { DEFAULT_LMS_OPTIONS, RuntimeConfigSchema } from './runtime-config.js';

const base = {
  formatVersion: 1,
  target: 'scorm12',
  activityIri: 'https://courses.example.org/c',
  masteryScore: 80,
  buildId: 'abcdef012345',
  xapiFromScorm: true,
};

describe('runtime.json', () => {
  it('a package built before the LMS options existed reads with the defaults', () => {
    expect(RuntimeConfigSchema.parse(base).lms).toEqual(DEFAULT_LMS_OPTIONS);
  });

  it('partial LMS options are completed with the defaults; unknown or bad ones are refused', () => {
    expect(RuntimeConfigSchema.parse({ ...base, lms: { scorm12OnFail: 'incomplete' } }).lms).toEqual({
      ...DEFAULT_LMS_OPTIONS,
      scorm12OnFail: 'incomplete',
    });
    expect(RuntimeConfigSchema.safeParse({ ...base, lms: { scorm12OnPass: 'done' } }).success).toBe(false);
    expect(RuntimeConfigSchema.safeParse({ ...base, lms: { retries: 3 } }).success).toBe(false);
  });
});
