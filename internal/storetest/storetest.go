// Package storetest is the conformance suite of market.Store: every store
// implementation runs Run from its own tests, so that SQLite and PostgreSQL
// behave alike.
//
// Times are compared after truncation to the microsecond (PostgreSQL keeps
// no finer), and JSON documents by their meaning rather than their bytes
// (PostgreSQL's jsonb does not keep whitespace or key order).
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// Run runs the suite. Each subtest calls open for a fresh, empty store,
// which open closes (or drops) in t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) market.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s market.Store)
	}{
		{"Users", testUsers},
		{"OrgWithUser", testOrgWithUser},
		{"Tokens", testTokens},
		{"Orgs", testOrgs},
		{"Profiles", testProfiles},
		{"Jobs", testJobs},
		{"SearchJobs", testSearchJobs},
		{"Threads", testThreads},
		{"Messages", testMessages},
		{"ThreadState", testThreadState},
		{"MessageRecord", testMessageRecord},
		{"Proposals", testProposals},
		{"Contracts", testContracts},
		{"Reviews", testReviews},
		{"RecordDecision", testRecordDecision},
		{"Atomicity", testAtomicity},
		{"Cases", testCases},
		{"ResolveCase", testResolveCase},
		{"ConcurrentResolve", testConcurrentResolve},
		{"Strikes", testStrikes},
		{"NotFound", testNotFound},
		{"ListOrgs", testListOrgs},
		{"SearchProfiles", testSearchProfiles},
		{"HelpVotes", testHelpVotes},
		{"ConcurrentWrites", testConcurrentWrites},
		{"IdempotencyKeys", testIdempotencyKeys},
		{"ConcurrentIdempotencyKey", testConcurrentIdempotencyKey},
		{"HostileIDs", testHostileIDs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// t0 has nanoseconds, to check that stores keep at least microseconds.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)

// at returns t0 plus i minutes, in a zone other than UTC, to check that
// stores keep the instant whatever the zone.
func at(i int) time.Time {
	return t0.Add(time.Duration(i) * time.Minute).In(time.FixedZone("UTC+2", 2*60*60))
}

func ptr[T any](v T) *T { return &v }

// opts compare times to the microsecond and JSON by meaning.
var opts = cmp.Options{
	cmp.Comparer(func(a, b time.Time) bool {
		return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
	}),
	cmp.Comparer(jsonEqual),
}

func jsonEqual(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return string(a) == string(b)
	}
	return reflect.DeepEqual(x, y)
}

// diff reports a difference between got and want.
func diff(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got, opts); d != "" {
		t.Errorf("%s: mismatch (-want +got):\n%s", what, d)
	}
}

// must fails the test at once on err.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantCode checks that err is a market error with code.
func wantCode(t *testing.T, what string, err error, code market.Code) {
	t.Helper()
	if err == nil {
		t.Errorf("%s = nil error, want %s", what, code)
		return
	}
	if got := market.ErrorCode(err); got != code {
		t.Errorf("%s = %v (code %s), want code %s", what, err, got, code)
	}
}

// world is the parties most tests need.
type world struct {
	org, ent                *market.Org // a basic and an enterprise organisation
	client, entClient       *market.User
	freelancer, freelancer2 *market.User
	moderator               *market.User
}

func seed(t *testing.T, s market.Store) world {
	t.Helper()
	ctx := context.Background()
	w := world{
		org:         &market.Org{ID: "org-acme", Name: "Acme", Plan: market.Basic, CreatedAt: at(0)},
		ent:         &market.Org{ID: "org-globex", Name: "Globex", Plan: market.Enterprise, CreatedAt: at(0)},
		client:      &market.User{ID: "u-client", Email: "carla@acme.test", Name: "Carla", Role: market.RoleClient, OrgID: "org-acme", PasswordHash: "h1", CreatedAt: at(0)},
		entClient:   &market.User{ID: "u-ent", Email: "eve@globex.test", Name: "Eve", Role: market.RoleClient, OrgID: "org-globex", PasswordHash: "h2", CreatedAt: at(0)},
		freelancer:  &market.User{ID: "u-free", Email: "fred@mail.test", Name: "Fred", Role: market.RoleFreelancer, PasswordHash: "h3", CreatedAt: at(0)},
		freelancer2: &market.User{ID: "u-free2", Email: "gina@mail.test", Name: "Gina", Role: market.RoleFreelancer, PasswordHash: "h4", CreatedAt: at(0)},
		moderator:   &market.User{ID: "u-mod", Email: "mo@chaperone.test", Name: "Mo", Role: market.RoleModerator, PasswordHash: "h5", CreatedAt: at(0)},
	}
	must(t, "CreateUser client", s.CreateUser(ctx, w.client, w.org))
	must(t, "CreateUser enterprise client", s.CreateUser(ctx, w.entClient, w.ent))
	for _, u := range []*market.User{w.freelancer, w.freelancer2, w.moderator} {
		must(t, "CreateUser "+u.ID, s.CreateUser(ctx, u, nil))
	}
	return w
}

// record returns the record of an allowed decision id by actor.
func record(id, actor string, when time.Time) market.Record {
	return market.Record{Audit: market.AuditEntry{
		DecisionID: id,
		Time:       when,
		ActorID:    actor,
		Subject:    "test:" + id,
		Context:    json.RawMessage(`{"channel":"message","sender":"client","enterprise":false,"contract":"none"}`),
		Findings:   json.RawMessage(`[]`),
		Action:     "allow",
		Rules:      []string{},
		Policy:     "default@1",
		Detector:   "detect@1",
	}}
}

// checkAudit checks that the audit entry of rec is stored.
func checkAudit(t *testing.T, s market.Store, rec market.Record) {
	t.Helper()
	got, err := s.Audit(context.Background(), rec.Audit.DecisionID)
	if err != nil {
		t.Errorf("Audit(%q): %v", rec.Audit.DecisionID, err)
		return
	}
	diff(t, "Audit("+rec.Audit.DecisionID+")", got, &rec.Audit)
}

// checkNoAudit checks that no audit entry of decisionID is stored.
func checkNoAudit(t *testing.T, s market.Store, decisionID string) {
	t.Helper()
	_, err := s.Audit(context.Background(), decisionID)
	wantCode(t, "Audit("+decisionID+") of a failed write", err, market.NotFound)
}

func testUsers(t *testing.T, s market.Store) {
	ctx := context.Background()
	u := &market.User{ID: "u1", Email: "Ana.Lima@Example.COM", Name: "Ana", Role: market.RoleFreelancer, PasswordHash: "hash", CreatedAt: at(1)}
	must(t, "CreateUser", s.CreateUser(ctx, u, nil))

	got, err := s.User(ctx, "u1")
	must(t, "User", err)
	diff(t, "User", got, u)

	for _, email := range []string{"Ana.Lima@Example.COM", "ana.lima@example.com", "ANA.LIMA@EXAMPLE.COM"} {
		got, err := s.UserByEmail(ctx, email)
		if err != nil {
			t.Errorf("UserByEmail(%q): %v", email, err)
			continue
		}
		diff(t, "UserByEmail("+email+")", got, u)
	}

	dup := &market.User{ID: "u2", Email: "ana.LIMA@example.com", Name: "Other", Role: market.RoleClient, PasswordHash: "x", CreatedAt: at(2)}
	wantCode(t, "CreateUser with a duplicate email", s.CreateUser(ctx, dup, nil), market.Conflict)
	_, err = s.User(ctx, "u2")
	wantCode(t, "User of a refused user", err, market.NotFound)

	sameID := &market.User{ID: "u1", Email: "someone@else.test", Name: "Other", Role: market.RoleClient, PasswordHash: "x", CreatedAt: at(2)}
	wantCode(t, "CreateUser with a duplicate id", s.CreateUser(ctx, sameID, nil), market.Conflict)

	_, err = s.User(ctx, "nobody")
	wantCode(t, "User(nobody)", err, market.NotFound)
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, "UserByEmail(nobody)", err, market.NotFound)
}

func testOrgWithUser(t *testing.T, s market.Store) {
	ctx := context.Background()
	org := &market.Org{ID: "o1", Name: "Initech", Plan: market.Business, CreatedAt: at(1)}
	u := &market.User{ID: "u1", Email: "bill@initech.test", Name: "Bill", Role: market.RoleClient, OrgID: "o1", PasswordHash: "h", CreatedAt: at(1)}
	must(t, "CreateUser with org", s.CreateUser(ctx, u, org))

	gotOrg, err := s.Org(ctx, "o1")
	must(t, "Org", err)
	diff(t, "Org", gotOrg, org)
	gotUser, err := s.User(ctx, "u1")
	must(t, "User", err)
	diff(t, "User", gotUser, u)

	// The user is refused (duplicate email), so the organisation must not
	// be created either.
	org2 := &market.Org{ID: "o2", Name: "Hooli", Plan: market.Basic, CreatedAt: at(2)}
	u2 := &market.User{ID: "u2", Email: "BILL@initech.test", Name: "Gavin", Role: market.RoleClient, OrgID: "o2", PasswordHash: "h", CreatedAt: at(2)}
	wantCode(t, "CreateUser with org and a duplicate email", s.CreateUser(ctx, u2, org2), market.Conflict)
	_, err = s.Org(ctx, "o2")
	wantCode(t, "Org of a refused sign-up", err, market.NotFound)

	_, err = s.Org(ctx, "nowhere")
	wantCode(t, "Org(nowhere)", err, market.NotFound)
}

func testTokens(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	tok := market.Token{Hash: "tokhash", UserID: w.freelancer.ID, CreatedAt: at(1)}
	must(t, "CreateToken", s.CreateToken(ctx, tok))
	must(t, "CreateToken other", s.CreateToken(ctx, market.Token{Hash: "other", UserID: w.client.ID, CreatedAt: at(1)}))
	wantCode(t, "CreateToken with a duplicate hash", s.CreateToken(ctx, market.Token{Hash: "tokhash", UserID: w.client.ID, CreatedAt: at(2)}), market.Conflict)

	got, err := s.UserByToken(ctx, "tokhash")
	must(t, "UserByToken", err)
	diff(t, "UserByToken", got, w.freelancer)

	must(t, "RevokeToken", s.RevokeToken(ctx, "tokhash"))
	_, err = s.UserByToken(ctx, "tokhash")
	wantCode(t, "UserByToken of a revoked token", err, market.NotFound)
	if _, err := s.UserByToken(ctx, "other"); err != nil {
		t.Errorf("UserByToken(other) after revoking another token: %v", err)
	}

	wantCode(t, "RevokeToken(unknown)", s.RevokeToken(ctx, "unknown"), market.NotFound)
	_, err = s.UserByToken(ctx, "unknown")
	wantCode(t, "UserByToken(unknown)", err, market.NotFound)
	if err := s.CreateToken(ctx, market.Token{Hash: "orphan", UserID: "nobody", CreatedAt: at(3)}); err == nil {
		t.Errorf("CreateToken for a missing user = nil error")
	}
}

func testOrgs(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	must(t, "SetPlan", s.SetPlan(ctx, w.org.ID, market.Enterprise))
	got, err := s.Org(ctx, w.org.ID)
	must(t, "Org", err)
	want := *w.org
	want.Plan = market.Enterprise
	diff(t, "Org after SetPlan", got, &want)
	wantCode(t, "SetPlan(nowhere)", s.SetPlan(ctx, "nowhere", market.Basic), market.NotFound)

	rec := record("d-rename", w.client.ID, at(5))
	must(t, "RenameOrg", s.RenameOrg(ctx, w.org.ID, "Acme Corp", rec))
	got, err = s.Org(ctx, w.org.ID)
	must(t, "Org", err)
	want.Name = "Acme Corp"
	diff(t, "Org after RenameOrg", got, &want)
	checkAudit(t, s, rec)

	wantCode(t, "RenameOrg(nowhere)", s.RenameOrg(ctx, "nowhere", "X", record("d-nowhere", w.client.ID, at(6))), market.NotFound)
	checkNoAudit(t, s, "d-nowhere")
}

func testProfiles(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	p := &market.Profile{UserID: w.freelancer.ID, Name: "Fred", Title: "Go developer", Overview: "Ten years of Go.", UpdatedAt: at(1)}
	rec1 := record("d-p1", w.freelancer.ID, at(1))
	must(t, "PutProfile", s.PutProfile(ctx, p, rec1))
	got, err := s.Profile(ctx, w.freelancer.ID)
	must(t, "Profile", err)
	diff(t, "Profile", got, p)

	p2 := &market.Profile{UserID: w.freelancer.ID, Name: "Fred F.", Title: "Rust developer", Overview: "", UpdatedAt: at(2)}
	rec2 := record("d-p2", w.freelancer.ID, at(2))
	must(t, "PutProfile again", s.PutProfile(ctx, p2, rec2))
	got, err = s.Profile(ctx, w.freelancer.ID)
	must(t, "Profile", err)
	diff(t, "Profile after a second PutProfile", got, p2)
	checkAudit(t, s, rec1)
	checkAudit(t, s, rec2)

	_, err = s.Profile(ctx, w.freelancer2.ID)
	wantCode(t, "Profile of a user without one", err, market.NotFound)
}

func testJobs(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	j := &market.Job{ID: "j1", OrgID: w.org.ID, ClientID: w.client.ID, Title: "Go developer", Description: "Build an API.", Budget: "$5k", CreatedAt: at(1), UpdatedAt: at(1)}
	rec := record("d-j1", w.client.ID, at(1))
	must(t, "CreateJob", s.CreateJob(ctx, j, rec))
	got, err := s.Job(ctx, "j1")
	must(t, "Job", err)
	diff(t, "Job", got, j)
	checkAudit(t, s, rec)

	upd := &market.Job{ID: "j1", OrgID: "ignored", ClientID: "ignored", Title: "Senior Go developer", Description: "Build two APIs.", Budget: "", CreatedAt: at(9), UpdatedAt: at(3)}
	rec2 := record("d-j1-edit", w.client.ID, at(3))
	must(t, "UpdateJob", s.UpdateJob(ctx, upd, rec2))
	got, err = s.Job(ctx, "j1")
	must(t, "Job", err)
	want := *j
	want.Title, want.Description, want.Budget, want.UpdatedAt = upd.Title, upd.Description, upd.Budget, upd.UpdatedAt
	diff(t, "Job after UpdateJob", got, &want)
	checkAudit(t, s, rec2)

	wantCode(t, "UpdateJob(missing)", s.UpdateJob(ctx, &market.Job{ID: "missing", Title: "x", UpdatedAt: at(4)}, record("d-missing", w.client.ID, at(4))), market.NotFound)
	checkNoAudit(t, s, "d-missing")
	_, err = s.Job(ctx, "missing")
	wantCode(t, "Job(missing)", err, market.NotFound)
}

func testSearchJobs(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	jobs := []*market.Job{
		{ID: "j1", OrgID: w.org.ID, ClientID: w.client.ID, Title: "Go developer", Description: "Build a REST service.", Budget: "$5k", CreatedAt: at(1), UpdatedAt: at(1)},
		{ID: "j2", OrgID: w.ent.ID, ClientID: w.entClient.ID, Title: "Senior Go Engineer", Description: "Payments platform, remote.", Budget: "$150/h", CreatedAt: at(2), UpdatedAt: at(2)},
		{ID: "j3", OrgID: w.org.ID, ClientID: w.client.ID, Title: "Café menu design", Description: "A new menu, 100% print.", CreatedAt: at(3), UpdatedAt: at(3)},
		{ID: "j4", OrgID: w.ent.ID, ClientID: w.entClient.ID, Title: "Data engineer", Description: "Pipelines in Python and SQL.", CreatedAt: at(4), UpdatedAt: at(4)},
	}
	for i, j := range jobs {
		must(t, "CreateJob "+j.ID, s.CreateJob(ctx, j, record(fmt.Sprintf("d-job-%d", i), j.ClientID, j.CreatedAt)))
	}
	tile := func(j *market.Job) market.JobTile {
		tc := market.TileClient{OrgID: w.org.ID, Org: "Acme"}
		if j.OrgID == w.ent.ID {
			tc = market.TileClient{OrgID: w.ent.ID, Org: "Globex", Enterprise: true}
		}
		return market.JobTile{ID: j.ID, Title: j.Title, Budget: j.Budget, Client: tc, CreatedAt: j.CreatedAt}
	}
	tiles := func(js ...*market.Job) []market.JobTile {
		out := []market.JobTile{}
		for _, j := range js {
			out = append(out, tile(j))
		}
		return out
	}
	j1, j2, j3, j4 := jobs[0], jobs[1], jobs[2], jobs[3]
	for _, tc := range []struct {
		q     string
		limit int
		want  []market.JobTile
	}{
		{"", 10, tiles(j4, j3, j2, j1)},
		{"", 2, tiles(j4, j3)},
		{"", 0, tiles(j4, j3, j2, j1)}, // limit 0: no limit
		{"go", 10, tiles(j2, j1)},
		{"GO ENGINEER", 10, tiles(j2)},
		{"engineer", 10, tiles(j4, j2)},
		{"engineer", 1, tiles(j4)},
		{"rest developer", 10, tiles(j1)}, // words from title and description
		{"  payments   REMOTE ", 10, tiles(j2)},
		{"CAFÉ", 10, tiles(j3)}, // case-insensitive beyond ASCII
		{"100%", 10, tiles(j3)},
		{"%", 10, tiles(j3)}, // LIKE wildcards are literal
		{"_", 10, tiles()},
		{"go python", 10, tiles()},
		{"kubernetes", 10, tiles()},
	} {
		got, err := s.SearchJobs(ctx, tc.q, tc.limit)
		if err != nil {
			t.Errorf("SearchJobs(%q, %d): %v", tc.q, tc.limit, err)
			continue
		}
		diff(t, fmt.Sprintf("SearchJobs(%q, %d)", tc.q, tc.limit), got, tc.want)
	}

	// Tiles carry the organisation's current name and plan, and the job's
	// current title.
	must(t, "SetPlan", s.SetPlan(ctx, w.ent.ID, market.Business))
	must(t, "RenameOrg", s.RenameOrg(ctx, w.ent.ID, "Globex Ltd", record("d-rename", w.entClient.ID, at(5))))
	j2.Title = "Staff Rust engineer"
	j2.UpdatedAt = at(6)
	must(t, "UpdateJob", s.UpdateJob(ctx, j2, record("d-edit", w.entClient.ID, at(6))))
	got, err := s.SearchJobs(ctx, "rust", 10)
	must(t, "SearchJobs", err)
	want := []market.JobTile{{ID: "j2", Title: "Staff Rust engineer", Budget: "$150/h",
		Client: market.TileClient{OrgID: w.ent.ID, Org: "Globex Ltd", Enterprise: false}, CreatedAt: at(2)}}
	diff(t, "SearchJobs(rust) after SetPlan, RenameOrg and UpdateJob", got, want)
	got, err = s.SearchJobs(ctx, "senior", 10)
	must(t, "SearchJobs", err)
	diff(t, "SearchJobs(senior) after UpdateJob", got, []market.JobTile{})
}

func testThreads(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	must(t, "CreateJob", s.CreateJob(ctx, &market.Job{ID: "j1", OrgID: w.ent.ID, ClientID: w.entClient.ID, Title: "T", Description: "D", CreatedAt: at(0), UpdatedAt: at(0)}, record("d-j1", w.entClient.ID, at(0))))
	th1 := &market.Thread{ID: "t1", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, CreatedAt: at(1)}
	th2 := &market.Thread{ID: "t2", OrgID: w.ent.ID, ClientID: w.entClient.ID, FreelancerID: w.freelancer.ID, JobID: "j1", CreatedAt: at(2)}
	th3 := &market.Thread{ID: "t3", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer2.ID, CreatedAt: at(3)}
	for _, th := range []*market.Thread{th1, th2, th3} {
		must(t, "CreateThread "+th.ID, s.CreateThread(ctx, th))
	}
	wantCode(t, "CreateThread with a duplicate id", s.CreateThread(ctx, th1), market.Conflict)

	got, err := s.Thread(ctx, "t2")
	must(t, "Thread", err)
	diff(t, "Thread(t2)", got, th2)
	got, err = s.Thread(ctx, "t1")
	must(t, "Thread", err)
	diff(t, "Thread(t1)", got, th1)

	for _, tc := range []struct {
		user string
		want []market.Thread
	}{
		{w.freelancer.ID, []market.Thread{*th2, *th1}},
		{w.client.ID, []market.Thread{*th3, *th1}},
		{w.freelancer2.ID, []market.Thread{*th3}},
		{w.entClient.ID, []market.Thread{*th2}},
		{w.moderator.ID, []market.Thread{}},
	} {
		got, err := s.ThreadsOf(ctx, tc.user)
		if err != nil {
			t.Errorf("ThreadsOf(%s): %v", tc.user, err)
			continue
		}
		diff(t, "ThreadsOf("+tc.user+")", got, tc.want)
	}
}

// thread seeds w and a thread between w.client and w.freelancer.
func thread(t *testing.T, s market.Store) (world, *market.Thread) {
	t.Helper()
	w := seed(t, s)
	th := &market.Thread{ID: "t1", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, CreatedAt: at(0)}
	must(t, "CreateThread", s.CreateThread(context.Background(), th))
	return w, th
}

// testThreadState checks that ThreadState returns what Thread, Org,
// ContractsBetween, Strikes and Messages return, together.
func testThreadState(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	_, err := s.ThreadState(ctx, "no-such-thread", w.client.ID, at(-60), 5)
	wantCode(t, "ThreadState(no-such-thread)", err, market.NotFound)

	got, err := s.ThreadState(ctx, th.ID, w.client.ID, at(-60), 5)
	must(t, "ThreadState of a new thread", err)
	diff(t, "ThreadState of a new thread", got, &market.ThreadState{Thread: *th, Org: *w.org,
		Contracts: []market.Contract{}, Strikes: []market.Strike{}, Messages: []market.Message{}})

	var msgs []market.Message
	for i := 1; i <= 7; i++ {
		m := market.Message{ID: fmt.Sprintf("m%d", i), ThreadID: th.ID, SenderID: w.freelancer.ID, Text: fmt.Sprintf("message %d", i),
			Action: "allow", DecisionID: fmt.Sprintf("d-m%d", i), CreatedAt: at(i)}
		rec := record(m.DecisionID, w.freelancer.ID, m.CreatedAt)
		if i == 2 || i == 6 {
			rec.Strike = &market.Strike{ID: fmt.Sprintf("s%d", i), UserID: w.freelancer.ID, DecisionID: m.DecisionID, Rule: "r", CreatedAt: m.CreatedAt}
		}
		must(t, "CreateMessage "+m.ID, s.CreateMessage(ctx, &m, rec))
		msgs = append(msgs, m)
	}
	other := &market.Thread{ID: "t2", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer2.ID, CreatedAt: at(0)}
	must(t, "CreateThread t2", s.CreateThread(ctx, other))
	must(t, "CreateMessage in t2", s.CreateMessage(ctx, &market.Message{ID: "o1", ThreadID: other.ID, SenderID: w.freelancer2.ID,
		Text: "other", Action: "allow", DecisionID: "d-o1", CreatedAt: at(20)}, record("d-o1", w.freelancer2.ID, at(20))))
	c1 := &market.Contract{ID: "c1", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, State: market.ContractEnded, CreatedAt: at(1)}
	c2 := &market.Contract{ID: "c2", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, State: market.ContractOffered, CreatedAt: at(2)}
	c3 := &market.Contract{ID: "c3", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer2.ID, State: market.ContractActive, CreatedAt: at(3)}
	for _, c := range []*market.Contract{c1, c2, c3} {
		must(t, "CreateContract "+c.ID, s.CreateContract(ctx, c))
	}
	must(t, "SetPlan", s.SetPlan(ctx, w.org.ID, market.Business))
	org := *w.org
	org.Plan = market.Business

	got, err = s.ThreadState(ctx, th.ID, w.freelancer.ID, at(3), 5)
	must(t, "ThreadState", err)
	strikes, err := s.Strikes(ctx, w.freelancer.ID, at(3))
	must(t, "Strikes", err)
	diff(t, "ThreadState", got, &market.ThreadState{Thread: *th, Org: org, Contracts: []market.Contract{*c2, *c1},
		Strikes: strikes, Messages: msgs[2:]})
	if len(strikes) != 1 || strikes[0].ID != "s6" {
		t.Errorf("Strikes since at(3) = %+v, want s6", strikes)
	}
	got, err = s.ThreadState(ctx, th.ID, w.client.ID, at(-60), 0)
	must(t, "ThreadState of the client, all messages", err)
	diff(t, "ThreadState of the client, all messages", got, &market.ThreadState{Thread: *th, Org: org,
		Contracts: []market.Contract{*c2, *c1}, Strikes: []market.Strike{}, Messages: msgs})
}

func testMessages(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	var msgs []market.Message
	for i := 1; i <= 5; i++ {
		sender := w.client.ID
		if i%2 == 0 {
			sender = w.freelancer.ID
		}
		m := market.Message{ID: fmt.Sprintf("m%d", i), ThreadID: th.ID, SenderID: sender, Text: fmt.Sprintf("message %d", i),
			Action: "allow", DecisionID: fmt.Sprintf("d-m%d", i), CreatedAt: at(i)}
		rec := record(m.DecisionID, sender, m.CreatedAt)
		must(t, "CreateMessage "+m.ID, s.CreateMessage(ctx, &m, rec))
		msgs = append(msgs, m)
	}
	wantCode(t, "CreateMessage with a duplicate id", s.CreateMessage(ctx, &msgs[0], record("d-dup", w.client.ID, at(9))), market.Conflict)
	checkNoAudit(t, s, "d-dup")

	got, err := s.Message(ctx, "m2")
	must(t, "Message", err)
	diff(t, "Message(m2)", got, &msgs[1])
	checkAudit(t, s, record("d-m2", w.freelancer.ID, at(2)))

	for _, tc := range []struct {
		limit int
		want  []market.Message
	}{
		{3, msgs[2:]},
		{5, msgs},
		{10, msgs},
		{1, msgs[4:]},
		{0, msgs}, // limit 0: no limit
	} {
		got, err := s.Messages(ctx, th.ID, tc.limit)
		if err != nil {
			t.Errorf("Messages(%d): %v", tc.limit, err)
			continue
		}
		diff(t, fmt.Sprintf("Messages(t1, %d)", tc.limit), got, tc.want)
	}
	got2, err := s.Messages(ctx, "no-thread", 10)
	must(t, "Messages(no-thread)", err)
	diff(t, "Messages(no-thread)", got2, []market.Message{})

	edit := msgs[2]
	edit.Text, edit.Action, edit.DecisionID, edit.EditedAt = "message 3 [redacted]", "redact", "d-m3-edit", ptr(at(7))
	edit.SenderID, edit.CreatedAt = "ignored", at(99)
	must(t, "UpdateMessage", s.UpdateMessage(ctx, &edit, record("d-m3-edit", w.client.ID, at(7))))
	want := msgs[2]
	want.Text, want.Action, want.DecisionID, want.EditedAt = edit.Text, edit.Action, edit.DecisionID, edit.EditedAt
	got, err = s.Message(ctx, "m3")
	must(t, "Message", err)
	diff(t, "Message(m3) after UpdateMessage", got, &want)
	checkAudit(t, s, record("d-m3-edit", w.client.ID, at(7)))

	wantCode(t, "UpdateMessage(missing)", s.UpdateMessage(ctx, &market.Message{ID: "missing", Text: "x", EditedAt: ptr(at(8))}, record("d-missing", w.client.ID, at(8))), market.NotFound)
	checkNoAudit(t, s, "d-missing")
}

// testMessageRecord checks that a flagged, striking message writes its
// case and strike with it.
func testMessageRecord(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	m := &market.Message{ID: "m1", ThreadID: th.ID, SenderID: w.freelancer.ID, Text: "mail me at [email]", Action: "redact", DecisionID: "d1", CreatedAt: at(1)}
	rec := record("d1", w.freelancer.ID, at(1))
	rec.Audit.Action, rec.Audit.Flag, rec.Audit.Strike = "redact", true, true
	rec.Audit.Rules = []string{"contact.before_contract", "contact.email"}
	rec.Audit.Findings = json.RawMessage(`[{"kind":"email","start":11,"end":27,"value":"fred@mail.test","rule":"email.plain"}]`)
	rec.Strike = &market.Strike{ID: "s1", UserID: w.freelancer.ID, DecisionID: "d1", Rule: "contact.before_contract", CreatedAt: at(1)}
	rec.Case = &market.Case{ID: "c1", Kind: market.CaseFlag, Status: market.CaseOpen, UserID: w.freelancer.ID, DecisionID: "d1", StrikeID: "s1",
		Channel: "message", Text: "mail me at fred@mail.test", Decision: json.RawMessage(`{"action": "redact", "flag": true, "reasons": [{"rule": "contact.email"}]}`), CreatedAt: at(1)}
	must(t, "CreateMessage", s.CreateMessage(ctx, m, rec))

	got, err := s.Message(ctx, "m1")
	must(t, "Message", err)
	diff(t, "Message", got, m)
	checkAudit(t, s, rec)
	c, err := s.Case(ctx, "c1")
	must(t, "Case", err)
	diff(t, "Case", c, rec.Case)
	st, err := s.Strike(ctx, "s1")
	must(t, "Strike", err)
	diff(t, "Strike", st, rec.Strike)
}

func testProposals(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	must(t, "CreateJob", s.CreateJob(ctx, &market.Job{ID: "j1", OrgID: w.org.ID, ClientID: w.client.ID, Title: "T", Description: "D", CreatedAt: at(0), UpdatedAt: at(0)}, record("d-j1", w.client.ID, at(0))))
	p := &market.Proposal{ID: "p1", JobID: "j1", FreelancerID: w.freelancer.ID, CoverLetter: "I can help.", CreatedAt: at(1)}
	rec := record("d-p1", w.freelancer.ID, at(1))
	must(t, "CreateProposal", s.CreateProposal(ctx, p, rec))
	checkAudit(t, s, rec)

	wantCode(t, "CreateProposal with a duplicate id", s.CreateProposal(ctx, p, record("d-p1-again", w.freelancer.ID, at(2))), market.Conflict)
	checkNoAudit(t, s, "d-p1-again")
	bad := &market.Proposal{ID: "p2", JobID: "no-job", FreelancerID: w.freelancer.ID, CoverLetter: "x", CreatedAt: at(3)}
	if err := s.CreateProposal(ctx, bad, record("d-p2", w.freelancer.ID, at(3))); err == nil {
		t.Errorf("CreateProposal for a missing job = nil error")
	}
	checkNoAudit(t, s, "d-p2")

	// Listing: newest first, ties in insertion order reversed, only the
	// job's, and none for a job without proposals or no such job.
	must(t, "CreateJob j2", s.CreateJob(ctx, &market.Job{ID: "j2", OrgID: w.org.ID, ClientID: w.client.ID, Title: "T2", Description: "D2", CreatedAt: at(0), UpdatedAt: at(0)}, record("d-j2", w.client.ID, at(0))))
	p3 := &market.Proposal{ID: "p3", JobID: "j1", FreelancerID: w.freelancer2.ID, CoverLetter: "Me too.", CreatedAt: at(4)}
	p4 := &market.Proposal{ID: "p4", JobID: "j1", FreelancerID: w.freelancer.ID, CoverLetter: "Same minute.", CreatedAt: at(4)}
	p5 := &market.Proposal{ID: "p5", JobID: "j2", FreelancerID: w.freelancer.ID, CoverLetter: "Other job.", CreatedAt: at(5)}
	for _, q := range []*market.Proposal{p3, p4, p5} {
		must(t, "CreateProposal "+q.ID, s.CreateProposal(ctx, q, record("d-"+q.ID, q.FreelancerID, q.CreatedAt)))
	}
	for _, tc := range []struct {
		job  string
		want []market.Proposal
	}{
		{"j1", []market.Proposal{*p4, *p3, *p}},
		{"j2", []market.Proposal{*p5}},
		{"no-job", []market.Proposal{}},
	} {
		got, err := s.Proposals(ctx, tc.job)
		must(t, "Proposals", err)
		diff(t, "Proposals("+tc.job+")", got, tc.want)
	}
}

func testContracts(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	must(t, "CreateJob", s.CreateJob(ctx, &market.Job{ID: "j1", OrgID: w.org.ID, ClientID: w.client.ID, Title: "T", Description: "D", CreatedAt: at(0), UpdatedAt: at(0)}, record("d-j1", w.client.ID, at(0))))
	c1 := &market.Contract{ID: "c1", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, State: market.ContractOffered, StartsAt: ptr(at(60 * 24)), CreatedAt: at(1)}
	c2 := &market.Contract{ID: "c2", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, JobID: "j1", State: market.ContractOffered, CreatedAt: at(2)}
	c3 := &market.Contract{ID: "c3", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer2.ID, State: market.ContractOffered, CreatedAt: at(3)}
	for _, c := range []*market.Contract{c1, c2, c3} {
		must(t, "CreateContract "+c.ID, s.CreateContract(ctx, c))
	}
	wantCode(t, "CreateContract with a duplicate id", s.CreateContract(ctx, c1), market.Conflict)

	got, err := s.Contract(ctx, "c1")
	must(t, "Contract", err)
	diff(t, "Contract(c1)", got, c1)
	got, err = s.Contract(ctx, "c2")
	must(t, "Contract", err)
	diff(t, "Contract(c2)", got, c2)

	upd := *c1
	upd.State, upd.AcceptedAt = market.ContractActive, ptr(at(10))
	upd.StartsAt, upd.FreelancerID, upd.CreatedAt = nil, "ignored", at(99)
	must(t, "UpdateContract", s.UpdateContract(ctx, &upd))
	want := *c1
	want.State, want.AcceptedAt = market.ContractActive, upd.AcceptedAt
	got, err = s.Contract(ctx, "c1")
	must(t, "Contract", err)
	diff(t, "Contract(c1) after accepting", got, &want)

	upd = want
	upd.State, upd.EndedAt = market.ContractEnded, ptr(at(20))
	must(t, "UpdateContract", s.UpdateContract(ctx, &upd))
	got, err = s.Contract(ctx, "c1")
	must(t, "Contract", err)
	diff(t, "Contract(c1) after ending", got, &upd)

	between, err := s.ContractsBetween(ctx, w.org.ID, w.freelancer.ID)
	must(t, "ContractsBetween", err)
	diff(t, "ContractsBetween(acme, fred)", between, []market.Contract{*c2, upd})
	between, err = s.ContractsBetween(ctx, w.ent.ID, w.freelancer.ID)
	must(t, "ContractsBetween with none", err)
	diff(t, "ContractsBetween(globex, fred)", between, []market.Contract{})

	wantCode(t, "UpdateContract(missing)", s.UpdateContract(ctx, &market.Contract{ID: "missing", State: market.ContractActive}), market.NotFound)
	_, err = s.Contract(ctx, "missing")
	wantCode(t, "Contract(missing)", err, market.NotFound)
}

func testReviews(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	c := &market.Contract{ID: "c1", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, State: market.ContractEnded, CreatedAt: at(1), EndedAt: ptr(at(2))}
	must(t, "CreateContract", s.CreateContract(ctx, c))
	r := &market.Review{ID: "r1", ContractID: "c1", AuthorID: w.client.ID, SubjectID: w.freelancer.ID, Rating: 5, Text: "Great work.", CreatedAt: at(3)}
	rec := record("d-r1", w.client.ID, at(3))
	must(t, "CreateReview", s.CreateReview(ctx, r, rec))
	checkAudit(t, s, rec)

	again := &market.Review{ID: "r2", ContractID: "c1", AuthorID: w.client.ID, SubjectID: w.freelancer.ID, Rating: 1, Text: "Changed my mind.", CreatedAt: at(4)}
	wantCode(t, "CreateReview by the same author", s.CreateReview(ctx, again, record("d-r2", w.client.ID, at(4))), market.Conflict)
	checkNoAudit(t, s, "d-r2")

	other := &market.Review{ID: "r3", ContractID: "c1", AuthorID: w.freelancer.ID, SubjectID: w.client.ID, Rating: 4, Text: "Good client.", CreatedAt: at(5)}
	must(t, "CreateReview by the other party", s.CreateReview(ctx, other, record("d-r3", w.freelancer.ID, at(5))))

	// Listing: the reviews of a subject, newest first (ties in insertion
	// order reversed), and none for a user nobody reviewed.
	c2 := &market.Contract{ID: "c2", OrgID: w.ent.ID, ClientID: w.entClient.ID, FreelancerID: w.freelancer.ID, State: market.ContractEnded, CreatedAt: at(1), EndedAt: ptr(at(2))}
	c3 := &market.Contract{ID: "c3", OrgID: w.org.ID, ClientID: w.client.ID, FreelancerID: w.freelancer.ID, State: market.ContractEnded, CreatedAt: at(1), EndedAt: ptr(at(2))}
	must(t, "CreateContract c2", s.CreateContract(ctx, c2))
	must(t, "CreateContract c3", s.CreateContract(ctx, c3))
	r4 := &market.Review{ID: "r4", ContractID: "c2", AuthorID: w.entClient.ID, SubjectID: w.freelancer.ID, Rating: 4, Text: "Solid.", CreatedAt: at(6)}
	r5 := &market.Review{ID: "r5", ContractID: "c3", AuthorID: w.client.ID, SubjectID: w.freelancer.ID, Rating: 3, Text: "Fine.", CreatedAt: at(6)}
	for _, rv := range []*market.Review{r4, r5} {
		must(t, "CreateReview "+rv.ID, s.CreateReview(ctx, rv, record("d-"+rv.ID, rv.AuthorID, rv.CreatedAt)))
	}
	for _, tc := range []struct {
		subject string
		want    []market.Review
	}{
		{w.freelancer.ID, []market.Review{*r5, *r4, *r}},
		{w.client.ID, []market.Review{*other}},
		{w.freelancer2.ID, []market.Review{}},
		{"no-user", []market.Review{}},
	} {
		got, err := s.Reviews(ctx, tc.subject)
		must(t, "Reviews", err)
		diff(t, "Reviews("+tc.subject+")", got, tc.want)
	}
}

func testRecordDecision(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	rec := market.Record{
		Audit: market.AuditEntry{
			DecisionID: "d1",
			Time:       at(1),
			ActorID:    w.freelancer.ID,
			Subject:    "",
			Context:    json.RawMessage(`{"channel": "message", "sender": "freelancer", "enterprise": false, "contract": "none", "nested": {"a": [1, 2.5, null]}}`),
			Findings:   json.RawMessage(`[{"kind":"payment_intent","start":0,"end":20,"text":"pay me via PayPal","value":"","confidence":0.9,"rule":"intent.payment"}]`),
			Action:     "block",
			Flag:       true,
			Strike:     true,
			Rules:      []string{"payment.off_platform", "intent.payment"},
			Policy:     "default@3",
			Detector:   "detect@2",
		},
		Strike: &market.Strike{ID: "s1", UserID: w.freelancer.ID, DecisionID: "d1", Rule: "payment.off_platform", CreatedAt: at(1)},
		Case: &market.Case{ID: "c1", Kind: market.CaseFlag, Status: market.CaseOpen, UserID: w.freelancer.ID, DecisionID: "d1", StrikeID: "s1",
			Channel: "message", Text: "pay me via PayPal, it's cheaper", Decision: json.RawMessage(`{"action":"block","flag":true}`), CreatedAt: at(1)},
	}
	must(t, "RecordDecision", s.RecordDecision(ctx, rec))
	checkAudit(t, s, rec)
	c, err := s.Case(ctx, "c1")
	must(t, "Case", err)
	diff(t, "Case", c, rec.Case)
	st, err := s.Strike(ctx, "s1")
	must(t, "Strike", err)
	diff(t, "Strike", st, rec.Strike)

	// A record with neither case nor strike, nor JSON documents.
	plain := market.Record{Audit: market.AuditEntry{DecisionID: "d2", Time: at(2), ActorID: w.client.ID, Action: "block", Rules: nil, Policy: "p", Detector: "d"}}
	must(t, "RecordDecision without case or strike", s.RecordDecision(ctx, plain))
	checkAudit(t, s, plain)

	wantCode(t, "RecordDecision with a duplicate decision id", s.RecordDecision(ctx, market.Record{Audit: market.AuditEntry{DecisionID: "d2", Time: at(3), ActorID: w.client.ID}}), market.Conflict)
	got, err := s.Audit(ctx, "d2")
	must(t, "Audit", err)
	diff(t, "Audit(d2) after a duplicate", got, &plain.Audit)

	_, err = s.Audit(ctx, "missing")
	wantCode(t, "Audit(missing)", err, market.NotFound)

	// A write decided in several parts records them all, or none.
	title, desc := record("d-title", w.client.ID, at(4)), record("d-desc", w.client.ID, at(4))
	both := title
	both.Also = []market.Record{desc}
	must(t, "RecordDecision with Also", s.RecordDecision(ctx, both))
	checkAudit(t, s, title)
	checkAudit(t, s, desc)
	half := record("d-new", w.client.ID, at(5))
	half.Also = []market.Record{record("d-desc", w.client.ID, at(5))} // a duplicate: the whole write fails
	wantCode(t, "RecordDecision with a failing Also", s.RecordDecision(ctx, half), market.Conflict)
	checkNoAudit(t, s, "d-new")
}

// testAtomicity checks that a write whose record fails leaves nothing.
func testAtomicity(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	existing := &market.Case{ID: "c-exists", Kind: market.CaseFlag, Status: market.CaseOpen, UserID: w.client.ID, DecisionID: "d0", Channel: "message", Text: "x", Decision: json.RawMessage(`{}`), CreatedAt: at(0)}
	must(t, "CreateCase", s.CreateCase(ctx, existing))

	m := &market.Message{ID: "m1", ThreadID: th.ID, SenderID: w.freelancer.ID, Text: "t", Action: "allow", DecisionID: "d1", CreatedAt: at(1)}
	rec := record("d1", w.freelancer.ID, at(1))
	rec.Strike = &market.Strike{ID: "s1", UserID: w.freelancer.ID, DecisionID: "d1", Rule: "r", CreatedAt: at(1)}
	rec.Case = &market.Case{ID: "c-exists", Kind: market.CaseFlag, Status: market.CaseOpen, UserID: w.freelancer.ID, DecisionID: "d1", StrikeID: "s1", Channel: "message", Text: "t", CreatedAt: at(1)}
	if err := s.CreateMessage(ctx, m, rec); err == nil {
		t.Fatalf("CreateMessage with a record whose case exists = nil error")
	}
	_, err := s.Message(ctx, "m1")
	wantCode(t, "Message of a failed CreateMessage", err, market.NotFound)
	checkNoAudit(t, s, "d1")
	_, err = s.Strike(ctx, "s1")
	wantCode(t, "Strike of a failed CreateMessage", err, market.NotFound)
	msgs, err := s.Messages(ctx, th.ID, 10)
	must(t, "Messages", err)
	if len(msgs) != 0 {
		t.Errorf("Messages after a failed CreateMessage = %d messages, want 0", len(msgs))
	}
	c, err := s.Case(ctx, "c-exists")
	must(t, "Case", err)
	diff(t, "Case(c-exists) after a failed CreateMessage", c, existing)

	// An update whose audit entry clashes leaves the row as it was.
	j := &market.Job{ID: "j1", OrgID: w.org.ID, ClientID: w.client.ID, Title: "Old", Description: "Old", CreatedAt: at(2), UpdatedAt: at(2)}
	must(t, "CreateJob", s.CreateJob(ctx, j, record("d-j1", w.client.ID, at(2))))
	upd := *j
	upd.Title, upd.UpdatedAt = "New", at(3)
	if err := s.UpdateJob(ctx, &upd, record("d-j1", w.client.ID, at(3))); err == nil {
		t.Fatalf("UpdateJob with a duplicate decision id = nil error")
	}
	got, err := s.Job(ctx, "j1")
	must(t, "Job", err)
	diff(t, "Job after a failed UpdateJob", got, j)

	// The store is still usable after the failures.
	m2 := &market.Message{ID: "m2", ThreadID: th.ID, SenderID: w.client.ID, Text: "ok", Action: "allow", DecisionID: "d2", CreatedAt: at(4)}
	must(t, "CreateMessage after failures", s.CreateMessage(ctx, m2, record("d2", w.client.ID, at(4))))
}

// newCase returns an open flag case of user.
func newCase(id, user string, i int) *market.Case {
	return &market.Case{ID: id, Kind: market.CaseFlag, Status: market.CaseOpen, UserID: user, DecisionID: "d-" + id,
		Channel: "message", Text: "text of " + id, Decision: json.RawMessage(`{"action":"warn"}`), CreatedAt: at(i)}
}

func testCases(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	c1 := newCase("c1", w.freelancer.ID, 1)
	c2 := newCase("c2", w.client.ID, 2)
	c2.Kind, c2.Appeal = market.CaseAppeal, "I only shared my portfolio."
	c3 := newCase("c3", w.freelancer.ID, 3)
	c3.Status, c3.Note, c3.ResolverID, c3.ResolvedAt = market.CaseUpheld, "clear", w.moderator.ID, ptr(at(4))
	c4 := newCase("c4", w.freelancer2.ID, 5)
	for _, c := range []*market.Case{c1, c2, c3, c4} {
		must(t, "CreateCase "+c.ID, s.CreateCase(ctx, c))
	}
	wantCode(t, "CreateCase with a duplicate id", s.CreateCase(ctx, c1), market.Conflict)

	for _, c := range []*market.Case{c2, c3} {
		got, err := s.Case(ctx, c.ID)
		must(t, "Case", err)
		diff(t, "Case("+c.ID+")", got, c)
	}
	_, err := s.Case(ctx, "missing")
	wantCode(t, "Case(missing)", err, market.NotFound)

	for _, tc := range []struct {
		f    market.CaseFilter
		want []market.Case
	}{
		{market.CaseFilter{}, []market.Case{*c1, *c2, *c3, *c4}},
		{market.CaseFilter{Status: market.CaseOpen}, []market.Case{*c1, *c2, *c4}},
		{market.CaseFilter{Status: market.CaseOpen, Limit: 2}, []market.Case{*c1, *c2}},
		{market.CaseFilter{Limit: 1}, []market.Case{*c1}},
		{market.CaseFilter{Status: market.CaseUpheld}, []market.Case{*c3}},
		{market.CaseFilter{Status: market.CaseDismissed}, []market.Case{}},
		{market.CaseFilter{UserID: w.freelancer.ID}, []market.Case{*c1, *c3}},
		{market.CaseFilter{UserID: w.freelancer.ID, Status: market.CaseOpen}, []market.Case{*c1}},
	} {
		got, err := s.Cases(ctx, tc.f)
		if err != nil {
			t.Errorf("Cases(%+v): %v", tc.f, err)
			continue
		}
		diff(t, fmt.Sprintf("Cases(%+v)", tc.f), got, tc.want)
	}
}

func testResolveCase(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	// Two flagged decisions, each with a strike and a case.
	for _, id := range []string{"1", "2"} {
		rec := record("d"+id, w.freelancer.ID, at(1))
		rec.Strike = &market.Strike{ID: "s" + id, UserID: w.freelancer.ID, DecisionID: "d" + id, Rule: "contact.before_contract", CreatedAt: at(1)}
		rec.Case = newCase("c"+id, w.freelancer.ID, 1)
		rec.Case.DecisionID, rec.Case.StrikeID = "d"+id, "s"+id
		must(t, "RecordDecision", s.RecordDecision(ctx, rec))
	}

	dismiss := &market.Case{ID: "c1", Status: market.CaseDismissed, Note: "a false positive", ResolverID: w.moderator.ID, ResolvedAt: ptr(at(10))}
	must(t, "ResolveCase dismissed", s.ResolveCase(ctx, dismiss))
	got, err := s.Case(ctx, "c1")
	must(t, "Case", err)
	want := newCase("c1", w.freelancer.ID, 1)
	want.DecisionID, want.StrikeID = "d1", "s1"
	want.Status, want.Note, want.ResolverID, want.ResolvedAt = market.CaseDismissed, dismiss.Note, w.moderator.ID, dismiss.ResolvedAt
	diff(t, "Case(c1) after dismissal", got, want)
	st, err := s.Strike(ctx, "s1")
	must(t, "Strike", err)
	if st.RemovedAt == nil || !st.RemovedAt.Truncate(time.Microsecond).Equal(at(10).Truncate(time.Microsecond)) {
		t.Errorf("Strike(s1).RemovedAt = %v, want %v", st.RemovedAt, at(10))
	}

	uphold := &market.Case{ID: "c2", Status: market.CaseUpheld, Note: "clear sharing", ResolverID: w.moderator.ID, ResolvedAt: ptr(at(11))}
	must(t, "ResolveCase upheld", s.ResolveCase(ctx, uphold))
	st, err = s.Strike(ctx, "s2")
	must(t, "Strike", err)
	if st.RemovedAt != nil {
		t.Errorf("Strike(s2).RemovedAt = %v after the case was upheld, want nil", st.RemovedAt)
	}

	strikes, err := s.Strikes(ctx, w.freelancer.ID, at(-60))
	must(t, "Strikes", err)
	if len(strikes) != 1 || strikes[0].ID != "s2" {
		t.Errorf("Strikes after dismissing c1 = %+v, want only s2", strikes)
	}

	again := &market.Case{ID: "c1", Status: market.CaseUpheld, Note: "second thoughts", ResolverID: w.moderator.ID, ResolvedAt: ptr(at(12))}
	wantCode(t, "ResolveCase of a dismissed case", s.ResolveCase(ctx, again), market.Conflict)
	wantCode(t, "ResolveCase of an upheld case", s.ResolveCase(ctx, &market.Case{ID: "c2", Status: market.CaseDismissed, ResolverID: w.moderator.ID, ResolvedAt: ptr(at(12))}), market.Conflict)
	got, err = s.Case(ctx, "c1")
	must(t, "Case", err)
	diff(t, "Case(c1) after a refused second resolution", got, want)
	st, err = s.Strike(ctx, "s2")
	must(t, "Strike", err)
	if st.RemovedAt != nil {
		t.Errorf("Strike(s2).RemovedAt = %v after a refused dismissal, want nil", st.RemovedAt)
	}

	// A case without a strike can be dismissed too.
	must(t, "CreateCase", s.CreateCase(ctx, newCase("c3", w.client.ID, 2)))
	must(t, "ResolveCase without strike", s.ResolveCase(ctx, &market.Case{ID: "c3", Status: market.CaseDismissed, ResolverID: w.moderator.ID, ResolvedAt: ptr(at(13))}))

	wantCode(t, "ResolveCase(missing)", s.ResolveCase(ctx, &market.Case{ID: "missing", Status: market.CaseUpheld, ResolverID: w.moderator.ID, ResolvedAt: ptr(at(14))}), market.NotFound)
}

// testConcurrentResolve checks that of moderators resolving one case at
// once, exactly one succeeds and the others get a Conflict.
func testConcurrentResolve(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	rec := record("d1", w.freelancer.ID, at(1))
	rec.Strike = &market.Strike{ID: "s1", UserID: w.freelancer.ID, DecisionID: "d1", Rule: "r", CreatedAt: at(1)}
	rec.Case = newCase("c1", w.freelancer.ID, 1)
	rec.Case.DecisionID, rec.Case.StrikeID = "d1", "s1"
	must(t, "RecordDecision", s.RecordDecision(ctx, rec))

	const n = 5
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			status := market.CaseUpheld
			if i%2 == 0 {
				status = market.CaseDismissed
			}
			errs[i] = s.ResolveCase(ctx, &market.Case{ID: "c1", Status: status, Note: fmt.Sprint(i), ResolverID: w.moderator.ID, ResolvedAt: ptr(at(10 + i))})
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("ResolveCase #%d and #%d both succeeded", winner, i)
		case err == nil:
			winner = i
		case market.ErrorCode(err) != market.Conflict:
			t.Errorf("ResolveCase #%d = %v, want nil or a Conflict", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no ResolveCase succeeded: %v", errs)
	}
	c, err := s.Case(ctx, "c1")
	must(t, "Case", err)
	if c.Note != fmt.Sprint(winner) {
		t.Errorf("Case(c1).Note = %q, want the winner's %q", c.Note, fmt.Sprint(winner))
	}
	st, err := s.Strike(ctx, "s1")
	must(t, "Strike", err)
	if removed := st.RemovedAt != nil; removed != (c.Status == market.CaseDismissed) {
		t.Errorf("Strike(s1).RemovedAt = %v with the case %s", st.RemovedAt, c.Status)
	}
}

func testStrikes(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	strike := func(id, user string, i int, removed *time.Time) *market.Strike {
		st := &market.Strike{ID: id, UserID: user, DecisionID: "d-" + id, Rule: "contact.before_contract", CreatedAt: at(i), RemovedAt: removed}
		rec := record("d-"+id, user, at(i))
		rec.Strike = st
		must(t, "RecordDecision "+id, s.RecordDecision(ctx, rec))
		return st
	}
	strike("old", w.freelancer.ID, -60*24*40, nil)
	s1 := strike("s1", w.freelancer.ID, 0, nil)
	strike("removed", w.freelancer.ID, 30, ptr(at(40)))
	s2 := strike("s2", w.freelancer.ID, 60, nil)
	strike("other", w.freelancer2.ID, 10, nil)

	for _, tc := range []struct {
		user  string
		since time.Time
		want  []market.Strike
	}{
		{w.freelancer.ID, at(-60), []market.Strike{*s1, *s2}},
		{w.freelancer.ID, at(0), []market.Strike{*s1, *s2}}, // at or after
		{w.freelancer.ID, at(1), []market.Strike{*s2}},
		{w.freelancer.ID, at(61), []market.Strike{}},
		{w.client.ID, at(-60 * 24 * 365), []market.Strike{}},
	} {
		got, err := s.Strikes(ctx, tc.user, tc.since)
		if err != nil {
			t.Errorf("Strikes(%s, %v): %v", tc.user, tc.since, err)
			continue
		}
		diff(t, fmt.Sprintf("Strikes(%s, %v)", tc.user, tc.since), got, tc.want)
	}
	got, err := s.Strike(ctx, "removed")
	must(t, "Strike(removed)", err)
	if got.RemovedAt == nil {
		t.Errorf("Strike(removed).RemovedAt = nil, want %v", at(40))
	}
}

// testNotFound checks every lookup of a missing id.
func testNotFound(t *testing.T, s market.Store) {
	ctx := context.Background()
	seed(t, s)
	for name, lookup := range map[string]func() (any, error){
		"User":        func() (any, error) { return s.User(ctx, "x") },
		"UserByEmail": func() (any, error) { return s.UserByEmail(ctx, "x@x.test") },
		"UserByToken": func() (any, error) { return s.UserByToken(ctx, "x") },
		"Org":         func() (any, error) { return s.Org(ctx, "x") },
		"Profile":     func() (any, error) { return s.Profile(ctx, "x") },
		"Job":         func() (any, error) { return s.Job(ctx, "x") },
		"Thread":      func() (any, error) { return s.Thread(ctx, "x") },
		"Message":     func() (any, error) { return s.Message(ctx, "x") },
		"Contract":    func() (any, error) { return s.Contract(ctx, "x") },
		"Audit":       func() (any, error) { return s.Audit(ctx, "x") },
		"Case":        func() (any, error) { return s.Case(ctx, "x") },
		"Strike":      func() (any, error) { return s.Strike(ctx, "x") },
	} {
		_, err := lookup()
		wantCode(t, name+"(missing)", err, market.NotFound)
	}
	for name, write := range map[string]func() error{
		"RevokeToken":    func() error { return s.RevokeToken(ctx, "x") },
		"SetPlan":        func() error { return s.SetPlan(ctx, "x", market.Basic) },
		"UpdateContract": func() error { return s.UpdateContract(ctx, &market.Contract{ID: "x", State: market.ContractEnded}) },
	} {
		wantCode(t, name+"(missing)", write(), market.NotFound)
	}
}

// testConcurrentWrites checks that writes at once all succeed: a store
// must wait for its locks, not fail (SQLite's SQLITE_BUSY).
func testConcurrentWrites(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			m := &market.Message{ID: fmt.Sprintf("m%02d", i), ThreadID: th.ID, SenderID: w.client.ID, Text: "hello",
				Action: "allow", DecisionID: fmt.Sprintf("d%02d", i), CreatedAt: at(i)}
			rec := record(m.DecisionID, w.client.ID, m.CreatedAt)
			if i%4 == 0 {
				rec.Strike = &market.Strike{ID: fmt.Sprintf("s%02d", i), UserID: w.client.ID, DecisionID: m.DecisionID, Rule: "r", CreatedAt: m.CreatedAt}
			}
			if err := s.CreateMessage(ctx, m, rec); err != nil {
				errs <- fmt.Errorf("CreateMessage %s: %w", m.ID, err)
				return
			}
			if _, err := s.Messages(ctx, th.ID, 5); err != nil {
				errs <- fmt.Errorf("Messages: %w", err)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	msgs, err := s.Messages(ctx, th.ID, 100)
	must(t, "Messages", err)
	if len(msgs) != n {
		t.Errorf("Messages after %d concurrent writes = %d messages, want %d", n, len(msgs), n)
	}
	for i, m := range msgs {
		if want := fmt.Sprintf("m%02d", i); m.ID != want {
			t.Errorf("Messages[%d].ID = %s, want %s", i, m.ID, want)
		}
	}
	strikes, err := s.Strikes(ctx, w.client.ID, at(-1))
	must(t, "Strikes", err)
	if len(strikes) != n/4 {
		t.Errorf("Strikes after concurrent writes = %d, want %d", len(strikes), n/4)
	}
}

func testListOrgs(t *testing.T, s market.Store) {
	w := seed(t, s)
	got, err := s.Orgs(context.Background())
	must(t, "Orgs", err)
	diff(t, "Orgs", got, []market.Org{*w.org, *w.ent})
}

func testSearchProfiles(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	fred := &market.Profile{UserID: w.freelancer.ID, Name: "Fred", Title: "Go developer", Overview: "Payments and QUEUES, 100% remote.", UpdatedAt: at(1)}
	gina := &market.Profile{UserID: w.freelancer2.ID, Name: "Gina", Title: "Designer", Overview: "Brand identity; Go-to-market decks.", UpdatedAt: at(2)}
	must(t, "PutProfile", s.PutProfile(ctx, fred, record("d-1", fred.UserID, at(1))))
	must(t, "PutProfile", s.PutProfile(ctx, gina, record("d-2", gina.UserID, at(2))))
	for _, tc := range []struct {
		q     string
		limit int
		want  []market.Profile
	}{
		{"", 0, []market.Profile{*gina, *fred}},
		{"", 1, []market.Profile{*gina}},
		{"go", 0, []market.Profile{*gina, *fred}},
		{"queues payments", 0, []market.Profile{*fred}},
		{"GINA brand", 0, []market.Profile{*gina}},
		{"100%", 0, []market.Profile{*fred}},
		{"10_%", 0, []market.Profile{}},
		{"rust", 0, []market.Profile{}},
	} {
		got, err := s.SearchProfiles(ctx, tc.q, tc.limit)
		must(t, "SearchProfiles", err)
		diff(t, fmt.Sprintf("SearchProfiles(%q, %d)", tc.q, tc.limit), got, tc.want)
	}
}

func testHelpVotes(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	got, err := s.HelpVotes(ctx, "enterprise")
	must(t, "HelpVotes", err)
	diff(t, "HelpVotes with none", got, market.HelpTally{})
	for i, v := range []market.HelpVote{
		{Article: "enterprise", Helpful: true, UserID: w.client.ID, CreatedAt: at(1)},
		{Article: "enterprise", Helpful: false, CreatedAt: at(2)},
		{Article: "enterprise", Helpful: true, CreatedAt: at(3)},
		{Article: "other", Helpful: true, CreatedAt: at(4)},
	} {
		must(t, fmt.Sprintf("AddHelpVote %d", i), s.AddHelpVote(ctx, v))
	}
	got, err = s.HelpVotes(ctx, "enterprise")
	must(t, "HelpVotes", err)
	diff(t, "HelpVotes", got, market.HelpTally{Helpful: 2, Total: 3})
	wantCode(t, "AddHelpVote by a missing user", s.AddHelpVote(ctx, market.HelpVote{Article: "x", UserID: "nobody", CreatedAt: at(5)}), market.NotFound)
}

// keyed returns message i of th by sender and its record, bound to key.
func keyed(th *market.Thread, sender string, i int, key string, created time.Time) (*market.Message, market.Record) {
	m := &market.Message{ID: fmt.Sprintf("m%02d", i), ThreadID: th.ID, SenderID: sender, Text: "hello",
		Action: "allow", DecisionID: fmt.Sprintf("d%02d", i), CreatedAt: created}
	rec := record(m.DecisionID, sender, created)
	rec.Key = &market.IdempotencyKey{UserID: sender, Key: key, Request: "req-" + key, MessageID: m.ID,
		Decision:  json.RawMessage(fmt.Sprintf(`{"id": %q, "action": "allow"}`, m.DecisionID)),
		CreatedAt: created, ExpiresAt: created.Add(24 * time.Hour)}
	return m, rec
}

// testIdempotencyKeys checks that a key is written with its message and
// found again, that a key in force is a Conflict that stores nothing,
// that keys are per user, that a refusal binds a key without a message,
// and that an expired key may be used again.
func testIdempotencyKeys(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	_, err := s.IdempotencyKey(ctx, w.client.ID, "k1")
	wantCode(t, "IdempotencyKey(unknown)", err, market.NotFound)

	m1, rec1 := keyed(th, w.client.ID, 1, "k1", at(1))
	must(t, "CreateMessage with a key", s.CreateMessage(ctx, m1, rec1))
	got, err := s.IdempotencyKey(ctx, w.client.ID, "k1")
	must(t, "IdempotencyKey", err)
	diff(t, "IdempotencyKey(k1)", got, rec1.Key)
	_, err = s.IdempotencyKey(ctx, w.freelancer.ID, "k1")
	wantCode(t, "IdempotencyKey of another user", err, market.NotFound)

	m2, rec2 := keyed(th, w.client.ID, 2, "k1", at(2))
	wantCode(t, "CreateMessage with a key in force", s.CreateMessage(ctx, m2, rec2), market.Conflict)
	_, err = s.Message(ctx, m2.ID)
	wantCode(t, "Message of a write whose key was in force", err, market.NotFound)
	checkNoAudit(t, s, rec2.Audit.DecisionID)

	// The same key is another user's own.
	m3, rec3 := keyed(th, w.freelancer.ID, 3, "k1", at(3))
	must(t, "CreateMessage with another user's key", s.CreateMessage(ctx, m3, rec3))

	// A refused write binds its key with no message.
	refused := record("d-refused", w.client.ID, at(4))
	refused.Audit.Action, refused.Audit.Subject = "block", ""
	refused.Key = &market.IdempotencyKey{UserID: w.client.ID, Key: "k2", Request: "req-k2",
		Decision: json.RawMessage(`{"id": "d-refused", "action": "block"}`), CreatedAt: at(4), ExpiresAt: at(4).Add(24 * time.Hour)}
	must(t, "RecordDecision with a key", s.RecordDecision(ctx, refused))
	got, err = s.IdempotencyKey(ctx, w.client.ID, "k2")
	must(t, "IdempotencyKey(k2)", err)
	diff(t, "IdempotencyKey(k2)", got, refused.Key)
	again := record("d-refused-2", w.client.ID, at(5))
	again.Key = refused.Key
	wantCode(t, "RecordDecision with a key in force", s.RecordDecision(ctx, again), market.Conflict)
	checkNoAudit(t, s, "d-refused-2")

	// A day later both keys have expired: k1 is used again, and writing
	// it deletes the user's expired k2.
	later := at(4).Add(25 * time.Hour)
	m5, rec5 := keyed(th, w.client.ID, 5, "k1", later)
	must(t, "CreateMessage with an expired key", s.CreateMessage(ctx, m5, rec5))
	got, err = s.IdempotencyKey(ctx, w.client.ID, "k1")
	must(t, "IdempotencyKey(k1) used again", err)
	diff(t, "IdempotencyKey(k1) used again", got, rec5.Key)
	_, err = s.IdempotencyKey(ctx, w.client.ID, "k2")
	wantCode(t, "IdempotencyKey(k2) after it expired and the user wrote", err, market.NotFound)
	if _, err := s.IdempotencyKey(ctx, w.freelancer.ID, "k1"); err != nil {
		t.Errorf("IdempotencyKey of another user, in force: %v", err)
	}
}

// testConcurrentIdempotencyKey checks that of writes racing with one key,
// exactly one stores its message; the others are Conflicts that store
// nothing.
func testConcurrentIdempotencyKey(t *testing.T, s market.Store) {
	ctx := context.Background()
	w, th := thread(t, s)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			m, rec := keyed(th, w.client.ID, i, "same", at(1))
			errs[i] = s.CreateMessage(ctx, m, rec)
		}()
	}
	close(start)
	wg.Wait()
	stored := 0
	for i, err := range errs {
		switch {
		case err == nil:
			stored++
		case market.ErrorCode(err) != market.Conflict:
			t.Errorf("CreateMessage #%d with a raced key = %v, want nil or a Conflict", i, err)
		}
	}
	msgs, err := s.Messages(ctx, th.ID, 100)
	must(t, "Messages", err)
	if stored != 1 || len(msgs) != 1 {
		t.Fatalf("%d writes racing with one key: %d succeeded, %d messages stored; want 1 and 1", n, stored, len(msgs))
	}
	k, err := s.IdempotencyKey(ctx, w.client.ID, "same")
	must(t, "IdempotencyKey", err)
	if k.MessageID != msgs[0].ID {
		t.Errorf("IdempotencyKey(same).MessageID = %s, want the stored message %s", k.MessageID, msgs[0].ID)
	}
}

// testHostileIDs checks that looking up ids no row can have (NUL, invalid
// UTF-8, SQL metacharacters) is a NotFound or an Invalid, never another
// error, whatever the database thinks of the bytes.
func testHostileIDs(t *testing.T, s market.Store) {
	ctx := context.Background()
	w := seed(t, s)
	for _, id := range []string{"job_\x00", "job_\xff\xfe", "' OR 1=1 --", `x"; DROP TABLE jobs; --`, "../../etc/passwd", "%"} {
		_, err := s.Job(ctx, id)
		if code := market.ErrorCode(err); code != market.NotFound && code != market.Invalid {
			t.Errorf("Job(%q) = %v, want NotFound or Invalid", id, err)
		}
		_, err = s.IdempotencyKey(ctx, w.client.ID, id)
		if code := market.ErrorCode(err); code != market.NotFound && code != market.Invalid {
			t.Errorf("IdempotencyKey(%q) = %v, want NotFound or Invalid", id, err)
		}
	}
	if _, err := s.Job(ctx, "' OR 1=1 --"); market.ErrorCode(err) != market.NotFound {
		t.Errorf("Job(SQL) = %v, want NotFound", err)
	}
}
