import { preset } from '../jest.preset.js';
export default {
  ...preset,
  displayName: 'e2e',
  testEnvironment: 'node',
  testTimeout: 120000,
  // bench/*.test.ts: the benchmark's generator and formatting (no timings; `npm run bench` measures).
  testMatch: [...preset.testMatch, '<rootDir>/bench/**/*.test.ts'],
};
