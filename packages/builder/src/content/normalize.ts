import { Marked } from 'marked';
import {
  activityIri,
  COURSE_BUNDLE_FORMAT_VERSION,
  CourseBundleSchema,
  type CourseBundle,
} from '@course/contracts';
import type { LoadedCourse, LoadedModule } from './load.js';

const markdown = new Marked({ gfm: true, async: false });
const toHtml = (md: string) => (markdown.parse(md) as string).trim();

/** The `course.json` a package carries: the course, limited to the modules of the package's scope. */
export function toCourseBundle(loaded: LoadedCourse, modules: LoadedModule[] = loaded.modules): CourseBundle {
  const { course, framework } = loaded;
  const base = course.iriBase;
  return CourseBundleSchema.parse({
    formatVersion: COURSE_BUNDLE_FORMAT_VERSION,
    id: course.id,
    iri: activityIri(base),
    iriBase: base,
    title: course.title,
    description: course.description,
    language: course.language,
    direction: course.direction,
    version: course.version,
    passMark: course.passMark,
    competencies: framework.competencies.map((c) => ({ id: c.id, title: c.title })),
    modules: modules.map(({ source: m, lessons }) => ({
      id: m.id,
      iri: activityIri(base, { module: m.id }),
      number: m.number,
      title: m.title,
      description: m.description,
      competencies: m.competencies,
      duration: m.duration,
      lessons: lessons.map((l) => ({
        id: l.meta.id,
        iri: activityIri(base, { module: m.id, kind: 'lesson', id: l.meta.id }),
        title: l.meta.title,
        html: toHtml(l.markdown),
      })),
      knowledgeCheck: {
        iri: activityIri(base, { module: m.id, kind: 'assessment', id: `${m.id}-check` }),
        items: m.knowledgeCheck.items.map((item) => ({
          id: item.id,
          iri: activityIri(base, { module: m.id, kind: 'question', id: item.id }),
          type: item.type,
          competencies: item.competencies,
          promptHtml: markdown.parseInline(item.prompt) as string,
          choices: item.choices,
          correct: item.correct,
          feedback: item.feedback,
          source: item.source,
        })),
      },
    })),
  });
}
