/**
 * `npm run lrs:credentials -- <command>`: manage LRS credentials in the database the LRS uses
 * (same environment variables as `npm run lrs`). With PGlite, stop the LRS first: a PGlite data
 * directory can be open in one process at a time.
 *
 *   create --scopes statements/write[,statements/read…] [--label text] [--key key]
 *   list
 *   revoke <key>
 */
import { ConfigError, loadConfig } from '../config.js';
import { CredentialError } from '../service/credentials/credentials.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { runCredentialsCommand, USAGE, UsageError } from './credentials-command.js';

async function main(): Promise<number> {
  let db: Db | undefined;
  try {
    const config = loadConfig();
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    for (const line of await runCredentialsCommand(db, process.argv.slice(2))) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`lrs:credentials: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof CredentialError || error instanceof ConfigError) {
      console.error(`lrs:credentials: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
