import type { BundleModule, BundlePreAssessment, CourseBundle } from '@course/contracts';
import { isCorrect } from './responses.js';
import type { Answers } from './scoring.js';

export interface Diagnosis {
  competency: { id: string; title: string };
  /** Every pre-assessment item tagged with the competency was answered correctly. */
  secure: boolean;
  /** The package's modules that build the competency (`module.competencies`). */
  modules: BundleModule[];
}

/**
 * The pre-assessment's outcome per competency it diagnoses, in the course's competency order;
 * null while any of its items is unanswered.
 */
export function diagnose(
  bundle: CourseBundle,
  assessment: BundlePreAssessment,
  answers: Answers,
): Diagnosis[] | null {
  if (assessment.items.some((item) => answers[item.id] === undefined)) return null;
  return bundle.competencies.flatMap((competency) => {
    const items = assessment.items.filter((item) => item.competencies.includes(competency.id));
    if (items.length === 0) return [];
    return [
      {
        competency,
        secure: items.every((item) => isCorrect(item, answers[item.id]!)),
        modules: bundle.modules.filter((m) => m.competencies.includes(competency.id)),
      },
    ];
  });
}
