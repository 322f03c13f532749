import { t } from '../i18n/t.js';

export interface ResumePromptProps {
  /** The page the learner left off at, counted from 1. */
  page: number;
  onContinue: () => void;
  onRestart: () => void;
}

/** After a resume: carry on from the saved page, or go back to page 1 (answers already given stay). */
export function ResumePrompt({ page, onContinue, onRestart }: ResumePromptProps) {
  return (
    <div className="notice resume-prompt">
      <p role="status">{t('resumePrompt', { page })}</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onContinue}>
          {t('resumeContinue')}
        </button>
        <button type="button" className="button" onClick={onRestart}>
          {t('resumeRestart')}
        </button>
      </div>
    </div>
  );
}
