-- Profile search (lower-cased in Go, as jobs.search) and help votes.
ALTER TABLE profiles ADD COLUMN search TEXT NOT NULL DEFAULT '';

CREATE TABLE help_votes (
	article    TEXT NOT NULL,
	helpful    INTEGER NOT NULL,
	user_id    TEXT REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX help_votes_article ON help_votes (article);
