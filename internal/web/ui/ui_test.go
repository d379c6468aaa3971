package ui

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

func TestSignupLoginLogout(t *testing.T) {
	e := newEnv(t, options{})
	b := e.browser()
	b.get("/signup").must(t, http.StatusOK).contains(t, `id="signup-form"`, `for="signup-email"`)

	// A bad form comes back with what was typed, except the password.
	p := b.post("/signup", url.Values{"role": {"client"}, "name": {"Carl Diaz"}, "email": {"not an email"}, "password": {testPassword}, "org": {"Acme"}})
	p.must(t, http.StatusBadRequest).contains(t, `id="signup-error"`, `value="Carl Diaz"`, `value="Acme"`).lacks(t, testPassword)

	p = b.post("/signup", url.Values{"role": {"client"}, "name": {"Carl Diaz"}, "email": {"carl@acme.example"}, "password": {testPassword}, "org": {"Acme"}})
	p.must(t, http.StatusOK).contains(t, "Welcome back, Carl Diaz", `id="logout-form"`, `id="nav-post"`)
	first := b.sessionToken(t)

	// The session cookie is HttpOnly and SameSite=Lax, and Secure behind a
	// TLS proxy.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"email": {"carl@acme.example"}, "password": {testPassword}, "csrf": {csrfToken("csrf-anon:", "x")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: "x"})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /login: status %d, want 303", resp.StatusCode)
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || !session.Secure || session.Path != "/" {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Secure, Path=/", session)
	}

	// Logging out revokes the token and clears the cookie.
	b.post("/logout", url.Values{}).must(t, http.StatusOK).contains(t, `id="nav-login"`)
	if _, err := e.svc.Authenticate(context.Background(), first); market.ErrorCode(err) != market.Unauthorized {
		t.Errorf("Authenticate(old token) after logout: %v, want unauthorized", err)
	}
	b.get("/threads").contains(t, `id="login-form"`) // members' pages send visitors to log in

	// Wrong password: the form comes back with the email.
	b.get("/login")
	b.post("/login", url.Values{"email": {"carl@acme.example"}, "password": {"wrong-password"}}).
		must(t, http.StatusUnauthorized).contains(t, `id="login-error"`, `value="carl@acme.example"`)

	// Every login issues a new token (no session fixation), and "next"
	// brings the user back, but only to this site.
	b.get("/login?next=/threads")
	b.post("/login", url.Values{"email": {"carl@acme.example"}, "password": {testPassword}, "next": {"/threads"}}).must(t, http.StatusOK)
	second := b.sessionToken(t)
	if second == first {
		t.Errorf("login reused the session token")
	}
	b.get("/login?next=//evil.example/x").contains(t, `name="next" value="/"`)
	// Logging in again while logged in revokes the previous token.
	b.get("/login")
	b.post("/login", url.Values{"email": {"carl@acme.example"}, "password": {testPassword}}).must(t, http.StatusOK)
	if _, err := e.svc.Authenticate(context.Background(), second); err == nil {
		t.Errorf("the token of the previous login still works")
	}
}

// sessionToken returns the session cookie's value.
func (b *browser) sessionToken(t *testing.T) string {
	t.Helper()
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == sessionCookie {
			return c.Value
		}
	}
	t.Fatalf("no session cookie")
	return ""
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, options{})
	freelancer := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	client := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme")
	th := e.thread(client, freelancer, "")

	// Before login: the login form needs the pre-session cookie's token.
	b := e.browser()
	b.get("/login")
	b.post("/login", url.Values{"email": {"ana@example.com"}, "password": {testPassword}, "csrf": {""}}).must(t, http.StatusForbidden)
	b.post("/login", url.Values{"email": {"ana@example.com"}, "password": {testPassword}, "csrf": {strings.Repeat("0", 64)}}).must(t, http.StatusForbidden)
	fresh := e.browser() // no cookie at all: a cross-site form
	fresh.post("/login", url.Values{"email": {"ana@example.com"}, "password": {testPassword}, "csrf": {b.csrf}}).must(t, http.StatusForbidden)

	b.login("ana@example.com")
	for _, tc := range []struct{ path, csrf string }{
		{"/logout", ""},
		{"/logout", "deadbeef"},
		{"/threads/" + th.ID + "/messages", ""},
		{"/profile", csrfToken("csrf:", "someone else's token")},
	} {
		b.post(tc.path, url.Values{"csrf": {tc.csrf}, "text": {"hello"}, "title": {"x"}, "overview": {"y"}}).must(t, http.StatusForbidden).
			contains(t, "expired or was sent from another site")
	}
	// htmx requests carry the token in a header.
	saved := b.csrf
	b.csrf = ""
	b.htmx("/threads/"+th.ID+"/check", url.Values{"text": {"hi"}}).contains(t, "expired or was sent from another site")
	b.csrf = saved
	b.htmx("/threads/"+th.ID+"/check", url.Values{"text": {"hi"}}).must(t, http.StatusOK).lacks(t, "expired")
	ms, _ := e.svc.Messages(context.Background(), freelancer, th.ID, 10)
	if len(ms) != 0 {
		t.Errorf("a forged form sent %d messages", len(ms))
	}
}

func TestSearchShowsBadgeOnlyForEnterprise(t *testing.T) {
	e := newEnv(t, options{})
	erin := e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind Traders")
	e.enterprise(erin)
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ent := e.job(erin, "Senior Go engineer", "Design our ledger service in Go.")
	basic := e.job(carl, "Go developer for a CLI", "A small command line tool in Go.")

	p := e.browser().get("/jobs?q=go").must(t, http.StatusOK)
	tiles := elements(p.body, `<li class="job-tile`, `</li>`)
	if len(tiles) != 2 {
		t.Fatalf("GET /jobs?q=go: %d tiles, want 2\n%s", len(tiles), snippetOf(p.body))
	}
	badge := regexp.MustCompile(`<span class="badge-enterprise" role="img" aria-label="Enterprise client"[^>]*>.*?Enterprise</span>`)
	for _, tile := range tiles {
		switch {
		case strings.Contains(tile, ent.ID):
			if !badge.MatchString(tile) {
				t.Errorf("Enterprise tile has no accessible badge:\n%s", tile)
			}
		case strings.Contains(tile, basic.ID):
			if strings.Contains(tile, "badge-enterprise") {
				t.Errorf("Basic tile shows the Enterprise badge:\n%s", tile)
			}
		default:
			t.Errorf("unexpected tile:\n%s", tile)
		}
	}
	e.browser().get("/jobs?q=ledger").contains(t, ent.ID).lacks(t, basic.ID)

	// The job post page shows the same badge, and only for Enterprise.
	jp := e.browser().get("/jobs/"+ent.ID).must(t, http.StatusOK)
	if !badge.MatchString(jp.body) {
		t.Errorf("Enterprise job page has no accessible badge")
	}
	e.browser().get("/jobs/"+basic.ID).must(t, http.StatusOK).lacks(t, "badge-enterprise")
	e.browser().get("/jobs/job_nosuchjob").must(t, http.StatusNotFound)
}

func TestThreadHeader(t *testing.T) {
	e := newEnv(t, options{})
	erin := e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind Traders")
	e.enterprise(erin)
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ravi := e.signup("ravi@example.com", "Ravi Kumar", market.RoleFreelancer, "")
	entThread := e.thread(erin, ravi, "")
	basicThread := e.thread(carl, ravi, "")

	b := e.browser()
	b.login("ravi@example.com")
	b.get("/threads").must(t, http.StatusOK).contains(t, entThread.ID, basicThread.ID, "Erin Walsh", "Carl Diaz")
	p := b.get("/threads/"+entThread.ID).must(t, http.StatusOK)
	p.contains(t, `<h1 id="thread-title">Erin Walsh</h1>`, "Client at Northwind Traders", "badge-enterprise",
		"This client is on an Enterprise plan.", "both of you may share email addresses, phone numbers", "and arrange an interview or call outside the platform.",
		`id="contact-status" class="contact-status contact-allowed"`, "Enterprise conversations may exchange contact details in private.")
	bp := b.get("/threads/"+basicThread.ID).must(t, http.StatusOK).
		contains(t, "Carl Diaz", `contact-not-allowed`, "Contact details can&#39;t be shared before a contract starts.").
		lacks(t, "This client is on an Enterprise plan", "badge-enterprise")
	// The status says it once: the policy's reason, not a generic
	// sentence before it.
	status := bp.body[strings.Index(bp.body, `id="contact-status"`):]
	status = status[:strings.Index(status, "</p>")]
	if n := strings.Count(status, "shared"); n != 1 {
		t.Errorf("#contact-status says it %d times: %s", n, status)
	}

	// Another user's thread does not exist for them.
	mei := e.browser()
	e.signup("mei@example.com", "Mei Chen", market.RoleFreelancer, "")
	mei.login("mei@example.com")
	mei.get("/threads/"+entThread.ID).must(t, http.StatusNotFound)
}

func TestLiveCheckHighlightsAndLinksHelp(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")

	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/"+th.ID).contains(t, `id="check-result" class="check-region" aria-live="polite"`,
		`hx-post="/threads/`+th.ID+`/check"`, `hx-trigger="input changed delay:400ms"`)
	// A multi-byte prefix checks that byte offsets are honoured.
	p := b.htmx("/threads/"+th.ID+"/check", url.Values{"text": {"Olá Carl — write to ana.lima@gmail.com please"}}).must(t, http.StatusOK)
	p.contains(t,
		`Olá Carl — write to <mark class="finding" title="email address">ana.lima@gmail.com<span class="visually-hidden"> (found: email address)</span></mark> please`,
		"If you send this now, it will not be sent.",
		"Contact details can be shared once a", // the policy's notice
		`href="/help/enterprise"`,
	).lacks(t, "<html")

	// Nothing to say about a clean draft.
	b.htmx("/threads/"+th.ID+"/check", url.Values{"text": {"When can you start?"}}).must(t, http.StatusOK).lacks(t, "<mark", "check-block")

	// Public drafts are checked in their own channel.
	c := e.browser()
	c.login("carl@acme.example")
	c.get("/jobs/new")
	c.htmx("/check/job_post", url.Values{"title": {"Designer"}, "description": {"Call me on +1 415 555 0134"}}).must(t, http.StatusOK).
		contains(t, `<mark class="finding" title="phone number">&#43;1 415 555 0134`, "Description:", "A job post is public")
}

func TestBlockedSendKeepsDraft(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/" + th.ID)

	draft := "Sure! My email is ana.lima@gmail.com, write me there"
	p := b.post("/threads/"+th.ID+"/messages", url.Values{"text": {draft}}).must(t, http.StatusUnprocessableEntity)
	p.contains(t, `id="message-text"`, ">Sure! My email is ana.lima@gmail.com, write me there</textarea>",
		`<mark class="finding"`, "Not sent", `role="alert"`, `href="/help/enterprise"`)

	// htmx gets the box back, with the draft, as a swappable 200.
	h := b.htmx("/threads/"+th.ID+"/messages", url.Values{"text": {draft}}).must(t, http.StatusOK)
	h.contains(t, `<form id="composer"`, draft+"</textarea>", "Not sent").lacks(t, "<html")

	if ms, _ := e.svc.Messages(context.Background(), ana, th.ID, 10); len(ms) != 0 {
		t.Errorf("a blocked message was delivered: %+v", ms)
	}

	// An allowed message is delivered and the box comes back empty.
	h = b.htmx("/threads/"+th.ID+"/messages", url.Values{"text": {"When would you like to start?"}}).must(t, http.StatusOK)
	if h.header.Get("HX-Trigger") != "messages-changed" {
		t.Errorf("HX-Trigger = %q, want messages-changed", h.header.Get("HX-Trigger"))
	}
	h.contains(t, "></textarea>")
	b.get("/threads/"+th.ID+"/messages").must(t, http.StatusOK).contains(t, "When would you like to start?")
}

func TestEnterpriseSendDelivered(t *testing.T) {
	e := newEnv(t, options{})
	erin := e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind Traders")
	e.enterprise(erin)
	ravi := e.signup("ravi@example.com", "Ravi Kumar", market.RoleFreelancer, "")
	th := e.thread(erin, ravi, "")

	b := e.browser()
	b.login("ravi@example.com")
	b.get("/threads/" + th.ID)
	// No JavaScript: post, redirect, see the message.
	p := b.post("/threads/"+th.ID+"/messages", url.Values{"text": {"Great, my email is ravi.kumar@gmail.com"}}).must(t, http.StatusOK)
	p.contains(t, "Message sent.", "ravi.kumar@gmail.com")
	if p.url != "/threads/"+th.ID {
		t.Errorf("after sending: at %s, want the thread", p.url)
	}
	c := e.browser()
	c.login("erin@northwind.example")
	c.get("/threads/"+th.ID).contains(t, "Ravi Kumar", "ravi.kumar@gmail.com").lacks(t, `class="mask"`)
}

func TestRedactedMessageShowsMaskToBothSides(t *testing.T) {
	pol, err := policy.Load("redact.yaml", []byte(`version: 1
mask: "[contact details hidden]"
rules:
  - id: redact-contact
    when: {kind: [email, phone]}
    action: redact
    reason: Contact details are hidden before a contract.
`))
	if err != nil {
		t.Fatalf("policy.Load: %v", err)
	}
	e := newEnv(t, options{policy: pol})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/" + th.ID)
	b.post("/threads/"+th.ID+"/messages", url.Values{"text": {"mail ana.lima@gmail.com"}}).must(t, http.StatusOK).
		contains(t, "Sent, with the details below hidden", `<span class="mask">[contact details hidden]</span>`)
	c := e.browser()
	c.login("carl@acme.example")
	c.get("/threads/"+th.ID).contains(t, `mail <span class="mask">[contact details hidden]</span>`, "were hidden").lacks(t, "ana.lima@gmail.com")
}

func TestJobPostRefusedForEnterpriseKeepsInput(t *testing.T) {
	e := newEnv(t, options{})
	erin := e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind Traders")
	e.enterprise(erin)
	b := e.browser()
	b.login("erin@northwind.example")
	b.get("/jobs/new").must(t, http.StatusOK).contains(t, `id="job-form"`, `for="job-title-input"`, `for="job-description-input"`)

	desc := "Questions? Call me on +1 415 555 0134 <b>today</b>"
	p := b.post("/jobs", url.Values{"title": {"Data engineer"}, "description": {desc}, "budget": {"$80/hour"}}).must(t, http.StatusUnprocessableEntity)
	p.contains(t,
		`value="Data engineer"`, `value="$80/hour"`,
		">Questions? Call me on &#43;1 415 555 0134 &lt;b&gt;today&lt;/b&gt;</textarea>",
		`<mark class="finding" title="phone number">&#43;1 415 555 0134`,
		"Enterprise clients included", // the public notice
		"Not sent",
	)
	if tiles, _ := e.svc.SearchJobs(context.Background(), "", 10); len(tiles) != 0 {
		t.Errorf("a refused job was posted: %+v", tiles)
	}
	// A clean post is saved and shown.
	p = b.post("/jobs", url.Values{"title": {"Data engineer"}, "description": {"Build our pipelines."}}).must(t, http.StatusOK)
	p.contains(t, "Your job post is saved.", `<h1 id="job-title">Data engineer</h1>`, "badge-enterprise", `id="job-edit"`)
}

func TestProfileRefusedKeepsInput(t *testing.T) {
	e := newEnv(t, options{})
	e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/profile").must(t, http.StatusOK)
	p := b.post("/profile", url.Values{"title": {"Designer"}, "overview": {"Find me at ana.lima@gmail.com"}}).must(t, http.StatusUnprocessableEntity)
	p.contains(t, `value="Designer"`, `Find me at ana.lima@gmail.com</textarea>`, `<mark class="finding"`)
	b.post("/profile", url.Values{"title": {"Designer"}, "overview": {"Brand identities."}}).must(t, http.StatusOK).
		contains(t, "Your profile is saved.", "Brand identities.")
	e.browser().get("/freelancers?q=designer").must(t, http.StatusOK).contains(t, "Ana Lima", `class="freelancer-tile tile"`)
}

func TestModerationConsole(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	if _, err := e.svc.EnsureStaff(context.Background(), "mod@example.com", testPassword, "Morgan Reyes", market.RoleModerator); err != nil {
		t.Fatal(err)
	}
	// A disguised email before a contract: blocked, flagged, a strike.
	text := "write to ana dot lima at gmail dot com"
	if _, _, err := e.svc.SendMessage(context.Background(), ana, th.ID, text); market.ErrorCode(err) != market.Refused {
		t.Fatalf("SendMessage(disguised) = %v, want refused", err)
	}
	cases, err := e.svc.Cases(context.Background(), e.admin, market.CaseOpen, 10)
	if err != nil || len(cases) != 1 {
		t.Fatalf("Cases = %v, %v; want one", cases, err)
	}
	id := cases[0].ID

	// The user sees the strike, why, and when it expires, and appeals it.
	a := e.browser()
	a.login("ana@example.com")
	a.get("/account").must(t, http.StatusOK).contains(t, "Contact details disguised before a contract.", "strike-expires", `class="appeal-form`, "Notice")
	strikes, _ := e.svc.Strikes(context.Background(), ana)
	a.post("/account/appeals", url.Values{"strike": {strikes[0].ID}, "text": {"I was only spelling my name"}}).must(t, http.StatusOK).
		contains(t, "Your appeal was sent")
	a.post("/account/appeals", url.Values{"strike": {strikes[0].ID}, "text": {"again"}}).must(t, http.StatusConflict).
		contains(t, "already under appeal")
	a.get("/moderation").must(t, http.StatusForbidden)

	m := e.browser()
	m.login("mod@example.com")
	p := m.get("/moderation").must(t, http.StatusOK)
	p.contains(t, `<table id="cases"`, `data-case-id="`+id+`"`, "Ana Lima", "Appeal", "I was only spelling my name")
	p = m.get("/moderation/cases/"+id).must(t, http.StatusOK)
	p.contains(t, `id="case-text"`, `write to <mark class="finding" title="email address">ana dot lima at gmail dot com<span class="visually-hidden">`,
		"private-contact-disguised", "Contact details disguised before a contract.", `id="case-notice"`, `id="case-history"`, "Appeal, open",
		`id="resolve-form"`, `for="resolve-note"`)
	m.post("/moderation/cases/"+id+"/resolve", url.Values{"status": {"sideways"}}).must(t, http.StatusBadRequest)
	m.post("/moderation/cases/"+id+"/resolve", url.Values{"status": {"dismissed"}, "note": {"Spelling a name is fine"}}).must(t, http.StatusOK).
		contains(t, "Case dismissed.", `data-status="dismissed"`, "Spelling a name is fine").lacks(t, `id="resolve-form"`)
	m.get("/moderation?status=open").contains(t, "Appeal").lacks(t, `data-case-id="`+id+`"`)
	m.get("/moderation?status=dismissed").contains(t, `data-case-id="`+id+`"`)
	// Dismissing removed the strike.
	a.get("/account").contains(t, `id="no-strikes"`, "Good standing")
}

func TestHelpPageFromPolicyAndVotes(t *testing.T) {
	e := newEnv(t, options{})
	b := e.browser()
	p := b.get("/help/enterprise").must(t, http.StatusOK)
	p.contains(t, "<h1>Enterprise clients and contact information</h1>", `id="badge"`, "badge-enterprise",
		`id="enterprise-allowances"`, "in messages and proposals: share email addresses, phone numbers",
		"Public places (job posts, profiles and reviews)", "nobody, Enterprise clients included, may share email addresses",
		"Outside payment accounts", "never allowed", "Payments must go through the platform.",
		"prior_relationship", `id="strike-ladder"`, `href="/plans"`,
		"Was this article helpful?", "0 out of 0 found this helpful").lacks(t, "no-enterprise-difference")

	// A visitor votes, without JavaScript.
	b.post("/help/enterprise/vote", url.Values{"helpful": {"yes"}}).must(t, http.StatusOK).
		contains(t, "1 out of 1 found this helpful", "Thank you for your feedback.")
	// A member votes with htmx.
	e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	c := e.browser()
	c.login("ana@example.com")
	c.get("/help/enterprise")
	c.htmx("/help/enterprise/vote", url.Values{"helpful": {"no"}}).must(t, http.StatusOK).
		contains(t, `<section id="feedback"`, "1 out of 2 found this helpful").lacks(t, "<html")
	c.post("/help/enterprise/vote", url.Values{"helpful": {"maybe"}}).must(t, http.StatusBadRequest)
	if tally, _ := e.svc.HelpTally(context.Background(), "enterprise"); tally != (market.HelpTally{Helpful: 1, Total: 2}) {
		t.Errorf("HelpTally = %+v, want 1 of 2", tally)
	}
	e.browser().get("/plans").must(t, http.StatusOK).contains(t, "Ongoing support", "The Enterprise badge", "email addresses")
}

// A policy that does not exempt Enterprise clients makes the help page,
// the plans page and the thread header say so.
func TestHelpPageFollowsCustomPolicy(t *testing.T) {
	pol, err := policy.Load("strict.yaml", []byte(`version: 1
platform: Acme
rules:
  - id: payments
    when: {kind: [payment_account, payment_request]}
    action: block
    strike: true
    reason: Payments stay on Acme.
  - id: no-contact
    when:
      kind: [email, phone, handle, meeting_link, contact_request, meeting_request]
      contract: [none, offered]
    action: block
    reason: No contact details before a contract, for anyone.
`))
	if err != nil {
		t.Fatalf("policy.Load: %v", err)
	}
	e := newEnv(t, options{policy: pol})
	p := e.browser().get("/help/enterprise").must(t, http.StatusOK)
	p.contains(t, `id="no-enterprise-difference"`, "the Enterprise plan changes nothing about contact details", "Payments stay on Acme.",
		"conversations stay on Acme", `id="after-contract"`).
		lacks(t, `id="enterprise-allowances"`, "Enterprise conversations may exchange")
	e.browser().get("/plans").contains(t, "Communication follows the same rules as every other plan.")

	erin := e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind")
	e.enterprise(erin)
	ravi := e.signup("ravi@example.com", "Ravi Kumar", market.RoleFreelancer, "")
	th := e.thread(erin, ravi, "")
	b := e.browser()
	b.login("ravi@example.com")
	b.get("/threads/"+th.ID).contains(t, "This client is on an Enterprise plan.", "The usual rules on contact details apply", "contact-not-allowed").
		lacks(t, "both of you may use")
}

func TestMessagesAreEscaped(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl <b>Diaz</b>", market.RoleClient, "Acme")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	b := e.browser()
	b.login("ana@example.com")
	b.get("/threads/" + th.ID)
	b.post("/threads/"+th.ID+"/messages", url.Values{"text": {`<script>alert("x")</script> & <img src=x onerror=alert(1)>`}}).must(t, http.StatusOK)
	for _, path := range []string{"/threads/" + th.ID, "/threads/" + th.ID + "/messages", "/threads"} {
		p := b.get(path).must(t, http.StatusOK)
		p.lacks(t, `<script>alert`, `<img src=x`, "<b>Diaz</b>")
	}
	b.get("/threads/"+th.ID).contains(t, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;`, "Carl &lt;b&gt;Diaz&lt;/b&gt;")
	// A check of a hostile draft escapes it around the marks too.
	b.htmx("/threads/"+th.ID+"/check", url.Values{"text": {`<script>x</script> ana.lima@gmail.com`}}).
		contains(t, `&lt;script&gt;x&lt;/script&gt; <mark`).lacks(t, "<script>x")
}

func TestContractFlow(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	job := e.job(carl, "Logo refresh", "A new logo.")
	th := e.thread(carl, ana, job.ID)

	c := e.browser()
	c.login("carl@acme.example")
	c.get("/threads/"+th.ID).contains(t, `id="offer-form"`, `for="offer-starts-at"`)
	p := c.post("/threads/"+th.ID+"/contracts", url.Values{"starts_at": {""}}).must(t, http.StatusOK)
	p.contains(t, "Contract offered", `data-state="offered"`, "Once this contract starts").lacks(t, `id="accept-form"`)
	contractID := regexp.MustCompile(`/contracts/(ctr_[a-z2-7]+)`).FindStringSubmatch(p.url)
	if contractID == nil {
		t.Fatalf("offer led to %s, not a contract", p.url)
	}

	a := e.browser()
	a.login("ana@example.com")
	tp := a.get("/threads/"+th.ID).must(t, http.StatusOK)
	tp.contains(t, `<a href="/contracts/`+contractID[1]+`">`, "contact-not-allowed").lacks(t, `id="offer-form"`)
	a.get("/contracts/"+contractID[1]).contains(t, `id="accept-form"`)
	a.post("/contracts/"+contractID[1]+"/accept", url.Values{}).must(t, http.StatusOK).
		contains(t, "Contract accepted", `data-state="active"`, `id="contract-started"`, "Since this contract started", `id="end-form"`)
	tp = a.get("/threads/"+th.ID).must(t, http.StatusOK)
	tp.contains(t, `class="timeline-marker"`, "Contract started: from here on, contact details may be shared", `contact-allowed`,
		"Contact details may be shared here now, since", `id="thread-contracts"`)
	a.post("/threads/"+th.ID+"/messages", url.Values{"text": {"My email is ana.lima@gmail.com"}}).must(t, http.StatusOK).contains(t, "ana.lima@gmail.com")

	c.get("/contracts/" + contractID[1])
	c.post("/contracts/"+contractID[1]+"/end", url.Values{}).must(t, http.StatusOK).contains(t, `data-state="ended"`, `id="review-form"`)
	c.post("/contracts/"+contractID[1]+"/reviews", url.Values{"rating": {"5"}, "text": {"Great work, reach her at ana.lima@gmail.com"}}).
		must(t, http.StatusUnprocessableEntity).contains(t, "Great work, reach her at ana.lima@gmail.com</textarea>", `<mark class="finding"`)
	c.post("/contracts/"+contractID[1]+"/reviews", url.Values{"rating": {"5"}, "text": {"Great work."}}).must(t, http.StatusOK).
		contains(t, "your review is published")
	// A stranger cannot see it.
	e.signup("mei@example.com", "Mei Chen", market.RoleFreelancer, "")
	m := e.browser()
	m.login("mei@example.com")
	m.get("/contracts/"+contractID[1]).must(t, http.StatusNotFound)
}

func TestAdminSetsPlans(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	b := e.browser()
	b.login("admin@test.example")
	b.get("/admin/orgs").must(t, http.StatusOK).contains(t, "Acme Studio", `for="plan-`+carl.OrgID+`"`)
	b.post("/admin/orgs/"+carl.OrgID+"/plan", url.Values{"plan": {"enterprise"}}).must(t, http.StatusOK).contains(t, "Plan changed.", "badge-enterprise")
	org, _ := e.svc.Org(context.Background(), carl.OrgID)
	if org.Plan != market.Enterprise {
		t.Errorf("plan = %s, want enterprise", org.Plan)
	}
	c := e.browser()
	c.login("carl@acme.example")
	c.get("/admin/orgs").must(t, http.StatusForbidden)
	c.post("/admin/orgs/"+carl.OrgID+"/plan", url.Values{"plan": {"basic"}}).must(t, http.StatusForbidden)
}

func TestStaticFiles(t *testing.T) {
	e := newEnv(t, options{})
	home := e.browser().get("/").must(t, http.StatusOK)
	m := regexp.MustCompile(`src="(/static/htmx\.min\.js\?v=[0-9a-f]{16})"`).FindStringSubmatch(home.body)
	if m == nil {
		t.Fatalf("home page does not load a versioned htmx")
	}
	resp, err := http.Get(e.srv.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("GET %s: %d, Cache-Control %q, Content-Type %q", m[1], resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
	resp, _ = http.Get(e.srv.URL + "/static/htmx.min.js?v=old")
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("an old version's Cache-Control = %q, want no-cache", cc)
	}
	resp, _ = http.Get(e.srv.URL + "/static/nope.js")
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /static/nope.js: %d, want 404", resp.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
		if home.header.Get(h) == "" {
			t.Errorf("pages lack %s", h)
		}
	}
}

func TestNewRejectsABadTemplate(t *testing.T) {
	e := newEnv(t, options{})
	good := fstest.MapFS{}
	for _, name := range []string{"layout.html", "partials.html"} {
		data, err := templateFiles.ReadFile("templates/" + name)
		if err != nil {
			t.Fatal(err)
		}
		good["templates/"+name] = &fstest.MapFile{Data: data}
	}
	bad := fstest.MapFS{"templates/broken.html": {Data: []byte(`{{define "content"}}{{if .X}}{{end}}`)}}
	for k, v := range good {
		bad[k] = v
	}
	if _, err := newUI(e.svc, nil, bad); err == nil || !strings.Contains(err.Error(), "broken.html") {
		t.Errorf("newUI(broken template) = %v, want an error naming it", err)
	}
	if _, err := New(nil, nil); err == nil {
		t.Errorf("New(nil) succeeded")
	}
}

// A page struct's own field named like one of Base's would hide it from
// the layout (a job form's Title once became the page's <title>).
func TestPagesDoNotShadowBase(t *testing.T) {
	base := map[string]bool{}
	bt := reflect.TypeOf(Base{})
	for i := range bt.NumField() {
		base[bt.Field(i).Name] = true
	}
	for _, page := range []any{HomePage{}, SignupPage{}, LoginPage{}, ErrorPage{}, JobsPage{}, JobPage{}, JobFormPage{},
		FreelancersPage{}, FreelancerPage{}, ProfileFormPage{}, ThreadsPage{}, ThreadPage{}, ContractPage{}, AccountPage{},
		CasesPage{}, CasePage{}, OrgsPage{}, HelpPage{}, PlansPage{}} {
		pt := reflect.TypeOf(page)
		for i := range pt.NumField() {
			if f := pt.Field(i); !f.Anonymous && base[f.Name] {
				t.Errorf("%s.%s hides Base.%s", pt.Name(), f.Name, f.Name)
			}
		}
	}
}

func TestHighlight(t *testing.T) {
	text := "é ana@x.io + 555"
	got := highlight(text, []detect.Finding{
		{Kind: detect.Email, Start: 3, End: 11},  // "ana@x.io" after a two-byte é and a space
		{Kind: detect.Phone, Start: 9, End: 11},  // overlaps: merged
		{Kind: detect.Phone, Start: 1, End: 2},   // inside é: ignored
		{Kind: detect.Phone, Start: 15, End: 99}, // outside the text: ignored
		{Kind: detect.Phone, Start: 14, End: 17}, // "555"
	})
	want := []Segment{
		{Text: "é "},
		{Text: "ana@x.io", Mark: true, Kinds: "email address, phone number"},
		{Text: " + "},
		{Text: "555", Mark: true, Kinds: "phone number"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("highlight mismatch (-want +got):\n%s", diff)
	}
	got = delivered("a [contact details hidden] b /contracts/ctr_abc2 c", []string{"[contact details hidden]"})
	want = []Segment{{Text: "a "}, {Text: "[contact details hidden]", Mask: true}, {Text: " b "}, {Text: "/contracts/ctr_abc2", Link: "/contracts/ctr_abc2"}, {Text: " c"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delivered mismatch (-want +got):\n%s", diff)
	}
}
