import { useId, type Ref } from 'react';
import type { BundleItem, BundlePreAssessment, CourseBundle, Response } from '@course/contracts';
import { Item } from '../components/blocks/registry.js';
import { Html } from '../components/html/Html.js';
import { diagnose } from '../course/pre-assessment.js';
import { t } from '../i18n/t.js';

export interface PreAssessmentPageProps {
  bundle: CourseBundle;
  assessment: BundlePreAssessment;
  /** Practice answers by item id: the pre-assessment's are among them. */
  answers: Record<string, Response>;
  onAnswer: (item: BundleItem, response: Response) => void;
  headingRef: Ref<HTMLHeadingElement>;
}

/**
 * The diagnostic before the modules: every item on one page, each with its own "Submit answer" and
 * feedback; once all are answered, each competency is "secure" or "focus here" with the modules that build it.
 */
export function PreAssessmentPage({
  bundle,
  assessment,
  answers,
  onAnswer,
  headingRef,
}: PreAssessmentPageProps) {
  const id = useId();
  const diagnosis = diagnose(bundle, assessment, answers);
  const total = assessment.items.length;
  return (
    <article className="pre-assessment">
      <h1 ref={headingRef} tabIndex={-1}>
        {assessment.title}
      </h1>
      <Html html={assessment.introduction} className="prose" />
      <ol className="assessment-items">
        {assessment.items.map((item, i) => (
          <li key={item.id} className="assessment-item">
            <h2 className="question-number">{t('questionOf', { number: i + 1, total })}</h2>
            <Item item={item} saved={answers[item.id]} onSubmit={(response) => onAnswer(item, response)} />
          </li>
        ))}
      </ol>
      <p role="status" aria-live="polite">
        {diagnosis && t('preAllAnswered')}
      </p>
      {diagnosis && (
        <section className="diagnosis" aria-labelledby={id}>
          <h2 id={id}>{t('preResultsTitle')}</h2>
          <ul className="diagnosis-list">
            {diagnosis.map((d) => (
              <li key={d.competency.id} className={d.secure ? 'diagnosis-secure' : 'diagnosis-focus'}>
                <p className="diagnosis-competency">
                  <strong>{t('competency', { id: d.competency.id, title: d.competency.title })}</strong>
                  {': '}
                  <span className="diagnosis-verdict">{d.secure ? t('secure') : t('focusHere')}</span>
                </p>
                <p className="diagnosis-modules">
                  {t('builtBy')}{' '}
                  {d.modules.length > 0
                    ? d.modules.map((m) => t('moduleLabel', { number: m.number, title: m.title })).join('; ')
                    : t('noModule')}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
