package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// soakEnv sets the soak's length (a Go duration, such as 10m); without
// it the soak runs for soakDefault, and not at all under -short.
const soakEnv = "CHAPERONE_SOAK"

const soakDefault = 60 * time.Second

// idleRSSLimit is what a fresh server may hold in memory, idle.
const idleRSSLimit = 50 << 20

const mb = 1 << 20

// TestSoak runs mixed traffic — sends, reads, checks, logins, from six
// clients at once, as fast as the server's rate limits let eight users
// write and log in — against one "chaperone serve" on SQLite, sampling its
// resident memory, and checks that the memory stays flat: the last
// third's highest sample at most 1.5 times the first third's, plus 10 MB.
// It also measures the memory of the fresh server, idle (under 50 MB).
// CHAPERONE_SOAK=10m looks for slower leaks (run it with -timeout 15m).
func TestSoak(t *testing.T) {
	dur := soakDefault
	if v := os.Getenv(soakEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("%s=%q: want a duration such as 10m", soakEnv, v)
		}
		dur = d
	} else if testing.Short() {
		t.Skipf("the %v soak does not run under -short", soakDefault)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("resident memory is read from /proc, which this system lacks")
	}
	c := startChild(t, filepath.Join(t.TempDir(), "soak.db"))
	time.Sleep(2 * time.Second) // the start's garbage collected, the runtime settled
	idle, err := c.rss()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("idle RSS of a fresh server: %.1f MB", float64(idle)/mb)
	if idle > idleRSSLimit {
		t.Errorf("idle RSS %.1f MB, want under %d MB", float64(idle)/mb, idleRSSLimit/mb)
	}

	a := newAPI(t)
	w := newSoakWorld(t, a, c.base)
	every := min(max(dur/30, time.Second), 10*time.Second)
	var samples []int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if n, err := c.rss(); err == nil {
					samples = append(samples, n)
				}
			}
		}
	}()

	start := time.Now()
	deadline := start.Add(dur)
	const workers = 6
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { w.traffic(t, rand.New(rand.NewPCG(uint64(i), 7)), deadline) })
	}
	wg.Wait()
	close(done)
	<-sampled
	elapsed := time.Since(start)

	total := 0
	var counts []string
	for _, k := range slices.Sorted(maps.Keys(w.counts)) {
		total += w.counts[k]
		counts = append(counts, fmt.Sprintf("%s %d", k, w.counts[k]))
	}
	t.Logf("%d requests in %v (%.0f/s): %s", total, elapsed.Round(time.Second), float64(total)/elapsed.Seconds(), strings.Join(counts, ", "))
	if len(samples) < 6 {
		t.Fatalf("%d RSS samples, want at least 6", len(samples))
	}
	third := len(samples) / 3
	first, last := slices.Max(samples[:third]), slices.Max(samples[len(samples)-third:])
	var all []string
	for _, s := range samples {
		all = append(all, fmt.Sprintf("%.1f", float64(s)/mb))
	}
	t.Logf("RSS every %v (MB): %s", every, strings.Join(all, " "))
	t.Logf("RSS: idle %.1f MB, first third's max %.1f MB, last third's max %.1f MB, peak %.1f MB",
		float64(idle)/mb, float64(first)/mb, float64(last)/mb, float64(slices.Max(samples))/mb)
	if limit := first*3/2 + 10*mb; last > limit {
		t.Errorf("RSS grew: last third's max %.1f MB > first third's max × 1.5 + 10 MB = %.1f MB", float64(last)/mb, float64(limit)/mb)
	}
	if code := c.stop(); code != 0 {
		t.Errorf("graceful stop after the soak: exit %d", code)
	}
}

// soakWorld is the soak's marketplace: clients and freelancers in
// threads, and a tally of answers by operation and status.
type soakWorld struct {
	a       api
	base    string
	users   []account
	threads []soakThread

	mu     sync.Mutex
	counts map[string]int       // "send 201" → how many
	pauses map[string]time.Time // a rate limit's key → when to try again
}

type soakThread struct {
	id      string
	parties [2]account
}

func newSoakWorld(t *testing.T, a api, base string) *soakWorld {
	w := &soakWorld{a: a, base: base, counts: map[string]int{}, pauses: map[string]time.Time{}}
	var clients, frees []account
	for i := range 4 { // 8 sign-ups: within the burst of the per-IP limit
		clients = append(clients, a.mustSignup(t, base, "client", fmt.Sprintf("client%d@soak.example", i)))
		frees = append(frees, a.mustSignup(t, base, "freelancer", fmt.Sprintf("free%d@soak.example", i)))
	}
	w.users = append(clients, frees...)
	for _, c := range clients {
		for _, f := range frees {
			w.threads = append(w.threads, soakThread{a.mustThread(t, base, c, f), [2]account{c, f}})
		}
	}
	return w
}

// soakTexts are ordinary messages; soakContact is refused in a thread
// without a contract (422, no strike), and checked without being stored.
var soakTexts = []string{
	"Thanks for the brief, I will send the first draft on Friday.",
	"Could you share the brand guide and the current logo files here?",
	"The second milestone is ready for your review in the files tab.",
	"Happy to hop on a video call in Messages to go over the wireframes.",
	"I have updated the copy on the landing page as we discussed.",
}

const soakContact = "my email is jo.smith@gmail.com, write to me there"

// traffic sends a random mix of requests until deadline, failing the test
// on a server error or a request without an answer. Writes and logins
// keep to the server's rate limits as a well-behaved client does: after a
// 429 the user (or, for logins, this client) waits out its Retry-After,
// reading meanwhile.
func (w *soakWorld) traffic(t *testing.T, r *rand.Rand, deadline time.Time) {
	for time.Now().Before(deadline) {
		th := w.threads[r.IntN(len(w.threads))]
		who := th.parties[r.IntN(2)]
		n := r.IntN(100)
		if n < 50 && w.paused(who.ID) || n >= 90 && w.paused("login") {
			n = 50 // a read instead
		}
		var op, method, path, limit string
		var body any
		switch {
		case n < 35:
			op, method, path, limit = "send", "POST", "/api/threads/"+th.id+"/messages", who.ID
			text := soakTexts[r.IntN(len(soakTexts))]
			if r.IntN(20) == 0 {
				text = soakContact
			}
			body = map[string]string{"text": text}
		case n < 50:
			op, method, path, limit = "check", "POST", "/api/check", who.ID
			body = map[string]string{"thread_id": th.id, "text": soakContact}
		case n < 75:
			op, method, path = "read", "GET", "/api/threads/"+th.id+"/messages?limit=50"
		case n < 80:
			op, method, path = "threads", "GET", "/api/threads"
		case n < 85:
			op, method, path = "me", "GET", "/api/me"
		case n < 90:
			op, method, path = "jobs", "GET", "/api/jobs?q=design"
		default:
			w.login(t, who)
			continue
		}
		w.do(t, op, method, path, who.Token, body, limit)
	}
}

// login logs in, uses the new token once and logs out.
func (w *soakWorld) login(t *testing.T, u account) {
	code, data := w.do(t, "login", "POST", "/api/login", "", map[string]string{"email": u.Email, "password": childPassword}, "login")
	var s struct {
		Token string `json:"token"`
	}
	if code != http.StatusOK || json.Unmarshal(data, &s) != nil {
		return
	}
	w.do(t, "me", "GET", "/api/me", s.Token, nil, "")
	w.do(t, "logout", "POST", "/api/logout", s.Token, nil, "")
}

// do makes one request and tallies its answer. A 429 pauses limit, the
// key of the rate limit the request counts against, for its Retry-After.
func (w *soakWorld) do(t *testing.T, op, method, path, token string, body any, limit string) (int, []byte) {
	code, h, data, err := w.a.callHeader(method, w.base+path, token, body, nil)
	key := fmt.Sprintf("%s %d", op, code)
	switch {
	case err != nil:
		key = op + " error"
		t.Errorf("%s %s: %v", method, path, err)
	case code >= 500:
		t.Errorf("%s %s = %d %s", method, path, code, data)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.counts[key]++
	if code == http.StatusTooManyRequests && limit != "" {
		secs, err := strconv.Atoi(h.Get("Retry-After"))
		if err != nil || secs < 1 {
			secs = 1
		}
		w.pauses[limit] = time.Now().Add(time.Duration(secs) * time.Second)
	}
	return code, data
}

// paused reports whether the rate limit of key asked to wait.
func (w *soakWorld) paused(key string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Now().Before(w.pauses[key])
}
