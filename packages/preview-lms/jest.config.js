import { preset } from '../../jest.preset.js';
export default { ...preset, displayName: 'preview-lms', testEnvironment: 'node' };
