-- 002_full_lrs: what the complete LRS adds to 001 — the tables behind related_agents /
-- related_activities and StatementRef matching, attachments, the three document resources and the
-- canonical activity definitions.
--
-- Still Citus-friendly: no foreign keys; `statement_agents` and `statement_activities` carry the
-- `statement_id` they belong to, so they can be co-located with `statements` (distributed by
-- statement id); documents are keyed by their resource key and can be distributed by `activity_id`
-- (state, activity profile) or `agent_ifi` (agent profile). See docs/conformance.md.

-- The target of a StatementRef object (voiding statements and any other reference).
ALTER TABLE statements ADD COLUMN ref_id uuid;
-- The key of the credential that stored the statement (scope statements/read/mine).
ALTER TABLE statements ADD COLUMN credential_key text;
UPDATE statements SET ref_id = object_id::uuid WHERE payload->'object'->>'objectType' = 'StatementRef';
UPDATE statements SET credential_key = payload->'authority'->'account'->>'name';
CREATE INDEX statements_ref_idx ON statements (ref_id) WHERE ref_id IS NOT NULL;

-- Every agent a statement mentions. `direct`: as the actor or the object (the `agent` filter);
-- otherwise only through related_agents (authority, instructor, team, members, SubStatement parts).
CREATE TABLE statement_agents (
  statement_id uuid NOT NULL,
  agent_ifi    text NOT NULL,
  direct       boolean NOT NULL,
  PRIMARY KEY (agent_ifi, statement_id, direct)
);
INSERT INTO statement_agents (statement_id, agent_ifi, direct) SELECT id, actor_ifi, true FROM statements;

-- Every activity a statement mentions. `direct`: the object (the `activity` filter); otherwise
-- only through related_activities (context activities, SubStatement parts).
CREATE TABLE statement_activities (
  statement_id uuid NOT NULL,
  activity_id  text NOT NULL,
  direct       boolean NOT NULL,
  PRIMARY KEY (activity_id, statement_id, direct)
);
INSERT INTO statement_activities (statement_id, activity_id, direct)
  SELECT id, object_id, true FROM statements WHERE ref_id IS NULL;

-- Attachment contents, by SHA-2 hash (shared by every statement that names the same hash).
CREATE TABLE attachments (
  sha2         text PRIMARY KEY,
  content_type text NOT NULL,
  content      bytea NOT NULL
);

-- State, activity profile and agent profile documents. Unused key parts are ''.
CREATE TABLE documents (
  kind         text NOT NULL CHECK (kind IN ('state', 'activity_profile', 'agent_profile')),
  activity_id  text NOT NULL,
  agent_ifi    text NOT NULL,
  registration text NOT NULL,
  doc_id       text NOT NULL,
  content_type text NOT NULL,
  content      bytea NOT NULL,
  etag         text NOT NULL,
  updated      timestamptz NOT NULL,
  PRIMARY KEY (kind, activity_id, agent_ifi, registration, doc_id)
);
CREATE INDEX documents_updated_idx ON documents (kind, activity_id, agent_ifi, registration, updated);

-- The canonical definition of each activity, merged from the statements that defined it.
CREATE TABLE activities (
  activity_id  text PRIMARY KEY,
  definition   jsonb NOT NULL
);
