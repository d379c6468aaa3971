package market

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// receive returns the next event on ch, failing the test if none comes
// within a second or ch is closed.
func receive(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the channel closed, want an event")
		}
		return e
	case <-time.After(time.Second):
		t.Fatal("no event within a second")
	}
	return Event{}
}

// silent fails the test if ch holds an event.
func silent(t *testing.T, ch <-chan Event) {
	t.Helper()
	select {
	case e, ok := <-ch:
		t.Fatalf("got %+v (open %v), want nothing", e, ok)
	default:
	}
}

// closes fails the test unless ch is closed within a second, ignoring
// events still buffered.
func closes(t *testing.T, ch <-chan Event) {
	t.Helper()
	deadline := time.After(time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the channel is still open after a second")
		}
	}
}

func subscribe(t *testing.T, h *Hub, ctx context.Context, thread string) (<-chan Event, func()) {
	t.Helper()
	ch, cancel, err := h.Subscribe(ctx, thread)
	if err != nil {
		t.Fatalf("Subscribe(%q) = %v", thread, err)
	}
	return ch, cancel
}

func TestHubDeliversToTheThread(t *testing.T) {
	h := NewHub()
	ctx := context.Background()
	a1, cancelA1 := subscribe(t, h, ctx, "thr_a")
	defer cancelA1()
	a2, cancelA2 := subscribe(t, h, ctx, "thr_a")
	defer cancelA2()
	b, cancelB := subscribe(t, h, ctx, "thr_b")
	defer cancelB()

	want := Event{ThreadID: "thr_a", MessageID: "msg_1"}
	if err := h.Publish(ctx, want); err != nil {
		t.Fatalf("Publish(%+v) = %v", want, err)
	}
	for i, ch := range []<-chan Event{a1, a2} {
		if got := receive(t, ch); got != want {
			t.Errorf("subscriber %d got %+v, want %+v", i+1, got, want)
		}
	}
	silent(t, b)

	// Deliver is the same fan-out, for events heard from other processes.
	h.Deliver(Event{ThreadID: "thr_b", MessageID: "msg_2"})
	if got, want := receive(t, b), (Event{ThreadID: "thr_b", MessageID: "msg_2"}); got != want {
		t.Errorf("Deliver: got %+v, want %+v", got, want)
	}
	silent(t, a1)
}

func TestHubNoThread(t *testing.T) {
	h := NewHub()
	ctx := context.Background()
	if err := h.Publish(ctx, Event{MessageID: "msg_1"}); ErrorCode(err) != Invalid {
		t.Errorf("Publish without a thread = %v, want %s", err, Invalid)
	}
	if _, _, err := h.Subscribe(ctx, ""); ErrorCode(err) != Invalid {
		t.Errorf("Subscribe(\"\") = %v, want %s", err, Invalid)
	}
}

// A reader that does not read loses the events beyond its buffer, and
// Publish does not wait for it: a reader that keeps up still gets them all.
func TestHubSlowReaderLoses(t *testing.T) {
	h := NewHub()
	ctx := context.Background()
	slow, cancelSlow := subscribe(t, h, ctx, "thr_a")
	defer cancelSlow()
	fast, cancelFast := subscribe(t, h, ctx, "thr_a")
	defer cancelFast()

	const n = 10 * hubBuffer
	published := make(chan struct{})
	go func() {
		defer close(published)
		for i := range n {
			h.Publish(ctx, Event{ThreadID: "thr_a", MessageID: fmt.Sprint(i)})
			// Let the fast reader keep up: it must never be the one to lose.
			for len(fast) > 0 {
				time.Sleep(time.Microsecond)
			}
		}
	}()
	for i := range n {
		if e := receive(t, fast); e.MessageID != fmt.Sprint(i) {
			t.Fatalf("the fast reader's event %d is %+v, want message %d", i, e, i)
		}
	}
	select {
	case <-published:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a reader that does not read")
	}
	if len(slow) != hubBuffer {
		t.Errorf("the slow reader holds %d events, want its buffer's %d", len(slow), hubBuffer)
	}
	// The first events are kept, the later ones dropped.
	if e := receive(t, slow); e.MessageID != "0" {
		t.Errorf("the slow reader's first event is %+v, want message 0", e)
	}
}

func TestHubCancel(t *testing.T) {
	h := NewHub()
	ch, cancel := subscribe(t, h, context.Background(), "thr_a")
	cancel()
	closes(t, ch)
	cancel() // harmless the second time
	if err := h.Publish(context.Background(), Event{ThreadID: "thr_a"}); err != nil {
		t.Errorf("Publish after cancel = %v", err)
	}
	if n := h.subscribers(); n != 0 {
		t.Errorf("%d subscriptions left after cancel, want 0", n)
	}
}

func TestHubContextEnds(t *testing.T) {
	h := NewHub()
	ctx, stop := context.WithCancel(context.Background())
	ch, cancel := subscribe(t, h, ctx, "thr_a")
	defer cancel()
	stop()
	closes(t, ch)
	if n := h.subscribers(); n != 0 {
		t.Errorf("%d subscriptions left after ctx ended, want 0", n)
	}
	cancel() // harmless after ctx ended

	if _, _, err := h.Subscribe(ctx, "thr_a"); err != context.Canceled {
		t.Errorf("Subscribe with an ended ctx = %v, want %v", err, context.Canceled)
	}
}

func TestHubClose(t *testing.T) {
	h := NewHub()
	ctx := context.Background()
	a, cancelA := subscribe(t, h, ctx, "thr_a")
	b, cancelB := subscribe(t, h, ctx, "thr_b")
	if err := h.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	closes(t, a)
	closes(t, b)
	cancelA() // harmless after Close
	cancelB()
	if err := h.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
	if _, _, err := h.Subscribe(ctx, "thr_a"); ErrorCode(err) != Internal || err == nil {
		t.Errorf("Subscribe after Close = %v, want an error", err)
	}
	if err := h.Publish(ctx, Event{ThreadID: "thr_a"}); err != nil {
		t.Errorf("Publish after Close = %v, want nil (nobody to reach)", err)
	}
}

// Many goroutines subscribe, publish and leave, by cancel and by ctx, at
// once: run with -race. None of their subscriptions may be left behind.
func TestHubManyCycles(t *testing.T) {
	h := NewHub()
	const workers, cycles = 16, 500
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			thread := fmt.Sprintf("thr_%d", w%4)
			for i := range cycles {
				ctx, stop := context.WithCancel(context.Background())
				ch, cancel, err := h.Subscribe(ctx, thread)
				if err != nil {
					t.Errorf("Subscribe: %v", err)
					stop()
					return
				}
				h.Publish(context.Background(), Event{ThreadID: thread, MessageID: fmt.Sprint(i)})
				if i%2 == 0 {
					cancel()
				} else {
					stop()
				}
				for range ch { // drains, then ends when the channel closes
				}
				stop()
				cancel()
			}
		})
	}
	wg.Wait()
	if n := h.subscribers(); n != 0 {
		t.Errorf("%d subscriptions left after %d cycles, want 0", n, workers*cycles)
	}
}
