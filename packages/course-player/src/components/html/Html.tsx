import type { ElementType } from 'react';

/**
 * HTML from course.json. The builder renders it from the course's own Markdown at build time,
 * so it is trusted content of the package, not learner or LMS input.
 */
export function Html({
  html,
  as: Tag = 'div',
  className,
  id,
  hidden,
}: {
  html: string;
  as?: ElementType;
  className?: string;
  id?: string;
  hidden?: boolean;
}) {
  return <Tag className={className} id={id} hidden={hidden} dangerouslySetInnerHTML={{ __html: html }} />;
}
