package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// AccountPage is the data of the account health page: the user's
// strikes, what each was for, when it stops counting, where they stand,
// and a way to appeal.
type AccountPage struct {
	Base
	Standing  policy.Standing
	Strikes   []StrikeItem
	DecayDays int
	Error     string
	// Decided are the user's appeals a moderator has decided, newest
	// first, the dismissed ones included (their strikes are gone).
	Decided []AppealItem
}

// StrikeItem is one strike as its user sees it.
type StrikeItem struct {
	ID        string
	Rule      string
	Reason    string // the rule's reason, in words
	CreatedAt time.Time
	Expires   time.Time
	Appeal    string // a draft that came back with an error
	// Appealed is the latest appeal of the strike, if any: open (under
	// appeal) or upheld (the strike stands).
	Appealed *AppealItem
}

// AppealItem is an appeal as its user sees it.
type AppealItem struct {
	ID        string
	StrikeID  string
	Status    market.CaseStatus
	Rule      string // of the strike, when the appeal's decision names it
	Text      string // what the appeal said
	Note      string // the moderator's answer
	CreatedAt time.Time
	Resolved  *time.Time
}

// Outcome says in words where the appeal is.
func (a AppealItem) Outcome() string {
	switch a.Status {
	case market.CaseOpen:
		return "Under appeal: a moderator will review it."
	case market.CaseUpheld:
		return "Appeal decided: the strike stands."
	case market.CaseDismissed:
		return "Appeal accepted: the strike was removed."
	}
	return ""
}

func (u *UI) account(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.accountPage(r.Context(), s)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "appealed":
		p.Flash = "Your appeal was sent to Trust & Safety. A moderator will review it."
	}
	u.render(w, r, http.StatusOK, "account", p)
	return nil
}

func (u *UI) accountPage(ctx context.Context, s *session) (AccountPage, error) {
	st, err := u.svc.Standing(ctx, s.User)
	if err != nil {
		return AccountPage{}, err
	}
	strikes, err := u.svc.Strikes(ctx, s.User)
	if err != nil {
		return AccountPage{}, err
	}
	decay := u.svc.Policy().StrikeDecay()
	p := AccountPage{Base: s.base("Account health", "account"), Standing: st, DecayDays: int(decay.Hours() / 24)}
	cases, err := u.svc.MyCases(ctx, s.User)
	if err != nil {
		return AccountPage{}, err
	}
	latest := map[string]*AppealItem{} // by strike; cases come oldest first
	for _, c := range cases {
		if c.Kind != market.CaseAppeal {
			continue
		}
		a := &AppealItem{ID: c.ID, StrikeID: c.StrikeID, Status: c.Status, Text: c.Appeal, Note: c.Note, CreatedAt: c.CreatedAt, Resolved: c.ResolvedAt}
		if d, err := decodeDecision(c.Decision); err == nil {
			for _, r := range d.Reasons {
				if r.Strike || a.Rule == "" {
					a.Rule = r.Rule
				}
			}
		}
		latest[c.StrikeID] = a
		if c.Status != market.CaseOpen {
			p.Decided = append([]AppealItem{*a}, p.Decided...)
		}
	}
	for _, k := range strikes {
		p.Strikes = append(p.Strikes, StrikeItem{ID: k.ID, Rule: k.Rule, Reason: u.facts.Reasons[k.Rule], CreatedAt: k.CreatedAt, Expires: k.CreatedAt.Add(decay),
			Appealed: latest[k.ID]})
	}
	return p, nil
}

func (u *UI) appeal(w http.ResponseWriter, r *http.Request, s *session) error {
	id, text := r.PostFormValue("strike"), r.PostFormValue("text")
	_, err := u.svc.Appeal(r.Context(), s.User, id, text)
	switch market.ErrorCode(err) {
	case market.Invalid, market.Conflict, market.NotFound:
		p, perr := u.accountPage(r.Context(), s)
		if perr != nil {
			return perr
		}
		p.Error = market.ErrorMessage(err)
		for i := range p.Strikes {
			if p.Strikes[i].ID == id {
				p.Strikes[i].Appeal = text
			}
		}
		u.render(w, r, statusOf[market.ErrorCode(err)], "account", p)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/account?done=appealed")
}

// CasesPage is the data of the moderation queue.
type CasesPage struct {
	Base
	Status string
	Cases  []CaseItem
}

// CaseItem is a case in the queue.
type CaseItem struct {
	market.Case
	User    string
	Snippet string
}

func (u *UI) cases(w http.ResponseWriter, r *http.Request, s *session) error {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = string(market.CaseOpen)
	}
	if status == "all" {
		status = ""
	}
	cs, err := u.svc.Cases(r.Context(), s.User, market.CaseStatus(status), 200)
	if err != nil {
		return err
	}
	n := u.names()
	p := CasesPage{Base: s.base("Moderation", "moderation"), Status: status}
	if p.Status == "" {
		p.Status = "all"
	}
	for _, c := range cs {
		text := c.Text
		if c.Kind == market.CaseAppeal {
			text = c.Appeal
		}
		p.Cases = append(p.Cases, CaseItem{Case: c, User: n.user(r.Context(), c.UserID), Snippet: snippet(text, 120)})
	}
	u.render(w, r, http.StatusOK, "cases", p)
	return nil
}

// snippet shortens s to about n bytes, on a character boundary.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !boundary(s, n) {
		n--
	}
	return s[:n] + "…"
}

// CasePage is the data of one case: the text with its findings
// highlighted, the rules that decided it and their notice, the user's
// history, and the form that resolves it.
type CasePage struct {
	Base
	Case     market.Case
	Author   string // whose text or strike
	Segments []Segment
	Decision market.Decision
	Rules    []RuleItem
	History  []CaseItem
	Error    string
	Note     string
}

// RuleItem is a rule that decided a case's text.
type RuleItem struct {
	ID, Kind, Action, Reason string
}

// decodeDecision reads a case's stored decision: every case, flag or
// appeal, stores the market.Decision it is about.
func decodeDecision(raw []byte) (market.Decision, error) {
	var d market.Decision
	if len(raw) == 0 {
		return d, nil
	}
	err := json.Unmarshal(raw, &d)
	return d, err
}

func (u *UI) caseView(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.casePage(r.Context(), s, r.PathValue("id"))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "resolved" {
		p.Flash = "Case " + string(p.Case.Status) + "."
	}
	u.render(w, r, http.StatusOK, "case", p)
	return nil
}

func (u *UI) casePage(ctx context.Context, s *session, id string) (CasePage, error) {
	c, err := u.svc.Case(ctx, s.User, id)
	if err != nil {
		return CasePage{}, err
	}
	n := u.names()
	p := CasePage{Base: s.base("Case", "moderation"), Case: *c, Author: n.user(ctx, c.UserID)}
	if p.Decision, err = decodeDecision(c.Decision); err != nil {
		u.log.WarnContext(ctx, "ui: case decision", "case", c.ID, "err", err)
	}
	p.Segments = highlight(c.Text, p.Decision.Findings)
	for _, r := range p.Decision.Reasons {
		// A decision rebuilt from the audit log (a strike that opened no
		// flag case) names its rules without their kinds or messages.
		item := RuleItem{ID: r.Rule, Action: string(r.Action), Reason: r.Message}
		if r.Kind != "" {
			item.Kind = kindWord(r.Kind)
		}
		if item.Reason == "" {
			item.Reason = u.facts.Reasons[r.Rule]
		}
		p.Rules = append(p.Rules, item)
	}
	history, err := u.svc.UserCases(ctx, s.User, c.UserID)
	if err != nil {
		return CasePage{}, err
	}
	for _, h := range history {
		if h.ID == c.ID {
			continue
		}
		text := h.Text
		if h.Kind == market.CaseAppeal {
			text = h.Appeal
		}
		p.History = append(p.History, CaseItem{Case: h, Snippet: snippet(text, 120)})
	}
	return p, nil
}

func (u *UI) resolveCase(w http.ResponseWriter, r *http.Request, s *session) error {
	id, note := r.PathValue("id"), strings.TrimSpace(r.PostFormValue("note"))
	_, err := u.svc.ResolveCase(r.Context(), s.User, id, market.CaseStatus(r.PostFormValue("status")), note)
	switch market.ErrorCode(err) {
	case market.Invalid, market.Conflict:
		p, perr := u.casePage(r.Context(), s, id)
		if perr != nil {
			return perr
		}
		p.Error, p.Note = market.ErrorMessage(err), note
		u.render(w, r, statusOf[market.ErrorCode(err)], "case", p)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/moderation/cases/"+id+"?done=resolved")
}

// OrgsPage is the data of the admin's list of organisations and plans.
type OrgsPage struct {
	Base
	Orgs  []market.Org
	Plans []market.Plan
}

func (u *UI) orgs(w http.ResponseWriter, r *http.Request, s *session) error {
	orgs, err := u.svc.Orgs(r.Context(), s.User)
	if err != nil {
		return err
	}
	p := OrgsPage{Base: s.base("Organisations and plans", "admin"), Orgs: orgs, Plans: []market.Plan{market.Basic, market.Business, market.Enterprise}}
	if r.URL.Query().Get("done") == "plan" {
		p.Flash = "Plan changed."
	}
	u.render(w, r, http.StatusOK, "orgs", p)
	return nil
}

func (u *UI) setPlan(w http.ResponseWriter, r *http.Request, s *session) error {
	if _, err := u.svc.SetPlan(r.Context(), s.User, r.PathValue("id"), market.Plan(r.PostFormValue("plan"))); err != nil {
		return err
	}
	return redirect(w, r, "/admin/orgs?done=plan")
}
