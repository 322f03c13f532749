import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * bundle.direction 'rtl' flips the layout only if the stylesheet says start/end, never left/right:
 * physical properties (margin-left, padding-right, left:, text-align: right, float…) stay where they
 * are in an RTL course. The browser check is tests/specs/accessibility.test.ts.
 */
describe('styles.css uses logical properties only', () => {
  const css = readFileSync(join(__dirname, '../src/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  it.each([
    ['physical sides in property names', /(?:margin|padding|border|inset)-(?:left|right|top|bottom)\b/],
    ['left/right/top/bottom offsets', /(?:^|[\s;{])(?:left|right|top|bottom)\s*:/m],
    ['left/right values', /:\s*(?:left|right)\s*[;}]/],
    ['floats', /\bfloat\s*:/],
    ['physical sizes', /(?:^|[\s;{])(?:min-|max-)?(?:width|height)\s*:/m],
  ])('no %s', (_what, pattern) => {
    expect(css).not.toMatch(pattern);
  });
});
