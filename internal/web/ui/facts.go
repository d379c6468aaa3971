package ui

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/policy"
)

// PolicyFacts is what the policy enforces, in the terms the help page, the
// plans page and a thread's header speak of. It is worked out by asking
// the policy itself to decide one finding of each kind in every context,
// not by reading rule ids, so that the pages say what enforcement does
// even for an operator's own policy, whatever its rules are called and
// however they are ordered.
type PolicyFacts struct {
	Platform string
	Public   []policy.Channel // seen by anyone
	Private  []policy.Channel // seen by the two parties
	// Enterprise lists what a conversation with an Enterprise client may
	// exchange before a contract that others may not, by channel; empty
	// when the policy treats Enterprise clients like everyone else.
	Enterprise []Allowance
	// Contract lists what becomes allowed once a contract has started.
	Contract []Allowance
	// PublicNever are the kinds no one may put in any public place,
	// Enterprise clients and parties to a contract included (Never
	// excepted).
	PublicNever []detect.Kind
	// PublicReason is the reason the policy gives for PublicNever.
	PublicReason string
	// Never are the kinds allowed in no context at all.
	Never []Never
	// Strikes are the reasons of the rules that count a strike.
	Strikes []string
	// Exceptions are the exceptions the policy declares, by name.
	Exceptions []Exception
	// DecayDays is how long a strike counts; Ladder what strikes lead to.
	DecayDays int
	Ladder    []policy.StepSpec
	// Masks are the texts that replace hidden details in delivered text.
	Masks []string
	// Reasons maps a rule id to its reason, for strikes and cases.
	Reasons map[string]string
}

// Allowance is what some channels allow that they otherwise would not.
type Allowance struct {
	Channels []policy.Channel
	Kinds    []detect.Kind
	Reason   string // the reason of the rule that allows it
}

// Never is a kind the policy never allows, and why.
type Never struct {
	Kind   detect.Kind
	Reason string
}

// Exception is an exception a conversation may be granted.
type Exception struct {
	Name, Meaning string
}

// EnterpriseIn returns the kinds an Enterprise conversation may exchange
// in ch before a contract that others may not.
func (f *PolicyFacts) EnterpriseIn(ch policy.Channel) []detect.Kind {
	for _, a := range f.Enterprise {
		if slices.Contains(a.Channels, ch) {
			return a.Kinds
		}
	}
	return nil
}

// sample is the text the synthetic findings cover; its content does not
// matter to the policy, only the finding's kind and the context.
const sample = "sample"

// analysePolicy works out p's facts by deciding one plain finding of each
// kind in every channel, for both senders, with and without an
// Enterprise client, in every contract state.
func analysePolicy(p *policy.Policy) (*PolicyFacts, error) {
	file := p.File()
	f := &PolicyFacts{Platform: file.Platform, DecayDays: file.Strikes.DecayDays, Ladder: file.Strikes.Ladder, Reasons: map[string]string{}}
	if f.Platform == "" {
		f.Platform = "the platform"
	}
	if f.DecayDays == 0 {
		f.DecayDays = int(p.StrikeDecay().Hours() / 24)
	}
	if file.Mask != "" {
		f.Masks = append(f.Masks, file.Mask)
	}
	order := map[string]int{}
	for i, r := range file.Rules {
		f.Reasons[r.ID] = r.Reason
		order[r.ID] = i
		if r.Mask != "" && !slices.Contains(f.Masks, r.Mask) {
			f.Masks = append(f.Masks, r.Mask)
		}
	}
	for _, name := range p.ExceptionNames() {
		f.Exceptions = append(f.Exceptions, Exception{name, file.Exceptions[name]})
	}
	for _, ch := range policy.Channels {
		if ch.Public() {
			f.Public = append(f.Public, ch)
		} else {
			f.Private = append(f.Private, ch)
		}
	}

	type key struct {
		ch        policy.Channel
		sender    policy.Role
		ent       bool
		contract  policy.Contract
		kind      detect.Kind
		disguised bool
	}
	decisions := map[key]policy.Decision{}
	striking := map[string]bool{}
	for _, ch := range policy.Channels {
		for _, sender := range policy.Roles {
			for _, ent := range []bool{false, true} {
				for _, c := range policy.Contracts {
					for _, k := range detect.AllKinds {
						for _, disguised := range []bool{false, true} {
							d, err := p.Decide(policy.Context{Channel: ch, Sender: sender, Enterprise: ent, Contract: c}, sample,
								[]detect.Finding{{Kind: k, Start: 0, End: len(sample), Text: sample, Confidence: 1, Rule: "help", Disguised: disguised}})
							if err != nil {
								return nil, err
							}
							decisions[key{ch, sender, ent, c, k, disguised}] = d
							for _, r := range d.Reasons {
								if r.Strike {
									striking[r.Rule] = true
								}
							}
						}
					}
				}
			}
		}
	}
	// allowed reports whether both sides may write k plainly in ch.
	allowed := func(ch policy.Channel, ent bool, c policy.Contract, k detect.Kind) bool {
		for _, s := range policy.Roles {
			if decisions[key{ch, s, ent, c, k, false}].Action != policy.Allow {
				return false
			}
		}
		return true
	}
	reason := func(ch policy.Channel, ent bool, c policy.Contract, k detect.Kind) string {
		d := decisions[key{ch, policy.Client, ent, c, k, false}]
		if len(d.Reasons) > 0 {
			return d.Reasons[0].Message
		}
		return ""
	}
	// allowances groups, by channel, the kinds that cond allows.
	allowances := func(cond func(ch policy.Channel, k detect.Kind) bool, ent bool, c policy.Contract) []Allowance {
		var out []Allowance
		for _, ch := range policy.Channels {
			var kinds []detect.Kind
			for _, k := range detect.AllKinds {
				if cond(ch, k) {
					kinds = append(kinds, k)
				}
			}
			if len(kinds) == 0 {
				continue
			}
			i := slices.IndexFunc(out, func(a Allowance) bool { return slices.Equal(a.Kinds, kinds) })
			if i < 0 {
				out = append(out, Allowance{Kinds: kinds, Reason: reason(ch, ent, c, kinds[0])})
				i = len(out) - 1
			}
			out[i].Channels = append(out[i].Channels, ch)
		}
		return out
	}
	f.Enterprise = allowances(func(ch policy.Channel, k detect.Kind) bool {
		return allowed(ch, true, policy.NoContract, k) && !allowed(ch, false, policy.NoContract, k)
	}, true, policy.NoContract)
	f.Contract = allowances(func(ch policy.Channel, k detect.Kind) bool {
		return allowed(ch, false, policy.Active, k) && !allowed(ch, false, policy.NoContract, k)
	}, false, policy.Active)

	// never reports whether no context in chs lets anyone write k.
	never := func(chs []policy.Channel, k detect.Kind) bool {
		for _, ch := range chs {
			for _, s := range policy.Roles {
				for _, ent := range []bool{false, true} {
					for _, c := range policy.Contracts {
						if decisions[key{ch, s, ent, c, k, false}].Action == policy.Allow {
							return false
						}
					}
				}
			}
		}
		return true
	}
	for _, k := range detect.AllKinds {
		switch {
		case never(policy.Channels, k):
			f.Never = append(f.Never, Never{k, reason(policy.Message, true, policy.Active, k)})
		case never(f.Public, k):
			f.PublicNever = append(f.PublicNever, k)
			if f.PublicReason == "" && len(f.Public) > 0 {
				f.PublicReason = reason(f.Public[0], true, policy.NoContract, k)
			}
		}
	}
	var rules []string
	for id := range striking {
		rules = append(rules, id)
	}
	sort.Slice(rules, func(i, j int) bool { return order[rules[i]] < order[rules[j]] })
	for _, id := range rules {
		if r := f.Reasons[id]; r != "" && !slices.Contains(f.Strikes, r) {
			f.Strikes = append(f.Strikes, r)
		}
	}
	return f, nil
}

// kindWord names one kind of finding briefly, for a highlight's label.
func kindWord(k detect.Kind) string {
	switch k {
	case detect.Email:
		return "email address"
	case detect.Phone:
		return "phone number"
	case detect.Handle:
		return "messaging or social media handle"
	case detect.MeetingLink:
		return "outside meeting link"
	case detect.PaymentAccount:
		return "outside payment account"
	case detect.URL:
		return "link"
	case detect.ContactRequest:
		return "request for contact details"
	case detect.MeetingRequest:
		return "request to meet outside the platform"
	case detect.PaymentRequest:
		return "request to pay outside the platform"
	}
	return strings.ReplaceAll(string(k), "_", " ")
}

// kindPhrase says what writing a kind amounts to, for sentences listing
// what is or is not allowed.
func kindPhrase(k detect.Kind) string {
	switch k {
	case detect.Email:
		return "email addresses"
	case detect.Phone:
		return "phone numbers"
	case detect.Handle:
		return "messaging and social media handles (WhatsApp, Telegram, Skype…)"
	case detect.MeetingLink:
		return "links to outside video calls and scheduling pages"
	case detect.PaymentAccount:
		return "outside payment accounts (PayPal, bank accounts, crypto wallets…)"
	case detect.URL:
		return "links"
	case detect.ContactRequest:
		return "asking for contact details or to move to another app"
	case detect.MeetingRequest:
		return "arranging an interview or call outside the platform"
	case detect.PaymentRequest:
		return "asking to pay or be paid outside the platform"
	}
	return strings.ReplaceAll(string(k), "_", " ")
}

// kindsWords says what writing kinds amounts to, as verb phrases joined
// by "and": "share email addresses and phone numbers, and ask for contact
// details". Identifiers are shared; intents are acts of their own.
func kindsWords(ks []detect.Kind) string { return joinWith(kindActs(ks), "and") }

// kindsOr is kindsWords joined by "or", for what nobody may do.
func kindsOr(ks []detect.Kind) string { return joinWith(kindActs(ks), "or") }

func kindActs(ks []detect.Kind) []string {
	var shared, acts []string
	for _, k := range ks {
		switch k {
		case detect.ContactRequest:
			acts = append(acts, "ask for contact details or to move to another app")
		case detect.MeetingRequest:
			acts = append(acts, "arrange an interview or call outside the platform")
		case detect.PaymentRequest:
			acts = append(acts, "ask to pay or be paid outside the platform")
		default:
			shared = append(shared, kindPhrase(k))
		}
	}
	if len(shared) > 0 {
		acts = append([]string{"share " + joinWords(shared)}, acts...)
	}
	return acts
}

// joinWith joins phrases that may hold commas themselves: "a, b; c" reads
// badly, so phrases are separated by ", " and the last by ", and ".
func joinWith(ps []string, conj string) string {
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return ps[0]
	case 2:
		return ps[0] + ", " + conj + " " + ps[1]
	}
	return strings.Join(ps[:len(ps)-1], ", ") + ", " + conj + " " + ps[len(ps)-1]
}

// channelWord names a channel in the plural: "job posts".
func channelWord(c policy.Channel) string {
	switch c {
	case policy.Message:
		return "messages"
	case policy.Proposal:
		return "proposals"
	case policy.JobPost:
		return "job posts"
	case policy.Profile:
		return "profiles"
	case policy.Review:
		return "reviews"
	}
	return strings.ReplaceAll(string(c), "_", " ")
}

// channelsWords lists channels in words: "job posts, profiles and reviews".
func channelsWords(cs []policy.Channel) string {
	words := make([]string, len(cs))
	for i, c := range cs {
		words[i] = channelWord(c)
	}
	return joinWords(words)
}

// actionWord says what an action does to a text, for its sender.
func actionWord(a policy.Action) string {
	switch a {
	case policy.Allow:
		return "allowed"
	case policy.Warn:
		return "sent with a warning"
	case policy.Redact:
		return "sent with the details hidden"
	case policy.Block:
		return "not sent"
	}
	return string(a)
}

func joinWords(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
