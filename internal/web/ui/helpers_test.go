package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/sqlite"
	"github.com/chaperone-dev/chaperone/policy"
)

// env is the pages served over real HTTP from a Service on a real SQLite
// file, the real detector and a real policy.
type env struct {
	t     *testing.T
	svc   *market.Service
	ui    *UI
	srv   *httptest.Server
	admin *market.User
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// options change what newEnv builds.
type options struct {
	policy *policy.Policy
	events market.Events // nil: no live delivery, the pages poll
}

func newEnv(t *testing.T, opt options) *env {
	t.Helper()
	db, err := sqlite.Open(t.TempDir() + "/db")
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	det, err := detect.New(detect.Options{})
	if err != nil {
		t.Fatalf("detect.New: %v", err)
	}
	pol := opt.policy
	if pol == nil {
		pol = policy.Default()
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	svc := market.NewService(market.Config{Store: db, Detector: det, Policy: pol, Logger: log, PasswordCost: 4, Events: opt.events})
	u, err := New(svc, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	u.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	admin, err := svc.EnsureStaff(context.Background(), "admin@test.example", testPassword, "Ada Admin", market.RoleAdmin)
	if err != nil {
		t.Fatalf("EnsureStaff: %v", err)
	}
	return &env{t: t, svc: svc, ui: u, srv: srv, admin: admin}
}

const testPassword = "password123"

// signup creates a user through the Service (fast set-up for tests that
// are not about signing up).
func (e *env) signup(email, name string, role market.Role, org string) *market.User {
	e.t.Helper()
	u, _, err := e.svc.Signup(context.Background(), market.SignupInput{Email: email, Password: testPassword, Name: name, Role: role, Org: org})
	if err != nil {
		e.t.Fatalf("Signup(%s): %v", email, err)
	}
	return u
}

// enterprise puts the user's organisation on the Enterprise plan.
func (e *env) enterprise(u *market.User) {
	e.t.Helper()
	if _, err := e.svc.SetPlan(context.Background(), e.admin, u.OrgID, market.Enterprise); err != nil {
		e.t.Fatalf("SetPlan: %v", err)
	}
}

func (e *env) job(u *market.User, title, desc string) *market.Job {
	e.t.Helper()
	j, _, err := e.svc.CreateJob(context.Background(), u, market.JobInput{Title: title, Description: desc, Budget: "$50/hour"})
	if err != nil {
		e.t.Fatalf("CreateJob: %v", err)
	}
	return j
}

func (e *env) thread(client, freelancer *market.User, jobID string) *market.Thread {
	e.t.Helper()
	th, err := e.svc.OpenThread(context.Background(), client, freelancer.ID, jobID)
	if err != nil {
		e.t.Fatalf("OpenThread: %v", err)
	}
	return th
}

// browser is a user agent with a cookie jar; it remembers the CSRF token
// of the last page it loaded, as a form in that page would send it.
type browser struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar}}
}

// page is an answer: its status, headers and body.
type page struct {
	status int
	header http.Header
	body   string
	url    string
}

var csrfInPage = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`)

func (b *browser) do(req *http.Request) page {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.e.t.Fatalf("read %s: %v", req.URL, err)
	}
	p := page{status: resp.StatusCode, header: resp.Header, body: string(body), url: resp.Request.URL.Path}
	if m := csrfInPage.FindStringSubmatch(p.body); m != nil {
		b.csrf = m[1]
	}
	return p
}

func (b *browser) get(path string) page {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	return b.do(req)
}

// post sends a form with the remembered CSRF token (unless the form has
// its own "csrf").
func (b *browser) post(path string, form url.Values) page {
	b.e.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// htmx sends a form as htmx does: the token in a header, HX-Request set.
func (b *browser) htmx(path string, form url.Values) page {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set(csrfHeader, b.csrf)
	return b.do(req)
}

// login logs in through the login form.
func (b *browser) login(email string) {
	b.e.t.Helper()
	b.get("/login")
	p := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="logout-form"`) {
		b.e.t.Fatalf("login %s: status %d, url %s", email, p.status, p.url)
	}
}

// must fails the test unless p has status want.
func (p page) must(t *testing.T, want int) page {
	t.Helper()
	if p.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", p.url, p.status, want, snippetOf(p.body))
	}
	return p
}

func snippetOf(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

// contains fails the test unless the body holds every want.
func (p page) contains(t *testing.T, wants ...string) page {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(p.body, w) {
			t.Errorf("%s: body lacks %q\n%s", p.url, w, snippetOf(p.body))
		}
	}
	return p
}

// lacks fails the test if the body holds any of bad.
func (p page) lacks(t *testing.T, bad ...string) page {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(p.body, w) {
			t.Errorf("%s: body holds %q", p.url, w)
		}
	}
	return p
}

// element returns the HTML from the tag that opens with prefix to the end
// of its line, or to the next marker: enough to look inside a tile.
func elements(body, open, close string) []string {
	var out []string
	for {
		i := strings.Index(body, open)
		if i < 0 {
			return out
		}
		body = body[i:]
		j := strings.Index(body, close)
		if j < 0 {
			return append(out, body)
		}
		out = append(out, body[:j+len(close)])
		body = body[j+len(close):]
	}
}
