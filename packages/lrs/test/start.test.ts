import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCredentialsCommand, UsageError } from '../src/cli/credentials-command.js';
import { startLrs, type RunningLrs } from '../src/index.js';
import { CredentialVerifier } from '../src/service/credentials/credentials.js';
import { basic, statement } from './support/fixtures.js';

const PACKAGE = resolve(__dirname, '..');
const TSX = resolve(PACKAGE, '../../node_modules/.bin/tsx');

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('startLrs', () => {
  let lrs: RunningLrs;
  const root = basic('start-root', 'start-root-secret');

  beforeAll(async () => {
    lrs = await startLrs({
      port: 0,
      dataDir: null,
      rootKey: 'start-root',
      rootSecret: 'start-root-secret',
      logLevel: 'silent',
    });
  });

  it('serves the LRS on an ephemeral port with the root credential seeded', async () => {
    expect(lrs.url).toBe(`http://127.0.0.1:${lrs.port}`);
    expect(lrs.port).toBeGreaterThan(0);
    const s = statement();
    const headers = {
      Authorization: root,
      'X-Experience-API-Version': '2.0.0',
      'Content-Type': 'application/json',
    };
    const post = await fetch(`${lrs.url}/xapi/statements`, {
      method: 'POST',
      headers,
      body: JSON.stringify(s),
    });
    expect(post.status).toBe(200);
    const back = await fetch(`${lrs.url}/xapi/statements?statementId=${s.id as string}`, { headers });
    const body = (await back.json()) as { authority: unknown };
    expect(body.authority).toEqual({
      objectType: 'Agent',
      account: { homePage: lrs.url, name: 'start-root' },
    });
  });

  it('rejects with "port N is already in use" when the port is taken', async () => {
    const { server, port } = await occupyPort();
    try {
      await expect(startLrs({ port, dataDir: null, logLevel: 'silent' })).rejects.toThrow(
        `port ${port} is already in use`,
      );
    } finally {
      server.close();
    }
  });

  it('runs the credentials commands against its database', async () => {
    const created = await runCredentialsCommand(lrs.db, [
      'create',
      '--scopes',
      'statements/write',
      '--label',
      'cli',
    ]);
    const key = /^key\s+(\S+)$/m.exec(created.join('\n'))![1]!;
    const secret = /^secret\s+(\S+)$/m.exec(created.join('\n'))![1]!;
    expect(await new CredentialVerifier(lrs.db, 0).verify(key, secret)).toEqual({
      key,
      scopes: ['statements/write'],
    });

    const listed = await runCredentialsCommand(lrs.db, ['list']);
    expect(listed.find((l) => l.startsWith(key))).toEqual(expect.stringContaining('active'));
    expect(listed.join('\n')).not.toContain(secret);

    expect(await runCredentialsCommand(lrs.db, ['revoke', key])).toEqual([`revoked ${key}`]);
    expect(await new CredentialVerifier(lrs.db, 0).verify(key, secret)).toBeNull();
    await expect(runCredentialsCommand(lrs.db, ['revoke', key])).rejects.toThrow('no active credential');
    await expect(runCredentialsCommand(lrs.db, ['create', '--scopes', 'everything'])).rejects.toThrow(
      'unknown scope',
    );
    await expect(runCredentialsCommand(lrs.db, ['create'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCredentialsCommand(lrs.db, ['destroy'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCredentialsCommand(lrs.db, ['list', '--bogus'])).rejects.toBeInstanceOf(UsageError);
  });

  it('stops accepting connections and closes the database on close()', async () => {
    await lrs.close();
    await expect(fetch(`${lrs.url}/health`)).rejects.toThrow();
    await expect(lrs.db.query('select 1')).rejects.toThrow();
  });
});

describe('the processes (npm run lrs, npm run lrs:credentials)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lrs-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('npm run lrs prints "LRS: port N is already in use" and exits 1 when the port is taken', async () => {
    const { server, port } = await occupyPort();
    try {
      const run = spawnSync(TSX, ['src/server.ts'], {
        cwd: PACKAGE,
        env: {
          ...process.env,
          LRS_PORT: String(port),
          LRS_DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
          DATABASE_URL: '',
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.stderr).toContain(`LRS: port ${port} is already in use`);
      expect(run.status).toBe(1);
    } finally {
      server.close();
    }
  });

  it('npm run lrs:credentials -- create prints a key and secret once', () => {
    const run = spawnSync(
      TSX,
      ['src/cli/credentials.ts', 'create', '--scopes', 'statements/write,statements/read'],
      {
        cwd: PACKAGE,
        env: { ...process.env, LRS_DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^key\s+lrs-\S+$/m);
    expect(run.stdout).toMatch(/^secret\s+\S{20,}$/m);
    expect(run.stdout).toMatch(/^scopes\s+statements\/write,statements\/read$/m);
  });
});
