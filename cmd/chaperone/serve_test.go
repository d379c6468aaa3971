package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "chaperone serve" with args on a free port until the
// returned stop is called, and returns its base URL.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	base, out, stop, err := launch(args...)
	if err != nil {
		t.Fatal(err)
	}
	return base, out, stop
}

// launch is startServe for any goroutine: it reports a failure to start
// as an error.
func launch(args ...string) (string, *syncBuffer, func() int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	out := &syncBuffer{}
	go func() { done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), out, ready) }()
	select {
	case addr := <-ready:
		return "http://" + addr, out, func() int { cancel(); return <-done }, nil
	case code := <-done:
		cancel()
		return "", nil, nil, fmt.Errorf("serve exited with %d:\n%s", code, out.String())
	case <-time.After(60 * time.Second):
		cancel()
		return "", nil, nil, fmt.Errorf("serve did not start:\n%s", out.String())
	}
}

func postJSON(t *testing.T, url, token string, body any) (int, map[string]any) {
	t.Helper()
	return callJSON(t, "POST", url, token, body)
}

func getJSON(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	return callJSON(t, "GET", url, token, nil)
}

func putJSON(t *testing.T, url, token string, body any) (int, map[string]any) {
	t.Helper()
	return callJSON(t, "PUT", url, token, body)
}

// callJSON sends body (none when nil) as JSON with the bearer token, if
// any, and returns the status and the decoded answer.
func callJSON(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

// TestServe runs the whole program through its entry point: a fresh
// SQLite file, demo data, a demo login and a refused message, a graceful
// stop, and a restart on the same file that keeps the data and seeds
// nothing twice.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "data", "chaperone.db")
	base, out, stop := startServe(t, "--db", db)
	if !strings.Contains(out.String(), "demo accounts") || !strings.Contains(out.String(), "erin@northwind.example") {
		t.Errorf("serve printed no demo logins:\n%s", out.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	// The pages are served beside the API: the demo's Enterprise job
	// carries the badge in the public search.
	resp, err = http.Get(base + "/jobs?q=payments")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "badge-enterprise") {
		t.Errorf("GET /jobs?q=payments: %d, badge in page: %v", resp.StatusCode, strings.Contains(string(page), "badge-enterprise"))
	}
	if resp, err := http.Get(base + "/api/nope"); err != nil || resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
		t.Errorf("an unknown API path: %v %v", resp, err)
	}
	code, login := postJSON(t, base+"/api/login", "", map[string]string{"email": "ana@freelancer.example", "password": "demo-password"})
	if code != 200 {
		t.Fatalf("demo login: %d %v", code, login)
	}
	tok := login["token"].(string)
	code, thr := postJSON(t, base+"/api/threads", tok, map[string]string{"with": mustUserID(t, base, "carl@acme.example")})
	if code != 201 {
		t.Fatalf("open thread: %d %v", code, thr)
	}
	code, dec := postJSON(t, base+"/api/threads/"+thr["id"].(string)+"/messages", tok, map[string]string{"text": "my email is ana.lima@gmail.com"})
	if code != 422 || dec["action"] != "block" {
		t.Errorf("contact details to a basic client: %d %v", code, dec)
	}
	if c := stop(); c != 0 {
		t.Fatalf("serve exited with %d:\n%s", c, out.String())
	}

	base, out, stop = startServe(t, "--db", db)
	defer stop()
	if strings.Contains(out.String(), "demo accounts") {
		t.Errorf("demo data seeded twice:\n%s", out.String())
	}
	if code, _ := postJSON(t, base+"/api/login", "", map[string]string{"email": "ana@freelancer.example", "password": "demo-password"}); code != 200 {
		t.Errorf("login after a restart: %d", code)
	}
}

// mustUserID logs in as email and returns its user id.
func mustUserID(t *testing.T, base, email string) string {
	t.Helper()
	code, body := postJSON(t, base+"/api/login", "", map[string]string{"email": email, "password": "demo-password"})
	if code != 200 {
		t.Fatalf("login %s: %d %v", email, code, body)
	}
	return body["user"].(map[string]any)["id"].(string)
}

func TestServeBadFlags(t *testing.T) {
	var out syncBuffer
	if code := serve(context.Background(), []string{"--log-level", "loud"}, &out, nil); code != 2 {
		t.Errorf("bad log level: exit %d", code)
	}
	if code := serve(context.Background(), []string{"--db", t.TempDir() + "/x.db", "--policy", "/nonexistent.yaml"}, &out, nil); code != 1 {
		t.Errorf("missing policy: exit %d", code)
	}
	if code := serve(context.Background(), []string{"--rate-write", "lots"}, &out, nil); code != 2 {
		t.Errorf("bad rate: exit %d", code)
	}
	t.Setenv("CHAPERONE_RATE_LOGIN", "fast")
	if code := serve(context.Background(), nil, &out, nil); code != 2 || !strings.Contains(out.String(), "CHAPERONE_RATE_LOGIN") {
		t.Errorf("bad rate in the environment: exit %d\n%s", code, out.String())
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db": "postgres://u:xxxxx@h:5432/db",
		"postgres://u@h/db":             "postgres://u@h/db",
		"data/chaperone.db":             "data/chaperone.db",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServeReplicas runs two servers on one PostgreSQL database, as
// replicas: they migrate together, seed the demo once, and each sees what
// the other wrote.
func TestServeReplicas(t *testing.T) {
	db := pgtest.FreshDatabase(t)
	type replica struct {
		base string
		stop func() int
		err  error
	}
	rs := make([]replica, 2)
	var wg sync.WaitGroup
	for i := range rs {
		wg.Add(1)
		go func() { // together: migrations, the admin and the demo race
			defer wg.Done()
			base, _, stop, err := launch("--db", db, "--admin-email", "ops@chaperone.example", "--admin-password", "ops-password")
			rs[i] = replica{base, stop, err}
		}()
	}
	wg.Wait()
	for _, r := range rs {
		if r.err != nil {
			t.Fatal(r.err)
		}
		defer r.stop()
	}
	a, b := rs[0].base, rs[1].base
	code, client := postJSON(t, a+"/api/signup", "", map[string]string{"email": "c@acme.example", "password": "password1", "name": "C", "role": "client", "org": "Acme"})
	if code != 201 {
		t.Fatalf("signup on A: %d %v", code, client)
	}
	code, free := postJSON(t, b+"/api/signup", "", map[string]string{"email": "f@free.example", "password": "password1", "name": "F", "role": "freelancer"})
	if code != 201 {
		t.Fatalf("signup on B: %d %v", code, free)
	}
	ctok, ftok := client["token"].(string), free["token"].(string)
	fid := free["user"].(map[string]any)["id"].(string)
	code, thr := postJSON(t, a+"/api/threads", ctok, map[string]string{"with": fid})
	if code != 201 {
		t.Fatalf("thread on A: %d %v", code, thr)
	}
	tid := thr["id"].(string)
	if code, m := postJSON(t, a+"/api/threads/"+tid+"/messages", ctok, map[string]string{"text": "Hello from A"}); code != 201 {
		t.Fatalf("message on A: %d %v", code, m)
	}
	code, msgs := getJSON(t, b+"/api/threads/"+tid+"/messages", ftok)
	if code != 200 || len(msgs["messages"].([]any)) != 1 {
		t.Errorf("messages read on B: %d %v", code, msgs)
	}
	// The admin exists once, and its plan change on B holds on A.
	_, admin := postJSON(t, b+"/api/login", "", map[string]string{"email": "ops@chaperone.example", "password": "ops-password"})
	orgID := client["user"].(map[string]any)["org_id"].(string)
	if code, _ := putJSON(t, b+"/api/admin/orgs/"+orgID+"/plan", admin["token"].(string), map[string]string{"plan": "enterprise"}); code != 200 {
		t.Fatalf("plan on B: %d", code)
	}
	if code, m := postJSON(t, a+"/api/threads/"+tid+"/messages", ftok, map[string]string{"text": "mail me: f.lima@gmail.com"}); code != 201 {
		t.Errorf("contact details to an Enterprise client, on A after the plan changed on B: %d %v", code, m)
	}
}
