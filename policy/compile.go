package policy

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/chaperone-dev/chaperone/detect"
)

// Policy is a compiled, validated policy. It is immutable and safe for
// concurrent use.
type Policy struct {
	src        File // normalised copy of the file, for File and Version
	version    string
	platform   string
	mask       string
	exceptions map[string]uint64 // name -> bit
	rules      []rule
	notices    sync.Map // noticeKey -> string, rendered notices
}

// rule is a compiled RuleSpec: every list a bitmask, so that matching a
// finding costs a few comparisons.
type rule struct {
	id                string
	channels, senders uint8 // bits by index in Channels, Roles; 0 = any
	contracts         uint8 // bits by index in Contracts; 0 = any
	kinds             uint16
	enterprise        int8 // -1 any, 0 false, 1 true
	disguised         int8
	minConf, maxConf  float64
	exceptions        uint64
	domains           []string
	action            Action
	sev               int
	flag, strike      bool
	mask, reason      string
	notice            *template.Template
	noticeName        string
	faulty            bool // had problems: skipped when looking for shadowed rules
}

//go:embed default.yaml
var defaultFile []byte

var defaultPolicy = sync.OnceValues(func() (*Policy, error) {
	f, err := Parse("default.yaml", defaultFile)
	if err != nil {
		return nil, err
	}
	return f.Compile()
})

// Default returns the policy Chaperone ships with (policy/default.yaml).
func Default() *Policy {
	p, err := defaultPolicy()
	if err != nil { // the embedded file is checked by the package's tests
		panic("policy: default.yaml: " + err.Error())
	}
	return p
}

// DefaultFile returns the text of the default policy file, a starting point
// for an operator's own.
func DefaultFile() []byte { return slices.Clone(defaultFile) }

// Load parses and compiles a policy file.
// Problems of both steps are reported together when the file could be
// read at all.
func Load(name string, data []byte) (*Policy, error) {
	f, err := Parse(name, data)
	if f == nil {
		return nil, err
	}
	p, cerr := f.Compile()
	if err == nil {
		return p, cerr
	}
	perr := err.(*Error)
	if ce, ok := cerr.(*Error); ok {
		perr.Problems = append(perr.Problems, ce.Problems...)
		sortProblems(perr.Problems)
	}
	return nil, perr
}

var (
	idPattern        = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)
	exceptionPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	domainPattern    = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
)

// Compile checks the file and returns its *Policy, or an *Error listing
// every problem with its rule and line.
func (f *File) Compile() (*Policy, error) {
	c := compiler{f: f}
	p := &Policy{
		platform:   cmpOr(strings.TrimSpace(f.Platform), "the platform"),
		mask:       cmpOr(f.Mask, "[contact details hidden]"),
		exceptions: map[string]uint64{},
	}
	switch f.Version {
	case 1:
	case 0:
		c.problem("version", "", "missing version (write \"version: 1\")")
	default:
		c.problem("version", "", fmt.Sprintf("unknown version %d (this Chaperone reads version 1)", f.Version))
	}
	if len(f.Exceptions) > MaxExceptions {
		c.problem("exceptions", "", fmt.Sprintf("%d exceptions, the limit is %d", len(f.Exceptions), MaxExceptions))
	}
	for i, name := range sortedKeys(f.Exceptions) {
		if !exceptionPattern.MatchString(name) {
			c.problem("exceptions."+name, "", fmt.Sprintf("exception name %q: use lower-case letters, digits and _", name))
		}
		if i < MaxExceptions {
			p.exceptions[name] = 1 << i
		}
	}
	notices := map[string]*template.Template{}
	for _, name := range sortedKeys(f.Notices) {
		t, err := parseNotice(name, f.Notices[name])
		if err != nil {
			c.problem("notices."+name, "", err.Error())
			continue
		}
		notices[name] = t
	}
	if len(f.Rules) == 0 {
		c.problem("rules", "", "no rules")
	}
	if len(f.Rules) > MaxRules {
		c.problem("rules", "", fmt.Sprintf("%d rules, the limit is %d", len(f.Rules), MaxRules))
	}
	seen := map[string]int{}
	for i, rs := range f.Rules {
		before := len(c.problems)
		r := c.rule(i, rs, p.exceptions, notices)
		faulty := len(c.problems) > before
		if rs.ID != "" {
			if j, dup := seen[rs.ID]; dup {
				c.problem(fmt.Sprintf("rules.%d.id", i), rs.ID, fmt.Sprintf("duplicate id: rule %d (line %d) has it too", j+1, f.line(fmt.Sprintf("rules.%d", j))))
			}
			seen[rs.ID] = i
		}
		for j, earlier := range p.rules {
			if faulty || earlier.faulty {
				continue // a rule with a bad condition matches more than it says
			}
			if earlier.covers(r) {
				c.problem(fmt.Sprintf("rules.%d", i), ruleLabel(i, rs.ID), fmt.Sprintf("never decides anything: rule %q (line %d) before it matches every finding it would", earlier.id, f.line(fmt.Sprintf("rules.%d", j))))
				break
			}
		}
		r.faulty = faulty
		p.rules = append(p.rules, r)
	}
	strikes := f.Strikes
	strikes.Ladder = slices.Clone(strikes.Ladder)
	c.compileStrikes(&strikes)
	if len(c.problems) > 0 {
		sortProblems(c.problems)
		return nil, &Error{c.problems}
	}
	p.src = f.normalised()
	p.src.Strikes = strikes
	sum, _ := json.Marshal(p.src)
	h := sha256.Sum256(sum)
	p.version = "sha256:" + hex.EncodeToString(h[:8])
	return p, nil
}

type compiler struct {
	f        *File
	problems []Problem
}

func (c *compiler) problem(path, rule, msg string) {
	c.problems = append(c.problems, Problem{File: c.f.name, Line: c.f.line(path), Rule: rule, Message: msg})
}

// rule compiles the i-th rule, noting its problems.
func (c *compiler) rule(i int, rs RuleSpec, exceptions map[string]uint64, notices map[string]*template.Template) rule {
	at := func(field string) string { return fmt.Sprintf("rules.%d.%s", i, field) }
	id := rs.ID
	label := ruleLabel(i, id)
	bad := func(field, msg string) { c.problem(at(field), label, msg) }
	if id == "" {
		bad("", "missing id")
	} else if !idPattern.MatchString(id) {
		bad("id", "id: use up to 64 lower-case letters, digits, '-', '_' and '.'")
	}
	r := rule{id: id, action: rs.Action, sev: rs.Action.severity(), flag: rs.Flag, strike: rs.Strike,
		mask: rs.Mask, reason: strings.TrimSpace(rs.Reason), noticeName: rs.Notice, enterprise: -1, disguised: -1, maxConf: 2}
	switch {
	case rs.Action == "":
		bad("", fmt.Sprintf("missing action (one of %s)", join(Actions)))
	case r.sev < 0:
		bad("action", fmt.Sprintf("unknown action %q (one of %s)", rs.Action, join(Actions)))
	case rs.Action != Allow && r.reason == "" && rs.Notice == "":
		bad("action", fmt.Sprintf("a rule that can %s needs a reason or a notice: the sender must be told why", rs.Action))
	}
	if rs.Mask != "" && rs.Action != Block && rs.Action != Redact {
		bad("mask", fmt.Sprintf("mask is only used by block and redact, not %s", rs.Action))
	}
	if rs.Notice != "" {
		if t, ok := notices[rs.Notice]; ok {
			r.notice = t
		} else if _, declared := c.f.Notices[rs.Notice]; !declared {
			bad("notice", fmt.Sprintf("unknown notice %q (notices: %s)", rs.Notice, strings.Join(sortedKeys(c.f.Notices), ", ")))
		}
	}
	w := rs.When
	r.channels = uint8(bits(c, at("when.channel"), label, "channel", w.Channel, Channels))
	r.senders = uint8(bits(c, at("when.sender"), label, "sender", w.Sender, Roles))
	r.contracts = uint8(bits(c, at("when.contract"), label, "contract", w.Contract, Contracts))
	r.kinds = bits(c, at("when.kind"), label, "kind", w.Kind, detect.AllKinds)
	r.enterprise = tri(w.Enterprise)
	r.disguised = tri(w.Disguised)
	if w.MinConfidence != nil {
		r.minConf = *w.MinConfidence
		if r.minConf < 0 || r.minConf > 1 {
			bad("when.min_confidence", "min_confidence must be between 0 and 1")
		}
	}
	if w.MaxConfidence != nil {
		r.maxConf = *w.MaxConfidence
		if r.maxConf < 0 || r.maxConf > 1 {
			bad("when.max_confidence", "max_confidence must be between 0 and 1")
		} else if r.maxConf < r.minConf {
			bad("when.max_confidence", "max_confidence is below min_confidence: no finding could match")
		}
	}
	for _, e := range w.Exception {
		bit, ok := exceptions[e]
		if !ok {
			bad("when.exception", fmt.Sprintf("exception %q is not declared under exceptions", e))
		}
		r.exceptions |= bit
	}
	for _, d := range w.Domains {
		d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
		if !domainPattern.MatchString(d) || !strings.Contains(d, ".") {
			bad("when.domains", fmt.Sprintf("%q is not a domain name (write it as example.com)", d))
			continue
		}
		r.domains = append(r.domains, d)
	}
	if len(w.Domains) > 0 && r.kinds != 0 && r.kinds&domainKinds == 0 {
		bad("when.domains", "domains only match url, meeting_link and email findings, and kind names none of them")
	}
	return r
}

// ruleLabel names the i-th rule in a problem: its id, or its number when
// it has none.
func ruleLabel(i int, id string) string {
	if id == "" {
		return fmt.Sprintf("#%d", i+1)
	}
	return id
}

// domainKinds are the kinds whose value has a domain.
var domainKinds = kindBits(detect.URL, detect.MeetingLink, detect.Email)

func kindBits(ks ...detect.Kind) uint16 {
	var b uint16
	for _, k := range ks {
		b |= 1 << slices.Index(detect.AllKinds, k)
	}
	return b
}

// bits turns a list of names into a bitmask over all, noting unknown names.
func bits[T ~string](c *compiler, path, rule, field string, names List, all []T) (b uint16) {
	for _, n := range names {
		i := slices.Index(all, T(n))
		if i < 0 {
			c.problem(path, rule, fmt.Sprintf("unknown %s %q (one of %s)", field, n, join(all)))
			continue
		}
		b |= 1 << i
	}
	return b
}

func tri(b *bool) int8 {
	switch {
	case b == nil:
		return -1
	case *b:
		return 1
	}
	return 0
}

// covers reports whether r matches every finding and context that s does,
// so that s, coming after r, never decides anything. It is conservative:
// conditions it cannot compare make it answer false.
func (r *rule) covers(s rule) bool {
	return maskCovers(uint16(r.channels), uint16(s.channels)) &&
		maskCovers(uint16(r.senders), uint16(s.senders)) &&
		maskCovers(uint16(r.contracts), uint16(s.contracts)) &&
		maskCovers(r.kinds, s.kinds) &&
		(r.enterprise < 0 || r.enterprise == s.enterprise) &&
		(r.disguised < 0 || r.disguised == s.disguised) &&
		r.minConf <= s.minConf && r.maxConf >= s.maxConf &&
		(r.exceptions == 0 || (s.exceptions != 0 && s.exceptions&^r.exceptions == 0)) &&
		(len(r.domains) == 0 || (len(s.domains) > 0 && domainsCover(r.domains, s.domains)))
}

// maskCovers reports whether every value allowed by mask b is allowed by a;
// 0 allows every value.
func maskCovers(a, b uint16) bool {
	return a == 0 || (b != 0 && b&^a == 0)
}

func domainsCover(a, b []string) bool {
	for _, d := range b {
		if !matchDomain(a, d) {
			return false
		}
	}
	return true
}

// normalised returns a copy of f with defaults filled in, the form hashed
// for Version.
func (f *File) normalised() File {
	n := File{
		Version:    f.Version,
		Platform:   cmpOr(strings.TrimSpace(f.Platform), "the platform"),
		Mask:       cmpOr(f.Mask, "[contact details hidden]"),
		Exceptions: f.Exceptions,
		Notices:    f.Notices,
		Rules:      slices.Clone(f.Rules),
	}
	return n
}

// Version identifies the policy: a hash of its compiled content, the same
// for files that differ only in comments, layout or key order.
func (p *Policy) Version() string { return p.version }

// File returns a copy of the policy as a File, with defaults filled in, for
// describing it (a help page) or writing it out.
func (p *Policy) File() File {
	f := p.src
	f.Exceptions = maps.Clone(f.Exceptions)
	f.Notices = maps.Clone(f.Notices)
	f.Strikes.Ladder = slices.Clone(f.Strikes.Ladder)
	f.Rules = slices.Clone(f.Rules)
	for i := range f.Rules {
		w := &f.Rules[i].When
		w.Channel, w.Sender, w.Contract = slices.Clone(w.Channel), slices.Clone(w.Sender), slices.Clone(w.Contract)
		w.Kind, w.Exception, w.Domains = slices.Clone(w.Kind), slices.Clone(w.Exception), slices.Clone(w.Domains)
		w.Enterprise, w.Disguised = clonePtr(w.Enterprise), clonePtr(w.Disguised)
		w.MinConfidence, w.MaxConfidence = clonePtr(w.MinConfidence), clonePtr(w.MaxConfidence)
	}
	return f
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// ExceptionNames returns the exceptions the policy declares, sorted.
func (p *Policy) ExceptionNames() []string { return sortedKeys(p.exceptions) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
