import { useId } from 'react';
import { t } from '../../i18n/t.js';
import type { KeyTermsBlock } from '../blocks/block-types.js';
import { Html } from '../html/Html.js';

/** A glossary box: a definition list. */
export function KeyTerms({ block }: { block: KeyTermsBlock }) {
  const id = useId();
  return (
    <section className="key-terms" aria-labelledby={id}>
      <h2 id={id}>{t('keyTerms')}</h2>
      <dl>
        {block.terms.map((term) => (
          <div key={term.term} className="key-term">
            <dt>{term.term}</dt>
            <Html as="dd" html={term.definition} />
          </div>
        ))}
      </dl>
    </section>
  );
}
