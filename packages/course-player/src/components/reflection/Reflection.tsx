import { useId, useState } from 'react';
import { t } from '../../i18n/t.js';
import type { ReflectionBlock } from '../blocks/block-types.js';
import { Html } from '../html/Html.js';

/**
 * An open question: a textarea named by the prompt, and "Show model answer". What the learner writes
 * stays in the page: it is neither saved nor sent.
 */
export function Reflection({ block }: { block: ReflectionBlock }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <section className="reflection" aria-labelledby={`${id}-prompt`}>
      <Html html={block.prompt} className="reflection-prompt" id={`${id}-prompt`} />
      <textarea
        className="reflection-text"
        rows={5}
        aria-labelledby={`${id}-prompt`}
        aria-describedby={`${id}-private`}
      />
      <p id={`${id}-private`} className="reflection-private">
        {t('reflectionPrivate')}
      </p>
      <button
        type="button"
        className="button"
        aria-expanded={shown}
        aria-controls={`${id}-model`}
        onClick={() => setShown((s) => !s)}
      >
        {t('showModelAnswer')}
      </button>
      <div id={`${id}-model`} className="model-answer" hidden={!shown}>
        <p className="model-answer-title">{t('modelAnswer')}</p>
        <Html html={block.modelAnswer} />
      </div>
    </section>
  );
}
