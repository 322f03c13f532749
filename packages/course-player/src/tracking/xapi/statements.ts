import {
  ACTIVITY_TYPES,
  CMI5,
  competencyIri,
  courseExtensions,
  VERBS,
  type Activity,
  type Agent,
  type BundleCaseStudy,
  type BundleItem,
  type BundleLesson,
  type BundleModule,
  type CourseBundle,
  type Response,
  type RuntimeConfig,
  type Statement,
} from '@course/contracts';
import type { AnswerParent } from '../tracker.js';
import { plainText } from '../../course/plain-text.js';

/**
 * The only place the player builds xAPI statements, from the contracts vocabulary alone.
 * Every statement gets its id and timestamp here, at creation, so a retry never makes a duplicate.
 */
export interface StatementContext {
  actor: Agent;
  registration?: string;
  bundle: CourseBundle;
  runtime: RuntimeConfig;
  /**
   * The id of the package's root activity as the launcher knows it: the cmi5 `activityId` or the
   * TinCan `activity_id` launch parameter. Default runtime.json `activityIri`.
   */
  activityId?: string;
  /**
   * cmi5 `contextTemplate` (LMS.LaunchData, cmi5 §10): merged into the context of every statement,
   * its values never overwritten (session id, publisher id grouping, registration).
   */
  contextTemplate?: StatementContextObject;
  /** Injected in tests; default `crypto.randomUUID()`. */
  uuid?: () => string;
  /** Injected in tests; default the clock. */
  now?: () => Date;
}

type Verb = (typeof VERBS)[keyof typeof VERBS];
export type StatementContextObject = NonNullable<Statement['context']>;
type ContextActivities = NonNullable<StatementContextObject['contextActivities']>;
const CONTEXT_ACTIVITY_LISTS = ['parent', 'grouping', 'category', 'other'] as const;

const lang = (ctx: StatementContext, text: string) => ({ [ctx.bundle.language]: text });

export function courseActivity(ctx: StatementContext): Activity {
  return {
    objectType: 'Activity',
    id: ctx.bundle.iri,
    definition: { type: ACTIVITY_TYPES.course, name: lang(ctx, ctx.bundle.title) },
  };
}

/** A module, or a course-level assessment (`kind: 'assessment'`): the parent of its items' statements. */
export function moduleActivity(ctx: StatementContext, module: AnswerParent): Activity {
  const type = module.kind === 'assessment' ? ACTIVITY_TYPES.assessment : ACTIVITY_TYPES.module;
  return {
    objectType: 'Activity',
    id: module.iri,
    definition: { type, name: lang(ctx, module.title) },
  };
}

/**
 * The package's root activity (runtime.json `activityIri`): the course, or the module of a module
 * package; with the launcher's activity id when it gave one.
 */
export function packageActivity(ctx: StatementContext): Activity {
  const id = ctx.activityId ?? ctx.runtime.activityIri;
  const module = ctx.bundle.modules.find((m) => m.iri === ctx.runtime.activityIri);
  return { ...(module ? moduleActivity(ctx, module) : courseActivity(ctx)), id };
}

function objectiveActivity(ctx: StatementContext, competency: string): Activity {
  const title = ctx.bundle.competencies.find((c) => c.id === competency)?.title;
  return {
    objectType: 'Activity',
    id: competencyIri(ctx.bundle.iriBase, competency),
    definition: { type: ACTIVITY_TYPES.objective, ...(title ? { name: lang(ctx, title) } : {}) },
  };
}

/** xAPI 1.0.x allows a single Activity where 2.0 wants a list; templates may carry either. */
const asActivities = (value: unknown): Activity[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value as Activity];

/**
 * Our context under a cmi5 context template: the template's values win (cmi5 §10 "MUST NOT overwrite
 * any values provided in the contextTemplate"); context-activity lists are joined, the template's first,
 * ours after them unless the template already lists that id; extensions are joined the same way.
 */
export function mergeContextTemplate(
  ours: StatementContextObject,
  template: StatementContextObject | undefined,
): StatementContextObject {
  if (!template) return ours;
  const merged: StatementContextObject = { ...ours, ...template };
  const lists: ContextActivities = {};
  for (const list of CONTEXT_ACTIVITY_LISTS) {
    const theirs = asActivities(template.contextActivities?.[list]);
    const mine = asActivities(ours.contextActivities?.[list]).filter(
      (a) => !theirs.some((t) => t.id === a.id),
    );
    if (theirs.length + mine.length) lists[list] = [...theirs, ...mine];
  }
  if (Object.keys(lists).length) merged.contextActivities = lists;
  else delete merged.contextActivities;
  if (ours.extensions || template.extensions)
    merged.extensions = { ...ours.extensions, ...template.extensions };
  return merged;
}

function statement(
  ctx: StatementContext,
  verb: Verb,
  object: Activity,
  extra: {
    result?: Statement['result'];
    parent?: Activity[];
    category?: Activity[];
    extensions?: Record<string, unknown>;
  } = {},
): Statement {
  const ext = courseExtensions(ctx.bundle.iriBase);
  const course = courseActivity(ctx);
  const contextActivities: ContextActivities = {};
  if (extra.parent?.length) contextActivities.parent = extra.parent;
  if (object.id !== course.id) contextActivities.grouping = [course];
  if (extra.category?.length) contextActivities.category = extra.category;
  const context: StatementContextObject = {
    ...(ctx.registration ? { registration: ctx.registration } : {}),
    ...(Object.keys(contextActivities).length ? { contextActivities } : {}),
    language: ctx.bundle.language,
    extensions: {
      [ext.launchTarget]: ctx.runtime.target,
      [ext.buildId]: ctx.runtime.buildId,
      ...extra.extensions,
    },
  };
  const built: Statement = {
    id: (ctx.uuid ?? (() => crypto.randomUUID()))(),
    timestamp: (ctx.now ?? (() => new Date()))().toISOString(),
    actor: ctx.actor,
    verb: { id: verb.id, display: { ...verb.display } },
    object,
    context: mergeContextTemplate(context, ctx.contextTemplate),
  };
  if (extra.result) built.result = extra.result;
  return built;
}

/** The learner started a session in the package. */
export function initializedStatement(ctx: StatementContext): Statement {
  return statement(ctx, VERBS.initialized, packageActivity(ctx));
}

/** The learner saw a lesson or case-study page. */
export function experiencedStatement(
  ctx: StatementContext,
  module: BundleModule,
  lesson: BundleLesson | BundleCaseStudy,
): Statement {
  const object: Activity = {
    objectType: 'Activity',
    id: lesson.iri,
    definition: { type: ACTIVITY_TYPES.lesson, name: lang(ctx, lesson.title) },
  };
  return statement(ctx, VERBS.experienced, object, { parent: [moduleActivity(ctx, module)] });
}

type Definition = NonNullable<Activity['definition']>;

/** Numbers in response patterns without floating-point noise (0.30000000000000004). */
const num = (n: number) => String(Number(n.toPrecision(12)));

const asList = (r: Response) => (Array.isArray(r) ? r : []);
const asPairs = (r: Response) =>
  typeof r === 'object' && !Array.isArray(r) ? Object.entries(r).map(([k, v]) => `${k}[.]${v}`) : [];

/**
 * The interaction definition of an item and the learner's response in the same format
 * (xAPI 2.0.0 §9.3 / 1.0.3 Part Two 2.4.4.1 "Interaction Activities").
 */
export function interaction(
  ctx: StatementContext,
  item: BundleItem,
  response: Response,
): {
  definition: Pick<Definition, 'interactionType' | 'correctResponsesPattern' | 'choices'>;
  response: string;
} {
  const choices = (list: ReadonlyArray<{ id: string; text: string }>) =>
    list.map((c) => ({ id: c.id, description: lang(ctx, c.text) }));
  switch (item.type) {
    case 'single-choice':
      return {
        definition: {
          interactionType: 'choice',
          correctResponsesPattern: [item.correct],
          choices: choices(item.choices),
        },
        response: asList(response).join('[,]'),
      };
    case 'multiple-response':
      return {
        definition: {
          interactionType: 'choice',
          correctResponsesPattern: [item.correct.join('[,]')],
          choices: choices(item.choices),
        },
        response: asList(response).join('[,]'),
      };
    case 'true-false':
      return {
        definition: { interactionType: 'true-false', correctResponsesPattern: [String(item.correct)] },
        response: String(response === true),
      };
    case 'matching':
      return {
        definition: {
          interactionType: 'matching',
          correctResponsesPattern: [item.pairs.map((p) => `${p.id}[.]${p.id}`).join('[,]')],
        },
        response: asPairs(response).join('[,]'),
      };
    case 'ordering':
      return {
        definition: {
          interactionType: 'sequencing',
          correctResponsesPattern: [item.steps.map((s) => s.id).join('[,]')],
          choices: choices(item.steps),
        },
        response: asList(response).join('[,]'),
      };
    case 'categorising':
      return {
        definition: {
          interactionType: 'matching',
          correctResponsesPattern: [item.entries.map((e) => `${e.id}[.]${e.category}`).join('[,]')],
        },
        response: asPairs(response).join('[,]'),
      };
    case 'short-text':
      return {
        definition: { interactionType: 'fill-in', correctResponsesPattern: [...item.accepted] },
        response: String(response),
      };
    case 'numeric':
      return {
        definition: {
          interactionType: 'numeric',
          correctResponsesPattern: [
            item.tolerance === 0
              ? num(item.answer)
              : `${num(item.answer - item.tolerance)}[:]${num(item.answer + item.tolerance)}`,
          ],
        },
        response: num(Number(response)),
      };
  }
}

/**
 * The learner answered an item (knowledge check or practice). Each competency the item is tagged with
 * is an objective activity in `context.contextActivities.parent` (cmi5 best practice #1), after the module.
 */
export function answeredStatement(
  ctx: StatementContext,
  answer: { module: AnswerParent; item: BundleItem; response: Response; success: boolean },
): Statement {
  const { module, item } = answer;
  const { definition, response } = interaction(ctx, item, answer.response);
  const object: Activity = {
    objectType: 'Activity',
    id: item.iri,
    definition: {
      type: ACTIVITY_TYPES.question,
      description: lang(ctx, plainText(item.prompt)),
      ...definition,
    },
  };
  return statement(ctx, VERBS.answered, object, {
    parent: [moduleActivity(ctx, module), ...item.competencies.map((c) => objectiveActivity(ctx, c))],
    result: { success: answer.success, response },
  });
}

function score(scorePercent: number) {
  return { scaled: scorePercent / 100, raw: scorePercent, min: 0, max: 100 };
}

/** `completed`, then `passed` or `failed`, for the package's root activity, with the score. */
export function resultStatements(
  ctx: StatementContext,
  result: { scorePercent: number; passed: boolean },
): [Statement, Statement] {
  const object = packageActivity(ctx);
  return [
    statement(ctx, VERBS.completed, object, {
      result: { completion: true, score: score(result.scorePercent) },
    }),
    statement(ctx, result.passed ? VERBS.passed : VERBS.failed, object, {
      result: { completion: true, success: result.passed, score: score(result.scorePercent) },
    }),
  ];
}

/** The learner ended the session. */
export function terminatedStatement(ctx: StatementContext, durationIso: string): Statement {
  return statement(ctx, VERBS.terminated, packageActivity(ctx), { result: { duration: durationIso } });
}

/** The cmi5 defined verbs an AU sends (cmi5 §9.3). */
export type Cmi5AuVerb = 'initialized' | 'completed' | 'passed' | 'failed' | 'terminated';

const categoryActivity = (id: string): Activity => ({ objectType: 'Activity', id });

/**
 * A "cmi5 defined" statement (cmi5 §7.1.3, §9): object = the AU (the launch `activityId`, §9.4), the
 * cmi5 category activity, and the moveOn category when the result has `success` or `completion`
 * (§9.6.2.2); the context template is merged by `statement`. Result rules (§9.5): score only in
 * passed/failed, success only in passed (true) / failed (false), completion only in completed;
 * duration in completed, passed, failed and terminated; masteryScore as a context extension in
 * passed/failed when the LMS gave one (§9.6.3.2).
 */
export function cmi5DefinedStatement(
  ctx: StatementContext,
  verb: Cmi5AuVerb,
  options: { durationIso?: string; scorePercent?: number; masteryScore?: number } = {},
): Statement {
  const object: Activity = { objectType: 'Activity', id: ctx.activityId ?? ctx.runtime.activityIri };
  const result: NonNullable<Statement['result']> = {};
  if ((verb === 'passed' || verb === 'failed') && options.scorePercent !== undefined)
    result.score = score(options.scorePercent);
  if (verb === 'passed' || verb === 'failed') result.success = verb === 'passed';
  if (verb === 'completed') result.completion = true;
  if (verb !== 'initialized' && options.durationIso) result.duration = options.durationIso;
  const moveOn = result.success !== undefined || result.completion !== undefined;
  const judged = (verb === 'passed' || verb === 'failed') && options.masteryScore !== undefined;
  return statement(ctx, VERBS[verb], object, {
    category: [
      categoryActivity(CMI5.categoryCmi5),
      ...(moveOn ? [categoryActivity(CMI5.categoryMoveOn)] : []),
    ],
    ...(Object.keys(result).length ? { result } : {}),
    ...(judged ? { extensions: { [CMI5.masteryScoreExtension]: options.masteryScore } } : {}),
  });
}
