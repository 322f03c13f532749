import {
  ACTIVITY_TYPES,
  competencyIri,
  courseExtensions,
  VERBS,
  type Activity,
  type Agent,
  type BundleItem,
  type BundleLesson,
  type BundleModule,
  type CourseBundle,
  type RuntimeConfig,
  type Statement,
} from '@course/contracts';

/**
 * The only place the player builds xAPI statements, from the contracts vocabulary alone.
 * Every statement gets its id and timestamp here, at creation, so a retry never makes a duplicate.
 */
export interface StatementContext {
  actor: Agent;
  registration?: string;
  bundle: CourseBundle;
  runtime: RuntimeConfig;
  /** Injected in tests; default `crypto.randomUUID()`. */
  uuid?: () => string;
  /** Injected in tests; default the clock. */
  now?: () => Date;
}

type Verb = (typeof VERBS)[keyof typeof VERBS];

const lang = (ctx: StatementContext, text: string) => ({ [ctx.bundle.language]: text });

/** Prompt HTML as plain text for an activity description. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export function courseActivity(ctx: StatementContext): Activity {
  return {
    objectType: 'Activity',
    id: ctx.bundle.iri,
    definition: { type: ACTIVITY_TYPES.course, name: lang(ctx, ctx.bundle.title) },
  };
}

export function moduleActivity(ctx: StatementContext, module: BundleModule): Activity {
  return {
    objectType: 'Activity',
    id: module.iri,
    definition: { type: ACTIVITY_TYPES.module, name: lang(ctx, module.title) },
  };
}

/** The package's root activity (runtime.json `activityIri`): the course, or the module of a module package. */
export function packageActivity(ctx: StatementContext): Activity {
  const module = ctx.bundle.modules.find((m) => m.iri === ctx.runtime.activityIri);
  if (module) return moduleActivity(ctx, module);
  return { ...courseActivity(ctx), id: ctx.runtime.activityIri };
}

function objectiveActivity(ctx: StatementContext, competency: string): Activity {
  const title = ctx.bundle.competencies.find((c) => c.id === competency)?.title;
  return {
    objectType: 'Activity',
    id: competencyIri(ctx.bundle.iriBase, competency),
    definition: { type: ACTIVITY_TYPES.objective, ...(title ? { name: lang(ctx, title) } : {}) },
  };
}

function statement(
  ctx: StatementContext,
  verb: Verb,
  object: Activity,
  extra: { result?: Statement['result']; parent?: Activity[] } = {},
): Statement {
  const ext = courseExtensions(ctx.bundle.iriBase);
  const course = courseActivity(ctx);
  const contextActivities: NonNullable<NonNullable<Statement['context']>['contextActivities']> = {};
  if (extra.parent?.length) contextActivities.parent = extra.parent;
  if (object.id !== course.id) contextActivities.grouping = [course];
  const built: Statement = {
    id: (ctx.uuid ?? (() => crypto.randomUUID()))(),
    timestamp: (ctx.now ?? (() => new Date()))().toISOString(),
    actor: ctx.actor,
    verb: { id: verb.id, display: { ...verb.display } },
    object,
    context: {
      ...(ctx.registration ? { registration: ctx.registration } : {}),
      ...(Object.keys(contextActivities).length ? { contextActivities } : {}),
      language: ctx.bundle.language,
      extensions: { [ext.launchTarget]: ctx.runtime.target, [ext.buildId]: ctx.runtime.buildId },
    },
  };
  if (extra.result) built.result = extra.result;
  return built;
}

/** The learner started a session in the package. */
export function initializedStatement(ctx: StatementContext): Statement {
  return statement(ctx, VERBS.initialized, packageActivity(ctx));
}

/** The learner saw a lesson page. */
export function experiencedStatement(
  ctx: StatementContext,
  module: BundleModule,
  lesson: BundleLesson,
): Statement {
  const object: Activity = {
    objectType: 'Activity',
    id: lesson.iri,
    definition: { type: ACTIVITY_TYPES.lesson, name: lang(ctx, lesson.title) },
  };
  return statement(ctx, VERBS.experienced, object, { parent: [moduleActivity(ctx, module)] });
}

/**
 * The learner answered a knowledge-check item. Each competency the item is tagged with is an objective
 * activity in `context.contextActivities.parent` (cmi5 best practice #1), after the module.
 */
export function answeredStatement(
  ctx: StatementContext,
  answer: { module: BundleModule; item: BundleItem; response: string[]; success: boolean },
): Statement {
  const { module, item } = answer;
  const object: Activity = {
    objectType: 'Activity',
    id: item.iri,
    definition: {
      type: ACTIVITY_TYPES.question,
      description: lang(ctx, plainText(item.promptHtml)),
      interactionType: 'choice',
      correctResponsesPattern: [item.correct],
      choices: item.choices.map((c) => ({ id: c.id, description: lang(ctx, c.text) })),
    },
  };
  return statement(ctx, VERBS.answered, object, {
    parent: [moduleActivity(ctx, module), ...item.competencies.map((c) => objectiveActivity(ctx, c))],
    // xAPI 2.0 §9.3 (choice): responses are choice ids joined by "[,]".
    result: { success: answer.success, response: answer.response.join('[,]') },
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
