package market

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/policy"
)

// Limits on what users write, in bytes. The detector takes far more; these
// keep pages and the database reasonable.
const (
	MaxNameBytes    = 200
	MaxTitleBytes   = 200
	MaxTextBytes    = 20000 // a message, a description, a cover letter, an overview
	MaxReviewBytes  = 5000
	MinPassword     = 8  // characters
	MaxPassword     = 72 // bytes: bcrypt reads no further, and refuses longer
	conversationWin = 4  // earlier messages scanned with a new one, as detect's window
)

// Decision is a policy decision with the id it is recorded under.
type Decision struct {
	ID string `json:"id"`
	policy.Decision
}

// Config holds what a Service needs.
type Config struct {
	Store    Store
	Detector *detect.Detector
	Policy   *policy.Policy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// PasswordCost is the bcrypt cost; 0 means bcrypt.DefaultCost.
	PasswordCost int
	// Events announces new and edited messages to live readers; nil
	// announces nothing.
	Events Events
}

// Service is the marketplace: every write of text goes through the
// detector and the policy, and leaves an audit record.
type Service struct {
	store    Store
	detector *detect.Detector
	policy   *policy.Policy
	now      func() time.Time
	log      *slog.Logger
	cost     int
	events   Events

	dummyOnce sync.Once
	dummy     []byte
}

// NewService returns a Service for cfg.
func NewService(cfg Config) *Service {
	s := &Service{store: cfg.Store, detector: cfg.Detector, policy: cfg.Policy, now: cfg.Now, log: cfg.Logger, cost: cfg.PasswordCost, events: cfg.Events}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.cost == 0 {
		s.cost = bcrypt.DefaultCost
	}
	return s
}

// Policy returns the policy the Service decides with.
func (s *Service) Policy() *policy.Policy { return s.policy }

// Detector returns the detector the Service scans with.
func (s *Service) Detector() *detect.Detector { return s.detector }

// newID returns an opaque random id with a prefix naming its type.
func newID(prefix string) string {
	var b [10]byte
	rand.Read(b[:])
	return prefix + "_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// Events returns where the Service announces messages; nil when nowhere.
func (s *Service) Events() Events { return s.events }

// announce tells live readers of the thread about a stored message. It
// runs after the store's commit, so a reader that hears it finds the
// message; a lost announcement only delays the reader to its next read.
func (s *Service) announce(ctx context.Context, threadID, messageID string) {
	if s.events == nil {
		return
	}
	if err := s.events.Publish(ctx, Event{ThreadID: threadID, MessageID: messageID}); err != nil {
		s.log.Warn("publish message event", "thread", threadID, "err", err)
	}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Now returns the time on the Service's clock, for callers that judge
// times as the Service does (when a contract started, say).
func (s *Service) Now() time.Time { return s.clock() }

// --- accounts -------------------------------------------------------------

// SignupInput is what a new client or freelancer gives.
type SignupInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Org      string `json:"org"` // the client's organisation, created with it
}

// Signup creates a client (with a new organisation on the basic plan) or a
// freelancer and logs them in.
func (s *Service) Signup(ctx context.Context, in SignupInput) (*User, string, error) {
	if in.Role != RoleClient && in.Role != RoleFreelancer {
		return nil, "", Errorf(Invalid, `role must be "client" or "freelancer"`)
	}
	var org *Org
	if in.Role == RoleClient {
		if err := checkName("org", in.Org); err != nil {
			return nil, "", err
		}
		org = &Org{ID: newID("org"), Name: strings.TrimSpace(in.Org), Plan: Basic, CreatedAt: s.clock()}
	} else if in.Org != "" {
		return nil, "", Errorf(Invalid, "org is only for clients")
	}
	u, err := s.newUser(in.Email, in.Password, in.Name, in.Role)
	if err != nil {
		return nil, "", err
	}
	if org != nil {
		u.OrgID = org.ID
	}
	if err := s.store.CreateUser(ctx, u, org); err != nil {
		return nil, "", s.fail(err, "create user")
	}
	tok, err := s.issueToken(ctx, u)
	return u, tok, err
}

func (s *Service) newUser(email, password, name string, role Role) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || a.Name != "" {
		return nil, Errorf(Invalid, "email: not an email address")
	}
	if err := checkName("name", name); err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(password); n < MinPassword || len(password) > MaxPassword {
		return nil, Errorf(Invalid, "password: at least %d characters and at most %d bytes", MinPassword, MaxPassword)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return nil, &Error{Code: Internal, Message: "internal error", Err: err}
	}
	return &User{ID: newID("usr"), Email: email, Name: strings.TrimSpace(name), Role: role, PasswordHash: string(hash), CreatedAt: s.clock()}, nil
}

func checkName(field, v string) error {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return Errorf(Invalid, "%s: required", field)
	case len(v) > MaxNameBytes:
		return Errorf(Invalid, "%s: at most %d bytes", field, MaxNameBytes)
	case !utf8.ValidString(v):
		return Errorf(Invalid, "%s: not valid UTF-8", field)
	case strings.ContainsRune(v, 0):
		return Errorf(Invalid, "%s: contains a NUL character", field)
	}
	return nil
}

// dummyHash returns a hash of no one's password at the Service's cost.
func (s *Service) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte("not a password of anyone"), s.cost)
	})
	return s.dummy
}

// Login returns a new token for the email and password.
func (s *Service) Login(ctx context.Context, email, password string) (string, *User, error) {
	u, err := s.store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil && ErrorCode(err) != NotFound {
		return "", nil, s.fail(err, "login")
	}
	hash := s.dummyHash()
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	// An unknown email costs a comparison too, so that timing does not
	// tell which emails have accounts.
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || err != nil {
		return "", nil, Errorf(Unauthorized, "wrong email or password")
	}
	tok, err := s.issueToken(ctx, u)
	return tok, u, err
}

func (s *Service) issueToken(ctx context.Context, u *User) (string, error) {
	var b [32]byte
	rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	if err := s.store.CreateToken(ctx, Token{Hash: hashToken(tok), UserID: u.ID, CreatedAt: s.clock()}); err != nil {
		return "", s.fail(err, "create token")
	}
	return tok, nil
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Authenticate returns the user a bearer token belongs to.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, Errorf(Unauthorized, "log in first")
	}
	u, err := s.store.UserByToken(ctx, hashToken(token))
	if ErrorCode(err) == NotFound {
		return nil, Errorf(Unauthorized, "the token is unknown or revoked")
	}
	if err != nil {
		return nil, s.fail(err, "authenticate")
	}
	return u, nil
}

// Logout revokes a token.
func (s *Service) Logout(ctx context.Context, token string) error {
	if err := s.store.RevokeToken(ctx, hashToken(token)); err != nil && ErrorCode(err) != NotFound {
		return s.fail(err, "revoke token")
	}
	return nil
}

// EnsureStaff creates a moderator or admin with the email unless one
// exists; the first admin comes from the server's configuration.
func (s *Service) EnsureStaff(ctx context.Context, email, password, name string, role Role) (*User, error) {
	if role != RoleAdmin && role != RoleModerator {
		return nil, Errorf(Invalid, "staff role must be admin or moderator")
	}
	if u, err := s.store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email))); err == nil {
		if u.Role != role {
			return nil, Errorf(Conflict, "%s is already a %s", email, u.Role)
		}
		return u, nil
	} else if ErrorCode(err) != NotFound {
		return nil, s.fail(err, "find staff")
	}
	u, err := s.newUser(email, password, name, role)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u, nil); ErrorCode(err) == Conflict {
		// Another replica starting at the same time made it first.
		if other, err := s.store.UserByEmail(ctx, u.Email); err == nil && other.Role == role {
			return other, nil
		}
		return nil, s.fail(err, "create staff")
	} else if err != nil {
		return nil, s.fail(err, "create staff")
	}
	return u, nil
}

// CreateModerator lets an admin add a moderator.
func (s *Service) CreateModerator(ctx context.Context, actor *User, email, password, name string) (*User, error) {
	if actor.Role != RoleAdmin {
		return nil, Errorf(Forbidden, "only an admin adds moderators")
	}
	return s.EnsureStaff(ctx, email, password, name, RoleModerator)
}

// SetPlan changes an organisation's plan; only an admin may, since a plan
// is a paid subscription.
func (s *Service) SetPlan(ctx context.Context, actor *User, orgID string, plan Plan) (*Org, error) {
	if actor.Role != RoleAdmin {
		return nil, Errorf(Forbidden, "only an admin changes a plan")
	}
	if plan != Basic && plan != Business && plan != Enterprise {
		return nil, Errorf(Invalid, "plan must be basic, business or enterprise")
	}
	if err := s.store.SetPlan(ctx, orgID, plan); err != nil {
		return nil, s.fail(err, "set plan")
	}
	return s.store.Org(ctx, orgID)
}

// Org returns an organisation.
func (s *Service) Org(ctx context.Context, id string) (*Org, error) {
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return nil, s.fail(err, "org")
	}
	return o, nil
}

// User returns a user.
func (s *Service) User(ctx context.Context, id string) (*User, error) {
	u, err := s.store.User(ctx, id)
	if err != nil {
		return nil, s.fail(err, "user")
	}
	return u, nil
}

// RenameOrg renames the actor's organisation; the name is public, so it
// goes through the policy as a company page.
func (s *Service) RenameOrg(ctx context.Context, actor *User, name string) (*Org, *Decision, error) {
	if actor.Role != RoleClient {
		return nil, nil, Errorf(Forbidden, "only a client renames their organisation")
	}
	if err := checkName("name", name); err != nil {
		return nil, nil, err
	}
	org, err := s.store.Org(ctx, actor.OrgID)
	if err != nil {
		return nil, nil, s.fail(err, "org")
	}
	if err := s.mayWrite(ctx, actor, false); err != nil {
		return nil, nil, err
	}
	pctx := policy.Context{Channel: policy.Profile, Sender: policy.Client, Enterprise: org.Plan == Enterprise, Contract: policy.NoContract}
	dec, rec, err := s.decide(ctx, actor, pctx, strings.TrimSpace(name), nil, "org:"+org.ID)
	if err != nil {
		return nil, dec, err
	}
	if err := s.store.RenameOrg(ctx, org.ID, dec.Redacted, rec); err != nil {
		return nil, nil, s.fail(err, "rename org")
	}
	org.Name = dec.Redacted
	return org, dec, nil
}

// --- deciding -------------------------------------------------------------

// decide judges text and, when the policy blocks it, records the decision
// at once and returns a Refused error carrying it.
func (s *Service) decide(ctx context.Context, actor *User, pctx policy.Context, text string, earlier []string, subject string) (*Decision, Record, error) {
	dec, rec, err := s.judge(actor, pctx, text, earlier, subject)
	if err != nil {
		return nil, Record{}, err
	}
	if dec.Action == policy.Block {
		return dec, rec, s.refuse(ctx, dec, rec)
	}
	return dec, rec, nil
}

// refuse records a blocked write's decisions and returns the Refused
// error for dec.
func (s *Service) refuse(ctx context.Context, dec *Decision, rec Record) error {
	rec.Audit.Subject = ""
	for i := range rec.Also {
		rec.Also[i].Audit.Subject = ""
	}
	if err := s.store.RecordDecision(ctx, rec); err != nil {
		return s.fail(err, "record decision")
	}
	return &Error{Code: Refused, Message: dec.Notice, Decision: dec}
}

// judge scans text (after the earlier messages of its thread, if any),
// decides it in pctx and builds the record of the decision, storing
// nothing.
func (s *Service) judge(actor *User, pctx policy.Context, text string, earlier []string, subject string) (*Decision, Record, error) {
	findings, err := s.scan(text, earlier)
	if err != nil {
		return nil, Record{}, err
	}
	pd, err := s.policy.Decide(pctx, text, findings)
	if err != nil {
		return nil, Record{}, &Error{Code: Internal, Message: "internal error", Err: err}
	}
	pd.Detector = s.detector.Version()
	dec := &Decision{ID: newID("dec"), Decision: pd}
	now := s.clock()
	ctxJSON, _ := json.Marshal(pctx)
	findJSON, _ := json.Marshal(pd.Findings)
	rules := make([]string, 0, len(pd.Reasons))
	for _, r := range pd.Reasons {
		rules = append(rules, r.Rule)
	}
	rec := Record{Audit: AuditEntry{
		DecisionID: dec.ID, Time: now, ActorID: actor.ID, Subject: subject, Context: ctxJSON, Findings: findJSON,
		Action: string(pd.Action), Flag: pd.Flag, Strike: pd.Strike, Rules: rules, Policy: pd.Policy, Detector: pd.Detector,
	}}
	if pd.Strike {
		rec.Strike = &Strike{ID: newID("stk"), UserID: actor.ID, DecisionID: dec.ID, Rule: strikeRule(pd), CreatedAt: now}
	}
	if pd.Flag {
		decJSON, _ := json.Marshal(dec)
		c := &Case{ID: newID("case"), Kind: CaseFlag, Status: CaseOpen, UserID: actor.ID, DecisionID: dec.ID,
			Channel: string(pctx.Channel), Text: text, Decision: decJSON, CreatedAt: now}
		if rec.Strike != nil {
			c.StrikeID = rec.Strike.ID
		}
		rec.Case = c
	}
	return dec, rec, nil
}

// strikeRule names the first rule of the decision that strikes.
func strikeRule(d policy.Decision) string {
	for _, r := range d.Reasons {
		if r.Strike {
			return r.Rule
		}
	}
	return ""
}

// scan finds what text holds, reading it as the next message after
// earlier ones so that details split over messages are found.
func (s *Service) scan(text string, earlier []string) ([]detect.Finding, error) {
	if len(earlier) == 0 {
		fs, err := s.detector.Scan(text)
		if err != nil {
			return nil, Errorf(Invalid, "text: %v", err)
		}
		return fs, nil
	}
	conv := s.detector.NewConversation()
	for _, m := range earlier {
		conv.Scan(m)
	}
	fs, err := conv.Scan(text)
	if err != nil {
		return nil, Errorf(Invalid, "text: %v", err)
	}
	return fs, nil
}

// checkText validates a text field.
func checkText(field, text string, max int) error {
	switch {
	case strings.TrimSpace(text) == "":
		return Errorf(Invalid, "%s: required", field)
	case len(text) > max:
		return Errorf(Invalid, "%s: at most %d bytes", field, max)
	case !utf8.ValidString(text):
		return Errorf(Invalid, "%s: not valid UTF-8", field)
	case strings.ContainsRune(text, 0):
		// PostgreSQL's text cannot hold NUL, and no user types one.
		return Errorf(Invalid, "%s: contains a NUL character", field)
	}
	return nil
}

// Standing returns where a user stands after their strikes.
func (s *Service) Standing(ctx context.Context, u *User) (policy.Standing, error) {
	now := s.clock()
	strikes, err := s.store.Strikes(ctx, u.ID, s.strikesSince(now))
	if err != nil {
		return policy.Standing{}, s.fail(err, "strikes")
	}
	return s.standing(strikes, now), nil
}

// strikesSince is the creation time of the oldest strike that still
// counts at now.
func (s *Service) strikesSince(now time.Time) time.Time { return now.Add(-s.policy.StrikeDecay()) }

// standing returns where a user stands at now after strikes, their
// strikes since strikesSince(now).
func (s *Service) standing(strikes []Strike, now time.Time) policy.Standing {
	times := make([]time.Time, len(strikes))
	for i, st := range strikes {
		times[i] = st.CreatedAt
	}
	return s.policy.Standing(times, now)
}

// mayWrite enforces the strike ladder: a suspended user writes nothing; a
// restricted one only in a conversation whose contract has started.
func (s *Service) mayWrite(ctx context.Context, u *User, contractStarted bool) error {
	st, err := s.Standing(ctx, u)
	if err != nil {
		return err
	}
	return standingAllows(st, contractStarted)
}

// standingAllows returns the Forbidden error of the strike ladder when a
// user who stands at st may not write, in a conversation whose contract
// has started or not.
func standingAllows(st policy.Standing, contractStarted bool) error {
	switch st.Level {
	case policy.Suspended:
		return Errorf(Forbidden, "%s", st.Message)
	case policy.Restricted:
		if !contractStarted {
			return Errorf(Forbidden, "%s (until %s)", st.Message, st.Until.Format(time.RFC3339))
		}
	}
	return nil
}

// fail turns a store error into what a user may see: NotFound and
// Conflict pass through; anything else is logged and becomes Internal.
func (s *Service) fail(err error, op string) error {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e
	}
	s.log.Error("store", "op", op, "err", err)
	return &Error{Code: Internal, Message: "internal error", Err: fmt.Errorf("%s: %w", op, err)}
}
