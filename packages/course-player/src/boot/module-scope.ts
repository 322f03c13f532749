import type { CourseBundle, RuntimeConfig } from '@course/contracts';

/**
 * The `module` launch parameter: cmi5 AUs and the SCORM 2004 sequenced course package launch the
 * course's player as `index.html?module=m03`. Null when absent (or empty): the whole package plays.
 */
export function launchModule(search: string): string | null {
  const id = new URLSearchParams(search).get('module');
  return id ? id : null;
}

/**
 * The package reduced to one module, as a module package would be: that module only, no pre-assessment,
 * final assessment or certificate (the glossary and resources stay), and the module as the root activity.
 * Null when the bundle has no module with that id.
 */
export function scopeToModule(
  bundle: CourseBundle,
  runtime: RuntimeConfig,
  moduleId: string,
): { bundle: CourseBundle; runtime: RuntimeConfig } | null {
  const module = bundle.modules.find((m) => m.id === moduleId);
  if (!module) return null;
  const { preAssessment: _pre, finalAssessment: _final, certificate: _certificate, ...rest } = bundle;
  return {
    bundle: { ...rest, modules: [module] },
    runtime: { ...runtime, activityIri: module.iri },
  };
}
