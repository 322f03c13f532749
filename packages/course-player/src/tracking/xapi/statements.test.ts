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
const [q1, q2] = basics.knowledgeCheck.items as [BundleItem, BundleItem];
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
    answeredStatement(ctx(), { module: basics, item: q2, response: ['yes'], success: false }),
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

  it('answered: the question as a choice interaction, competencies as objective parents, the course as grouping', () => {
    const statement = answeredStatement(ctx(), {
      module: basics,
      item: q2,
      response: ['yes'],
      success: false,
    });
    expect(statement.verb.id).toBe(VERBS.answered.id);
    expect(statement.object).toEqual({
      objectType: 'Activity',
      id: q2.iri,
      definition: {
        type: ACTIVITY_TYPES.question,
        description: {
          en: 'Can a smuggled migrant be prosecuted under the Protocol for having been smuggled?',
        },
        interactionType: 'choice',
        correctResponsesPattern: ['no'],
        choices: [
          { id: 'yes', description: { en: 'Yes, as an accomplice' } },
          { id: 'no', description: { en: 'No, article 5 rules it out' } },
        ],
      },
    });
    expect(statement.result).toEqual({ success: false, response: 'yes' });
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
});
