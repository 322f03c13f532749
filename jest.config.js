/** Root jest: every package's suite and the cross-package specs, in one run with one summary. */
export default {
  // Global in multi-project runs (project configs cannot set it): PGlite start and browser specs need more than 5 s.
  testTimeout: 60000,
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/lrs',
    '<rootDir>/packages/builder',
    '<rootDir>/packages/preview-lms',
    '<rootDir>/packages/course-player',
    '<rootDir>/tests',
  ],
};
