import express, { Router, type Express } from 'express';
import type { LrsConfig } from './config.js';
import { about } from './http/routes/about.js';
import { healthRoutes } from './http/routes/health.js';
import { statementRoutes } from './http/routes/statements.js';
import { authenticate } from './http/middleware/basic-auth.js';
import { cors } from './http/middleware/cors.js';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { requestContext } from './http/middleware/request-context.js';
import { requireXapiVersion, xapiVersionHeader } from './http/middleware/xapi-version.js';
import { createLogger, type Logger } from './logger.js';
import { CredentialVerifier } from './service/credentials/credentials.js';
import type { Db } from './store/db.js';
import { StatementStore } from './store/statement-store.js';

/** The part of the configuration the HTTP app uses. */
export type AppConfig = Pick<LrsConfig, 'defaultXapiVersion' | 'bodyLimit'> &
  Partial<Pick<LrsConfig, 'publicUrl'>>;

export interface AppOptions {
  /** A migrated database (see `migrate`). */
  db: Db;
  config: AppConfig;
  /** Defaults to an `info` logger on stdout. */
  logger?: Logger;
  /** How long a verified credential is trusted without another scrypt check; default 30 s. */
  authCacheTtlMs?: number;
}

/**
 * The LRS as an Express app, without `listen` (tests drive it with supertest, `startLrs` serves it).
 * Routes: `GET /health`, `GET /ready`, and the xAPI resources under `/xapi`.
 * @example const app = createApp({ db, config: loadConfig({}), logger: createLogger('silent') });
 */
export function createApp(options: AppOptions): Express {
  const { db, config } = options;
  const logger = options.logger ?? createLogger('info');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestContext(logger));
  app.use(healthRoutes(db));

  const xapi = Router();
  xapi.use(xapiVersionHeader(config.defaultXapiVersion));
  xapi.use(cors);
  xapi.get('/about', about);
  xapi.use(requireXapiVersion);
  xapi.use(authenticate(new CredentialVerifier(db, options.authCacheTtlMs)));
  xapi.use(
    '/statements',
    statementRoutes({
      store: new StatementStore(db),
      bodyLimit: config.bodyLimit,
      publicUrl: config.publicUrl,
    }),
  );
  app.use('/xapi', xapi);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
