package web

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chaperone-dev/chaperone/internal/market"
)

const (
	email   = "my email is ana.lima@gmail.com"
	phone   = "call me on +1 312 555 0148"
	ask     = "what's your whatsapp?"
	payment = "pay me via paypal.me/ana"
)

// world is a marketplace of an admin, a moderator, an Enterprise client, an
// ordinary client and a freelancer.
type world struct {
	*env
	admin, mod, ent, ord, ana user
}

func newWorld(t *testing.T) *world {
	e := newEnv(t)
	w := &world{env: e}
	w.admin = e.staff(market.RoleAdmin, "admin@example.com")
	e.want(http.StatusCreated, "POST", "/api/admin/moderators", w.admin.Token,
		map[string]any{"email": "mod@example.com", "password": "password123", "name": "Mo Derator"})
	w.mod = e.login("mod@example.com")
	w.ent = e.signup("client", "Erin Ent", "Acme Ltd")
	w.ord = e.signup("client", "Olga Ord", "Small Shop")
	w.ana = e.signup("freelancer", "Ana Lima", "")
	r := e.want(http.StatusOK, "PUT", "/api/admin/orgs/"+w.ent.OrgID+"/plan", w.admin.Token, map[string]any{"plan": "enterprise"})
	if r.Body["plan"] != "enterprise" || r.Body["id"] != w.ent.OrgID {
		t.Fatalf("PUT plan = %s, want the org on enterprise", r.Raw)
	}
	return w
}

func action(r resp) any {
	if d, ok := r.Body["decision"]; ok {
		return get(d, "action")
	}
	return r.Body["action"]
}

// 1. Enterprise and ordinary conversations, both ways.
func TestEnterpriseAndOrdinaryThreads(t *testing.T) {
	w := newWorld(t)

	me := w.want(http.StatusOK, "GET", "/api/me", w.ent.Token, nil)
	if get(me.Body, "org.plan") != "enterprise" || get(me.Body, "org.name") != "Acme Ltd" {
		t.Fatalf("GET /api/me = %s, want org Acme Ltd on enterprise", me.Raw)
	}

	entThread := w.thread(w.ana, w.ent)
	r := w.send(http.StatusCreated, w.ana, entThread, email)
	if action(r) != "allow" || get(r.Body, "message.text") != email || r.Body["id"] != get(r.Body, "message.id") {
		t.Fatalf("freelancer's email to an Enterprise client = %s, want 201 allow, delivered as written", r.Raw)
	}
	r = w.send(http.StatusCreated, w.ent, entThread, phone)
	if action(r) != "allow" {
		t.Fatalf("Enterprise client's phone = %s, want allow", r.Raw)
	}
	if got := w.messages(w.ent, entThread); !slices.Equal(got, []string{email, phone}) {
		t.Fatalf("messages = %q, want both", got)
	}

	ordThread := w.thread(w.ord, w.ana)
	r = w.send(http.StatusUnprocessableEntity, w.ana, ordThread, email)
	if r.Body["action"] != "block" || r.Body["id"] == "" || r.Body["notice"] == "" || r.Body["policy"] == "" || r.Body["detector"] == "" {
		t.Fatalf("freelancer's email to an ordinary client = %s, want 422 with the block decision as the body", r.Raw)
	}
	if _, ok := r.Body["error"]; ok {
		t.Fatalf("422 body = %s, want the decision, not the error envelope", r.Raw)
	}
	w.send(http.StatusUnprocessableEntity, w.ord, ordThread, phone)
	if got := w.messages(w.ana, ordThread); len(got) != 0 {
		t.Fatalf("messages after refusals = %q, want none", got)
	}
	r = w.send(http.StatusCreated, w.ord, ordThread, ask)
	if action(r) != "warn" {
		t.Fatalf("ordinary client's contact request = %s, want 201 warn", r.Raw)
	}
	if got := w.messages(w.ana, ordThread); !slices.Equal(got, []string{ask}) {
		t.Fatalf("messages = %q, want the warned one", got)
	}

	// Editing through the policy: a refused edit leaves the message as it was.
	msgID := get(r.Body, "message.id").(string)
	w.want(http.StatusUnprocessableEntity, "PATCH", "/api/messages/"+msgID, w.ord.Token, map[string]any{"text": phone})
	r = w.want(http.StatusOK, "PATCH", "/api/messages/"+msgID, w.ord.Token, map[string]any{"text": "when can you start?"})
	if get(r.Body, "message.text") != "when can you start?" || action(r) != "allow" {
		t.Fatalf("PATCH message = %s, want the edit allowed", r.Raw)
	}
	if got := w.messages(w.ana, ordThread); !slices.Equal(got, []string{"when can you start?"}) {
		t.Fatalf("messages after edits = %q", got)
	}

	// A dry-run check decides without storing anything.
	r = w.want(http.StatusOK, "POST", "/api/check", w.ana.Token, map[string]any{"thread_id": ordThread, "text": email})
	if r.Body["action"] != "block" {
		t.Fatalf("POST /api/check = %s, want block", r.Raw)
	}
	if got := w.messages(w.ana, ordThread); len(got) != 1 {
		t.Fatalf("messages after check = %q, want unchanged", got)
	}

	r = w.want(http.StatusOK, "GET", "/api/threads", w.ana.Token, nil)
	if n := len(r.Body["threads"].([]any)); n != 2 {
		t.Fatalf("GET /api/threads: %d threads, want 2", n)
	}
}

// 2. Public texts: contact details refused for Enterprise clients too.
func TestPublicTexts(t *testing.T) {
	w := newWorld(t)

	r := w.want(http.StatusUnprocessableEntity, "POST", "/api/jobs", w.ent.Token,
		map[string]any{"title": "Go developer", "description": "Write to jobs@acmeltd.com", "budget": "$5k"})
	if r.Body["action"] != "block" {
		t.Fatalf("Enterprise job post with an email = %s, want 422 block", r.Raw)
	}
	r = w.want(http.StatusCreated, "POST", "/api/jobs", w.ent.Token,
		map[string]any{"title": "Go developer", "description": "A marketplace safety engine.", "budget": "$5k"})
	jobID, _ := r.Body["id"].(string)
	if jobID == "" || get(r.Body, "job.id") != jobID || action(r) != "allow" {
		t.Fatalf("POST /api/jobs = %s, want 201 with id, job and decision", r.Raw)
	}
	w.want(http.StatusCreated, "POST", "/api/jobs", w.ord.Token,
		map[string]any{"title": "Logo design", "description": "A logo for a shop."})

	r = w.want(http.StatusOK, "GET", "/api/jobs?q=developer", "", nil)
	jobs := r.Body["jobs"].([]any)
	if len(jobs) != 1 || get(jobs[0], "id") != jobID || get(jobs[0], "client.org") != "Acme Ltd" || get(jobs[0], "client.enterprise") != true {
		t.Fatalf("GET /api/jobs?q=developer = %s, want the Enterprise job tile", r.Raw)
	}
	r = w.want(http.StatusOK, "GET", "/api/jobs", "", nil)
	if n := len(r.Body["jobs"].([]any)); n != 2 {
		t.Fatalf("GET /api/jobs: %d jobs, want 2", n)
	}
	r = w.want(http.StatusOK, "GET", "/api/jobs/"+jobID, "", nil)
	if r.Body["title"] != "Go developer" || get(r.Body, "client.enterprise") != true || get(r.Body, "client.org") != "Acme Ltd" {
		t.Fatalf("GET /api/jobs/{id} = %s, want the job with its Enterprise client", r.Raw)
	}
	w.want(http.StatusNotFound, "GET", "/api/jobs/job_nope", "", nil)

	w.want(http.StatusUnprocessableEntity, "PUT", "/api/jobs/"+jobID, w.ent.Token,
		map[string]any{"title": "Go developer", "description": "Call +44 20 7946 0958"})
	w.want(http.StatusNotFound, "PUT", "/api/jobs/"+jobID, w.ord.Token,
		map[string]any{"title": "Mine now", "description": "Not yours."})
	r = w.want(http.StatusOK, "PUT", "/api/jobs/"+jobID, w.ent.Token,
		map[string]any{"title": "Senior Go developer", "description": "A marketplace safety engine."})
	if get(r.Body, "job.title") != "Senior Go developer" {
		t.Fatalf("PUT /api/jobs/{id} = %s", r.Raw)
	}

	r = w.want(http.StatusUnprocessableEntity, "PUT", "/api/profile", w.ana.Token,
		map[string]any{"title": "Go developer", "overview": "Call me: +44 20 7946 0958"})
	if r.Body["action"] != "block" {
		t.Fatalf("profile with a phone = %s, want 422 block", r.Raw)
	}
	w.want(http.StatusNotFound, "GET", "/api/freelancers/"+w.ana.ID, "", nil)
	r = w.want(http.StatusOK, "PUT", "/api/profile", w.ana.Token,
		map[string]any{"title": "Go developer", "overview": "Ten years of Go."})
	if get(r.Body, "profile.overview") != "Ten years of Go." || action(r) != "allow" {
		t.Fatalf("PUT /api/profile = %s", r.Raw)
	}
	r = w.want(http.StatusOK, "GET", "/api/freelancers/"+w.ana.ID, "", nil)
	if r.Body["title"] != "Go developer" || r.Body["name"] != "Ana Lima" {
		t.Fatalf("GET /api/freelancers/{id} = %s", r.Raw)
	}
	w.want(http.StatusForbidden, "PUT", "/api/profile", w.ent.Token, map[string]any{"title": "x", "overview": "y"})

	w.want(http.StatusUnprocessableEntity, "PUT", "/api/org", w.ent.Token, map[string]any{"name": "Acme sales@acmeltd.com"})
	r = w.want(http.StatusOK, "PUT", "/api/org", w.ent.Token, map[string]any{"name": "Acme Group"})
	if get(r.Body, "org.name") != "Acme Group" || get(r.Body, "org.plan") != "enterprise" {
		t.Fatalf("PUT /api/org = %s", r.Raw)
	}
	w.want(http.StatusForbidden, "PUT", "/api/org", w.ana.Token, map[string]any{"name": "Ana Inc"})

	// A proposal is private: contact details pass with an Enterprise client.
	r = w.want(http.StatusCreated, "POST", "/api/jobs/"+jobID+"/proposals", w.ana.Token, map[string]any{"cover_letter": email})
	if r.Body["id"] == "" || action(r) != "allow" {
		t.Fatalf("proposal to Enterprise = %s, want 201 allow", r.Raw)
	}
	w.want(http.StatusUnprocessableEntity, "POST", "/api/jobs/"+jobID+"/proposals", w.ana.Token, map[string]any{"cover_letter": payment})
}

// 3 and 4. Contact details after a contract starts; paying outside never.
func TestContractThenPayment(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ord, w.ana)
	w.send(http.StatusUnprocessableEntity, w.ana, th, email)

	contract := w.startContract(w.ord, w.ana)
	r := w.want(http.StatusOK, "GET", "/api/contracts/"+contract, w.ord.Token, nil)
	if r.Body["state"] != "active" {
		t.Fatalf("GET contract = %s, want active", r.Raw)
	}
	w.want(http.StatusNotFound, "GET", "/api/contracts/"+contract, w.ent.Token, nil)
	w.want(http.StatusConflict, "POST", "/api/contracts/"+contract+"/accept", w.ana.Token, nil)

	r = w.send(http.StatusCreated, w.ana, th, email)
	if action(r) != "allow" {
		t.Fatalf("email after the contract started = %s, want allow", r.Raw)
	}
	r = w.send(http.StatusUnprocessableEntity, w.ana, th, payment)
	if r.Body["action"] != "block" || r.Body["flag"] != true {
		t.Fatalf("payment after a contract = %s, want 422 block flagged", r.Raw)
	}
	r = w.want(http.StatusOK, "GET", "/api/moderation/cases?status=open", w.mod.Token, nil)
	cases := r.Body["cases"].([]any)
	if len(cases) != 1 || get(cases[0], "user_id") != w.ana.ID || get(cases[0], "kind") != "flag" || get(cases[0], "decision.action") != "block" {
		t.Fatalf("open cases = %s, want the payment case", r.Raw)
	}

	// Reviews come after the contract ends, and are public.
	w.want(http.StatusConflict, "POST", "/api/contracts/"+contract+"/reviews", w.ord.Token, map[string]any{"rating": 5, "text": "Great work."})
	r = w.want(http.StatusOK, "POST", "/api/contracts/"+contract+"/end", w.ana.Token, nil)
	if r.Body["state"] != "ended" {
		t.Fatalf("end contract = %s", r.Raw)
	}
	w.want(http.StatusUnprocessableEntity, "POST", "/api/contracts/"+contract+"/reviews", w.ord.Token, map[string]any{"rating": 5, "text": "Reach her at " + "ana.lima@gmail.com"})
	r = w.want(http.StatusCreated, "POST", "/api/contracts/"+contract+"/reviews", w.ord.Token, map[string]any{"rating": 5, "text": "Great work."})
	if get(r.Body, "review.rating") != 5.0 || r.Body["id"] == "" {
		t.Fatalf("review = %s", r.Raw)
	}
	w.want(http.StatusConflict, "POST", "/api/contracts/"+contract+"/reviews", w.ord.Token, map[string]any{"rating": 4, "text": "Again."})
}

// 5. Strikes escalate to a restriction that spares started contracts.
func TestStrikesRestrict(t *testing.T) {
	w := newWorld(t)
	bob := w.signup("freelancer", "Bob Builder", "")
	noContract := w.thread(bob, w.ord)
	withContract := w.thread(bob, w.ent)
	w.startContract(w.ent, bob)

	for i := range 3 {
		r := w.send(http.StatusUnprocessableEntity, bob, noContract, "pay me via paypal.me/bob please")
		if r.Body["strike"] != true {
			t.Fatalf("striking message %d = %s, want strike", i+1, r.Raw)
		}
	}
	me := w.want(http.StatusOK, "GET", "/api/me", bob.Token, nil)
	if get(me.Body, "standing.level") != "restricted" || get(me.Body, "standing.strikes") != 3.0 || len(me.Body["strikes"].([]any)) != 3 {
		t.Fatalf("GET /api/me after 3 strikes = %s, want restricted with 3 strikes", me.Raw)
	}
	r := w.send(http.StatusForbidden, bob, noContract, "hello, any news on the project?")
	if code := get(r.Body, "error.code"); code != "forbidden" {
		t.Fatalf("restricted message = %s, want forbidden", r.Raw)
	}
	w.send(http.StatusCreated, bob, withContract, "hello, any news on the project?")
	if got := w.messages(bob, noContract); len(got) != 0 {
		t.Fatalf("messages = %q, want none", got)
	}
	r = w.want(http.StatusOK, "GET", "/api/strikes", bob.Token, nil)
	if n := len(r.Body["strikes"].([]any)); n != 3 {
		t.Fatalf("GET /api/strikes: %d, want 3", n)
	}
}

// 6. Moderation: dismissing removes the strike; twice is a conflict;
// appeals join the queue.
func TestModeration(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ana, w.ent)
	w.send(http.StatusUnprocessableEntity, w.ana, th, payment)
	w.send(http.StatusUnprocessableEntity, w.ana, th, "or send it to paypal.me/analima")
	me := w.want(http.StatusOK, "GET", "/api/me", w.ana.Token, nil)
	if n := len(me.Body["strikes"].([]any)); n != 2 {
		t.Fatalf("strikes = %d, want 2", n)
	}

	r := w.want(http.StatusOK, "GET", "/api/moderation/cases?status=open", w.mod.Token, nil)
	cases := r.Body["cases"].([]any)
	if len(cases) != 2 {
		t.Fatalf("open cases = %s, want 2", r.Raw)
	}
	first := get(cases[0], "id").(string)
	r = w.want(http.StatusOK, "POST", "/api/moderation/cases/"+first+"/resolve", w.mod.Token, map[string]any{"status": "dismissed", "note": "a false positive"})
	if r.Body["status"] != "dismissed" || r.Body["resolver_id"] != w.mod.ID {
		t.Fatalf("resolve = %s", r.Raw)
	}
	me = w.want(http.StatusOK, "GET", "/api/me", w.ana.Token, nil)
	if n := len(me.Body["strikes"].([]any)); n != 1 || get(me.Body, "standing.strikes") != 1.0 {
		t.Fatalf("GET /api/me after a dismissal = %s, want 1 strike", me.Raw)
	}
	r = w.want(http.StatusConflict, "POST", "/api/moderation/cases/"+first+"/resolve", w.mod.Token, map[string]any{"status": "upheld"})
	if get(r.Body, "error.code") != "conflict" {
		t.Fatalf("resolving twice = %s", r.Raw)
	}
	w.want(http.StatusBadRequest, "POST", "/api/moderation/cases/"+get(cases[1], "id").(string)+"/resolve", w.mod.Token, map[string]any{"status": "maybe"})
	w.want(http.StatusNotFound, "POST", "/api/moderation/cases/case_nope/resolve", w.mod.Token, map[string]any{"status": "upheld"})

	strikeID := get(me.Body, "strikes").([]any)[0].(map[string]any)["id"].(string)
	r = w.want(http.StatusCreated, "POST", "/api/appeals", w.ana.Token, map[string]any{"strike_id": strikeID, "text": "It was a joke."})
	if r.Body["kind"] != "appeal" || r.Body["status"] != "open" || r.Body["strike_id"] != strikeID {
		t.Fatalf("appeal = %s", r.Raw)
	}
	w.want(http.StatusConflict, "POST", "/api/appeals", w.ana.Token, map[string]any{"strike_id": strikeID, "text": "Again."})
	w.want(http.StatusNotFound, "POST", "/api/appeals", w.ord.Token, map[string]any{"strike_id": strikeID, "text": "Not mine."})
	r = w.want(http.StatusOK, "GET", "/api/moderation/cases?status=open", w.admin.Token, nil)
	var kinds []string
	for _, c := range r.Body["cases"].([]any) {
		kinds = append(kinds, get(c, "kind").(string))
	}
	if !slices.Contains(kinds, "appeal") {
		t.Fatalf("open case kinds = %q, want an appeal", kinds)
	}
	w.want(http.StatusBadRequest, "GET", "/api/moderation/cases?status=sideways", w.mod.Token, nil)
	w.want(http.StatusBadRequest, "GET", "/api/moderation/cases?limit=ten", w.mod.Token, nil)
}

// 7. Authorisation.
func TestAuthorisation(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ana, w.ent)
	w.send(http.StatusCreated, w.ana, th, "hello")

	r := w.want(http.StatusNotFound, "GET", "/api/threads/"+th+"/messages", w.ord.Token, nil)
	if get(r.Body, "error.code") != "not_found" {
		t.Fatalf("reading another's thread = %s", r.Raw)
	}
	w.send(http.StatusNotFound, w.ord, th, "let me in")
	w.want(http.StatusNotFound, "POST", "/api/check", w.ord.Token, map[string]any{"thread_id": th, "text": "hi"})
	msgID := w.send(http.StatusCreated, w.ent, th, "hi").Body["id"].(string)
	w.want(http.StatusNotFound, "PATCH", "/api/messages/"+msgID, w.ana.Token, map[string]any{"text": "not mine"})
	if got := w.messages(w.ana, th); !slices.Equal(got, []string{"hello", "hi"}) {
		t.Fatalf("messages = %q", got)
	}

	w.want(http.StatusForbidden, "PUT", "/api/admin/orgs/"+w.ord.OrgID+"/plan", w.ana.Token, map[string]any{"plan": "enterprise"})
	w.want(http.StatusForbidden, "PUT", "/api/admin/orgs/"+w.ord.OrgID+"/plan", w.ord.Token, map[string]any{"plan": "enterprise"})
	w.want(http.StatusForbidden, "POST", "/api/admin/moderators", w.mod.Token, map[string]any{"email": "m2@example.com", "password": "password123", "name": "M2"})
	w.want(http.StatusForbidden, "GET", "/api/moderation/cases", w.ent.Token, nil)
	w.want(http.StatusForbidden, "POST", "/api/moderation/cases/case_x/resolve", w.ent.Token, map[string]any{"status": "upheld"})
	w.want(http.StatusForbidden, "POST", "/api/jobs", w.ana.Token, map[string]any{"title": "x", "description": "y"})
	w.want(http.StatusForbidden, "POST", "/api/contracts", w.ana.Token, map[string]any{"freelancer": w.ana.ID})
	w.want(http.StatusNotFound, "PUT", "/api/admin/orgs/org_nope/plan", w.admin.Token, map[string]any{"plan": "enterprise"})
	w.want(http.StatusBadRequest, "PUT", "/api/admin/orgs/"+w.ord.OrgID+"/plan", w.admin.Token, map[string]any{"plan": "gold"})

	r = w.want(http.StatusUnauthorized, "GET", "/api/me", "", nil)
	if get(r.Body, "error.code") != "unauthorized" || r.Header.Get("WWW-Authenticate") != "Bearer" {
		t.Fatalf("no token = %s %v", r.Raw, r.Header)
	}
	w.want(http.StatusUnauthorized, "GET", "/api/me", "not-a-token", nil)
	w.want(http.StatusUnauthorized, "POST", "/api/threads", "", map[string]any{"with": w.ent.ID})
	w.want(http.StatusUnauthorized, "POST", "/api/login", "", map[string]any{"email": "ana.lima@example.com", "password": "wrong-password"})
	w.want(http.StatusConflict, "POST", "/api/signup", "", map[string]any{"email": "ana.lima@example.com", "password": "password123", "name": "Ana Again", "role": "freelancer"})

	second := w.login("ana.lima@example.com")
	w.want(http.StatusNoContent, "POST", "/api/logout", w.ana.Token, nil)
	w.want(http.StatusUnauthorized, "GET", "/api/me", w.ana.Token, nil)
	w.want(http.StatusUnauthorized, "POST", "/api/logout", w.ana.Token, nil)
	w.want(http.StatusOK, "GET", "/api/me", second.Token, nil)
}

// 8. Bad input: each a 4xx with a clear message, and nothing changes.
func TestBadInput(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ana, w.ent)
	w.send(http.StatusCreated, w.ana, th, "first")
	path := "/api/threads/" + th + "/messages"

	tests := []struct {
		name   string
		body   any
		status int
		want   string // in the message
	}{
		{"malformed", `{"text": "hi"`, 400, "malformed JSON"},
		{"not json", `text=hi`, 400, "malformed JSON"},
		{"empty", ``, 400, "empty"},
		{"array", `["hi"]`, 400, "must be a JSON object"},
		{"wrong type", `{"text": 5}`, 400, "text: must be a string"},
		{"missing", `{}`, 400, "text: required"},
		{"null", `{"text": null}`, 400, "text: required"},
		{"blank", `{"text": "   "}`, 400, "text: required"},
		{"unknown field", `{"text": "hi", "to": "everyone"}`, 400, `unknown field "to"`},
		{"trailing data", `{"text": "hi"} {"text": "again"}`, 400, "after the JSON object"},
		{"invalid UTF-8", []byte("{\"text\": \"hi \xff\xfe\"}"), 400, "not valid UTF-8"},
		{"lone surrogate", `{"text": "hi \udc00"}`, 400, "not valid UTF-8"},
		{"oversize", `{"text": "` + strings.Repeat("a", MaxBodyBytes) + `"}`, 413, "too large"},
		{"too long for the market", `{"text": "` + strings.Repeat("a", market.MaxTextBytes+1) + `"}`, 400, "text: at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.do("POST", path, w.ana.Token, tt.body)
			msg, _ := get(r.Body, "error.message").(string)
			t.Logf("%d %s", r.Status, msg)
			if r.Status != tt.status || get(r.Body, "error.code") == nil || !strings.Contains(msg, tt.want) {
				t.Errorf("POST %s %s = %d %s, want %d with %q", path, tt.name, r.Status, r.Raw, tt.status, tt.want)
			}
		})
	}
	if got := w.messages(w.ana, th); !slices.Equal(got, []string{"first"}) {
		t.Fatalf("messages after bad input = %q, want unchanged", got)
	}

	// A valid surrogate pair is fine.
	r := w.send(http.StatusCreated, w.ana, th, "thanks \U0001F600")
	if get(r.Body, "message.text") != "thanks \U0001F600" {
		t.Fatalf("emoji message = %s", r.Raw)
	}
	w.want(http.StatusCreated, "POST", path, w.ana.Token, `{"text": "pair \ud83d\ude00"}`)

	w.want(http.StatusBadRequest, "POST", "/api/contracts", w.ent.Token, map[string]any{"freelancer": w.ana.ID, "starts_at": "tomorrow"})
	w.want(http.StatusBadRequest, "POST", "/api/contracts/x/reviews", w.ent.Token, `{"rating": 4.5, "text": "ok"}`)
	w.want(http.StatusBadRequest, "POST", "/api/signup", "", map[string]any{"email": "x@example.com", "password": "password123", "name": "X", "role": "boss"})
	w.want(http.StatusBadRequest, "GET", "/api/threads/"+th+"/messages?limit=-1", w.ana.Token, nil)

	r = w.want(http.StatusNotFound, "GET", "/api/nothing/here", "", nil)
	if get(r.Body, "error.code") != "not_found" {
		t.Fatalf("unknown route = %s", r.Raw)
	}
	r = w.want(http.StatusMethodNotAllowed, "DELETE", "/api/jobs", w.ent.Token, nil)
	if get(r.Body, "error.code") != "method_not_allowed" || !strings.Contains(r.Header.Get("Allow"), "POST") {
		t.Fatalf("wrong method = %s %v", r.Raw, r.Header)
	}
}

// The log has each request, and never a message's text.
func TestLogsNoBodies(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ana, w.ent)
	w.send(http.StatusCreated, w.ana, th, "secret plans for the launch")
	w.send(http.StatusUnprocessableEntity, w.ana, th, "pay me via paypal.me/secretana")
	logs := w.logs.String()
	if !strings.Contains(logs, "route=\"POST /api/threads/{id}/messages\"") || !strings.Contains(logs, "status=422") {
		t.Errorf("logs lack the requests:\n%s", logs)
	}
	for _, secret := range []string{"secret plans", "secretana", "password123"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

// A panicking handler answers 500 JSON and the server lives on.
func TestPanicRecovery(t *testing.T) {
	e := newEnv(t)
	s := New(e.svc, nil)
	h := s.instrument(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"internal error"`) || strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("panic = %d %s, want 500 internal error without details", rec.Code, rec.Body.String())
	}
}
