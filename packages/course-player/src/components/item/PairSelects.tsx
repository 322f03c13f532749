import { useId } from 'react';
import { t } from '../../i18n/t.js';

export interface PairSelectsProps {
  /** The lines to answer: each gets a select labelled by its text. */
  rows: ReadonlyArray<{ id: string; text: string }>;
  options: ReadonlyArray<{ id: string; text: string }>;
  value: Record<string, string>;
  onChange: (rowId: string, optionId: string) => void;
}

/** Matching and categorising: for each line, a labelled select of the possible answers. */
export function PairSelects({ rows, options, value, onChange }: PairSelectsProps) {
  const id = useId();
  return (
    <ul className="pairs">
      {rows.map((row) => (
        <li key={row.id} className="pair">
          <label htmlFor={`${id}-${row.id}`}>{row.text}</label>
          <select
            id={`${id}-${row.id}`}
            value={value[row.id] ?? ''}
            onChange={(e) => onChange(row.id, e.target.value)}
          >
            <option value="">{t('chooseOption')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.text}
              </option>
            ))}
          </select>
        </li>
      ))}
    </ul>
  );
}
