import { fileURLToPath } from 'node:url';
import { preset } from '../../jest.preset.js';

// scorm-again's CommonJS entry is a browser script that sets window globals and exports nothing;
// tests import the SCORM 1.2 and 2004 runtimes from its ES module build instead (the one whose named
// exports match the package's type definitions).
const scormRuntimes = fileURLToPath(import.meta.resolve('scorm-again'));

export default {
  ...preset,
  displayName: 'course-player',
  testEnvironment: 'jsdom',
  testMatch: [...preset.testMatch, '<rootDir>/test/**/*.test.tsx'],
  moduleNameMapper: { ...preset.moduleNameMapper, '^scorm-again$': scormRuntimes },
  transformIgnorePatterns: ['/node_modules/(?!(@xapi|marked|@electric-sql|scorm-again)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
