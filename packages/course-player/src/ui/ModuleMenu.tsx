import { t } from '../i18n/t.js';

export interface MenuEntry {
  key: string;
  label: string;
  /** The page the entry opens. */
  pageIndex: number;
  current: boolean;
}

export interface ModuleMenuProps {
  entries: MenuEntry[];
  onSelect: (pageIndex: number) => void;
}

/** The course's contents: the pre-assessment, each module, the final assessment and the certificate. */
export function ModuleMenu({ entries, onSelect }: ModuleMenuProps) {
  return (
    <nav className="module-menu" aria-label={t('modulesNav')}>
      <ol>
        {entries.map((entry) => (
          <li key={entry.key}>
            <button
              type="button"
              className="module-link"
              aria-current={entry.current ? 'true' : undefined}
              onClick={() => onSelect(entry.pageIndex)}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
