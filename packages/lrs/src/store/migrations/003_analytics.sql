-- 003_analytics: the competency analytics read model (docs/analytics.md).
--
-- Maintained in the same transaction as the statements it comes from (store/analytics-store.ts), and
-- rebuilt from the raw statements by `npm run lrs:analytics -- rebuild`. Nothing here is a source of
-- truth: every row can be recomputed from `statements`.
--
-- Three layers:
-- 1. `analytics_statements`: one row per non-voided statement of the course's xAPI profile.
-- 2. Per learner (keys start with `learner`): `analytics_learners`, `analytics_mastery`,
--    `analytics_learner_items`, `analytics_learner_modules`. A write folds its statements onto them.
-- 3. Per population: `analytics_cohorts`, `analytics_cohort_competencies`, `analytics_cohort_modules`,
--    `analytics_items`, `analytics_item_responses`: sums of what each learner's rows contribute,
--    kept by adding differences. All counters are integers, so sums never drift.
--
-- Citus-friendly like 001/002: no foreign keys; layers 1 and 2 distribute by `learner` (co-located;
-- every unique key starts with it), layer 3 tables are small (cohorts × competencies or modules,
-- items × responses) and can be reference tables or distribute by their first key column.

CREATE TABLE analytics_statements (
  learner          text NOT NULL,
  statement_id     uuid NOT NULL,
  seq              bigint NOT NULL,
  -- The statement's timestamp: when it happened (the time filters use it).
  at               timestamptz NOT NULL,
  name             text NOT NULL DEFAULT '',
  cohort           text NOT NULL DEFAULT '',
  verb             text NOT NULL,
  activity         text NOT NULL,
  module           text NOT NULL DEFAULT '',
  item_kind        text,
  interaction_type text,
  success          boolean,
  response         text,
  score_scaled     double precision,
  duration_ms      bigint,
  competencies     text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (learner, statement_id)
);
-- Voiding finds the fact of a statement by id.
CREATE INDEX analytics_statements_id_idx ON analytics_statements (statement_id);
-- Time-range reports read the facts of a period.
CREATE INDEX analytics_statements_at_idx ON analytics_statements (at);

CREATE TABLE analytics_learners (
  learner    text PRIMARY KEY,
  name       text NOT NULL,
  name_seq   bigint,
  cohort     text NOT NULL,
  cohort_seq bigint,
  statements integer NOT NULL,
  first_at   timestamptz NOT NULL,
  last_at    timestamptz NOT NULL
);
CREATE INDEX analytics_learners_cohort_idx ON analytics_learners (cohort, learner);

CREATE TABLE analytics_mastery (
  learner      text NOT NULL,
  competency   text NOT NULL,
  evidence     integer NOT NULL,
  correct      integer NOT NULL,
  status       text NOT NULL,
  rule_version integer NOT NULL,
  PRIMARY KEY (learner, competency)
);
CREATE INDEX analytics_mastery_rule_idx ON analytics_mastery (rule_version);

CREATE TABLE analytics_learner_items (
  learner          text NOT NULL,
  item             text NOT NULL,
  module           text NOT NULL,
  item_kind        text NOT NULL,
  interaction_type text NOT NULL,
  competencies     text[] NOT NULL,
  attempts         integer NOT NULL,
  correct          integer NOT NULL,
  first_seq        bigint NOT NULL,
  first_success    boolean,
  first_response   text,
  first_at         timestamptz NOT NULL,
  last_at          timestamptz NOT NULL,
  PRIMARY KEY (learner, item)
);
-- Item analysis for a cohort reads the rows of one item or module.
CREATE INDEX analytics_learner_items_item_idx ON analytics_learner_items (item);

CREATE TABLE analytics_learner_modules (
  learner     text NOT NULL,
  module      text NOT NULL,
  statements  integer NOT NULL,
  sessions    integer NOT NULL,
  completed   integer NOT NULL,
  passed      integer NOT NULL,
  failed      integer NOT NULL,
  best_score  double precision,
  duration_ms bigint NOT NULL,
  first_at    timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (learner, module)
);

CREATE TABLE analytics_cohorts (
  cohort     text PRIMARY KEY,
  learners   bigint NOT NULL,
  statements bigint NOT NULL
);

CREATE TABLE analytics_cohort_competencies (
  cohort       text NOT NULL,
  competency   text NOT NULL,
  learners     bigint NOT NULL,
  mastered     bigint NOT NULL,
  not_mastered bigint NOT NULL,
  insufficient bigint NOT NULL,
  evidence     bigint NOT NULL,
  correct      bigint NOT NULL,
  PRIMARY KEY (cohort, competency)
);

CREATE TABLE analytics_cohort_modules (
  cohort      text NOT NULL,
  module      text NOT NULL,
  learners    bigint NOT NULL,
  completed   bigint NOT NULL,
  passed      bigint NOT NULL,
  failed      bigint NOT NULL,
  resumed     bigint NOT NULL,
  sessions    bigint NOT NULL,
  duration_ms bigint NOT NULL,
  PRIMARY KEY (cohort, module)
);

CREATE TABLE analytics_items (
  item             text PRIMARY KEY,
  module           text NOT NULL,
  item_kind        text NOT NULL,
  interaction_type text NOT NULL,
  competencies     text[] NOT NULL,
  attempts         bigint NOT NULL,
  correct          bigint NOT NULL,
  learners         bigint NOT NULL,
  first_correct    bigint NOT NULL,
  -- Σy, Σy², Σxy over learners, x = first attempt correct (0/1), y = rest score (docs/analytics.md).
  rest_sum         bigint NOT NULL,
  rest_sq_sum      bigint NOT NULL,
  rest_cross_sum   bigint NOT NULL
);

CREATE TABLE analytics_item_responses (
  item     text NOT NULL,
  response text NOT NULL,
  learners bigint NOT NULL,
  PRIMARY KEY (item, response)
);
