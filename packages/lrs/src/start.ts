import { createServer, type RequestListener, type Server } from 'node:http';
import { createApp } from './app.js';
import type { XapiVersion } from './config.js';
import { createLogger } from './logger.js';
import type { StatementLimits } from './service/statements/store-statements.js';
import { upsertCredential } from './service/credentials/credentials.js';
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

/** Opens and migrates the database and seeds the root credential; closes it again on failure. */
async function prepareDb(options: StartLrsOptions): Promise<Db> {
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    await migrate(db);
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
    db = await prepareDb(options);
  } catch (error) {
    await closeServer(server, 0);
    throw error;
  }
  const app = createApp({
    db,
    logger,
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
      closing ??= closeServer(server, options.shutdownGraceMs ?? 10_000).then(() => db.close());
      return closing;
    },
  };
}
