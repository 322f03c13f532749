import { randomUUID } from 'node:crypto';
import { ACTIVITY_TYPES, VERBS } from '@course/contracts';
import type { AnalyticsCatalogue } from '../../src/service/analytics/catalogue.js';

/**
 * A small course for the analytics tests, small enough to compute every value by hand
 * (test/analytics/values.test.ts has the computations):
 * module M1 with scored items q1 (choice, C01), q2 (choice, C01 C02), q3 (true-false, C02) and a
 * practice item p1 (true-false, C01); a pre-assessment with a diagnostic item d1 (fill-in, C02).
 * Rule version 7: mastered at ≥ 60 % correct of at least 2 scored answers.
 */
export const BASE = 'https://example.org/course';
export const COHORT_EXT = `${BASE}/extensions/cohort`;
export const M1 = `${BASE}/m1`;
export const PRE = `${BASE}/pre-assessment`;
export const LESSON = `${BASE}/m1/lesson/intro`;
export const ITEM = (id: string) => `${BASE}/m1/question/${id}`;
export const D1 = `${BASE}/pre-assessment/question/d1`;
const competency = (c: string) => `${BASE}/competency/${c}`;

export const CATALOGUE: AnalyticsCatalogue = {
  fromContent: true,
  rule: { ruleVersion: 7, masteryThreshold: 0.6, minimumEvidence: 2 },
  cohortExtension: COHORT_EXT,
  competencies: Array.from({ length: 13 }, (_, i) => {
    const id = `C${String(i + 1).padStart(2, '0')}`;
    return { id, iri: competency(id), title: `Competency ${id}` };
  }),
  modules: [
    { iri: PRE, title: 'Pre-assessment', kind: 'assessment', number: null },
    { iri: M1, title: 'Module 1: Basics', kind: 'module', number: 1 },
    { iri: BASE, title: 'The course', kind: 'course', number: null },
  ],
  items: new Map([
    [ITEM('q1'), { kind: 'scored', module: M1, interactionType: 'choice', competencies: ['C01'] }],
    [ITEM('q2'), { kind: 'scored', module: M1, interactionType: 'choice', competencies: ['C01', 'C02'] }],
    [ITEM('q3'), { kind: 'scored', module: M1, interactionType: 'true-false', competencies: ['C02'] }],
    [ITEM('p1'), { kind: 'practice', module: M1, interactionType: 'true-false', competencies: ['C01'] }],
    [D1, { kind: 'diagnostic', module: PRE, interactionType: 'fill-in', competencies: ['C02'] }],
  ]),
};

const DEFINITIONS: Record<string, Record<string, unknown>> = {
  q1: {
    interactionType: 'choice',
    correctResponsesPattern: ['a'],
    choices: ['a', 'b', 'c'].map((id) => ({ id, description: { en: `q1 choice ${id}` } })),
  },
  q2: {
    interactionType: 'choice',
    correctResponsesPattern: ['b'],
    choices: ['a', 'b', 'c'].map((id) => ({ id, description: { en: `q2 choice ${id}` } })),
  },
  q3: { interactionType: 'true-false', correctResponsesPattern: ['true'] },
  p1: { interactionType: 'true-false', correctResponsesPattern: ['true'] },
  d1: { interactionType: 'fill-in', correctResponsesPattern: ['protocol'] },
};

const COMPETENCIES: Record<string, string[]> = {
  q1: ['C01'],
  q2: ['C01', 'C02'],
  q3: ['C02'],
  p1: ['C01'],
  d1: ['C02'],
};

export interface Learner {
  key: string;
  name: string;
  cohort?: string;
}
export const learnerIfi = (l: Learner) => `account:${JSON.stringify(['https://lms.example.org', l.key])}`;

let clock = Date.parse('2025-03-01T09:00:00Z');
/** Timestamps one minute apart, in the order statements are built. */
const tick = () => new Date((clock += 60_000)).toISOString();

function base(
  l: Learner,
  verb: keyof typeof VERBS,
  object: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const { context, ...rest } = extra as { context?: Record<string, unknown> };
  return {
    id: randomUUID(),
    timestamp: tick(),
    actor: {
      objectType: 'Agent',
      name: l.name,
      account: { homePage: 'https://lms.example.org', name: l.key },
    },
    verb: { id: VERBS[verb].id, display: { en: verb } },
    object: { objectType: 'Activity', ...object },
    context: {
      ...context,
      contextActivities: {
        ...(context?.contextActivities as object),
        grouping: [{ id: BASE, definition: { type: ACTIVITY_TYPES.course } }],
      },
      ...(l.cohort ? { extensions: { [COHORT_EXT]: l.cohort } } : {}),
    },
    ...rest,
  };
}

export const S = {
  initialized: (l: Learner, module = M1) =>
    base(l, 'initialized', { id: module, definition: { type: ACTIVITY_TYPES.module } }),
  experienced: (l: Learner) =>
    base(
      l,
      'experienced',
      { id: LESSON, definition: { type: ACTIVITY_TYPES.lesson } },
      {
        context: { contextActivities: { parent: [{ id: M1 }] } },
      },
    ),
  /** item: q1, q2, q3, p1 (module M1) or d1 (pre-assessment). */
  answered: (l: Learner, item: string, response: string, success: boolean) =>
    base(
      l,
      'answered',
      {
        id: item === 'd1' ? D1 : ITEM(item),
        definition: {
          type: ACTIVITY_TYPES.question,
          description: { en: `Item ${item}` },
          ...DEFINITIONS[item],
        },
      },
      {
        result: { success, response },
        context: {
          contextActivities: {
            parent: [
              { id: item === 'd1' ? PRE : M1 },
              ...COMPETENCIES[item]!.map((c) => ({
                id: competency(c),
                definition: { type: ACTIVITY_TYPES.objective },
              })),
            ],
          },
        },
      },
    ),
  result: (l: Learner, verb: 'completed' | 'passed' | 'failed', scaled: number) =>
    base(
      l,
      verb,
      { id: M1 },
      { result: { completion: true, score: { scaled, raw: scaled * 100, min: 0, max: 100 } } },
    ),
  terminated: (l: Learner, duration: string) => base(l, 'terminated', { id: M1 }, { result: { duration } }),
};

export const A: Learner = { key: 'a', name: 'Amal', cohort: 'X' };
export const B: Learner = { key: 'b', name: 'Bruno', cohort: 'X' };
export const C: Learner = { key: 'c', name: 'Chen', cohort: 'Y' };
export const D: Learner = { key: 'd', name: 'Dara' };
export const E: Learner = { key: 'e', name: 'Eli', cohort: 'Y' };

/** The fixture's statements, one batch per learner session, in the order they are posted. */
export function fixtureBatches(): Record<string, unknown>[][] {
  return [
    [
      S.initialized(A),
      S.experienced(A),
      S.answered(A, 'p1', 'false', false),
      S.answered(A, 'q1', 'a', true),
      S.answered(A, 'q2', 'b', true),
      S.answered(A, 'q3', 'false', false),
      S.answered(A, 'q1', 'a', true),
      S.result(A, 'completed', 0.67),
      S.result(A, 'passed', 0.67),
      S.terminated(A, 'PT10M'),
    ],
    [
      S.initialized(B),
      S.answered(B, 'q1', 'b', false),
      S.answered(B, 'q2', 'a', false),
      S.terminated(B, 'PT5M'),
    ],
    [
      S.initialized(B),
      S.answered(B, 'q3', 'true', true),
      S.answered(B, 'q2', 'b', true),
      S.result(B, 'completed', 0.5),
      S.result(B, 'failed', 0.5),
      S.terminated(B, 'PT2M30S'),
    ],
    [
      S.answered(C, 'd1', 'smuggling', false),
      S.initialized(C),
      S.answered(C, 'q1', 'a', true),
      S.answered(C, 'q2', 'b', true),
      S.answered(C, 'q3', 'true', true),
      S.result(C, 'completed', 1),
      S.result(C, 'passed', 1),
      S.terminated(C, 'PT20M'),
    ],
    [
      S.initialized(D),
      S.answered(D, 'q1', 'c', false),
      S.answered(D, 'q3', 'false', false),
      S.terminated(D, 'PT1M'),
    ],
    [
      S.answered(E, 'q1', 'a', true),
      S.answered(E, 'q1', 'a', true),
      S.answered(E, 'q1', 'a', true),
      S.answered(E, 'q2', 'c', false),
      S.answered(E, 'q2', 'c', false),
    ],
  ];
}
