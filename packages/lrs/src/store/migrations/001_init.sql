-- 001_init: statements and credentials.
--
-- One schema for PGlite and PostgreSQL 15+. Kept Citus-friendly: no foreign keys between tables
-- (and none to or from `statements`), every unique key on `statements` is its primary key `id`, so
-- the table can later be distributed by `id` (or by a tenant column added in front of it).
--
-- Statements are stored once, whole, in `payload` (exactly what GET returns). The columns before it
-- are extracted from the payload for the query filters; each filter has a b-tree index ending in
-- (stored DESC, seq DESC), the order pages are read in, so every GET is O(log N + page).

CREATE TABLE statements (
  id           uuid PRIMARY KEY,
  -- Insertion order: breaks ties between statements stored in the same millisecond (cursor paging).
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  stored       timestamptz NOT NULL,
  verb_id      text NOT NULL,
  -- The actor's inverse functional identifier, normalised: mbox:…, mbox_sha1sum:…, openid:…, account:[…].
  actor_ifi    text NOT NULL,
  -- The object's activity id, or the target statement id when the object is a StatementRef.
  object_id    text NOT NULL,
  registration uuid,
  voided       boolean NOT NULL DEFAULT false,
  is_voiding   boolean NOT NULL DEFAULT false,
  payload      jsonb NOT NULL
);

CREATE INDEX statements_stored_idx ON statements (stored DESC, seq DESC);
CREATE INDEX statements_verb_idx ON statements (verb_id, stored DESC, seq DESC);
CREATE INDEX statements_actor_idx ON statements (actor_ifi, stored DESC, seq DESC);
CREATE INDEX statements_object_idx ON statements (object_id, stored DESC, seq DESC);
CREATE INDEX statements_registration_idx ON statements (registration, stored DESC, seq DESC)
  WHERE registration IS NOT NULL;

CREATE TABLE credentials (
  key          text PRIMARY KEY,
  -- scrypt$N$r$p$<salt base64>$<hash base64>; the secret itself is never stored.
  secret_hash  text NOT NULL,
  scopes       text[] NOT NULL,
  label        text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
