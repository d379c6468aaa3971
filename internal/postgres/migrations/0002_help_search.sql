-- Profile search (lower-cased in Go, as jobs.search) and help votes.
ALTER TABLE profiles ADD COLUMN search text NOT NULL DEFAULT '';
ALTER TABLE profiles ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

CREATE TABLE help_votes (
	article    text NOT NULL,
	helpful    boolean NOT NULL,
	user_id    text REFERENCES users (id),
	created_at timestamptz NOT NULL
);
CREATE INDEX help_votes_article ON help_votes (article);
