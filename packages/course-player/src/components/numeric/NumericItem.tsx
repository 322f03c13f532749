import { useId, useState } from 'react';
import { isCorrect } from '../../course/responses.js';
import { t } from '../../i18n/t.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/** A number input with the unit beside it; correct within the item's tolerance. */
export function NumericItem({ item, saved, onSubmit }: ItemProps<'numeric'>) {
  const id = useId();
  const [text, setText] = useState(typeof saved === 'number' ? String(saved) : '');
  return (
    <ItemForm
      item={item}
      hint="numberFirst"
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        const value = Number(text.trim().replace(',', '.'));
        if (!text.trim() || !Number.isFinite(value)) return false;
        onSubmit(value);
        return true;
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('yourAnswer')}</label>
        <span className="field-row">
          <input
            id={id}
            type="number"
            step="any"
            inputMode="decimal"
            value={typeof saved === 'number' ? String(saved) : text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={item.unit ? `${id}-unit` : undefined}
          />
          {item.unit && (
            <span id={`${id}-unit`} className="unit">
              <span className="visually-hidden">{t('unit', { unit: item.unit })}</span>
              <span aria-hidden="true">{item.unit}</span>
            </span>
          )}
        </span>
      </div>
    </ItemForm>
  );
}
