import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import type { FrameLocator, Locator } from 'playwright-core';
import { CourseBundleSchema, type BundleItem, type CourseBundle } from '@course/contracts';

/** The course.json inside a built package: the test knows the answers the way the player does. */
export async function bundleOf(zipFile: string): Promise<CourseBundle> {
  const zip = await JSZip.loadAsync(readFileSync(zipFile));
  return CourseBundleSchema.parse(JSON.parse(await zip.file('course.json')!.async('string')));
}

/**
 * Answers one item correctly through the UI, using only roles and accessible names
 * (what a screen-reader user hears), then submits it. `sco` is the player's frame, or the part of it
 * that holds the item where a page shows several (the pre-assessment, the final assessment).
 */
export async function answerCorrectly(sco: FrameLocator | Locator, item: BundleItem): Promise<void> {
  const named = (role: 'radio' | 'checkbox' | 'combobox' | 'textbox' | 'spinbutton', name: string) =>
    sco.getByRole(role, { name, exact: true });
  switch (item.type) {
    case 'single-choice':
      await named('radio', item.choices.find((c) => c.id === item.correct)!.text).check();
      break;
    case 'multiple-response':
      for (const id of item.correct)
        await named('checkbox', item.choices.find((c) => c.id === id)!.text).check();
      break;
    case 'true-false':
      await named('radio', item.correct ? 'True' : 'False').check();
      break;
    case 'matching':
      for (const p of item.pairs) await named('combobox', p.premise).selectOption({ label: p.response });
      break;
    case 'categorising':
      for (const e of item.entries) {
        await named('combobox', e.text).selectOption({
          label: item.categories.find((c) => c.id === e.category)!.title,
        });
      }
      break;
    case 'ordering': {
      // Insertion by buttons: bring each step, in the right order, up to its place.
      for (let target = 0; target < item.steps.length; target += 1) {
        const step = item.steps[target]!.text;
        const order = await sco
          .getByRole('button', { name: /^Move '.*' up$/ })
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        let position = order.indexOf(`Move '${step}' up`);
        while (position > target) {
          await sco.getByRole('button', { name: `Move '${step}' up`, exact: true }).click();
          position -= 1;
        }
      }
      break;
    }
    case 'short-text':
      await named('textbox', 'Your answer').fill(item.accepted[0]!);
      break;
    case 'numeric':
      await named('spinbutton', 'Your answer').fill(String(item.answer));
      break;
  }
  await sco.getByRole('button', { name: 'Submit answer' }).click();
}
