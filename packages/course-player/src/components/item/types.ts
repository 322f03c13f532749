import type { BundleItem, Response } from '@course/contracts';
import type { ItemOf } from '../../course/responses.js';

export interface ItemProps<T extends BundleItem['type']> {
  item: ItemOf<T>;
  /** The answer submitted earlier (this session or a saved one); the item is then locked. */
  saved: Response | undefined;
  onSubmit: (response: Response) => void;
}
