package postgres

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// eventWait bounds how long a test waits for a notification to go through
// the server and come back.
const eventWait = 10 * time.Second

// newTestEvents starts an Events on the database at url, closed when the
// test ends, logging to the test's output.
func newTestEvents(t *testing.T, url string, health time.Duration) *Events {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), nil))
	e, err := newEvents(context.Background(), url, logger, health)
	if err != nil {
		t.Fatalf("NewEvents: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close() = %v", err)
		}
	})
	return e
}

func subscribeEvents(t *testing.T, e *Events, thread string) <-chan market.Event {
	t.Helper()
	ch, cancel, err := e.Subscribe(context.Background(), thread)
	if err != nil {
		t.Fatalf("Subscribe(%q) = %v", thread, err)
	}
	t.Cleanup(cancel)
	return ch
}

func publish(t *testing.T, e *Events, ev market.Event) {
	t.Helper()
	if err := e.Publish(context.Background(), ev); err != nil {
		t.Fatalf("Publish(%+v) = %v", ev, err)
	}
}

// receiveEvent returns the next event on ch, failing the test if none
// comes in time or ch closes.
func receiveEvent(t *testing.T, ch <-chan market.Event, who string) market.Event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the channel closed, want an event", who)
		}
		return ev
	case <-time.After(eventWait):
		t.Fatalf("%s: no event within %v", who, eventWait)
	}
	return market.Event{}
}

// noEvent fails the test if ch holds an event now.
func noEvent(t *testing.T, ch <-chan market.Event, who string) {
	t.Helper()
	select {
	case ev, ok := <-ch:
		t.Errorf("%s: got %+v (open %v), want nothing", who, ev, ok)
	default:
	}
}

// Two Events on one database stand for two replicas: an event published
// on one reaches the thread's subscribers on both, and no other thread's.
func TestEventsAcrossReplicas(t *testing.T) {
	url := freshDatabase(t)
	a := newTestEvents(t, url, healthInterval)
	b := newTestEvents(t, url, healthInterval)
	a1 := subscribeEvents(t, a, "thr_1")
	b1 := subscribeEvents(t, b, "thr_1")
	b2 := subscribeEvents(t, b, "thr_2")

	first := market.Event{ThreadID: "thr_1", MessageID: "msg_1"}
	second := market.Event{ThreadID: "thr_2", MessageID: "msg_2"}
	publish(t, a, first)
	publish(t, a, second)

	if got := receiveEvent(t, b1, "replica B, thread 1"); got != first {
		t.Errorf("replica B, thread 1: got %+v, want %+v", got, first)
	}
	if got := receiveEvent(t, a1, "replica A, thread 1"); got != first {
		t.Errorf("replica A, thread 1: got %+v, want %+v", got, first)
	}
	// NOTIFYs reach a listener in commit order, and one goroutine hands
	// them out: once thread 2 has its event, thread 1 would already hold
	// the second one had it been misrouted.
	if got := receiveEvent(t, b2, "replica B, thread 2"); got != second {
		t.Errorf("replica B, thread 2: got %+v, want %+v", got, second)
	}
	noEvent(t, b1, "replica B, thread 1")
	noEvent(t, b2, "replica B, thread 2")
	noEvent(t, a1, "replica A, thread 1")
}

// A notification that is not an event is skipped, and the listener keeps
// going.
func TestEventsSkipsForeignPayloads(t *testing.T) {
	url := freshDatabase(t)
	e := newTestEvents(t, url, healthInterval)
	ch := subscribeEvents(t, e, "thr_1")

	other, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, payload := range []string{"not json", `{"message_id":"msg_0"}`, `[1,2]`} {
		if _, err := other.Exec(`SELECT pg_notify($1, $2)`, notifyChannel, payload); err != nil {
			t.Fatalf("notify %q: %v", payload, err)
		}
	}
	want := market.Event{ThreadID: "thr_1", MessageID: "msg_1"}
	publish(t, e, want)
	if got := receiveEvent(t, ch, "subscriber"); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestEventsInvalid(t *testing.T) {
	e := newTestEvents(t, freshDatabase(t), healthInterval)
	ctx := context.Background()
	if err := e.Publish(ctx, market.Event{MessageID: "msg_1"}); market.ErrorCode(err) != market.Invalid {
		t.Errorf("Publish without a thread = %v, want %s", err, market.Invalid)
	}
	long := market.Event{ThreadID: "thr_1", MessageID: strings.Repeat("x", maxPayload)}
	if err := e.Publish(ctx, long); market.ErrorCode(err) != market.Invalid {
		t.Errorf("Publish of a %d-byte id = %v, want %s", len(long.MessageID), err, market.Invalid)
	}
	if _, _, err := e.Subscribe(ctx, ""); market.ErrorCode(err) != market.Invalid {
		t.Errorf("Subscribe(\"\") = %v, want %s", err, market.Invalid)
	}
}

func TestEventsConnectFails(t *testing.T) {
	serverURL(t) // the same skip rules as the other PostgreSQL tests
	ctx, cancel := context.WithTimeout(context.Background(), eventWait)
	defer cancel()
	// Port 1 on the loopback: nothing listens there, so the refusal is
	// immediate.
	if e, err := NewEvents(ctx, "postgres://postgres@127.0.0.1:1/test?sslmode=disable", nil); err == nil {
		e.Close()
		t.Fatal("NewEvents on a closed port succeeded, want an error")
	}
}

// Close ends the listener and its connection on the server, and closes
// the subscribers' channels.
func TestEventsClose(t *testing.T) {
	url := freshDatabase(t)
	logger := slog.New(slog.NewTextHandler(t.Output(), nil))
	e, err := NewEvents(context.Background(), url, logger)
	if err != nil {
		t.Fatalf("NewEvents: %v", err)
	}
	ch, cancel, err := e.Subscribe(context.Background(), "thr_1")
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	defer cancel()
	pid := e.listenerPID()

	if err := e.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	select {
	case <-e.done:
	default:
		t.Error("the listener goroutine is still running after Close")
	}
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("the subscription delivered an event after Close, want it closed")
		}
	case <-time.After(time.Second):
		t.Error("the subscription is still open after Close")
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
	ctx := context.Background()
	if err := e.Publish(ctx, market.Event{ThreadID: "thr_1"}); err == nil {
		t.Error("Publish after Close succeeded, want an error")
	}
	if _, _, err := e.Subscribe(ctx, "thr_1"); err == nil {
		t.Error("Subscribe after Close succeeded, want an error")
	}

	// The server forgets the listening connection soon after it closes.
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	deadline := time.Now().Add(eventWait)
	for {
		var n int
		if err := admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, int64(pid)).Scan(&n); err != nil {
			t.Fatalf("look for the listener: %v", err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the listener's backend %d is still there %v after Close", pid, eventWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// When the listening connection is killed, Events reconnects and LISTENs
// again: events published afterwards reach its subscribers.
func TestEventsReconnect(t *testing.T) {
	url := freshDatabase(t)
	a := newTestEvents(t, url, healthInterval)
	b := newTestEvents(t, url, healthInterval)
	ch := subscribeEvents(t, b, "thr_1")

	old := b.listenerPID()
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var killed bool
	if err := admin.QueryRow(`SELECT pg_terminate_backend($1)`, int64(old)).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", old, killed, err)
	}

	// Events published while B is away are lost, so publish until one
	// comes through.
	want := market.Event{ThreadID: "thr_1", MessageID: "msg_1"}
	deadline := time.After(eventWait)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for received := false; !received; {
		publish(t, a, want)
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatal("the subscription closed when the connection was killed")
			}
			if got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
			received = true
		case <-tick.C:
		case <-deadline:
			t.Fatalf("no event within %v of killing the listener", eventWait)
		}
	}
	if pid := b.listenerPID(); pid == old {
		t.Errorf("the listener's backend is still %d, want a new connection", pid)
	}
}

// A listener that hears nothing for a while pings its connection, and
// keeps receiving afterwards.
func TestEventsQuietConnection(t *testing.T) {
	url := freshDatabase(t)
	a := newTestEvents(t, url, healthInterval)
	b := newTestEvents(t, url, 20*time.Millisecond)
	ch := subscribeEvents(t, b, "thr_1")
	pid := b.listenerPID()

	time.Sleep(300 * time.Millisecond) // many health checks
	want := market.Event{ThreadID: "thr_1", MessageID: "msg_1"}
	publish(t, a, want)
	if got := receiveEvent(t, ch, "subscriber"); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := b.listenerPID(); got != pid {
		t.Errorf("the listener reconnected (backend %d, then %d); the health checks should keep the connection", pid, got)
	}
}
