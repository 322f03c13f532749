import { fixtureCourseBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { launchModule, scopeToModule } from './module-scope';

describe('?module= launches', () => {
  it('reads the module id from the launch query', () => {
    expect(launchModule('?module=m03')).toBe('m03');
    expect(launchModule('?endpoint=x&module=m03&fetch=y')).toBe('m03');
    expect(launchModule('')).toBeNull();
    expect(launchModule('?module=')).toBeNull();
  });

  it('reduces the bundle to the module, without the course-level assessments and certificate', () => {
    const bundle = fixtureCourseBundle();
    const scoped = scopeToModule(bundle, fixtureRuntime(), 'more')!;
    expect(scoped.bundle.modules.map((m) => m.id)).toEqual(['more']);
    expect(scoped.bundle).not.toHaveProperty('preAssessment');
    expect(scoped.bundle).not.toHaveProperty('finalAssessment');
    expect(scoped.bundle).not.toHaveProperty('certificate');
    expect(scoped.bundle.glossary).toEqual(bundle.glossary);
    expect(scoped.bundle.resources).toEqual(bundle.resources);
    expect(scoped.runtime.activityIri).toBe(bundle.modules[1]!.iri);
    expect(scoped.runtime.masteryScore).toBe(80);
  });

  it('is null for a module the package does not have', () => {
    expect(scopeToModule(fixtureCourseBundle(), fixtureRuntime(), 'm99')).toBeNull();
  });
});
