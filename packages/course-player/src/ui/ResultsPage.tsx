import type { Ref } from 'react';
import type { BundleModule } from '@course/contracts';
import { score, type Answers } from '../course/scoring.js';
import { t } from '../i18n/t.js';

export interface ResultsPageProps {
  module: BundleModule;
  answers: Answers;
  passMark: number;
  headingRef: Ref<HTMLHeadingElement>;
}

/** The module's knowledge-check result. */
export function ResultsPage({ module, answers, passMark, headingRef }: ResultsPageProps) {
  const s = score(module.knowledgeCheck.items, answers);
  const passed = s.percent >= passMark;
  return (
    <section className="results">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('results')}
      </h1>
      <p className="score">{t('yourScore', { percent: s.percent })}</p>
      <p>{t('scoreDetail', { correct: s.correct, total: s.total })}</p>
      {s.complete ? (
        <p className={passed ? 'outcome outcome-passed' : 'outcome outcome-failed'}>
          {t(passed ? 'passed' : 'notPassed', { passMark })}
        </p>
      ) : (
        <p className="outcome">{t('unanswered', { answered: s.answered, total: s.total })}</p>
      )}
    </section>
  );
}
