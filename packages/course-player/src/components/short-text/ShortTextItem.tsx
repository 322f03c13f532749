import { useId, useState } from 'react';
import { SHORT_TEXT_MAX } from '@course/contracts';
import { isCorrect } from '../../course/responses.js';
import { t } from '../../i18n/t.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/** A text input; compared with the accepted answers ignoring case, accents, punctuation and extra spaces. */
export function ShortTextItem({ item, saved, onSubmit }: ItemProps<'short-text'>) {
  const id = useId();
  const [text, setText] = useState(typeof saved === 'string' ? saved : '');
  return (
    <ItemForm
      item={item}
      hint="typeFirst"
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        if (!text.trim()) return false;
        onSubmit(text.trim());
        return true;
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('yourAnswer')}</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          maxLength={SHORT_TEXT_MAX}
          value={typeof saved === 'string' ? saved : text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
    </ItemForm>
  );
}
