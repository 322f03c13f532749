import { useId } from 'react';
import type { ComparisonBlock } from '../blocks/block-types.js';

/** A real table: caption, column headers, and the first cell of each row as its row header. */
export function Comparison({ block }: { block: ComparisonBlock }) {
  const id = useId();
  return (
    <div className="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <table className="comparison">
        <caption id={id}>{block.caption}</caption>
        <thead>
          <tr>
            {block.columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={c}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
