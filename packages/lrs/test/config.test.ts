import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({}, '/srv/app')).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: join('/srv/app', '.data/lrs'),
      databaseUrl: undefined,
      rootKey: undefined,
      rootSecret: undefined,
      defaultXapiVersion: '2.0.0',
      bodyLimit: '10mb',
      maxBatch: 1000,
      maxStatementBytes: 1048576,
      maxAttachmentBytes: 52428800,
      logLevel: 'info',
      publicUrl: undefined,
      contentDir: join('/srv/app', 'content'),
      contentDirSet: false,
    });
  });

  it('reads every variable and returns a frozen object', () => {
    const config = loadConfig(
      {
        LRS_PORT: '9000',
        LRS_HOST: '0.0.0.0',
        LRS_DATA_DIR: '/var/lib/lrs',
        DATABASE_URL: 'postgres://lrs:pw@db:5432/lrs',
        LRS_ROOT_KEY: 'root',
        LRS_ROOT_SECRET: 'root-secret',
        LRS_DEFAULT_XAPI_VERSION: '1.0.3',
        LRS_BODY_LIMIT: '512kb',
        LRS_MAX_BATCH: '50',
        LRS_MAX_STATEMENT_BYTES: '20000',
        LRS_MAX_ATTACHMENT_BYTES: '100000',
        LOG_LEVEL: 'debug',
        LRS_PUBLIC_URL: 'https://lrs.example.org/',
        LRS_CONTENT_DIR: '../course/content',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/lrs',
      databaseUrl: 'postgres://lrs:pw@db:5432/lrs',
      defaultXapiVersion: '1.0.3',
      bodyLimit: '512kb',
      maxBatch: 50,
      maxStatementBytes: 20000,
      maxAttachmentBytes: 100000,
      logLevel: 'debug',
      publicUrl: 'https://lrs.example.org',
      contentDir: '/srv/course/content',
      contentDirSet: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['LRS_PORT', { LRS_PORT: 'eighty' }],
    ['LRS_PORT', { LRS_PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['LRS_DEFAULT_XAPI_VERSION', { LRS_DEFAULT_XAPI_VERSION: '1.0.0' }],
    ['LRS_BODY_LIMIT', { LRS_BODY_LIMIT: 'lots' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LRS_MAX_BATCH', { LRS_MAX_BATCH: '0' }],
    ['LRS_ROOT_SECRET', { LRS_ROOT_KEY: 'root' }],
    ['LRS_ROOT_KEY', { LRS_ROOT_KEY: 'has:colon', LRS_ROOT_SECRET: 'long-enough' }],
  ])('rejects an invalid %s with a ConfigError naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('redactConfig', () => {
  it('hides the root secret and the database password', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://lrs:s3cret@db:5432/lrs',
      LRS_ROOT_KEY: 'root',
      LRS_ROOT_SECRET: 'root-secret-value',
    });
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('root-secret-value');
    expect(redactConfig(config)).toMatchObject({
      rootKey: 'root',
      rootSecret: '[redacted]',
      databaseUrl: 'postgres://lrs:[redacted]@db:5432/lrs',
    });
  });
});
