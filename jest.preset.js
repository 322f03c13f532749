/** Shared jest settings: TypeScript through @swc/jest, ESM-style `.js` specifiers mapped to `.ts`. */
export const preset = {
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.cjs$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only or dynamic-import packages that jest's CommonJS runtime needs compiled:
  // marked (ESM only), PGlite (its dist/*.cjs loads Node built-ins with `await import(…)`).
  transformIgnorePatterns: ['/node_modules/(?!(@xapi|marked|@electric-sql)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: [
    '<rootDir>/src/**/*.test.ts',
    '<rootDir>/src/**/*.test.tsx',
    '<rootDir>/test/**/*.test.ts',
    '<rootDir>/specs/**/*.test.ts',
  ],
};
