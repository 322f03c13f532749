import type { ImageBlock as ImageBlockType } from '../blocks/block-types.js';

/** An image from the package (src relative to index.html), with its alt text and optional caption. */
export function ImageBlock({ block }: { block: ImageBlockType }) {
  return (
    <figure className="figure">
      <img src={block.src} alt={block.alt} loading="lazy" />
      {block.caption && <figcaption>{block.caption}</figcaption>}
    </figure>
  );
}
