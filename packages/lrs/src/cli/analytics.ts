/**
 * `npm run lrs:analytics -- <command>`: the competency analytics read model, in the database the LRS
 * uses (same environment variables as `npm run lrs`, including LRS_CONTENT_DIR for the course and
 * its mastery rule). With PGlite, stop the LRS first (one process per data directory); with
 * PostgreSQL it may run beside a serving LRS (writes wait for the rebuild to commit).
 *
 *   rebuild   recompute every analytics table from the stored statements, with the current rule
 *   status    the rule, the rule versions of the stored values, counts
 *
 * Exit codes: 0 done, 1 configuration or content problem, 2 usage.
 */
import { ConfigError, loadConfig } from '../config.js';
import { catalogueFor } from '../service/analytics/load-content.js';
import { AnalyticsReads } from '../store/analytics-reads.js';
import { AnalyticsStore } from '../store/analytics-store.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';

const USAGE = `usage: npm run lrs:analytics -- rebuild | status`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (argv.length !== 1 || (command !== 'rebuild' && command !== 'status')) {
    console.error(USAGE);
    return 2;
  }
  let db: Db | undefined;
  try {
    const config = loadConfig();
    const catalogue = await catalogueFor(config, (m) => console.error(`lrs:analytics: ${m}`));
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    const rule = catalogue.rule;
    if (command === 'rebuild') {
      console.error(
        `rebuilding with rule version ${rule.ruleVersion} (≥ ${rule.masteryThreshold} of ≥ ${rule.minimumEvidence} scored answers)`,
      );
      const report = await new AnalyticsStore(catalogue).rebuild(db, {
        onProgress: (m) => console.error(`  ${m}`),
      });
      console.log(
        `rebuilt: ${report.statements} statements, ${report.facts} in the course profile, ${report.learners} learners, ${(report.ms / 1000).toFixed(1)} s`,
      );
    } else {
      const reads = new AnalyticsReads(db);
      const cohorts = await reads.cohortList();
      console.log(
        `rule version ${rule.ruleVersion}: ≥ ${rule.masteryThreshold} of ≥ ${rule.minimumEvidence} scored answers`,
      );
      console.log(
        `stored values judged with rule versions: ${(await reads.ruleVersions()).join(', ') || 'none'}`,
      );
      console.log(`learners: ${cohorts.reduce((n, c) => n + c.learners, 0)}, cohorts: ${cohorts.length}`);
    }
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      (error instanceof Error && /content|LRS_CONTENT_DIR/.test(error.message))
    ) {
      console.error(`lrs:analytics: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
