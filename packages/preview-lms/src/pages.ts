import type { ImportedPackage } from './package-store.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1b1b1b; }
body { margin: 0; background: #f3f4f6; }
header { background: #12355b; color: #fff; padding: .75rem 1rem; display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
header a { color: #fff; }
header h1 { font-size: 1.15rem; margin: 0; }
main { padding: 1rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 1rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
iframe { width: 100%; height: 80vh; border: 1px solid #9ca3af; background: #fff; }
aside, section { background: #fff; border: 1px solid #d1d5db; padding: 1rem; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #d1d5db; padding: .4rem .5rem; text-align: left; vertical-align: top; }
button { font: inherit; padding: .4rem .8rem; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
`;

export function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Preview LMS</title>
<style>${STYLE}</style>
${head}
</head>
<body>
<header><a href="/">Preview LMS</a><h1>${esc(title)}</h1></header>
${body}
</body>
</html>
`;
}

const VERSION_LABEL: Record<ImportedPackage['version'], string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004 4th Edition',
};

export function indexPage(packages: ImportedPackage[], lrsEndpoint?: string): string {
  const rows = packages
    .map(
      (p) =>
        `<tr><td>${esc(p.title)}</td><td>${VERSION_LABEL[p.version]}</td><td><code>${esc(p.name)}.zip</code></td><td><a href="/launch/${encodeURIComponent(p.name)}">Launch ${esc(p.name)}</a></td></tr>`,
    )
    .join('\n');
  const lrs = lrsEndpoint
    ? `<p>Statements go to the LRS at <code>${esc(lrsEndpoint)}</code>. <a href="/statements">See the statements the LRS has stored</a>.</p>`
    : '<p>No LRS is configured: packages run with SCORM tracking only.</p>';
  return layout(
    'Packages',
    `<main><section><p>This page plays the part of an LMS: each package below was imported from its zip, and launches with the SCORM runtime API of its edition (scorm-again: <code>window.API</code> for SCORM 1.2, <code>window.API_1484_11</code> for SCORM 2004) on this page, as a real LMS provides it.</p>${lrs}
<table><caption>Imported packages</caption><thead><tr><th scope="col">Title</th><th scope="col">Standard</th><th scope="col">File</th><th scope="col">Launch</th></tr></thead><tbody>${rows}</tbody></table></section></main>`,
  );
}

export interface LaunchConfig {
  packageName: string;
  attemptUrl: string;
  launchUrl: string;
  learner: { id: string; name: string };
  masteryScore?: number;
  scaledPassingScore?: number;
}

/** The LMS values panel and the script that installs the runtime, per SCORM edition. */
const RUNTIMES: Record<ImportedPackage['version'], { script: string; values: string; install: string }> = {
  scorm12: {
    script: '/runtime/scorm12.min.js',
    values: `<dt>Learner</dt><dd id="v-learner"></dd>
<dt>Status</dt><dd id="v-status" data-cmi="cmi.core.lesson_status"></dd>
<dt>Score</dt><dd id="v-score" data-cmi="cmi.core.score.raw"></dd>
<dt>Location</dt><dd id="v-location" data-cmi="cmi.core.lesson_location"></dd>`,
    install: `
  const api = new Scorm12API({ autocommit: false, lmsCommitUrl: cfg.attemptUrl, logLevel: 4 });
  // RTE 3.4.2: values the LMS supplies before LMSInitialize.
  if (stored && stored.cmi) api.loadFromJSON(stored.cmi, 'cmi');
  const wasSuspended = !!(stored && stored.cmi && stored.cmi.core && stored.cmi.core.exit === 'suspend');
  api.cmi.core.entry = wasSuspended ? 'resume' : (stored && stored.cmi ? '' : 'ab-initio');
  api.cmi.core.student_id = cfg.learner.id;
  api.cmi.core.student_name = cfg.learner.name;
  if (cfg.masteryScore !== undefined) api.cmi.student_data.mastery_score = String(cfg.masteryScore);
  const values = () => ({
    status: api.cmi.core.lesson_status,
    score: api.cmi.core.score.raw,
    location: api.cmi.core.lesson_location,
  });
  const commitEvent = 'LMSCommit';
  const setEvent = 'LMSSetValue.cmi.*';
  window.API = api;`,
  },
  scorm2004: {
    script: '/runtime/scorm2004.min.js',
    values: `<dt>Learner</dt><dd id="v-learner"></dd>
<dt>Completion</dt><dd id="v-completion" data-cmi="cmi.completion_status"></dd>
<dt>Success</dt><dd id="v-success" data-cmi="cmi.success_status"></dd>
<dt>Score</dt><dd id="v-score" data-cmi="cmi.score.scaled"></dd>
<dt>Location</dt><dd id="v-location" data-cmi="cmi.location"></dd>`,
    install: `
  const api = new Scorm2004API({ autocommit: false, lmsCommitUrl: cfg.attemptUrl, logLevel: 4 });
  // SCORM 2004 RTE 4.2: values the LMS supplies before Initialize.
  if (stored && stored.cmi) api.loadFromJSON(stored.cmi, 'cmi');
  const wasSuspended = !!(stored && stored.cmi && stored.cmi.exit === 'suspend');
  api.cmi.entry = wasSuspended ? 'resume' : (stored && stored.cmi ? '' : 'ab-initio');
  api.cmi.learner_id = cfg.learner.id;
  api.cmi.learner_name = cfg.learner.name;
  if (cfg.scaledPassingScore !== undefined) api.cmi.scaled_passing_score = String(cfg.scaledPassingScore);
  const values = () => ({
    completion: api.cmi.completion_status,
    success: api.cmi.success_status,
    score: api.cmi.score.scaled,
    location: api.cmi.location,
  });
  const commitEvent = 'Commit';
  const setEvent = 'SetValue.cmi.*';
  window.API_1484_11 = api;`,
  },
};

/**
 * The LMS page: scorm-again's Scorm12API as `window.API` (SCORM 1.2) or Scorm2004API as
 * `window.API_1484_11` (SCORM 2004), restored from the last commit, and the package's launch file in an
 * iframe. Commits are POSTed to the attempt URL (lmsCommitUrl).
 */
export function launchPage(pkg: ImportedPackage, config: LaunchConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const runtime = RUNTIMES[pkg.version];
  return layout(
    pkg.title,
    `<main class="layout">
<iframe id="sco" title="${esc(pkg.title)}"></iframe>
<aside aria-labelledby="lms-values-title">
<h2 id="lms-values-title">LMS values</h2>
<p>${VERSION_LABEL[pkg.version]}</p>
<dl id="lms-values">
${runtime.values}
<dt>Suspend data</dt><dd id="v-suspend"></dd>
<dt>Commits</dt><dd id="v-commits">0</dd>
</dl>
<p><button type="button" id="reset">Reset this attempt</button></p>
</aside>
</main>
<script type="application/json" id="launch-config">${json}</script>
<script>
(async () => {
  const cfg = JSON.parse(document.getElementById('launch-config').textContent);
  const stored = await fetch(cfg.attemptUrl).then((r) => (r.ok ? r.json() : null));${runtime.install}
  let commits = stored ? stored.commits : 0;
  const show = () => {
    document.getElementById('v-learner').textContent = cfg.learner.name + ' (' + cfg.learner.id + ')';
    for (const [key, value] of Object.entries(values())) document.getElementById('v-' + key).textContent = value;
    document.getElementById('v-suspend').textContent = api.cmi.suspend_data.length + ' characters';
    document.getElementById('v-commits').textContent = String(commits);
  };
  api.on(commitEvent, () => { commits += 1; setTimeout(show, 0); });
  api.on(setEvent, () => setTimeout(show, 0));
  show();
  document.getElementById('reset').addEventListener('click', async () => {
    await fetch(cfg.attemptUrl, { method: 'DELETE' });
    location.reload();
  });
  document.getElementById('sco').src = cfg.launchUrl;
})();
</script>`,
    `<script src="${runtime.script}"></script>`,
  );
}

export function statementsPage(statements: Array<Record<string, unknown>>, error?: string): string {
  const name = (x: unknown) => {
    const o = x as {
      display?: Record<string, string>;
      definition?: { name?: Record<string, string> };
      id?: string;
      name?: string;
      account?: { name?: string };
    };
    return o?.display?.en ?? o?.definition?.name?.en ?? o?.name ?? o?.account?.name ?? o?.id ?? '';
  };
  const rows = statements
    .map((s) => {
      const result = s.result as
        { success?: boolean; response?: string; score?: { raw?: number } } | undefined;
      const outcome = result
        ? [
            result.success === undefined ? '' : result.success ? 'success' : 'no success',
            result.score?.raw !== undefined ? `score ${result.score.raw}` : '',
            result.response ? `response ${result.response}` : '',
          ]
            .filter(Boolean)
            .join(', ')
        : '';
      return `<tr><td>${esc(String(s.stored ?? ''))}</td><td>${esc(name(s.actor))}</td><td>${esc(name(s.verb))}</td><td>${esc(name(s.object))}<br><code>${esc(String((s.object as { id?: string })?.id ?? ''))}</code></td><td>${esc(outcome)}</td></tr>`;
    })
    .join('\n');
  const body = error
    ? `<p role="alert">${esc(error)}</p>`
    : `<table><caption>The ${statements.length} most recent statements</caption><thead><tr><th scope="col">Stored</th><th scope="col">Actor</th><th scope="col">Verb</th><th scope="col">Object</th><th scope="col">Result</th></tr></thead><tbody>${rows}</tbody></table>`;
  return layout('Statements in the LRS', `<main><section>${body}</section></main>`);
}
