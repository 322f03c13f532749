/** Root jest: every package's suite and the cross-package specs, in one run with one summary. */
export default {
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/lrs',
    '<rootDir>/packages/builder',
    '<rootDir>/packages/preview-lms',
    '<rootDir>/packages/course-player',
    '<rootDir>/tests',
  ],
};
