package market

import "context"

// Event says that a message of a thread was written (sent or edited).
type Event struct {
	ThreadID  string `json:"thread_id"`
	MessageID string `json:"message_id"`
}

// Events carries message events to readers, across processes when the
// store is shared (PostgreSQL LISTEN/NOTIFY) and within one otherwise.
// Delivery is at most once and only to subscribers connected at the time:
// a reader that needs every message reads them from the Store, and uses
// events only to know when to read.
type Events interface {
	// Publish announces e to the subscribers of its thread, in every
	// process sharing the store.
	Publish(ctx context.Context, e Event) error
	// Subscribe returns a channel of the thread's events, and a function
	// that ends the subscription and closes the channel. The channel is
	// also closed when ctx ends. A slow reader loses events rather than
	// holding up the others.
	Subscribe(ctx context.Context, threadID string) (<-chan Event, func(), error)
}
