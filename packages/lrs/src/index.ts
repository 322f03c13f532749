export { analyticsProjectorOf, createApp } from './app.js';
export type { AppConfig, AppOptions } from './app.js';
export { startLrs } from './start.js';
export type { RunningLrs, StartLrsOptions } from './start.js';
export { ConfigError, loadConfig, redactConfig } from './config.js';
export type { LogLevel, LrsConfig, XapiVersion } from './config.js';
export { openDb } from './store/db.js';
export type { Db, DbTx, OpenDbOptions } from './store/db.js';
export { migrate } from './store/migrate.js';
export {
  createCredential,
  CredentialError,
  listCredentials,
  revokeCredential,
  SCOPES,
} from './service/credentials/credentials.js';
export type {
  CreateCredentialInput,
  CredentialSummary,
  NewCredential,
  Scope,
} from './service/credentials/credentials.js';
export { LRS_ERRORS, LrsError } from './errors.js';
export type { Issue, LrsErrorCode } from './errors.js';
export { createLogger } from './logger.js';
export {
  catalogueFromCourse,
  emptyCatalogue,
  FALLBACK_RULE,
  loadCatalogue,
} from './service/analytics/catalogue.js';
export type { AnalyticsCatalogue, CatalogueItem } from './service/analytics/catalogue.js';
export { AnalyticsStore } from './store/analytics-store.js';
export type { RebuildReport } from './store/analytics-store.js';
