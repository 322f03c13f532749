import type { Ref } from 'react';
import type { BundleLesson } from '@course/contracts';
import { Html } from '../components/html/Html.js';

export function LessonPage({
  lesson,
  headingRef,
}: {
  lesson: BundleLesson;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  return (
    <article className="lesson">
      <h1 ref={headingRef} tabIndex={-1}>
        {lesson.title}
      </h1>
      <Html html={lesson.html} className="lesson-body" />
    </article>
  );
}
