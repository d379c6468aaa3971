package policy

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect"
)

// Decide returns the decision for text, written in ctx, whose findings
// detect reported. It returns an error for a context Validate rejects or a
// finding whose span is not inside text on character boundaries.
func (p *Policy) Decide(ctx Context, text string, findings []detect.Finding) (Decision, error) {
	if err := p.Validate(ctx); err != nil {
		return Decision{}, err
	}
	return p.decide(ctx, text, findings)
}

// decide is Decide for a context already validated.
func (p *Policy) decide(ctx Context, text string, findings []detect.Finding) (Decision, error) {
	if ctx.Contract == "" {
		ctx.Contract = NoContract
	}
	var exc uint64
	for _, e := range ctx.Exceptions {
		exc |= p.exceptions[e]
	}
	m := matchContext{
		channel:    1 << slices.Index(Channels, ctx.Channel),
		sender:     1 << slices.Index(Roles, ctx.Sender),
		contract:   1 << slices.Index(Contracts, ctx.Contract),
		enterprise: ctx.Enterprise,
		exceptions: exc,
	}
	d := Decision{Action: Allow, Findings: findings, Reasons: []Reason{}, Redacted: text, Policy: p.version}
	if d.Findings == nil {
		d.Findings = []detect.Finding{}
	}
	if len(findings) == 0 {
		return d, nil
	}
	decided := make([]int, len(findings)) // rule index per finding, -1 for none
	masked := false
	for i := range findings {
		f := &findings[i]
		if f.Start < 0 || f.End < f.Start || f.End > len(text) || !boundary(text, f.Start) || !boundary(text, f.End) {
			return Decision{}, fmt.Errorf("finding %d (%s): span %d-%d is not inside the text (%d bytes) on character boundaries", i, f.Kind, f.Start, f.End, len(text))
		}
		if !slices.Contains(detect.AllKinds, f.Kind) {
			return Decision{}, fmt.Errorf("finding %d: unknown kind %q", i, f.Kind)
		}
		ri := p.match(&m, f)
		decided[i] = ri
		if ri < 0 {
			continue
		}
		r := &p.rules[ri]
		d.Reasons = append(d.Reasons, Reason{Rule: r.id, Kind: f.Kind, Action: r.action, Flag: r.flag, Strike: r.strike, Message: r.reason, Finding: i})
		if r.sev > d.Action.severity() {
			d.Action = r.action
		}
		d.Flag = d.Flag || r.flag
		d.Strike = d.Strike || r.strike
		masked = masked || r.action == Block || r.action == Redact
	}
	if d.Action != Allow {
		d.Notice = p.noticeFor(d.Action, findings, decided, &ctx)
	}
	if masked {
		d.Redacted = p.redact(text, findings, decided)
	}
	return d, nil
}

// boundary reports whether i is not inside a valid multi-byte character of
// s; a stray byte of invalid UTF-8 counts as a character of its own, as
// detect reads it.
func boundary(s string, i int) bool {
	if i == 0 || i == len(s) || utf8.RuneStart(s[i]) {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if utf8.RuneStart(s[j]) {
			r, size := utf8.DecodeRuneInString(s[j:])
			return (r == utf8.RuneError && size == 1) || j+size <= i
		}
	}
	return true
}

// matchContext is a Context as bits, computed once per message.
type matchContext struct {
	channel, sender, contract uint8
	enterprise                bool
	exceptions                uint64
}

// match returns the index of the first rule that holds for f, or -1.
func (p *Policy) match(m *matchContext, f *detect.Finding) int {
	kind := kindBits(f.Kind)
	for i := range p.rules {
		r := &p.rules[i]
		if (r.kinds != 0 && r.kinds&kind == 0) ||
			(r.channels != 0 && r.channels&m.channel == 0) ||
			(r.senders != 0 && r.senders&m.sender == 0) ||
			(r.contracts != 0 && r.contracts&m.contract == 0) ||
			(r.enterprise >= 0 && (r.enterprise == 1) != m.enterprise) ||
			(r.disguised >= 0 && (r.disguised == 1) != f.Disguised) ||
			f.Confidence < r.minConf || f.Confidence > r.maxConf ||
			(r.exceptions != 0 && r.exceptions&m.exceptions == 0) ||
			(len(r.domains) > 0 && !matchDomain(r.domains, findingDomain(f))) {
			continue
		}
		return i
	}
	return -1
}

// findingDomain returns the domain of a url, meeting link or email
// finding's value, lower-cased, or "".
func findingDomain(f *detect.Finding) string {
	v := f.Value
	switch f.Kind {
	case detect.Email:
		if i := strings.LastIndexByte(v, '@'); i >= 0 {
			return strings.ToLower(v[i+1:])
		}
		return ""
	case detect.URL, detect.MeetingLink:
		if i := strings.Index(v, "://"); i >= 0 {
			v = v[i+3:]
		}
		if i := strings.IndexAny(v, "/?#"); i >= 0 {
			v = v[:i]
		}
		if i := strings.LastIndexByte(v, '@'); i >= 0 { // user info
			v = v[i+1:]
		}
		if i := strings.LastIndexByte(v, ':'); i >= 0 { // port
			v = v[:i]
		}
		return strings.TrimSuffix(strings.ToLower(v), ".")
	}
	return ""
}

// matchDomain reports whether domain is one of list or below one of them.
func matchDomain(list []string, domain string) bool {
	if domain == "" {
		return false
	}
	for _, d := range list {
		if domain == d || (len(domain) > len(d) && strings.HasSuffix(domain, d) && domain[len(domain)-len(d)-1] == '.') {
			return true
		}
	}
	return false
}

// noticeFor joins the notices of the rules that decided at action, in the
// order each notice first applies, each rendered once with the kinds of all
// the findings it applies to. A rule without a notice gives its reason.
func (p *Policy) noticeFor(action Action, findings []detect.Finding, decided []int, ctx *Context) string {
	type group struct {
		rule  int // the first rule of the group, whose notice or reason is used
		kinds uint16
	}
	var groups []group
	for i, ri := range decided {
		if ri < 0 || p.rules[ri].action != action {
			continue
		}
		g := slices.IndexFunc(groups, func(g group) bool { return p.sameNotice(g.rule, ri) })
		if g < 0 {
			groups = append(groups, group{rule: ri})
			g = len(groups) - 1
		}
		groups[g].kinds |= kindBits(findings[i].Kind)
	}
	var parts []string
	for _, g := range groups {
		if n := p.notice(g.rule, kindsOf(g.kinds), ctx); n != "" && !slices.Contains(parts, n) {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "\n\n")
}

// sameNotice reports whether rules a and b tell the sender the same thing.
func (p *Policy) sameNotice(a, b int) bool {
	ra, rb := &p.rules[a], &p.rules[b]
	if ra.noticeName != "" || rb.noticeName != "" {
		return ra.noticeName == rb.noticeName
	}
	return ra.reason == rb.reason
}

// kindsOf expands a kind bitmask in the fixed order of detect.AllKinds.
func kindsOf(b uint16) []detect.Kind {
	var ks []detect.Kind
	for i, k := range detect.AllKinds {
		if b&(1<<i) != 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// redact masks every finding decided block or redact. Overlapping or
// touching spans are masked once, with the mask of the first.
func (p *Policy) redact(text string, findings []detect.Finding, decided []int) string {
	type span struct {
		start, end int
		mask       string
	}
	var spans []span
	for i, ri := range decided {
		if ri < 0 {
			continue
		}
		r := &p.rules[ri]
		if r.action != Block && r.action != Redact {
			continue
		}
		spans = append(spans, span{findings[i].Start, findings[i].End, cmpOr(r.mask, p.mask)})
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(text))
	pos := 0
	for i := 0; i < len(spans); {
		s := spans[i]
		end := s.end
		j := i + 1
		for ; j < len(spans) && spans[j].start <= end; j++ {
			end = max(end, spans[j].end)
		}
		b.WriteString(text[pos:s.start])
		b.WriteString(s.mask)
		pos = end
		i = j
	}
	b.WriteString(text[pos:])
	return b.String()
}

// Check scans text with d and decides on its findings, recording d's
// version in the decision. Use a detect.Conversation's findings with Decide
// for a message of a thread.
func (p *Policy) Check(d *detect.Detector, ctx Context, text string) (Decision, error) {
	if err := p.Validate(ctx); err != nil {
		return Decision{}, err
	}
	findings, err := d.Scan(text)
	if err != nil {
		return Decision{}, err
	}
	dec, err := p.decide(ctx, text, findings)
	dec.Detector = d.Version()
	return dec, err
}
