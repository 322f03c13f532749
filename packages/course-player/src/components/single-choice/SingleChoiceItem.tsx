import { useId, useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/** One radio per choice. */
export function SingleChoiceItem({ item, saved, onSubmit }: ItemProps<'single-choice'>) {
  const id = useId();
  const [choice, setChoice] = useState<string | null>(Array.isArray(saved) ? (saved[0] ?? null) : null);
  const selected = Array.isArray(saved) ? saved[0] : choice;
  return (
    <ItemForm
      item={item}
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (!choice) return false;
        onSubmit([choice]);
        return true;
      }}
    >
      <ul className="choices">
        {item.choices.map((c) => (
          <li key={c.id} className="choice">
            <input
              type="radio"
              id={`${id}-${c.id}`}
              name={`${id}-choice`}
              value={c.id}
              checked={selected === c.id}
              onChange={() => setChoice(c.id)}
            />
            <label htmlFor={`${id}-${c.id}`}>{c.text}</label>
          </li>
        ))}
      </ul>
    </ItemForm>
  );
}
