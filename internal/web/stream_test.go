package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// stream is an open event stream read line by line.
type stream struct {
	t      *testing.T
	res    *http.Response
	lines  chan string // closed at the end of the body
	cancel context.CancelFunc
}

// openStream requests the thread's events as token and returns the
// response; a 200's body is read into lines.
func openStream(t *testing.T, base, thread, token string, header http.Header) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/threads/"+thread+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	for k, vs := range header {
		req.Header[k] = vs
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET events: %v", err)
	}
	s := &stream{t: t, res: res, lines: make(chan string, 100), cancel: cancel}
	t.Cleanup(s.close)
	go func() {
		defer close(s.lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
	}()
	return s
}

func (s *stream) close() {
	s.cancel()
	s.res.Body.Close()
}

// next returns the next line that starts with prefix, failing after
// timeout or at the end of the stream.
func (s *stream) next(prefix string, timeout time.Duration) string {
	s.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("stream ended before a line starting %q", prefix)
			}
			if strings.HasPrefix(line, prefix) {
				return line
			}
		case <-deadline:
			s.t.Fatalf("no line starting %q within %v", prefix, timeout)
		}
	}
}

// ended waits for the end of the stream.
func (s *stream) ended(timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		select {
		case _, ok := <-s.lines:
			if !ok {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// errorOf reads a non-stream answer's JSON error code.
func (s *stream) errorOf() string {
	var body errorBody
	raw, _ := io.ReadAll(s.res.Body)
	json.Unmarshal(raw, &body)
	return string(body.Error.Code)
}

// liveWorld is a client and a freelancer in a thread, an outsider, and a
// server whose messages are announced on hub.
type liveWorld struct {
	*env
	hub              *market.Hub
	cl, fl, outsider user
	thread           string
}

func newLiveWorld(t *testing.T, opts *Options) *liveWorld {
	hub := market.NewHub()
	t.Cleanup(func() { hub.Close() })
	e := newEnvWith(t, envConfig{opts: opts, events: hub})
	w := &liveWorld{env: e, hub: hub}
	w.cl = e.signup("client", "Lia Live", "Live Ltd")
	w.fl = e.signup("freelancer", "Finn Live", "")
	w.outsider = e.signup("freelancer", "Otto Outside", "")
	w.thread = e.thread(w.cl, w.fl)
	return w
}

func TestThreadEvents(t *testing.T) {
	w := newLiveWorld(t, nil)
	s := openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
	if s.res.StatusCode != http.StatusOK || !strings.HasPrefix(s.res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET events = %d %s, want 200 text/event-stream", s.res.StatusCode, s.res.Header.Get("Content-Type"))
	}
	s.next(": subscribed", 5*time.Second)

	sent := w.send(http.StatusCreated, w.cl, w.thread, "are you free on Monday?")
	s.next("event: message", 5*time.Second)
	data := strings.TrimPrefix(s.next("data: ", time.Second), "data: ")
	var ev market.Event
	if err := json.Unmarshal([]byte(data), &ev); err != nil || ev.ThreadID != w.thread || ev.MessageID != sent.Body["id"] {
		t.Fatalf("event data = %s, want {thread_id: %s, message_id: %v}", data, w.thread, sent.Body["id"])
	}
	if strings.Contains(data, "Monday") {
		t.Fatalf("event data = %s: holds the text, want ids only", data)
	}
	// An edit is announced too; a refused message is not.
	w.send(http.StatusUnprocessableEntity, w.cl, w.thread, "pay me via paypal.me/lia")
	w.want(http.StatusOK, "PATCH", "/api/messages/"+sent.Body["id"].(string), w.cl.Token, map[string]any{"text": "are you free on Tuesday?"})
	s.next("event: message", 5*time.Second)
	if data := s.next("data: ", time.Second); !strings.Contains(data, sent.Body["id"].(string)) {
		t.Fatalf("edit event = %s, want the edited message", data)
	}

	for _, tc := range []struct {
		name, token string
		header      http.Header
		status      int
		code        string
	}{
		{"outsider", w.outsider.Token, nil, http.StatusNotFound, "not_found"},
		{"anonymous", "", nil, http.StatusUnauthorized, "unauthorized"},
		{"JSON only", w.fl.Token, http.Header{"Accept": {"application/json"}}, http.StatusNotAcceptable, "not_acceptable"},
	} {
		o := openStream(t, w.srv.URL, w.thread, tc.token, tc.header)
		if o.res.StatusCode != tc.status || o.errorOf() != tc.code {
			t.Errorf("GET events as %s = %d, want %d %s", tc.name, o.res.StatusCode, tc.status, tc.code)
		}
		o.close()
	}
	o := openStream(t, w.srv.URL, "thr_nope", w.fl.Token, nil)
	if o.res.StatusCode != http.StatusNotFound {
		t.Errorf("GET events of no thread = %d, want 404", o.res.StatusCode)
	}
}

func TestThreadEventsLimits(t *testing.T) {
	w := newLiveWorld(t, &Options{MaxStreamsPerUser: 2, MaxStreams: 3})
	a := openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
	openStream(t, w.srv.URL, w.thread, w.fl.Token, nil).next(": subscribed", 5*time.Second)
	a.next(": subscribed", 5*time.Second)
	third := openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
	if third.res.StatusCode != http.StatusTooManyRequests || third.res.Header.Get("Retry-After") == "" || third.errorOf() != "rate_limited" {
		t.Fatalf("a 3rd stream of one user = %d, want 429 rate_limited with Retry-After", third.res.StatusCode)
	}
	openStream(t, w.srv.URL, w.thread, w.cl.Token, nil).next(": subscribed", 5*time.Second)
	if s := openStream(t, w.srv.URL, w.thread, w.cl.Token, nil); s.res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a 4th stream on a server of 3 = %d, want 429", s.res.StatusCode)
	}
	// Closing a stream frees its place.
	a.close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
		if s.res.StatusCode == http.StatusOK {
			break
		}
		s.close()
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream's place was not freed: %d", s.res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestThreadEventsHeartbeatAndEnd(t *testing.T) {
	w := newLiveWorld(t, &Options{StreamHeartbeat: 20 * time.Millisecond, StreamMaxDuration: 400 * time.Millisecond})
	s := openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
	s.next(": heartbeat", 5*time.Second)
	if !s.ended(5 * time.Second) {
		t.Fatalf("the stream did not end after its maximum duration")
	}
	// Closing the events (a server shutting down) ends the streams.
	s = openStream(t, w.srv.URL, w.thread, w.fl.Token, nil)
	s.next(": subscribed", 5*time.Second)
	w.hub.Close()
	if !s.ended(5 * time.Second) {
		t.Fatalf("the stream did not end when the events closed")
	}
}

// TestThreadEventsOutliveWriteTimeout checks that a stream lives past the
// server's WriteTimeout, which `chaperone serve` sets for every response.
func TestThreadEventsOutliveWriteTimeout(t *testing.T) {
	w := newLiveWorld(t, &Options{StreamHeartbeat: 50 * time.Millisecond})
	srv := httptest.NewUnstartedServer(w.server.Handler())
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close) // after the stream's cleanup, which ends it
	s := openStream(t, srv.URL, w.thread, w.fl.Token, nil)
	s.next(": subscribed", 5*time.Second)
	time.Sleep(600 * time.Millisecond)
	w.send(http.StatusCreated, w.cl, w.thread, "still there?")
	s.next("event: message", 5*time.Second)
}

func TestThreadEventsWithoutEvents(t *testing.T) {
	e := newEnv(t)
	cl := e.signup("client", "Nia None", "None Ltd")
	fl := e.signup("freelancer", "Ned None", "")
	th := e.thread(cl, fl)
	s := openStream(t, e.srv.URL, th, fl.Token, nil)
	if s.res.StatusCode != http.StatusServiceUnavailable || s.errorOf() != "unavailable" {
		t.Fatalf("GET events without Events = %d, want 503 unavailable", s.res.StatusCode)
	}
}
