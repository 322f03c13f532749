import { t } from '../i18n/t.js';
import type { Page } from '../course/pages.js';
import { score, type Answers } from '../course/scoring.js';

/** A page of the current module in the contents menu: a lesson, the case study or the scenario. */
export interface MenuPage {
  key: string;
  label: string;
  pageIndex: number;
  /** The learner has opened the page (in this session or a saved one). */
  seen: boolean;
  current: boolean;
}

/** How far the learner is in a module. */
export interface ModuleProgress {
  /** The module's pages seen: opened, or (questions) answered. */
  seen: number;
  total: number;
  /** The knowledge check's result once every item is answered, else null. */
  check: { percent: number; passed: boolean } | null;
}

export interface MenuEntry {
  key: string;
  label: string;
  /** The page the entry opens. */
  pageIndex: number;
  /** The current page is this entry's page, or one of its module's pages. */
  current: boolean;
  /** Module entries only. */
  progress?: ModuleProgress;
  /** The current module's entry only: its lessons, case study and scenario. */
  pages?: MenuPage[];
}

const pageLabel = (page: Page): string | null => {
  switch (page.kind) {
    case 'lesson':
      return page.lesson.title;
    case 'case-study':
      return page.caseStudy.title;
    case 'scenario':
      return page.scenario.title;
    default:
      return null;
  }
};

/**
 * The course's contents: the pre-assessment, each module with its progress (and, for the module of the
 * current page, its lessons, case study and scenario, each seen or not), the final assessment and the
 * certificate.
 */
export function contentsMenu(
  pages: readonly Page[],
  index: number,
  visited: readonly string[],
  answers: Answers,
  passMark: number,
): MenuEntry[] {
  const current = pages[index];
  const seenKeys = new Set(visited);
  const seen = (page: Page) =>
    seenKeys.has(page.key) || (page.kind === 'question' && answers[page.item.id] !== undefined);
  return pages.flatMap((page, i): MenuEntry[] => {
    if (page.module === null) {
      const label = page.kind === 'certificate' ? page.certificate.title : page.assessment.title;
      return [{ key: page.key, label, pageIndex: i, current: i === index }];
    }
    if (page.kind !== 'overview') return [];
    const module = page.module;
    const own = pages
      .map((p, pageIndex) => ({ p, pageIndex }))
      .filter(({ p }) => p.moduleIndex === page.moduleIndex);
    const items = module.knowledgeCheck.items;
    const result = score(items, answers);
    const isCurrent = current?.moduleIndex === page.moduleIndex;
    const entry: MenuEntry = {
      key: page.key,
      label: t('moduleLabel', { number: module.number, title: module.title }),
      pageIndex: i,
      current: isCurrent,
      progress: {
        seen: own.filter(({ p }) => seen(p)).length,
        total: own.length,
        check:
          items.length > 0 && result.complete
            ? { percent: result.percent, passed: result.percent >= passMark }
            : null,
      },
    };
    if (isCurrent)
      entry.pages = own.flatMap(({ p, pageIndex }) => {
        const label = pageLabel(p);
        return label === null
          ? []
          : [{ key: p.key, label, pageIndex, seen: seen(p), current: pageIndex === index }];
      });
    return [entry];
  });
}
