import { useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { ItemForm } from './ItemForm.js';
import { PairSelects } from './PairSelects.js';
import type { ItemProps } from './types.js';

interface Choice {
  id: string;
  text: string;
}

const asPairs = (r: unknown) =>
  typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Record<string, string>) : undefined;

/**
 * An item answered by picking one option per row (matching: a response per premise; categorising:
 * a category per entry). Submits only when every row has an option.
 */
export function PairsItem({
  item,
  saved,
  onSubmit,
  rows,
  options,
}: ItemProps<'matching' | 'categorising'> & { rows: Choice[]; options: Choice[] }) {
  const [draft, setDraft] = useState<Record<string, string>>(asPairs(saved) ?? {});
  return (
    <ItemForm
      item={item}
      hint="chooseEvery"
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (!rows.every((r) => draft[r.id])) return false;
        onSubmit(Object.fromEntries(rows.map((r) => [r.id, draft[r.id]!])));
        return true;
      }}
    >
      <PairSelects
        rows={rows}
        options={options}
        value={asPairs(saved) ?? draft}
        onChange={(row, option) => setDraft((now) => ({ ...now, [row]: option }))}
      />
    </ItemForm>
  );
}
