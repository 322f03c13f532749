import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import type { XapiVersion } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { AnalyticsCatalogue } from '../../src/service/analytics/catalogue.js';
import type { StatementLimits } from '../../src/service/statements/store-statements.js';
import { createCredential } from '../../src/service/credentials/credentials.js';
import { openPglite, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

export const V2 = { 'X-Experience-API-Version': '2.0.0' };

export const basic = (key: string, secret: string) =>
  `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/** A valid statement; each call gets a fresh id unless `overrides` sets one. */
export function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: 'Learner', mbox: 'mailto:learner@example.org' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { en: 'experienced' } },
    object: { objectType: 'Activity', id: 'https://course.example.org/xapi/m01/l1' },
    ...overrides,
  };
}

export const verb = (name: string) => ({ id: `https://course.example.org/xapi/verbs/${name}` });

export const V1 = { 'X-Experience-API-Version': '1.0.3' };

export interface TestLrs {
  app: Express;
  db: Db;
  /** Authorization headers for credentials with scope all, statements/write, statements/read and the rest. */
  auth: {
    all: string;
    write: string;
    read: string;
    mine: string;
    state: string;
    profile: string;
    define: string;
    allRead: string;
    analytics: string;
  };
  close(): Promise<void>;
}

/**
 * createApp on a fresh, migrated database (in-memory PGlite unless `db` is given), with one
 * credential per scope kind.
 */
export async function testLrs(
  config: {
    bodyLimit?: string;
    limits?: Partial<StatementLimits>;
    defaultXapiVersion?: XapiVersion;
    analytics?: AnalyticsCatalogue;
    dashboardDir?: string | null;
    db?: Db;
  } = {},
): Promise<TestLrs> {
  const db = config.db ?? (await openPglite(null));
  await migrate(db);
  const all = await createCredential(db, { scopes: ['all'], label: 'test all' });
  const write = await createCredential(db, { scopes: ['statements/write'], label: 'test write' });
  const read = await createCredential(db, { scopes: ['statements/read'], label: 'test read' });
  const more = await Promise.all(
    (
      [
        'statements/read/mine,statements/write',
        'state',
        'profile',
        'define',
        'all/read',
        'analytics/read',
      ] as const
    ).map((scopes) => createCredential(db, { scopes: scopes.split(','), label: `test ${scopes}` })),
  );
  const [mine, state, profile, define, allRead, analytics] = more.map((c) => basic(c.key, c.secret)) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const app = createApp({
    db,
    config: {
      defaultXapiVersion: config.defaultXapiVersion ?? '2.0.0',
      bodyLimit: config.bodyLimit ?? '100kb',
      ...(config.limits ? { limits: config.limits } : {}),
    },
    logger: createLogger('silent'),
    ...(config.analytics ? { analytics: config.analytics } : {}),
    ...(config.dashboardDir !== undefined ? { dashboardDir: config.dashboardDir } : {}),
  });
  return {
    app,
    db,
    auth: {
      all: basic(all.key, all.secret),
      write: basic(write.key, write.secret),
      read: basic(read.key, read.secret),
      mine,
      state,
      profile,
      define,
      allRead,
      analytics,
    },
    close: () => db.close(),
  };
}

/** POST /xapi/statements as a client would: version header, Basic credential, JSON body. */
export function postStatements(
  lrs: TestLrs,
  body: unknown,
  { version = V2, auth = lrs.auth.write }: { version?: Record<string, string>; auth?: string } = {},
) {
  return request(lrs.app)
    .post('/xapi/statements')
    .set(version)
    .set('Authorization', auth)
    .send(body as object);
}
