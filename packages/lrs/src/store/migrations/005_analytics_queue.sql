-- 005_analytics_queue: the analytics read model is folded after the statements' transaction, not in it.
--
-- Folding in the statements' transaction made every write take per-learner locks and update the
-- shared population rows (cohorts, items) until it committed, so concurrent writers queued behind
-- each other (docs/performance.md). A write now only appends what it changed here (the facts of its
-- new statements and the ids it voided), in the same transaction, and one projector at a time
-- (store/analytics-store.ts, `AnalyticsProjector`) folds the queue in id order and deletes what it
-- folded, in one transaction. Every analytics read folds what is queued first, so a read sees
-- every statement stored before it started.

CREATE TABLE analytics_pending (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The facts (service/analytics/facts.ts) of the newly stored statements, as a JSON array.
  facts   jsonb NOT NULL,
  -- Ids of statements stored earlier that this write voided, as a JSON array.
  removed jsonb NOT NULL
);
