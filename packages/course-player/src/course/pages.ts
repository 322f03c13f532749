import type { BundleItem, BundleLesson, BundleModule, CourseBundle } from '@course/contracts';

/** The page id of a module's results page; content ids are slugs, and this one is reserved. */
export const RESULTS_PAGE_ID = 'results';

interface PageBase {
  /** `<moduleId>/<pageId>`: what progress stores as `location` and `visited`. */
  key: string;
  module: BundleModule;
  moduleIndex: number;
}

export type Page =
  | (PageBase & { kind: 'lesson'; lesson: BundleLesson })
  | (PageBase & { kind: 'question'; item: BundleItem; number: number; total: number })
  | (PageBase & { kind: 'results' });

export const pageKey = (module: BundleModule, pageId: string) => `${module.id}/${pageId}`;

/** Every page of the package in order: per module, its lessons, its items one per page, then its results. */
export function coursePages(bundle: CourseBundle): Page[] {
  return bundle.modules.flatMap((module, moduleIndex): Page[] => {
    const items = module.knowledgeCheck.items;
    return [
      ...module.lessons.map((lesson): Page => ({
        kind: 'lesson',
        key: pageKey(module, lesson.id),
        module,
        moduleIndex,
        lesson,
      })),
      ...items.map((item, i): Page => ({
        kind: 'question',
        key: pageKey(module, item.id),
        module,
        moduleIndex,
        item,
        number: i + 1,
        total: items.length,
      })),
      { kind: 'results', key: pageKey(module, RESULTS_PAGE_ID), module, moduleIndex },
    ];
  });
}
