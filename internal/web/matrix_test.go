package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// role is who calls a route in the access-control matrix.
type role string

const (
	anon   role = "anonymous"
	cliA   role = "client of org A" // a party of the thread, the job's and the contract's client
	cliB   role = "client of org B" // another organisation
	flIn   role = "freelancer in"   // the thread's and the contract's freelancer
	flOut  role = "freelancer out"  // another freelancer
	mod    role = "moderator"
	admin  role = "admin"
	marker      = "matrix-body-7f3a" // in every text written: must never be logged
)

var roles = []role{anon, cliA, cliB, flIn, flOut, mod, admin}

// matrixWorld is the users of every role, with passwords of their own,
// and what they act on: a thread of client A and the freelancer in, with
// a message of the freelancer's, a job post of org A and the freelancer's
// profile.
type matrixWorld struct {
	*env
	ids, emails, passwords map[role]string
	orgA, orgB             string
	thread, message, job   string
	tokens                 map[string]bool // every token issued so far
	n                      int             // for unique names
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	opts := unlimited()
	opts.StreamMaxDuration = 50 * time.Millisecond
	hub := market.NewHub()
	t.Cleanup(func() { hub.Close() })
	e := newEnvWith(t, envConfig{opts: opts, events: hub})
	w := &matrixWorld{env: e, ids: map[role]string{}, emails: map[role]string{}, passwords: map[role]string{}, tokens: map[string]bool{}}
	for _, r := range roles[1:] {
		w.emails[r] = strings.ReplaceAll(string(r), " ", "-") + "@example.com"
		w.passwords[r] = "pw-" + strings.ReplaceAll(string(r), " ", "-") + "-S3cret!"
	}
	ctx := context.Background()
	a, err := e.svc.EnsureStaff(ctx, w.emails[admin], w.passwords[admin], "Ada Admin", market.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	w.ids[admin] = a.ID
	r := e.want(http.StatusCreated, "POST", "/api/admin/moderators", w.token(admin),
		map[string]any{"email": w.emails[mod], "password": w.passwords[mod], "name": "Mo Mod"})
	w.ids[mod] = r.Body["id"].(string)
	for _, s := range []struct {
		r         role
		kind, org string
	}{{cliA, "client", "Org A"}, {cliB, "client", "Org B"}, {flIn, "freelancer", ""}, {flOut, "freelancer", ""}} {
		in := map[string]any{"email": w.emails[s.r], "password": w.passwords[s.r], "name": string(s.r), "role": s.kind}
		if s.org != "" {
			in["org"] = s.org
		}
		r := e.want(http.StatusCreated, "POST", "/api/signup", "", in)
		w.tokens[r.Body["token"].(string)] = true
		w.ids[s.r] = get(r.Body, "user.id").(string)
		if s.r == cliA {
			w.orgA = get(r.Body, "user.org_id").(string)
		}
		if s.r == cliB {
			w.orgB = get(r.Body, "user.org_id").(string)
		}
	}
	w.thread = w.want(http.StatusCreated, "POST", "/api/threads", w.token(cliA), map[string]any{"with": w.ids[flIn]}).Body["id"].(string)
	w.message = w.want(http.StatusCreated, "POST", "/api/threads/"+w.thread+"/messages", w.token(flIn), map[string]any{"text": "hello " + marker}).Body["id"].(string)
	w.job = w.want(http.StatusCreated, "POST", "/api/jobs", w.token(cliA), map[string]any{"title": "Logo", "description": "A logo " + marker}).Body["id"].(string)
	w.want(http.StatusOK, "PUT", "/api/profile", w.token(flIn), map[string]any{"title": "Designer", "overview": "I design " + marker})
	return w
}

// token logs r in afresh ("" for anonymous), so that a logout revokes
// only the token of its own cell.
func (w *matrixWorld) token(r role) string {
	if r == anon {
		return ""
	}
	res := w.want(http.StatusOK, "POST", "/api/login", "", map[string]any{"email": w.emails[r], "password": w.passwords[r]})
	tok := res.Body["token"].(string)
	w.tokens[tok] = true
	return tok
}

func (w *matrixWorld) unique(prefix string) string {
	w.n++
	return fmt.Sprintf("%s-%d", prefix, w.n)
}

// contract returns a new contract of client A with the freelancer in,
// offered, active or ended.
func (w *matrixWorld) contract(state string) string {
	id := w.want(http.StatusCreated, "POST", "/api/contracts", w.token(cliA), map[string]any{"freelancer": w.ids[flIn]}).Body["id"].(string)
	if state == "offered" {
		return id
	}
	w.want(http.StatusOK, "POST", "/api/contracts/"+id+"/accept", w.token(flIn), nil)
	if state == "ended" {
		w.want(http.StatusOK, "POST", "/api/contracts/"+id+"/end", w.token(cliA), nil)
	}
	return id
}

// flaggedCase returns the id of a new open case, from a new offender.
func (w *matrixWorld) flaggedCase() string {
	name := w.unique("offender")
	in := map[string]any{"email": name + "@example.com", "password": "pw-" + name + "-S3cret!", "name": name, "role": "freelancer"}
	off := w.want(http.StatusCreated, "POST", "/api/signup", "", in)
	tok := off.Body["token"].(string)
	w.tokens[tok] = true
	th := w.want(http.StatusCreated, "POST", "/api/threads", tok, map[string]any{"with": w.ids[cliB]}).Body["id"].(string)
	w.want(http.StatusUnprocessableEntity, "POST", "/api/threads/"+th+"/messages", tok, map[string]any{"text": "pay me via paypal.me/" + name + " " + marker})
	cases := w.want(http.StatusOK, "GET", "/api/moderation/cases?status=open", w.token(mod), nil).Body["cases"].([]any)
	for _, c := range cases {
		if get(c, "user_id") == get(off.Body, "user.id") {
			return get(c, "id").(string)
		}
	}
	w.t.Fatalf("no case opened for %s", name)
	return ""
}

// strike returns the id of a new strike of the freelancer in.
func (w *matrixWorld) strike() string {
	tok := w.token(flIn)
	w.want(http.StatusUnprocessableEntity, "POST", "/api/threads/"+w.thread+"/messages", tok, map[string]any{"text": "pay me via paypal.me/fin " + marker})
	st := w.want(http.StatusOK, "GET", "/api/strikes", tok, nil).Body["strikes"].([]any)
	return get(st[len(st)-1], "id").(string)
}

// cell is one request of the matrix.
type cell struct {
	path string
	body any
}

// wants returns the expected status of each role: anonymous gets
// anonStatus, each role in allowed gets ok, any other denied.
func wants(anonStatus, denied, ok int, allowed ...role) map[role]int {
	m := map[role]int{anon: anonStatus}
	for _, r := range roles[1:] {
		m[r] = denied
	}
	for _, r := range allowed {
		m[r] = ok
	}
	return m
}

// everyone returns status for every role.
func everyone(status int) map[role]int { return wants(status, status, status) }

var loggedIn = []role{cliA, cliB, flIn, flOut, mod, admin}

// TestAccessMatrix calls every route of the API as every role and checks
// who is allowed (2xx) and how the others are denied: 401 without a login,
// 403 for a role that may never do it, 404 for what the caller may not
// see (so that ids of others' things do not leak). Each route gets a fresh
// world, and each cell its own objects where a call changes them (a
// contract accepted, a case resolved). Every response is scanned for
// passwords, password hashes and tokens other than one it issues; the
// logs of the whole run for passwords, tokens and texts.
func TestAccessMatrix(t *testing.T) {
	tests := []struct {
		route string // as registered
		fresh bool   // a fresh world for each role, not only for the route
		setup func(w *matrixWorld, r role) cell
		want  map[role]int
	}{
		{"POST /api/signup", false, func(w *matrixWorld, r role) cell {
			name := w.unique("newcomer")
			return cell{"/api/signup", map[string]any{"email": name + "@example.com", "password": "pw-" + name + "-S3cret!", "name": name, "role": "freelancer"}}
		}, everyone(201)},
		{"POST /api/login", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/login", map[string]any{"email": w.emails[flOut], "password": w.passwords[flOut]}}
		}, everyone(200)},
		{"POST /api/logout", false, func(w *matrixWorld, r role) cell { return cell{"/api/logout", nil} }, wants(401, 204, 204)},
		{"GET /api/me", false, func(w *matrixWorld, r role) cell { return cell{"/api/me", nil} }, wants(401, 200, 200)},
		{"PUT /api/admin/orgs/{id}/plan", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/admin/orgs/" + w.orgB + "/plan", map[string]any{"plan": "business"}}
		}, wants(401, 403, 200, admin)},
		{"POST /api/admin/moderators", false, func(w *matrixWorld, r role) cell {
			name := w.unique("moderator")
			return cell{"/api/admin/moderators", map[string]any{"email": name + "@example.com", "password": "pw-" + name + "-S3cret!", "name": name}}
		}, wants(401, 403, 201, admin)},
		{"GET /api/jobs", false, func(w *matrixWorld, r role) cell { return cell{"/api/jobs?q=logo", nil} }, everyone(200)},
		{"POST /api/jobs", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/jobs", map[string]any{"title": "Website", "description": "A website " + marker}}
		}, wants(401, 403, 201, cliA, cliB)},
		{"GET /api/jobs/{id}", false, func(w *matrixWorld, r role) cell { return cell{"/api/jobs/" + w.job, nil} }, everyone(200)},
		{"PUT /api/jobs/{id}", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/jobs/" + w.job, map[string]any{"title": "Logo v2", "description": "A logo " + marker}}
		}, merge(wants(401, 403, 200, cliA), map[role]int{cliB: 404})},
		{"PUT /api/profile", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/profile", map[string]any{"title": "Designer", "overview": "I design " + marker}}
		}, wants(401, 403, 200, flIn, flOut)},
		{"GET /api/freelancers/{id}", false, func(w *matrixWorld, r role) cell { return cell{"/api/freelancers/" + w.ids[flIn], nil} }, everyone(200)},
		{"PUT /api/org", false, func(w *matrixWorld, r role) cell { return cell{"/api/org", map[string]any{"name": w.unique("Org")}} }, wants(401, 403, 200, cliA, cliB)},
		{"POST /api/threads", false, func(w *matrixWorld, r role) cell {
			with := w.ids[flOut]
			if r == flIn || r == flOut {
				with = w.ids[cliB]
			}
			return cell{"/api/threads", map[string]any{"with": with}}
		}, wants(401, 403, 201, cliA, cliB, flIn, flOut)},
		{"GET /api/threads", false, func(w *matrixWorld, r role) cell { return cell{"/api/threads", nil} }, wants(401, 200, 200)},
		{"GET /api/threads/{id}/messages", false, func(w *matrixWorld, r role) cell { return cell{"/api/threads/" + w.thread + "/messages", nil} }, wants(401, 404, 200, cliA, flIn)},
		{"GET /api/threads/{id}/events", false, func(w *matrixWorld, r role) cell { return cell{"/api/threads/" + w.thread + "/events", nil} }, wants(401, 404, 200, cliA, flIn)},
		{"POST /api/threads/{id}/messages", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/threads/" + w.thread + "/messages", map[string]any{"text": "hi " + marker}}
		}, wants(401, 404, 201, cliA, flIn)},
		{"PATCH /api/messages/{id}", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/messages/" + w.message, map[string]any{"text": "hello again " + marker}}
		}, wants(401, 404, 200, flIn)},
		{"POST /api/check", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/check", map[string]any{"thread_id": w.thread, "text": "draft " + marker}}
		}, wants(401, 404, 200, cliA, flIn)},
		{"POST /api/jobs/{id}/proposals", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/jobs/" + w.job + "/proposals", map[string]any{"cover_letter": "I can " + marker}}
		}, wants(401, 403, 201, flIn, flOut)},
		{"GET /api/jobs/{id}/proposals", false, func(w *matrixWorld, r role) cell {
			w.want(http.StatusCreated, "POST", "/api/jobs/"+w.job+"/proposals", w.token(flIn), map[string]any{"cover_letter": "I can " + marker})
			return cell{"/api/jobs/" + w.job + "/proposals", nil}
		}, wants(401, 404, 200, cliA)},
		{"GET /api/contracts", false, func(w *matrixWorld, r role) cell {
			w.contract("offered")
			with := w.ids[flIn]
			if r == flIn || r == flOut {
				with = w.ids[cliA]
			}
			return cell{"/api/contracts?with=" + with, nil}
		}, wants(401, 403, 200, cliA, cliB, flIn, flOut)},
		{"GET /api/users/{id}/reviews", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/users/" + w.ids[flIn] + "/reviews", nil}
		}, everyone(200)},
		{"GET /api/cases", false, func(w *matrixWorld, r role) cell { return cell{"/api/cases", nil} }, wants(401, 200, 200)},
		{"POST /api/contracts", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/contracts", map[string]any{"freelancer": w.ids[flIn]}}
		}, wants(401, 403, 201, cliA, cliB)},
		{"GET /api/contracts/{id}", false, func(w *matrixWorld, r role) cell { return cell{"/api/contracts/" + w.contract("offered"), nil} }, wants(401, 404, 200, cliA, flIn)},
		{"POST /api/contracts/{id}/accept", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/contracts/" + w.contract("offered") + "/accept", nil}
		}, merge(wants(401, 404, 200, flIn), map[role]int{cliA: 403})},
		{"POST /api/contracts/{id}/end", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/contracts/" + w.contract("active") + "/end", nil}
		}, wants(401, 404, 200, cliA, flIn)},
		{"POST /api/contracts/{id}/reviews", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/contracts/" + w.contract("ended") + "/reviews", map[string]any{"rating": 5, "text": "great " + marker}}
		}, wants(401, 404, 201, cliA, flIn)},
		{"GET /api/moderation/cases", false, func(w *matrixWorld, r role) cell { return cell{"/api/moderation/cases", nil} }, wants(401, 403, 200, mod, admin)},
		{"POST /api/moderation/cases/{id}/resolve", false, func(w *matrixWorld, r role) cell {
			return cell{"/api/moderation/cases/" + w.flaggedCase() + "/resolve", map[string]any{"status": "upheld", "note": "seen " + marker}}
		}, wants(401, 403, 200, mod, admin)},
		{"GET /api/strikes", false, func(w *matrixWorld, r role) cell { return cell{"/api/strikes", nil} }, wants(401, 200, 200)},
		{"POST /api/appeals", true, func(w *matrixWorld, r role) cell {
			return cell{"/api/appeals", map[string]any{"strike_id": w.strike(), "text": "it was a joke " + marker}}
		}, wants(401, 404, 201, flIn)},
		{"POST /v1/scan", false, func(w *matrixWorld, r role) cell { return cell{"/v1/scan", map[string]any{"text": "mail " + marker}} }, everyone(200)},
		{"POST /v1/check", false, func(w *matrixWorld, r role) cell {
			return cell{"/v1/check", map[string]any{"text": "mail " + marker, "context": map[string]any{"channel": "message", "sender": "client", "contract": "none"}}}
		}, everyone(200)},
		{"GET /healthz", false, func(w *matrixWorld, r role) cell { return cell{"/healthz", nil} }, everyone(200)},
		{"GET /metrics", false, func(w *matrixWorld, r role) cell { return cell{"/metrics", nil} }, everyone(200)},
		{"GET /openapi.json", false, func(w *matrixWorld, r role) cell { return cell{"/openapi.json", nil} }, everyone(200)},
	}

	// Every route of the JSON API, the engine and operations is in the
	// matrix (HTML pages, mounted elsewhere, have their own tests).
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.route] = true
	}
	for _, route := range New(nil, nil).Routes() {
		_, path, _ := strings.Cut(route, " ")
		api := strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/v1/") || path == "/healthz" || path == "/metrics" || path == "/openapi.json"
		if api && !covered[route] {
			t.Errorf("route %s is not in the access matrix", route)
		}
	}

	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.route, "/", "_"), func(t *testing.T) {
			method, _, _ := strings.Cut(tt.route, " ")
			w := newMatrixWorld(t)
			all := []*matrixWorld{w}
			defer func() { checkLogs(t, all) }()
			for _, r := range roles {
				cw := w
				if tt.fresh {
					cw = newMatrixWorld(t)
					all = append(all, cw)
				}
				c := tt.setup(cw, r)
				tok := cw.token(r)
				known := make(map[string]bool, len(cw.tokens))
				for k := range cw.tokens {
					known[k] = true
				}
				res := cw.do(method, c.path, tok, c.body)
				if want := tt.want[r]; res.Status != want {
					t.Errorf("%s as %s = %d %.200s, want %d", tt.route, r, res.Status, res.Raw, want)
				}
				if res.Status >= 400 && get(res.Body, "error.code") == nil {
					t.Errorf("%s as %s = %d %.200s, want a JSON error", tt.route, r, res.Status, res.Raw)
				}
				cw.checkSecrets(t, tt.route+" as "+string(r), string(res.Raw), known)
				if tok, ok := res.Body["token"].(string); ok {
					cw.tokens[tok] = true
				}
			}
		})
	}
}

// checkLogs checks that the logs of worlds, which saw a whole route of the
// matrix, hold no password, hash, token or text written.
func checkLogs(t *testing.T, worlds []*matrixWorld) {
	t.Helper()
	for _, w := range worlds {
		logs := w.logs.String()
		if !strings.Contains(logs, `route="POST /api/signup"`) {
			t.Fatalf("the logs lack the requests:\n%.2000s", logs)
		}
		for _, secret := range w.secrets(nil) {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs hold the secret %.12s…", secret)
			}
		}
		for tok := range w.tokens {
			if strings.Contains(logs, tok) {
				t.Errorf("the logs hold the token %.8s…", tok)
			}
		}
		if strings.Contains(logs, marker) {
			t.Errorf("the logs hold a text written through the API (%s)", marker)
		}
	}
}

func merge(a, b map[role]int) map[role]int {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// secrets returns every password and password hash of the world's users.
func (w *matrixWorld) secrets(_ map[string]bool) []string {
	var out []string
	for _, r := range roles[1:] {
		out = append(out, w.passwords[r])
		u, err := w.svc.User(context.Background(), w.ids[r])
		if err != nil {
			w.t.Fatalf("User(%s): %v", r, err)
		}
		out = append(out, u.PasswordHash)
	}
	return out
}

// checkSecrets fails when body holds a password, a password hash, or a
// token issued before the request (a response may hold only the one it
// issues).
func (w *matrixWorld) checkSecrets(t *testing.T, what, body string, known map[string]bool) {
	t.Helper()
	for _, s := range w.secrets(nil) {
		if strings.Contains(body, s) {
			t.Errorf("%s: the response holds a password or its hash", what)
		}
	}
	if strings.Contains(body, "$2a$") || strings.Contains(body, "$2b$") || strings.Contains(body, "password_hash") {
		t.Errorf("%s: the response holds a bcrypt hash: %.200s", what, body)
	}
	for tok := range known {
		if strings.Contains(body, tok) {
			t.Errorf("%s: the response holds an earlier token %.8s…", what, tok)
		}
	}
}

// TestTokenRevocation checks that a logged-out token is refused
// everywhere at once, and the user's other tokens are not.
func TestTokenRevocation(t *testing.T) {
	w := newMatrixWorld(t)
	a, b := w.token(flIn), w.token(flIn)
	w.want(http.StatusOK, "GET", "/api/me", a, nil)
	w.want(http.StatusNoContent, "POST", "/api/logout", a, nil)
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/me"}, {"GET", "/api/threads"}, {"GET", "/api/threads/" + w.thread + "/messages"},
		{"GET", "/api/threads/" + w.thread + "/events"}, {"POST", "/api/logout"},
	} {
		r := w.do(c.method, c.path, a, nil)
		if r.Status != http.StatusUnauthorized || get(r.Body, "error.code") != "unauthorized" {
			t.Errorf("%s %s with a revoked token = %d %s, want 401", c.method, c.path, r.Status, r.Raw)
		}
	}
	w.send(http.StatusUnauthorized, user{Token: a}, w.thread, "still here?")
	w.want(http.StatusOK, "GET", "/api/me", b, nil)
}
