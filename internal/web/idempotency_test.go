package web

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
)

// stores runs fn on SQLite, and on PostgreSQL when a test server is set.
func stores(t *testing.T, fn func(t *testing.T, postgres bool)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, false) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(pgtest.ServerEnv) == "" && os.Getenv("CI") == "" {
			t.Skipf("%s is not set", pgtest.ServerEnv)
		}
		fn(t, true)
	})
}

func keyHeader(key string) http.Header { return http.Header{"Idempotency-Key": {key}} }

func TestIdempotentSend(t *testing.T) {
	stores(t, func(t *testing.T, pg bool) {
		e := newEnvWith(t, envConfig{opts: unlimited(), postgres: pg})
		cl := e.signup("client", "Ida Idem", "Idem Ltd")
		fl := e.signup("freelancer", "Ivo Idem", "")
		th := e.thread(cl, fl)
		path := "/api/threads/" + th + "/messages"
		body := map[string]any{"text": "what's your whatsapp?"} // warn: delivered, with a decision

		first := e.doH("POST", path, cl.Token, body, keyHeader("key-1"))
		if first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first send = %d %s %v, want 201, not a replay", first.Status, first.Raw, first.Header)
		}
		before := e.counts()
		again := e.doH("POST", path, cl.Token, body, keyHeader("key-1"))
		if again.Status != http.StatusCreated || again.Header.Get("Idempotent-Replayed") != "true" ||
			again.Body["id"] != first.Body["id"] || get(again.Body, "decision.id") != get(first.Body, "decision.id") ||
			get(again.Body, "decision.action") != "warn" || get(again.Body, "message.text") != get(first.Body, "message.text") {
			t.Fatalf("retry = %d %s, want 201 replaying %s", again.Status, again.Raw, first.Raw)
		}
		if after := e.counts(); !equalCounts(before, after) {
			t.Fatalf("a retry changed the database: %v -> %v", before, after)
		}

		// The same key for another request: 409, nothing stored.
		r := e.doH("POST", path, cl.Token, map[string]any{"text": "another text"}, keyHeader("key-1"))
		if r.Status != http.StatusConflict || get(r.Body, "error.code") != "conflict" || !strings.Contains(get(r.Body, "error.message").(string), "Idempotency-Key") {
			t.Fatalf("a reused key with another text = %d %s, want 409 conflict naming the key", r.Status, r.Raw)
		}
		if after := e.counts(); !equalCounts(before, after) {
			t.Fatalf("a reused key changed the database: %v -> %v", before, after)
		}
		// Keys are per user: the other party's key-1 is their own.
		r = e.doH("POST", path, fl.Token, body, keyHeader("key-1"))
		if r.Status != http.StatusCreated || r.Body["id"] == first.Body["id"] || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("another user's key-1 = %d %s, want a new message", r.Status, r.Raw)
		}

		// A refusal is bound too: the retry is the same 422, and no
		// second audit entry, case or strike.
		refused := map[string]any{"text": "pay me via paypal.me/ida"}
		r = e.doH("POST", path, cl.Token, refused, keyHeader("key-2"))
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("refused send = %d %s, want 422", r.Status, r.Raw)
		}
		before = e.counts()
		r2 := e.doH("POST", path, cl.Token, refused, keyHeader("key-2"))
		if r2.Status != http.StatusUnprocessableEntity || r2.Body["id"] != r.Body["id"] || r2.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry of a refused send = %d %s, want the same 422 %s", r2.Status, r2.Raw, r.Raw)
		}
		if after := e.counts(); !equalCounts(before, after) {
			t.Fatalf("the retry of a refusal changed the database: %v -> %v", before, after)
		}

		// Without a key, two sends are two messages.
		e.send(http.StatusCreated, cl, th, "no key")
		e.send(http.StatusCreated, cl, th, "no key")
		if got := e.messages(cl, th); len(got) != 4 {
			t.Fatalf("messages = %q, want 4", got)
		}

		for name, h := range map[string]http.Header{
			"empty":     keyHeader(""),
			"space":     keyHeader("a key"),
			"too long":  keyHeader(strings.Repeat("k", 201)),
			"non-ASCII": keyHeader("clé"),
			"twice":     {"Idempotency-Key": {"a", "b"}},
		} {
			if r := e.doH("POST", path, cl.Token, body, h); r.Status != http.StatusBadRequest || get(r.Body, "error.code") != "invalid" {
				t.Errorf("Idempotency-Key %s = %d %s, want 400", name, r.Status, r.Raw)
			}
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// TestIdempotentSendConcurrent sends one message with one key from many
// goroutines at once: one message is stored, and every answer is it.
func TestIdempotentSendConcurrent(t *testing.T) {
	stores(t, func(t *testing.T, pg bool) {
		e := newEnvWith(t, envConfig{opts: unlimited(), postgres: pg})
		cl := e.signup("client", "Cora Concurrent", "Race Ltd")
		fl := e.signup("freelancer", "Carl Concurrent", "")
		th := e.thread(cl, fl)
		before := e.counts()
		const n = 10
		ids := make([]any, n)
		statuses := make([]int, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := e.doH("POST", "/api/threads/"+th+"/messages", cl.Token, map[string]any{"text": "once only"}, keyHeader("race"))
				statuses[i], ids[i] = r.Status, r.Body["id"]
			}()
		}
		close(start)
		wg.Wait()
		for i := range n {
			if statuses[i] != http.StatusCreated || ids[i] != ids[0] {
				t.Errorf("send #%d = %d id %v, want 201 with the one message %v", i, statuses[i], ids[i], ids[0])
			}
		}
		after := e.counts()
		if got := after["messages"] - before["messages"]; got != 1 {
			t.Errorf("%d concurrent sends with one key stored %d messages, want 1", n, got)
		}
		if got := after["audit"] - before["audit"]; got != 1 {
			t.Errorf("%d concurrent sends with one key wrote %d audit entries, want 1", n, got)
		}
	})
}
