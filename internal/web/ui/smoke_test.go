package ui

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// TestEveryPageRenders loads every GET route, with real ids, as every
// kind of visitor, on the demo data: pages that are theirs render, the
// others are refused cleanly, and none fails.
func TestEveryPageRenders(t *testing.T) {
	e := newEnv(t, options{})
	ctx := context.Background()
	if _, err := e.svc.Seed(ctx, e.admin); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	login := func(email string) *market.User {
		_, u, err := e.svc.Login(ctx, email, market.DemoPassword)
		if err != nil {
			t.Fatalf("Login(%s): %v", email, err)
		}
		return u
	}
	erin, carl := login("erin@northwind.example"), login("carl@acme.example")
	ana, ravi := login("ana@freelancer.example"), login("ravi@freelancer.example")
	threadOf := func(u *market.User, other string) string {
		ts, err := e.svc.Threads(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range ts {
			if th.FreelancerID == other || th.ClientID == other {
				return th.ID
			}
		}
		t.Fatalf("no thread of %s with %s", u.Name, other)
		return ""
	}
	entThread, basicThread := threadOf(erin, ravi.ID), threadOf(carl, ana.ID)
	c, err := e.svc.OfferContract(ctx, carl, ana.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	tiles, _ := e.svc.SearchJobs(ctx, "logo", 1)
	carlJob := tiles[0].ID
	tiles, _ = e.svc.SearchJobs(ctx, "payments", 1)
	erinJob := tiles[0].ID
	cases, _ := e.svc.Cases(ctx, e.admin, market.CaseOpen, 1)
	if len(cases) == 0 {
		t.Fatal("the demo data has no case")
	}
	caseID := cases[0].ID

	const ok, login401, forbidden, notFound = 200, -1, 403, 404
	type visit struct {
		path string
		want map[string]int // by role; missing means ok
	}
	members := map[string]int{"anon": login401}
	clientsOnly := map[string]int{"anon": login401, "freelancer": forbidden, "moderator": forbidden, "admin": forbidden}
	staffOnly := map[string]int{"anon": login401, "client": forbidden, "enterprise": forbidden, "freelancer": forbidden}
	visits := []visit{
		{"/", nil},
		{"/static/app.css", nil},
		{"/static/htmx.min.js", nil},
		{"/signup", nil},
		{"/signup?role=client", nil},
		{"/login", nil},
		{"/jobs?q=", nil},
		{"/jobs?q=go", nil},
		{"/jobs/" + erinJob, nil},
		{"/jobs/" + carlJob, nil},
		{"/jobs/new", clientsOnly},
		{"/jobs/" + carlJob + "/edit", map[string]int{"anon": login401, "enterprise": forbidden, "freelancer": forbidden, "moderator": forbidden, "admin": forbidden}},
		{"/freelancers?q=", nil},
		{"/freelancers/" + ana.ID, nil},
		{"/profile", map[string]int{"anon": login401, "client": forbidden, "enterprise": forbidden, "moderator": forbidden, "admin": forbidden}},
		{"/threads", members},
		{"/threads/" + entThread, map[string]int{"anon": login401, "client": notFound, "freelancer": notFound, "moderator": notFound, "admin": notFound}},
		{"/threads/" + basicThread, map[string]int{"anon": login401, "enterprise": notFound, "moderator": notFound, "admin": notFound}},
		{"/threads/" + basicThread + "/messages", map[string]int{"anon": login401, "enterprise": notFound, "moderator": notFound, "admin": notFound}},
		// Without Events the stream is off; the page polls instead.
		{"/threads/" + basicThread + "/events", map[string]int{"anon": login401, "client": notFound, "enterprise": notFound, "freelancer": notFound, "moderator": notFound, "admin": notFound}},
		{"/contracts/" + c.ID, map[string]int{"anon": login401, "enterprise": notFound, "moderator": notFound, "admin": notFound}},
		{"/account", members},
		{"/moderation", staffOnly},
		{"/moderation?status=all", staffOnly},
		{"/moderation/cases/" + caseID, staffOnly},
		{"/admin/orgs", map[string]int{"anon": login401, "client": forbidden, "enterprise": forbidden, "freelancer": forbidden, "moderator": forbidden}},
		{"/plans", nil},
		{"/help/enterprise", nil},
	}

	// Every GET route is visited.
	mux := http.NewServeMux()
	e.ui.Register(mux)
	covered := map[string]bool{}
	for _, v := range visits {
		r, _ := http.NewRequest(http.MethodGet, "http://x"+v.path, nil)
		_, pattern := mux.Handler(r)
		covered[pattern] = true
	}
	for _, p := range e.ui.Routes() {
		if strings.HasPrefix(p, "GET ") && !covered[p] {
			t.Errorf("route %q is not visited by the smoke test", p)
		}
	}

	roles := map[string]string{
		"anon": "", "client": "carl@acme.example", "enterprise": "erin@northwind.example", "freelancer": "ana@freelancer.example",
		"moderator": "mod@chaperone.example", "admin": "admin@test.example",
	}
	for role, email := range roles {
		t.Run(role, func(t *testing.T) {
			b := e.browser()
			if email != "" {
				b.get("/login")
				password := market.DemoPassword
				if role == "admin" {
					password = testPassword
				}
				b.post("/login", map[string][]string{"email": {email}, "password": {password}}).must(t, http.StatusOK)
			}
			for _, v := range visits {
				want, ok2 := v.want[role]
				if !ok2 {
					want = ok
				}
				p := b.get(v.path)
				switch {
				case want == login401:
					if p.status != http.StatusOK || p.url != "/login" {
						t.Errorf("%s as %s: status %d at %s, want the login page", v.path, role, p.status, p.url)
					}
				case p.status != want:
					t.Errorf("%s as %s: status %d, want %d\n%s", v.path, role, p.status, want, snippetOf(p.body))
				case strings.HasPrefix(v.path, "/static/") || strings.HasSuffix(v.path, "/messages"):
				case !strings.Contains(p.body, "</html>") && want != notFound:
					t.Errorf("%s as %s: not a whole page", v.path, role)
				}
			}
		})
	}
}

func TestLiveMessagesOverSSE(t *testing.T) {
	hub := market.NewHub()
	t.Cleanup(func() { hub.Close() })
	e := newEnv(t, options{events: hub})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/"+th.ID).contains(t, `hx-ext="sse"`, `sse-connect="/threads/`+th.ID+`/events"`, `hx-trigger="sse:message, messages-changed from:body"`).
		lacks(t, "every 3s")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/threads/"+th.ID+"/events", nil)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, ct)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func(prefix string) string {
		t.Helper()
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), prefix) {
				return lines.Text()
			}
		}
		t.Fatalf("stream ended before %q: %v", prefix, lines.Err())
		return ""
	}
	next("data: connected")
	m, _, err := e.svc.SendMessage(context.Background(), carl, th.ID, "Hello Ana, are you free?")
	if err != nil {
		t.Fatal(err)
	}
	if got := next("data: "); got != "data: "+m.ID {
		t.Errorf("event = %q, want the message id %s (and no text)", got, m.ID)
	}
	b.get("/threads/"+th.ID+"/messages").contains(t, "Hello Ana, are you free?")

	// Someone else's thread cannot be listened to.
	e.signup("mei@example.com", "Mei Chen", market.RoleFreelancer, "")
	mei := e.browser()
	mei.login("mei@example.com")
	mei.get("/threads/"+th.ID+"/events").must(t, http.StatusNotFound)
}

func TestPollingWithoutEvents(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/"+th.ID).contains(t, `hx-trigger="every 3s, messages-changed from:body"`, `role="log"`).lacks(t, "sse-connect")
}
