import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVITY_TYPES,
  activityIri,
  CMI5,
  StatementSchema,
  VERBS,
  type Activity,
  type BundleItem,
  type CourseBundle,
  type Statement,
} from '@course/contracts';
import { fixtureCourseBundle, fixtureRuntime } from './fixtures/fixtures';
import {
  answeredStatement,
  cmi5DefinedStatement,
  experiencedStatement,
  initializedStatement,
  resultStatements,
  terminatedStatement,
  type Cmi5AuVerb,
  type StatementContext,
} from '../src/tracking/xapi/statements';

/**
 * docs/xapi-profile.md cannot drift from the statement builders: every statement they can emit is
 * built here (every builder, every item type, module and assessment parents, course and module
 * packages, pass and fail, every cmi5 defined verb), and each verb, activity type, interaction type,
 * category and context extension in them must be in the profile; the ADL verbs and activity types the
 * profile lists must be ones the builders emit.
 */
const PROFILE = readFileSync(join(__dirname, '../../../docs/xapi-profile.md'), 'utf8');

/** The fixture course with every IRI made by contracts' `activityIri`, as the builder makes them. */
function withBuilderIris(course: CourseBundle): CourseBundle {
  const base = course.iriBase;
  const items = (scope: string, list: BundleItem[]) =>
    list.map((item) => ({
      ...item,
      iri: activityIri(base, { module: scope, kind: 'question', id: item.id }),
    }));
  const pre = course.preAssessment!;
  const final = course.finalAssessment!;
  return {
    ...course,
    iri: activityIri(base),
    modules: course.modules.map((m) => ({
      ...m,
      iri: activityIri(base, { module: m.id }),
      lessons: m.lessons.map((l) => ({
        ...l,
        iri: activityIri(base, { module: m.id, kind: 'lesson', id: l.id }),
      })),
      caseStudy: m.caseStudy && {
        ...m.caseStudy,
        iri: activityIri(base, { module: m.id, kind: 'case-study', id: m.caseStudy.id }),
      },
      knowledgeCheck: { ...m.knowledgeCheck, items: items(m.id, m.knowledgeCheck.items) },
    })),
    preAssessment: {
      ...pre,
      iri: activityIri(base, { module: 'pre-assessment' }),
      items: items('pre-assessment', pre.items),
    },
    finalAssessment: {
      ...final,
      iri: activityIri(base, { module: 'final-assessment' }),
      banks: final.banks.map((b) => ({ ...b, items: items('final-assessment', b.items) })),
    },
  };
}

const bundle: CourseBundle = withBuilderIris(fixtureCourseBundle());
const [basics] = bundle.modules as [CourseBundle['modules'][number]];
const pre = bundle.preAssessment!;
const final = bundle.finalAssessment!;

const actor = {
  objectType: 'Agent' as const,
  account: { homePage: 'https://lms.example.org', name: 'jane' },
};
const ctx = (overrides: Partial<StatementContext> = {}): StatementContext => ({
  actor,
  registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
  bundle,
  runtime: fixtureRuntime({ target: 'xapi' }),
  ...overrides,
});
const coursePackage = ctx();
const modulePackage = ctx({ runtime: fixtureRuntime({ target: 'scorm12', activityIri: basics.iri }) });
const cmi5 = ctx({
  runtime: fixtureRuntime({ target: 'cmi5', activityIri: basics.iri }),
  activityId: basics.iri,
  contextTemplate: {
    contextActivities: { grouping: [{ objectType: 'Activity', id: 'https://lms.example.org/publisher/1' }] },
    extensions: { [CMI5.sessionIdExtension]: 'session-1' },
  },
});

/** A right-looking response of the item's shape: the profile is about fields, not about scoring. */
function responseOf(item: BundleItem) {
  switch (item.type) {
    case 'single-choice':
      return [item.correct];
    case 'multiple-response':
      return item.correct;
    case 'true-false':
      return item.correct;
    case 'matching':
      return Object.fromEntries(item.pairs.map((p) => [p.id, p.id]));
    case 'ordering':
      return item.steps.map((s) => s.id);
    case 'categorising':
      return Object.fromEntries(item.entries.map((e) => [e.id, e.category]));
    case 'short-text':
      return item.accepted[0]!;
    case 'numeric':
      return item.answer;
  }
}

function everyStatement(): Statement[] {
  const answered =
    (c: StatementContext, module: Parameters<typeof answeredStatement>[1]['module']) => (item: BundleItem) =>
      answeredStatement(c, { module, item, response: responseOf(item), success: true });
  const assessment = (a: { iri: string; title: string }) => ({ ...a, kind: 'assessment' as const });
  const sessions = [coursePackage, modulePackage, cmi5].flatMap((c) => [
    initializedStatement(c),
    ...basics.lessons.map((lesson) => experiencedStatement(c, basics, lesson)),
    experiencedStatement(c, basics, basics.caseStudy!),
    ...basics.knowledgeCheck.items.map(answered(c, basics)),
    ...pre.items.map(answered(c, assessment(pre))),
    ...final.banks.flatMap((b) => b.items).map(answered(c, assessment(final))),
    ...resultStatements(c, { scorePercent: 90, passed: true }),
    ...resultStatements(c, { scorePercent: 40, passed: false }),
    terminatedStatement(c, 'PT12M3.5S'),
  ]);
  const verbs: Cmi5AuVerb[] = ['initialized', 'completed', 'passed', 'failed', 'terminated'];
  const defined = verbs.map((verb) =>
    cmi5DefinedStatement(cmi5, verb, { durationIso: 'PT1M', scorePercent: 80, masteryScore: 0.8 }),
  );
  return [...sessions, ...defined];
}

const statements = everyStatement();
const activities = (s: Statement): Activity[] => [
  s.object,
  ...Object.values(s.context?.contextActivities ?? {}).flatMap((list) => list ?? []),
];
const unique = (values: Array<string | undefined>) =>
  [...new Set(values.filter((v): v is string => v !== undefined))].sort();
/** Course-defined IRIs are written `<iriBase>/…` in the profile. */
const asWritten = (iri: string) =>
  iri === bundle.iriBase || iri.startsWith(`${bundle.iriBase}/`)
    ? `<iriBase>${iri.slice(bundle.iriBase.length)}`
    : iri;

describe('docs/xapi-profile.md lists what the statement builders emit', () => {
  it('builds valid statements of every kind', () => {
    for (const s of statements) expect(StatementSchema.safeParse(s).error).toBeUndefined();
    expect(unique(statements.map((s) => s.verb.id))).toEqual(unique(Object.values(VERBS).map((v) => v.id)));
  });

  it('every verb emitted is in the profile, with its IRI', () => {
    const emitted = unique(statements.map((s) => s.verb.id));
    expect(emitted.filter((iri) => !PROFILE.includes(`\`${iri}\``))).toEqual([]);
    for (const verb of Object.values(VERBS))
      expect(PROFILE).toContain(`| ${verb.display.en} | \`${verb.id}\``);
  });

  it('every activity type emitted (objects and context activities) is in the profile', () => {
    const types = unique(statements.flatMap(activities).map((a) => a.definition?.type));
    expect(types.length).toBeGreaterThanOrEqual(5);
    expect(types.filter((type) => !PROFILE.includes(`\`${type}\``))).toEqual([]);
  });

  it('every interaction type and item type is in the profile', () => {
    const interactionTypes = unique(statements.map((s) => s.object.definition?.interactionType));
    expect(interactionTypes).toEqual([
      'choice',
      'fill-in',
      'matching',
      'numeric',
      'sequencing',
      'true-false',
    ]);
    expect(interactionTypes.filter((type) => !PROFILE.includes(`| \`${type}\` |`))).toEqual([]);
    const itemTypes = unique(basics.knowledgeCheck.items.map((i) => i.type));
    expect(itemTypes).toHaveLength(8);
    expect(itemTypes.filter((type) => !PROFILE.includes(`| ${type} |`))).toEqual([]);
  });

  it('every category activity and context extension is in the profile', () => {
    const categories = unique(
      statements.flatMap((s) => (s.context?.contextActivities?.category ?? []).map((a) => a.id)),
    );
    expect(categories).toEqual([CMI5.categoryCmi5, CMI5.categoryMoveOn]);
    const extensions = unique(statements.flatMap((s) => Object.keys(s.context?.extensions ?? {})));
    expect(extensions).toHaveLength(4);
    expect(
      [...categories, ...extensions].map(asWritten).filter((iri) => !PROFILE.includes(`\`${iri}\``)),
    ).toEqual([]);
  });

  it('every activity IRI emitted (made by contracts activityIri/competencyIri) follows a scheme the profile gives', () => {
    const schemes = unique(
      statements
        .flatMap(activities)
        .filter((a) => a.id.startsWith(bundle.iriBase))
        .map((a) =>
          asWritten(a.id)
            .replace(/\/competency\/C\d\d$/, '/competency/<C01…C13>')
            .replace(
              /^<iriBase>\/(?!pre-assessment|final-assessment|competency)[^/]+/,
              '<iriBase>/<moduleId>',
            )
            .replace(/\/lesson\/[^/]+$/, '/lesson/<lessonId>')
            .replace(/\/question\/[^/]+$/, '/question/<itemId>')
            .replace(/\/case-study\/[^/]+$/, '/case-study/<caseStudyId>'),
        ),
    );
    expect(schemes.filter((scheme) => !PROFILE.includes(`\`${scheme}\``))).toEqual([]);
  });

  it('lists no ADL verb or activity type the builders never emit', () => {
    const emittedVerbs = new Set(statements.map((s) => s.verb.id));
    const listedVerbs = PROFILE.match(/http:\/\/adlnet\.gov\/expapi\/verbs\/[A-Za-z-]+/g) ?? [];
    expect(unique(listedVerbs.filter((iri) => !emittedVerbs.has(iri)))).toEqual([]);
    const emittedTypes = new Set(statements.flatMap(activities).map((a) => a.definition?.type));
    const listedTypes = PROFILE.match(/http:\/\/adlnet\.gov\/expapi\/activities\/[A-Za-z.-]+/g) ?? [];
    expect(unique(listedTypes.filter((iri) => !emittedTypes.has(iri)))).toEqual([]);
    expect(unique(listedTypes)).toEqual(unique(Object.values(ACTIVITY_TYPES)));
  });
});
