import type { Overview } from '@course/contracts';
import { filterParams, type Api, type Filters } from '../api.js';
import { cohortLabel, percent } from '../format.js';
import { BarChart } from './BarChart.js';
import { Loading, Problem, useLoad } from './load.js';

/**
 * Cohorts side by side: the share of each cohort's learners who master each competency (chart and
 * table), and per module how many of those who started it passed it.
 */
export function Cohorts({ api, filters, overview }: { api: Api; filters: Filters; overview: Overview }) {
  const { data, error } = useLoad(
    () => api.cohorts(filterParams(filters, ['cohort', 'module', 'competency', 'from', 'to'])),
    [api, filters],
  );
  if (error) return <Problem error={error} />;
  if (!data) return <Loading what="the cohort comparison" />;
  if (data.cohorts.length === 0) return <p>No cohort has statements for these filters.</p>;
  const cohorts = data.cohorts;
  const competencies = overview.competencies.filter(
    (c) => !filters.competency || c.id === filters.competency,
  );
  const modules = overview.modules.filter((m) => cohorts.some((c) => c.modules[m.iri]));
  const best = (id: string) => {
    const ranked = cohorts
      .map((c) => ({ c: cohortLabel(c.cohort), v: c.competencies[id]?.masteredShare ?? null }))
      .filter((x) => x.v !== null)
      .sort((a, b) => b.v! - a.v!);
    return ranked[0] ? `${ranked[0].c} (${percent(ranked[0].v)})` : 'none';
  };
  const summary =
    `Share of learners who master each competency, per cohort. ` +
    competencies.map((c) => `${c.id}: highest ${best(c.id)}`).join('; ') +
    '. The table below has every value.';
  return (
    <>
      <BarChart
        title="Learners who master each competency, by cohort"
        summary={summary}
        series={cohorts.map((c) => `${cohortLabel(c.cohort)} (${c.learners})`)}
        groups={competencies.map((c) => ({
          label: `${c.id} ${c.title}`,
          values: cohorts.map((k) => k.competencies[c.id]?.masteredShare ?? (k.learners > 0 ? 0 : null)),
        }))}
        max={1}
        format={percent}
      />
      <div className="scroll" tabIndex={0} role="region" aria-label="Cohort comparison table, scrollable">
        <table>
          <caption>
            Learners who master each competency, by cohort (mastered of all learners in the cohort)
          </caption>
          <thead>
            <tr>
              <th scope="col">Competency</th>
              {cohorts.map((c) => (
                <th scope="col" key={c.cohort}>
                  {cohortLabel(c.cohort)}
                  <br />
                  <span className="muted">{c.learners} learners</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {competencies.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.id} <span className="muted">{c.title}</span>
                </th>
                {cohorts.map((k) => {
                  const v = k.competencies[c.id];
                  return (
                    <td key={k.cohort} className="num">
                      {v
                        ? `${percent(v.masteredShare)} (${v.mastered} of ${k.learners}); ${percent(v.proportion)} correct`
                        : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {modules.length > 0 && (
        <div className="scroll" tabIndex={0} role="region" aria-label="Modules by cohort, scrollable">
          <table>
            <caption>Modules by cohort: passed of those who started</caption>
            <thead>
              <tr>
                <th scope="col">Module</th>
                {cohorts.map((c) => (
                  <th scope="col" key={c.cohort}>
                    {cohortLabel(c.cohort)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {modules.map((m) => (
                <tr key={m.iri}>
                  <th scope="row">{m.title}</th>
                  {cohorts.map((k) => {
                    const v = k.modules[m.iri];
                    return (
                      <td key={k.cohort} className="num">
                        {v ? `${v.passed} of ${v.launched}` : '—'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
