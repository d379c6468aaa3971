-- The marketplace's first schema. Times are UTC text in a fixed-width
-- RFC 3339 form with nanoseconds, so that text order is time order. Optional
-- references (an org, a job, a strike, a resolver) are NULL when empty so
-- that foreign keys hold.

CREATE TABLE orgs (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	plan       TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL,
	-- email_key is the email lower-cased by the application (Unicode-aware,
	-- which SQLite's lower() is not): it makes email lookups and uniqueness
	-- case-insensitive.
	email_key     TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	org_id        TEXT REFERENCES orgs (id),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE tokens (
	hash       TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE profiles (
	user_id    TEXT PRIMARY KEY REFERENCES users (id),
	name       TEXT NOT NULL,
	title      TEXT NOT NULL,
	overview   TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE jobs (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES orgs (id),
	client_id   TEXT NOT NULL REFERENCES users (id),
	title       TEXT NOT NULL,
	description TEXT NOT NULL,
	budget      TEXT NOT NULL,
	-- search is title and description lower-cased by the application, for
	-- case-insensitive search beyond ASCII.
	search      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_org ON jobs (org_id);

CREATE TABLE threads (
	id            TEXT PRIMARY KEY,
	org_id        TEXT NOT NULL REFERENCES orgs (id),
	client_id     TEXT NOT NULL REFERENCES users (id),
	freelancer_id TEXT NOT NULL REFERENCES users (id),
	job_id        TEXT REFERENCES jobs (id),
	created_at    TEXT NOT NULL
);
CREATE INDEX threads_client ON threads (client_id, created_at);
CREATE INDEX threads_freelancer ON threads (freelancer_id, created_at);

CREATE TABLE messages (
	id          TEXT PRIMARY KEY,
	thread_id   TEXT NOT NULL REFERENCES threads (id),
	sender_id   TEXT NOT NULL REFERENCES users (id),
	text        TEXT NOT NULL,
	action      TEXT NOT NULL,
	decision_id TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	edited_at   TEXT
);
CREATE INDEX messages_thread ON messages (thread_id, created_at);

CREATE TABLE proposals (
	id            TEXT PRIMARY KEY,
	job_id        TEXT NOT NULL REFERENCES jobs (id),
	freelancer_id TEXT NOT NULL REFERENCES users (id),
	cover_letter  TEXT NOT NULL,
	created_at    TEXT NOT NULL
);
CREATE INDEX proposals_job ON proposals (job_id);

CREATE TABLE contracts (
	id            TEXT PRIMARY KEY,
	org_id        TEXT NOT NULL REFERENCES orgs (id),
	client_id     TEXT NOT NULL REFERENCES users (id),
	freelancer_id TEXT NOT NULL REFERENCES users (id),
	job_id        TEXT REFERENCES jobs (id),
	state         TEXT NOT NULL,
	starts_at     TEXT,
	accepted_at   TEXT,
	ended_at      TEXT,
	created_at    TEXT NOT NULL
);
CREATE INDEX contracts_parties ON contracts (org_id, freelancer_id, created_at);

CREATE TABLE reviews (
	id          TEXT PRIMARY KEY,
	contract_id TEXT NOT NULL REFERENCES contracts (id),
	author_id   TEXT NOT NULL REFERENCES users (id),
	subject_id  TEXT NOT NULL REFERENCES users (id),
	rating      INTEGER NOT NULL,
	text        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	UNIQUE (contract_id, author_id)
);
CREATE INDEX reviews_subject ON reviews (subject_id);

-- audit is append-only: the triggers below refuse any UPDATE or DELETE.
CREATE TABLE audit (
	decision_id TEXT PRIMARY KEY,
	time        TEXT NOT NULL,
	actor_id    TEXT NOT NULL,
	subject     TEXT NOT NULL,
	context     TEXT,
	findings    TEXT,
	action      TEXT NOT NULL,
	flag        INTEGER NOT NULL,
	strike      INTEGER NOT NULL,
	rules       TEXT NOT NULL, -- JSON array of rule ids
	policy      TEXT NOT NULL,
	detector    TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TABLE strikes (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users (id),
	decision_id TEXT NOT NULL,
	rule        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	removed_at  TEXT
);
CREATE INDEX strikes_user ON strikes (user_id, created_at);

CREATE TABLE cases (
	id          TEXT PRIMARY KEY,
	kind        TEXT NOT NULL,
	status      TEXT NOT NULL,
	user_id     TEXT NOT NULL REFERENCES users (id),
	decision_id TEXT NOT NULL,
	strike_id   TEXT REFERENCES strikes (id),
	channel     TEXT NOT NULL,
	text        TEXT NOT NULL,
	decision    TEXT,
	appeal      TEXT NOT NULL,
	note        TEXT NOT NULL,
	resolver_id TEXT REFERENCES users (id),
	created_at  TEXT NOT NULL,
	resolved_at TEXT
);
CREATE INDEX cases_status ON cases (status, created_at);
