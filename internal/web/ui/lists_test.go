package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// TestThreadListsContracts checks that a thread lists its parties'
// contracts from the Service, offered from the page or not, without
// posting anything in the conversation.
func TestThreadListsContracts(t *testing.T) {
	e := newEnv(t, options{})
	ctx := context.Background()
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	mei := e.signup("mei@example.com", "Mei Chen", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	other := e.thread(carl, mei, "")

	c := e.browser()
	c.login("carl@acme.example")
	p := c.post("/threads/"+th.ID+"/contracts", url.Values{"starts_at": {""}}).must(t, http.StatusOK)
	id := regexp.MustCompile(`/contracts/(ctr_[a-z2-7]+)`).FindStringSubmatch(p.url)
	if id == nil {
		t.Fatalf("offer led to %s, not a contract", p.url)
	}
	if ms, _ := e.svc.Messages(ctx, carl, th.ID, 0); len(ms) != 0 {
		t.Errorf("offering posted %d messages in the thread, want none: %+v", len(ms), ms)
	}
	// A contract made elsewhere (the API) is listed too.
	api, err := e.svc.OfferContract(ctx, carl, ana.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}

	a := e.browser()
	a.login("ana@example.com")
	tp := a.get("/threads/"+th.ID).must(t, http.StatusOK)
	items := elements(tp.body, `<li class="contract-item"`, "</li>")
	if len(items) != 2 || !strings.Contains(items[0], api.ID) || !strings.Contains(items[1], id[1]) {
		t.Fatalf("thread contracts = %q, want the two offers, newest first", items)
	}
	tp.contains(t, `<a href="/contracts/`+id[1]+`">`, `data-state="offered"`).lacks(t, "timeline-marker", "I have offered you a contract")

	// Accepted: the thread marks the start, at the acceptance.
	accepted, err := e.svc.AcceptContract(ctx, ana, id[1])
	if err != nil {
		t.Fatal(err)
	}
	tp = a.get("/threads/"+th.ID).must(t, http.StatusOK)
	tp.contains(t, `id="marker-`+id[1]+`-start"`, `<time datetime="`+accepted.AcceptedAt.Format("2006-01-02T15:04:05Z07:00"), `data-state="active"`)
	// The fragment htmx reloads carries the marker too.
	a.get("/threads/"+th.ID+"/messages").must(t, http.StatusOK).contains(t, `id="marker-`+id[1]+`-start"`)

	// Another freelancer's thread with the same client has none of them.
	c.get("/threads/"+other.ID).must(t, http.StatusOK).lacks(t, "contract-item", id[1], api.ID)
}

// TestJobPageShowsProposalsToItsClient checks that the job's client, and
// only they, see its proposals.
func TestJobPageShowsProposalsToItsClient(t *testing.T) {
	e := newEnv(t, options{})
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	e.signup("erin@northwind.example", "Erin Walsh", market.RoleClient, "Northwind Traders")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	job := e.job(carl, "Logo refresh", "A new logo.")

	c := e.browser()
	c.login("carl@acme.example")
	c.get("/jobs/"+job.ID).must(t, http.StatusOK).contains(t, `id="job-proposals"`, `id="no-proposals"`)
	if _, _, err := e.svc.SubmitProposal(context.Background(), ana, job.ID, "I design <b>logos</b>."); err != nil {
		t.Fatal(err)
	}
	c.get("/jobs/"+job.ID).must(t, http.StatusOK).
		contains(t, `class="proposal-item tile"`, `<a href="/freelancers/`+ana.ID+`">Ana Lima</a>`, "I design &lt;b&gt;logos&lt;/b&gt;.", "Message Ana Lima").
		lacks(t, `id="no-proposals"`)

	for _, who := range []string{"erin@northwind.example", "ana@example.com", ""} {
		b := e.browser()
		if who != "" {
			b.login(who)
		}
		b.get("/jobs/"+job.ID).must(t, http.StatusOK).lacks(t, `id="job-proposals"`, "I design")
	}
}

// TestProfileShowsReviews checks that a freelancer's public profile shows
// the reviews of them.
func TestProfileShowsReviews(t *testing.T) {
	e := newEnv(t, options{})
	ctx := context.Background()
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	if _, _, err := e.svc.PutProfile(ctx, ana, market.ProfileInput{Title: "Designer", Overview: "Logos."}); err != nil {
		t.Fatal(err)
	}
	v := e.browser()
	v.get("/freelancers/"+ana.ID).must(t, http.StatusOK).contains(t, `id="reviews"`, `id="no-reviews"`)
	c, _ := e.svc.OfferContract(ctx, carl, ana.ID, "", nil)
	if _, err := e.svc.AcceptContract(ctx, ana, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.EndContract(ctx, carl, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.WriteReview(ctx, carl, c.ID, 4, "Quick and careful."); err != nil {
		t.Fatal(err)
	}
	v.get("/freelancers/"+ana.ID).must(t, http.StatusOK).
		contains(t, `class="review-item tile"`, "Quick and careful.", "4 out of 5", "★★★★☆", "Carl Diaz").lacks(t, `id="no-reviews"`)
}

// TestAccountShowsAppeals checks that each strike says whether it is
// under appeal, and that decided appeals keep their outcome and note,
// even when the flag case was closed before the appeal.
func TestAccountShowsAppeals(t *testing.T) {
	e := newEnv(t, options{})
	ctx := context.Background()
	carl := e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	ana := e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	th := e.thread(carl, ana, "")
	for _, text := range []string{"pay me on paypal.me/analima", "write to ana dot lima at gmail dot com"} {
		if _, _, err := e.svc.SendMessage(ctx, ana, th.ID, text); market.ErrorCode(err) != market.Refused {
			t.Fatalf("SendMessage(%q) = %v, want refused", text, err)
		}
	}
	flags, _ := e.svc.Cases(ctx, e.admin, market.CaseOpen, 0)
	for _, f := range flags {
		if _, err := e.svc.ResolveCase(ctx, e.admin, f.ID, market.CaseUpheld, ""); err != nil {
			t.Fatal(err)
		}
	}
	strikes, _ := e.svc.Strikes(ctx, ana)
	if len(strikes) != 2 {
		t.Fatalf("%d strikes, want 2", len(strikes))
	}
	a := e.browser()
	a.login("ana@example.com")
	for _, s := range strikes {
		a.post("/account/appeals", url.Values{"strike": {s.ID}, "text": {"Appeal of " + s.Rule}}).must(t, http.StatusOK)
	}
	p := a.get("/account").must(t, http.StatusOK)
	p.contains(t, `data-appeal-status="open"`, "Under appeal").lacks(t, `class="appeal-form`, `id="appeals"`)

	// The moderator sees the original text of each appeal though the flag
	// cases were closed first.
	appeals, _ := e.svc.Cases(ctx, e.admin, market.CaseOpen, 0)
	if len(appeals) != 2 {
		t.Fatalf("%d open appeals, want 2", len(appeals))
	}
	m := e.browser()
	if _, err := e.svc.EnsureStaff(ctx, "mod@example.com", testPassword, "Morgan Reyes", market.RoleModerator); err != nil {
		t.Fatal(err)
	}
	m.login("mod@example.com")
	m.get("/moderation/cases/"+appeals[0].ID).must(t, http.StatusOK).
		contains(t, `<mark class="finding"`, "paypal.me/analima", "Payments must go through the platform.").
		lacks(t, "no longer attached")

	if _, err := e.svc.ResolveCase(ctx, e.admin, appeals[0].ID, market.CaseUpheld, "Payment outside the platform."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ResolveCase(ctx, e.admin, appeals[1].ID, market.CaseDismissed, "Spelling a name is fine."); err != nil {
		t.Fatal(err)
	}
	p = a.get("/account").must(t, http.StatusOK)
	p.contains(t, `data-appeal-status="upheld"`, "the strike stands", "Payment outside the platform.",
		`id="appeals"`, "the strike was removed", "Spelling a name is fine.", "Appeal of "+strikes[1].Rule).
		lacks(t, "Under appeal")
	if n := len(elements(p.body, `<li class="strike tile"`, "</li>")); n != 1 {
		t.Errorf("%d strikes listed, want the one upheld", n)
	}
}

// TestRefusedFieldMarked checks that a refused form marks the field the
// Service names, and only that one.
func TestRefusedFieldMarked(t *testing.T) {
	e := newEnv(t, options{})
	e.signup("carl@acme.example", "Carl Diaz", market.RoleClient, "Acme Studio")
	e.signup("ana@example.com", "Ana Lima", market.RoleFreelancer, "")
	c := e.browser()
	c.login("carl@acme.example")
	p := c.post("/jobs", url.Values{"title": {"Call +1 415 555 0134"}, "description": {"A logo."}}).must(t, http.StatusUnprocessableEntity)
	if got := elements(p.body, "<input", ">"); !strings.Contains(strings.Join(got, "\n"), `id="job-title-input" name="title" required maxlength="200" value="Call &#43;1 415 555 0134" aria-describedby="job-check" aria-invalid="true"`) {
		t.Errorf("the title is not marked invalid: %q", got)
	}
	p.contains(t, `<span class="check-label">Title:</span> Call <mark class="finding"`).lacks(t, `Description:</span>`)
	if strings.Count(p.body, `aria-invalid="true"`) != 1 {
		t.Errorf("%d fields marked invalid, want 1", strings.Count(p.body, `aria-invalid="true"`))
	}
	p = c.post("/jobs", url.Values{"title": {"Logo"}, "description": {"Call me on +1 415 555 0134"}}).must(t, http.StatusUnprocessableEntity)
	p.contains(t, `aria-describedby="job-check" aria-invalid="true">Call me on`, `<span class="check-label">Description:</span>`)
	if strings.Count(p.body, `aria-invalid="true"`) != 1 {
		t.Errorf("%d fields marked invalid, want 1", strings.Count(p.body, `aria-invalid="true"`))
	}

	a := e.browser()
	a.login("ana@example.com")
	p = a.post("/profile", url.Values{"title": {"Designer"}, "overview": {"Find me at ana.lima@gmail.com"}}).must(t, http.StatusUnprocessableEntity)
	p.contains(t, `aria-describedby="profile-check" aria-invalid="true">Find me at`, `<span class="check-label">Overview:</span>`)
	if strings.Count(p.body, `aria-invalid="true"`) != 1 {
		t.Errorf("%d fields marked invalid, want 1", strings.Count(p.body, `aria-invalid="true"`))
	}
}
