package policy

import (
	"fmt"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect"
)

// NoticeData is what a notice template is rendered with.
type NoticeData struct {
	// Found names what the rule decided, for people: "an email address
	// and a phone number".
	Found string
	// Kinds are the kinds of those findings, in the order of
	// detect.AllKinds, so that a notice reads the same whatever order the
	// findings came in.
	Kinds []detect.Kind
	// Where names the channel for people: "message", "job post".
	Where string
	// Platform is the marketplace's name from the policy.
	Platform string
	// Channel, Public, Sender, Enterprise and Contract come from the
	// context.
	Channel    Channel
	Public     bool
	Sender     Role
	Enterprise bool
	Contract   Contract
}

// kindWords names each kind for a sender, with its article.
var kindWords = map[detect.Kind]string{
	detect.Email:          "an email address",
	detect.Phone:          "a phone number",
	detect.Handle:         "a messaging handle",
	detect.MeetingLink:    "a meeting link",
	detect.PaymentAccount: "payment details",
	detect.URL:            "a link",
	detect.ContactRequest: "a request for contact details",
	detect.MeetingRequest: "a request to meet outside the platform",
	detect.PaymentRequest: "a request to pay outside the platform",
}

var channelWords = map[Channel]string{
	Message: "message", Proposal: "proposal", JobPost: "job post", Profile: "profile", Review: "review",
}

var noticeFuncs = template.FuncMap{
	// capital upper-cases the first letter, for a sentence that starts
	// with {{.Found}}.
	"capital": func(s string) string {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 {
			return s
		}
		return string(unicode.ToUpper(r)) + s[n:]
	},
}

// sampleNotice is the data a notice is tried with when it is compiled, so
// that a reference to a field that does not exist is a problem of the file,
// not of a later message.
var sampleNotice = NoticeData{
	Found: "an email address", Kinds: []detect.Kind{detect.Email}, Where: "message",
	Platform: "the platform", Channel: Message, Sender: Client, Contract: NoContract,
}

func parseNotice(name, text string) (*template.Template, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("notice %q is empty", name)
	}
	t, err := template.New(name).Funcs(noticeFuncs).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("notice %q: %s", name, strings.TrimPrefix(err.Error(), "template: "))
	}
	if err := t.Execute(&strings.Builder{}, sampleNotice); err != nil {
		msg := strings.TrimPrefix(err.Error(), "template: ")
		msg = strings.Replace(msg, "in type policy.NoticeData", "(a notice can use .Found, .Kinds, .Where, .Platform, .Channel, .Public, .Sender, .Enterprise and .Contract)", 1)
		return nil, fmt.Errorf("notice %q: %s", name, msg)
	}
	return t, nil
}

// foundWords lists kinds for people: "an email address, a phone number
// and a meeting link".
func foundWords(kinds []detect.Kind) string {
	words := make([]string, len(kinds))
	for i, k := range kinds {
		words[i] = kindWords[k]
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// noticeKey is everything a rendered notice depends on.
type noticeKey struct {
	notice     string
	kinds      uint16
	channel    Channel
	sender     Role
	enterprise bool
	contract   Contract
}

// notice renders rule ri's notice for the kinds it decided, caching the
// result: a policy has few rules and a context few values, so the cache
// stays small while a message costs a map lookup, not a template run.
func (p *Policy) notice(ri int, kinds []detect.Kind, ctx *Context) string {
	r := &p.rules[ri]
	if r.notice == nil {
		return r.reason
	}
	key := noticeKey{notice: r.noticeName, kinds: kindBits(kinds...), channel: ctx.Channel, sender: ctx.Sender, enterprise: ctx.Enterprise, contract: ctx.Contract}
	if s, ok := p.notices.Load(key); ok {
		return s.(string)
	}
	data := NoticeData{
		Found: foundWords(kinds), Kinds: kinds, Where: channelWords[ctx.Channel], Platform: p.platform,
		Channel: ctx.Channel, Public: ctx.Channel.Public(), Sender: ctx.Sender, Enterprise: ctx.Enterprise, Contract: ctx.Contract,
	}
	var b strings.Builder
	if err := r.notice.Execute(&b, data); err != nil {
		// Compile ran every template once; a failure now is a template
		// that depends on the data in a way the sample did not reach.
		return r.reason
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	p.notices.Store(key, s)
	return s
}
