import { useEffect, useId, useMemo, useState } from 'react';
import type { BundleGlossaryTerm } from '@course/contracts';
import { Html } from '../components/html/Html.js';
import { normaliseText } from '../course/responses.js';
import { t } from '../i18n/t.js';

export interface GlossaryProps {
  terms: readonly BundleGlossaryTerm[];
  /** The course's language: terms sort by its alphabet. */
  language: string;
  /** The term to show and focus on opening (a glossary link in a page was followed). */
  initialTerm?: string | undefined;
}

/** The element id of a term's entry: what the builder's glossary links point at (`#glossary-<id>`). */
export const termAnchor = (id: string) => `glossary-${id}`;

function collator(language: string): Intl.Collator {
  try {
    return new Intl.Collator(language, { sensitivity: 'base' });
  } catch {
    return new Intl.Collator('en', { sensitivity: 'base' });
  }
}

/** Every term alphabetically, with its definition, source and related terms; a box filters by name. */
export function Glossary({ terms, language, initialTerm }: GlossaryProps) {
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [focusTerm, setFocusTerm] = useState<string | null>(initialTerm ?? null);
  const sorted = useMemo(() => {
    const compare = collator(language);
    return [...terms].sort((a, b) => compare.compare(a.term, b.term));
  }, [terms, language]);
  const byId = useMemo(() => new Map(terms.map((term) => [term.id, term])), [terms]);
  const wanted = normaliseText(filter);
  const shown = wanted
    ? sorted.filter((term) =>
        [term.term, ...term.aliases].some((name) => normaliseText(name).includes(wanted)),
      )
    : sorted;

  useEffect(() => {
    if (!focusTerm) return;
    document.getElementById(`${termAnchor(focusTerm)}-name`)?.focus();
    setFocusTerm(null);
  }, [focusTerm]);

  const show = (id: string) => {
    setFilter('');
    setFocusTerm(id);
  };

  return (
    <div className="glossary">
      <div className="field">
        <label htmlFor={filterId}>{t('filterTerms')}</label>
        <input
          id={filterId}
          type="search"
          className="filter"
          value={filter}
          autoComplete="off"
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <p role="status" aria-live="polite" className="filter-count">
        {shown.length === 0
          ? t('noTerms', { filter })
          : t('termsShown', { shown: shown.length, total: terms.length })}
      </p>
      <div className="glossary-terms">
        {shown.map((term) => {
          const related = term.related.flatMap((id) => {
            const other = byId.get(id);
            return other ? [other] : [];
          });
          return (
            <article key={term.id} id={termAnchor(term.id)} className="glossary-term">
              <h3 id={`${termAnchor(term.id)}-name`} tabIndex={-1}>
                {term.term}
              </h3>
              {term.aliases.length > 0 && (
                <p className="glossary-aliases">{t('alsoCalled', { aliases: term.aliases.join('; ') })}</p>
              )}
              <Html html={term.definition} className="glossary-definition" />
              {term.source && <p className="glossary-source">{t('source', { source: term.source })}</p>}
              {related.length > 0 && (
                <p className="glossary-related">
                  {t('relatedTerms')}:{' '}
                  {related.map((other, i) => (
                    <span key={other.id}>
                      {i > 0 && ', '}
                      <a
                        href={`#${termAnchor(other.id)}`}
                        onClick={(event) => {
                          event.preventDefault();
                          show(other.id);
                        }}
                      >
                        {other.term}
                      </a>
                    </span>
                  ))}
                </p>
              )}
            </article>
          );
        })}
      </div>
    </div>
  );
}
