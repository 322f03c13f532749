import { GLOSSARY_LINK_CLASS, type GlossaryTerm } from '@course/contracts';

/** Elements whose text never becomes a glossary link: links, headings, code, form controls. */
const SKIP = new Set(['a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'button', 'label', 'summary']);

/** The term as it appears in marked's HTML output (`'` → `&#39;`, `"` → `&quot;`, `&` → `&amp;`). */
const asHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Wraps the first appearance of each glossary term (or alias) on a page in a link to its entry:
 * `<a class="glossary-link" href="#glossary-<id>" data-term="<id>">`. Longer names win over shorter
 * ones they contain ("smuggling of migrants" before "smuggling"); whole words only; acronyms
 * (all capitals) match their case exactly, other terms any case.
 */
export class GlossaryLinker {
  private readonly pattern: RegExp | null;
  private readonly idByName = new Map<string, string>();

  constructor(terms: readonly Pick<GlossaryTerm, 'id' | 'term' | 'aliases'>[]) {
    const names: { html: string; acronym: boolean }[] = [];
    for (const t of terms) {
      for (const name of [t.term, ...t.aliases]) {
        const html = asHtml(name);
        const acronym = name === name.toUpperCase() && /[A-Z]/.test(name);
        this.idByName.set(acronym ? html : html.toLowerCase(), t.id);
        names.push({ html, acronym });
      }
    }
    names.sort((a, b) => b.html.length - a.html.length);
    // Matched case-insensitively; an acronym found in another case is then left alone in link().
    this.pattern = names.length
      ? new RegExp(
          `(?<![\\p{L}\\p{N}&#])(${names.map((n) => escapeRegExp(n.html)).join('|')})(?![\\p{L}\\p{N}])`,
          'giu',
        )
      : null;
  }

  /** Links terms in `html` that `linked` (the page's terms already linked) does not hold yet; updates it. */
  link(html: string, linked: Set<string>): string {
    if (!this.pattern) return html;
    const parts = html.split(/(<[^>]+>)/);
    const open: string[] = [];
    return parts
      .map((part) => {
        if (part.startsWith('<')) {
          const m = /^<(\/?)([a-zA-Z0-9]+)/.exec(part);
          if (m && SKIP.has(m[2]!.toLowerCase())) {
            if (m[1]) open.pop();
            else if (!part.endsWith('/>')) open.push(m[2]!.toLowerCase());
          }
          return part;
        }
        if (open.length || !part) return part;
        return part.replace(this.pattern!, (match: string) => {
          const id = this.idByName.get(match) ?? this.idByName.get(match.toLowerCase());
          if (!id || linked.has(id)) return match;
          linked.add(id);
          return `<a class="${GLOSSARY_LINK_CLASS}" href="#glossary-${id}" data-term="${id}">${match}</a>`;
        });
      })
      .join('');
  }
}
