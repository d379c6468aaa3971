// Package market is the reference marketplace's domain: organisations and
// their plans, users, job posts, profiles, threads and messages, proposals,
// contracts, reviews, moderation cases, strikes and the audit log. Its
// Service runs every write through detect and policy; its Store interface
// is implemented by internal/sqlite and internal/postgres.
package market

import (
	"context"
	"encoding/json"
	"time"
)

// Plan is an organisation's subscription.
type Plan string

// The plans. Enterprise clients may exchange contact details in private
// before a contract (see policy).
const (
	Basic      Plan = "basic"
	Business   Plan = "business"
	Enterprise Plan = "enterprise"
)

// Role is what a user is on the marketplace.
type Role string

// The roles.
const (
	RoleClient     Role = "client"
	RoleFreelancer Role = "freelancer"
	RoleModerator  Role = "moderator"
	RoleAdmin      Role = "admin"
)

// Org is a client company.
type Org struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Plan      Plan      `json:"plan"`
	CreatedAt time.Time `json:"created_at"`
}

// User is anyone who logs in. A client belongs to one Org.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	OrgID        string    `json:"org_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Token is a login session; only its hash is stored.
type Token struct {
	Hash      string
	UserID    string
	CreatedAt time.Time
}

// Profile is a freelancer's public profile.
type Profile struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Title     string    `json:"title"`
	Overview  string    `json:"overview"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Job is a client's job post.
type Job struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"org_id"`
	ClientID    string    `json:"client_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Budget      string    `json:"budget,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// JobTile is a job post as search shows it, with its client's badge.
type JobTile struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Budget    string     `json:"budget,omitempty"`
	Client    TileClient `json:"client"`
	CreatedAt time.Time  `json:"created_at"`
}

// TileClient is the client side of a JobTile.
type TileClient struct {
	OrgID      string `json:"org_id"`
	Org        string `json:"org"`
	Enterprise bool   `json:"enterprise"`
}

// Thread is a private conversation between a client organisation (through
// one of its users) and a freelancer, optionally about a job post.
type Thread struct {
	ID           string    `json:"id"`
	OrgID        string    `json:"org_id"`
	ClientID     string    `json:"client_id"`
	FreelancerID string    `json:"freelancer_id"`
	JobID        string    `json:"job_id,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Message is a message of a thread as delivered: Text is what the other
// side sees (redacted when the decision was redact).
type Message struct {
	ID         string     `json:"id"`
	ThreadID   string     `json:"thread_id"`
	SenderID   string     `json:"sender_id"`
	Text       string     `json:"text"`
	Action     string     `json:"action"`
	DecisionID string     `json:"decision_id"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
}

// Proposal is a freelancer's cover letter to a job post.
type Proposal struct {
	ID           string    `json:"id"`
	JobID        string    `json:"job_id"`
	FreelancerID string    `json:"freelancer_id"`
	CoverLetter  string    `json:"cover_letter"`
	CreatedAt    time.Time `json:"created_at"`
}

// ContractState is a contract's stored state; see Contract.Effective.
type ContractState string

// The contract states.
const (
	ContractOffered ContractState = "offered"
	ContractActive  ContractState = "active"
	ContractEnded   ContractState = "ended"
)

// Contract is work agreed between a client organisation and a freelancer.
type Contract struct {
	ID           string        `json:"id"`
	OrgID        string        `json:"org_id"`
	ClientID     string        `json:"client_id"`
	FreelancerID string        `json:"freelancer_id"`
	JobID        string        `json:"job_id,omitempty"`
	State        ContractState `json:"state"`
	StartsAt     *time.Time    `json:"starts_at,omitempty"`
	AcceptedAt   *time.Time    `json:"accepted_at,omitempty"`
	EndedAt      *time.Time    `json:"ended_at,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
}

// Effective returns the state at now: an offered contract whose start date
// has come is active, since a contract starts when it is accepted or its
// start date comes, whichever is first.
func (c *Contract) Effective(now time.Time) ContractState {
	if c.State == ContractOffered && c.StartsAt != nil && !now.Before(*c.StartsAt) {
		return ContractActive
	}
	return c.State
}

// StartedAt returns when the contract started as of now: when it was
// accepted or when its start date came, whichever was first; nil when it
// has not started.
func (c *Contract) StartedAt(now time.Time) *time.Time {
	t := c.AcceptedAt
	if c.StartsAt != nil && !now.Before(*c.StartsAt) && (t == nil || c.StartsAt.Before(*t)) {
		t = c.StartsAt
	}
	return t
}

// Review is what one party of a contract says of the other, in public.
type Review struct {
	ID         string    `json:"id"`
	ContractID string    `json:"contract_id"`
	AuthorID   string    `json:"author_id"`
	SubjectID  string    `json:"subject_id"`
	Rating     int       `json:"rating"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
}

// CaseKind says why a moderation case was opened.
type CaseKind string

// The case kinds.
const (
	CaseFlag   CaseKind = "flag"   // a decision flagged a text
	CaseAppeal CaseKind = "appeal" // a user appealed a strike
)

// CaseStatus is where a case is in the queue.
type CaseStatus string

// The case statuses. Upheld means the decision (or the strike) stands;
// dismissed means it was wrong, and a strike it gave is removed.
const (
	CaseOpen      CaseStatus = "open"
	CaseUpheld    CaseStatus = "upheld"
	CaseDismissed CaseStatus = "dismissed"
)

// Case is an item of the moderation queue.
type Case struct {
	ID         string          `json:"id"`
	Kind       CaseKind        `json:"kind"`
	Status     CaseStatus      `json:"status"`
	UserID     string          `json:"user_id"` // whose text or strike
	DecisionID string          `json:"decision_id"`
	StrikeID   string          `json:"strike_id,omitempty"`
	Channel    string          `json:"channel"`
	Text       string          `json:"text"`     // the text as written
	Decision   json.RawMessage `json:"decision"` // policy.Decision as JSON
	Appeal     string          `json:"appeal,omitempty"`
	Note       string          `json:"note,omitempty"`
	ResolverID string          `json:"resolver_id,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	ResolvedAt *time.Time      `json:"resolved_at,omitempty"`
}

// Strike is a mark against a user from a decision whose rule strikes.
type Strike struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	DecisionID string     `json:"decision_id"`
	Rule       string     `json:"rule"`
	CreatedAt  time.Time  `json:"created_at"`
	RemovedAt  *time.Time `json:"removed_at,omitempty"`
}

// AuditEntry records one decision; the application only ever appends.
type AuditEntry struct {
	DecisionID string          `json:"decision_id"`
	Time       time.Time       `json:"time"`
	ActorID    string          `json:"actor_id"`
	Subject    string          `json:"subject"` // "message:<id>", "job:<id>", ... empty when refused
	Context    json.RawMessage `json:"context"` // policy.Context
	Findings   json.RawMessage `json:"findings"`
	Action     string          `json:"action"`
	Flag       bool            `json:"flag"`
	Strike     bool            `json:"strike"`
	Rules      []string        `json:"rules"`
	Policy     string          `json:"policy"`
	Detector   string          `json:"detector"`
}

// Record is what a decision leaves behind, written in the same transaction
// as the text it decided on: the audit entry always, a case when flagged,
// a strike when the rule strikes.
type Record struct {
	Audit  AuditEntry
	Case   *Case
	Strike *Strike
	// Also are the records of other decisions of the same write (a job
	// post's title and description are decided apart), written with it.
	Also []Record
	// Key, when not nil, binds the client's idempotency key to this
	// write's outcome, in the same transaction: a second write with the
	// same user and key fails with Conflict and stores nothing.
	Key *IdempotencyKey
}

// IdempotencyKey is a client's Idempotency-Key header bound to the outcome
// of the first write sent with it, so that a retried request (the answer
// was lost on the way) is answered again instead of stored twice. Keys
// are per user; (UserID, Key) is unique.
type IdempotencyKey struct {
	UserID string
	Key    string
	// Request is a hash of what was asked (route, target, text): a retry
	// must ask the same thing.
	Request string
	// MessageID is the message the write stored; empty when the policy
	// refused it.
	MessageID string
	// Decision is the *Decision the write was answered with, as JSON.
	Decision  json.RawMessage
	CreatedAt time.Time
	// ExpiresAt is when the key may be used again for something else.
	ExpiresAt time.Time
}

// ThreadState is what a user's message in a thread depends on, read in
// one snapshot by Store.ThreadState.
type ThreadState struct {
	Thread Thread
	// Org is the thread's organisation.
	Org Org
	// Contracts are those between the thread's organisation and its
	// freelancer, newest first.
	Contracts []Contract
	// Strikes are the writing user's strikes created at or after the
	// time asked for and not removed, oldest first.
	Strikes []Strike
	// Messages are the thread's last messages, as many as asked for,
	// oldest first.
	Messages []Message
}

// CaseFilter selects cases; zero values select all.
type CaseFilter struct {
	Status CaseStatus
	UserID string // whose text or strike
	Limit  int
}

// HelpVote is a reader's answer to "Was this article helpful?".
type HelpVote struct {
	Article   string    `json:"article"`
	Helpful   bool      `json:"helpful"`
	UserID    string    `json:"user_id,omitempty"` // empty for a visitor
	CreatedAt time.Time `json:"created_at"`
}

// HelpTally counts an article's votes.
type HelpTally struct {
	Helpful int `json:"helpful"`
	Total   int `json:"total"`
}

// Store keeps the marketplace's data. Every method is one transaction. A
// method returns an *Error with code NotFound for a missing row (never a
// nil value with a nil error) and Conflict for a duplicate unique key
// (a user's email, a token hash, a review of a contract by its author).
// Methods taking a Record write it in the same transaction as the change.
type Store interface {
	// CreateUser inserts u, and org first when it is not nil (a client
	// signing up with a new organisation).
	CreateUser(ctx context.Context, u *User, org *Org) error
	User(ctx context.Context, id string) (*User, error)
	// UserByEmail looks the email up case-insensitively.
	UserByEmail(ctx context.Context, email string) (*User, error)
	CreateToken(ctx context.Context, t Token) error
	// UserByToken returns the user of an unrevoked token.
	UserByToken(ctx context.Context, hash string) (*User, error)
	RevokeToken(ctx context.Context, hash string) error

	Org(ctx context.Context, id string) (*Org, error)
	// Orgs returns every organisation, by name.
	Orgs(ctx context.Context) ([]Org, error)
	SetPlan(ctx context.Context, orgID string, plan Plan) error
	RenameOrg(ctx context.Context, orgID, name string, rec Record) error

	// PutProfile creates or replaces the profile of p.UserID.
	PutProfile(ctx context.Context, p *Profile, rec Record) error
	Profile(ctx context.Context, userID string) (*Profile, error)
	// SearchProfiles returns up to limit profiles, newest first, whose
	// name, title or overview contains every word of q
	// (case-insensitive); all for an empty q.
	SearchProfiles(ctx context.Context, q string, limit int) ([]Profile, error)

	CreateJob(ctx context.Context, j *Job, rec Record) error
	// UpdateJob replaces the title, description, budget and UpdatedAt.
	UpdateJob(ctx context.Context, j *Job, rec Record) error
	Job(ctx context.Context, id string) (*Job, error)
	// SearchJobs returns up to limit tiles, newest first, whose title or
	// description contains every word of q (case-insensitive); all for an
	// empty q.
	SearchJobs(ctx context.Context, q string, limit int) ([]JobTile, error)

	CreateThread(ctx context.Context, t *Thread) error
	Thread(ctx context.Context, id string) (*Thread, error)
	// ThreadsOf returns the threads the user is a party of (as client or
	// freelancer), newest first.
	ThreadsOf(ctx context.Context, userID string) ([]Thread, error)

	CreateMessage(ctx context.Context, m *Message, rec Record) error
	// UpdateMessage replaces the text, action, decision id and EditedAt.
	UpdateMessage(ctx context.Context, m *Message, rec Record) error
	Message(ctx context.Context, id string) (*Message, error)
	// Messages returns the thread's last limit messages, oldest first.
	Messages(ctx context.Context, threadID string, limit int) ([]Message, error)
	// ThreadState returns in one snapshot what the user userID's message
	// in the thread threadID depends on: the thread, its organisation,
	// the contracts between them (as ContractsBetween), the user's
	// strikes since since (as Strikes) and the thread's last limit
	// messages (as Messages). A missing thread is NotFound.
	ThreadState(ctx context.Context, threadID, userID string, since time.Time, limit int) (*ThreadState, error)

	CreateProposal(ctx context.Context, p *Proposal, rec Record) error
	// Proposals returns the proposals to a job, newest first (none, or no
	// such job, is no error).
	Proposals(ctx context.Context, jobID string) ([]Proposal, error)

	CreateContract(ctx context.Context, c *Contract) error
	Contract(ctx context.Context, id string) (*Contract, error)
	// UpdateContract replaces the state, AcceptedAt and EndedAt.
	UpdateContract(ctx context.Context, c *Contract) error
	// ContractsBetween returns the contracts between an organisation and
	// a freelancer, newest first (none is no error).
	ContractsBetween(ctx context.Context, orgID, freelancerID string) ([]Contract, error)

	CreateReview(ctx context.Context, r *Review, rec Record) error
	// Reviews returns the reviews of a user, newest first (none, or no
	// such user, is no error).
	Reviews(ctx context.Context, subjectID string) ([]Review, error)

	// RecordDecision writes the record of a decision that stored no text
	// (a refused write).
	RecordDecision(ctx context.Context, rec Record) error
	Audit(ctx context.Context, decisionID string) (*AuditEntry, error)

	CreateCase(ctx context.Context, c *Case) error
	Case(ctx context.Context, id string) (*Case, error)
	Cases(ctx context.Context, f CaseFilter) ([]Case, error)
	// ResolveCase sets the status, note, resolver and ResolvedAt of an open
	// case, and removes its strike (RemovedAt) when dismissed. Resolving a
	// case that is not open is a Conflict.
	ResolveCase(ctx context.Context, c *Case) error

	Strike(ctx context.Context, id string) (*Strike, error)
	// Strikes returns the user's strikes created at or after since and
	// not removed, oldest first.
	Strikes(ctx context.Context, userID string, since time.Time) ([]Strike, error)

	AddHelpVote(ctx context.Context, v HelpVote) error
	HelpVotes(ctx context.Context, article string) (HelpTally, error)

	// IdempotencyKey returns the user's key key as a Record stored it,
	// expired or not (the caller compares ExpiresAt with its clock). A
	// Record whose Key is set first deletes the user's expired keys, so
	// an expired key may be used again and old keys do not pile up.
	IdempotencyKey(ctx context.Context, userID, key string) (*IdempotencyKey, error)
}
