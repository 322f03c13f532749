import { t } from '../i18n/t.js';

export interface PageNavProps {
  current: number;
  total: number;
  onPrevious: () => void;
  onNext: () => void;
}

/** "Previous" and "Next": an end-to-end test finds them by role and exact name. */
export function PageNav({ current, total, onPrevious, onNext }: PageNavProps) {
  return (
    <nav className="page-nav" aria-label={t('pageNav')}>
      <button type="button" className="button" onClick={onPrevious} disabled={current <= 1}>
        {t('previous')}
      </button>
      <span className="page-position">{t('pageOf', { current, total })}</span>
      <button type="button" className="button button-primary" onClick={onNext} disabled={current >= total}>
        {t('next')}
      </button>
    </nav>
  );
}
