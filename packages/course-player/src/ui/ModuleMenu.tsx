import { useId, useState } from 'react';
import { t } from '../i18n/t.js';
import type { MenuEntry, MenuPage, ModuleProgress } from './contents-menu.js';

export type { MenuEntry, MenuPage } from './contents-menu.js';

export interface ModuleMenuProps {
  entries: MenuEntry[];
  onSelect: (pageIndex: number) => void;
}

/**
 * The course's contents: the pre-assessment, each module, the final assessment and the certificate.
 * A module shows its pages seen and, once known, its knowledge-check result; the current module lists
 * its lessons, each marked seen or not. Every state is text (the button's description), never colour
 * alone; the current module has `aria-current="true"`, the current lesson `aria-current="page"`.
 * Below 48rem the menu sits above the page behind a "Course contents" disclosure button (closed at
 * first, closed again when an entry is chosen); wider, it is a sidebar and the button is not shown.
 */
export function ModuleMenu({ entries, onSelect }: ModuleMenuProps) {
  const id = useId();
  // Narrow screens show the menu behind a disclosure button, closed, so each page starts with its content.
  const [open, setOpen] = useState(false);
  const select = (pageIndex: number) => {
    setOpen(false);
    onSelect(pageIndex);
  };
  return (
    <div className={open ? 'module-menu module-menu-open' : 'module-menu'}>
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls={`${id}-nav`}
        onClick={() => setOpen(!open)}
      >
        {t('modulesNav')}
        <span className="menu-toggle-mark" aria-hidden="true" />
      </button>
      <nav id={`${id}-nav`} className="module-menu-nav" aria-label={t('modulesNav')}>
        <ol>
          {entries.map((entry, i) => {
            const progressIds = entry.progress
              ? [`${id}-${i}-pages`, ...(entry.progress.check ? [`${id}-${i}-check`] : [])]
              : [];
            return (
              <li key={entry.key}>
                <button
                  type="button"
                  className="module-link"
                  aria-current={entry.current ? 'true' : undefined}
                  aria-describedby={progressIds.length ? progressIds.join(' ') : undefined}
                  onClick={() => select(entry.pageIndex)}
                >
                  {entry.label}
                </button>
                {entry.progress && <Progress progress={entry.progress} ids={progressIds} />}
                {entry.pages && entry.pages.length > 0 && (
                  <ol className="menu-pages" aria-label={t('menuModulePages', { module: entry.label })}>
                    {entry.pages.map((page, j) => (
                      <PageLink key={page.key} page={page} id={`${id}-${i}-${j}`} onSelect={select} />
                    ))}
                  </ol>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
    </div>
  );
}

function Progress({ progress, ids }: { progress: ModuleProgress; ids: string[] }) {
  const { check } = progress;
  return (
    <div className="menu-progress">
      <p id={ids[0]}>{t('menuPagesSeen', { seen: progress.seen, total: progress.total })}</p>
      {check && (
        <p id={ids[1]} className={check.passed ? 'menu-check-passed' : 'menu-check-failed'}>
          {t(check.passed ? 'menuCheckPassed' : 'menuCheckFailed', { percent: check.percent })}
        </p>
      )}
    </div>
  );
}

function PageLink({
  page,
  id,
  onSelect,
}: {
  page: MenuPage;
  id: string;
  onSelect: (pageIndex: number) => void;
}) {
  return (
    <li className={page.seen ? 'menu-page menu-page-seen' : 'menu-page'}>
      <button
        type="button"
        className="menu-page-link"
        aria-current={page.current ? 'page' : undefined}
        aria-describedby={id}
        onClick={() => onSelect(page.pageIndex)}
      >
        {page.label}
      </button>
      <span id={id} className="menu-page-state">
        <span aria-hidden="true">{page.seen ? '✓ ' : ''}</span>
        {t(page.seen ? 'menuPageSeen' : 'menuPageNotSeen')}
      </span>
    </li>
  );
}
