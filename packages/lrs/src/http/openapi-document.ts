import { z } from 'zod';
import {
  ANALYTICS_BASE_PATH,
  CohortComparisonSchema,
  EvidenceSchema,
  ItemAnalysisSchema,
  LearnerDetailSchema,
  MasteryPageSchema,
  ModuleFunnelSchema,
  OverviewSchema,
} from '@course/contracts';

/**
 * The OpenAPI 3.1 description of this LRS, served at `GET /openapi.json`. It lists every route,
 * parameter and status; the statement and document shapes are those of the xAPI specification
 * (1.0.3 and IEEE 9274.1.1), referenced rather than repeated; the analytics answers are generated
 * from their zod schemas (`@course/contracts`, analytics/api.ts). Paths are absolute (`/xapi/…`,
 * `/analytics/v1/…`).
 */
const version = {
  name: 'X-Experience-API-Version',
  in: 'header',
  required: true,
  description: '1.0.x or 2.0.x; the response speaks the same version.',
  schema: { type: 'string', example: '2.0.0' },
} as const;

const error = { $ref: '#/components/responses/Error' } as const;
const errors = { 400: error, 401: error, 403: error, 413: error } as const;
const q = (name: string, description: string, required = false, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const agent = (required: boolean) => q('agent', 'An Agent as JSON (one identifier).', required);
const activityId = q('activityId', 'The Activity IRI.', true);
const since = q('since', 'Only ids of documents updated after this timestamp.', false, {
  type: 'string',
  format: 'date-time',
});
const ifMatch = { name: 'If-Match', in: 'header', schema: { type: 'string' } } as const;
const ifNoneMatch = { name: 'If-None-Match', in: 'header', schema: { type: 'string' } } as const;

function documentPaths(idParam: string, keyParams: object[], scope: string) {
  const id = (required: boolean) => q(idParam, 'The document id.', required);
  const doc = {
    description: 'The document, byte-exact, with its Content-Type, ETag and Last-Modified.',
    headers: { ETag: { schema: { type: 'string' } }, 'Last-Modified': { schema: { type: 'string' } } },
    content: { '*/*': {} },
  };
  const written = { 204: { description: 'Stored (committed).' }, ...errors, 409: error, 412: error };
  return {
    get: {
      summary: `One document, or the array of ids when ${idParam} is absent (scope ${scope} or all/read).`,
      parameters: [version, ...keyParams, id(false), since],
      responses: { 200: doc, 404: error, ...errors },
    },
    put: {
      summary:
        'Store the document (412 on a failed If-Match/If-None-Match, 409 without either over an existing one).',
      parameters: [version, ...keyParams, id(true), ifMatch, ifNoneMatch],
      requestBody: { content: { '*/*': {} } },
      responses: written,
    },
    post: {
      summary: 'Merge a JSON object into the stored JSON object (top level).',
      parameters: [version, ...keyParams, id(true), ifMatch, ifNoneMatch],
      requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
      responses: written,
    },
    delete: {
      summary: 'Delete the document (or, for State without stateId, every document of the key).',
      parameters: [version, ...keyParams, id(false), ifMatch],
      responses: { 204: { description: 'Deleted.' }, ...errors, 412: error },
    },
  };
}

/** A generated JSON Schema (2020-12, what OpenAPI 3.1 uses), without its `$schema` line. */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  return rest;
}

const F = {
  cohort: q('cohort', 'Learners of this cohort (the cohort context extension); empty: learners without one.'),
  learner: q(
    'learner',
    'One learner, by the identifier the analytics give (`account:["homePage","name"]`, `mbox:mailto:…`).',
  ),
  module: q('module', 'A module, course-level assessment or course IRI.'),
  competency: q('competency', 'A competency id, C01 to C13.', false, {
    type: 'string',
    pattern: '^C(0[1-9]|1[0-3])$',
  }),
  since: q(
    'since',
    'From this instant (inclusive): a date (midnight UTC) or an ISO 8601 date-time, on the statements’ timestamps.',
    false,
    { type: 'string' },
  ),
  until: q('until', 'Before this instant (exclusive), as `since`.', false, { type: 'string' }),
};
const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const csv = (description: string) => ({
  description: `${description} Streamed (UTF-8 with a byte-order mark, RFC 4180, CRLF); columns in docs/analytics.md.`,
  content: { 'text/csv': { schema: { type: 'string' } } },
});
const readScope =
  'Scope analytics/read, statements/read, all/read or all (HTTP Basic; no X-Experience-API-Version needed).';
const analyticsErrors = { 400: error, 401: error, 403: error } as const;
const A = ANALYTICS_BASE_PATH;

/** The competency analytics API (docs/analytics.md). */
const ANALYTICS_PATHS = {
  [`${A}/overview`]: {
    get: {
      summary: `The mastery rule, the rule versions in use, competencies, modules, cohorts and totals. ${readScope}`,
      tags: ['analytics'],
      responses: { 200: json('AnalyticsOverview', 'The overview.'), ...analyticsErrors },
    },
  },
  [`${A}/mastery`]: {
    get: {
      summary: `The heatmap: one page of learners with their value per competency. ${readScope}`,
      description:
        'Learners in identifier order. Without since/until/module the stored values (judged by the rule version each names); with them, values judged now from the answers of that period or module.',
      tags: ['analytics'],
      parameters: [
        F.cohort,
        F.learner,
        F.module,
        F.competency,
        F.since,
        F.until,
        q('limit', 'Learners per page, 1–1000 (default 100).', false, {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
        }),
        q('cursor', 'The `next` of the previous page.'),
      ],
      responses: { 200: json('AnalyticsMasteryPage', 'One page of learners.'), ...analyticsErrors },
    },
  },
  [`${A}/cohorts`]: {
    get: {
      summary: `Cohort comparison: per cohort, mastery counts per competency and the funnel per module. ${readScope}`,
      tags: ['analytics'],
      parameters: [F.cohort, F.learner, F.module, F.competency, F.since, F.until],
      responses: { 200: json('AnalyticsCohortComparison', 'One entry per cohort.'), ...analyticsErrors },
    },
  },
  [`${A}/items`]: {
    get: {
      summary: `Item analysis: attempts, difficulty, discrimination, first responses, flags. ${readScope}`,
      tags: ['analytics'],
      parameters: [
        F.cohort,
        F.learner,
        F.module,
        F.competency,
        F.since,
        F.until,
        q('kind', 'scored, practice, diagnostic or unlisted.'),
        q('flagged', 'true: only flagged items; false: only the others.', false, { type: 'boolean' }),
      ],
      responses: { 200: json('AnalyticsItemAnalysis', 'Items in course order.'), ...analyticsErrors },
    },
  },
  [`${A}/modules`]: {
    get: {
      summary: `Module funnel: started, completed, passed, failed, resumed, time spent. ${readScope}`,
      tags: ['analytics'],
      parameters: [F.cohort, F.learner, F.module, F.since, F.until],
      responses: { 200: json('AnalyticsModuleFunnel', 'Modules in course order.'), ...analyticsErrors },
    },
  },
  [`${A}/learner`]: {
    get: {
      summary: `One learner: values per competency and modules. ${readScope}`,
      tags: ['analytics'],
      parameters: [{ ...F.learner, required: true }],
      responses: { 200: json('AnalyticsLearnerDetail', 'The learner.'), 404: error, ...analyticsErrors },
    },
  },
  [`${A}/evidence`]: {
    get: {
      summary: `The answered statements behind one learner × competency value (at most 1,000). ${readScope}`,
      tags: ['analytics'],
      parameters: [
        { ...F.learner, required: true },
        { ...F.competency, required: true },
        F.module,
        F.since,
        F.until,
      ],
      responses: { 200: json('AnalyticsEvidence', 'The value and its statements.'), ...analyticsErrors },
    },
  },
  [`${A}/export/mastery.csv`]: {
    get: {
      summary: `Learners × competencies as CSV. ${readScope}`,
      tags: ['analytics'],
      parameters: [
        F.cohort,
        F.learner,
        F.module,
        F.competency,
        F.since,
        F.until,
        q('layout', 'long (default): one row per learner × competency; wide: one row per learner.'),
      ],
      responses: { 200: csv('Learners × competencies.'), ...analyticsErrors },
    },
  },
  [`${A}/export/items.csv`]: {
    get: {
      summary: `The item analysis as CSV. ${readScope}`,
      tags: ['analytics'],
      parameters: [
        F.cohort,
        F.learner,
        F.module,
        F.competency,
        F.since,
        F.until,
        q('kind', 'As for /items.'),
      ],
      responses: { 200: csv('One row per item.'), ...analyticsErrors },
    },
  },
  [`${A}/export/statements.csv`]: {
    get: {
      summary: `Every stored statement (not voided), flattened, as CSV, oldest first. ${readScope}`,
      description: 'Here since/until apply to `stored` (when the LRS received the statement).',
      tags: ['analytics'],
      parameters: [
        F.cohort,
        F.learner,
        { ...F.module, description: 'Statements that name this activity anywhere (object or context).' },
        q('verb', 'Verb IRI.'),
        { ...F.since, description: 'Stored at or after (a date or an ISO 8601 date-time).' },
        { ...F.until, description: 'Stored before.' },
        q('json', 'true: a last column with the statement’s JSON.', false, { type: 'boolean' }),
      ],
      responses: { 200: csv('One row per statement.'), ...analyticsErrors },
    },
  },
  [`${A}/rebuild`]: {
    post: {
      summary:
        'Recompute the read model from the stored statements (scope all). Writes wait until it commits.',
      tags: ['analytics'],
      responses: {
        200: { description: '{ statements, facts, learners, ms }' },
        401: error,
        403: error,
      },
    },
  },
};

/** The xAPI paths under /xapi. */
const xapi = <T extends Record<string, unknown>>(paths: T) =>
  Object.fromEntries(Object.entries(paths).map(([k, v]) => [`/xapi${k}`, v]));

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Course LRS — xAPI 2.0.0 (IEEE 9274.1.1-2023) and 1.0.3',
    version: '1.0.0',
    description:
      'An xAPI Learning Record Store. Every /xapi route but /about needs HTTP Basic credentials and X-Experience-API-Version. ' +
      'The competency analytics under /analytics/v1 (docs/analytics.md) need HTTP Basic credentials with a read scope. ' +
      'Every 4xx has the JSON body { code, message, requestId, issues? }.',
  },
  security: [{ basic: [] }],
  components: {
    securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { type: 'string', example: 'LRS_VALIDATION' },
          message: { type: 'string' },
          requestId: { type: 'string' },
          issues: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                path: { type: 'array', items: { type: ['string', 'integer'] } },
                message: { type: 'string' },
              },
            },
          },
        },
      },
      Statement: {
        type: 'object',
        description: 'An xAPI Statement (xAPI 1.0.3 Data §2.4; IEEE 9274.1.1 §4.2.2).',
      },
      AnalyticsOverview: schemaOf(OverviewSchema),
      AnalyticsMasteryPage: schemaOf(MasteryPageSchema),
      AnalyticsCohortComparison: schemaOf(CohortComparisonSchema),
      AnalyticsItemAnalysis: schemaOf(ItemAnalysisSchema),
      AnalyticsModuleFunnel: schemaOf(ModuleFunnelSchema),
      AnalyticsLearnerDetail: schemaOf(LearnerDetailSchema),
      AnalyticsEvidence: schemaOf(EvidenceSchema),
      StatementResult: {
        type: 'object',
        properties: {
          statements: { type: 'array', items: { $ref: '#/components/schemas/Statement' } },
          more: { type: 'string' },
        },
      },
    },
    responses: {
      Error: {
        description: 'A client error (400, 401, 403, 404, 409, 412, 413) naming the problem.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  },
  paths: {
    ...xapi({
      '/about': {
        get: {
          summary: 'The versions this LRS speaks. No credentials or version header needed.',
          security: [],
          responses: { 200: { description: '{ "version": ["2.0.0", "1.0.3"] }' } },
        },
      },
      '/statements': {
        get: {
          summary:
            'One statement (statementId / voidedStatementId) or a page of a query (scope statements/read, statements/read/mine, all/read or all).',
          parameters: [
            version,
            q('statementId', 'A statement id.'),
            q('voidedStatementId', 'A voided statement id.'),
            agent(false),
            q('verb', 'Verb IRI.'),
            q('activity', 'Activity IRI.'),
            q('registration', 'Registration UUID.'),
            q('related_activities', 'true: the activity filter matches context activities too.'),
            q('related_agents', 'true: the agent filter matches authority, instructor, team, members too.'),
            q('since', 'Stored after (exclusive).'),
            q('until', 'Stored at or before.'),
            q('limit', '0 = the server maximum (500).', false, { type: 'integer', minimum: 0 }),
            q('format', 'exact, ids or canonical (Accept-Language picks the language).'),
            q('attachments', 'true: answer multipart/mixed with the attachments.'),
            q('ascending', 'true: oldest first.'),
            q('more', 'The cursor of the next page (from the previous answer).'),
          ],
          responses: {
            200: {
              description: 'A Statement or a StatementResult; X-Experience-API-Consistent-Through is set.',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      { $ref: '#/components/schemas/Statement' },
                      { $ref: '#/components/schemas/StatementResult' },
                    ],
                  },
                },
                'multipart/mixed': {},
              },
            },
            404: error,
            ...errors,
          },
        },
        post: {
          summary:
            'Store one statement or a batch, all or nothing (scope statements/write or all). multipart/mixed carries attachments.',
          parameters: [version],
          requestBody: { content: { 'application/json': {}, 'multipart/mixed': {} } },
          responses: {
            200: {
              description: 'The statement ids, in request order.',
              content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
            },
            409: error,
            ...errors,
          },
        },
        put: {
          summary: 'Store one statement under statementId; an equal repeat is a no-op, a different one 409.',
          parameters: [version, q('statementId', 'The statement id.', true)],
          requestBody: { content: { 'application/json': {}, 'multipart/mixed': {} } },
          responses: { 204: { description: 'Stored (committed).' }, 409: error, ...errors },
        },
      },
      '/activities/state': documentPaths(
        'stateId',
        [activityId, agent(true), q('registration', 'Registration UUID.')],
        'state',
      ),
      '/activities/profile': documentPaths('profileId', [activityId], 'profile'),
      '/agents/profile': documentPaths('profileId', [agent(true)], 'profile'),
      '/activities': {
        get: {
          summary: 'The canonical Activity, merged from the statements that defined it.',
          parameters: [version, activityId],
          responses: { 200: { description: 'An Activity object.' }, ...errors },
        },
      },
      '/agents': {
        get: {
          summary: 'The Person object for an agent (identifiers as arrays).',
          parameters: [version, agent(true)],
          responses: { 200: { description: 'A Person object.' }, ...errors },
        },
      },
    }),
    ...ANALYTICS_PATHS,
  },
} as const;
