package market

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// IdempotencyWindow is how long an idempotency key keeps the outcome of
// the write first sent with it. Clients retry within seconds or minutes;
// a day covers a client that retries after a restart.
const IdempotencyWindow = 24 * time.Hour

// MaxIdempotencyKeyBytes bounds a key: a UUID is 36 bytes.
const MaxIdempotencyKeyBytes = 200

// CheckIdempotencyKey returns an Invalid error unless key is 1 to
// MaxIdempotencyKeyBytes printable ASCII characters (no spaces), as an
// HTTP header value carries it unchanged.
func CheckIdempotencyKey(key string) error {
	if key == "" || len(key) > MaxIdempotencyKeyBytes {
		return Errorf(Invalid, "Idempotency-Key: 1 to %d printable ASCII characters, such as a UUID", MaxIdempotencyKeyBytes)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return Errorf(Invalid, "Idempotency-Key: 1 to %d printable ASCII characters, such as a UUID", MaxIdempotencyKeyBytes)
		}
	}
	return nil
}

// requestHash identifies what a keyed write asks for, so that a key
// reused for something else is told apart from a retry.
func requestHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SendMessageOnce is SendMessage with the client's idempotency key. The
// first call with a key sends the message as SendMessage does and binds
// the key to the outcome in the same transaction. A later call by the same
// user with the same key, thread and text within IdempotencyWindow stores
// nothing and returns the first outcome again, with replayed true: the
// message (as it is now; an edit since shows) and the decision it was sent
// under, or the same Refused error when the policy refused it. The same
// key with another thread or text is a Conflict. Calls that race with the
// same key store one message: the others get the winner's outcome. An
// empty key is SendMessage.
func (s *Service) SendMessageOnce(ctx context.Context, actor *User, threadID, text, key string) (m *Message, dec *Decision, replayed bool, err error) {
	if key == "" {
		m, dec, err = s.SendMessage(ctx, actor, threadID, text)
		return m, dec, false, err
	}
	if err := CheckIdempotencyKey(key); err != nil {
		return nil, nil, false, err
	}
	if err := checkText("text", text, MaxTextBytes); err != nil {
		return nil, nil, false, err
	}
	req := requestHash("send message", threadID, text)
	if m, dec, ok, err := s.replay(ctx, actor, key, req); ok || err != nil {
		return m, dec, ok, err
	}
	k := &IdempotencyKey{UserID: actor.ID, Key: key, Request: req}
	m, dec, err = s.writeMessage(ctx, actor, threadID, "", text, k)
	if err != nil && ErrorCode(err) == Conflict {
		// Another request with the same key committed first.
		if m, dec, ok, rerr := s.replay(ctx, actor, key, req); ok || rerr != nil {
			return m, dec, ok, rerr
		}
	}
	return m, dec, false, err
}

// replay returns the outcome bound to the actor's key, with ok true, when
// the key is in force for the same request; ok false when the key is
// unknown or expired; a Conflict when it was used for another request.
func (s *Service) replay(ctx context.Context, actor *User, key, req string) (*Message, *Decision, bool, error) {
	k, err := s.store.IdempotencyKey(ctx, actor.ID, key)
	if ErrorCode(err) == NotFound {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, s.fail(err, "idempotency key")
	}
	if !s.clock().Before(k.ExpiresAt) {
		return nil, nil, false, nil
	}
	if k.Request != req {
		return nil, nil, false, Errorf(Conflict, "this Idempotency-Key was used for another request in the last %s: use a new key for a new request", "24 hours")
	}
	var dec Decision
	if err := json.Unmarshal(k.Decision, &dec); err != nil {
		return nil, nil, false, s.fail(err, "decode idempotent decision")
	}
	if k.MessageID == "" {
		return nil, &dec, true, &Error{Code: Refused, Message: dec.Notice, Decision: &dec}
	}
	m, err := s.store.Message(ctx, k.MessageID)
	if err != nil {
		return nil, nil, false, s.fail(err, "message")
	}
	return m, &dec, true, nil
}

// bindKey completes k with the outcome of a write decided by dec, stored
// as message id (empty when refused), and returns it for the write's
// Record.
func (s *Service) bindKey(k *IdempotencyKey, dec *Decision, messageID string, now time.Time) (*IdempotencyKey, error) {
	if k == nil {
		return nil, nil
	}
	raw, err := json.Marshal(dec)
	if err != nil {
		return nil, &Error{Code: Internal, Message: "internal error", Err: err}
	}
	bound := *k
	bound.MessageID, bound.Decision, bound.CreatedAt, bound.ExpiresAt = messageID, raw, now, now.Add(IdempotencyWindow)
	return &bound, nil
}
