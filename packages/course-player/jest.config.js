import { fileURLToPath } from 'node:url';
import { preset } from '../../jest.preset.js';

// scorm-again's CommonJS entry is a browser script that sets window globals and exports nothing;
// tests import the SCORM 1.2 runtime from its ES module build instead.
const scorm12Runtime = fileURLToPath(import.meta.resolve('scorm-again/scorm12'));

export default {
  ...preset,
  displayName: 'course-player',
  testEnvironment: 'jsdom',
  testMatch: [...preset.testMatch, '<rootDir>/test/**/*.test.tsx'],
  moduleNameMapper: { ...preset.moduleNameMapper, '^scorm-again$': scorm12Runtime },
  transformIgnorePatterns: ['/node_modules/(?!(@xapi|marked|@electric-sql|scorm-again)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
