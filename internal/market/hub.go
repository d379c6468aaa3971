package market

import (
	"context"
	"sync"
)

// hubBuffer is how many events a subscriber may have waiting before the
// hub drops its new ones. Events only prompt a reader to read the store,
// so a reader that is this far behind loses nothing it will not find on
// its next read, and the hub never waits for it.
const hubBuffer = 16

// Hub is Events within one process: Publish hands the event to the
// thread's subscribers in this process only. SQLite deployments, which
// run one process, use it as their Events; the PostgreSQL Events uses
// one to fan out what its listener hears. A Hub is safe for concurrent
// use; its zero value is not usable, call NewHub.
type Hub struct {
	// mu guards subs and closed. Deliver holds it for reading while it
	// sends, and removing a subscription holds it for writing while it
	// closes the channel, so no send ever meets a closed channel.
	mu     sync.RWMutex
	subs   map[string]map[*subscription]struct{}
	closed bool
}

// subscription is one Subscribe call's channel.
type subscription struct {
	thread string
	ch     chan Event
	// stop unregisters the context.AfterFunc that ends the subscription
	// with its ctx, so that a long-lived ctx does not accumulate them.
	stop func() bool
}

var _ Events = (*Hub)(nil)

// NewHub returns a Hub without subscribers.
func NewHub() *Hub {
	return &Hub{subs: make(map[string]map[*subscription]struct{})}
}

// Publish delivers e to the thread's subscribers in this process. It never
// blocks, and returns an Invalid error only when e names no thread.
func (h *Hub) Publish(ctx context.Context, e Event) error {
	if e.ThreadID == "" {
		return Errorf(Invalid, "an event needs a thread")
	}
	h.Deliver(e)
	return nil
}

// Deliver hands e to the subscribers of e.ThreadID without waiting: a
// subscriber whose buffer is full loses e. It is Publish without the
// checks, for an Events that has received e from elsewhere (the
// PostgreSQL listener) and must not announce it again.
func (h *Hub) Deliver(e Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs[e.ThreadID] {
		select {
		case s.ch <- e:
		default: // a slow reader loses the event rather than hold up the rest
		}
	}
}

// Subscribe returns a channel of the thread's events and a function that
// ends the subscription and closes the channel; the channel also closes
// when ctx ends or the Hub closes. Calling the function more than once is
// harmless. It returns an Invalid error for an empty thread id, ctx's
// error when ctx has already ended, and an Internal error after Close.
func (h *Hub) Subscribe(ctx context.Context, threadID string) (<-chan Event, func(), error) {
	if threadID == "" {
		return nil, nil, Errorf(Invalid, "a subscription needs a thread")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s := &subscription{thread: threadID, ch: make(chan Event, hubBuffer)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, nil, &Error{Code: Internal, Message: "the event hub is closed"}
	}
	set := h.subs[threadID]
	if set == nil {
		set = make(map[*subscription]struct{})
		h.subs[threadID] = set
	}
	set[s] = struct{}{}
	// Registered under the lock so that remove, which may run at once if
	// ctx has just ended, finds s.stop set.
	s.stop = context.AfterFunc(ctx, func() { h.remove(s) })
	h.mu.Unlock()
	return s.ch, func() { h.remove(s) }, nil
}

// remove ends s if it is still subscribed: it closes the channel and
// forgets the thread once nobody is subscribed to it.
func (h *Hub) remove(s *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.subs[s.thread]
	if _, ok := set[s]; !ok {
		return // already ended by the other of cancel and ctx, or by Close
	}
	s.stop()
	delete(set, s)
	if len(set) == 0 {
		delete(h.subs, s.thread)
	}
	close(s.ch)
}

// Close ends every subscription, closing their channels, and makes later
// Subscribe calls fail; Publish and Deliver then reach nobody. A server
// closes its Hub on shutdown so that streaming handlers return. It always
// returns nil, and closing twice is harmless.
func (h *Hub) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for thread, set := range h.subs {
		for s := range set {
			s.stop()
			close(s.ch)
		}
		delete(h.subs, thread)
	}
	return nil
}

// subscribers returns how many subscriptions are open, for tests that
// check none is left behind.
func (h *Hub) subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	n := 0
	for _, set := range h.subs {
		n += len(set)
	}
	return n
}
