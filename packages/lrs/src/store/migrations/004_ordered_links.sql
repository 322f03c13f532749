-- 004_ordered_links: every GET /statements filter answered by one ordered index range.
--
-- 002's link tables were keyed (key, statement_id), so a filter on an agent or an activity could not
-- return rows in page order: the planner walked `statements` in stored order and probed the link
-- table per row, reading the whole table for a selective filter (docs/performance.md §3). The link
-- rows now carry the statement's (stored, seq), and one index (key, direct, stored, seq) answers:
-- - a filter (`agent`, `activity`): the range (key, direct = true) in page order, either direction;
-- - with related_agents / related_activities: the two ranges direct = true and direct = false,
--   merged (each statement has one row per key, `direct` when it is the actor/object anywhere);
-- - the same filter as a condition on a row found by another index: a point probe
--   (key, direct, stored, seq).
-- The statements' actor and object indexes become unused and are dropped (two index entries less
-- per stored statement); the StatementRef rule reads the statements that have a ref_id in stored
-- order from a small partial index.
--
-- Still Citus-friendly: no foreign keys, `statement_id` kept on the link rows for co-location with
-- `statements` (distributed by id).

CREATE TABLE statement_agents_v4 (
  agent_ifi    text NOT NULL,
  direct       boolean NOT NULL,
  stored       timestamptz NOT NULL,
  seq          bigint NOT NULL,
  statement_id uuid NOT NULL
);
INSERT INTO statement_agents_v4 (agent_ifi, direct, stored, seq, statement_id)
  SELECT a.agent_ifi, bool_or(a.direct), s.stored, s.seq, s.id
  FROM statement_agents a JOIN statements s ON s.id = a.statement_id
  GROUP BY a.agent_ifi, s.id;
DROP TABLE statement_agents;
ALTER TABLE statement_agents_v4 RENAME TO statement_agents;
CREATE INDEX statement_agents_key_idx ON statement_agents (agent_ifi, direct, stored, seq) INCLUDE (statement_id);

CREATE TABLE statement_activities_v4 (
  activity_id  text NOT NULL,
  direct       boolean NOT NULL,
  stored       timestamptz NOT NULL,
  seq          bigint NOT NULL,
  statement_id uuid NOT NULL
);
INSERT INTO statement_activities_v4 (activity_id, direct, stored, seq, statement_id)
  SELECT a.activity_id, bool_or(a.direct), s.stored, s.seq, s.id
  FROM statement_activities a JOIN statements s ON s.id = a.statement_id
  GROUP BY a.activity_id, s.id;
DROP TABLE statement_activities;
ALTER TABLE statement_activities_v4 RENAME TO statement_activities;
CREATE INDEX statement_activities_key_idx ON statement_activities (activity_id, direct, stored, seq) INCLUDE (statement_id);

DROP INDEX statements_actor_idx;
DROP INDEX statements_object_idx;
-- Statements whose object is a StatementRef (voiding ones included), in page order.
CREATE INDEX statements_refs_stored_idx ON statements (stored, seq) WHERE ref_id IS NOT NULL;
