import express, { Router, type Express } from 'express';
import type { LrsConfig } from './config.js';
import { rawBody } from './http/body.js';
import { about } from './http/routes/about.js';
import { activitiesRoutes, agentsRoutes } from './http/routes/agents-activities.js';
import { analyticsRoutes } from './http/routes/analytics.js';
import { dashboardRoutes } from './http/routes/dashboard.js';
import { documentRoutes } from './http/routes/documents.js';
import { healthRoutes } from './http/routes/health.js';
import { openApiRoute } from './http/routes/openapi.js';
import { statementRoutes } from './http/routes/statements.js';
import { alternateSyntax } from './http/middleware/alternate-syntax.js';
import { authenticate } from './http/middleware/basic-auth.js';
import { cors } from './http/middleware/cors.js';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { requestContext } from './http/middleware/request-context.js';
import { requireXapiVersion, xapiVersionHeader } from './http/middleware/xapi-version.js';
import { createLogger, type Logger } from './logger.js';
import { emptyCatalogue, type AnalyticsCatalogue } from './service/analytics/catalogue.js';
import { AnalyticsReports } from './service/analytics/reports.js';
import { CredentialVerifier } from './service/credentials/credentials.js';
import { DEFAULT_LIMITS, type StatementLimits } from './service/statements/store-statements.js';
import { AnalyticsReads } from './store/analytics-reads.js';
import { AnalyticsProjector, AnalyticsStore } from './store/analytics-store.js';
import type { Db } from './store/db.js';
import { DocumentStore } from './store/document-store.js';
import { StatementStore } from './store/statement-store.js';

/** The part of the configuration the HTTP app uses. */
export type AppConfig = Pick<LrsConfig, 'defaultXapiVersion' | 'bodyLimit'> &
  Partial<Pick<LrsConfig, 'publicUrl'>> & { limits?: Partial<StatementLimits> };

export interface AppOptions {
  /** A migrated database (see `migrate`). */
  db: Db;
  config: AppConfig;
  /** Defaults to an `info` logger on stdout. */
  logger?: Logger;
  /** How long a verified credential is trusted without another scrypt check; default 30 s. */
  authCacheTtlMs?: number;
  /**
   * The course the competency analytics judge by (`loadCatalogue(contentDir)`); without it every
   * item counts as scored and the mastery rule is `FALLBACK_RULE` (rule version 0).
   */
  analytics?: AnalyticsCatalogue;
  /** The built dashboard (`@course/dashboard`'s dist folder), served at /dashboard; null: not served. */
  dashboardDir?: string | null;
}

/**
 * The LRS as an Express app, without `listen` (tests drive it with supertest, `startLrs` serves it).
 * Routes: `GET /health`, `GET /ready`, `GET /openapi.json`, the xAPI resources under `/xapi`, the
 * competency analytics under `/analytics/v1` and the analysts' dashboard at `/dashboard/`.
 * @example const app = createApp({ db, config: loadConfig({}), logger: createLogger('silent') });
 */
/** The analytics projector of an app made by `createApp` (to drain it, or close it before the database). */
export function analyticsProjectorOf(app: Express): AnalyticsProjector {
  return app.locals.analyticsProjector as AnalyticsProjector;
}

export function createApp(options: AppOptions): Express {
  const { db, config } = options;
  const logger = options.logger ?? createLogger('info');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestContext(logger));
  app.use(healthRoutes(db));
  app.get('/openapi.json', openApiRoute);

  const catalogue = options.analytics ?? emptyCatalogue();
  const analytics = new AnalyticsStore(catalogue);
  const projector = new AnalyticsProjector(db, analytics, (error) =>
    logger.error({ err: error }, 'folding queued statements into the analytics read model failed'),
  );
  app.locals.analyticsProjector = projector;
  const statements = new StatementStore(db, analytics, () => projector.schedule());
  // What an earlier process queued and did not fold (it stopped or crashed) is folded now.
  projector.schedule();
  const documents = new DocumentStore(db);
  const verifier = new CredentialVerifier(db, options.authCacheTtlMs);
  const xapi = Router();
  xapi.use(xapiVersionHeader(config.defaultXapiVersion));
  xapi.use(cors);
  xapi.use(rawBody(config.bodyLimit));
  xapi.use(alternateSyntax);
  xapi.get('/about', about);
  xapi.use(requireXapiVersion);
  xapi.use(authenticate(verifier));
  xapi.use(
    '/statements',
    statementRoutes({
      store: statements,
      limits: { ...DEFAULT_LIMITS, ...config.limits },
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    }),
  );
  xapi.use('/activities/state', documentRoutes('state', documents));
  xapi.use('/activities/profile', documentRoutes('activity_profile', documents));
  xapi.use('/agents/profile', documentRoutes('agent_profile', documents));
  xapi.use('/activities', activitiesRoutes(statements));
  xapi.use('/agents', agentsRoutes());
  app.use('/xapi', xapi);

  const reads = new AnalyticsReads(db);
  const analyticsApi = Router();
  analyticsApi.use(authenticate(verifier));
  // Every analytics read first folds what writers queued: it sees every statement stored before it.
  analyticsApi.use((_req, _res, next) => {
    projector.drain().then(() => next(), next);
  });
  analyticsApi.use(
    analyticsRoutes({
      db,
      reads,
      writer: analytics,
      catalogue,
      reports: new AnalyticsReports(reads, statements, catalogue),
    }),
  );
  app.use('/analytics/v1', analyticsApi);
  app.use('/dashboard', dashboardRoutes(options.dashboardDir ?? null));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
