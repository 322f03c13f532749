import { preset } from '../../jest.preset.js';

export default {
  ...preset,
  displayName: 'lrs',
  testEnvironment: 'node',
  // Opening a PGlite database takes 2–4 s (WASM start), more on a busy machine.
  testTimeout: 20_000,
};
