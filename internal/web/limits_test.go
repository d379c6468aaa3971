package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// clock is a settable clock for the rate limits.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestLimiterBucket(t *testing.T) {
	c := newClock()
	l := newLimiter(Rate{N: 60, Per: time.Minute, Burst: 3}, 10)
	for i := range 3 {
		if ok, _ := l.allow("u", c.Now()); !ok {
			t.Fatalf("allow #%d within the burst = false, want true", i+1)
		}
	}
	ok, wait := l.allow("u", c.Now())
	if ok || wait != time.Second {
		t.Fatalf("allow after the burst = %v, %v; want false, 1s", ok, wait)
	}
	if ok, _ := l.allow("other", c.Now()); !ok {
		t.Fatalf("allow of another key = false, want its own bucket")
	}
	c.Add(500 * time.Millisecond)
	if ok, wait := l.allow("u", c.Now()); ok || wait != 500*time.Millisecond {
		t.Fatalf("allow half a token later = %v, %v; want false, 500ms", ok, wait)
	}
	c.Add(500 * time.Millisecond)
	if ok, _ := l.allow("u", c.Now()); !ok {
		t.Fatalf("allow a token later = false, want true")
	}
	c.Add(time.Hour) // refills to the burst, no further
	for i := range 3 {
		if ok, _ := l.allow("u", c.Now()); !ok {
			t.Fatalf("allow #%d after an idle hour = false, want true", i+1)
		}
	}
	if ok, _ := l.allow("u", c.Now()); ok {
		t.Fatalf("allow beyond the burst after an idle hour = true, want false")
	}
	if l := newLimiter(NoLimit, 10); l != nil {
		t.Fatalf("newLimiter(NoLimit) = %v, want nil", l)
	}
	var none *limiter
	if ok, _ := none.allow("x", c.Now()); !ok {
		t.Fatalf("a nil limiter refused")
	}
}

// TestLimiterBounded checks that a limiter never keeps more than its
// bound of buckets, whatever the number of keys, that idle full buckets
// are dropped, and that the busy keys are the ones kept.
func TestLimiterBounded(t *testing.T) {
	c := newClock()
	const max = 100
	l := newLimiter(Rate{N: 10, Per: time.Minute, Burst: 2}, max)
	for i := range 10 * max {
		l.allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256), c.Now())
		if n := l.size(); n > max {
			t.Fatalf("after %d keys the limiter keeps %d buckets, want at most %d", i+1, n, max)
		}
	}
	// The most recent key is kept, and still limited.
	last := fmt.Sprintf("10.0.%d.%d", (10*max-1)/256, (10*max-1)%256)
	l.allow(last, c.Now())
	if ok, _ := l.allow(last, c.Now()); ok {
		t.Fatalf("the most recent key lost its bucket")
	}
	// Once every bucket is full again (2 tokens at 10/min: 12 s), the
	// next request sweeps them all.
	c.Add(13 * time.Second)
	l.allow("fresh", c.Now())
	if n := l.size(); n != 1 {
		t.Fatalf("after the buckets refilled, the limiter keeps %d, want 1", n)
	}
}

func TestClientIP(t *testing.T) {
	for _, tt := range []struct {
		remote, xff string
		trust       bool
		want        string
	}{
		{"192.0.2.1:1234", "", false, "192.0.2.1"},
		{"192.0.2.1:1234", "203.0.113.9", false, "192.0.2.1"}, // spoofable header ignored
		{"192.0.2.1:1234", "203.0.113.9", true, "203.0.113.9"},
		{"192.0.2.1:1234", "198.51.100.7, 203.0.113.9", true, "203.0.113.9"}, // the proxy appended the last
		{"192.0.2.1:1234", "not an ip", true, "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", false, "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "", false, "192.0.2.1"},
		{"pipe", "", false, "pipe"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientIP(r, tt.trust); got != tt.want {
			t.Errorf("clientIP(%s, XFF %q, trust %v) = %s, want %s", tt.remote, tt.xff, tt.trust, got, tt.want)
		}
	}
}

// wantLimited checks a 429 with Retry-After and the rate_limited code.
func wantLimited(t *testing.T, r resp, what string) {
	t.Helper()
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if r.Status != http.StatusTooManyRequests || get(r.Body, "error.code") != "rate_limited" || err != nil || secs < 1 {
		t.Fatalf("%s = %d %s Retry-After %q, want 429 rate_limited with Retry-After seconds", what, r.Status, r.Raw, r.Header.Get("Retry-After"))
	}
}

func TestRateLimitLogin(t *testing.T) {
	c := newClock()
	e := newEnvWith(t, envConfig{opts: &Options{Login: Rate{N: 3, Per: time.Minute}, TrustProxy: true, Now: c.Now}})
	e.signup("freelancer", "Lee Login", "")
	from := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }
	login := func(ip, email, password string) resp {
		return e.doH("POST", "/api/login", "", map[string]any{"email": email, "password": password}, from(ip))
	}

	// Per IP: a guesser trying many emails from one address.
	for i := range 3 {
		if r := login("203.0.113.1", fmt.Sprintf("nobody%d@example.com", i), "guess-guess"); r.Status != http.StatusUnauthorized {
			t.Fatalf("login #%d = %d, want 401", i+1, r.Status)
		}
	}
	wantLimited(t, login("203.0.113.1", "lee.login@example.com", "password123"), "a 4th login from one IP")
	// Per email: a guesser spread over addresses.
	for i := range 3 {
		login(fmt.Sprintf("198.51.100.%d", i), "lee.login@example.com", "wrong-password")
	}
	wantLimited(t, login("198.51.100.99", "lee.login@example.com", "password123"), "a 4th login for one email")
	wantLimited(t, login("198.51.100.98", " LEE.LOGIN@example.com", "password123"), "the email in other case")
	// Others go on; and time refills the buckets.
	if r := login("192.0.2.50", "nobody@example.com", "x-x-x-x-x"); r.Status != http.StatusUnauthorized {
		t.Fatalf("login from another IP for another email = %d, want 401", r.Status)
	}
	c.Add(20 * time.Second)
	if r := login("198.51.100.99", "lee.login@example.com", "password123"); r.Status != http.StatusOK {
		t.Fatalf("login 20 s later = %d %s, want 200", r.Status, r.Raw)
	}
}

func TestRateLimitSignupAndEngine(t *testing.T) {
	c := newClock()
	e := newEnvWith(t, envConfig{opts: &Options{Signup: Rate{N: 2, Per: time.Hour}, Anonymous: Rate{N: 2, Per: time.Minute}, Now: c.Now}})
	for i := range 2 {
		e.signup("freelancer", fmt.Sprintf("Sam Signup%d", i), "")
	}
	r := e.do("POST", "/api/signup", "", map[string]any{"email": "third@example.com", "password": "password123", "name": "Third", "role": "freelancer"})
	wantLimited(t, r, "a 3rd sign-up from one IP")
	if secs, _ := strconv.Atoi(r.Header.Get("Retry-After")); secs != 1800 {
		t.Errorf("Retry-After = %d, want 1800 (one sign-up per 30 min)", secs)
	}
	// Without TrustProxy, X-Forwarded-For changes nothing.
	r = e.doH("POST", "/api/signup", "", map[string]any{"email": "third@example.com", "password": "password123", "name": "Third", "role": "freelancer"},
		http.Header{"X-Forwarded-For": {"203.0.113.77"}})
	wantLimited(t, r, "a sign-up claiming another IP, proxy not trusted")

	for range 2 {
		e.want(http.StatusOK, "POST", "/v1/scan", "", map[string]any{"text": "hi"})
	}
	wantLimited(t, e.do("POST", "/v1/check", "", map[string]any{"text": "hi", "context": map[string]any{"channel": "message", "sender": "client", "contract": "none"}}), "a 3rd engine request")
	e.want(http.StatusOK, "GET", "/healthz", "", nil) // operations are not limited
}

func TestRateLimitWrites(t *testing.T) {
	c := newClock()
	e := newEnvWith(t, envConfig{opts: &Options{Write: Rate{N: 60, Per: time.Minute, Burst: 3}, Now: c.Now}})
	cl := e.signup("client", "Wendy Writer", "Writers Ltd")
	fl := e.signup("freelancer", "Fran Free", "")
	th := e.thread(cl, fl) // a write: 1
	e.send(http.StatusCreated, cl, th, "one")
	e.send(http.StatusCreated, cl, th, "two")
	r := e.do("POST", "/api/threads/"+th+"/messages", cl.Token, map[string]any{"text": "three"})
	wantLimited(t, r, "a 4th write in a burst of 3")
	wantLimited(t, e.do("POST", "/api/jobs", cl.Token, map[string]any{"title": "t", "description": "d"}), "a job post after the burst")
	e.want(http.StatusOK, "GET", "/api/threads/"+th+"/messages", cl.Token, nil) // reads are not limited
	e.send(http.StatusCreated, fl, th, "the other user has a bucket of their own")
	c.Add(time.Second)
	e.send(http.StatusCreated, cl, th, "three")
	if got := e.messages(cl, th); len(got) != 4 {
		t.Fatalf("messages = %q, want the 4 allowed", got)
	}
}

// slowStore makes Job wait for its context, as a database that hangs.
type slowStore struct{ market.Store }

func (s slowStore) Job(ctx context.Context, id string) (*market.Job, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("job %s: %w", id, ctx.Err())
}

func TestRequestTimeout(t *testing.T) {
	e := newEnvWith(t, envConfig{opts: &Options{RequestTimeout: 300 * time.Millisecond}, wrap: func(s market.Store) market.Store { return slowStore{s} }})
	start := time.Now()
	r := e.do("GET", "/api/jobs/job_slow", "", nil)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("a hung request took %v, want about the 300ms timeout", elapsed)
	}
	msg, _ := get(r.Body, "error.message").(string)
	if r.Status != http.StatusServiceUnavailable || get(r.Body, "error.code") != "unavailable" || !strings.Contains(msg, "longer than 300ms") {
		t.Fatalf("a hung request = %d %s, want 503 unavailable saying it took too long", r.Status, r.Raw)
	}
	e.want(http.StatusOK, "GET", "/openapi.json", "", nil) // the server goes on
}

// TestDefaultLimitsDocumented checks that the README's Limits table
// states the defaults New uses.
func TestDefaultLimitsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultOptions()
	for name, want := range map[string]string{
		"login":     d.Login.String(),
		"signup":    d.Signup.String(),
		"write":     d.Write.String(),
		"anonymous": d.Anonymous.String(),
		"timeout":   d.RequestTimeout.String(),
		"streams":   fmt.Sprintf("%d per user, %d in all", d.MaxStreamsPerUser, d.MaxStreams),
	} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md does not state the default %s limit %q", name, want)
		}
	}
}

func TestParseRate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Rate
	}{
		{"60/min,20", Rate{N: 60, Per: time.Minute, Burst: 20}},
		{"10/min", Rate{N: 10, Per: time.Minute}},
		{"20/h, burst 10", Rate{N: 20, Per: time.Hour, Burst: 10}},
		{" 5/s ", Rate{N: 5, Per: time.Second}},
		{"off", NoLimit},
	} {
		got, err := ParseRate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "60", "60/day", "-1/min", "0/min", "1.5/min", "60/min,", "60/min,0", "60/min,x", "a/min"} {
		if r, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) = %+v, want an error", in, r)
		}
	}
	d := DefaultOptions()
	for _, r := range []Rate{d.Login, d.Signup, d.Write, d.Anonymous, NoLimit} {
		if got, err := ParseRate(r.String()); err != nil || got.String() != r.String() {
			t.Errorf("ParseRate(%q) = %+v, %v; want it back", r.String(), got, err)
		}
	}
}
