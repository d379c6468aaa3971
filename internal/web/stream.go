package web

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// threadEvents answers GET /api/threads/{id}/events: a Server-Sent Events
// stream of the thread's new and edited messages, for a party of the
// thread. Each is an "event: message" whose data is {"thread_id",
// "message_id"}; the client reads the message from the API. Delivery is at
// most once: a client that reconnects reads the thread to catch up. The
// stream subscribes before it answers 200, so that a client that has the
// headers misses nothing sent after; it sends a comment every
// StreamHeartbeat, and ends after StreamMaxDuration (the client
// reconnects), when the client goes or when the server's events close.
func (s *Server) threadEvents(w http.ResponseWriter, r *http.Request, u *market.User) error {
	if !acceptsEventStream(r.Header.Values("Accept")) {
		return market.Errorf(codeNotAcceptable, "this endpoint answers text/event-stream only: send Accept: text/event-stream")
	}
	threadID := r.PathValue("id")
	if _, err := s.svc.Thread(r.Context(), u, threadID); err != nil {
		return err
	}
	events := s.svc.Events()
	if events == nil {
		return market.Errorf(codeUnavailable, "live updates are not enabled on this server: read GET /api/threads/{id}/messages instead")
	}
	release, err := s.streams.acquire(u.ID)
	if err != nil {
		return s.rateLimited(w, err.Error(), 10*time.Second)
	}
	defer release()
	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()

	ctx, cancel := context.WithTimeout(r.Context(), s.opts.StreamMaxDuration)
	defer cancel()
	ch, unsubscribe, err := events.Subscribe(ctx, threadID)
	if err != nil {
		s.log.WarnContext(ctx, "subscribe to thread events", "err", err)
		return market.Errorf(codeUnavailable, "live updates are unavailable right now: try again")
	}
	defer unsubscribe()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(chunk string) error {
		// Each write gets its own deadline, past the server's
		// WriteTimeout, which would otherwise end every stream.
		rc.SetWriteDeadline(time.Now().Add(s.opts.StreamHeartbeat + 10*time.Second))
		if _, err := io.WriteString(w, chunk); err != nil {
			return err
		}
		return rc.Flush()
	}
	if send("retry: 2000\n: subscribed\n\n") != nil {
		return nil
	}
	heartbeat := time.NewTicker(s.opts.StreamHeartbeat)
	defer heartbeat.Stop()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return nil // ended by ctx, or the server's events closed
			}
			data, _ := json.Marshal(market.Event{ThreadID: e.ThreadID, MessageID: e.MessageID})
			if send("event: message\ndata: "+string(data)+"\n\n") != nil {
				return nil
			}
		case <-heartbeat.C:
			if send(": heartbeat\n\n") != nil {
				return nil
			}
		case <-ctx.Done():
			return nil
		}
	}
}

// acceptsEventStream reports whether Accept headers allow
// text/event-stream: no header, */*, text/* or text/event-stream.
func acceptsEventStream(accept []string) bool {
	if len(accept) == 0 {
		return true
	}
	for _, header := range accept {
		for _, part := range strings.Split(header, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || params["q"] == "0" {
				continue
			}
			switch mt {
			case "text/event-stream", "text/*", "*/*":
				return true
			}
		}
	}
	return false
}

// streamCounter bounds the live streams open at once, per user and in
// all. It is safe for concurrent use.
type streamCounter struct {
	perUser, total int // the bounds

	mu     sync.Mutex
	open   int
	byUser map[string]int
}

func newStreamCounter(perUser, total int) *streamCounter {
	return &streamCounter{perUser: perUser, total: total, byUser: make(map[string]int)}
}

// streamLimit is the error of acquire; its text names the limit.
type streamLimit string

func (e streamLimit) Error() string { return string(e) }

// acquire counts a new stream of user, or says which bound it would pass.
// release, called once, uncounts it.
func (c *streamCounter) acquire(user string) (release func(), err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.byUser[user] >= c.perUser:
		return nil, streamLimit("live streams for one user")
	case c.open >= c.total:
		return nil, streamLimit("live streams on this server")
	}
	c.open++
	c.byUser[user]++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.open--
			if c.byUser[user]--; c.byUser[user] == 0 {
				delete(c.byUser, user)
			}
		})
	}, nil
}
