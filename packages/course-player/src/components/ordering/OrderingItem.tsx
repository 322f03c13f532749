import { useEffect, useMemo, useRef, useState } from 'react';
import { isCorrect, shuffledSteps } from '../../course/responses.js';
import { t } from '../../i18n/t.js';
import { ItemForm } from '../item/ItemForm.js';
import type { ItemProps } from '../item/types.js';

/**
 * The steps, shuffled (seeded by the item id, never already in order), each with "Move up" and
 * "Move down" buttons named after the step. Every move is announced; focus follows the moved step.
 */
export function OrderingItem({ item, saved, onSubmit }: ItemProps<'ordering'>) {
  const start = useMemo(() => shuffledSteps(item.steps, item.id).map((s) => s.id), [item]);
  const [order, setOrder] = useState<string[]>(Array.isArray(saved) ? saved : start);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ step: string; direction: 'up' | 'down' } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const shown = Array.isArray(saved) ? saved : order;
  const text = (id: string) => item.steps.find((s) => s.id === id)?.text ?? id;

  useEffect(() => {
    if (!focus) return;
    const index = order.indexOf(focus.step);
    // At either end the button just used is disabled: keep focus on the step's other button.
    const direction =
      focus.direction === 'up' && index === 0
        ? 'down'
        : focus.direction === 'down' && index === order.length - 1
          ? 'up'
          : focus.direction;
    buttons.current.get(`${focus.step}:${direction}`)?.focus();
  }, [focus, order]);

  const move = (from: number, by: -1 | 1) => {
    const to = from + by;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [step] = next.splice(from, 1);
    next.splice(to, 0, step!);
    setOrder(next);
    setFocus({ step: step!, direction: by < 0 ? 'up' : 'down' });
    setAnnouncement(t('moved', { step: text(step!), position: to + 1, total: next.length }));
  };

  const ref = (key: string) => (el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(key, el);
    else buttons.current.delete(key);
  };

  return (
    <ItemForm
      item={item}
      result={saved === undefined ? null : { correct: isCorrect(item, saved) }}
      onSubmit={() => {
        onSubmit(order);
        return true;
      }}
    >
      <ol className="steps">
        {shown.map((id, i) => (
          <li key={id} className="step">
            <span className="step-text">{text(id)}</span>
            <span className="step-buttons">
              <button
                type="button"
                className="button button-small"
                ref={ref(`${id}:up`)}
                aria-label={t('moveUp', { step: text(id) })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <span aria-hidden="true">↑ </span>
                {t('up')}
              </button>
              <button
                type="button"
                className="button button-small"
                ref={ref(`${id}:down`)}
                aria-label={t('moveDown', { step: text(id) })}
                disabled={i === shown.length - 1}
                onClick={() => move(i, 1)}
              >
                <span aria-hidden="true">↓ </span>
                {t('down')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
    </ItemForm>
  );
}
