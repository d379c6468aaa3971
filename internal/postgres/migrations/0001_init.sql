-- The marketplace's first schema. Optional references (an org, a job, a
-- strike, a resolver) are NULL when empty so that foreign keys hold. The
-- seq columns keep insertion order, to break ties between equal times.

CREATE TABLE orgs (
	id         text PRIMARY KEY,
	name       text NOT NULL,
	plan       text NOT NULL,
	created_at timestamptz NOT NULL
);

CREATE TABLE users (
	id            text PRIMARY KEY,
	email         text NOT NULL,
	-- email_key is the email lower-cased by the application (Unicode-aware
	-- whatever the database's locale): it makes email lookups and uniqueness
	-- case-insensitive.
	email_key     text NOT NULL CONSTRAINT users_email_key_key UNIQUE,
	name          text NOT NULL,
	role          text NOT NULL,
	org_id        text REFERENCES orgs (id),
	password_hash text NOT NULL,
	created_at    timestamptz NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE tokens (
	hash       text CONSTRAINT tokens_pkey PRIMARY KEY,
	user_id    text NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL,
	revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE profiles (
	user_id    text PRIMARY KEY REFERENCES users (id),
	name       text NOT NULL,
	title      text NOT NULL,
	overview   text NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE jobs (
	id          text PRIMARY KEY,
	seq         bigint GENERATED ALWAYS AS IDENTITY,
	org_id      text NOT NULL REFERENCES orgs (id),
	client_id   text NOT NULL REFERENCES users (id),
	title       text NOT NULL,
	description text NOT NULL,
	budget      text NOT NULL,
	-- search is title and description lower-cased by the application, for
	-- case-insensitive search whatever the database's locale.
	search      text NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL
);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_org ON jobs (org_id);

CREATE TABLE threads (
	id            text PRIMARY KEY,
	seq           bigint GENERATED ALWAYS AS IDENTITY,
	org_id        text NOT NULL REFERENCES orgs (id),
	client_id     text NOT NULL REFERENCES users (id),
	freelancer_id text NOT NULL REFERENCES users (id),
	job_id        text REFERENCES jobs (id),
	created_at    timestamptz NOT NULL
);
CREATE INDEX threads_client ON threads (client_id, created_at);
CREATE INDEX threads_freelancer ON threads (freelancer_id, created_at);

CREATE TABLE messages (
	id          text PRIMARY KEY,
	seq         bigint GENERATED ALWAYS AS IDENTITY,
	thread_id   text NOT NULL REFERENCES threads (id),
	sender_id   text NOT NULL REFERENCES users (id),
	text        text NOT NULL,
	action      text NOT NULL,
	decision_id text NOT NULL,
	created_at  timestamptz NOT NULL,
	edited_at   timestamptz
);
CREATE INDEX messages_thread ON messages (thread_id, created_at);

CREATE TABLE proposals (
	id            text PRIMARY KEY,
	job_id        text NOT NULL REFERENCES jobs (id),
	freelancer_id text NOT NULL REFERENCES users (id),
	cover_letter  text NOT NULL,
	created_at    timestamptz NOT NULL
);
CREATE INDEX proposals_job ON proposals (job_id);

CREATE TABLE contracts (
	id            text PRIMARY KEY,
	seq           bigint GENERATED ALWAYS AS IDENTITY,
	org_id        text NOT NULL REFERENCES orgs (id),
	client_id     text NOT NULL REFERENCES users (id),
	freelancer_id text NOT NULL REFERENCES users (id),
	job_id        text REFERENCES jobs (id),
	state         text NOT NULL,
	starts_at     timestamptz,
	accepted_at   timestamptz,
	ended_at      timestamptz,
	created_at    timestamptz NOT NULL
);
CREATE INDEX contracts_parties ON contracts (org_id, freelancer_id, created_at);

CREATE TABLE reviews (
	id          text PRIMARY KEY,
	contract_id text NOT NULL REFERENCES contracts (id),
	author_id   text NOT NULL REFERENCES users (id),
	subject_id  text NOT NULL REFERENCES users (id),
	rating      integer NOT NULL,
	text        text NOT NULL,
	created_at  timestamptz NOT NULL,
	CONSTRAINT reviews_contract_author_key UNIQUE (contract_id, author_id)
);
CREATE INDEX reviews_subject ON reviews (subject_id);

-- audit is append-only: the triggers below refuse any UPDATE, DELETE or
-- TRUNCATE.
CREATE TABLE audit (
	decision_id text PRIMARY KEY,
	time        timestamptz NOT NULL,
	actor_id    text NOT NULL,
	subject     text NOT NULL,
	context     jsonb,
	findings    jsonb,
	action      text NOT NULL,
	flag        boolean NOT NULL,
	strike      boolean NOT NULL,
	rules       jsonb NOT NULL, -- array of rule ids
	policy      text NOT NULL,
	detector    text NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit is append-only';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TABLE strikes (
	id          text PRIMARY KEY,
	seq         bigint GENERATED ALWAYS AS IDENTITY,
	user_id     text NOT NULL REFERENCES users (id),
	decision_id text NOT NULL,
	rule        text NOT NULL,
	created_at  timestamptz NOT NULL,
	removed_at  timestamptz
);
CREATE INDEX strikes_user ON strikes (user_id, created_at);

CREATE TABLE cases (
	id          text PRIMARY KEY,
	seq         bigint GENERATED ALWAYS AS IDENTITY,
	kind        text NOT NULL,
	status      text NOT NULL,
	user_id     text NOT NULL REFERENCES users (id),
	decision_id text NOT NULL,
	strike_id   text REFERENCES strikes (id),
	channel     text NOT NULL,
	text        text NOT NULL,
	decision    jsonb,
	appeal      text NOT NULL,
	note        text NOT NULL,
	resolver_id text REFERENCES users (id),
	created_at  timestamptz NOT NULL,
	resolved_at timestamptz
);
CREATE INDEX cases_status ON cases (status, created_at);
