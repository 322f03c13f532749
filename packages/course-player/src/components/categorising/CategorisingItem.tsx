import { useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { ItemForm } from '../item/ItemForm.js';
import { PairSelects } from '../item/PairSelects.js';
import type { ItemProps } from '../item/types.js';

const asPairs = (r: unknown) =>
  typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Record<string, string>) : undefined;

/** For each entry, a select of the categories. */
export function CategorisingItem({ item, saved, onSubmit }: ItemProps<'categorising'>) {
  const [draft, setDraft] = useState<Record<string, string>>(asPairs(saved) ?? {});
  return (
    <ItemForm
      item={item}
      hint="chooseEvery"
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (!item.entries.every((e) => draft[e.id])) return false;
        onSubmit(Object.fromEntries(item.entries.map((e) => [e.id, draft[e.id]!])));
        return true;
      }}
    >
      <PairSelects
        rows={item.entries}
        options={item.categories.map((c) => ({ id: c.id, text: c.title }))}
        value={asPairs(saved) ?? draft}
        onChange={(row, option) => setDraft((now) => ({ ...now, [row]: option }))}
      />
    </ItemForm>
  );
}
