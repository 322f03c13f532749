import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { BundleItem } from '@course/contracts';
import { t } from '../../i18n/t.js';
import type { MessageKey } from '../../i18n/en.js';
import { Html } from '../html/Html.js';

export interface ItemFormProps {
  item: BundleItem;
  /** Set once the item is answered (this session or a saved answer): the item is then locked. */
  result: { correct: boolean } | null;
  /** Submits the draft; returns false when the draft is incomplete (the hint is then shown). */
  onSubmit: () => boolean;
  /** What to ask for when the draft is incomplete. */
  hint?: MessageKey;
  children: ReactNode;
}

/**
 * How an answered item reports back: `feedback` (right or wrong, why, the source) or `recorded`
 * ("Answer recorded." only: the final assessment gives its feedback after submission).
 */
export const ItemFeedbackContext = createContext<'feedback' | 'recorded'>('feedback');

/**
 * What every item shares: the prompt as the fieldset's legend (so it names the group), the inputs,
 * "Submit answer", and the feedback in a status region that exists before it fills. Submitting removes
 * the button, so focus moves to the feedback (on a page of several items, the learner stays at this one).
 */
export function ItemForm({ item, result, onSubmit, hint = 'chooseFirst', children }: ItemFormProps) {
  const [incomplete, setIncomplete] = useState(false);
  const mode = useContext(ItemFeedbackContext);
  const statusRef = useRef<HTMLDivElement>(null);
  const submitted = useRef(false);
  const answered = result !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (answered) return;
    const complete = onSubmit();
    submitted.current = complete;
    setIncomplete(!complete);
  };

  useEffect(() => {
    if (answered && submitted.current) statusRef.current?.focus();
  }, [answered]);

  const status = { ref: statusRef, role: 'status', 'aria-live': 'polite', tabIndex: -1 } as const;
  return (
    <form
      className={`question question-${item.type}`}
      onSubmit={submit}
      onChange={() => setIncomplete(false)}
      noValidate
    >
      <fieldset disabled={answered}>
        <Html as="legend" html={item.prompt} className="question-prompt" />
        {children}
      </fieldset>
      {!answered && (
        <button type="submit" className="button button-primary">
          {t('submitAnswer')}
        </button>
      )}
      {incomplete && !answered && (
        <p className="hint" role="alert">
          {t(hint)}
        </p>
      )}
      {mode === 'recorded' ? (
        <div {...status} className={answered ? 'item-status recorded' : 'item-status'}>
          {result && <p>{t('answerRecorded')}</p>}
        </div>
      ) : (
        <div {...status} className={answered ? 'item-status feedback' : 'item-status'}>
          {result && <Feedback item={item} correct={result.correct} />}
        </div>
      )}
    </form>
  );
}

/** Right or wrong, why, and the source. */
export function Feedback({ item, correct }: { item: BundleItem; correct: boolean }) {
  return (
    <div className={correct ? 'feedback-correct' : 'feedback-incorrect'}>
      <p className="feedback-verdict">
        <strong>{correct ? t('correct') : t('incorrect')}</strong>
      </p>{' '}
      <Html html={correct ? item.feedback.correct : item.feedback.incorrect} className="feedback-text" />{' '}
      <p className="feedback-source">{t('source', { source: item.source })}</p>
    </div>
  );
}
