import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/.data/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/course-player/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The player runs inside an LMS iframe: it must never import Node built-ins.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'child_process'] }],
    },
  },
  {
    files: ['packages/dashboard/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The dashboard runs in the analyst's browser: no Node built-ins.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'child_process'] }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
