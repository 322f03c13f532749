import type { BundleModule } from '@course/contracts';
import { t } from '../i18n/t.js';

export interface ModuleMenuProps {
  modules: BundleModule[];
  currentIndex: number;
  onSelect: (moduleIndex: number) => void;
}

export function ModuleMenu({ modules, currentIndex, onSelect }: ModuleMenuProps) {
  return (
    <nav className="module-menu" aria-label={t('modulesNav')}>
      <ol>
        {modules.map((m, i) => (
          <li key={m.id}>
            <button
              type="button"
              className="module-link"
              aria-current={i === currentIndex ? 'true' : undefined}
              onClick={() => onSelect(i)}
            >
              {t('moduleLabel', { number: m.number, title: m.title })}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
