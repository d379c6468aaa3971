package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/postgres"
	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
	"github.com/chaperone-dev/chaperone/internal/sqlite"
	"github.com/chaperone-dev/chaperone/policy"
)

// env is a whole server on a real SQLite file, the real detector and the
// default policy, served over real HTTP.
type env struct {
	t      *testing.T
	svc    *market.Service
	srv    *httptest.Server
	logs   *syncBuffer
	server *Server
	raw    *sql.DB // the database, read directly to count rows
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
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

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, envConfig{})
}

// envConfig changes what newEnvWith builds.
type envConfig struct {
	// opts are the server's; nil means New's defaults.
	opts *Options
	// events, when not nil, announces messages (the live stream needs it).
	events market.Events
	// wrap, when not nil, wraps the store the service uses.
	wrap func(market.Store) market.Store
	// postgres runs on a fresh PostgreSQL database instead of SQLite.
	postgres bool
}

// unlimited returns Options without rate limits, for tests that send
// many requests from one address.
func unlimited() *Options {
	return &Options{Login: NoLimit, Signup: NoLimit, Write: NoLimit, Anonymous: NoLimit}
}

// sharedDetector is built once: every env scans alike.
var sharedDetector = sync.OnceValues(func() (*detect.Detector, error) { return detect.New(detect.Options{}) })

func newEnvWith(t *testing.T, cfg envConfig) *env {
	t.Helper()
	var store market.Store
	var raw *sql.DB
	if cfg.postgres {
		url := pgtest.FreshDatabase(t)
		db, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		if raw, err = sql.Open("pgx", url); err != nil {
			t.Fatal(err)
		}
		store = db
	} else {
		path := t.TempDir() + "/db"
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("sqlite.Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		if raw, err = sql.Open("sqlite", path+"?_query_only=1&_busy_timeout=5000"); err != nil {
			t.Fatal(err)
		}
		store = db
	}
	t.Cleanup(func() { raw.Close() })
	if cfg.wrap != nil {
		store = cfg.wrap(store)
	}
	det, err := sharedDetector()
	if err != nil {
		t.Fatalf("detect.New: %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc := market.NewService(market.Config{Store: store, Detector: det, Policy: policy.Default(), Logger: log, PasswordCost: bcrypt.MinCost, Events: cfg.events})
	var server *Server
	if cfg.opts == nil {
		server = New(svc, log)
	} else {
		server = NewServer(svc, log, *cfg.opts)
	}
	srv := httptest.NewServer(server.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, svc: svc, srv: srv, logs: logs, server: server, raw: raw}
}

// tables are the tables whose rows the hostile-input test counts.
var tables = []string{"orgs", "users", "tokens", "profiles", "jobs", "threads", "messages", "proposals",
	"contracts", "reviews", "audit", "cases", "strikes", "help_votes", "idempotency_keys"}

// counts returns the number of rows of each table.
func (e *env) counts() map[string]int {
	e.t.Helper()
	n := make(map[string]int, len(tables))
	for _, table := range tables {
		var c int
		if err := e.raw.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&c); err != nil {
			e.t.Fatalf("count %s: %v", table, err)
		}
		n[table] = c
	}
	return n
}

// resp is an answer: its status, raw body and the body decoded as JSON.
type resp struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// do sends a request; body is a string or []byte sent as is, or anything
// else encoded as JSON.
func (e *env) do(method, path, token string, body any) resp {
	e.t.Helper()
	return e.doH(method, path, token, body, nil)
}

// doH is do with extra request headers.
func (e *env) doH(method, path, token string, body any, header http.Header) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := resp{Status: res.StatusCode, Header: res.Header, Raw: raw}
	if len(raw) > 0 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &r.Body); err != nil {
			e.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// want sends a request and fails unless it answers status.
func (e *env) want(status int, method, path, token string, body any) resp {
	e.t.Helper()
	r := e.do(method, path, token, body)
	if r.Status != status {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, r.Status, r.Raw, status)
	}
	return r
}

// user is a logged-in account.
type user struct {
	ID, Token, OrgID string
}

func (e *env) signup(role, name, org string) user {
	e.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	in := map[string]any{"email": email, "password": "password123", "name": name, "role": role}
	if org != "" {
		in["org"] = org
	}
	r := e.want(http.StatusCreated, "POST", "/api/signup", "", in)
	u := r.Body["user"].(map[string]any)
	orgID, _ := u["org_id"].(string)
	return user{ID: u["id"].(string), Token: r.Body["token"].(string), OrgID: orgID}
}

func (e *env) staff(role market.Role, email string) user {
	e.t.Helper()
	if _, err := e.svc.EnsureStaff(context.Background(), email, "password123", "Staff", role); err != nil {
		e.t.Fatalf("EnsureStaff: %v", err)
	}
	return e.login(email)
}

func (e *env) login(email string) user {
	e.t.Helper()
	r := e.want(http.StatusOK, "POST", "/api/login", "", map[string]any{"email": email, "password": "password123"})
	return user{ID: get(r.Body, "user.id").(string), Token: r.Body["token"].(string)}
}

func (e *env) thread(from user, with user) string {
	e.t.Helper()
	r := e.want(http.StatusCreated, "POST", "/api/threads", from.Token, map[string]any{"with": with.ID})
	return r.Body["id"].(string)
}

// send posts a message and checks the status.
func (e *env) send(status int, from user, thread, text string) resp {
	e.t.Helper()
	return e.want(status, "POST", "/api/threads/"+thread+"/messages", from.Token, map[string]any{"text": text})
}

// messages returns the texts of a thread.
func (e *env) messages(u user, thread string) []string {
	e.t.Helper()
	r := e.want(http.StatusOK, "GET", "/api/threads/"+thread+"/messages", u.Token, nil)
	var texts []string
	for _, m := range r.Body["messages"].([]any) {
		texts = append(texts, m.(map[string]any)["text"].(string))
	}
	return texts
}

// startContract offers a contract from client to freelancer, which the
// freelancer accepts.
func (e *env) startContract(client, freelancer user) string {
	e.t.Helper()
	r := e.want(http.StatusCreated, "POST", "/api/contracts", client.Token, map[string]any{"freelancer": freelancer.ID})
	if r.Body["state"] != "offered" {
		e.t.Fatalf("offered contract state = %v, want offered", r.Body["state"])
	}
	id := r.Body["id"].(string)
	r = e.want(http.StatusOK, "POST", "/api/contracts/"+id+"/accept", freelancer.Token, nil)
	if r.Body["state"] != "active" {
		e.t.Fatalf("accepted contract state = %v, want active", r.Body["state"])
	}
	return id
}

// get walks a dotted path of object keys.
func get(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
