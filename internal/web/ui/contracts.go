package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// ContractPage is the data of a contract's page.
type ContractPage struct {
	Base
	Contract   *market.Contract
	Client     string
	Freelancer string
	Org        string
	Enterprise bool
	Job        *market.Job
	ThreadID   string // the conversation of the two parties about it
	StartedAt  *time.Time
	// Sharing is set when the policy allows contact details in messages
	// once a contract has started.
	Sharing bool
	// CanAccept, CanEnd and CanReview say which actions the viewer has.
	CanAccept, CanEnd, CanReview bool
	// Rating, Review and Check are a review's draft and what the policy
	// said of it.
	Rating int
	Review string
	Check  *Check
}

func (u *UI) contractPage(ctx context.Context, s *session, id string) (ContractPage, error) {
	c, err := u.svc.Contract(ctx, s.User, id)
	if err != nil {
		return ContractPage{}, err
	}
	n := u.names()
	org := n.org(ctx, c.OrgID)
	p := ContractPage{
		Base:       s.base("Contract", "messages"),
		Contract:   c,
		Client:     n.user(ctx, c.ClientID),
		Freelancer: n.user(ctx, c.FreelancerID),
		Org:        org.Name,
		Enterprise: org.Plan == market.Enterprise,
		StartedAt:  c.StartedAt(u.svc.Now()),
		Sharing:    slices.ContainsFunc(u.facts.Contract, func(a Allowance) bool { return slices.Contains(a.Channels, policy.Message) }),
		CanAccept:  c.State == market.ContractOffered && s.User.ID == c.FreelancerID,
		CanEnd:     c.State == market.ContractActive,
		CanReview:  c.State == market.ContractEnded,
		Rating:     5,
	}
	if c.JobID != "" {
		if j, err := u.svc.Job(ctx, c.JobID); err == nil {
			p.Job = j
		}
	}
	if ts, err := u.svc.Threads(ctx, s.User); err == nil {
		for _, t := range ts {
			if t.OrgID == c.OrgID && t.FreelancerID == c.FreelancerID && (p.ThreadID == "" || t.JobID == c.JobID) {
				p.ThreadID = t.ID
			}
		}
	}
	return p, nil
}

func (u *UI) contract(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.contractPage(r.Context(), s, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "offered":
		p.Flash = "Contract offered. The freelancer will find it in your conversation."
	case "accepted":
		p.Flash = "Contract accepted: it has started."
	case "ended":
		p.Flash = "Contract ended."
	case "reviewed":
		p.Flash = "Thank you: your review is published."
	}
	u.render(w, r, http.StatusOK, "contract", p)
	return nil
}

func (u *UI) acceptContract(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := u.svc.AcceptContract(r.Context(), s.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/contracts/"+c.ID+"?done=accepted")
}

func (u *UI) endContract(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := u.svc.EndContract(r.Context(), s.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/contracts/"+c.ID+"?done=ended")
}

// writeReview publishes a review of the other party; reviews are public,
// so the policy holds them to the public rules.
func (u *UI) writeReview(w http.ResponseWriter, r *http.Request, s *session) error {
	id, text := r.PathValue("id"), r.PostFormValue("text")
	rating, _ := strconv.Atoi(r.PostFormValue("rating"))
	_, dec, err := u.svc.WriteReview(r.Context(), s.User, id, rating, text)
	if err == nil && dec != nil && dec.Action == policy.Allow {
		return redirect(w, r, "/contracts/"+id+"?done=reviewed")
	}
	p, perr := u.contractPage(r.Context(), s, id)
	if perr != nil {
		return perr
	}
	p.Rating, p.Review = rating, text
	status := http.StatusOK
	switch code := market.ErrorCode(err); {
	case err == nil:
		p.Flash, p.Review, p.Check = "Thank you: your review is published.", "", sent(text, dec)
	case code == market.Refused:
		status = http.StatusUnprocessableEntity
		p.Check = refusal([]draftField{{"Review", text, "text"}}, err)
	case code == market.Invalid || code == market.Conflict || code == market.Forbidden:
		status = statusOf[code]
		p.Check = &Check{Error: market.ErrorMessage(err)}
	default:
		return err
	}
	u.render(w, r, status, "contract", p)
	return nil
}
