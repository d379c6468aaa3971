package ui

import (
	"net/http"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// helpArticle names the help article in votes.
const helpArticle = "enterprise"

// HelpPage is the data of "Enterprise clients and contact information".
// Everything it says about what is allowed comes from Facts, worked out
// from the live policy, so the article cannot disagree with enforcement.
type HelpPage struct {
	Base
	Facts *PolicyFacts
	// Feedback is the "Was this article helpful?" box.
	Feedback Feedback
}

// Feedback is the data of the vote box, also an htmx fragment.
type Feedback struct {
	CSRF  string
	Tally market.HelpTally
	Voted bool
}

func (u *UI) help(w http.ResponseWriter, r *http.Request, s *session) error {
	tally, err := u.svc.HelpTally(r.Context(), helpArticle)
	if err != nil {
		return err
	}
	p := HelpPage{Base: s.base("Enterprise clients and contact information", "help"), Facts: u.facts,
		Feedback: Feedback{CSRF: s.CSRF, Tally: tally, Voted: r.URL.Query().Get("voted") == "1"}}
	u.render(w, r, http.StatusOK, "help", p)
	return nil
}

// vote records a reader's answer to "Was this article helpful?"; anyone
// may answer, logged in or not.
func (u *UI) vote(w http.ResponseWriter, r *http.Request, s *session) error {
	var helpful bool
	switch r.PostFormValue("helpful") {
	case "yes":
		helpful = true
	case "no":
	default:
		return market.Errorf(market.Invalid, "Answer yes or no.")
	}
	tally, err := u.svc.VoteHelpful(r.Context(), s.User, helpArticle, helpful)
	if err != nil {
		return err
	}
	if isHTMX(r) {
		u.fragment(w, r, http.StatusOK, "feedback", Feedback{CSRF: s.CSRF, Tally: tally, Voted: true})
		return nil
	}
	return redirect(w, r, "/help/enterprise?voted=1#feedback")
}

// PlansPage is the data of the public plans page.
type PlansPage struct {
	Base
	Facts *PolicyFacts
}

func (u *UI) plans(w http.ResponseWriter, r *http.Request, s *session) error {
	u.render(w, r, http.StatusOK, "plans", PlansPage{Base: s.base("Plans", "plans"), Facts: u.facts})
	return nil
}
