package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
)

// TestReplicas runs two "chaperone serve" processes on one PostgreSQL
// database, as README's "Storage" describes replicas, and checks that a
// user sees one marketplace whichever replica answers: writes through
// both land once each, a message written through one is announced live
// to a reader of the other, a retried send with the same Idempotency-Key
// stores one message whichever replicas the tries reach, and strikes
// earned through one restrict on the other.
func TestReplicas(t *testing.T) {
	db := pgtest.FreshDatabase(t)
	a, b := startChild(t, db), startChild(t, db)
	hc := newAPI(t)

	t.Run("concurrent sends", func(t *testing.T) {
		client := hc.mustSignup(t, a.base, "client", "client@sends.example")
		free := hc.mustSignup(t, b.base, "freelancer", "free@sends.example")
		thread := hc.mustThread(t, b.base, client, free)
		// Within the burst of the write limit, which each replica keeps
		// for itself: 20 per user.
		const perWorker = 10
		var (
			wg  sync.WaitGroup
			mu  sync.Mutex
			ids = map[string]bool{}
		)
		for w, c := range []*child{a, a, b, b} {
			from := []account{client, free}[w%2]
			wg.Go(func() {
				for i := range perWorker {
					var res struct {
						ID string `json:"id"`
					}
					text := fmt.Sprintf("Replica note, worker %c, message %c.", 'a'+w, 'a'+i)
					code, data, err := hc.call("POST", c.base+"/api/threads/"+thread+"/messages", from.Token, map[string]string{"text": text}, nil)
					if err != nil || code != http.StatusCreated || json.Unmarshal(data, &res) != nil {
						t.Errorf("send through %s = %d %s %v, want 201", c.base, code, data, err)
						return
					}
					mu.Lock()
					ids[res.ID] = true
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		for _, c := range []*child{a, b} {
			msgs := hc.mustMessages(t, c.base, client.Token, thread)
			seen := map[string]bool{}
			for _, m := range msgs {
				if !ids[m.ID] || seen[m.ID] {
					t.Errorf("%s lists message %s: acknowledged %v, listed before %v", c.base, m.ID, ids[m.ID], seen[m.ID])
				}
				seen[m.ID] = true
			}
			if len(seen) != len(ids) {
				t.Errorf("%s lists %d messages, want the %d acknowledged", c.base, len(seen), len(ids))
			}
		}
	})

	// PostgreSQL LISTEN/NOTIFY carries the announcement from the replica
	// that wrote to the readers of the other.
	t.Run("live delivery", func(t *testing.T) {
		client := hc.mustSignup(t, a.base, "client", "client@live.example")
		free := hc.mustSignup(t, b.base, "freelancer", "free@live.example")
		thread := hc.mustThread(t, a.base, client, free)
		onB := streamEvents(t, hc, b.base, free.Token, thread)
		onA := streamEvents(t, hc, a.base, client.Token, thread)
		url := "/api/threads/" + thread + "/messages"

		var sent struct {
			ID string `json:"id"`
		}
		start := time.Now()
		hc.must(t, http.StatusCreated, "POST", a.base+url, client.Token, map[string]string{"text": "Hello from replica A."}, &sent)
		waitEvent(t, onB, thread, sent.ID)
		t.Logf("sent through A, announced on B %v after the send began", time.Since(start).Round(time.Millisecond))

		start = time.Now()
		hc.must(t, http.StatusCreated, "POST", b.base+url, free.Token, map[string]string{"text": "Hello back from replica B."}, &sent)
		waitEvent(t, onA, thread, sent.ID)
		t.Logf("sent through B, announced on A %v after the send began", time.Since(start).Round(time.Millisecond))

		hc.must(t, http.StatusOK, "PATCH", a.base+"/api/messages/"+sent.ID, free.Token, map[string]string{"text": "Hello back from replica B, edited on A."}, nil)
		waitEvent(t, onB, thread, sent.ID)
	})

	// A client that lost the answer retries, and a load balancer may send
	// the retry to the other replica; the key binds in the shared
	// database.
	t.Run("idempotency key", func(t *testing.T) {
		client := hc.mustSignup(t, a.base, "client", "client@idem.example")
		free := hc.mustSignup(t, b.base, "freelancer", "free@idem.example")
		thread := hc.mustThread(t, a.base, client, free)
		url := "/api/threads/" + thread + "/messages"
		send := func(c *child, key, text string) (int, string, string) {
			code, h, data, err := hc.callHeader("POST", c.base+url, client.Token, map[string]string{"text": text}, map[string]string{"Idempotency-Key": key})
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				ID string `json:"id"`
			}
			json.Unmarshal(data, &res)
			return code, res.ID, h.Get("Idempotent-Replayed")
		}

		code, first, _ := send(a, "retry-1", "Here is the first draft.")
		if code != http.StatusCreated || first == "" {
			t.Fatalf("first send through A = %d %q, want 201", code, first)
		}
		code, again, replayed := send(b, "retry-1", "Here is the first draft.")
		if code != http.StatusCreated || again != first || replayed != "true" {
			t.Errorf("retry through B = %d %q (Idempotent-Replayed %q), want 201 with the first message %s, replayed", code, again, replayed, first)
		}
		if code, _, _ := send(b, "retry-1", "Something else."); code != http.StatusConflict {
			t.Errorf("the key again with another text, through B = %d, want 409", code)
		}

		// Both tries at once, one through each replica.
		const races = 5
		for i := range races {
			key := fmt.Sprintf("race-%d", i)
			text := fmt.Sprintf("Raced draft %c.", 'a'+i)
			var ids [2]string
			var codes [2]int
			var wg sync.WaitGroup
			for j, c := range []*child{a, b} {
				wg.Go(func() { codes[j], ids[j], _ = send(c, key, text) })
			}
			wg.Wait()
			if codes != [2]int{http.StatusCreated, http.StatusCreated} || ids[0] != ids[1] {
				t.Errorf("key %s through A and B at once = %v %v, want 201 twice with one message", key, codes, ids)
			}
		}
		if msgs := hc.mustMessages(t, b.base, free.Token, thread); len(msgs) != 1+races {
			t.Errorf("thread holds %d messages, want %d", len(msgs), 1+races)
		}
	})

	// The policy's ladder restricts a user with three strikes to threads
	// with a started contract; the strikes are rows in the shared
	// database, so the replica that did not see them restricts too.
	t.Run("strikes", func(t *testing.T) {
		client := hc.mustSignup(t, a.base, "client", "client@strikes.example")
		for i, tc := range []struct {
			name string
			via  []*child // the replica of each striking message
		}{
			{"all through A", []*child{a, a, a}},
			{"split between A and B", []*child{a, b, a}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				free := hc.mustSignup(t, b.base, "freelancer", fmt.Sprintf("free%d@strikes.example", i))
				thread := hc.mustThread(t, a.base, client, free)
				url := "/api/threads/" + thread + "/messages"
				for i, c := range tc.via {
					var dec struct {
						Action string `json:"action"`
						Strike bool   `json:"strike"`
					}
					hc.must(t, http.StatusUnprocessableEntity, "POST", c.base+url, free.Token, map[string]string{"text": "pay me on paypal.me/someone"}, &dec)
					if dec.Action != "block" || !dec.Strike {
						t.Fatalf("paying outside, %d: action %q strike %v, want a block with a strike", i+1, dec.Action, dec.Strike)
					}
				}
				for _, c := range []*child{b, a} {
					var me struct {
						Standing struct {
							Level   string `json:"level"`
							Strikes int    `json:"strikes"`
						} `json:"standing"`
					}
					hc.must(t, http.StatusOK, "GET", c.base+"/api/me", free.Token, nil, &me)
					if me.Standing.Level != "restricted" || me.Standing.Strikes != 3 {
						t.Errorf("GET /api/me on %s: %+v, want restricted with 3 strikes", c.base, me.Standing)
					}
					var e struct {
						Error struct {
							Code string `json:"code"`
						} `json:"error"`
					}
					hc.must(t, http.StatusForbidden, "POST", c.base+url, free.Token, map[string]string{"text": "hello, any news on the project?"}, &e)
					if e.Error.Code != "forbidden" {
						t.Errorf("restricted send on %s: code %q, want forbidden", c.base, e.Error.Code)
					}
				}
				if msgs := hc.mustMessages(t, b.base, client.Token, thread); len(msgs) != 0 {
					t.Errorf("thread holds %d messages, want none", len(msgs))
				}
			})
		}
	})

	// SIGTERM ends the live streams rather than waiting for them, so a
	// replica with readers connected still stops at once.
	client := hc.mustSignup(t, a.base, "client", "client@stop.example")
	free := hc.mustSignup(t, b.base, "freelancer", "free@stop.example")
	stream := streamEvents(t, hc, b.base, free.Token, hc.mustThread(t, a.base, client, free))
	for _, c := range []*child{a, b} {
		start := time.Now()
		if code := c.stop(); code != 0 {
			t.Errorf("SIGTERM: exit %d", code)
		}
		t.Logf("SIGTERM to exit: %v", time.Since(start).Round(time.Millisecond))
	}
	select {
	case _, open := <-stream:
		if open {
			t.Errorf("an event after the stop, want the stream ended")
		}
	case <-time.After(5 * time.Second):
		t.Errorf("the stream on B still open 5 s after B stopped")
	}
}

// sseEvent is one event of a Server-Sent Events stream.
type sseEvent struct {
	name, data string
}

// streamEvents opens GET /api/threads/{id}/events and returns its events.
// The server subscribes before it answers, so every message written after
// streamEvents returns is announced. The stream closes when the test ends.
func streamEvents(t *testing.T, a api, base, token, thread string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/threads/"+thread+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := (&http.Client{Transport: a.client.Transport}).Do(req) // no timeout: a stream
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		t.Fatalf("GET %s/api/threads/%s/events = %d %s %s, want 200 text/event-stream", base, thread, resp.StatusCode, ct, data)
	}
	events := make(chan sseEvent, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e != (sseEvent{}) {
					events <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, ":"): // a comment: heartbeat
			case strings.HasPrefix(line, "event:"):
				e.name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				e.data += strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return events
}

// waitEvent waits up to 10 s for the "message" event of message id in
// thread, skipping the others.
func waitEvent(t *testing.T, events <-chan sseEvent, thread, id string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the event stream ended before message %s was announced", id)
			}
			var got struct {
				ThreadID  string `json:"thread_id"`
				MessageID string `json:"message_id"`
			}
			if e.name == "message" && json.Unmarshal([]byte(e.data), &got) == nil && got.MessageID == id {
				if got.ThreadID != thread {
					t.Errorf("event %s, want thread %s", e.data, thread)
				}
				return
			}
		case <-timeout:
			t.Fatalf("message %s not announced within 10 s", id)
		}
	}
}
