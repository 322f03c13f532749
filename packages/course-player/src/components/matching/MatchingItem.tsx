import { useMemo } from 'react';
import { shuffled } from '../../course/responses.js';
import { PairsItem } from '../item/PairsItem.js';
import type { ItemProps } from '../item/types.js';

/** For each premise, a select of the responses (shuffled, the same way every time for this item). */
export function MatchingItem(props: ItemProps<'matching'>) {
  const { item } = props;
  const rows = useMemo(() => item.pairs.map((p) => ({ id: p.id, text: p.premise })), [item]);
  const options = useMemo(
    () =>
      shuffled(
        item.pairs.map((p) => ({ id: p.id, text: p.response })),
        item.id,
      ),
    [item],
  );
  return <PairsItem {...props} rows={rows} options={options} />;
}
