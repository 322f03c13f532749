import { useId, useState } from 'react';
import type { RevealBlock } from '../blocks/block-types.js';
import { Html } from '../html/Html.js';

/** Disclosure panels that open one at a time: each title is a button with aria-expanded. */
export function Reveal({ block }: { block: RevealBlock }) {
  const id = useId();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="reveal" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{block.title}</h2>
      {block.panels.map((panel, i) => (
        <div key={i} className="reveal-panel">
          <h3>
            <button
              type="button"
              className="reveal-button"
              aria-expanded={open === i}
              aria-controls={`${id}-panel-${i}`}
              onClick={() => setOpen(open === i ? null : i)}
            >
              {panel.title}
            </button>
          </h3>
          <Html html={panel.body} className="reveal-body" id={`${id}-panel-${i}`} hidden={open !== i} />
        </div>
      ))}
    </section>
  );
}
