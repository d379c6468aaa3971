package market_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

func TestContractStartedAt(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	at := func(h int) *time.Time { v := t0.Add(time.Duration(h) * time.Hour); return &v }
	for _, tc := range []struct {
		name string
		c    market.Contract
		now  time.Time
		want *time.Time
	}{
		{"offered, no start date", market.Contract{State: market.ContractOffered}, *at(10), nil},
		{"offered, start date to come", market.Contract{State: market.ContractOffered, StartsAt: at(5)}, *at(4), nil},
		{"offered, start date come", market.Contract{State: market.ContractOffered, StartsAt: at(5)}, *at(5), at(5)},
		{"accepted", market.Contract{State: market.ContractActive, AcceptedAt: at(2)}, *at(10), at(2)},
		{"accepted before the start date", market.Contract{State: market.ContractActive, AcceptedAt: at(2), StartsAt: at(5)}, *at(10), at(2)},
		{"start date before the acceptance", market.Contract{State: market.ContractActive, AcceptedAt: at(6), StartsAt: at(5)}, *at(10), at(5)},
		{"ended", market.Contract{State: market.ContractEnded, AcceptedAt: at(2), EndedAt: at(3)}, *at(10), at(2)},
	} {
		if got := tc.c.StartedAt(tc.now); !cmp.Equal(got, tc.want) {
			t.Errorf("%s: StartedAt = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestContractsWith(t *testing.T) {
	w := newWorld(t, nil)
	start := w.clock.Now().Add(48 * time.Hour)
	basic, err := w.svc.OfferContract(w.ctx, w.basic, w.ana.ID, "", &start)
	if err != nil {
		t.Fatal(err)
	}
	ent, err := w.svc.OfferContract(w.ctx, w.ent, w.ana.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(cs []market.Contract) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		actor       *market.User
		with        string
		want        []string
		code        market.Code
		wantStarted bool
	}{
		{"client with freelancer", w.basic, w.ana.ID, []string{basic.ID}, "", false},
		{"freelancer with client", w.ana, w.basic.ID, []string{basic.ID}, "", false},
		{"freelancer with the other client", w.ana, w.ent.ID, []string{ent.ID}, "", false},
		{"no contracts", w.ravi, w.basic.ID, []string{}, "", false},
		{"client with client", w.basic, w.ent.ID, nil, market.Invalid, false},
		{"freelancer with freelancer", w.ana, w.ravi.ID, nil, market.Invalid, false},
		{"no such user", w.basic, "usr_missing", nil, market.Invalid, false},
		{"nobody", w.basic, "", nil, market.Invalid, false},
		{"staff", w.admin, w.ana.ID, nil, market.Forbidden, false},
	} {
		got, err := w.svc.ContractsWith(w.ctx, tc.actor, tc.with)
		if tc.code != "" {
			if market.ErrorCode(err) != tc.code {
				t.Errorf("%s: ContractsWith = %v, %v; want %s", tc.name, got, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: ContractsWith: %v", tc.name, err)
			continue
		}
		if d := cmp.Diff(tc.want, ids(got)); d != "" {
			t.Errorf("%s: ContractsWith ids (-want +got):\n%s", tc.name, d)
		}
	}

	// The state is the effective one: the start date makes it active.
	w.clock.Add(49 * time.Hour)
	got, err := w.svc.ContractsWith(w.ctx, w.ana, w.basic.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("ContractsWith after the start date = %v, %v", got, err)
	}
	if got[0].State != market.ContractActive || !cmp.Equal(got[0].StartedAt(w.svc.Now()), got[0].StartsAt) {
		t.Errorf("after the start date: state %s, started %v; want active since %v", got[0].State, got[0].StartedAt(w.svc.Now()), got[0].StartsAt)
	}
}

func TestProposals(t *testing.T) {
	w := newWorld(t, nil)
	job, _, err := w.svc.CreateJob(w.ctx, w.basic, market.JobInput{Title: "Logo", Description: "A new logo."})
	if err != nil {
		t.Fatal(err)
	}
	p1, _, err := w.svc.SubmitProposal(w.ctx, w.ana, job.ID, "I design logos.")
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Add(time.Minute)
	p2, _, err := w.svc.SubmitProposal(w.ctx, w.ravi, job.ID, "Me too.")
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.svc.Proposals(w.ctx, w.basic, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]market.Proposal{*p2, *p1}, got); d != "" {
		t.Errorf("Proposals for the job's client (-want +got):\n%s", d)
	}
	for _, u := range []*market.User{w.ent, w.ana, w.ravi, w.admin} {
		if got, err := w.svc.Proposals(w.ctx, u, job.ID); market.ErrorCode(err) != market.NotFound {
			t.Errorf("Proposals as %s = %v, %v; want not found", u.Name, got, err)
		}
	}
	if _, err := w.svc.Proposals(w.ctx, w.basic, "job_missing"); market.ErrorCode(err) != market.NotFound {
		t.Errorf("Proposals of no job: %v, want not found", err)
	}
}

func TestReviews(t *testing.T) {
	w := newWorld(t, nil)
	c, _ := w.svc.OfferContract(w.ctx, w.basic, w.ana.ID, "", nil)
	if _, err := w.svc.AcceptContract(w.ctx, w.ana, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.EndContract(w.ctx, w.basic, c.ID); err != nil {
		t.Fatal(err)
	}
	ofAna, _, err := w.svc.WriteReview(w.ctx, w.basic, c.ID, 5, "Great work.")
	if err != nil {
		t.Fatal(err)
	}
	ofCarl, _, err := w.svc.WriteReview(w.ctx, w.ana, c.ID, 4, "Clear brief.")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		subject string
		want    []market.Review
	}{
		{w.ana.ID, []market.Review{*ofAna}},
		{w.basic.ID, []market.Review{*ofCarl}},
		{w.ravi.ID, []market.Review{}},
	} {
		got, err := w.svc.Reviews(w.ctx, tc.subject)
		if err != nil {
			t.Errorf("Reviews(%s): %v", tc.subject, err)
			continue
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("Reviews(%s) (-want +got):\n%s", tc.subject, d)
		}
	}
}

func TestRefusedFieldNamed(t *testing.T) {
	w := newWorld(t, nil)
	for _, tc := range []struct {
		name  string
		write func() error
		field string
	}{
		{"job title", func() error {
			_, _, err := w.svc.CreateJob(w.ctx, w.basic, market.JobInput{Title: "Call +44 7911 123456", Description: "A logo."})
			return err
		}, "title"},
		{"job description", func() error {
			_, _, err := w.svc.CreateJob(w.ctx, w.basic, market.JobInput{Title: "Logo", Description: "Call me on +44 7911 123456"})
			return err
		}, "description"},
		{"profile title", func() error {
			_, _, err := w.svc.PutProfile(w.ctx, w.ana, market.ProfileInput{Title: "ana.lima@gmail.com", Overview: "Logos."})
			return err
		}, "title"},
		{"profile overview", func() error {
			_, _, err := w.svc.PutProfile(w.ctx, w.ana, market.ProfileInput{Title: "Designer", Overview: "WhatsApp me: +55 11 98765-4321"})
			return err
		}, "overview"},
		{"message", func() error {
			_, err := w.send(t, w.basic, w.basThread, "mail me at carl@example.org")
			return err
		}, ""},
	} {
		err := tc.write()
		var me *market.Error
		if market.ErrorCode(err) != market.Refused || !errors.As(err, &me) {
			t.Errorf("%s: %v, want refused", tc.name, err)
			continue
		}
		if me.Field != tc.field {
			t.Errorf("%s: Field = %q, want %q", tc.name, me.Field, tc.field)
		}
	}
}

// decodedCase is the shape every case's Decision has: a market.Decision.
func decodedCase(t *testing.T, c market.Case) market.Decision {
	t.Helper()
	var d market.Decision
	dec := json.NewDecoder(strings.NewReader(string(c.Decision)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("case %s (%s): decision %s is not a market.Decision: %v", c.ID, c.Kind, c.Decision, err)
	}
	return d
}

// TestAppealAfterTheFlagCaseClosed checks that an appeal keeps the text
// and the decision of its strike in the shape of a flag case, even when
// the flag case was resolved first, and that the user sees their own
// cases, but not who resolved them.
func TestAppealAfterTheFlagCaseClosed(t *testing.T) {
	w := newWorld(t, nil)
	text := "pay me on paypal.me/analima instead"
	if _, err := w.send(t, w.ana, w.basThread, text); market.ErrorCode(err) != market.Refused {
		t.Fatalf("payment: %v, want refused", err)
	}
	open, _ := w.svc.Cases(w.ctx, w.admin, market.CaseOpen, 0)
	if len(open) != 1 {
		t.Fatalf("%d open cases, want 1", len(open))
	}
	flag := open[0]
	if _, err := w.svc.ResolveCase(w.ctx, w.admin, flag.ID, market.CaseUpheld, "payment outside"); err != nil {
		t.Fatal(err)
	}
	strikes, _ := w.svc.Strikes(w.ctx, w.ana)
	if len(strikes) != 1 {
		t.Fatalf("%d strikes, want 1", len(strikes))
	}
	ap, err := w.svc.Appeal(w.ctx, w.ana, strikes[0].ID, "A quote from a scam I received.")
	if err != nil {
		t.Fatal(err)
	}
	if ap.Text != text || ap.Channel != "message" {
		t.Errorf("appeal text, channel = %q, %q; want %q, message", ap.Text, ap.Channel, text)
	}
	want, got := decodedCase(t, flag), decodedCase(t, *ap)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("appeal decision differs from the flag case's (-flag +appeal):\n%s", d)
	}
	if got.ID != strikes[0].DecisionID || got.Action != policy.Block || len(got.Reasons) == 0 || len(got.Findings) == 0 {
		t.Errorf("appeal decision = %+v", got)
	}

	mine, err := w.svc.MyCases(w.ctx, w.ana)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 2 || mine[0].ID != flag.ID || mine[1].ID != ap.ID {
		t.Fatalf("MyCases = %+v, want the flag case and the appeal", mine)
	}
	if mine[0].Status != market.CaseUpheld || mine[0].Note != "payment outside" || mine[0].ResolverID != "" {
		t.Errorf("MyCases flag case = %+v, want upheld with its note and no resolver", mine[0])
	}
	if _, err := w.svc.ResolveCase(w.ctx, w.admin, ap.ID, market.CaseDismissed, "Fair enough."); err != nil {
		t.Fatal(err)
	}
	mine, _ = w.svc.MyCases(w.ctx, w.ana)
	if mine[1].Status != market.CaseDismissed || mine[1].Note != "Fair enough." || mine[1].ResolverID != "" {
		t.Errorf("MyCases appeal = %+v, want dismissed with its note and no resolver", mine[1])
	}
	if others, err := w.svc.MyCases(w.ctx, w.ravi); err != nil || len(others) != 0 {
		t.Errorf("MyCases of a user with none = %v, %v", others, err)
	}
}

// TestAppealOfAStrikeWithoutCase checks that a strike from a rule that
// strikes without flagging, so without a flag case, is appealed with its
// decision in the same shape, rebuilt from the audit log.
func TestAppealOfAStrikeWithoutCase(t *testing.T) {
	yaml := string(policy.DefaultFile())
	flagged := "action: block\n    flag: true\n    strike: true\n    mask: \"[payment details hidden]\""
	if !strings.Contains(yaml, flagged) {
		t.Fatal("the default policy's payment rule changed: update this test")
	}
	pol, err := policy.Load("no-flag", []byte(strings.Replace(yaml, flagged, strings.Replace(flagged, "flag: true", "flag: false", 1), 1)))
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, pol)
	if _, err := w.send(t, w.ana, w.basThread, "pay me on paypal.me/analima instead"); market.ErrorCode(err) != market.Refused {
		t.Fatalf("payment: %v, want refused", err)
	}
	strikes, _ := w.svc.Strikes(w.ctx, w.ana)
	if len(strikes) != 1 {
		t.Fatalf("%d strikes, want 1", len(strikes))
	}
	if open, _ := w.svc.Cases(w.ctx, w.admin, "", 0); len(open) != 0 {
		t.Fatalf("%d cases, want none", len(open))
	}
	ap, err := w.svc.Appeal(w.ctx, w.ana, strikes[0].ID, "It was a quote.")
	if err != nil {
		t.Fatal(err)
	}
	d := decodedCase(t, *ap)
	if d.ID != strikes[0].DecisionID || d.Action != policy.Block || len(d.Findings) == 0 || len(d.Reasons) == 0 || d.Reasons[0].Rule != strikes[0].Rule {
		t.Errorf("appeal decision = %+v, want the strike's decision with its rule", d)
	}
	if ap.Channel != "message" {
		t.Errorf("appeal channel = %q, want message", ap.Channel)
	}
}
