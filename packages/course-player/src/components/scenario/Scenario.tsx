import { useEffect, useId, useRef, useState } from 'react';
import type { BundleScenario } from '@course/contracts';
import { lastChoice, walk } from '../../course/scenario.js';
import { t } from '../../i18n/t.js';
import type { MessageKey } from '../../i18n/en.js';
import { Html } from '../html/Html.js';

const OUTCOME: Record<'good' | 'mixed' | 'poor', MessageKey> = {
  good: 'outcomeGood',
  mixed: 'outcomeMixed',
  poor: 'outcomePoor',
};

export interface ScenarioProps {
  scenario: BundleScenario;
  /** The choice ids taken so far (saved in progress). */
  path: string[];
  onPath: (path: string[]) => void;
}

/**
 * A branching role-play. The current node's text and its choices as buttons (a group named by the
 * node's text); choosing shows the consequence in a status region and "Continue"; an ending shows its
 * title, outcome and debrief, and "Restart the scenario".
 */
export function Scenario({ scenario, path, onPath }: ScenarioProps) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'node' | 'continue' | null>(null);
  const nodeRef = useRef<HTMLDivElement>(null);
  const continueRef = useRef<HTMLButtonElement>(null);
  const node = walk(scenario, path);
  const chosen = pending ? lastChoice(scenario, path) : null;

  useEffect(() => {
    if (focusTarget === 'node') nodeRef.current?.focus();
    if (focusTarget === 'continue') continueRef.current?.focus();
  }, [focusTarget, path, pending]);

  const restart = () => {
    setPending(false);
    setFocusTarget('node');
    onPath([]);
  };

  const shown = chosen ? walk(scenario, path.slice(0, -1)) : node;
  return (
    <div className="scenario-play">
      {!shown ? (
        <p className="hint">{t('scenarioBroken')}</p>
      ) : (
        <div className="scenario-node" ref={nodeRef} tabIndex={-1}>
          <Html html={shown.text} id={`${id}-text`} className="scenario-text" />
          {'choices' in shown && !chosen && (
            <div role="group" aria-labelledby={`${id}-text`} className="scenario-choices">
              {shown.choices.map((choice) => (
                <button
                  key={choice.id}
                  type="button"
                  className="button scenario-choice"
                  onClick={() => {
                    setPending(true);
                    setFocusTarget('continue');
                    onPath([...path, choice.id]);
                  }}
                >
                  {choice.text}
                </button>
              ))}
            </div>
          )}
          {chosen && <p className="scenario-chosen">{t('youChose', { choice: chosen.text })}</p>}
          {'ending' in shown && !chosen && (
            <div className={`scenario-ending scenario-ending-${shown.ending.outcome}`}>
              <h2>{t('endingTitle', { title: shown.ending.title })}</h2>
              <p className="scenario-outcome">
                {t('outcome', { outcome: t(OUTCOME[shown.ending.outcome]) })}
              </p>
              <h3>{t('debrief')}</h3>
              <Html html={shown.ending.debrief} />
            </div>
          )}
        </div>
      )}
      <div role="status" aria-live="polite" className={chosen ? 'scenario-consequence' : undefined}>
        {chosen && <Html html={chosen.consequence} />}
      </div>
      {chosen && (
        <button
          type="button"
          ref={continueRef}
          className="button button-primary"
          onClick={() => {
            setPending(false);
            setFocusTarget('node');
          }}
        >
          {t('continue')}
        </button>
      )}
      {(!shown || ('ending' in shown && !chosen)) && (
        <button type="button" className="button" onClick={restart}>
          {t('restartScenario')}
        </button>
      )}
    </div>
  );
}
