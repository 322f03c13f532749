import { ACTIVITY_TYPES, courseExtensions, StatementSchema, VERBS, type BundleItem } from '@course/contracts';
import { fixtureBundle, fixtureRuntime } from '../../../test/fixtures/fixtures';
import {
  answeredStatement,
  experiencedStatement,
  initializedStatement,
  resultStatements,
  terminatedStatement,
  type StatementContext,
} from './statements';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const items = basics.knowledgeCheck.items;
const [q1] = items as [BundleItem];
const q2 = items[2]!;
const ext = courseExtensions(bundle.iriBase);
const REGISTRATION = '0f8fad5b-d9cb-469f-a165-70867728950e';

const ctx = (overrides: Partial<StatementContext> = {}): StatementContext => ({
  actor: {
    objectType: 'Agent',
    name: 'Jane',
    account: { homePage: 'https://lms.example.org', name: 'jane' },
  },
  registration: REGISTRATION,
  bundle,
  runtime: fixtureRuntime({ target: 'scorm12', xapiFromScorm: true }),
  ...overrides,
});

describe('statement factories', () => {
  const all = () => [
    initializedStatement(ctx()),
    experiencedStatement(ctx(), basics, basics.lessons[0]!),
    answeredStatement(ctx(), { module: basics, item: q1, response: ['b'], success: true }),
    answeredStatement(ctx(), { module: basics, item: q2, response: true, success: false }),
    ...resultStatements(ctx(), { scorePercent: 50, passed: false }),
    terminatedStatement(ctx(), 'PT5M'),
  ];

  it('builds statements that satisfy StatementSchema', () => {
    for (const statement of all()) expect(StatementSchema.safeParse(statement).error).toBeUndefined();
  });

  it('gives every statement its own UUID and a timestamp when it is built', () => {
    const now = new Date('2026-01-05T09:00:00.000Z');
    const statement = initializedStatement(ctx({ now: () => now }));
    expect(statement.timestamp).toBe('2026-01-05T09:00:00.000Z');
    expect(statement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = all().map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the id fixed: serialising for a retry sends the same id', () => {
    const statement = answeredStatement(ctx(), { module: basics, item: q1, response: ['b'], success: true });
    const first = JSON.parse(JSON.stringify(statement));
    const second = JSON.parse(JSON.stringify(statement));
    expect(first.id).toBe(statement.id);
    expect(second).toEqual(first);
  });

  it('uses only the contracts vocabulary and the launch registration, target and build id', () => {
    const statement = initializedStatement(ctx());
    expect(statement.verb).toEqual({ id: VERBS.initialized.id, display: VERBS.initialized.display });
    expect(statement.object.id).toBe(bundle.iri);
    expect(statement.context).toMatchObject({
      registration: REGISTRATION,
      extensions: { [ext.launchTarget]: 'scorm12', [ext.buildId]: '0123456789abcdef' },
    });
    expect(initializedStatement(ctx({ registration: undefined })).context).not.toHaveProperty('registration');
  });

  it('answered: the question as an interaction, competencies as objective parents, the course as grouping', () => {
    const statement = answeredStatement(ctx(), {
      module: basics,
      item: q2,
      response: true,
      success: false,
    });
    expect(statement.verb.id).toBe(VERBS.answered.id);
    expect(statement.object).toEqual({
      objectType: 'Activity',
      id: q2.iri,
      definition: {
        type: ACTIVITY_TYPES.question,
        description: {
          en: 'A smuggled migrant can be prosecuted under the Protocol for having been smuggled.',
        },
        interactionType: 'true-false',
        correctResponsesPattern: ['false'],
      },
    });
    expect(statement.result).toEqual({ success: false, response: 'true' });
    const parent = statement.context?.contextActivities?.parent ?? [];
    expect(parent.map((a) => [a.id, a.definition?.type])).toEqual([
      [basics.iri, ACTIVITY_TYPES.module],
      [`${bundle.iriBase}/competency/C01`, ACTIVITY_TYPES.objective],
      [`${bundle.iriBase}/competency/C02`, ACTIVITY_TYPES.objective],
    ]);
    expect(statement.context?.contextActivities?.grouping).toEqual([
      expect.objectContaining({
        id: bundle.iri,
        definition: expect.objectContaining({ type: ACTIVITY_TYPES.course }),
      }),
    ]);
  });

  it('answered in a course-level assessment: the assessment, typed as one, is the parent', () => {
    const assessment = {
      iri: `${bundle.iri}/pre-assessment`,
      title: 'Where do you start?',
      kind: 'assessment' as const,
    };
    const statement = answeredStatement(ctx(), {
      module: assessment,
      item: q1,
      response: ['b'],
      success: true,
    });
    expect(StatementSchema.safeParse(statement).error).toBeUndefined();
    expect(statement.context?.contextActivities?.parent?.[0]).toEqual({
      objectType: 'Activity',
      id: assessment.iri,
      definition: { type: ACTIVITY_TYPES.assessment, name: { en: 'Where do you start?' } },
    });
  });

  it('answered: the prompt becomes plain text', () => {
    const statement = answeredStatement(ctx(), { module: basics, item: q1, response: ['b'], success: true });
    expect(statement.object.definition?.description).toEqual({
      en: 'Which element separates smuggling from humanitarian help?',
    });
  });

  it('completed and passed/failed carry the score for the package activity', () => {
    const [completed, failed] = resultStatements(ctx(), { scorePercent: 50, passed: false });
    expect(completed.verb.id).toBe(VERBS.completed.id);
    expect(failed.verb.id).toBe(VERBS.failed.id);
    expect(failed.result).toEqual({
      completion: true,
      success: false,
      score: { scaled: 0.5, raw: 50, min: 0, max: 100 },
    });
    const [, passed] = resultStatements(ctx(), { scorePercent: 100, passed: true });
    expect(passed.verb.id).toBe(VERBS.passed.id);
    expect(passed.result?.score).toEqual({ scaled: 1, raw: 100, min: 0, max: 100 });
    expect(passed.object.id).toBe(bundle.iri);
  });

  it('a module package names the module as its activity, grouped in the course', () => {
    const moduleCtx = ctx({ runtime: fixtureRuntime({ activityIri: basics.iri }) });
    const [, passed] = resultStatements(moduleCtx, { scorePercent: 100, passed: true });
    expect(passed.object).toMatchObject({ id: basics.iri, definition: { type: ACTIVITY_TYPES.module } });
    expect(passed.context?.contextActivities?.grouping?.[0]?.id).toBe(bundle.iri);
  });

  it('experienced names the lesson with the module as parent; terminated carries the duration', () => {
    const experienced = experiencedStatement(ctx(), basics, basics.lessons[0]!);
    expect(experienced.object).toMatchObject({
      id: basics.lessons[0]!.iri,
      definition: { type: ACTIVITY_TYPES.lesson },
    });
    expect(experienced.context?.contextActivities?.parent?.[0]?.id).toBe(basics.iri);
    expect(terminatedStatement(ctx(), 'PT5M').result).toEqual({ duration: 'PT5M' });
  });

  it.each([
    ['basics-q1', ['b'], 'choice', ['b'], 'b'],
    ['basics-q2', ['a', 'b'], 'choice', ['a[,]c'], 'a[,]b'],
    ['basics-q3', false, 'true-false', ['false'], 'false'],
    [
      'basics-q4',
      { untoc: 'som', som: 'untoc', tip: 'tip' },
      'matching',
      ['untoc[.]untoc[,]som[.]som[,]tip[.]tip'],
      'untoc[.]som[,]som[.]untoc[,]tip[.]tip',
    ],
    [
      'basics-q5',
      ['transport', 'recruit', 'entry'],
      'sequencing',
      ['recruit[,]transport[,]entry'],
      'transport[,]recruit[,]entry',
    ],
    [
      'basics-q6',
      { border: 'smuggling', exploit: 'trafficking', consent: 'trafficking' },
      'matching',
      ['border[.]smuggling[,]exploit[.]trafficking[,]consent[.]smuggling'],
      'border[.]smuggling[,]exploit[.]trafficking[,]consent[.]trafficking',
    ],
    ['basics-q7', 'Art 5', 'fill-in', ['Article 5', 'Art. 5'], 'Art 5'],
    ['basics-q8', 2000, 'numeric', ['2000'], '2000'],
  ] as const)(
    'answered %s: %s interaction with the response in its pattern format',
    (id, response, type, pattern, given) => {
      const item = items.find((i) => i.id === id)!;
      const statement = answeredStatement(ctx(), {
        module: basics,
        item,
        response: response as never,
        success: true,
      });
      expect(StatementSchema.safeParse(statement).error).toBeUndefined();
      expect(statement.object.definition).toMatchObject({
        interactionType: type,
        correctResponsesPattern: pattern,
      });
      expect(statement.result?.response).toBe(given);
    },
  );

  it('answered numeric with a tolerance: the pattern is the range min[:]max', () => {
    const item = { ...items.find((i) => i.id === 'basics-q8')!, tolerance: 0.1 } as BundleItem;
    const statement = answeredStatement(ctx(), { module: basics, item, response: 1999.95, success: true });
    expect(statement.object.definition?.correctResponsesPattern).toEqual(['1999.9[:]2000.1']);
    expect(statement.result?.response).toBe('1999.95');
  });

  it('answered ordering lists the steps as choices', () => {
    const item = items.find((i) => i.id === 'basics-q5')!;
    const statement = answeredStatement(ctx(), { module: basics, item, response: ['entry'], success: false });
    expect(statement.object.definition?.choices?.map((c) => c.id)).toEqual(['recruit', 'transport', 'entry']);
  });
});
