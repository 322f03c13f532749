import { filterParams, type Api, type Filters } from '../api.js';
import { duration, percent } from '../format.js';
import { BarChart } from './BarChart.js';
import { Loading, Problem, useLoad } from './load.js';

/** Per module: how many learners started it, completed it and passed it (chart and table). */
export function Funnel({ api, filters }: { api: Api; filters: Filters }) {
  const { data, error } = useLoad(
    () => api.modules(filterParams(filters, ['cohort', 'module', 'from', 'to'])),
    [api, filters],
  );
  if (error) return <Problem error={error} />;
  if (!data) return <Loading what="the module funnel" />;
  const modules = data.modules;
  if (modules.length === 0) return <p>No module has statements for these filters.</p>;
  const max = Math.max(...modules.map((m) => m.launched));
  const weakest = [...modules]
    .filter((m) => m.kind === 'module' && m.launched > 0)
    .sort((a, b) => a.passed / a.launched - b.passed / b.launched)[0];
  const summary =
    `Learners who started, completed and passed each of ${modules.length} modules. ` +
    (weakest ? `Lowest pass rate: ${weakest.title}, ${weakest.passed} of ${weakest.launched} passed. ` : '') +
    'The table below has every value.';
  return (
    <>
      <BarChart
        title="Module funnel: started, completed, passed"
        summary={summary}
        series={['Started', 'Completed', 'Passed']}
        groups={modules.map((m) => ({ label: m.title, values: [m.launched, m.completed, m.passed] }))}
        max={max}
        format={(v) => String(v)}
      />
      <div className="scroll" tabIndex={0} role="region" aria-label="Module funnel table, scrollable">
        <table>
          <caption>Module funnel</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
              <th scope="col">Passed</th>
              <th scope="col">Failed, not passed</th>
              <th scope="col">Resumed</th>
              <th scope="col">Pass rate</th>
              <th scope="col">Mean time</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.module}>
                <th scope="row">{m.title}</th>
                <td className="num">{m.launched}</td>
                <td className="num">{m.completed}</td>
                <td className="num">{m.passed}</td>
                <td className="num">{m.failed}</td>
                <td className="num">{m.resumed}</td>
                <td className="num">{percent(m.launched ? m.passed / m.launched : null)}</td>
                <td className="num">{duration(m.meanTimeSpentMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Started: any statement in the module. Completed, passed, failed: the module package’s completed,
        passed and failed statements. Resumed: more than one session. Time: the sessions’ durations
        (terminated statements), averaged over those who started.
      </p>
    </>
  );
}
