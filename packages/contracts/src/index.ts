export * from './content/ids.js';
export * from './content/source.js';
export * from './content/bundle.js';
export * from './runtime/runtime-config.js';
export * from './progress/progress.js';
export * from './xapi/vocabulary.js';
export * from './xapi/statement.js';
export * from './analytics/api.js';
