import { PairsItem } from '../item/PairsItem.js';
import type { ItemProps } from '../item/types.js';

/** For each entry, a select of the categories (in authored order). */
export function CategorisingItem(props: ItemProps<'categorising'>) {
  const { item } = props;
  return (
    <PairsItem
      {...props}
      rows={item.entries}
      options={item.categories.map((c) => ({ id: c.id, text: c.title }))}
    />
  );
}
