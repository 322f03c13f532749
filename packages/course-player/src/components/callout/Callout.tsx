import { useId } from 'react';
import type { CalloutBlock } from '../blocks/block-types.js';
import { Html } from '../html/Html.js';

/** A highlighted box; its tone sets its colour (`callout-note`, `callout-key-point`, `callout-warning`, `callout-rights`). */
export function Callout({ block }: { block: CalloutBlock }) {
  const id = useId();
  return (
    <aside className={`callout callout-${block.tone}`} aria-labelledby={id}>
      <p id={id} className="callout-title">
        {block.title}
      </p>
      <Html html={block.body} className="callout-body" />
    </aside>
  );
}
