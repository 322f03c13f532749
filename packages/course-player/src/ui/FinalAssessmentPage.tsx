import { useEffect, useId, useRef, useState, type Ref } from 'react';
import type { BundleFinalAssessment, BundleItem, CourseBundle, Response } from '@course/contracts';
import { Item } from '../components/blocks/registry.js';
import { Html } from '../components/html/Html.js';
import { Feedback, ItemFeedbackContext } from '../components/item/ItemForm.js';
import { finalResult } from '../course/final-assessment.js';
import type { Answers } from '../course/scoring.js';
import { t } from '../i18n/t.js';

export interface FinalAssessmentPageProps {
  bundle: CourseBundle;
  assessment: BundleFinalAssessment;
  passMark: number;
  /** The items drawn for this attempt, or null before the learner starts. */
  items: BundleItem[] | null;
  submitted: boolean;
  answers: Answers;
  onStart: () => void;
  onAnswer: (item: BundleItem, response: Response) => void;
  onSubmit: () => void;
  onRetake: () => void;
  /** Shown after a pass when the course has a certificate. */
  onCertificate?: (() => void) | undefined;
  headingRef: Ref<HTMLHeadingElement>;
}

/**
 * The final assessment: the introduction with the pass mark; the drawn items, answered without feedback;
 * "Submit assessment" once all are answered; then the score, pass or fail, the result per competency and
 * the feedback of each missed item, with "Retake" after a fail.
 */
export function FinalAssessmentPage(props: FinalAssessmentPageProps) {
  const { bundle, assessment, passMark, items, submitted, answers, headingRef } = props;
  const id = useId();
  const [focus, setFocus] = useState<'questions' | 'result' | null>(null);
  const firstRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const count = assessment.banks.reduce(
    (n, bank) => n + Math.min(assessment.drawPerCompetency, bank.items.length),
    0,
  );
  const answered = items?.filter((item) => answers[item.id] !== undefined).length ?? 0;
  const complete = items !== null && answered === items.length;

  // Once, in the render that shows the questions or the result after the learner's click.
  useEffect(() => {
    if (focus === 'questions') firstRef.current?.focus();
    if (focus === 'result') resultRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  const title = (competency: string) =>
    bundle.competencies.find((c) => c.id === competency)?.title ?? competency;

  return (
    <article className="final-assessment">
      <h1 ref={headingRef} tabIndex={-1}>
        {assessment.title}
      </h1>
      <Html html={assessment.introduction} className="prose" />
      <p className="pass-mark">
        {t('finalQuestionCount', { count })} {t('passMarkIs', { passMark })}
      </p>
      {!items && (
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setFocus('questions');
            props.onStart();
          }}
        >
          {t('startAssessment')}
        </button>
      )}
      {items && !submitted && (
        <>
          <ItemFeedbackContext.Provider value="recorded">
            <ol className="assessment-items">
              {items.map((item, i) => (
                <li key={item.id} className="assessment-item">
                  <h2 className="question-number" ref={i === 0 ? firstRef : undefined} tabIndex={-1}>
                    {t('questionOf', { number: i + 1, total: items.length })}
                  </h2>
                  <Item
                    item={item}
                    saved={answers[item.id]}
                    onSubmit={(response) => props.onAnswer(item, response)}
                  />
                </li>
              ))}
            </ol>
          </ItemFeedbackContext.Provider>
          {!complete && <p>{t('finalAnswered', { answered, total: items.length })}</p>}
          <p role="status" aria-live="polite">
            {complete && t('finalReady', { total: items.length })}
          </p>
          {complete && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setFocus('result');
                props.onSubmit();
              }}
            >
              {t('submitAssessment')}
            </button>
          )}
        </>
      )}
      {items && submitted && (
        <FinalResults
          {...props}
          items={items}
          title={title}
          headingId={id}
          resultRef={resultRef}
          onRetake={() => {
            setFocus('questions');
            props.onRetake();
          }}
        />
      )}
    </article>
  );
}

function FinalResults({
  assessment,
  passMark,
  items,
  answers,
  title,
  headingId,
  resultRef,
  onRetake,
  onCertificate,
}: FinalAssessmentPageProps & {
  items: BundleItem[];
  title: (competency: string) => string;
  headingId: string;
  resultRef: Ref<HTMLHeadingElement>;
}) {
  const result = finalResult(assessment, items, answers, passMark);
  return (
    <section className="results" aria-labelledby={headingId}>
      <h2 id={headingId} ref={resultRef} tabIndex={-1}>
        {t('yourResult')}
      </h2>
      <p className="score">{t('yourScore', { percent: result.percent })}</p>
      <p>{t('scoreDetail', { correct: result.correct, total: result.total })}</p>
      <p className={result.passed ? 'outcome outcome-passed' : 'outcome outcome-failed'}>
        {t(result.passed ? 'passed' : 'notPassed', { passMark })}
      </p>
      <h3>{t('byCompetency')}</h3>
      <ul className="competency-results">
        {result.competencies.map((c) => (
          <li key={c.competency}>
            {t('competency', { id: c.competency, title: title(c.competency) })}:{' '}
            <strong>{t('competencyScore', { correct: c.correct, total: c.total })}</strong>
          </li>
        ))}
      </ul>
      {result.missed.length > 0 && (
        <>
          <h3>{t('toReview')}</h3>
          <ol className="missed-items">
            {result.missed.map((item) => (
              <li key={item.id} className="missed-item">
                <Html html={item.prompt} className="question-prompt" />
                <div className="feedback">
                  <Feedback item={item} correct={false} />
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="actions">
        {result.passed ? (
          onCertificate && (
            <button type="button" className="button button-primary" onClick={onCertificate}>
              {t('viewCertificate')}
            </button>
          )
        ) : (
          <button type="button" className="button button-primary" onClick={onRetake}>
            {t('retake')}
          </button>
        )}
      </div>
    </section>
  );
}
