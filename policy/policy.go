// Package policy decides what happens to a message, job post or profile
// from what package detect found in it and the context it was written in:
// who is talking, where, whether the client is on the Enterprise plan and
// whether a contract exists.
//
// A Policy is compiled from a YAML file (Parse, then File.Compile) or taken
// from the default embedded one (Default). It is immutable and safe for
// concurrent use.
//
// # Evaluation order
//
// Decide looks at each finding on its own:
//
//  1. The policy's rules are tried in file order. The first rule whose
//     "when" holds for the finding and the context decides that finding:
//     its action, whether it flags the message for Trust & Safety, whether
//     it counts a strike against the sender, its reason and its notice.
//     Every condition of a "when" must hold; a list holds when any of its
//     items does; an absent condition always holds.
//  2. A finding no rule matches is allowed, without a reason.
//
// Then the message's decision is put together:
//
//  3. Its action is the most severe of its findings' (block > redact >
//     warn > allow); it flags, or strikes, if any finding's rule does.
//  4. Reasons lists, in finding order, the rule that decided each finding
//     a rule matched.
//  5. Notice joins the notices of the rules that decided at the message's
//     action, each rendered once with the findings it decided.
//  6. Redacted is the text with every finding decided "block" or "redact"
//     replaced by its rule's mask (or the policy's); overlapping findings
//     are masked once.
//
// # File format
//
//	version: 1                       # format version; 1 is the only one
//	platform: Acme                   # the marketplace's name, for notices
//	mask: "[contact details hidden]" # what replaces a masked finding
//	exceptions:                      # names a context may declare, and why
//	  prior_relationship: worked together before joining
//	notices:                         # text/template; see NoticeData
//	  share: "{{.Found | capital}} can't be shared before a contract starts."
//	rules:
//	  - id: private-contact          # unique; names the rule in decisions
//	    when:
//	      channel: [message, proposal]   # or job_post, profile, review
//	      sender: [client, freelancer]
//	      enterprise: false
//	      contract: [none, offered]      # or active, ended
//	      kind: [email, phone]           # detect's nine kinds
//	      disguised: true
//	      min_confidence: 0.5            # finding confidence >= this
//	      max_confidence: 0.9            # finding confidence <= this
//	      exception: [prior_relationship] # the context declares any of these
//	      domains: [github.com]          # a url, meeting link or email on
//	                                     # one of these domains or below
//	    action: block                    # allow, warn, redact or block
//	    flag: true                       # open a Trust & Safety case
//	    strike: true                     # count against the sender
//	    mask: "[hidden]"                 # overrides the policy's mask
//	    reason: Contact details can't be shared before a contract starts.
//	    notice: share                    # a name from notices
package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chaperone-dev/chaperone/detect"
)

// Channel is where a text is written.
type Channel string

// The channels. Messages and proposals are private to the two parties; job
// posts, profiles and reviews are public.
const (
	Message  Channel = "message"
	Proposal Channel = "proposal"
	JobPost  Channel = "job_post"
	Profile  Channel = "profile"
	Review   Channel = "review"
)

// Channels lists every channel in a fixed order.
var Channels = []Channel{Message, Proposal, JobPost, Profile, Review}

// Public reports whether c is seen by anyone, not just the two parties.
func (c Channel) Public() bool { return c == JobPost || c == Profile || c == Review }

// Role is which side of the marketplace the sender is on.
type Role string

// The roles.
const (
	Client     Role = "client"
	Freelancer Role = "freelancer"
)

// Roles lists every role in a fixed order.
var Roles = []Role{Client, Freelancer}

// Contract is the state of the contract between the two parties.
type Contract string

// The contract states. A contract starts when it is accepted or its start
// date comes, whichever is first: it is then Active.
const (
	NoContract Contract = "none"
	Offered    Contract = "offered"
	Active     Contract = "active"
	Ended      Contract = "ended"
)

// Contracts lists every contract state in a fixed order.
var Contracts = []Contract{NoContract, Offered, Active, Ended}

// Started reports whether a contract has started between the parties.
func (c Contract) Started() bool { return c == Active || c == Ended }

// Context is who wrote a text, where, and in what relationship.
type Context struct {
	// Channel is where the text is written. Required.
	Channel Channel `json:"channel"`
	// Sender is the writer's side. Required.
	Sender Role `json:"sender"`
	// Enterprise is set when the client side of the conversation or post
	// is on the Enterprise plan, whoever writes.
	Enterprise bool `json:"enterprise"`
	// Contract is the state of the contract between the two parties;
	// empty means none.
	Contract Contract `json:"contract"`
	// Exceptions are names, declared in the policy, that apply to this
	// conversation ("prior_relationship", "legal", ...).
	Exceptions []string `json:"exceptions,omitempty"`
}

// Action is what happens to a text.
type Action string

// The actions, from least to most severe.
const (
	// Allow delivers the text as written.
	Allow Action = "allow"
	// Warn delivers the text and tells the sender why it was a concern.
	Warn Action = "warn"
	// Redact delivers the text with the findings masked.
	Redact Action = "redact"
	// Block does not deliver the text; the sender is told why and may
	// edit it.
	Block Action = "block"
)

// Actions lists the actions from least to most severe.
var Actions = []Action{Allow, Warn, Redact, Block}

// severity orders actions; an unknown action is -1.
func (a Action) severity() int { return slices.Index(Actions, a) }

// Reason explains how one finding was decided.
type Reason struct {
	// Rule is the id of the rule that decided the finding.
	Rule string `json:"rule"`
	// Kind is the finding's kind.
	Kind detect.Kind `json:"kind"`
	// Action is what the rule decided for the finding.
	Action Action `json:"action"`
	// Flag and Strike are set when the rule flags or strikes.
	Flag   bool `json:"flag,omitempty"`
	Strike bool `json:"strike,omitempty"`
	// Message is the rule's reason, for people.
	Message string `json:"message"`
	// Finding is the finding's index in Decision.Findings.
	Finding int `json:"finding"`
}

// Decision is what happens to one text, and why.
type Decision struct {
	// Action is the most severe of the findings' actions.
	Action Action `json:"action"`
	// Flag is set when a Trust & Safety case should be opened.
	Flag bool `json:"flag"`
	// Strike is set when the text counts against its sender.
	Strike bool `json:"strike,omitempty"`
	// Findings are the findings the decision was made on.
	Findings []detect.Finding `json:"findings"`
	// Reasons explains, in finding order, each finding a rule decided.
	Reasons []Reason `json:"reasons"`
	// Notice tells the sender what was found, why it is not allowed now,
	// and what to do instead; empty when the action is allow.
	Notice string `json:"notice,omitempty"`
	// Redacted is the text as it would be delivered, with the blocked and
	// redacted findings masked.
	Redacted string `json:"redacted"`
	// Policy is the version of the policy that decided (Policy.Version).
	Policy string `json:"policy"`
	// Detector is the version of the detector whose findings were decided
	// on (detect.Detector.Version); Check fills it in.
	Detector string `json:"detector,omitempty"`
}

// Validate returns an error naming the first field of c that is missing or
// unknown, or an exception p does not declare.
func (p *Policy) Validate(c Context) error {
	if c.Channel == "" {
		return fmt.Errorf("context: missing channel (one of %s)", join(Channels))
	}
	if !slices.Contains(Channels, c.Channel) {
		return fmt.Errorf("context: unknown channel %q (one of %s)", c.Channel, join(Channels))
	}
	if c.Sender == "" {
		return fmt.Errorf("context: missing sender (one of %s)", join(Roles))
	}
	if !slices.Contains(Roles, c.Sender) {
		return fmt.Errorf("context: unknown sender %q (one of %s)", c.Sender, join(Roles))
	}
	if c.Contract != "" && !slices.Contains(Contracts, c.Contract) {
		return fmt.Errorf("context: unknown contract %q (one of %s)", c.Contract, join(Contracts))
	}
	for _, e := range c.Exceptions {
		if _, ok := p.exceptions[e]; !ok {
			return fmt.Errorf("context: exception %q is not declared by the policy (declared: %s)", e, strings.Join(p.ExceptionNames(), ", "))
		}
	}
	return nil
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
