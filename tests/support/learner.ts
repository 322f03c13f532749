import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import {
  CourseBundleSchema,
  PROGRESS_FORMAT_VERSION,
  RuntimeConfigSchema,
  type BundleItem,
  type BundleModule,
  type CourseBundle,
  type Progress,
  type Response,
  type RuntimeConfig,
} from '@course/contracts';
import type { CompletionResult, Tracker } from '../../packages/course-player/src/tracking/tracker';

/** A built package as the player sees it: course.json, runtime.json, and any other text file asked for. */
export async function readPackage(
  zipFile: string,
  extra: string[] = [],
): Promise<{ bundle: CourseBundle; runtime: RuntimeConfig; files: Record<string, string> }> {
  const zip = await JSZip.loadAsync(readFileSync(zipFile));
  const text = (name: string) => zip.file(name)!.async('string');
  const files: Record<string, string> = {};
  for (const name of extra) files[name] = await text(name);
  return {
    bundle: CourseBundleSchema.parse(JSON.parse(await text('course.json'))),
    runtime: RuntimeConfigSchema.parse(JSON.parse(await text('runtime.json'))),
    files,
  };
}

/** A response to an item that is right, or plainly wrong, in the shape the player records. */
export function responseFor(item: BundleItem, right: boolean): Response {
  switch (item.type) {
    case 'single-choice':
      return [right ? item.correct : item.choices.find((c) => c.id !== item.correct)!.id];
    case 'multiple-response':
      return right ? [...item.correct] : [item.choices.find((c) => !item.correct.includes(c.id))!.id];
    case 'true-false':
      return right ? item.correct : !item.correct;
    case 'matching':
      return Object.fromEntries(
        item.pairs.map((p, i) => [p.id, right ? p.id : item.pairs[(i + 1) % item.pairs.length]!.id]),
      );
    case 'ordering':
      return (right ? item.steps : [...item.steps].reverse()).map((s) => s.id);
    case 'categorising':
      return Object.fromEntries(
        item.entries.map((e) => [
          e.id,
          right ? e.category : item.categories.find((c) => c.id !== e.category)!.id,
        ]),
      );
    case 'short-text':
      return right ? item.accepted[0]! : 'no idea';
    case 'numeric':
      return right ? item.answer : item.answer + item.tolerance + 1000;
  }
}

/**
 * What the player does in one session of a module, through the Tracker port only: start, restore,
 * visit every lesson, answer the knowledge check (the first `rightAnswers` items right), reach the
 * results (complete), leave (terminate).
 */
export async function playModule(
  tracker: Tracker,
  module: BundleModule,
  options: {
    rightAnswers: number;
    passMark: number;
    complete?: boolean;
    /** A second result reported in the same session, before leaving. */
    thenAlso?: CompletionResult;
  },
): Promise<{ restored: Progress | null; scorePercent: number }> {
  await tracker.start();
  const restored = await tracker.loadProgress();
  const progress: Progress = restored ?? {
    v: PROGRESS_FORMAT_VERSION,
    location: '',
    visited: [],
    answers: {},
    practice: {},
    scenarios: {},
  };
  const save = (location: string) => {
    progress.location = location;
    if (!progress.visited.includes(location)) progress.visited.push(location);
    return tracker.saveProgress(structuredClone(progress));
  };
  for (const lesson of module.lessons) await save(`${module.id}/${lesson.id}`);
  const items = module.knowledgeCheck.items;
  items.forEach((item, i) => {
    const right = i < options.rightAnswers;
    const response = responseFor(item, right);
    tracker.recordAnswer({ module, item, response, success: right, practice: false, at: new Date() });
    progress.answers[item.id] = response;
  });
  await save(`${module.id}/results`);
  const scorePercent = Math.round((Math.min(options.rightAnswers, items.length) / items.length) * 100);
  if (options.complete !== false)
    await tracker.complete({ scorePercent, passed: scorePercent >= options.passMark });
  if (options.thenAlso) await tracker.complete(options.thenAlso);
  await tracker.terminate();
  return { restored, scorePercent };
}
