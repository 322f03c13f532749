import { useId, useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/** One checkbox per choice; the response lists the ticked choices in the order shown. */
export function MultipleResponseItem({ item, saved, onSubmit }: ItemProps<'multiple-response'>) {
  const id = useId();
  const [ticked, setTicked] = useState<string[]>(Array.isArray(saved) ? saved : []);
  const selected = Array.isArray(saved) ? saved : ticked;
  return (
    <ItemForm
      item={item}
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (ticked.length === 0) return false;
        onSubmit(item.choices.map((c) => c.id).filter((c) => ticked.includes(c)));
        return true;
      }}
    >
      <ul className="choices">
        {item.choices.map((c) => (
          <li key={c.id} className="choice">
            <input
              type="checkbox"
              id={`${id}-${c.id}`}
              value={c.id}
              checked={selected.includes(c.id)}
              onChange={(e) =>
                setTicked((now) => (e.target.checked ? [...now, c.id] : now.filter((x) => x !== c.id)))
              }
            />
            <label htmlFor={`${id}-${c.id}`}>{c.text}</label>
          </li>
        ))}
      </ul>
    </ItemForm>
  );
}
