import { useId, useState, type FormEvent } from 'react';
import type { BundleItem } from '@course/contracts';
import { t } from '../../i18n/t.js';
import { isCorrect } from '../../course/scoring.js';
import { Html } from '../html/Html.js';

export interface SingleChoiceQuestionProps {
  item: BundleItem;
  /** The answer submitted earlier (this session or a saved one); the question is then locked. */
  saved: string[] | undefined;
  onSubmit: (response: string[]) => void;
}

/** A single-choice item: the prompt as the fieldset's legend, one radio per choice, feedback after submitting. */
export function SingleChoiceQuestion({ item, saved, onSubmit }: SingleChoiceQuestionProps) {
  const id = useId();
  const [choice, setChoice] = useState<string | null>(saved?.[0] ?? null);
  const [needsChoice, setNeedsChoice] = useState(false);
  const answered = saved !== undefined;
  const selected = answered ? saved[0] : choice;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (answered) return;
    if (!choice) {
      setNeedsChoice(true);
      return;
    }
    onSubmit([choice]);
  };

  return (
    <form className="question" onSubmit={submit} noValidate>
      <fieldset disabled={answered}>
        <Html as="legend" html={item.promptHtml} className="question-prompt" />
        <ul className="choices">
          {item.choices.map((c) => {
            const inputId = `${id}-${c.id}`;
            return (
              <li key={c.id} className="choice">
                <input
                  type="radio"
                  id={inputId}
                  name={`${id}-choice`}
                  value={c.id}
                  checked={selected === c.id}
                  onChange={() => {
                    setChoice(c.id);
                    setNeedsChoice(false);
                  }}
                />
                <label htmlFor={inputId}>{c.text}</label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {!answered && (
        <button type="submit" className="button button-primary">
          {t('submitAnswer')}
        </button>
      )}
      {needsChoice && !answered && (
        <p className="hint" role="alert">
          {t('chooseFirst')}
        </p>
      )}
      <div role="status" aria-live="polite" className={answered ? 'feedback' : undefined}>
        {answered && <Feedback item={item} correct={isCorrect(item, saved)} />}
      </div>
    </form>
  );
}

function Feedback({ item, correct }: { item: BundleItem; correct: boolean }) {
  return (
    <div className={correct ? 'feedback-correct' : 'feedback-incorrect'}>
      <p>
        <strong>{correct ? t('correct') : t('incorrect')}</strong>{' '}
        {correct ? item.feedback.correct : item.feedback.incorrect}
      </p>
      <p className="feedback-source">{t('source', { source: item.source })}</p>
    </div>
  );
}
