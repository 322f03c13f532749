import { useId } from 'react';
import type { TimelineBlock } from '../blocks/block-types.js';
import { Html } from '../html/Html.js';

/** Events in order: an ordered list of date, title and text. */
export function Timeline({ block }: { block: TimelineBlock }) {
  const id = useId();
  return (
    <section className="timeline" aria-labelledby={id}>
      <h2 id={id}>{block.title}</h2>
      <ol>
        {block.events.map((event, i) => (
          <li key={i} className="timeline-event">
            <p className="timeline-date">{event.date}</p>
            <h3 className="timeline-title">{event.title}</h3>
            <Html html={event.body} />
          </li>
        ))}
      </ol>
    </section>
  );
}
