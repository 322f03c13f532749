import type { BundleItem, Response, Segment } from '@course/contracts';
import { Html } from '../html/Html.js';
import { Block, isItem, Item } from './registry.js';

export interface SegmentsProps {
  segments: readonly Segment[];
  /** Practice answers by item id. */
  practice: Record<string, Response>;
  onPractice: (item: BundleItem, response: Response) => void;
}

/** A lesson's or case study's content in order: prose and blocks; items here are practice. */
export function Segments({ segments, practice, onPractice }: SegmentsProps) {
  return (
    <div className="segments">
      {segments.map((segment, i) => {
        if (segment.kind === 'html') return <Html key={i} html={segment.html} className="prose" />;
        const block = segment.block;
        if (isItem(block))
          return (
            <Item
              key={block.id}
              item={block}
              saved={practice[block.id]}
              onSubmit={(response) => onPractice(block, response)}
            />
          );
        return <Block key={i} block={block} />;
      })}
    </div>
  );
}
