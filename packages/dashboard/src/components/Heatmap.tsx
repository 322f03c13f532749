import { useEffect, useState } from 'react';
import type { LearnerMastery, MasteryCell, Overview } from '@course/contracts';
import { filterParams, type Api, type Filters } from '../api.js';
import { cohortLabel, learnerLabel, percent, STATUS } from '../format.js';
import { Loading, Problem, useLoad } from './load.js';

function Cell({ value }: { value: MasteryCell | undefined }) {
  const s = STATUS[value?.status ?? 'none'];
  return (
    <td className={`heat ${s.className}`}>
      {value ? (
        <>
          <span aria-hidden="true">{s.symbol} </span>
          <span className="visually-hidden">{s.label}, </span>
          {value.correct}/{value.evidence}
        </>
      ) : (
        <span className="visually-hidden">no evidence</span>
      )}
    </td>
  );
}

/**
 * Learners × competencies: each cell is the learner's value under the mastery rule (symbol, colour
 * and text say the same thing). The table is the heatmap; a learner's name opens their drill-down.
 */
export function Heatmap({
  api,
  filters,
  overview,
  onSelect,
}: {
  api: Api;
  filters: Filters;
  overview: Overview;
  onSelect: (learner: string) => void;
}) {
  const competencies = overview.competencies.filter(
    (c) => !filters.competency || c.id === filters.competency,
  );
  const first = useLoad(() => api.mastery({ ...filterParams(filters), limit: '100' }), [api, filters]);
  const [more, setMore] = useState<{ learners: LearnerMastery[]; next: string | null; busy: boolean }>({
    learners: [],
    next: null,
    busy: false,
  });
  useEffect(() => setMore({ learners: [], next: first.data?.next ?? null, busy: false }), [first.data]);

  async function loadMore() {
    if (!more.next) return;
    setMore((m) => ({ ...m, busy: true }));
    const page = await api.mastery({ ...filterParams(filters), limit: '100', cursor: more.next });
    setMore((m) => ({ learners: [...m.learners, ...page.learners], next: page.next, busy: false }));
  }

  if (first.error) return <Problem error={first.error} />;
  if (!first.data) return <Loading what="mastery values" />;
  const learners = [...first.data.learners, ...more.learners];
  const rule = first.data.rule;
  return (
    <>
      <p>
        Rule version {rule.ruleVersion}: a competency is <strong>mastered</strong> with at least{' '}
        {percent(rule.masteryThreshold)} correct of at least {rule.minimumEvidence} scored answers. Cells show
        correct/scored answers. <span className="legend st-mastered">✓ mastered</span>{' '}
        <span className="legend st-not">✗ not mastered</span>{' '}
        <span className="legend st-insufficient">… not enough evidence</span>{' '}
        <span className="legend st-none">empty: no evidence</span>
      </p>
      {learners.length === 0 ? (
        <p>No learner matches these filters.</p>
      ) : (
        <div className="scroll" tabIndex={0} role="region" aria-label="Mastery heatmap, scrollable">
          <table className="heatmap">
            <caption>
              Mastery per learner and competency ({learners.length} learners
              {more.next ? ', more available' : ''})
            </caption>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                <th scope="col">Cohort</th>
                {competencies.map((c) => (
                  <th scope="col" key={c.id}>
                    <abbr title={c.title}>{c.id}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {learners.map((l) => (
                <tr key={l.learner}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onSelect(l.learner)}>
                      {learnerLabel(l.name, l.learner)}
                    </button>
                  </th>
                  <td>{cohortLabel(l.cohort)}</td>
                  {competencies.map((c) => (
                    <Cell key={c.id} value={l.competencies[c.id]} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more.next && (
        <button type="button" onClick={() => void loadMore()} disabled={more.busy}>
          {more.busy ? 'Loading…' : 'Show more learners'}
        </button>
      )}
      <details>
        <summary>Competency titles</summary>
        <dl className="titles">
          {overview.competencies.map((c) => (
            <div key={c.id}>
              <dt>{c.id}</dt>
              <dd>{c.title}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
