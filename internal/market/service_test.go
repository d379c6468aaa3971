package market_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/sqlite"
	"github.com/chaperone-dev/chaperone/policy"
)

// clock is a settable clock for the service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is a marketplace on a real SQLite file with a client of each plan
// and two freelancers.
type world struct {
	svc                  *market.Service
	store                market.Store
	clock                *clock
	admin, ent, basic    *market.User
	ana, ravi            *market.User
	ctx                  context.Context
	entThread, basThread *market.Thread
}

func newWorld(t *testing.T, pol *policy.Policy) *world {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "market.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	det, err := detect.New(detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pol == nil {
		pol = policy.Default()
	}
	w := &world{clock: &clock{now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}, ctx: context.Background()}
	w.store = db
	w.svc = market.NewService(market.Config{Store: db, Detector: det, Policy: pol, Now: w.clock.Now, PasswordCost: bcrypt.MinCost})
	must := func(u *market.User, _ string, err error) *market.User {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.admin, err = w.svc.EnsureStaff(w.ctx, "admin@x.test", "admin-password", "Admin", market.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	w.ent = must(w.svc.Signup(w.ctx, market.SignupInput{Email: "erin@ent.test", Password: "password1", Name: "Erin", Role: market.RoleClient, Org: "Northwind"}))
	w.basic = must(w.svc.Signup(w.ctx, market.SignupInput{Email: "carl@basic.test", Password: "password1", Name: "Carl", Role: market.RoleClient, Org: "Acme"}))
	w.ana = must(w.svc.Signup(w.ctx, market.SignupInput{Email: "ana@f.test", Password: "password1", Name: "Ana", Role: market.RoleFreelancer}))
	w.ravi = must(w.svc.Signup(w.ctx, market.SignupInput{Email: "ravi@f.test", Password: "password1", Name: "Ravi", Role: market.RoleFreelancer}))
	if _, err := w.svc.SetPlan(w.ctx, w.admin, w.ent.OrgID, market.Enterprise); err != nil {
		t.Fatal(err)
	}
	if w.entThread, err = w.svc.OpenThread(w.ctx, w.ana, w.ent.ID, ""); err != nil {
		t.Fatal(err)
	}
	if w.basThread, err = w.svc.OpenThread(w.ctx, w.basic, w.ana.ID, ""); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) send(t *testing.T, u *market.User, th *market.Thread, text string) (policy.Action, error) {
	t.Helper()
	_, d, err := w.svc.SendMessage(w.ctx, u, th.ID, text)
	if d == nil {
		return "", err
	}
	return d.Action, err
}

func TestEnterpriseBothWays(t *testing.T) {
	w := newWorld(t, nil)
	for _, u := range []*market.User{w.ana, w.ent} {
		if a, err := w.send(t, u, w.entThread, "my email is someone@example.org"); err != nil || a != policy.Allow {
			t.Errorf("%s in an Enterprise thread: %s, %v; want allow", u.Name, a, err)
		}
	}
	for _, u := range []*market.User{w.ana, w.basic} {
		a, err := w.send(t, u, w.basThread, "my email is someone@example.org")
		if market.ErrorCode(err) != market.Refused || a != policy.Block {
			t.Errorf("%s in a basic thread: %s, %v; want refused", u.Name, a, err)
		}
	}
	ms, err := w.svc.Messages(w.ctx, w.ana, w.basThread.ID, 0)
	if err != nil || len(ms) != 0 {
		t.Errorf("refused messages were stored: %v, %v", ms, err)
	}
}

// TestContractStartDate checks that a contract starts at its start date
// even when not accepted, and that the contract then opens contact.
func TestContractStartDate(t *testing.T) {
	w := newWorld(t, nil)
	start := w.clock.Now().Add(48 * time.Hour)
	c, err := w.svc.OfferContract(w.ctx, w.basic, w.ana.ID, "", &start)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.send(t, w.ana, w.basThread, "call me on +44 7911 123456"); market.ErrorCode(err) != market.Refused {
		t.Errorf("offered contract: %v, want refused", err)
	}
	w.clock.Add(49 * time.Hour)
	got, err := w.svc.Contract(w.ctx, w.ana, c.ID)
	if err != nil || got.State != market.ContractActive {
		t.Fatalf("after the start date: %+v, %v; want active", got, err)
	}
	if a, err := w.send(t, w.ana, w.basThread, "call me on +44 7911 123456"); err != nil || a != policy.Allow {
		t.Errorf("started contract: %s, %v; want allow", a, err)
	}
	if _, err := w.svc.AcceptContract(w.ctx, w.ana, c.ID); market.ErrorCode(err) != market.Conflict {
		t.Errorf("accepting a started contract: %v, want conflict", err)
	}
	if _, err := w.svc.EndContract(w.ctx, w.basic, c.ID); err != nil {
		t.Fatal(err)
	}
	if a, err := w.send(t, w.ana, w.basThread, "pay me via paypal.me/ana"); market.ErrorCode(err) != market.Refused || a != policy.Block {
		t.Errorf("payment after a contract: %s, %v; want refused", a, err)
	}
}

// TestSplitNumber checks that the messages before a new one are read with
// it: a number given over three messages is refused on the third.
func TestSplitNumber(t *testing.T) {
	w := newWorld(t, nil)
	for i, m := range []string{"ok here is my number", "+1 (312) 555", "0148"} {
		a, err := w.send(t, w.ana, w.basThread, m)
		want := []policy.Action{policy.Warn, policy.Allow, policy.Block}[i] // "my number" asks
		if a != want {
			t.Errorf("message %d %q: %s, %v; want %s", i, m, a, err, want)
		}
	}
}

func TestEditRefusedKeepsMessage(t *testing.T) {
	w := newWorld(t, nil)
	m, _, err := w.svc.SendMessage(w.ctx, w.ana, w.basThread.ID, "Hello Carl, happy to help.")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.svc.EditMessage(w.ctx, w.ana, m.ID, "Hello Carl, mail me: ana dot lima at gmail dot com"); market.ErrorCode(err) != market.Refused {
		t.Fatalf("edit with a disguised email: %v, want refused", err)
	}
	ms, _ := w.svc.Messages(w.ctx, w.basic, w.basThread.ID, 0)
	if len(ms) != 1 || ms[0].Text != "Hello Carl, happy to help." {
		t.Errorf("after a refused edit: %+v", ms)
	}
	if _, _, err := w.svc.EditMessage(w.ctx, w.basic, m.ID, "x"); market.ErrorCode(err) != market.NotFound {
		t.Errorf("editing another's message: %v, want not found", err)
	}
	cases, _ := w.svc.Cases(w.ctx, w.admin, market.CaseOpen, 0)
	if len(cases) != 1 || cases[0].UserID != w.ana.ID || !strings.Contains(cases[0].Text, "ana dot lima") {
		t.Errorf("cases after a disguised email: %+v", cases)
	}
}

// TestStrikeLadder checks the default ladder: three strikes restrict to
// conversations with a started contract for a week, four suspend, and a
// dismissed case takes its strike back.
func TestStrikeLadder(t *testing.T) {
	w := newWorld(t, nil)
	c, _ := w.svc.OfferContract(w.ctx, w.ent, w.ana.ID, "", nil)
	if _, err := w.svc.AcceptContract(w.ctx, w.ana, c.ID); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := w.send(t, w.ana, w.basThread, "pay me on paypal.me/analima instead"); market.ErrorCode(err) != market.Refused {
			t.Fatalf("payment %d: %v", i, err)
		}
		w.clock.Add(time.Hour)
	}
	st, _ := w.svc.Standing(w.ctx, w.ana)
	if st.Level != policy.Restricted || st.Strikes != 3 {
		t.Fatalf("after 3 strikes: %+v", st)
	}
	if _, err := w.send(t, w.ana, w.basThread, "Thanks, talk soon."); market.ErrorCode(err) != market.Forbidden {
		t.Errorf("restricted, no contract: %v, want forbidden", err)
	}
	if a, err := w.send(t, w.ana, w.entThread, "Thanks, talk soon."); err != nil || a != policy.Allow {
		t.Errorf("restricted, started contract: %s, %v; want allowed", a, err)
	}
	w.clock.Add(8 * 24 * time.Hour)
	if a, err := w.send(t, w.ana, w.basThread, "Back after a week."); err != nil || a != policy.Allow {
		t.Errorf("a week later: %s, %v; want allowed", a, err)
	}
	if _, err := w.send(t, w.ana, w.entThread, "pay me on paypal.me/analima"); market.ErrorCode(err) != market.Refused {
		t.Fatal(err)
	}
	if _, err := w.send(t, w.ana, w.entThread, "hello?"); market.ErrorCode(err) != market.Forbidden {
		t.Errorf("four strikes: %v, want suspended", err)
	}
	// A moderator dismisses one case: its strike goes, and with it the
	// suspension.
	cases, _ := w.svc.Cases(w.ctx, w.admin, market.CaseOpen, 0)
	if len(cases) != 4 {
		t.Fatalf("%d open cases, want 4", len(cases))
	}
	if _, err := w.svc.ResolveCase(w.ctx, w.basic, cases[0].ID, market.CaseDismissed, ""); market.ErrorCode(err) != market.Forbidden {
		t.Errorf("a client resolving: %v, want forbidden", err)
	}
	if _, err := w.svc.ResolveCase(w.ctx, w.admin, cases[0].ID, market.CaseDismissed, "a quote, not a request"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ResolveCase(w.ctx, w.admin, cases[0].ID, market.CaseUpheld, ""); market.ErrorCode(err) != market.Conflict {
		t.Errorf("resolving twice: %v, want conflict", err)
	}
	if st, _ := w.svc.Standing(w.ctx, w.ana); st.Strikes != 3 || st.Level == policy.Suspended {
		t.Errorf("after a dismissal: %+v", st)
	}
	// An appeal of another strike joins the queue, once.
	strikes, _ := w.svc.Strikes(w.ctx, w.ana)
	ap, err := w.svc.Appeal(w.ctx, w.ana, strikes[0].ID, "It was a joke between us.")
	if err != nil || ap.Kind != market.CaseAppeal || ap.Status != market.CaseOpen {
		t.Fatalf("appeal: %+v, %v", ap, err)
	}
	if _, err := w.svc.Appeal(w.ctx, w.ana, strikes[0].ID, "again"); market.ErrorCode(err) != market.Conflict {
		t.Errorf("second appeal: %v, want conflict", err)
	}
	if _, err := w.svc.Appeal(w.ctx, w.ravi, strikes[0].ID, "not mine"); market.ErrorCode(err) != market.NotFound {
		t.Errorf("appeal of another's strike: %v, want not found", err)
	}
}

// TestCheckHasNoSideEffects checks that the pre-send check stores nothing.
func TestCheckHasNoSideEffects(t *testing.T) {
	w := newWorld(t, nil)
	d, err := w.svc.Check(w.ctx, w.ana, market.CheckInput{ThreadID: w.basThread.ID, Text: "pay me at paypal.me/ana"})
	if err != nil || d.Action != policy.Block || !d.Flag {
		t.Fatalf("Check = %+v, %v", d, err)
	}
	cases, _ := w.svc.Cases(w.ctx, w.admin, "", 0)
	strikes, _ := w.svc.Strikes(w.ctx, w.ana)
	if len(cases) != 0 || len(strikes) != 0 {
		t.Errorf("Check left %d cases and %d strikes", len(cases), len(strikes))
	}
	if _, err := w.svc.Check(w.ctx, w.ravi, market.CheckInput{ThreadID: w.basThread.ID, Text: "hi"}); market.ErrorCode(err) != market.NotFound {
		t.Errorf("Check in another's thread: %v, want not found", err)
	}
	d, err = w.svc.Check(w.ctx, w.ent, market.CheckInput{Channel: policy.JobPost, Text: "mail jobs@northwind-traders.com"})
	if err != nil || d.Action != policy.Block {
		t.Errorf("Check of an Enterprise job post: %+v, %v", d, err)
	}
}

// TestCheckReadsTheThread checks that the pre-send check of a message
// judges it as a send would: with the thread's organisation's plan and the
// earlier messages of the thread, in which a number split over messages
// is found.
func TestCheckReadsTheThread(t *testing.T) {
	w := newWorld(t, nil)
	d, err := w.svc.Check(w.ctx, w.ana, market.CheckInput{ThreadID: w.entThread.ID, Text: "my email is someone@example.org"})
	if err != nil || d.Action != policy.Allow {
		t.Errorf("Check in an Enterprise thread = %+v, %v; want allow", d, err)
	}
	for _, part := range []string{"my number is 917", "555"} {
		if _, err := w.send(t, w.ana, w.basThread, part); err != nil {
			t.Fatalf("send %q: %v", part, err)
		}
	}
	check := func(u *market.User) *policy.Decision {
		d, err := w.svc.Check(w.ctx, u, market.CheckInput{ThreadID: w.basThread.ID, Text: "0198"})
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		return d
	}
	d = check(w.ana)
	found := false
	for _, f := range d.Findings {
		found = found || f.Kind == detect.Phone
	}
	if !found || d.Action == policy.Allow {
		t.Errorf("Check of the last part of a split number = %+v; want the phone found and not allowed", d)
	}
	if _, d2, err := w.svc.SendMessage(w.ctx, w.ana, w.basThread.ID, "0198"); d2 == nil || d2.Action != d.Action {
		t.Errorf("send after Check = %+v, %v; want the Check's action %s", d2, err, d.Action)
	}
}

// TestRedactPolicy checks that a redact decision delivers the masked text.
func TestRedactPolicy(t *testing.T) {
	pol, err := policy.Load("redact.yaml", []byte(`version: 1
rules:
  - id: mask-contact
    when: {channel: message, kind: [email, phone]}
    action: redact
    reason: Contact details are masked.
`))
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, pol)
	m, d, err := w.svc.SendMessage(w.ctx, w.ana, w.basThread.ID, "write to ana@example.org please")
	if err != nil || d.Action != policy.Redact || m.Text != "write to [contact details hidden] please" {
		t.Errorf("redact: %+v %+v %v", m, d, err)
	}
}

func TestPublicTexts(t *testing.T) {
	w := newWorld(t, nil)
	if _, _, err := w.svc.CreateJob(w.ctx, w.ent, market.JobInput{Title: "Go developer", Description: "Apply at jobs@northwind-traders.com"}); market.ErrorCode(err) != market.Refused {
		t.Errorf("Enterprise job post with an email: %v, want refused", err)
	}
	job, _, err := w.svc.CreateJob(w.ctx, w.ent, market.JobInput{Title: "Go developer", Description: "Payments API in Go."})
	if err != nil {
		t.Fatal(err)
	}
	tiles, err := w.svc.SearchJobs(w.ctx, "go payments", 0)
	if err != nil || len(tiles) != 1 || tiles[0].ID != job.ID || !tiles[0].Client.Enterprise {
		t.Errorf("search: %+v, %v", tiles, err)
	}
	if _, _, err := w.svc.PutProfile(w.ctx, w.ana, market.ProfileInput{Title: "Designer", Overview: "WhatsApp me: +55 11 98765-4321"}); market.ErrorCode(err) != market.Refused {
		t.Errorf("profile with a phone: %v, want refused", err)
	}
	if _, _, err := w.svc.UpdateJob(w.ctx, w.basic, job.ID, market.JobInput{Title: "x", Description: "y"}); market.ErrorCode(err) != market.NotFound {
		t.Errorf("editing another org's job: %v, want not found", err)
	}
	if _, err := w.svc.SetPlan(w.ctx, w.ana, w.basic.OrgID, market.Enterprise); market.ErrorCode(err) != market.Forbidden {
		t.Errorf("a freelancer changing a plan: %v, want forbidden", err)
	}
}

func TestSignupAndLogin(t *testing.T) {
	w := newWorld(t, nil)
	bad := []market.SignupInput{
		{Email: "not-an-email", Password: "password1", Name: "X", Role: market.RoleFreelancer},
		{Email: "x@y.test", Password: "short", Name: "X", Role: market.RoleFreelancer},
		{Email: "x@y.test", Password: "password1", Name: "", Role: market.RoleFreelancer},
		{Email: "x@y.test", Password: "password1", Name: "X", Role: market.RoleAdmin},
		{Email: "x@y.test", Password: "password1", Name: "X", Role: market.RoleClient},
		{Email: "x@y.test", Password: "password1", Name: "X\xff", Role: market.RoleFreelancer},
	}
	for _, in := range bad {
		if _, _, err := w.svc.Signup(w.ctx, in); market.ErrorCode(err) != market.Invalid {
			t.Errorf("Signup(%+v): %v, want invalid", in, err)
		}
	}
	if _, _, err := w.svc.Signup(w.ctx, market.SignupInput{Email: "ANA@f.test", Password: "password1", Name: "A", Role: market.RoleFreelancer}); market.ErrorCode(err) != market.Conflict {
		t.Errorf("duplicate email: %v, want conflict", err)
	}
	if _, _, err := w.svc.Login(w.ctx, "ana@f.test", "wrong-password"); market.ErrorCode(err) != market.Unauthorized {
		t.Errorf("wrong password: %v", err)
	}
	tok, _, err := w.svc.Login(w.ctx, "Ana@F.test", "password1")
	if err != nil {
		t.Fatal(err)
	}
	if u, err := w.svc.Authenticate(w.ctx, tok); err != nil || u.ID != w.ana.ID {
		t.Errorf("Authenticate: %+v, %v", u, err)
	}
	if err := w.svc.Logout(w.ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Authenticate(w.ctx, tok); market.ErrorCode(err) != market.Unauthorized {
		t.Errorf("revoked token: %v, want unauthorized", err)
	}
}

// TestSeed checks that the demo data goes in once, through the policy.
func TestSeed(t *testing.T) {
	w := newWorld(t, nil)
	logins, err := w.svc.Seed(w.ctx, w.admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) < 6 {
		t.Errorf("Seed made %d accounts", len(logins))
	}
	again, err := w.svc.Seed(w.ctx, w.admin)
	if err != nil || len(again) != 0 {
		t.Errorf("second Seed: %v, %v; want nothing", again, err)
	}
	tiles, _ := w.svc.SearchJobs(w.ctx, "", 0)
	ent := 0
	for _, tl := range tiles {
		if tl.Client.Enterprise {
			ent++
		}
	}
	if len(tiles) != 3 || ent != 1 {
		t.Errorf("demo jobs: %d, %d with the badge", len(tiles), ent)
	}
	cases, _ := w.svc.Cases(w.ctx, w.admin, market.CaseOpen, 0)
	if len(cases) == 0 {
		t.Errorf("demo left no case for the moderators")
	}
}

func TestBrowse(t *testing.T) {
	w := newWorld(t, nil)
	if _, err := w.svc.Orgs(w.ctx, w.basic); market.ErrorCode(err) != market.Forbidden {
		t.Errorf("Orgs by a client: %v", err)
	}
	orgs, err := w.svc.Orgs(w.ctx, w.admin)
	if err != nil || len(orgs) != 2 {
		t.Errorf("Orgs: %+v, %v", orgs, err)
	}
	if _, _, err := w.svc.PutProfile(w.ctx, w.ana, market.ProfileInput{Title: "Brand designer", Overview: "Logos and design systems."}); err != nil {
		t.Fatal(err)
	}
	ps, err := w.svc.SearchFreelancers(w.ctx, "logos", 0)
	if err != nil || len(ps) != 1 || ps[0].UserID != w.ana.ID {
		t.Errorf("SearchFreelancers: %+v, %v", ps, err)
	}
	for _, h := range []bool{true, true, false} {
		if _, err := w.svc.VoteHelpful(w.ctx, nil, "enterprise", h); err != nil {
			t.Fatal(err)
		}
	}
	tally, err := w.svc.VoteHelpful(w.ctx, w.ana, "enterprise", true)
	if err != nil || tally != (market.HelpTally{Helpful: 3, Total: 4}) {
		t.Errorf("VoteHelpful: %+v, %v", tally, err)
	}
	if _, err := w.svc.VoteHelpful(w.ctx, nil, "../etc", true); market.ErrorCode(err) != market.Invalid {
		t.Errorf("VoteHelpful(bad article): %v", err)
	}
}

func TestOfferChecks(t *testing.T) {
	w := newWorld(t, nil)
	past := w.clock.Now().Add(-time.Hour)
	if _, err := w.svc.OfferContract(w.ctx, w.basic, w.ana.ID, "", &past); market.ErrorCode(err) != market.Invalid {
		t.Errorf("a start date in the past: %v, want invalid", err)
	}
	job, _, err := w.svc.CreateJob(w.ctx, w.ent, market.JobInput{Title: "Go developer", Description: "Payments API."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.OfferContract(w.ctx, w.basic, w.ana.ID, job.ID, nil); market.ErrorCode(err) != market.Invalid {
		t.Errorf("another organisation's job: %v, want invalid", err)
	}
	if _, err := w.svc.OfferContract(w.ctx, w.ent, w.ana.ID, job.ID, nil); err != nil {
		t.Errorf("own job: %v", err)
	}
}

// TestRefusedFieldsRecorded checks that a job post refused for its
// description records the title's decision too, and stores no job.
func TestRefusedFieldsRecorded(t *testing.T) {
	w := newWorld(t, nil)
	_, d, err := w.svc.CreateJob(w.ctx, w.basic, market.JobInput{Title: "Logo design", Description: "Call me on +44 7911 123456"})
	if market.ErrorCode(err) != market.Refused || d == nil || d.Action != policy.Block {
		t.Fatalf("CreateJob: %+v, %v", d, err)
	}
	a, err := w.store.Audit(w.ctx, d.ID)
	if err != nil || a.Action != "block" || a.Subject != "" {
		t.Errorf("audit of the refused description: %+v, %v", a, err)
	}
	tiles, _ := w.svc.SearchJobs(w.ctx, "logo", 0)
	if len(tiles) != 0 {
		t.Errorf("a refused job was stored: %+v", tiles)
	}
}
