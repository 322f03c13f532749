import { useEffect, useId, useRef, type ReactNode } from 'react';
import { t } from '../i18n/t.js';

export interface PanelProps {
  title: string;
  onClose: () => void;
  /** Move focus to the panel's heading on opening (false when the content focuses something inside). */
  focusHeading: boolean;
  children: ReactNode;
}

/**
 * A modal side panel: a dialog named by its heading. The page behind is made inert by the Player;
 * Escape, "Close" and a click beside the panel close it, and the Player returns focus to what opened it.
 */
export function Panel({ title, onClose, focusHeading, children }: PanelProps) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusHeading) headingRef.current?.focus();
    // Only on opening: later renders (filtering the glossary) keep the focus where the learner is.
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="panel-layer">
      <div className="panel-backdrop" aria-hidden="true" onClick={onClose} />
      <div className="panel" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div className="panel-head">
          <h2 id={titleId} ref={headingRef} tabIndex={-1}>
            {title}
          </h2>
          <button type="button" className="button" onClick={onClose}>
            {t('closePanel')}
          </button>
        </div>
        <div className="panel-body">{children}</div>
      </div>
    </div>
  );
}
