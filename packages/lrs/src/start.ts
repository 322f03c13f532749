import { createServer, type RequestListener, type Server } from 'node:http';
import { analyticsProjectorOf, createApp } from './app.js';
import type { XapiVersion } from './config.js';
import { DASHBOARD_DIST } from '@course/dashboard';
import { createLogger, type Logger } from './logger.js';
import { emptyCatalogue, loadCatalogue, type AnalyticsCatalogue } from './service/analytics/catalogue.js';
import type { StatementLimits } from './service/statements/store-statements.js';
import { upsertCredential } from './service/credentials/credentials.js';
import { AnalyticsReads } from './store/analytics-reads.js';
import { AnalyticsStore } from './store/analytics-store.js';
import { openDb, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';

export interface StartLrsOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite data directory; null or undefined keeps the database in memory. Ignored with `databaseUrl`. */
  dataDir?: string | null;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** Seed credential with scope `all`, created or updated at start (both or neither). */
  rootKey?: string;
  rootSecret?: string;
  /** pino level; default info. */
  logLevel?: string;
  /** X-Experience-API-Version for requests that name no supported version; default 2.0.0. */
  defaultXapiVersion?: XapiVersion;
  /** Largest accepted request body; default 10mb. */
  bodyLimit?: string;
  /** Statements per POST, bytes per statement and per attachment (413 above); see `DEFAULT_LIMITS`. */
  limits?: Partial<StatementLimits>;
  /** Authority homePage; default the URL the LRS listens on. */
  publicUrl?: string;
  /** Time in-flight requests get to finish on close before their connections are cut; default 10 s. */
  shutdownGraceMs?: number;
  /**
   * The course content (`content/`) the competency analytics judge by: item kinds, modules and the
   * mastery rule of `competencies.yaml`. Ignored when `analytics` is given. Without either, the
   * analytics run without a catalogue (every item counts, rule version 0).
   */
  contentDir?: string;
  /** The analytics catalogue itself (`loadCatalogue`, `catalogueFromCourse`). */
  analytics?: AnalyticsCatalogue;
  /** The built dashboard served at /dashboard/; default `@course/dashboard`'s dist; null: not served. */
  dashboardDir?: string | null;
}

export interface RunningLrs {
  /** `http://host:port`, no trailing slash; the xAPI endpoint is `${url}/xapi/`. */
  url: string;
  port: number;
  db: Db;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use`) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

const notReadyYet: RequestListener = (_req, res) => {
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
  res.end(JSON.stringify({ code: 'LRS_NOT_READY', message: 'The LRS is starting.', requestId: '' }));
};

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Opens and migrates the database and seeds the root credential; closes it again on failure. When
 * this start created the analytics tables (migration 003) over existing statements, it fills them
 * from the statements; when stored mastery values were judged by another rule version, it says so.
 */
async function prepareDb(
  options: StartLrsOptions,
  catalogue: AnalyticsCatalogue,
  logger: Logger,
): Promise<Db> {
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const applied = await migrate(db);
    if (applied.includes('003_analytics')) {
      const any = await db.query('SELECT 1 FROM statements LIMIT 1');
      if (any.length > 0) {
        logger.info('filling the new analytics read model from the stored statements');
        const report = await new AnalyticsStore(catalogue).rebuild(db);
        logger.info({ report }, 'analytics read model built');
      }
    }
    const versions = await new AnalyticsReads(db).ruleVersions();
    const stale = versions.filter((v) => v !== catalogue.rule.ruleVersion);
    if (stale.length > 0) {
      logger.warn(
        { ruleVersion: catalogue.rule.ruleVersion, stored: versions },
        `stored mastery values were judged with rule version ${stale.join(', ')}; run "npm run lrs:analytics -- rebuild" to apply rule version ${catalogue.rule.ruleVersion} to history`,
      );
    }
    if (options.rootKey !== undefined && options.rootSecret !== undefined) {
      await upsertCredential(db, {
        key: options.rootKey,
        secret: options.rootSecret,
        scopes: ['all'],
        label: 'root (LRS_ROOT_KEY)',
      });
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Opens and migrates the database, seeds the root credential, and serves the LRS.
 * Rejects with `port N is already in use` when the port is taken (before opening the database).
 * @example const lrs = await startLrs({ port: 0, dataDir: null, logLevel: 'silent' }); … await lrs.close();
 */
export async function startLrs(options: StartLrsOptions = {}): Promise<RunningLrs> {
  if ((options.rootKey === undefined) !== (options.rootSecret === undefined)) {
    throw new Error('startLrs: give both rootKey and rootSecret, or neither');
  }
  const host = options.host ?? '127.0.0.1';
  const logger = createLogger(options.logLevel ?? 'info');
  // Take the port first, so that a busy port fails fast, before the database is opened. Until the
  // database is ready, requests get 503.
  const server = createServer(notReadyYet);
  const port = await listen(server, options.port ?? 8080, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let db: Db;
  try {
    const catalogue =
      options.analytics ?? (options.contentDir ? await loadCatalogue(options.contentDir) : emptyCatalogue());
    db = await prepareDb(options, catalogue, logger);
    options = { ...options, analytics: catalogue };
  } catch (error) {
    await closeServer(server, 0);
    throw error;
  }
  const app = createApp({
    db,
    logger,
    ...(options.analytics ? { analytics: options.analytics } : {}),
    dashboardDir: options.dashboardDir === undefined ? DASHBOARD_DIST : options.dashboardDir,
    config: {
      defaultXapiVersion: options.defaultXapiVersion ?? '2.0.0',
      bodyLimit: options.bodyLimit ?? '10mb',
      ...(options.limits ? { limits: options.limits } : {}),
      publicUrl: options.publicUrl ?? url,
    },
  });
  server.off('request', notReadyYet);
  server.on('request', app);
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    db,
    close: () => {
      closing ??= closeServer(server, options.shutdownGraceMs ?? 10_000)
        .then(() => analyticsProjectorOf(app).close())
        .then(() => db.close());
      return closing;
    },
  };
}
