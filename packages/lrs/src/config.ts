import { resolve } from 'node:path';
import { z } from 'zod';

export const XAPI_VERSIONS = ['2.0.0', '1.0.3'] as const;
export type XapiVersion = (typeof XAPI_VERSIONS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The LRS configuration: parsed once from the environment, frozen, passed down. */
export interface LrsConfig {
  port: number;
  host: string;
  /** PGlite data directory; null keeps the database in memory. Unused when `databaseUrl` is set. */
  dataDir: string | null;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** Seed credential with scope `all`, created or updated at start. */
  rootKey?: string;
  rootSecret?: string;
  /** The X-Experience-API-Version answered when the request names no supported version. */
  defaultXapiVersion: XapiVersion;
  /** Largest accepted request body, in the `bytes` notation Express uses (`10mb`, `512kb`). */
  bodyLimit: string;
  /** Statements in one POST (413 above). */
  maxBatch: number;
  /** Bytes of one statement's JSON (413 above). */
  maxStatementBytes: number;
  /** Bytes of one attachment (413 above). */
  maxAttachmentBytes: number;
  logLevel: LogLevel;
  /** The LRS's public base URL, used as the authority's account homePage; derived from the request when unset. */
  publicUrl?: string;
  /** The course content the competency analytics judge by (`content/`, absolute). */
  contentDir: string;
  /** Whether LRS_CONTENT_DIR was set (then a missing folder is an error, not a warning). */
  contentDirSet: boolean;
}

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveInt = z
  .string()
  .regex(/^[1-9]\d{0,11}$/, 'a positive integer')
  .transform(Number);

const EnvSchema = z
  .object({
    LRS_PORT: optional.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'a port number')
        .transform(Number)
        .pipe(z.number().max(65535))
        .default(8080),
    ),
    LRS_HOST: optional.pipe(z.string().default('127.0.0.1')),
    LRS_DATA_DIR: optional.pipe(z.string().default('.data/lrs')),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
        .optional(),
    ),
    LRS_ROOT_KEY: optional.pipe(
      z
        .string()
        .regex(/^[\x21-\x39\x3b-\x7e]+$/, 'printable ASCII without ":" or spaces')
        .optional(),
    ),
    LRS_ROOT_SECRET: optional.pipe(z.string().min(8, 'at least 8 characters').optional()),
    LRS_DEFAULT_XAPI_VERSION: optional.pipe(z.enum(XAPI_VERSIONS).default('2.0.0')),
    LRS_BODY_LIMIT: optional.pipe(
      z
        .string()
        .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'a size such as 10mb or 512kb')
        .default('10mb'),
    ),
    LRS_MAX_BATCH: optional.pipe(positiveInt.default(1000)),
    LRS_MAX_STATEMENT_BYTES: optional.pipe(positiveInt.default(1024 * 1024)),
    LRS_MAX_ATTACHMENT_BYTES: optional.pipe(positiveInt.default(50 * 1024 * 1024)),
    LOG_LEVEL: optional.pipe(z.enum(LOG_LEVELS).default('info')),
    LRS_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    LRS_CONTENT_DIR: optional,
  })
  .refine((env) => (env.LRS_ROOT_KEY === undefined) === (env.LRS_ROOT_SECRET === undefined), {
    message: 'set both LRS_ROOT_KEY and LRS_ROOT_SECRET, or neither',
    path: ['LRS_ROOT_SECRET'],
  });

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the LRS environment variables (see README). Relative `LRS_DATA_DIR` and `LRS_CONTENT_DIR`
 * values resolve against `cwd`. Throws `ConfigError` listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): LrsConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid LRS configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.LRS_PORT,
    host: e.LRS_HOST,
    dataDir: resolve(cwd, e.LRS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    rootKey: e.LRS_ROOT_KEY,
    rootSecret: e.LRS_ROOT_SECRET,
    defaultXapiVersion: e.LRS_DEFAULT_XAPI_VERSION,
    bodyLimit: e.LRS_BODY_LIMIT,
    maxBatch: e.LRS_MAX_BATCH,
    maxStatementBytes: e.LRS_MAX_STATEMENT_BYTES,
    maxAttachmentBytes: e.LRS_MAX_ATTACHMENT_BYTES,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.LRS_PUBLIC_URL?.replace(/\/+$/, ''),
    contentDir: resolve(cwd, e.LRS_CONTENT_DIR ?? 'content'),
    contentDirSet: e.LRS_CONTENT_DIR !== undefined,
  });
}

/** The configuration with secrets replaced, safe to log. */
export function redactConfig(config: LrsConfig): Record<string, unknown> {
  const redacted: Record<string, unknown> = { ...config };
  if (config.rootSecret !== undefined) redacted.rootSecret = '[redacted]';
  if (config.databaseUrl !== undefined) {
    redacted.databaseUrl = config.databaseUrl.replace(
      /^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/,
      '$1:[redacted]@',
    );
  }
  return redacted;
}
