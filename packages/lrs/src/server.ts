/**
 * `npm run lrs`: the LRS as a process. Configuration from the environment (see README); stops
 * gracefully on SIGINT/SIGTERM.
 */
import { ConfigError, loadConfig, redactConfig } from './config.js';
import { createLogger } from './logger.js';
import { catalogueFor } from './service/analytics/load-content.js';
import { startLrs } from './start.js';

function fail(message: string): never {
  console.error(`LRS: ${message}`);
  process.exit(1);
}

function configOrFail() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

const config = configOrFail();
const logger = createLogger(config.logLevel);
logger.info({ config: redactConfig(config) }, 'starting');
const analytics = await catalogueFor(config, (m) => logger.warn(m)).catch((error: Error) =>
  fail(error.message),
);

const lrs = await startLrs({
  port: config.port,
  host: config.host,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  databaseUrl: config.databaseUrl,
  rootKey: config.rootKey,
  rootSecret: config.rootSecret,
  logLevel: config.logLevel,
  defaultXapiVersion: config.defaultXapiVersion,
  bodyLimit: config.bodyLimit,
  limits: {
    maxBatch: config.maxBatch,
    maxStatementBytes: config.maxStatementBytes,
    maxAttachmentBytes: config.maxAttachmentBytes,
  },
  publicUrl: config.publicUrl,
  analytics,
}).catch((error: Error) => fail(error.message));

logger.info(
  { url: `${lrs.url}/xapi/`, dashboard: `${lrs.url}/dashboard/`, engine: lrs.db.engine },
  `LRS listening on ${lrs.url}/xapi/ (${lrs.db.engine}); analytics dashboard at ${lrs.url}/dashboard/`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight requests');
    lrs.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
