import { useId } from 'react';
import type { BundleResources } from '@course/contracts';
import { Html } from '../components/html/Html.js';
import { t } from '../i18n/t.js';

/** The resources page: its introduction, then each section's entries with citation, note and link. */
export function Resources({ resources }: { resources: BundleResources }) {
  const id = useId();
  return (
    <div className="resources">
      <Html html={resources.introduction} className="prose" />
      {resources.sections.map((section, s) => (
        <section key={s} aria-labelledby={`${id}-${s}`}>
          <h3 id={`${id}-${s}`}>{section.title}</h3>
          <ul className="resource-list">
            {section.entries.map((entry, e) => (
              <li key={e} className="resource">
                <p className="resource-title">
                  {entry.url ? (
                    <a href={entry.url} target="_blank" rel="noopener">
                      {entry.title}
                      <span className="visually-hidden"> {t('opensInNewTab')}</span>
                    </a>
                  ) : (
                    <strong>{entry.title}</strong>
                  )}
                </p>
                <Html as="p" html={entry.citation} className="resource-citation" />
                {entry.note && <Html html={entry.note} className="resource-note" />}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
