import { useId, useRef, useState, type FormEvent } from 'react';
import type { Overview } from '@course/contracts';
import { filterParams, NO_COHORT, NO_FILTERS, type Api, type Filters } from './api.js';
import { cohortLabel } from './format.js';
import { Cohorts } from './components/Cohorts.js';
import { Funnel } from './components/Funnel.js';
import { Heatmap } from './components/Heatmap.js';
import { Items } from './components/Items.js';
import { LearnerPanel } from './components/LearnerPanel.js';
import { SignIn } from './components/SignIn.js';

const SECTIONS = [
  ['heatmap', 'Mastery heatmap'],
  ['cohorts', 'Cohort comparison'],
  ['items', 'Item analysis'],
  ['funnel', 'Module funnel'],
  ['learner', 'Learner'],
  ['downloads', 'Downloads'],
] as const;

function FilterForm({
  overview,
  value,
  onApply,
}: {
  overview: Overview;
  value: Filters;
  onApply: (f: Filters) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(draft);
  }
  return (
    <form className="filters" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Filters</h2>
      <div className="field">
        <label htmlFor={`${id}-cohort`}>Cohort</label>
        <select id={`${id}-cohort`} value={draft.cohort} onChange={set('cohort')}>
          <option value="">All cohorts</option>
          {overview.cohorts.map((c) => (
            <option key={c.cohort} value={c.cohort === '' ? NO_COHORT : c.cohort}>
              {cohortLabel(c.cohort)} ({c.learners})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-module`}>Module</label>
        <select id={`${id}-module`} value={draft.module} onChange={set('module')}>
          <option value="">All modules</option>
          {overview.modules.map((m) => (
            <option key={m.iri} value={m.iri}>
              {m.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-competency`}>Competency</label>
        <select id={`${id}-competency`} value={draft.competency} onChange={set('competency')}>
          <option value="">All competencies</option>
          {overview.competencies.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} {c.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={draft.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To (inclusive)</label>
        <input id={`${id}-to`} type="date" value={draft.to} onChange={set('to')} />
      </div>
      <div className="buttons">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

function Downloads({ api, filters }: { api: Api; filters: Filters }) {
  const [status, setStatus] = useState('');
  async function get(path: string, params: Record<string, string>) {
    setStatus('Preparing the file…');
    try {
      setStatus(`Downloaded ${await api.download(path, params)}.`);
    } catch (e) {
      setStatus(`The download failed: ${(e as Error).message}`);
    }
  }
  const all = filterParams(filters);
  const time = filterParams(filters, ['cohort', 'module', 'from', 'to']);
  return (
    <>
      <p>
        CSV files (UTF-8, comma-separated) with the current filters. The columns are described in
        docs/analytics.md.
      </p>
      <ul className="downloads">
        <li>
          <button type="button" onClick={() => void get('export/mastery.csv', all)}>
            Learners × competencies (one row per value)
          </button>
        </li>
        <li>
          <button type="button" onClick={() => void get('export/mastery.csv', { ...all, layout: 'wide' })}>
            Learners × competencies (one row per learner)
          </button>
        </li>
        <li>
          <button type="button" onClick={() => void get('export/items.csv', all)}>
            Item analysis
          </button>
        </li>
        <li>
          <button type="button" onClick={() => void get('export/statements.csv', time)}>
            Raw statements, flattened
          </button>
        </li>
      </ul>
      <p role="status">{status}</p>
    </>
  );
}

/** The dashboard: sign in, then the reports under one set of filters. */
export function App() {
  const [session, setSession] = useState<{ api: Api; key: string; overview: Overview } | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [learner, setLearner] = useState<string | null>(null);
  const learnerSection = useRef<HTMLElement>(null);

  if (!session) return <SignIn onSignedIn={(api, key, overview) => setSession({ api, key, overview })} />;
  const { api, overview } = session;
  const stale = overview.ruleVersionsInUse.filter((v) => v !== overview.rule.ruleVersion);

  return (
    <>
      <a className="skip" href="#main">
        Skip to the reports
      </a>
      <header className="top">
        <h1>Competency analytics</h1>
        <p>
          {overview.learners} learners, {overview.statements} statements in the course profile,{' '}
          {overview.cohorts.length} cohorts. Signed in as <code>{session.key}</code>.{' '}
          <button type="button" className="link" onClick={() => setSession(null)}>
            Sign out
          </button>
        </p>
        <nav aria-label="Reports">
          <ul>
            {SECTIONS.map(([href, label]) => (
              <li key={href}>
                <a href={`#${href}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {!overview.catalogue && (
          <p className="notice">
            The LRS runs without the course content: every answered item counts as scored, and no module
            titles are known.
          </p>
        )}
        {stale.length > 0 && (
          <p className="notice">
            Some stored values were judged with rule version {stale.join(', ')}; the framework is at version{' '}
            {overview.rule.ruleVersion}. Rebuild the read model (npm run lrs:analytics -- rebuild) to judge
            all history by the current rule.
          </p>
        )}
        <FilterForm overview={overview} value={filters} onApply={setFilters} />
        <section id="heatmap" aria-labelledby="heatmap-h">
          <h2 id="heatmap-h">Mastery heatmap</h2>
          <Heatmap
            api={api}
            filters={filters}
            overview={overview}
            onSelect={(l) => {
              setLearner(l);
              learnerSection.current?.scrollIntoView();
            }}
          />
        </section>
        <section id="cohorts" aria-labelledby="cohorts-h">
          <h2 id="cohorts-h">Cohort comparison</h2>
          <Cohorts api={api} filters={filters} overview={overview} />
        </section>
        <section id="items" aria-labelledby="items-h">
          <h2 id="items-h">Item analysis</h2>
          <Items api={api} filters={filters} overview={overview} />
        </section>
        <section id="funnel" aria-labelledby="funnel-h">
          <h2 id="funnel-h">Module funnel</h2>
          <Funnel api={api} filters={filters} />
        </section>
        <section id="learner" aria-labelledby="learner-h" ref={learnerSection}>
          <h2 id="learner-h">Learner</h2>
          {learner ? (
            <LearnerPanel
              api={api}
              learner={learner}
              filters={filters}
              overview={overview}
              onClose={() => setLearner(null)}
            />
          ) : (
            <p>Choose a learner’s name in the heatmap to see their values and the statements behind them.</p>
          )}
        </section>
        <section id="downloads" aria-labelledby="downloads-h">
          <h2 id="downloads-h">Downloads</h2>
          <Downloads api={api} filters={filters} />
        </section>
      </main>
    </>
  );
}
