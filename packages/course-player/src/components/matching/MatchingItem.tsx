import { useMemo, useState } from 'react';
import { isCorrect, shuffled } from '../../course/responses.js';
import { ItemForm } from '../item/ItemForm.js';
import { PairSelects } from '../item/PairSelects.js';
import type { ItemProps } from '../item/types.js';

const asPairs = (r: unknown) =>
  typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Record<string, string>) : undefined;

/** For each premise, a select of the responses (shuffled, the same way every time for this item). */
export function MatchingItem({ item, saved, onSubmit }: ItemProps<'matching'>) {
  const [draft, setDraft] = useState<Record<string, string>>(asPairs(saved) ?? {});
  const options = useMemo(
    () =>
      shuffled(
        item.pairs.map((p) => ({ id: p.id, text: p.response })),
        item.id,
      ),
    [item],
  );
  return (
    <ItemForm
      item={item}
      hint="chooseEvery"
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (!item.pairs.every((p) => draft[p.id])) return false;
        onSubmit(Object.fromEntries(item.pairs.map((p) => [p.id, draft[p.id]!])));
        return true;
      }}
    >
      <PairSelects
        rows={item.pairs.map((p) => ({ id: p.id, text: p.premise }))}
        options={options}
        value={asPairs(saved) ?? draft}
        onChange={(row, option) => setDraft((now) => ({ ...now, [row]: option }))}
      />
    </ItemForm>
  );
}
