import { useId, useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { t } from '../../i18n/t.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/** Two radios, "True" and "False"; the prompt is the statement. */
export function TrueFalseItem({ item, saved, onSubmit }: ItemProps<'true-false'>) {
  const id = useId();
  const [choice, setChoice] = useState<boolean | null>(typeof saved === 'boolean' ? saved : null);
  const selected = typeof saved === 'boolean' ? saved : choice;
  return (
    <ItemForm
      item={item}
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (choice === null) return false;
        onSubmit(choice);
        return true;
      }}
    >
      <ul className="choices choices-inline">
        {[true, false].map((value) => (
          <li key={String(value)} className="choice">
            <input
              type="radio"
              id={`${id}-${String(value)}`}
              name={`${id}-choice`}
              checked={selected === value}
              onChange={() => setChoice(value)}
            />
            <label htmlFor={`${id}-${String(value)}`}>{value ? t('true') : t('false')}</label>
          </li>
        ))}
      </ul>
    </ItemForm>
  );
}
