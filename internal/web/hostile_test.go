package web

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// hostileWorld is what the hostile requests aim at: a client and a
// freelancer with a thread, a message, a job post and an ended contract.
type hostileWorld struct {
	*env
	cl, fl                      user
	thread, message, job, ended string
}

func newHostileWorld(t *testing.T, pg bool) *hostileWorld {
	e := newEnvWith(t, envConfig{opts: unlimited(), postgres: pg})
	w := &hostileWorld{env: e}
	w.cl = e.signup("client", "Hana Host", "Hostile Ltd")
	w.fl = e.signup("freelancer", "Hugo Host", "")
	w.thread = e.thread(w.cl, w.fl)
	w.message = e.send(http.StatusCreated, w.fl, w.thread, "hello").Body["id"].(string)
	w.job = e.want(http.StatusCreated, "POST", "/api/jobs", w.cl.Token, map[string]any{"title": "Logo", "description": "A logo for a bakery"}).Body["id"].(string)
	w.ended = e.startContract(w.cl, w.fl)
	e.want(http.StatusOK, "POST", "/api/contracts/"+w.ended+"/end", w.cl.Token, nil)
	return w
}

// nested returns a JSON array nested depth deep.
func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// TestHostileInput sends malformed and hostile requests to a running
// server: each is answered 4xx with a JSON error naming the problem, or
// accepted and stored as inert text where that is right (inert), never
// 5xx, and no table changes but those the case names. It runs on SQLite,
// and on PostgreSQL, which refuses NUL and invalid UTF-8 in text, when a
// test server is set.
func TestHostileInput(t *testing.T) {
	stores(t, func(t *testing.T, pg bool) {
		w := newHostileWorld(t, pg)
		msgs := "/api/threads/" + w.thread + "/messages"
		review := "/api/contracts/" + w.ended + "/reviews"
		script := `<script>alert(1)</script><img src=x onerror=alert(2)>&amp;`
		tests := []struct {
			name   string
			method string
			path   string
			as     string // "client", "freelancer" or "" (anonymous)
			body   any
			header http.Header
			status int
			want   string   // in the error message; for inert cases, in the body
			grows  []string // tables an accepted (inert) request writes to
		}{
			// Not JSON, or not one object.
			{name: "truncated JSON", method: "POST", path: msgs, as: "client", body: `{"text": "hi"`, status: 400, want: "malformed JSON"},
			{name: "form encoding", method: "POST", path: msgs, as: "client", body: `text=hi`, status: 400, want: "malformed JSON"},
			{name: "empty body", method: "POST", path: msgs, as: "client", body: ``, status: 400, want: "empty"},
			{name: "whitespace body", method: "POST", path: msgs, as: "client", body: " \n\t ", status: 400, want: "empty"},
			{name: "null body", method: "POST", path: msgs, as: "client", body: `null`, status: 400, want: "text: required"},
			{name: "array body", method: "POST", path: msgs, as: "client", body: `[{"text": "hi"}]`, status: 400, want: "must be a JSON object"},
			{name: "string body", method: "POST", path: msgs, as: "client", body: `"hi"`, status: 400, want: "must be a JSON object"},
			{name: "number body", method: "POST", path: "/api/login", body: `42`, status: 400, want: "must be a JSON object"},
			{name: "byte order mark", method: "POST", path: msgs, as: "client", body: "\xef\xbb\xbf{\"text\": \"hi\"}", status: 400, want: "malformed JSON"},
			{name: "two objects", method: "POST", path: msgs, as: "client", body: `{"text": "a"}{"text": "b"}`, status: 400, want: "after the JSON object"},
			{name: "duplicate key", method: "POST", path: msgs, as: "client", body: `{"text": "hello", "text": "pay me via paypal.me/x"}`, status: 400, want: `duplicate field "text"`},
			{name: "duplicate key in other case", method: "POST", path: msgs, as: "client", body: `{"text": "hello", "TEXT": "pay me via paypal.me/x"}`, status: 400, want: `duplicate field "TEXT"`},
			{name: "duplicate key, escaped", method: "POST", path: msgs, as: "client", body: `{"text": "a", "t\u0065xt": "b"}`, status: 400, want: "duplicate field"},
			{name: "deeply nested", method: "POST", path: msgs, as: "client", body: `{"text": "a", "x": ` + nested(20000) + `}`, status: 400, want: "malformed JSON"},
			{name: "deeply nested engine id", method: "POST", path: "/v1/scan", body: `{"text": "a", "id": ` + nested(100000) + `}`, status: 400, want: "malformed JSON"},

			// Wrong types and numbers out of range.
			{name: "text a number", method: "POST", path: msgs, as: "client", body: `{"text": 5}`, status: 400, want: "text: must be a string"},
			{name: "text an object", method: "POST", path: msgs, as: "client", body: `{"text": {"$gt": ""}}`, status: 400, want: "text: must be a string"},
			{name: "text an array", method: "POST", path: msgs, as: "client", body: `{"text": ["a", "b"]}`, status: 400, want: "text: must be a string"},
			{name: "rating 1e400", method: "POST", path: review, as: "client", body: `{"rating": 1e400, "text": "ok"}`, status: 400, want: "rating: must be an integer"},
			{name: "rating 2^66", method: "POST", path: review, as: "client", body: `{"rating": 99999999999999999999, "text": "ok"}`, status: 400, want: "rating: must be an integer"},
			{name: "rating negative", method: "POST", path: review, as: "client", body: `{"rating": -1, "text": "ok"}`, status: 400, want: "rating: 1 to 5"},
			{name: "rating a fraction", method: "POST", path: review, as: "client", body: `{"rating": 4.5, "text": "ok"}`, status: 400, want: "rating: must be an integer"},
			{name: "rating a string", method: "POST", path: review, as: "client", body: `{"rating": "5", "text": "ok"}`, status: 400, want: "rating: must be an integer"},
			{name: "limit 2^66", method: "GET", path: "/api/jobs?limit=99999999999999999999", status: 400, want: "limit: a non-negative integer"},
			{name: "limit 1e400", method: "GET", path: "/api/jobs?limit=1e400", status: 400, want: "limit: a non-negative integer"},
			{name: "limit negative", method: "GET", path: msgs + "?limit=-5", as: "client", status: 400, want: "limit: a non-negative integer"},
			{name: "start date in year 99999", method: "POST", path: "/api/contracts", as: "client", body: `{"freelancer": "` + w.fl.ID + `", "starts_at": "99999-01-01T00:00:00Z"}`, status: 400, want: "starts_at"},

			// Bytes text must not hold.
			{name: "invalid UTF-8", method: "POST", path: msgs, as: "client", body: []byte("{\"text\": \"caf\xe9\"}"), status: 400, want: "not valid UTF-8"},
			{name: "lone surrogate escape", method: "POST", path: msgs, as: "client", body: `{"text": "\ud800"}`, status: 400, want: "not valid UTF-8"},
			{name: "NUL escape in text", method: "POST", path: msgs, as: "client", body: `{"text": "hi\u0000there"}`, status: 400, want: "NUL"},
			{name: "NUL escape in an id field", method: "POST", path: "/api/threads", as: "client", body: `{"with": "usr_\u0000"}`, status: 400, want: "NUL"},
			{name: "raw NUL byte", method: "POST", path: msgs, as: "client", body: []byte("{\"text\": \"hi\x00there\"}"), status: 400, want: "malformed JSON"},
			{name: "NUL in query", method: "GET", path: "/api/jobs?q=logo%00", status: 400, want: "q: contains a NUL"},
			{name: "invalid UTF-8 in query", method: "GET", path: "/api/jobs?q=%ff%fe", status: 400, want: "q: not valid UTF-8"},
			{name: "NUL in path id", method: "GET", path: "/api/jobs/job_%00", status: 404, want: "not found"},
			{name: "invalid UTF-8 in path id", method: "GET", path: "/api/freelancers/%ff", status: 404, want: "not found"},

			// Sizes.
			{name: "10 MB body", method: "POST", path: msgs, as: "client", body: `{"text": "` + strings.Repeat("a", 10<<20) + `"}`, status: 413, want: "too large"},
			{name: "10 MB engine body", method: "POST", path: "/v1/scan", body: `{"text": "` + strings.Repeat("a", 10<<20) + `"}`, status: 413, want: "too large"},
			{name: "text over the market's limit", method: "POST", path: msgs, as: "client", body: `{"text": "` + strings.Repeat("a", 20001) + `"}`, status: 400, want: "at most 20000 bytes"},
			{name: "100 KB id", method: "GET", path: "/api/jobs/" + strings.Repeat("j", 100<<10), status: 404, want: "not found"},
			{name: "100 KB query", method: "GET", path: "/api/jobs?q=" + strings.Repeat("q", 100<<10), status: 400, want: "q: at most"},
			{name: "password over bcrypt's 72 bytes", method: "POST", path: "/api/signup", body: map[string]any{"email": "long@example.com", "password": strings.Repeat("p", 100), "name": "Long", "role": "freelancer"}, status: 400, want: "at most 72 bytes"},
			{name: "10 KB bearer token", method: "GET", path: "/api/me", header: http.Header{"Authorization": {"Bearer " + strings.Repeat("t", 10<<10)}}, status: 401, want: "unknown or revoked"},

			// Paths and ids that try to escape.
			{name: "path traversal", method: "GET", path: "/api/jobs/../../etc/passwd", status: 404, want: "no route"},
			{name: "encoded traversal", method: "GET", path: "/api/jobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", status: 404, want: "not found"},
			{name: "encoded traversal in a thread", method: "GET", path: "/api/threads/..%2f..%2fadmin/messages", as: "client", status: 404, want: "not found"},
			{name: "SQL in a path id", method: "GET", path: "/api/jobs/" + url.PathEscape("' OR 1=1 --"), status: 404, want: "not found"},
			{name: "SQL in a thread id", method: "POST", path: "/api/threads/" + url.PathEscape(`x" OR "1"="1`) + "/messages", as: "client", body: `{"text": "hi"}`, status: 404, want: "not found"},
			{name: "SQL in an id field", method: "POST", path: "/api/threads", as: "client", body: `{"with": "' OR 1=1 --"}`, status: 400, want: "with: no such user"},
			{name: "SQL in a login", method: "POST", path: "/api/login", body: `{"email": "' OR 1=1 --", "password": "' OR '1'='1"}`, status: 401, want: "wrong email or password"},
			{name: "homoglyph id", method: "GET", path: "/api/jobs/j\u043eb_x", status: 404, want: "not found"},

			// Privileges asked for in the body.
			{name: "sign up as admin", method: "POST", path: "/api/signup", body: map[string]any{"email": "root@example.com", "password": "password123", "name": "Root", "role": "admin"}, status: 400, want: "role must be"},
			{name: "extra field on a profile", method: "PUT", path: "/api/profile", as: "freelancer", body: `{"title": "t", "overview": "o", "role": "admin"}`, status: 400, want: `unknown field "role"`},
			{name: "own plan upgrade", method: "PUT", path: "/api/admin/orgs/" + w.cl.OrgID + "/plan", as: "client", body: `{"plan": "enterprise"}`, status: 403, want: "only an admin"},
			{name: "header in an email", method: "POST", path: "/api/signup", body: map[string]any{"email": "a@example.com\r\nBcc: all@example.com", "password": "password123", "name": "A", "role": "freelancer"}, status: 400, want: "email: not an email"},
			{name: "CRLF in a bearer token, encoded", method: "GET", path: "/api/me", header: http.Header{"Authorization": {"Bearer abc%0d%0aX-Admin: 1"}}, status: 401, want: "unknown or revoked"},

			// Methods.
			{name: "unknown method", method: "BREW", path: "/api/jobs", status: 405, want: "not allowed"},
			{name: "WebDAV method", method: "PROPFIND", path: msgs, as: "client", status: 405, want: "not allowed"},
			{name: "method override header ignored", method: "GET", path: "/api/jobs/" + w.job, header: http.Header{"X-Http-Method-Override": {"DELETE"}}, status: 200, want: `"title":"Logo"`},

			// Accepted and inert: stored as text, answered as a JSON string.
			{name: "script in a message", method: "POST", path: msgs, as: "client", body: map[string]any{"text": script}, status: 201, want: `"text":"<script>`, grows: []string{"messages", "audit"}},
			{name: "script in a job post", method: "POST", path: "/api/jobs", as: "client", body: map[string]any{"title": "<b>Logo</b>", "description": script}, status: 201, want: `onerror=alert(2)`, grows: []string{"jobs", "audit"}},
			{name: "SQL in a search", method: "GET", path: "/api/jobs?q=" + url.QueryEscape("' OR 1=1 --"), status: 200, want: `{"jobs":[]}`},
			{name: "LIKE wildcards in a search", method: "GET", path: "/api/jobs?q=%25_%25", status: 200, want: `{"jobs":[]}`},
		}
		if len(tests) < 40 {
			t.Fatalf("only %d hostile cases", len(tests))
		}
		tokens := map[string]string{"client": w.cl.Token, "freelancer": w.fl.Token}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := w.counts()
				r := w.doH(tt.method, tt.path, tokens[tt.as], tt.body, tt.header)
				after := w.counts()
				if r.Status >= 500 || r.Status != tt.status {
					t.Fatalf("%s %.80s = %d %.300s, want %d", tt.method, tt.path, r.Status, r.Raw, tt.status)
				}
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("Content-Type %q, X-Content-Type-Options %q: want JSON, nosniff", r.Header.Get("Content-Type"), r.Header.Get("X-Content-Type-Options"))
				}
				if r.Status >= 400 {
					msg, _ := get(r.Body, "error.message").(string)
					if get(r.Body, "error.code") == nil || !strings.Contains(msg, tt.want) {
						t.Errorf("error = %.300s, want a JSON error saying %q", r.Raw, tt.want)
					}
				} else if !strings.Contains(string(r.Raw), tt.want) {
					t.Errorf("body = %.300s, want %q in it", r.Raw, tt.want)
				}
				for table, n := range before {
					grew := after[table] - n
					if want := slices.Contains(tt.grows, table); (grew != 0) != want {
						t.Errorf("table %s: %d -> %d rows; want it to change: %v", table, n, after[table], want)
					}
				}
			})
		}

		// Stored script is given back as the same text, inside a JSON
		// string, never as markup.
		if got := w.messages(w.fl, w.thread); !slices.Contains(got, script) {
			t.Errorf("messages = %q, want the script stored as written", got)
		}

		// Header injection, written on the connection since Go's client
		// refuses to send it. A bare CR or a NUL in a header net/http
		// refuses before any handler, with its own plain-text 400; an
		// obsolete line folding is joined into the one header's value, so
		// no new header appears, and the request goes on, inert.
		for _, tc := range []struct {
			raw    string
			status int
		}{
			{"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\rX-Admin: 1\r\n\r\n", 400},
			{"GET /api/me HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\x00b\r\n\r\n", 400},
			{"GET /api/jobs HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4\r\n\tX-Admin: 1\r\n\r\n", 200},
		} {
			if status := rawRequest(t, w.srv.Listener.Addr().String(), tc.raw); status != tc.status {
				t.Errorf("raw request %q = %d, want %d", tc.raw, status, tc.status)
			}
		}
		w.want(http.StatusOK, "GET", "/healthz", "", nil)
	})
}

// rawRequest writes raw to addr and returns the answer's status code.
func rawRequest(t *testing.T, addr, raw string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("raw request %q: %v", raw, err)
	}
	res.Body.Close()
	return res.StatusCode
}
