package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// The handlers of the marketplace API, in the order routes registers them.
// Each decodes its request, calls the Service and writes the answer; the
// Service checks who may do what.

// --- accounts ---------------------------------------------------------------

type signupRequest struct {
	Email    string      `json:"email" required:"true"`
	Password string      `json:"password" required:"true"`
	Name     string      `json:"name" required:"true"`
	Role     market.Role `json:"role" required:"true"`
	Org      string      `json:"org"`
}

type loginRequest struct {
	Email    string `json:"email" required:"true"`
	Password string `json:"password" required:"true"`
}

// session is a login: the bearer token and who it is for.
type session struct {
	Token string       `json:"token"`
	User  *market.User `json:"user"`
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	var in signupRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	u, tok, err := s.svc.Signup(r.Context(), market.SignupInput{Email: in.Email, Password: in.Password, Name: in.Name, Role: in.Role, Org: in.Org})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, session{Token: tok, User: u})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	// Per email as well as per IP: a guesser spread over many addresses
	// still meets one limit.
	if ok, wait := s.loginEmail.allow(strings.ToLower(strings.TrimSpace(in.Email)), s.opts.Now()); !ok {
		return s.rateLimited(w, "login attempts", wait)
	}
	tok, u, err := s.svc.Login(r.Context(), in.Email, in.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, session{Token: tok, User: u})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *market.User) error {
	if err := s.svc.Logout(r.Context(), bearer(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// meResponse is who the caller is and where they stand.
type meResponse struct {
	User     *market.User    `json:"user"`
	Org      *market.Org     `json:"org,omitempty"`
	Standing policy.Standing `json:"standing"`
	Strikes  []market.Strike `json:"strikes"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, u *market.User) error {
	out := meResponse{User: u}
	var err error
	if u.OrgID != "" {
		if out.Org, err = s.svc.Org(r.Context(), u.OrgID); err != nil {
			return err
		}
	}
	if out.Standing, err = s.svc.Standing(r.Context(), u); err != nil {
		return err
	}
	if out.Strikes, err = s.svc.Strikes(r.Context(), u); err != nil {
		return err
	}
	out.Strikes = nonNil(out.Strikes)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// --- administration -----------------------------------------------------------

type planRequest struct {
	Plan market.Plan `json:"plan" required:"true"`
}

type moderatorRequest struct {
	Email    string `json:"email" required:"true"`
	Password string `json:"password" required:"true"`
	Name     string `json:"name" required:"true"`
}

func (s *Server) setPlan(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in planRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	org, err := s.svc.SetPlan(r.Context(), u, r.PathValue("id"), in.Plan)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, org)
	return nil
}

func (s *Server) createModerator(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in moderatorRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	m, err := s.svc.CreateModerator(r.Context(), u, in.Email, in.Password, in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// --- job posts, profiles, company pages -------------------------------------

type jobRequest struct {
	Title       string `json:"title" required:"true"`
	Description string `json:"description" required:"true"`
	Budget      string `json:"budget"`
}

// jobWritten answers a job post written through the policy; ID repeats
// the job's.
type jobWritten struct {
	ID       string           `json:"id"`
	Job      *market.Job      `json:"job"`
	Decision *market.Decision `json:"decision"`
}

// jobView is a job post with its client as the search tiles show it.
type jobView struct {
	*market.Job
	Client market.TileClient `json:"client"`
}

func (s *Server) searchJobs(w http.ResponseWriter, r *http.Request) error {
	limit, err := intQuery(r, "limit")
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	if !utf8.ValidString(q) {
		return invalid("q: not valid UTF-8")
	}
	if strings.ContainsRune(q, 0) {
		return invalid("q: contains a NUL character")
	}
	tiles, err := s.svc.SearchJobs(r.Context(), q, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobs": nonNil(tiles)})
	return nil
}

func (s *Server) createJob(w http.ResponseWriter, r *http.Request, u *market.User) error {
	return s.writeJob(w, r, u, "")
}

func (s *Server) updateJob(w http.ResponseWriter, r *http.Request, u *market.User) error {
	return s.writeJob(w, r, u, r.PathValue("id"))
}

// writeJob creates a job post (id empty) or edits one.
func (s *Server) writeJob(w http.ResponseWriter, r *http.Request, u *market.User, id string) error {
	var in jobRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	input := market.JobInput{Title: in.Title, Description: in.Description, Budget: in.Budget}
	var job *market.Job
	var dec *market.Decision
	var err error
	status := http.StatusOK
	if id == "" {
		job, dec, err = s.svc.CreateJob(r.Context(), u, input)
		status = http.StatusCreated
	} else {
		job, dec, err = s.svc.UpdateJob(r.Context(), u, id, input)
	}
	if err := s.decided(err, dec, in.Title, in.Description); err != nil {
		return err
	}
	writeJSON(w, status, jobWritten{ID: job.ID, Job: job, Decision: dec})
	return nil
}

func (s *Server) job(w http.ResponseWriter, r *http.Request) error {
	job, err := s.svc.Job(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	org, err := s.svc.Org(r.Context(), job.OrgID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobView{Job: job, Client: market.TileClient{OrgID: org.ID, Org: org.Name, Enterprise: org.Plan == market.Enterprise}})
	return nil
}

type profileRequest struct {
	Title    string `json:"title" required:"true"`
	Overview string `json:"overview" required:"true"`
}

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in profileRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	p, dec, err := s.svc.PutProfile(r.Context(), u, market.ProfileInput{Title: in.Title, Overview: in.Overview})
	if err := s.decided(err, dec, in.Title, in.Overview); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"profile": p, "decision": dec})
	return nil
}

func (s *Server) freelancer(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

type orgRequest struct {
	Name string `json:"name" required:"true"`
}

func (s *Server) renameOrg(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in orgRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	org, dec, err := s.svc.RenameOrg(r.Context(), u, in.Name)
	if err := s.decided(err, dec, in.Name); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": org, "decision": dec})
	return nil
}

// --- threads and messages -----------------------------------------------------

type threadRequest struct {
	With  string `json:"with" required:"true"`
	JobID string `json:"job_id"`
}

type textRequest struct {
	Text string `json:"text" required:"true"`
}

// messageWritten answers a message written through the policy; ID
// repeats the message's.
type messageWritten struct {
	ID       string           `json:"id"`
	Message  *market.Message  `json:"message"`
	Decision *market.Decision `json:"decision"`
}

func (s *Server) openThread(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in threadRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	t, err := s.svc.OpenThread(r.Context(), u, in.With, in.JobID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) threads(w http.ResponseWriter, r *http.Request, u *market.User) error {
	ts, err := s.svc.Threads(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"threads": nonNil(ts)})
	return nil
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request, u *market.User) error {
	limit, err := intQuery(r, "limit")
	if err != nil {
		return err
	}
	ms, err := s.svc.Messages(r.Context(), u, r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": nonNil(ms)})
	return nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in textRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	m, dec, replayed, err := s.svc.SendMessageOnce(r.Context(), u, r.PathValue("id"), in.Text, key)
	if replayed {
		// The first answer again: nothing was scanned, stored or decided.
		w.Header().Set("Idempotent-Replayed", "true")
		var me *market.Error
		if errors.As(err, &me) && me.Code == market.Refused {
			writeJSON(w, http.StatusUnprocessableEntity, me.Decision) // counted the first time
			return nil
		}
		writeJSON(w, http.StatusCreated, messageWritten{ID: m.ID, Message: m, Decision: dec})
		return nil
	}
	if err := s.decided(err, dec, in.Text); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, messageWritten{ID: m.ID, Message: m, Decision: dec})
	return nil
}

// idempotencyKey returns the request's Idempotency-Key header: "" when
// there is none, an Invalid error when it is sent twice or is not a key.
func idempotencyKey(r *http.Request) (string, error) {
	vs := r.Header.Values("Idempotency-Key")
	switch {
	case len(vs) == 0:
		return "", nil
	case len(vs) > 1:
		return "", invalid("Idempotency-Key: send one, not %d", len(vs))
	}
	if err := market.CheckIdempotencyKey(vs[0]); err != nil {
		return "", err
	}
	return vs[0], nil
}

func (s *Server) editMessage(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in textRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	m, dec, err := s.svc.EditMessage(r.Context(), u, r.PathValue("id"), in.Text)
	if err := s.decided(err, dec, in.Text); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, messageWritten{ID: m.ID, Message: m, Decision: dec})
	return nil
}

type checkRequest struct {
	Channel  policy.Channel `json:"channel"`
	ThreadID string         `json:"thread_id"`
	JobID    string         `json:"job_id"`
	Text     string         `json:"text" required:"true"`
}

func (s *Server) check(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in checkRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	d, err := s.svc.Check(r.Context(), u, market.CheckInput{Channel: in.Channel, ThreadID: in.ThreadID, JobID: in.JobID, Text: in.Text})
	if err != nil {
		return err
	}
	s.countScanned(in.Text)
	s.countDecision(d)
	writeJSON(w, http.StatusOK, d)
	return nil
}

// --- proposals, contracts, reviews ----------------------------------------------

type proposalRequest struct {
	CoverLetter string `json:"cover_letter" required:"true"`
}

type contractRequest struct {
	Freelancer string `json:"freelancer" required:"true"`
	JobID      string `json:"job_id"`
	StartsAt   string `json:"starts_at"` // RFC 3339
}

type reviewRequest struct {
	Rating int    `json:"rating" required:"true"`
	Text   string `json:"text" required:"true"`
}

func (s *Server) submitProposal(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in proposalRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	p, dec, err := s.svc.SubmitProposal(r.Context(), u, r.PathValue("id"), in.CoverLetter)
	if err := s.decided(err, dec, in.CoverLetter); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": p.ID, "proposal": p, "decision": dec})
	return nil
}

func (s *Server) proposals(w http.ResponseWriter, r *http.Request, u *market.User) error {
	ps, err := s.svc.Proposals(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposals": nonNil(ps)})
	return nil
}

func (s *Server) offerContract(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in contractRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	var startsAt *time.Time
	if in.StartsAt != "" {
		t, err := time.Parse(time.RFC3339, in.StartsAt)
		if err != nil {
			return invalid("starts_at: an RFC 3339 time such as 2026-05-01T09:00:00Z")
		}
		startsAt = &t
	}
	c, err := s.svc.OfferContract(r.Context(), u, in.Freelancer, in.JobID, startsAt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// contracts lists the contracts between the caller's side and the user
// the query parameter "with" names.
func (s *Server) contracts(w http.ResponseWriter, r *http.Request, u *market.User) error {
	with := r.URL.Query().Get("with")
	if with != "" && !validID(with) {
		return invalid("with: a user id")
	}
	cs, err := s.svc.ContractsWith(r.Context(), u, with)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"contracts": nonNil(cs)})
	return nil
}

func (s *Server) contract(w http.ResponseWriter, r *http.Request, u *market.User) error {
	c, err := s.svc.Contract(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) acceptContract(w http.ResponseWriter, r *http.Request, u *market.User) error {
	c, err := s.svc.AcceptContract(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) endContract(w http.ResponseWriter, r *http.Request, u *market.User) error {
	c, err := s.svc.EndContract(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) writeReview(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in reviewRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	rev, dec, err := s.svc.WriteReview(r.Context(), u, r.PathValue("id"), in.Rating, in.Text)
	if err := s.decided(err, dec, in.Text); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": rev.ID, "review": rev, "decision": dec})
	return nil
}

func (s *Server) reviews(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.svc.Reviews(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"reviews": nonNil(rs)})
	return nil
}

// --- moderation, strikes, appeals -----------------------------------------------

type resolveRequest struct {
	Status market.CaseStatus `json:"status" required:"true"`
	Note   string            `json:"note"`
}

type appealRequest struct {
	StrikeID string `json:"strike_id" required:"true"`
	Text     string `json:"text" required:"true"`
}

func (s *Server) cases(w http.ResponseWriter, r *http.Request, u *market.User) error {
	limit, err := intQuery(r, "limit")
	if err != nil {
		return err
	}
	cs, err := s.svc.Cases(r.Context(), u, market.CaseStatus(r.URL.Query().Get("status")), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": nonNil(cs)})
	return nil
}

func (s *Server) resolveCase(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in resolveRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	c, err := s.svc.ResolveCase(r.Context(), u, r.PathValue("id"), in.Status, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) strikes(w http.ResponseWriter, r *http.Request, u *market.User) error {
	st, err := s.svc.Strikes(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"strikes": nonNil(st)})
	return nil
}

func (s *Server) myCases(w http.ResponseWriter, r *http.Request, u *market.User) error {
	cs, err := s.svc.MyCases(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": nonNil(cs)})
	return nil
}

func (s *Server) appeal(w http.ResponseWriter, r *http.Request, u *market.User) error {
	var in appealRequest
	if err := decodeJSON(w, r, MaxBodyBytes, &in); err != nil {
		return err
	}
	c, err := s.svc.Appeal(r.Context(), u, in.StrikeID, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// --- operations -----------------------------------------------------------------

// healthProbeID names no organisation: looking it up is a cheap indexed
// read that proves the store answers.
const healthProbeID = "org_healthz_probe"

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.svc.Org(r.Context(), healthProbeID); err != nil && market.ErrorCode(err) != market.NotFound {
		s.log.ErrorContext(r.Context(), "health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// --- helpers --------------------------------------------------------------------

// decided does the bookkeeping of a write through the policy: the texts
// were scanned unless the write failed before (a bad input, a missing
// thread); an accepted decision is counted here, a refused one by
// writeError. It returns err.
func (s *Server) decided(err error, dec *market.Decision, texts ...string) error {
	if err == nil || market.ErrorCode(err) == market.Refused {
		s.countScanned(texts...)
	}
	if err == nil {
		s.countDecision(dec)
	}
	return err
}

// intQuery returns the query parameter name as a non-negative integer, 0
// when absent.
func intQuery(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalid("%s: a non-negative integer", name)
	}
	return n, nil
}

// nonNil returns s, or an empty slice for nil, so that lists encode as []
// and never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
