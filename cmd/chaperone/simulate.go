package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/policy"
)

// excerptRunes is the most characters of a message an example shows.
const excerptRunes = 80

// simReport is what simulate tells Trust & Safety about a policy change:
// how many decisions of a corpus change, and how.
type simReport struct {
	// Base and New are the policies compared.
	Base simPolicy `json:"base"`
	New  simPolicy `json:"new"`
	// Detector is the version of the detector that scanned the corpus.
	Detector string `json:"detector"`
	// Decided counts the messages decided under both; Failed the lines
	// that could not be (malformed, or a context a policy rejects).
	Decided int `json:"decided"`
	Failed  int `json:"failed"`
	// Changed counts the decisions whose action or flag differs.
	Changed int `json:"changed"`
	// Actions counts the decisions per action under each policy, in the
	// order of policy.Actions.
	Actions []simActionCount `json:"actions"`
	// Transitions groups the changed decisions by old and new outcome,
	// most frequent first.
	Transitions []simTransition `json:"transitions"`
	// Rules groups the changed decisions by the rules that decided them
	// under each policy, most frequent first.
	Rules []simRuleChange `json:"rules"`
}

type simPolicy struct {
	Source  string `json:"source"` // the file, or "default"
	Version string `json:"version"`
}

type simActionCount struct {
	Action policy.Action `json:"action"`
	Base   int           `json:"base"`
	New    int           `json:"new"`
}

// simTransition is one change of outcome, "block" to "warn+flag".
type simTransition struct {
	From     string       `json:"from"`
	To       string       `json:"to"`
	Count    int          `json:"count"`
	Examples []simExample `json:"examples"`
}

// simRuleChange counts the changed decisions that rules From decided
// under the base policy and rules To under the new one.
type simRuleChange struct {
	From  []string `json:"from"`
	To    []string `json:"to"`
	Count int      `json:"count"`
}

// simExample is one changed decision.
type simExample struct {
	Line      int             `json:"line"`
	ID        json.RawMessage `json:"id"`
	Excerpt   string          `json:"excerpt"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	FromRules []string        `json:"from_rules"`
	ToRules   []string        `json:"to_rules"`
}

func runSimulate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	newPath := fs.String("policy", "", "the new policy `FILE` (YAML); required")
	basePath := fs.String("base", "", "the policy `FILE` to compare with (default: the built-in policy)")
	examples := fs.Int("examples", 3, "how many example messages to show per transition")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	regions := fs.String("regions", "", "comma-separated phone regions for numbers without a country code (default: a built-in list)")
	kinds := fs.String("kinds", "", "comma-separated kinds to detect (default: all)")
	var extra detectorFlags
	extra.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone simulate --policy NEW [--base OLD] [flags] FILE\n\nReplays a corpus of JSON Lines {\"id\",\"text\",\"context\",\"thread\"} under two policies\nand reports how many decisions change, and how.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *newPath == "" {
		fs.Usage()
		return 2
	}
	if *examples < 0 {
		fmt.Fprintln(stderr, "chaperone simulate: --examples must be 0 or more")
		return 2
	}
	base, baseSrc := policy.Default(), "default"
	if *basePath != "" {
		var err error
		if base, err = loadPolicy(*basePath); err != nil {
			printPolicyError(stderr, "chaperone simulate: --base", err)
			return 2
		}
		baseSrc = *basePath
	}
	next, err := loadPolicy(*newPath)
	if err != nil {
		printPolicyError(stderr, "chaperone simulate: --policy", err)
		return 2
	}
	d, err := newDetector(*regions, *kinds, extra)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone simulate:", err)
		return 2
	}
	in, name, closeIn, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone simulate:", err)
		return 1
	}
	defer closeIn()

	sim := newSimulation(*examples)
	sim.rep.Base = simPolicy{Source: baseSrc, Version: base.Version()}
	sim.rep.New = simPolicy{Source: *newPath, Version: next.Version()}
	sim.rep.Detector = d.Version()
	threads := newThreads(d, maxThreads)
	fail := func(n int, _ json.RawMessage, msg string) {
		sim.rep.Failed++
		fmt.Fprintf(stderr, "%s:%d: %s\n", name, n, msg)
	}
	err = forEachLine(in, terminalProgress(stderr), fail, func(n int, line []byte) error {
		msg, errMsg := decodeCheckLine(line, base, next)
		if errMsg != "" {
			fail(n, msg.ID, errMsg)
			return nil
		}
		// Scan once: both policies decide on the same findings.
		findings, err := threads.scan(string(msg.Thread), *msg.Text)
		if err != nil {
			fail(n, msg.ID, err.Error())
			return nil
		}
		was, err := base.Decide(*msg.Context, *msg.Text, findings)
		if err != nil {
			fail(n, msg.ID, "base policy: "+err.Error())
			return nil
		}
		now, err := next.Decide(*msg.Context, *msg.Text, findings)
		if err != nil {
			fail(n, msg.ID, "new policy: "+err.Error())
			return nil
		}
		sim.add(n, msg.ID, *msg.Text, was, now)
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "chaperone simulate: %s: %v\n", name, err)
		return 1
	}
	rep := sim.report()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	} else {
		err = rep.write(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "chaperone simulate: write:", err)
		return 1
	}
	if rep.Failed > 0 {
		fmt.Fprintf(stderr, "chaperone simulate: %d line(s) failed\n", rep.Failed)
		return 1
	}
	return 0
}

// simulation accumulates a simReport.
type simulation struct {
	rep         simReport
	examples    int
	actions     map[policy.Action]*simActionCount
	transitions map[[2]string]*simTransition
	rules       map[string]*simRuleChange
}

func newSimulation(examples int) *simulation {
	s := &simulation{
		examples:    examples,
		actions:     map[policy.Action]*simActionCount{},
		transitions: map[[2]string]*simTransition{},
		rules:       map[string]*simRuleChange{},
	}
	for _, a := range policy.Actions {
		s.actions[a] = &simActionCount{Action: a}
	}
	return s
}

// add counts one message decided was under the base policy and now under
// the new one.
func (s *simulation) add(line int, id json.RawMessage, text string, was, now policy.Decision) {
	s.rep.Decided++
	s.actionCount(was.Action).Base++
	s.actionCount(now.Action).New++
	from, to := outcome(was), outcome(now)
	if from == to {
		return
	}
	s.rep.Changed++
	t := s.transitions[[2]string{from, to}]
	if t == nil {
		t = &simTransition{From: from, To: to, Examples: []simExample{}}
		s.transitions[[2]string{from, to}] = t
	}
	t.Count++
	fromRules, toRules := decidingRules(was), decidingRules(now)
	if len(t.Examples) < s.examples {
		if len(id) == 0 {
			id = json.RawMessage("null")
		}
		t.Examples = append(t.Examples, simExample{
			Line: line, ID: id, Excerpt: excerpt(text, excerptRunes),
			From: from, To: to, FromRules: fromRules, ToRules: toRules,
		})
	}
	key := strings.Join(fromRules, ",") + "\x00" + strings.Join(toRules, ",")
	r := s.rules[key]
	if r == nil {
		r = &simRuleChange{From: fromRules, To: toRules}
		s.rules[key] = r
	}
	r.Count++
}

// actionCount returns the counter of a, adding one for an action the
// policy package may grow.
func (s *simulation) actionCount(a policy.Action) *simActionCount {
	c := s.actions[a]
	if c == nil {
		c = &simActionCount{Action: a}
		s.actions[a] = c
	}
	return c
}

// report returns the report with its lists in a stable order.
func (s *simulation) report() simReport {
	rep := s.rep
	rep.Actions = []simActionCount{}
	for _, a := range policy.Actions {
		rep.Actions = append(rep.Actions, *s.actions[a])
	}
	for a, c := range s.actions {
		if !slices.Contains(policy.Actions, a) {
			rep.Actions = append(rep.Actions, *c)
		}
	}
	rep.Transitions = []simTransition{}
	for _, t := range s.transitions {
		rep.Transitions = append(rep.Transitions, *t)
	}
	slices.SortFunc(rep.Transitions, func(a, b simTransition) int {
		return cmp.Or(b.Count-a.Count, cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	rep.Rules = []simRuleChange{}
	for _, r := range s.rules {
		rep.Rules = append(rep.Rules, *r)
	}
	slices.SortFunc(rep.Rules, func(a, b simRuleChange) int {
		return cmp.Or(b.Count-a.Count, slices.Compare(a.From, b.From), slices.Compare(a.To, b.To))
	})
	return rep
}

// outcome names a decision's action and flag: "block", "warn+flag".
func outcome(d policy.Decision) string {
	if d.Flag {
		return string(d.Action) + "+flag"
	}
	return string(d.Action)
}

// decidingRules returns the ids of the rules that decided at d's action, in
// order of first appearance; never nil. A message decided by no rule has
// none.
func decidingRules(d policy.Decision) []string {
	ids := []string{}
	for _, r := range d.Reasons {
		if r.Action == d.Action && !slices.Contains(ids, r.Rule) {
			ids = append(ids, r.Rule)
		}
	}
	return ids
}

// excerpt returns text on one line, cut to at most max characters on a
// character boundary, with "…" for what was cut.
func excerpt(text string, max int) string {
	text = strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	n := 0
	for i := range text {
		if n == max-1 {
			return strings.TrimRightFunc(text[:i], unicode.IsSpace) + "…"
		}
		n++
	}
	return text
}

// write prints the report for people.
func (r *simReport) write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "base policy: %s (%s)\n", r.Base.Version, r.Base.Source)
	fmt.Fprintf(&b, "new policy:  %s (%s)\n", r.New.Version, r.New.Source)
	fmt.Fprintf(&b, "detector:    %s\n", r.Detector)
	if r.Base.Version == r.New.Version {
		b.WriteString("the two policies are identical\n")
	}
	fmt.Fprintf(&b, "\n%d of %d decisions change", r.Changed, r.Decided)
	if r.Failed > 0 {
		fmt.Fprintf(&b, " (%d line(s) failed and were skipped)", r.Failed)
	}
	b.WriteString("\n\nactions:   base    new\n")
	for _, a := range r.Actions {
		fmt.Fprintf(&b, "  %-7s %6d %6d\n", a.Action, a.Base, a.New)
	}
	if len(r.Transitions) > 0 {
		b.WriteString("\ntransitions:\n")
		for _, t := range r.Transitions {
			fmt.Fprintf(&b, "  %s -> %s: %d\n", t.From, t.To, t.Count)
		}
		b.WriteString("\ndeciding rules of the changed decisions (base -> new):\n")
		for _, c := range r.Rules {
			fmt.Fprintf(&b, "  %s -> %s: %d\n", ruleList(c.From), ruleList(c.To), c.Count)
		}
	}
	for _, t := range r.Transitions {
		if len(t.Examples) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nexamples of %s -> %s:\n", t.From, t.To)
		for _, e := range t.Examples {
			fmt.Fprintf(&b, "  %s (line %d): %q\n", idText(e.ID), e.Line, e.Excerpt)
			fmt.Fprintf(&b, "    %s %s -> %s %s\n", e.From, ruleList(e.FromRules), e.To, ruleList(e.ToRules))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ruleList writes rule ids for people: "[a, b]", "(no rule)".
func ruleList(ids []string) string {
	if len(ids) == 0 {
		return "(no rule)"
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

// idText writes a line's id for people: a string without its quotes, any
// other JSON value as written.
func idText(id json.RawMessage) string {
	var s string
	if json.Unmarshal(id, &s) == nil {
		return s
	}
	return string(id)
}
