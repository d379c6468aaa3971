package market

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/policy"
)

// --- profiles and job posts (public) ---------------------------------------

// ProfileInput is what a freelancer writes on their profile.
type ProfileInput struct {
	Title    string `json:"title"`
	Overview string `json:"overview"`
}

// PutProfile writes the actor's profile, public, through the policy: the
// title and the overview are decided one after the other, and the first
// refused stops the write.
func (s *Service) PutProfile(ctx context.Context, actor *User, in ProfileInput) (*Profile, *Decision, error) {
	if actor.Role != RoleFreelancer {
		return nil, nil, Errorf(Forbidden, "only freelancers have profiles")
	}
	if err := checkText("title", in.Title, MaxTitleBytes); err != nil {
		return nil, nil, err
	}
	if err := checkText("overview", in.Overview, MaxTextBytes); err != nil {
		return nil, nil, err
	}
	if err := s.mayWrite(ctx, actor, false); err != nil {
		return nil, nil, err
	}
	pctx := policy.Context{Channel: policy.Profile, Sender: policy.Freelancer, Contract: policy.NoContract}
	decs, rec, err := s.decideFields(ctx, actor, pctx, "profile:"+actor.ID, field{"title", in.Title}, field{"overview", in.Overview})
	if err != nil {
		return nil, worst(decs), err
	}
	p := &Profile{UserID: actor.ID, Name: actor.Name, Title: decs[0].Redacted, Overview: decs[1].Redacted, UpdatedAt: s.clock()}
	if err := s.store.PutProfile(ctx, p, rec); err != nil {
		return nil, nil, s.fail(err, "put profile")
	}
	return p, worst(decs), nil
}

// Profile returns a freelancer's profile.
func (s *Service) Profile(ctx context.Context, userID string) (*Profile, error) {
	p, err := s.store.Profile(ctx, userID)
	if err != nil {
		return nil, s.fail(err, "profile")
	}
	return p, nil
}

// field is a named text of a write of several.
type field struct {
	name, text string
}

// decideFields decides several texts of one write in the same context.
// When any is blocked, the write is refused with the most severe decision,
// its Error naming that decision's field, and every decision is recorded;
// otherwise it returns the decisions and one record holding them all, for
// the write to store with its content.
func (s *Service) decideFields(ctx context.Context, actor *User, pctx policy.Context, subject string, fields ...field) ([]*Decision, Record, error) {
	var decs []*Decision
	var recs []Record
	for _, f := range fields {
		d, r, err := s.judge(actor, pctx, f.text, nil, subject)
		if err != nil {
			return nil, Record{}, err
		}
		decs, recs = append(decs, d), append(recs, r)
	}
	rec := recs[0]
	rec.Also = recs[1:]
	if w := worst(decs); w.Action == policy.Block {
		err := s.refuse(ctx, w, rec)
		var e *Error
		if errors.As(err, &e) && e.Code == Refused {
			e.Field = fields[slices.Index(decs, w)].name
		}
		return decs, Record{}, err
	}
	return decs, rec, nil
}

// worst returns the most severe of decisions; the first among equals.
func worst(decs []*Decision) *Decision {
	var w *Decision
	for _, d := range decs {
		if d != nil && (w == nil || slices.Index(policy.Actions, d.Action) > slices.Index(policy.Actions, w.Action)) {
			w = d
		}
	}
	return w
}

// JobInput is what a client writes in a job post.
type JobInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Budget      string `json:"budget"`
}

func (in JobInput) check() error {
	if err := checkText("title", in.Title, MaxTitleBytes); err != nil {
		return err
	}
	if err := checkText("description", in.Description, MaxTextBytes); err != nil {
		return err
	}
	if len(in.Budget) > MaxNameBytes {
		return Errorf(Invalid, "budget: at most %d bytes", MaxNameBytes)
	}
	return nil
}

// CreateJob posts a job, public, through the policy. Enterprise clients
// are held to it too: job posts are public.
func (s *Service) CreateJob(ctx context.Context, actor *User, in JobInput) (*Job, *Decision, error) {
	return s.writeJob(ctx, actor, "", in)
}

// UpdateJob edits the actor's job post, through the policy.
func (s *Service) UpdateJob(ctx context.Context, actor *User, id string, in JobInput) (*Job, *Decision, error) {
	return s.writeJob(ctx, actor, id, in)
}

func (s *Service) writeJob(ctx context.Context, actor *User, id string, in JobInput) (*Job, *Decision, error) {
	if actor.Role != RoleClient {
		return nil, nil, Errorf(Forbidden, "only clients post jobs")
	}
	if err := in.check(); err != nil {
		return nil, nil, err
	}
	org, err := s.store.Org(ctx, actor.OrgID)
	if err != nil {
		return nil, nil, s.fail(err, "org")
	}
	now := s.clock()
	job := &Job{ID: newID("job"), OrgID: org.ID, ClientID: actor.ID, CreatedAt: now}
	if id != "" {
		if job, err = s.store.Job(ctx, id); err != nil {
			return nil, nil, s.fail(err, "job")
		}
		if job.OrgID != actor.OrgID {
			return nil, nil, Errorf(NotFound, "no such job")
		}
	}
	if err := s.mayWrite(ctx, actor, false); err != nil {
		return nil, nil, err
	}
	pctx := policy.Context{Channel: policy.JobPost, Sender: policy.Client, Enterprise: org.Plan == Enterprise, Contract: policy.NoContract}
	decs, rec, err := s.decideFields(ctx, actor, pctx, "job:"+job.ID, field{"title", in.Title}, field{"description", in.Description})
	if err != nil {
		return nil, worst(decs), err
	}
	job.Title, job.Description, job.Budget, job.UpdatedAt = decs[0].Redacted, decs[1].Redacted, strings.TrimSpace(in.Budget), now
	if id == "" {
		err = s.store.CreateJob(ctx, job, rec)
	} else {
		err = s.store.UpdateJob(ctx, job, rec)
	}
	if err != nil {
		return nil, nil, s.fail(err, "write job")
	}
	return job, worst(decs), nil
}

// Job returns a job post.
func (s *Service) Job(ctx context.Context, id string) (*Job, error) {
	j, err := s.store.Job(ctx, id)
	if err != nil {
		return nil, s.fail(err, "job")
	}
	return j, nil
}

// SearchJobs returns job tiles matching q, newest first.
func (s *Service) SearchJobs(ctx context.Context, q string, limit int) ([]JobTile, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	if len(q) > MaxTitleBytes {
		return nil, Errorf(Invalid, "q: at most %d bytes", MaxTitleBytes)
	}
	tiles, err := s.store.SearchJobs(ctx, strings.TrimSpace(q), limit)
	if err != nil {
		return nil, s.fail(err, "search jobs")
	}
	return tiles, nil
}

// --- threads and messages (private) -----------------------------------------

// OpenThread opens a conversation between the actor and another user, one
// a client and the other a freelancer, or returns the one they have about
// the same job.
func (s *Service) OpenThread(ctx context.Context, actor *User, with, jobID string) (*Thread, error) {
	if actor.Role != RoleClient && actor.Role != RoleFreelancer {
		return nil, Errorf(Forbidden, "only clients and freelancers open threads")
	}
	other, err := s.store.User(ctx, with)
	if ErrorCode(err) == NotFound {
		return nil, Errorf(Invalid, "with: no such user")
	} else if err != nil {
		return nil, s.fail(err, "user")
	}
	t := &Thread{ID: newID("thr"), JobID: jobID, CreatedAt: s.clock()}
	switch {
	case actor.Role == RoleClient && other.Role == RoleFreelancer:
		t.OrgID, t.ClientID, t.FreelancerID = actor.OrgID, actor.ID, other.ID
	case actor.Role == RoleFreelancer && other.Role == RoleClient:
		t.OrgID, t.ClientID, t.FreelancerID = other.OrgID, other.ID, actor.ID
	default:
		return nil, Errorf(Invalid, "a thread is between a client and a freelancer")
	}
	if jobID != "" {
		if _, err := s.store.Job(ctx, jobID); err != nil {
			if ErrorCode(err) == NotFound {
				return nil, Errorf(Invalid, "job_id: no such job")
			}
			return nil, s.fail(err, "job")
		}
	}
	existing, err := s.store.ThreadsOf(ctx, actor.ID)
	if err != nil {
		return nil, s.fail(err, "threads")
	}
	for _, e := range existing {
		if e.ClientID == t.ClientID && e.FreelancerID == t.FreelancerID && e.JobID == jobID {
			return &e, nil
		}
	}
	if err := s.store.CreateThread(ctx, t); err != nil {
		return nil, s.fail(err, "create thread")
	}
	return t, nil
}

// Threads returns the actor's threads.
func (s *Service) Threads(ctx context.Context, actor *User) ([]Thread, error) {
	ts, err := s.store.ThreadsOf(ctx, actor.ID)
	if err != nil {
		return nil, s.fail(err, "threads")
	}
	return ts, nil
}

// Thread returns a thread the actor is a party of; any other is NotFound.
func (s *Service) Thread(ctx context.Context, actor *User, id string) (*Thread, error) {
	t, err := s.store.Thread(ctx, id)
	if err != nil {
		return nil, s.fail(err, "thread")
	}
	if t.ClientID != actor.ID && t.FreelancerID != actor.ID {
		return nil, Errorf(NotFound, "no such thread")
	}
	return t, nil
}

// Messages returns the last messages of a thread the actor is a party of.
func (s *Service) Messages(ctx context.Context, actor *User, threadID string, limit int) ([]Message, error) {
	if _, err := s.Thread(ctx, actor, threadID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	ms, err := s.store.Messages(ctx, threadID, limit)
	if err != nil {
		return nil, s.fail(err, "messages")
	}
	return ms, nil
}

// contractState is the state that matters for the policy between an
// organisation and a freelancer: active if any contract has started and
// not ended, else ended if one has, else offered if one is, else none.
func (s *Service) contractState(ctx context.Context, orgID, freelancerID string) (policy.Contract, error) {
	cs, err := s.store.ContractsBetween(ctx, orgID, freelancerID)
	if err != nil {
		return "", s.fail(err, "contracts")
	}
	return bestContract(cs, s.clock()), nil
}

// bestContract is the state that matters for the policy among the
// contracts cs between an organisation and a freelancer, at now (see
// contractState).
func bestContract(cs []Contract, now time.Time) policy.Contract {
	best := policy.NoContract
	for _, c := range cs {
		st := policy.Contract(c.Effective(now))
		if rank[st] > rank[best] {
			best = st
		}
	}
	return best
}

// rank orders contract states by what they open: a started contract
// outweighs an ended one, which outweighs an offer.
var rank = map[policy.Contract]int{policy.NoContract: 0, policy.Offered: 1, policy.Ended: 2, policy.Active: 3}

// SendMessage sends text in a thread, through the policy. A block is
// refused with the decision; warn and redact deliver (redacted) text.
func (s *Service) SendMessage(ctx context.Context, actor *User, threadID, text string) (*Message, *Decision, error) {
	return s.writeMessage(ctx, actor, threadID, "", text, nil)
}

// EditMessage replaces the text of the actor's message, through the
// policy; a refused edit leaves the message as it was.
func (s *Service) EditMessage(ctx context.Context, actor *User, messageID, text string) (*Message, *Decision, error) {
	m, err := s.store.Message(ctx, messageID)
	if err != nil {
		return nil, nil, s.fail(err, "message")
	}
	if m.SenderID != actor.ID {
		return nil, nil, Errorf(NotFound, "no such message")
	}
	return s.writeMessage(ctx, actor, m.ThreadID, messageID, text, nil)
}

// threadState reads in one snapshot all a message of the actor in a
// thread depends on (the thread, the policy context, the actor's strikes
// and the detector's window, with one message more for an edit), and
// returns it with the message's policy context at now.
func (s *Service) threadState(ctx context.Context, actor *User, threadID string, now time.Time) (*ThreadState, policy.Context, error) {
	ts, err := s.store.ThreadState(ctx, threadID, actor.ID, s.strikesSince(now), conversationWin+1)
	if err != nil {
		return nil, policy.Context{}, s.fail(err, "thread")
	}
	if t := &ts.Thread; t.ClientID != actor.ID && t.FreelancerID != actor.ID {
		return nil, policy.Context{}, Errorf(NotFound, "no such thread")
	}
	pctx := policy.Context{Channel: policy.Message, Sender: policy.Role(actor.Role), Enterprise: ts.Org.Plan == Enterprise,
		Contract: bestContract(ts.Contracts, now)}
	return ts, pctx, nil
}

// writeMessage sends (editID empty) or edits a message. key, when not
// nil, is bound to the outcome in the same transaction (see
// SendMessageOnce).
func (s *Service) writeMessage(ctx context.Context, actor *User, threadID, editID, text string, key *IdempotencyKey) (*Message, *Decision, error) {
	if err := checkText("text", text, MaxTextBytes); err != nil {
		return nil, nil, err
	}
	now := s.clock()
	ts, pctx, err := s.threadState(ctx, actor, threadID, now)
	if err != nil {
		return nil, nil, err
	}
	if err := standingAllows(s.standing(ts.Strikes, now), pctx.Contract == policy.Active); err != nil {
		return nil, nil, err
	}
	recent := ts.Messages
	var earlier []string
	var edited *Message
	for i := range recent {
		if recent[i].ID == editID {
			edited = &recent[i]
			break // an edit is read after the messages before it
		}
		earlier = append(earlier, recent[i].Text)
	}
	if editID != "" && edited == nil {
		if edited, err = s.store.Message(ctx, editID); err != nil {
			return nil, nil, s.fail(err, "message")
		}
		earlier = nil
	}
	if len(earlier) > conversationWin {
		earlier = earlier[len(earlier)-conversationWin:]
	}
	id := editID
	if id == "" {
		id = newID("msg")
	}
	dec, rec, err := s.judge(actor, pctx, text, earlier, "message:"+id)
	if err != nil {
		return nil, nil, err
	}
	now = s.clock()
	if dec.Action == policy.Block {
		if rec.Key, err = s.bindKey(key, dec, "", now); err != nil {
			return nil, nil, err
		}
		return nil, dec, s.refuse(ctx, dec, rec)
	}
	if rec.Key, err = s.bindKey(key, dec, id, now); err != nil {
		return nil, nil, err
	}
	if edited != nil {
		m := *edited
		m.Text, m.Action, m.DecisionID, m.EditedAt = dec.Redacted, string(dec.Action), dec.ID, &now
		if err := s.store.UpdateMessage(ctx, &m, rec); err != nil {
			return nil, nil, s.fail(err, "update message")
		}
		s.announce(ctx, threadID, m.ID)
		return &m, dec, nil
	}
	m := &Message{ID: id, ThreadID: threadID, SenderID: actor.ID, Text: dec.Redacted, Action: string(dec.Action), DecisionID: dec.ID, CreatedAt: now}
	if err := s.store.CreateMessage(ctx, m, rec); err != nil {
		return nil, nil, s.fail(err, "create message")
	}
	s.announce(ctx, threadID, m.ID)
	return m, dec, nil
}

// CheckInput is a draft to check before it is sent: a message in a
// thread, or a job post, profile, proposal or review text.
type CheckInput struct {
	Channel  policy.Channel `json:"channel"`   // default message
	ThreadID string         `json:"thread_id"` // for a message
	JobID    string         `json:"job_id"`    // for a proposal
	Text     string         `json:"text"`
}

// Check decides a draft as it would be decided if sent now, with no side
// effect: nothing is stored, no case opened, no strike given.
func (s *Service) Check(ctx context.Context, actor *User, in CheckInput) (*policy.Decision, error) {
	if err := checkText("text", in.Text, MaxTextBytes); err != nil {
		return nil, err
	}
	var pctx policy.Context
	var earlier []string
	switch in.Channel {
	case policy.Message, "":
		ts, mctx, err := s.threadState(ctx, actor, in.ThreadID, s.clock())
		if err != nil {
			return nil, err
		}
		pctx = mctx
		recent := ts.Messages
		if len(recent) > conversationWin {
			recent = recent[len(recent)-conversationWin:]
		}
		for _, m := range recent {
			earlier = append(earlier, m.Text)
		}
	case policy.Proposal:
		job, err := s.Job(ctx, in.JobID)
		if err != nil {
			return nil, err
		}
		if pctx, err = s.proposalContext(ctx, actor, job); err != nil {
			return nil, err
		}
	case policy.JobPost, policy.Profile, policy.Review:
		pctx = policy.Context{Channel: in.Channel, Sender: policy.Role(actor.Role), Contract: policy.NoContract}
		if actor.Role != RoleClient && actor.Role != RoleFreelancer {
			return nil, Errorf(Forbidden, "only clients and freelancers write")
		}
		if actor.Role == RoleClient {
			org, err := s.store.Org(ctx, actor.OrgID)
			if err != nil {
				return nil, s.fail(err, "org")
			}
			pctx.Enterprise = org.Plan == Enterprise
		}
	default:
		return nil, Errorf(Invalid, "channel: one of message, proposal, job_post, profile, review")
	}
	findings, err := s.scan(in.Text, earlier)
	if err != nil {
		return nil, err
	}
	d, err := s.policy.Decide(pctx, in.Text, findings)
	if err != nil {
		return nil, &Error{Code: Internal, Message: "internal error", Err: err}
	}
	d.Detector = s.detector.Version()
	return &d, nil
}

// --- proposals ------------------------------------------------------------

func (s *Service) proposalContext(ctx context.Context, actor *User, job *Job) (policy.Context, error) {
	if actor.Role != RoleFreelancer {
		return policy.Context{}, Errorf(Forbidden, "only freelancers send proposals")
	}
	org, err := s.store.Org(ctx, job.OrgID)
	if err != nil {
		return policy.Context{}, s.fail(err, "org")
	}
	state, err := s.contractState(ctx, job.OrgID, actor.ID)
	if err != nil {
		return policy.Context{}, err
	}
	return policy.Context{Channel: policy.Proposal, Sender: policy.Freelancer, Enterprise: org.Plan == Enterprise, Contract: state}, nil
}

// SubmitProposal sends the actor's cover letter for a job, through the
// policy (a private channel with the job's client).
func (s *Service) SubmitProposal(ctx context.Context, actor *User, jobID, coverLetter string) (*Proposal, *Decision, error) {
	if err := checkText("cover_letter", coverLetter, MaxTextBytes); err != nil {
		return nil, nil, err
	}
	job, err := s.Job(ctx, jobID)
	if err != nil {
		return nil, nil, err
	}
	pctx, err := s.proposalContext(ctx, actor, job)
	if err != nil {
		return nil, nil, err
	}
	if err := s.mayWrite(ctx, actor, pctx.Contract == policy.Active); err != nil {
		return nil, nil, err
	}
	id := newID("prp")
	dec, rec, err := s.decide(ctx, actor, pctx, coverLetter, nil, "proposal:"+id)
	if err != nil {
		return nil, dec, err
	}
	p := &Proposal{ID: id, JobID: job.ID, FreelancerID: actor.ID, CoverLetter: dec.Redacted, CreatedAt: s.clock()}
	if err := s.store.CreateProposal(ctx, p, rec); err != nil {
		return nil, nil, s.fail(err, "create proposal")
	}
	return p, dec, nil
}

// Proposals returns the proposals to a job, newest first, for a client of
// the organisation that posted it; the job is NotFound for anyone else,
// since proposals are private to the job's client.
func (s *Service) Proposals(ctx context.Context, actor *User, jobID string) ([]Proposal, error) {
	job, err := s.Job(ctx, jobID)
	if err != nil {
		return nil, err
	}
	if actor.Role != RoleClient || actor.OrgID != job.OrgID {
		return nil, Errorf(NotFound, "no such job of yours")
	}
	ps, err := s.store.Proposals(ctx, job.ID)
	if err != nil {
		return nil, s.fail(err, "proposals")
	}
	return ps, nil
}

// --- contracts and reviews ------------------------------------------------

// OfferContract lets a client offer a contract to a freelancer. It starts
// when the freelancer accepts, or at startsAt if that comes first.
func (s *Service) OfferContract(ctx context.Context, actor *User, freelancerID, jobID string, startsAt *time.Time) (*Contract, error) {
	if actor.Role != RoleClient {
		return nil, Errorf(Forbidden, "only clients offer contracts")
	}
	f, err := s.store.User(ctx, freelancerID)
	if ErrorCode(err) == NotFound || (err == nil && f.Role != RoleFreelancer) {
		return nil, Errorf(Invalid, "freelancer: no such freelancer")
	} else if err != nil {
		return nil, s.fail(err, "user")
	}
	if jobID != "" {
		job, err := s.store.Job(ctx, jobID)
		if ErrorCode(err) == NotFound || (err == nil && job.OrgID != actor.OrgID) {
			return nil, Errorf(Invalid, "job_id: no such job of yours")
		} else if err != nil {
			return nil, s.fail(err, "job")
		}
	}
	now := s.clock()
	c := &Contract{ID: newID("ctr"), OrgID: actor.OrgID, ClientID: actor.ID, FreelancerID: f.ID, JobID: jobID, State: ContractOffered, CreatedAt: now}
	if startsAt != nil {
		// A start date in the past would start the contract at once,
		// without the freelancer, and open contact details with it.
		if !startsAt.After(now) {
			return nil, Errorf(Invalid, "starts_at: must be in the future")
		}
		t := startsAt.UTC().Truncate(time.Microsecond)
		c.StartsAt = &t
	}
	if err := s.store.CreateContract(ctx, c); err != nil {
		return nil, s.fail(err, "create contract")
	}
	return c, nil
}

// Contract returns a contract the actor is a party of.
func (s *Service) Contract(ctx context.Context, actor *User, id string) (*Contract, error) {
	c, err := s.store.Contract(ctx, id)
	if err != nil {
		return nil, s.fail(err, "contract")
	}
	if c.FreelancerID != actor.ID && (actor.Role != RoleClient || c.OrgID != actor.OrgID) {
		return nil, Errorf(NotFound, "no such contract")
	}
	c.State = c.Effective(s.clock())
	return c, nil
}

// ContractsWith returns the contracts, newest first, between the actor's
// side and another user: for a client, their organisation's contracts
// with the freelancer otherUserID; for a freelancer, their contracts with
// the organisation of the client otherUserID. Each contract's State is
// its effective state now.
func (s *Service) ContractsWith(ctx context.Context, actor *User, otherUserID string) ([]Contract, error) {
	if actor.Role != RoleClient && actor.Role != RoleFreelancer {
		return nil, Errorf(Forbidden, "only clients and freelancers have contracts")
	}
	if otherUserID == "" {
		return nil, Errorf(Invalid, "with: required")
	}
	other, err := s.store.User(ctx, otherUserID)
	if ErrorCode(err) == NotFound {
		return nil, Errorf(Invalid, "with: no such user")
	} else if err != nil {
		return nil, s.fail(err, "user")
	}
	var orgID, freelancerID string
	switch {
	case actor.Role == RoleClient && other.Role == RoleFreelancer:
		orgID, freelancerID = actor.OrgID, other.ID
	case actor.Role == RoleFreelancer && other.Role == RoleClient:
		orgID, freelancerID = other.OrgID, actor.ID
	default:
		return nil, Errorf(Invalid, "with: contracts are between a client and a freelancer")
	}
	cs, err := s.store.ContractsBetween(ctx, orgID, freelancerID)
	if err != nil {
		return nil, s.fail(err, "contracts")
	}
	now := s.clock()
	for i := range cs {
		cs[i].State = cs[i].Effective(now)
	}
	return cs, nil
}

// AcceptContract lets the freelancer accept an offered contract: it starts.
func (s *Service) AcceptContract(ctx context.Context, actor *User, id string) (*Contract, error) {
	c, err := s.Contract(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.FreelancerID != actor.ID {
		return nil, Errorf(Forbidden, "only the freelancer accepts a contract")
	}
	if c.State != ContractOffered {
		return nil, Errorf(Conflict, "the contract is %s, not offered", c.State)
	}
	now := s.clock()
	c.State, c.AcceptedAt = ContractActive, &now
	if err := s.store.UpdateContract(ctx, c); err != nil {
		return nil, s.fail(err, "update contract")
	}
	return c, nil
}

// EndContract lets either party end a contract that has started.
func (s *Service) EndContract(ctx context.Context, actor *User, id string) (*Contract, error) {
	c, err := s.Contract(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.State != ContractActive {
		return nil, Errorf(Conflict, "the contract is %s, not active", c.State)
	}
	now := s.clock()
	c.State, c.EndedAt = ContractEnded, &now
	if err := s.store.UpdateContract(ctx, c); err != nil {
		return nil, s.fail(err, "update contract")
	}
	return c, nil
}

// WriteReview lets a party of an ended contract review the other, in
// public, through the policy.
func (s *Service) WriteReview(ctx context.Context, actor *User, contractID string, rating int, text string) (*Review, *Decision, error) {
	if rating < 1 || rating > 5 {
		return nil, nil, Errorf(Invalid, "rating: 1 to 5")
	}
	if err := checkText("text", text, MaxReviewBytes); err != nil {
		return nil, nil, err
	}
	c, err := s.Contract(ctx, actor, contractID)
	if err != nil {
		return nil, nil, err
	}
	if c.State != ContractEnded {
		return nil, nil, Errorf(Conflict, "reviews come after a contract ends")
	}
	org, err := s.store.Org(ctx, c.OrgID)
	if err != nil {
		return nil, nil, s.fail(err, "org")
	}
	subject := c.FreelancerID
	if actor.ID == c.FreelancerID {
		subject = c.ClientID
	}
	if err := s.mayWrite(ctx, actor, false); err != nil {
		return nil, nil, err
	}
	pctx := policy.Context{Channel: policy.Review, Sender: policy.Role(actor.Role), Enterprise: org.Plan == Enterprise, Contract: policy.Ended}
	id := newID("rev")
	dec, rec, err := s.decide(ctx, actor, pctx, text, nil, "review:"+id)
	if err != nil {
		return nil, dec, err
	}
	r := &Review{ID: id, ContractID: c.ID, AuthorID: actor.ID, SubjectID: subject, Rating: rating, Text: dec.Redacted, CreatedAt: s.clock()}
	if err := s.store.CreateReview(ctx, r, rec); err != nil {
		return nil, nil, s.fail(err, "create review")
	}
	return r, dec, nil
}

// Reviews returns the reviews of a user, newest first; reviews are public.
func (s *Service) Reviews(ctx context.Context, subjectID string) ([]Review, error) {
	rs, err := s.store.Reviews(ctx, subjectID)
	if err != nil {
		return nil, s.fail(err, "reviews")
	}
	return rs, nil
}

// --- moderation -----------------------------------------------------------

func isStaff(u *User) bool { return u.Role == RoleModerator || u.Role == RoleAdmin }

// Cases lists moderation cases for a moderator or admin.
func (s *Service) Cases(ctx context.Context, actor *User, status CaseStatus, limit int) ([]Case, error) {
	if !isStaff(actor) {
		return nil, Errorf(Forbidden, "only moderators see cases")
	}
	if status != "" && status != CaseOpen && status != CaseUpheld && status != CaseDismissed {
		return nil, Errorf(Invalid, "status: open, upheld or dismissed")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	cs, err := s.store.Cases(ctx, CaseFilter{Status: status, Limit: limit})
	if err != nil {
		return nil, s.fail(err, "cases")
	}
	return cs, nil
}

// ResolveCase lets a moderator uphold or dismiss an open case. Dismissing
// removes the strike the case is about.
func (s *Service) ResolveCase(ctx context.Context, actor *User, id string, status CaseStatus, note string) (*Case, error) {
	if !isStaff(actor) {
		return nil, Errorf(Forbidden, "only moderators resolve cases")
	}
	if status != CaseUpheld && status != CaseDismissed {
		return nil, Errorf(Invalid, "status: upheld or dismissed")
	}
	if len(note) > MaxReviewBytes || !utf8.ValidString(note) {
		return nil, Errorf(Invalid, "note: at most %d bytes of UTF-8", MaxReviewBytes)
	}
	c, err := s.store.Case(ctx, id)
	if err != nil {
		return nil, s.fail(err, "case")
	}
	if c.Status != CaseOpen {
		return nil, Errorf(Conflict, "the case is already %s", c.Status)
	}
	now := s.clock()
	c.Status, c.Note, c.ResolverID, c.ResolvedAt = status, note, actor.ID, &now
	if err := s.store.ResolveCase(ctx, c); err != nil {
		return nil, s.fail(err, "resolve case")
	}
	return c, nil
}

// Strikes returns the actor's strikes that count now.
func (s *Service) Strikes(ctx context.Context, actor *User) ([]Strike, error) {
	st, err := s.store.Strikes(ctx, actor.ID, s.clock().Add(-s.policy.StrikeDecay()))
	if err != nil {
		return nil, s.fail(err, "strikes")
	}
	return st, nil
}

// Appeal lets a user appeal one of their strikes; the appeal joins the
// moderation queue. Like a flag case, it carries the text as written and
// the market.Decision as JSON: the flag case's, whether or not that case
// is still open, or, for a strike that opened no flag case, the decision
// rebuilt from the audit log (without the text, which was not kept).
func (s *Service) Appeal(ctx context.Context, actor *User, strikeID, text string) (*Case, error) {
	if err := checkText("text", text, MaxReviewBytes); err != nil {
		return nil, err
	}
	st, err := s.store.Strike(ctx, strikeID)
	if err != nil {
		return nil, s.fail(err, "strike")
	}
	if st.UserID != actor.ID {
		return nil, Errorf(NotFound, "no such strike")
	}
	if st.RemovedAt != nil {
		return nil, Errorf(Conflict, "the strike was already removed")
	}
	mine, err := s.store.Cases(ctx, CaseFilter{UserID: actor.ID})
	if err != nil {
		return nil, s.fail(err, "cases")
	}
	var flagged *Case // the flag case of the strike's decision, open or closed
	for i, c := range mine {
		if c.Kind == CaseAppeal && c.StrikeID == st.ID && c.Status == CaseOpen {
			return nil, Errorf(Conflict, "this strike is already under appeal")
		}
		if c.Kind == CaseFlag && c.DecisionID == st.DecisionID {
			flagged = &mine[i]
		}
	}
	c := &Case{ID: newID("case"), Kind: CaseAppeal, Status: CaseOpen, UserID: actor.ID, DecisionID: st.DecisionID, StrikeID: st.ID,
		Appeal: text, CreatedAt: s.clock()}
	if flagged != nil {
		c.Channel, c.Text, c.Decision = flagged.Channel, flagged.Text, flagged.Decision
	} else if c.Channel, c.Decision, err = s.auditDecision(ctx, st.DecisionID); err != nil {
		return nil, err
	}
	if err := s.store.CreateCase(ctx, c); err != nil {
		return nil, s.fail(err, "create case")
	}
	return c, nil
}

// auditDecision rebuilds, from its audit entry, the decision of a strike
// whose rule struck without flagging (so no flag case kept the text): the
// channel and a Decision as JSON, in the shape a flag case stores, with
// reasons naming the rules; the text itself is not kept anywhere.
func (s *Service) auditDecision(ctx context.Context, decisionID string) (string, json.RawMessage, error) {
	a, err := s.store.Audit(ctx, decisionID)
	if err != nil {
		return "", nil, s.fail(err, "audit")
	}
	d := Decision{ID: a.DecisionID, Decision: policy.Decision{Action: policy.Action(a.Action), Flag: a.Flag, Strike: a.Strike,
		Findings: []detect.Finding{}, Reasons: []policy.Reason{}, Policy: a.Policy, Detector: a.Detector}}
	if len(a.Findings) > 0 {
		if err := json.Unmarshal(a.Findings, &d.Findings); err != nil {
			return "", nil, s.fail(err, "decode audit findings")
		}
	}
	for _, r := range a.Rules {
		d.Reasons = append(d.Reasons, policy.Reason{Rule: r, Action: d.Action, Finding: -1})
	}
	var pctx policy.Context
	if len(a.Context) > 0 {
		_ = json.Unmarshal(a.Context, &pctx) // the channel is a nicety
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return "", nil, &Error{Code: Internal, Message: "internal error", Err: err}
	}
	return string(pctx.Channel), raw, nil
}
