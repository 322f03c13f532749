import { CMI5, StatementSchema, VERBS } from '@course/contracts';
import { fixtureBundle, fixtureRuntime } from '../../../test/fixtures/fixtures';
import {
  answeredStatement,
  cmi5DefinedStatement,
  mergeContextTemplate,
  type StatementContext,
  type StatementContextObject,
} from './statements';

const bundle = fixtureBundle();
const basics = bundle.modules[0]!;
const AU = 'https://lms.example.org/au/7';
const PUBLISHER = { objectType: 'Activity' as const, id: basics.iri };
const template: StatementContextObject = {
  registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
  contextActivities: { grouping: [PUBLISHER] },
  extensions: { [CMI5.sessionIdExtension]: 'sess-1' },
};
const ctx: StatementContext = {
  actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.org', name: 'jane' } },
  registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
  activityId: AU,
  contextTemplate: template,
  bundle,
  runtime: fixtureRuntime({ target: 'cmi5', activityIri: basics.iri }),
};
const categories = (s: { context?: StatementContextObject }) =>
  s.context?.contextActivities?.category?.map((a) => a.id);

describe('mergeContextTemplate', () => {
  it('keeps every template value, joins activity lists (template first) and extensions', () => {
    const ours: StatementContextObject = {
      registration: 'a2b7e7b0-0000-4000-8000-000000000000',
      language: 'en',
      contextActivities: {
        grouping: [{ id: 'https://c.example.org' }, PUBLISHER],
        parent: [{ id: 'https://c.example.org/m' }],
      },
      extensions: { 'https://c.example.org/ext': 1, [CMI5.sessionIdExtension]: 'mine' },
    };
    expect(mergeContextTemplate(ours, { ...template, platform: 'LMS' })).toEqual({
      registration: template.registration,
      language: 'en',
      platform: 'LMS',
      contextActivities: {
        grouping: [PUBLISHER, { id: 'https://c.example.org' }],
        parent: [{ id: 'https://c.example.org/m' }],
      },
      extensions: { 'https://c.example.org/ext': 1, [CMI5.sessionIdExtension]: 'sess-1' },
    });
  });

  it('accepts a single activity where xAPI 1.0 allowed one', () => {
    const merged = mergeContextTemplate({}, { contextActivities: { grouping: PUBLISHER as never } });
    expect(merged.contextActivities).toEqual({ grouping: [PUBLISHER] });
  });

  it('returns our context untouched without a template', () => {
    const ours = { language: 'en' };
    expect(mergeContextTemplate(ours, undefined)).toBe(ours);
  });
});

describe('cmi5DefinedStatement (cmi5 §9)', () => {
  it('initialized: the AU as object, cmi5 category, no result', () => {
    const s = cmi5DefinedStatement(ctx, 'initialized', { durationIso: 'PT1S' });
    expect(StatementSchema.safeParse(s).error).toBeUndefined();
    expect(s.verb.id).toBe(VERBS.initialized.id);
    expect(s.object).toEqual({ objectType: 'Activity', id: AU });
    expect(s.result).toBeUndefined();
    expect(categories(s)).toEqual([CMI5.categoryCmi5]);
    expect(s.context?.extensions?.[CMI5.sessionIdExtension]).toBe('sess-1');
    expect(s.context?.contextActivities?.grouping?.[0]).toEqual(PUBLISHER);
  });

  it('completed: completion and duration only, moveOn category', () => {
    const s = cmi5DefinedStatement(ctx, 'completed', {
      durationIso: 'PT5M',
      scorePercent: 90,
      masteryScore: 0.8,
    });
    expect(s.result).toEqual({ completion: true, duration: 'PT5M' });
    expect(categories(s)).toEqual([CMI5.categoryCmi5, CMI5.categoryMoveOn]);
    expect(s.context?.extensions).not.toHaveProperty([CMI5.masteryScoreExtension]);
  });

  it('passed / failed: score, success, duration, masteryScore extension; no completion', () => {
    const passed = cmi5DefinedStatement(ctx, 'passed', {
      durationIso: 'PT5M',
      scorePercent: 90,
      masteryScore: 0.8,
    });
    expect(passed.result).toEqual({
      success: true,
      score: { scaled: 0.9, raw: 90, min: 0, max: 100 },
      duration: 'PT5M',
    });
    expect(passed.context?.extensions?.[CMI5.masteryScoreExtension]).toBe(0.8);
    expect(categories(passed)).toEqual([CMI5.categoryCmi5, CMI5.categoryMoveOn]);
    const failed = cmi5DefinedStatement(ctx, 'failed', { durationIso: 'PT5M', scorePercent: 40 });
    expect(failed.result).toEqual({
      success: false,
      score: { scaled: 0.4, raw: 40, min: 0, max: 100 },
      duration: 'PT5M',
    });
    expect(failed.context?.extensions).not.toHaveProperty([CMI5.masteryScoreExtension]);
  });

  it('terminated: duration only, no moveOn category', () => {
    const s = cmi5DefinedStatement(ctx, 'terminated', { durationIso: 'PT9M' });
    expect(s.result).toEqual({ duration: 'PT9M' });
    expect(categories(s)).toEqual([CMI5.categoryCmi5]);
  });

  it('cmi5 allowed statements (answered) carry the template without the cmi5 category', () => {
    const s = answeredStatement(ctx, {
      module: basics,
      item: basics.knowledgeCheck.items[0]!,
      response: ['b'],
      success: true,
    });
    expect(categories(s)).toBeUndefined();
    expect(s.context?.extensions?.[CMI5.sessionIdExtension]).toBe('sess-1');
    expect(s.context?.contextActivities?.grouping?.[0]).toEqual(PUBLISHER);
  });
});
