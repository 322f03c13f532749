import { z } from 'zod';

/**
 * Content ids are stable slugs: lower-case letters, digits and hyphens, starting with a letter.
 * They never change and are never reused, because activity IRIs and saved progress derive from them.
 */
export const SLUG_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const SlugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'a stable id: lower-case letters, digits and single hyphens, starting with a letter');
export type Slug = z.infer<typeof SlugSchema>;

export const CompetencyIdSchema = z.string().regex(/^C(0[1-9]|1[0-3])$/, 'a competency id C01 to C13');
export type CompetencyId = z.infer<typeof CompetencyIdSchema>;

/** Joins an IRI base and path segments with exactly one slash between them. */
function joinIri(base: string, ...segments: string[]): string {
  return [base.replace(/\/+$/, ''), ...segments.map((s) => encodeURIComponent(s))].join('/');
}

/**
 * The one place where content ids become xAPI activity IRIs.
 * Course: `<iriBase>`; module: `<iriBase>/<moduleId>`; anything inside a module:
 * `<iriBase>/<moduleId>/<kind>/<id>`; competency: `<iriBase>/competency/<C01>`.
 * @example activityIri('https://x.org/c', { module: 'm01', kind: 'question', id: 'm01-q1' })
 *   // 'https://x.org/c/m01/question/m01-q1'
 */
export function activityIri(
  iriBase: string,
  ref?: { module: string; kind?: 'lesson' | 'question' | 'assessment' | 'case-study' | 'scenario'; id?: string },
): string {
  if (!ref) return joinIri(iriBase);
  if (ref.kind && ref.id) return joinIri(iriBase, ref.module, ref.kind, ref.id);
  return joinIri(iriBase, ref.module);
}

export function competencyIri(iriBase: string, competency: CompetencyId): string {
  return joinIri(iriBase, 'competency', competency);
}
