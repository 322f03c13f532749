import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { LmsOptions } from '@course/contracts';
import {
  buildPackages,
  DEFAULT_PLAYER_DIR,
  FORMATS,
  formatKb,
  PLAYER_JS_BUDGET,
  playerScriptSize,
  type PackageFormat,
  type Scorm2004Structure,
} from './build.js';
import { ContentInvalidError, PackageInvalidError, UsageError, formatIssue } from './issues.js';
import { loadCourse } from './content/load.js';
import { courseStats, formatStats } from './content/stats.js';

const HELP = `builder — turns content/ into packages for an LMS

Usage:
  builder [--content DIR] [--out DIR] [--format F] [--scope S] [LMS options] [--no-xapi] [--no-schema]
  builder check [--content DIR] [--module FOLDER]
  builder stats [--content DIR] [--module FOLDER] [--json]

Options:
  --content DIR   the course folder (default: content)
  --out DIR       where packages are written (default: build/packages)
  --format F      package format (repeatable; default: all of them):
                    scorm12    SCORM 1.2, single SCO (imsmanifest.xml)
                    scorm2004  SCORM 2004 4th Edition, single SCO with a primary objective (imsmanifest.xml)
                    cmi5       cmi5 course structure, one AU per module (cmi5.xml)
                    tincan     xAPI package, one launchable course activity (tincan.xml)
  --scope S       course | modules | all (default: all = the whole course and each module)
  --no-xapi       SCORM packages never send xAPI statements, even when launched with xAPI parameters
  --no-schema     skip the official-schema validation (it runs whenever xmllint is installed)

Options for known LMS differences (defaults first):
  --scorm2004-structure single-sco|sco-per-module
                  the SCORM 2004 course package as one SCO, or one SCO per module with flow and
                  choice navigation, completion/satisfaction roll-up and global objectives C01-C13
  --scorm12-on-pass passed|completed
                  SCORM 1.2 lesson_status once the pass mark is reached (some LMSs count only "completed")
  --scorm12-on-fail failed|incomplete
                  SCORM 1.2 lesson_status after a failed knowledge check ("incomplete" allows a retry
                  in LMSs that lock an attempt once it is "failed")
  --incomplete-when-failed
                  SCORM 2004 completion_status and cmi5 "completed" wait for a pass (default: a
                  failed learner who has seen everything is reported completed)
  --exit-when-incomplete suspend|normal
                  cmi.core.exit / cmi.exit when the learner leaves early ("normal" for LMSs that
                  mishandle suspended attempts; the learner then starts again)
  --unique-interaction-ids
                  suffix each interaction id with its index, for LMSs that overwrite repeated ids
  --manifest-id ID
                  base of the manifest identifier (default: the course id); scope and format are
                  appended. Give each release or tenant its own where the LMS keys uploads by it.
  --module F      check/stats: only this module folder (repeatable), listed in course.yaml or not
  --json          stats: print JSON instead of a table
  -h, --help      this help

Examples:
  npm run build:packages -- --out dist/packages
  builder --format scorm12 --scope course --out /tmp/pkgs
  builder --format cmi5 --format tincan --scope modules
  builder --format scorm2004 --scope course --scorm2004-structure sco-per-module
  builder --format scorm12 --scorm12-on-pass completed --scorm12-on-fail incomplete --manifest-id acme-2026
  builder check
  npm run content:stats -- --json

Exit codes: 0 success, 1 invalid content or package, 2 usage error.`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        content: { type: 'string', default: 'content' },
        out: { type: 'string', default: 'build/packages' },
        format: { type: 'string', multiple: true },
        scope: { type: 'string', default: 'all' },
        'no-xapi': { type: 'boolean', default: false },
        'no-schema': { type: 'boolean', default: false },
        'scorm2004-structure': { type: 'string' },
        'scorm12-on-pass': { type: 'string' },
        'scorm12-on-fail': { type: 'string' },
        'incomplete-when-failed': { type: 'boolean', default: false },
        'exit-when-incomplete': { type: 'string' },
        'unique-interaction-ids': { type: 'boolean', default: false },
        'manifest-id': { type: 'string' },
        module: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`builder: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    if (positionals[0] === 'check' || positionals[0] === 'stats') {
      const course = loadCourse(resolve(values.content), { onlyModules: values.module });
      if (positionals[0] === 'check') {
        console.log(`content OK: ${course.modules.length} module(s) in ${values.content}`);
      } else {
        const stats = courseStats(course);
        console.log(values.json ? JSON.stringify(stats, null, 2) : formatStats(stats));
      }
      return 0;
    }
    if (positionals.length) throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    const scopeMap: Record<string, ('course' | 'modules')[]> = {
      all: ['course', 'modules'],
      course: ['course'],
      modules: ['modules'],
    };
    const scopes = scopeMap[values.scope];
    if (!scopes) throw new UsageError(`unknown scope "${values.scope}"; expected course, modules or all`);
    for (const f of values.format ?? []) {
      if (!FORMATS.includes(f as PackageFormat))
        throw new UsageError(`unknown format "${f}"; expected one of ${FORMATS.join(', ')}`);
    }
    const started = Date.now();
    const built = await buildPackages({
      contentDir: values.content,
      outDir: values.out,
      formats: (values.format as PackageFormat[] | undefined) ?? [...FORMATS],
      scopes,
      xapiFromScorm: !values['no-xapi'],
      schemaCheck: !values['no-schema'],
      lms: {
        ...(values['scorm12-on-pass'] ? { scorm12OnPass: values['scorm12-on-pass'] } : {}),
        ...(values['scorm12-on-fail'] ? { scorm12OnFail: values['scorm12-on-fail'] } : {}),
        ...(values['incomplete-when-failed'] ? { completeWhenFailed: false } : {}),
        ...(values['exit-when-incomplete'] ? { exitWhenIncomplete: values['exit-when-incomplete'] } : {}),
        ...(values['unique-interaction-ids'] ? { uniqueInteractionIds: true } : {}),
      } as Partial<LmsOptions>,
      ...(values['manifest-id'] ? { manifestIdentifier: values['manifest-id'] } : {}),
      ...(values['scorm2004-structure']
        ? { scorm2004Structure: values['scorm2004-structure'] as Scorm2004Structure }
        : {}),
      onProgress: (m) => console.log(`  ${m}`),
    });
    const rows = built.map((p) => [
      p.name,
      p.format,
      `${(p.bytes / 1024).toFixed(1)} KB`,
      String(p.items),
      `references valid; schema ${p.schema}`,
    ]);
    const header = ['package', 'format', 'size', 'items', 'validation'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    console.log(
      `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`,
    );
    const script = playerScriptSize(DEFAULT_PLAYER_DIR);
    console.log(
      `\nplayer JavaScript: ${formatKb(script.gzipBytes)} gzipped (budget ${PLAYER_JS_BUDGET / 1024} KB)`,
    );
    console.log(
      `\n${built.length} package(s) written to ${resolve(values.out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ContentInvalidError) {
      console.error(`builder: the content has ${error.issues.length} problem(s):`);
      for (const issue of error.issues) console.error(`  ${formatIssue(issue)}`);
      return 1;
    }
    if (error instanceof PackageInvalidError) {
      console.error(`builder: ${error.message}`);
      return 1;
    }
    if (error instanceof UsageError) {
      console.error(`builder: ${error.message}\nRun "builder --help" for usage.`);
      return 2;
    }
    throw error;
  }
}

// Run when executed directly (tsx src/cli.ts or the bin), not when imported by tests.
if (process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`builder: internal error: ${(error as Error).stack ?? error}`);
      process.exit(2);
    },
  );
}
