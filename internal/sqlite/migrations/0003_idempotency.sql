-- Idempotency keys: a client's Idempotency-Key bound to the outcome of the
-- first write sent with it, written in the write's transaction. message_id
-- is NULL when the policy refused the write; decision is the decision as
-- JSON. A Record with a key first deletes its user's expired keys.
CREATE TABLE idempotency_keys (
	user_id    TEXT NOT NULL REFERENCES users (id),
	key        TEXT NOT NULL,
	request    TEXT NOT NULL,
	message_id TEXT REFERENCES messages (id),
	decision   TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	PRIMARY KEY (user_id, key)
);
