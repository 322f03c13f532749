import { useId, useState } from 'react';
import { ITEM_FLAG_RULES, type ItemFlag, type ItemStats, type Overview } from '@course/contracts';
import { filterParams, type Api, type Filters } from '../api.js';
import { decimal, percent } from '../format.js';
import { Loading, Problem, useLoad } from './load.js';

const FLAG_TEXT: Record<ItemFlag, string> = {
  hard: 'hard',
  easy: 'too easy',
  'low-discrimination': 'low discrimination',
  'negative-discrimination': 'negative discrimination',
};

type Sort = 'course' | 'difficulty' | 'discrimination' | 'learners';
const SORTS: Record<Sort, (a: ItemStats, b: ItemStats) => number> = {
  course: () => 0,
  difficulty: (a, b) => (a.difficulty ?? 2) - (b.difficulty ?? 2),
  discrimination: (a, b) => (a.discrimination ?? 2) - (b.discrimination ?? 2),
  learners: (a, b) => b.learners - a.learners,
};

/**
 * Item analysis: per item, attempts, difficulty (proportion right at the first attempt),
 * discrimination (point-biserial with the rest score) and the first responses; flagged items are
 * marked in words and highlighted.
 */
export function Items({ api, filters, overview }: { api: Api; filters: Filters; overview: Overview }) {
  const id = useId();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [scoredOnly, setScoredOnly] = useState(true);
  const [sort, setSort] = useState<Sort>('course');
  const { data, error } = useLoad(() => api.items(filterParams(filters)), [api, filters]);
  if (error) return <Problem error={error} />;
  if (!data) return <Loading what="the item analysis" />;
  const titles = new Map(overview.modules.map((m) => [m.iri, m.title]));
  const items = data.items
    .filter((i) => !flaggedOnly || i.flags.length > 0)
    .filter((i) => !scoredOnly || i.kind === 'scored' || i.kind === 'unlisted')
    .sort(SORTS[sort]);
  const flagged = data.items.filter((i) => i.flags.length > 0).length;
  return (
    <>
      <p>
        {flagged} of {data.items.length} items are flagged. An item is flagged, once at least{' '}
        {ITEM_FLAG_RULES.minLearners} learners answered it, when fewer than{' '}
        {percent(ITEM_FLAG_RULES.hardBelow)} or more than {percent(ITEM_FLAG_RULES.easyAbove)} get it right at
        the first attempt, or when its discrimination is below{' '}
        {ITEM_FLAG_RULES.discriminationBelow.toFixed(2)} (it does not separate learners who do well on the
        other items of the module from those who do not).
      </p>
      <div className="controls">
        <div className="check">
          <input
            id={`${id}-flagged`}
            type="checkbox"
            checked={flaggedOnly}
            onChange={(e) => setFlaggedOnly(e.target.checked)}
          />
          <label htmlFor={`${id}-flagged`}>Only flagged items</label>
        </div>
        <div className="check">
          <input
            id={`${id}-scored`}
            type="checkbox"
            checked={scoredOnly}
            onChange={(e) => setScoredOnly(e.target.checked)}
          />
          <label htmlFor={`${id}-scored`}>Only scored items (not practice or pre-assessment)</label>
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-sort`}>Sort by</label>
          <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="course">course order</option>
            <option value="difficulty">difficulty, hardest first</option>
            <option value="discrimination">discrimination, lowest first</option>
            <option value="learners">learners, most first</option>
          </select>
        </div>
      </div>
      {items.length === 0 ? (
        <p>No item matches.</p>
      ) : (
        <div className="scroll" tabIndex={0} role="region" aria-label="Item analysis table, scrollable">
          <table className="items">
            <caption>Item analysis ({items.length} items)</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Module</th>
                <th scope="col">Competencies</th>
                <th scope="col">Learners</th>
                <th scope="col">Attempts</th>
                <th scope="col">Difficulty</th>
                <th scope="col">Discrimination</th>
                <th scope="col">Flags</th>
                <th scope="col">First responses (✓ correct)</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.item} className={i.flags.length ? 'flagged' : undefined}>
                  <th scope="row" className="item-label">
                    {i.label.length > 140 ? `${i.label.slice(0, 139)}…` : i.label}
                    <br />
                    <span className="muted">
                      {i.kind}, {i.interactionType}
                    </span>
                  </th>
                  <td>{titles.get(i.module) ?? i.module}</td>
                  <td>{i.competencies.join(' ')}</td>
                  <td className="num">{i.learners}</td>
                  <td className="num">{i.attempts}</td>
                  <td className="num">{percent(i.difficulty)}</td>
                  <td className="num">{decimal(i.discrimination)}</td>
                  <td>
                    {i.flags.length ? (
                      <strong>⚑ {i.flags.map((f) => FLAG_TEXT[f]).join(', ')}</strong>
                    ) : (
                      'none'
                    )}
                  </td>
                  <td>
                    <ul className="responses">
                      {i.responses.map((r) => (
                        <li key={r.value}>
                          {r.correct ? '✓ ' : ''}
                          {r.label.length > 60 ? `${r.label.slice(0, 59)}…` : r.label}: {r.learners}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
