-- Idempotency keys: a client's Idempotency-Key bound to the outcome of the
-- first write sent with it, written in the write's transaction. message_id
-- is NULL when the policy refused the write; decision is the decision as
-- JSON. A Record with a key first deletes its user's expired keys.
CREATE TABLE idempotency_keys (
	user_id    text NOT NULL REFERENCES users (id),
	key        text NOT NULL,
	request    text NOT NULL,
	message_id text REFERENCES messages (id),
	decision   jsonb NOT NULL,
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	PRIMARY KEY (user_id, key)
);
