import type { BundleBlock, BundleItem, Response } from '@course/contracts';
import type { ComponentType } from 'react';
import { CategorisingItem } from '../categorising/CategorisingItem.js';
import { Callout } from '../callout/Callout.js';
import { Comparison } from '../comparison/Comparison.js';
import { ImageBlock } from '../image/ImageBlock.js';
import type { ItemProps } from '../item/types.js';
import { KeyTerms } from '../key-terms/KeyTerms.js';
import { MatchingItem } from '../matching/MatchingItem.js';
import { MultipleResponseItem } from '../multiple-response/MultipleResponseItem.js';
import { NumericItem } from '../numeric/NumericItem.js';
import { OrderingItem } from '../ordering/OrderingItem.js';
import { Reflection } from '../reflection/Reflection.js';
import { Reveal } from '../reveal/Reveal.js';
import { ShortTextItem } from '../short-text/ShortTextItem.js';
import { SingleChoiceItem } from '../single-choice/SingleChoiceItem.js';
import { Timeline } from '../timeline/Timeline.js';
import { TrueFalseItem } from '../true-false/TrueFalseItem.js';

type ItemType = BundleItem['type'];
type ContentBlock = Exclude<BundleBlock, BundleItem>;

/** Item components by `type`. */
export const ITEM_COMPONENTS: { [T in ItemType]: ComponentType<ItemProps<T>> } = {
  'single-choice': SingleChoiceItem,
  'multiple-response': MultipleResponseItem,
  'true-false': TrueFalseItem,
  matching: MatchingItem,
  ordering: OrderingItem,
  categorising: CategorisingItem,
  'short-text': ShortTextItem,
  numeric: NumericItem,
};

/** Content block components by `type`. */
export const BLOCK_COMPONENTS: {
  [T in ContentBlock['type']]: ComponentType<{ block: Extract<ContentBlock, { type: T }> }>;
} = {
  callout: Callout,
  'key-terms': KeyTerms,
  image: ImageBlock,
  reveal: Reveal,
  timeline: Timeline,
  comparison: Comparison,
  reflection: Reflection,
};

export const isItem = (block: BundleBlock): block is BundleItem => block.type in ITEM_COMPONENTS;

/** Any item, rendered by the component its type names. */
export function Item({
  item,
  saved,
  onSubmit,
}: {
  item: BundleItem;
  saved: Response | undefined;
  onSubmit: (response: Response) => void;
}) {
  const Component = ITEM_COMPONENTS[item.type] as ComponentType<ItemProps<ItemType>>;
  return <Component item={item as never} saved={saved} onSubmit={onSubmit} />;
}

/** Any content block. */
export function Block({ block }: { block: ContentBlock }) {
  const Component = BLOCK_COMPONENTS[block.type] as ComponentType<{ block: ContentBlock }>;
  return <Component block={block} />;
}
