package ui

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// searchLimit is how many tiles a search page shows.
const searchLimit = 50

// JobsPage is the data of the job search page.
type JobsPage struct {
	Base
	Q     string
	Tiles []market.JobTile
	Error string
}

func (u *UI) searchJobs(w http.ResponseWriter, r *http.Request, s *session) error {
	p := JobsPage{Base: s.base("Find work", "jobs"), Q: r.URL.Query().Get("q")}
	tiles, err := u.svc.SearchJobs(r.Context(), p.Q, searchLimit)
	switch market.ErrorCode(err) {
	case market.Invalid:
		p.Error = market.ErrorMessage(err)
	default:
		if err != nil {
			return err
		}
	}
	p.Tiles = tiles
	u.render(w, r, http.StatusOK, "jobs", p)
	return nil
}

// JobPage is the data of a job post's page.
type JobPage struct {
	Base
	Job    *market.Job
	Org    *market.Org
	Client string // the posting client's name
	// Own is set for the client organisation that posted it.
	Own bool
	// Freelancer is set when the viewer may message the client and send
	// a proposal.
	Freelancer bool
	// CoverLetter and Check are a proposal's draft and what the policy
	// said of it.
	CoverLetter string
	Check       *Check
	// Proposals are the job's proposals, for its client (Own).
	Proposals []ProposalItem
}

// ProposalItem is a proposal as the job's client sees it.
type ProposalItem struct {
	ID           string
	FreelancerID string
	Freelancer   string
	CoverLetter  string
	CreatedAt    time.Time
}

// Enterprise reports whether the job's client is on the Enterprise plan.
func (p JobPage) Enterprise() bool { return p.Org != nil && p.Org.Plan == market.Enterprise }

func (u *UI) jobPage(ctx context.Context, s *session, id string) (JobPage, error) {
	job, err := u.svc.Job(ctx, id)
	if err != nil {
		return JobPage{}, err
	}
	org, err := u.svc.Org(ctx, job.OrgID)
	if err != nil {
		return JobPage{}, err
	}
	p := JobPage{Base: s.base(job.Title, "jobs"), Job: job, Org: org}
	if c, err := u.svc.User(ctx, job.ClientID); err == nil {
		p.Client = c.Name
	}
	if s.User != nil {
		p.Own = s.User.Role == market.RoleClient && s.User.OrgID == job.OrgID
		p.Freelancer = s.User.Role == market.RoleFreelancer
	}
	if p.Own {
		ps, err := u.svc.Proposals(ctx, s.User, job.ID)
		if err != nil {
			return JobPage{}, err
		}
		n := u.names()
		for _, pr := range ps {
			p.Proposals = append(p.Proposals, ProposalItem{ID: pr.ID, FreelancerID: pr.FreelancerID, Freelancer: n.user(ctx, pr.FreelancerID),
				CoverLetter: pr.CoverLetter, CreatedAt: pr.CreatedAt})
		}
	}
	return p, nil
}

func (u *UI) job(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.jobPage(r.Context(), s, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "proposal":
		p.Flash = "Your proposal was sent to the client."
	case "saved":
		p.Flash = "Your job post is saved."
	}
	u.render(w, r, http.StatusOK, "job", p)
	return nil
}

func (u *UI) submitProposal(w http.ResponseWriter, r *http.Request, s *session) error {
	id, letter := r.PathValue("id"), r.PostFormValue("cover_letter")
	_, dec, err := u.svc.SubmitProposal(r.Context(), s.User, id, letter)
	p, perr := u.jobPage(r.Context(), s, id)
	if perr != nil {
		return perr
	}
	switch market.ErrorCode(err) {
	case market.Refused:
		p.CoverLetter = letter
		p.Check = refusal([]draftField{{"Cover letter", letter, "cover_letter"}}, err)
		u.render(w, r, http.StatusUnprocessableEntity, "job", p)
		return nil
	case market.Invalid, market.Forbidden, market.Conflict:
		p.CoverLetter = letter
		p.Check = &Check{Error: market.ErrorMessage(err)}
		u.render(w, r, statusOf[market.ErrorCode(err)], "job", p)
		return nil
	}
	if err != nil {
		return err
	}
	if c := sent(letter, dec); c != nil {
		p.Flash, p.Check = "Your proposal was sent to the client.", c
		u.render(w, r, http.StatusOK, "job", p)
		return nil
	}
	return redirect(w, r, "/jobs/"+id+"?done=proposal")
}

// JobFormPage is the data of the form that posts or edits a job. It keeps
// what the client typed when the policy refuses it.
type JobFormPage struct {
	Base
	JobID                         string // empty for a new post
	JobTitle, Description, Budget string
	Check                         *Check
	Error                         string
}

// Invalid reports whether the policy refused the form's field name.
func (p JobFormPage) Invalid(name string) bool { return p.Check != nil && p.Check.Field == name }

func (u *UI) newJobForm(w http.ResponseWriter, r *http.Request, s *session) error {
	if s.User.Role != market.RoleClient {
		return market.Errorf(market.Forbidden, "Only clients post jobs.")
	}
	u.render(w, r, http.StatusOK, "jobform", JobFormPage{Base: s.base("Post a job", "post")})
	return nil
}

func (u *UI) editJobForm(w http.ResponseWriter, r *http.Request, s *session) error {
	job, err := u.svc.Job(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if s.User.Role != market.RoleClient || s.User.OrgID != job.OrgID {
		return market.Errorf(market.Forbidden, "Only the client who posted a job edits it.")
	}
	u.render(w, r, http.StatusOK, "jobform", JobFormPage{Base: s.base("Edit job post", "post"), JobID: job.ID,
		JobTitle: job.Title, Description: job.Description, Budget: job.Budget})
	return nil
}

func (u *UI) createJob(w http.ResponseWriter, r *http.Request, s *session) error {
	return u.writeJob(w, r, s, "")
}

func (u *UI) updateJob(w http.ResponseWriter, r *http.Request, s *session) error {
	return u.writeJob(w, r, s, r.PathValue("id"))
}

// writeJob posts or edits a job through the policy; a refused post comes
// back with what was typed and what was found in it.
func (u *UI) writeJob(w http.ResponseWriter, r *http.Request, s *session, id string) error {
	in := market.JobInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Budget: r.PostFormValue("budget")}
	var job *market.Job
	var dec *market.Decision
	var err error
	if id == "" {
		job, dec, err = u.svc.CreateJob(r.Context(), s.User, in)
	} else {
		job, dec, err = u.svc.UpdateJob(r.Context(), s.User, id, in)
	}
	title := "Post a job"
	if id != "" {
		title = "Edit job post"
	}
	form := JobFormPage{Base: s.base(title, "post"), JobID: id, JobTitle: in.Title, Description: in.Description, Budget: in.Budget}
	switch market.ErrorCode(err) {
	case market.Refused:
		form.Check = refusal([]draftField{{"Title", in.Title, "title"}, {"Description", in.Description, "description"}}, err)
		u.render(w, r, http.StatusUnprocessableEntity, "jobform", form)
		return nil
	case market.Invalid:
		form.Error = market.ErrorMessage(err)
		u.render(w, r, http.StatusBadRequest, "jobform", form)
		return nil
	}
	if err != nil {
		return err
	}
	if c := sent("", dec); c != nil {
		p, err := u.jobPage(r.Context(), s, job.ID)
		if err != nil {
			return err
		}
		p.Flash, p.Check = "Your job post is saved.", c
		u.render(w, r, http.StatusOK, "job", p)
		return nil
	}
	return redirect(w, r, "/jobs/"+job.ID+"?done=saved")
}

// FreelancersPage is the data of the freelancer search page.
type FreelancersPage struct {
	Base
	Q        string
	Profiles []market.Profile
	Error    string
}

func (u *UI) searchFreelancers(w http.ResponseWriter, r *http.Request, s *session) error {
	p := FreelancersPage{Base: s.base("Find freelancers", "freelancers"), Q: r.URL.Query().Get("q")}
	ps, err := u.svc.SearchFreelancers(r.Context(), p.Q, searchLimit)
	switch market.ErrorCode(err) {
	case market.Invalid:
		p.Error = market.ErrorMessage(err)
	default:
		if err != nil {
			return err
		}
	}
	p.Profiles = ps
	u.render(w, r, http.StatusOK, "freelancers", p)
	return nil
}

// FreelancerPage is the data of a freelancer's public profile.
type FreelancerPage struct {
	Base
	Profile *market.Profile
	Reviews []ReviewItem
	// Client is set when the viewer is a client, who may message them.
	Client bool
	Own    bool
}

func (u *UI) freelancer(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.svc.Profile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	page := FreelancerPage{Base: s.base(p.Name, "freelancers"), Profile: p}
	if page.Reviews, err = u.reviews(r.Context(), p.UserID); err != nil {
		return err
	}
	if s.User != nil {
		page.Client = s.User.Role == market.RoleClient
		page.Own = s.User.ID == p.UserID
	}
	if r.URL.Query().Get("done") == "saved" {
		page.Flash = "Your profile is saved."
	}
	u.render(w, r, http.StatusOK, "freelancer", page)
	return nil
}

// ProfileFormPage is the data of the form where a freelancer writes
// their profile.
type ProfileFormPage struct {
	Base
	Headline, Overview string
	Check              *Check
	Error              string
}

// Invalid reports whether the policy refused the form's field name.
func (p ProfileFormPage) Invalid(name string) bool { return p.Check != nil && p.Check.Field == name }

func (u *UI) profileForm(w http.ResponseWriter, r *http.Request, s *session) error {
	if s.User.Role != market.RoleFreelancer {
		return market.Errorf(market.Forbidden, "Only freelancers have profiles.")
	}
	p := ProfileFormPage{Base: s.base("Your profile", "profile")}
	prof, err := u.svc.Profile(r.Context(), s.User.ID)
	switch {
	case err == nil:
		p.Headline, p.Overview = prof.Title, prof.Overview
	case market.ErrorCode(err) != market.NotFound:
		return err
	}
	u.render(w, r, http.StatusOK, "profile", p)
	return nil
}

func (u *UI) putProfile(w http.ResponseWriter, r *http.Request, s *session) error {
	in := market.ProfileInput{Title: r.PostFormValue("title"), Overview: r.PostFormValue("overview")}
	_, dec, err := u.svc.PutProfile(r.Context(), s.User, in)
	form := ProfileFormPage{Base: s.base("Your profile", "profile"), Headline: in.Title, Overview: in.Overview}
	switch market.ErrorCode(err) {
	case market.Refused:
		form.Check = refusal([]draftField{{"Title", in.Title, "title"}, {"Overview", in.Overview, "overview"}}, err)
		u.render(w, r, http.StatusUnprocessableEntity, "profile", form)
		return nil
	case market.Invalid:
		form.Error = market.ErrorMessage(err)
		u.render(w, r, http.StatusBadRequest, "profile", form)
		return nil
	}
	if err != nil {
		return err
	}
	if c := sent("", dec); c != nil {
		form.Flash, form.Check = "Your profile is saved.", c
		u.render(w, r, http.StatusOK, "profile", form)
		return nil
	}
	return redirect(w, r, "/freelancers/"+s.User.ID+"?done=saved")
}

// ReviewItem is a published review, with its author's name.
type ReviewItem struct {
	ID        string
	Author    string
	Rating    int
	Text      string
	CreatedAt time.Time
}

// Stars draws the rating out of five, for sighted readers; the page
// states it in words too.
func (r ReviewItem) Stars() string {
	return strings.Repeat("★", r.Rating) + strings.Repeat("☆", max(0, 5-r.Rating))
}

// reviews returns the reviews of a user, newest first.
func (u *UI) reviews(ctx context.Context, subjectID string) ([]ReviewItem, error) {
	rs, err := u.svc.Reviews(ctx, subjectID)
	if err != nil {
		return nil, err
	}
	n := u.names()
	var out []ReviewItem
	for _, r := range rs {
		out = append(out, ReviewItem{ID: r.ID, Author: n.user(ctx, r.AuthorID), Rating: r.Rating, Text: r.Text, CreatedAt: r.CreatedAt})
	}
	return out, nil
}
