import { GlossaryLinker } from '../src/content/glossary-links';

const linker = new GlossaryLinker([
  { id: 'smuggling-of-migrants', term: 'smuggling of migrants', aliases: ['migrant smuggling'] },
  { id: 'smuggling', term: 'smuggling', aliases: [] },
  { id: 'untoc', term: 'UNTOC', aliases: ['Organized Crime Convention'] },
  { id: 'non-refoulement', term: 'non-refoulement', aliases: [] },
  { id: 'migrants-rights', term: "migrants' rights", aliases: [] },
]);
const link = (id: string, text: string) =>
  `<a class="glossary-link" href="#glossary-${id}" data-term="${id}">${text}</a>`;

describe('glossary links in page HTML', () => {
  it('links the first appearance of each term on a page, the longest name first, in any case', () => {
    const linked = new Set<string>();
    const html = linker.link(
      '<p>The Smuggling of migrants is defined in UNTOC. Smuggling of migrants again; smuggling alone.</p>',
      linked,
    );
    expect(html).toBe(
      `<p>The ${link('smuggling-of-migrants', 'Smuggling of migrants')} is defined in ${link('untoc', 'UNTOC')}. Smuggling of migrants again; ${link('smuggling', 'smuggling')} alone.</p>`,
    );
    // A later segment of the same page links nothing twice.
    expect(linker.link('<p>UNTOC and smuggling</p>', linked)).toBe('<p>UNTOC and smuggling</p>');
  });

  it('matches whole words only, acronyms in capitals only, and terms written with HTML entities', () => {
    const out = linker.link(
      '<p>Untoc is not it; smugglingly neither; protect migrants&#39; rights and non-refoulement.</p>',
      new Set(),
    );
    expect(out).toBe(
      `<p>Untoc is not it; smugglingly neither; protect ${link('migrants-rights', 'migrants&#39; rights')} and ${link('non-refoulement', 'non-refoulement')}.</p>`,
    );
  });

  it('leaves headings, existing links and code alone', () => {
    const html = '<h2>UNTOC</h2><p><a href="x">UNTOC</a> <code>smuggling</code> then UNTOC</p>';
    expect(linker.link(html, new Set())).toBe(
      `<h2>UNTOC</h2><p><a href="x">UNTOC</a> <code>smuggling</code> then ${link('untoc', 'UNTOC')}</p>`,
    );
  });

  it('an empty glossary changes nothing', () => {
    expect(new GlossaryLinker([]).link('<p>UNTOC</p>', new Set())).toBe('<p>UNTOC</p>');
  });
});
