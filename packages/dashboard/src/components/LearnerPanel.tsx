import { useEffect, useRef, useState } from 'react';
import type { Overview } from '@course/contracts';
import { filterParams, type Api, type Filters } from '../api.js';
import { cohortLabel, duration, learnerLabel, percent, STATUS, when } from '../format.js';
import { Loading, Problem, useLoad } from './load.js';

/** The answered statements behind one learner × competency value. */
function EvidenceTable({
  api,
  learner,
  competency,
  filters,
}: {
  api: Api;
  learner: string;
  competency: string;
  filters: Filters;
}) {
  const { data, error } = useLoad(
    () => api.evidence({ ...filterParams(filters, ['module', 'from', 'to']), learner, competency }),
    [api, learner, competency, filters],
  );
  if (error) return <Problem error={error} />;
  if (!data) return <Loading what="the statements" />;
  return (
    <div
      className="scroll"
      tabIndex={0}
      role="region"
      aria-label={`Statements behind ${competency}, scrollable`}
    >
      <table className="evidence">
        <caption>
          {competency}: {data.value.correct} of {data.value.evidence} scored answers correct (
          {STATUS[data.value.status].label}), from these answered statements
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Item</th>
            <th scope="col">Response</th>
            <th scope="col">Correct</th>
            <th scope="col">Counts</th>
            <th scope="col">Statement</th>
          </tr>
        </thead>
        <tbody>
          {data.answers.map((a) => (
            <tr key={a.statementId}>
              <td>{when(a.at)}</td>
              <th scope="row" className="item-label">
                {a.label.length > 120 ? `${a.label.slice(0, 119)}…` : a.label}
              </th>
              <td>
                <code>{a.response ?? '—'}</code>
              </td>
              <td>{a.success === null ? '—' : a.success ? 'yes' : 'no'}</td>
              <td>{a.counted ? 'yes' : `no (${a.kind})`}</td>
              <td>
                <details>
                  <summary>
                    JSON <span className="visually-hidden">of statement {a.statementId}</span>
                  </summary>
                  <pre>{JSON.stringify(a.statement, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One learner: values per competency (each with the statements behind it) and modules. */
export function LearnerPanel({
  api,
  learner,
  filters,
  overview,
  onClose,
}: {
  api: Api;
  learner: string;
  filters: Filters;
  overview: Overview;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error } = useLoad(() => api.learner(learner), [api, learner]);
  useEffect(() => setOpen(null), [learner]);
  useEffect(() => {
    if (data) heading.current?.focus();
  }, [data]);
  if (error) return <Problem error={error} />;
  if (!data) return <Loading what="the learner" />;
  return (
    <>
      <h3 ref={heading} tabIndex={-1}>
        {learnerLabel(data.name, data.learner)}
      </h3>
      <p>
        Cohort {cohortLabel(data.cohort)}; {data.statements} statements from {when(data.firstAt)} to{' '}
        {when(data.lastAt)}; identifier <code>{data.learner}</code>.{' '}
        <button type="button" className="link" onClick={onClose}>
          Close the learner
        </button>
      </p>
      <table>
        <caption>Mastery of {learnerLabel(data.name, data.learner)} (all time)</caption>
        <thead>
          <tr>
            <th scope="col">Competency</th>
            <th scope="col">Status</th>
            <th scope="col">Correct of scored</th>
            <th scope="col">Rule</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {overview.competencies.map((c) => {
            const v = data.competencies[c.id];
            return (
              <tr key={c.id}>
                <th scope="row">
                  {c.id} <span className="muted">{c.title}</span>
                </th>
                <td className={`heat ${STATUS[v?.status ?? 'none'].className}`}>
                  {STATUS[v?.status ?? 'none'].label}
                </td>
                <td className="num">{v ? `${v.correct}/${v.evidence} (${percent(v.proportion)})` : '—'}</td>
                <td className="num">{v ? `v${v.ruleVersion}` : '—'}</td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === c.id}
                    onClick={() => setOpen(open === c.id ? null : c.id)}
                  >
                    {open === c.id ? 'Hide' : 'Show'} the statements
                    <span className="visually-hidden"> for {c.id}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {open && <EvidenceTable api={api} learner={learner} competency={open} filters={filters} />}
      {data.modules.length > 0 && (
        <table>
          <caption>Modules of {learnerLabel(data.name, data.learner)}</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Sessions</th>
              <th scope="col">Completed</th>
              <th scope="col">Result</th>
              <th scope="col">Best score</th>
              <th scope="col">Time</th>
              <th scope="col">Last statement</th>
            </tr>
          </thead>
          <tbody>
            {data.modules.map((m) => (
              <tr key={m.module}>
                <th scope="row">{m.title}</th>
                <td className="num">{m.sessions}</td>
                <td>{m.completed ? 'yes' : 'no'}</td>
                <td>{m.passed ? 'passed' : m.failed ? 'failed' : '—'}</td>
                <td className="num">{percent(m.bestScore)}</td>
                <td className="num">{duration(m.timeSpentMs)}</td>
                <td>{when(m.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
