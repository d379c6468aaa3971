package detect

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// RuleSource is one intent rule file: a name for error messages (usually
// the file name) and its JSON. The format is described in docs/intents.md
// and by the built-in files in detect/rules.
type RuleSource struct {
	Name string
	Data []byte
}

// builtinRuleFS holds the built-in rule files.
//
//go:embed rules/*.json
var builtinRuleFS embed.FS

// BuiltinIntentRules returns the rule files compiled into the binary, in
// load order (common.json first, then one file per language), so that an
// operator can start a file of their own from them.
func BuiltinIntentRules() []RuleSource {
	names, _ := fs.Glob(builtinRuleFS, "rules/*.json")
	sort.Slice(names, func(i, j int) bool {
		// common.json holds the classes every language shares.
		ci, cj := path.Base(names[i]) == "common.json", path.Base(names[j]) == "common.json"
		if ci != cj {
			return ci
		}
		return names[i] < names[j]
	})
	var out []RuleSource
	for _, n := range names {
		b, _ := builtinRuleFS.ReadFile(n)
		out = append(out, RuleSource{Name: n, Data: b})
	}
	return out
}

// DefaultPlatformNames are the marketplace names every rule set knows, so
// that "outside Upwork" and "through Upwork" are understood. Generic
// names ("the platform", "the site", "here") are per language in the rule
// files. Options.PlatformNames adds the operator's own.
var DefaultPlatformNames = []string{"Upwork"}

// Reserved class names: the engine gives these meaning beyond matching.
const (
	clsNeg      = "neg"      // negation before a trigger vetoes it: "don't", "never"
	clsReported = "reported" // someone else's words earlier in the sentence: "he asked"
	clsRefusal  = "refusal"  // a refusal after the trigger: "I said no", "not allowed"
	clsSkill    = "skill"    // product or skill talk near the trigger: "API", "SDK", "bot"
	clsThird    = "third"    // a third party pays or calls: "customers", "users"
	clsConj     = "conj"     // a conjunction ends the scope of a cue: "and", "but"
	clsProduct  = "product"  // a service name followed by one is a product: "Zoom SDK"
	clsMask     = "mask"     // phrases whose words mean nothing to any rule: "zoom in"
	clsOnplat   = "onplat"   // on-platform cue near a trigger vetoes it: "here", "on Upwork"
	clsOffplat  = "offplat"  // off-platform cue; cancels on-platform cues it covers
	clsAbsorb   = "absorb"   // patterns whose negation is part of the meaning: "no need to use Upwork"
	clsPlatform = "platform" // the marketplace's own names
)

// intentCueClass are the reserved classes that veto or mask matches; their
// words are never prefilter anchors.
var intentCueClass = map[string]bool{clsNeg: true, clsReported: true, clsRefusal: true, clsSkill: true, clsThird: true, clsConj: true, clsProduct: true, clsMask: true}

// intentServiceClasses are the classes a following product word masks: "Zoom SDK",
// "WhatsApp Business API", "PayPal Checkout", "email marketing".
var intentServiceClasses = []string{"channel", "channel_amb", "tool", "tool_amb", "paysvc", "payacct", "cobj", "cobjw"}

// The vetoes a rule may switch off with "ignore".
const (
	vetoNeg uint8 = 1 << iota
	vetoOnplat
	vetoQuote
	vetoReported
	vetoRefusal
	vetoSkill
	vetoThird
)

// intentVetoNames maps the names of the vetoes to their bits.
var intentVetoNames = map[string]uint8{"neg": vetoNeg, "onplat": vetoOnplat, "quote": vetoQuote, "reported": vetoReported,
	"refusal": vetoRefusal, "skill": vetoSkill, "third": vetoThird}

// Limits keep matching linear: a match spans at most intentMaxSpan words,
// a gap at most intentMaxGap; a rule has at most intentMaxElems elements,
// a class at most intentMaxWords words.
const (
	intentMaxSpan  = 63
	intentMaxGap   = 12
	intentMaxElems = 16
	intentMaxWords = 20000
)

// intentFile is the JSON form of a rule file.
type intentFile struct {
	Lang     string                     `json:"lang"`
	Comment  string                     `json:"comment"`
	Classes  map[string]json.RawMessage `json:"classes"`
	Patterns map[string]json.RawMessage `json:"patterns"`
	Rules    []intentRuleJSON           `json:"rules"`
	Disable  []string                   `json:"disable"`
}

// intentRuleJSON is the JSON form of a rule.
type intentRuleJSON struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Match      json.RawMessage `json:"match"`
	Confidence float64         `json:"confidence"`
	Needs      []string        `json:"needs"`
	Ignore     []string        `json:"ignore"`
	Examples   []string        `json:"examples"`
	Counter    []string        `json:"counterexamples"`
	Note       string          `json:"note"`
}

// intentClassJSON is the long JSON form of a class: its words and
// whether they gate the detector.
type intentClassJSON struct {
	Anchor  *bool    `json:"anchor"`
	Comment string   `json:"comment"`
	Words   []string `json:"words"`
}

// intentAltBits is how many bits of a rule index number its alternative.
const intentAltBits = 5

// intentRule is a compiled rule.
type intentRule struct {
	// need holds, per alternative, the id lists of its required
	// elements: the alternative can match only where each has a class.
	need     [][][]uint16
	id       string
	kind     Kind
	lang     int
	alts     [][]ruleElem
	conf     float64
	needs    []classBits
	ignore   uint8 // vetoes switched off
	examples []string
	counter  []string
}

// intentPattern is a compiled named pattern: a derived class whose members
// are spans of words.
type intentPattern struct {
	name   string
	cid    uint16
	lang   int
	alts   [][]ruleElem
	absorb bool // negation inside the span is part of its meaning
}

// ruleElem is one element of a pattern: a set of classes, a gap, or a clause
// end.
type ruleElem struct {
	set       classBits
	ids       []uint16 // the ids in set, for a quick test against a text's classes
	gap       int      // > 0: skip 0..gap units
	optional  bool     // may match nothing
	clauseEnd bool     // "$": the clause ends here
	ahead     bool     // "&name": a unit of the class follows, outside the match
	src       string
}

// intentVetoes are a language's veto class sets (its own and common's).
type intentVetoes struct {
	name                                                        string
	neg, reported, refusal, skill, third, conj, onplat, offplat classBits
	platform                                                    classBits
}

// intentSet is a compiled, immutable set of intent rules.
type intentSet struct {
	nCls    int
	clsName []string // "lang.name" per class id
	lex     map[string]*lexWord
	// table holds lex for the tokenizer's look-ups, by kwHash, and
	// pairs the phrases of each word by their second word.
	table lexTable
	pairs phraseTable
	// gates holds the gate words' keys, so that the words of a sentence
	// without one cost no lexicon look-up.
	gates *keywordFilter
	// feasKeys holds the keys of the words that mark a rule alternative
	// or a need, or start a phrase that does, so that the other words of
	// a live sentence cost no look-up until it is kept.
	feasKeys *keywordFilter
	patterns []*intentPattern
	rules    []*intentRule
	langs    []intentVetoes
	// patFirst[cid] lists the patterns, and ruleFirst[cid] the rule
	// alternatives, whose first element may start with class cid.
	patFirst  [][]int32
	ruleFirst [][]int32 // per class: rule<<intentAltBits | alternative
	service   classBits
	product   classBits
	mask      classBits
	offplat   classBits
	anchors   []string
	// nAlts is the number of rule alternatives, numbered in rule order;
	// feasWords the length of a bitset over them.
	nAlts, feasWords int
	altBase          []int32 // per rule: the number of its first alternative
	// feasAlways marks the alternatives that need no word.
	feasAlways []feasBits
}

// lexPhrase is a phrase of the lexicon: its word keys and classes.
type lexPhrase struct {
	keys []string
	cids []uint16
	// marks and needSrc are as for lexWord: a sentence holding the
	// phrase marks them.
	marks   []feasMark
	needSrc bool
}

// lexWord is what the lexicon knows of a word: its classes and the
// phrases it starts, longest first.
type lexWord struct {
	cids []uint16
	// phrases maps the second word of the phrases this word starts to
	// the phrases, longest first.
	phrases map[string][]lexPhrase
	// salt tells this word's phrases from another's in phraseTable.
	salt    uint64
	mask    bool // a mask word: it loses every class
	product bool // a product word: a service name before it is a topic
	gate    bool // a gate word: a sentence without one cannot match
	// needSrc tells that a class some rule needs in the text may come
	// from this word: its sentence is kept even where no rule can match.
	// (Both are as buildFeasibility sets them.)
	needSrc bool
	// marks are the rule alternatives whose required word sets hold
	// this word, slot by slot (see intentSet.buildFeasibility).
	marks []feasMark
}

// feasMark marks rule alternatives in one slot of a sentence's
// feasibility test: word at of the slots' bitsets (slot*feasWords +
// idx), bits for alternatives 64*idx to 64*idx+63.
type feasMark struct {
	at   uint16
	bits uint64
}

// feasBits is one word of a bitset over rule alternatives: bits for
// alternatives 64*idx to 64*idx+63.
type feasBits struct {
	idx  uint16
	bits uint64
}

// classBits is a set of class ids.
type classBits []uint64

// newClassBits returns an empty set for n class ids.
func newClassBits(n int) classBits { return make(classBits, (n+63)/64) }

// has reports whether id i is in b.
func (b classBits) has(i uint16) bool {
	w := int(i >> 6)
	return w < len(b) && b[w]&(1<<(i&63)) != 0
}

// set adds id i to b.
func (b classBits) set(i uint16) { b[i>>6] |= 1 << (i & 63) }

// or adds the ids of c to b.
func (b classBits) or(c classBits) {
	for i := range c {
		b[i] |= c[i]
	}
}

// RuleError is an error in an intent rule file, naming the file and the
// rule, class or pattern at fault.
type RuleError struct {
	File string // the RuleSource name
	What string // `rule "en.contact.ask"`, `class "cobj"`, or "" for the file
	Err  error
}

// Error returns "file: what: problem".
func (e *RuleError) Error() string {
	if e.What == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.File, e.What, e.Err)
}

// Unwrap returns the underlying problem.
func (e *RuleError) Unwrap() error { return e.Err }

// The built-in rules, compiled once on first use.
var (
	defaultIntentsOnce sync.Once
	defaultIntents     *intentSet
	defaultIntentsErr  error
)

// builtinIntents returns the compiled built-in rules.
func builtinIntents() (*intentSet, error) {
	defaultIntentsOnce.Do(func() {
		defaultIntents, defaultIntentsErr = compileIntents(BuiltinIntentRules(), DefaultPlatformNames)
	})
	return defaultIntents, defaultIntentsErr
}

// intentWords are the words whose presence makes the intent detector
// look at a text: every word of the built-in anchor classes. A rule cannot
// match without one of them (compileIntents checks every rule has an
// anchored element).
var intentWords = func() []string {
	set, err := builtinIntents()
	if err != nil {
		return nil
	}
	return set.anchors
}()

// intentLangDef collects one language's definitions over all files.
type intentLangDef struct {
	name     string
	classes  map[string]*intentClassDef
	patterns map[string]*intentPatternDef
	order    []string // pattern names in first-seen order
}

// intentClassDef is a class as read from the files.
type intentClassDef struct {
	words  []string
	anchor bool
	file   string
}

// intentPatternDef is a pattern as read from the files.
type intentPatternDef struct {
	alts []string
	file string
}

// intentRuleDef is a rule as read from the files.
type intentRuleDef struct {
	r    intentRuleJSON
	lang string
	file string
	alts []string
}

// compileIntents loads rule files in order and compiles them. Later files
// extend the classes and patterns of a language and add rules; "disable"
// removes rules by id.
func compileIntents(srcs []RuleSource, platformNames []string) (*intentSet, error) {
	langs := map[string]*intentLangDef{}
	var langOrder []string
	getLang := func(name string) *intentLangDef {
		l, ok := langs[name]
		if !ok {
			l = &intentLangDef{name: name, classes: map[string]*intentClassDef{}, patterns: map[string]*intentPatternDef{}}
			langs[name] = l
			langOrder = append(langOrder, name)
		}
		return l
	}
	getLang("common")
	var rules []intentRuleDef
	ruleAt := map[string]int{}
	for _, src := range srcs {
		var f intentFile
		dec := json.NewDecoder(bytes.NewReader(src.Data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, &RuleError{File: src.Name, Err: intentJSONErr(src.Data, err)}
		}
		if f.Lang == "" || strings.ContainsAny(f.Lang, ". ") {
			return nil, &RuleError{File: src.Name, Err: fmt.Errorf("missing or bad \"lang\" %q", f.Lang)}
		}
		l := getLang(f.Lang)
		names := make([]string, 0, len(f.Classes))
		for n := range f.Classes {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			what := fmt.Sprintf("class %q", n)
			if !intentValidName(n) {
				return nil, &RuleError{src.Name, what, errors.New("bad name: use letters, digits and _")}
			}
			var words []string
			anchor := true
			raw := f.Classes[n]
			if err := json.Unmarshal(raw, &words); err != nil {
				var cj intentClassJSON
				d2 := json.NewDecoder(bytes.NewReader(raw))
				d2.DisallowUnknownFields()
				if err := d2.Decode(&cj); err != nil {
					return nil, &RuleError{src.Name, what, errors.New(`want a list of words or {"anchor": bool, "words": [...]}`)}
				}
				words = cj.Words
				if cj.Anchor != nil {
					anchor = *cj.Anchor
				}
			}
			var exp []string
			for _, w := range words {
				if bad := intentBadRune(w); bad != 0 {
					return nil, &RuleError{src.Name, what, fmt.Errorf("word %q: %q is not allowed: write letters, digits, spaces, hyphens and apostrophes", w, bad)}
				}
				ws, err := intentExpandBraces(w)
				if err != nil {
					return nil, &RuleError{src.Name, what, fmt.Errorf("word %q: %v", w, err)}
				}
				exp = append(exp, ws...)
			}
			if len(exp) > intentMaxWords {
				return nil, &RuleError{src.Name, what, fmt.Errorf("%d words, at most %d", len(exp), intentMaxWords)}
			}
			c, ok := l.classes[n]
			if !ok {
				c = &intentClassDef{anchor: anchor, file: src.Name}
				l.classes[n] = c
			} else if _, list := intentIsList(raw); !list {
				c.anchor = anchor
			}
			c.words = append(c.words, exp...)
		}
		pnames := make([]string, 0, len(f.Patterns))
		for n := range f.Patterns {
			pnames = append(pnames, n)
		}
		sort.Strings(pnames)
		for _, n := range pnames {
			what := fmt.Sprintf("pattern %q", n)
			if !intentValidName(n) {
				return nil, &RuleError{src.Name, what, errors.New("bad name: use letters, digits and _")}
			}
			alts, err := intentStrings(f.Patterns[n])
			if err != nil {
				return nil, &RuleError{src.Name, what, err}
			}
			p, ok := l.patterns[n]
			if !ok {
				p = &intentPatternDef{file: src.Name}
				l.patterns[n] = p
				l.order = append(l.order, n)
			}
			p.alts = append(p.alts, alts...)
		}
		for _, id := range f.Disable {
			i, ok := ruleAt[id]
			if !ok {
				return nil, &RuleError{src.Name, fmt.Sprintf("disable %q", id), errors.New("no such rule")}
			}
			rules[i].alts = nil // tombstone
		}
		for _, r := range f.Rules {
			what := fmt.Sprintf("rule %q", r.ID)
			if r.ID == "" {
				return nil, &RuleError{src.Name, "rule", errors.New("missing \"id\"")}
			}
			alts, err := intentStrings(r.Match)
			if err != nil {
				return nil, &RuleError{src.Name, what, err}
			}
			if len(alts) == 0 {
				return nil, &RuleError{src.Name, what, errors.New("missing \"match\"")}
			}
			d := intentRuleDef{r: r, lang: f.Lang, file: src.Name, alts: alts}
			if i, ok := ruleAt[r.ID]; ok {
				if rules[i].alts != nil && rules[i].file == src.Name {
					return nil, &RuleError{src.Name, what, errors.New("defined twice")}
				}
				rules[i] = d // a later file replaces a rule
				continue
			}
			ruleAt[r.ID] = len(rules)
			rules = append(rules, d)
		}
	}
	// Platform names belong to the common platform class.
	pc := langs["common"].classes[clsPlatform]
	if pc == nil {
		pc = &intentClassDef{anchor: false, file: "options"}
		langs["common"].classes[clsPlatform] = pc
	}
	for _, n := range platformNames {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if len(intentKeys(n)) == 0 {
			return nil, &RuleError{File: "options", What: fmt.Sprintf("platform name %q", n), Err: errors.New("has no letters or digits")}
		}
		pc.words = append(pc.words, n)
	}
	return buildSet(langs, langOrder, rules)
}

// intentIsList reports whether raw is a JSON list of strings.
func intentIsList(raw json.RawMessage) ([]string, bool) {
	var l []string
	err := json.Unmarshal(raw, &l)
	return l, err == nil
}

// intentStrings reads a JSON string or list of strings.
func intentStrings(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return []string{s}, nil
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, errors.New("want a string or a list of strings")
	}
	return l, nil
}

// intentValidName reports whether n is a valid class or pattern name.
func intentValidName(n string) bool {
	if n == "" {
		return false
	}
	for _, r := range n {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// intentJSONErr adds the line number to a JSON decoding error.
func intentJSONErr(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	return fmt.Errorf("line %d: %v", line, err)
}

// intentBadRune returns the first rune of a lexicon word that the matcher
// could not see (punctuation other than hyphens and apostrophes, which
// separate words like spaces do), or 0.
func intentBadRune(w string) rune {
	inBraces := false
	for _, r := range w {
		switch {
		case r == ' ' || r == '-' || r == '\'' || r == '’':
		case r == '{' || r == '}':
			inBraces = r == '{'
		case r == ',' && inBraces:
		case intentWordRune(r):
		default:
			return r
		}
	}
	return 0
}

// intentExpandBraces expands "telegram{,me,u}" into "telegram", "telegramme",
// "telegramu": inflected forms written once. Braces do not nest; several
// groups multiply.
func intentExpandBraces(w string) ([]string, error) {
	i := strings.IndexByte(w, '{')
	if i < 0 {
		if strings.IndexByte(w, '}') >= 0 {
			return nil, errors.New("unbalanced braces")
		}
		return []string{w}, nil
	}
	j := strings.IndexByte(w[i:], '}')
	if j < 0 {
		return nil, errors.New("unbalanced braces")
	}
	j += i
	if strings.IndexByte(w[i+1:j], '{') >= 0 {
		return nil, errors.New("nested braces")
	}
	rest, err := intentExpandBraces(w[j+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(w[i+1:j], ",") {
		for _, r := range rest {
			out = append(out, w[:i]+alt+r)
		}
		if len(out) > intentMaxWords {
			return nil, errors.New("too many forms")
		}
	}
	return out, nil
}

// buildSet assigns class ids, builds the lexicon and compiles patterns and
// rules.
func buildSet(langs map[string]*intentLangDef, order []string, rules []intentRuleDef) (*intentSet, error) {
	set := &intentSet{lex: map[string]*lexWord{}}
	langIdx := map[string]int{}
	for i, n := range order {
		langIdx[n] = i
	}
	// Class ids: every class, then every pattern, per language.
	type key struct{ lang, name string }
	ids := map[key]uint16{}
	anchorOf := map[uint16]bool{}
	newID := func(lang, name string) (uint16, error) {
		if len(set.clsName) >= 1<<16-1 {
			return 0, errors.New("too many classes")
		}
		id := uint16(len(set.clsName))
		set.clsName = append(set.clsName, lang+"."+name)
		ids[key{lang, name}] = id
		return id, nil
	}
	for _, ln := range order {
		l := langs[ln]
		names := intentSortedKeys(l.classes)
		for _, n := range names {
			if _, dup := l.patterns[n]; dup {
				return nil, &RuleError{l.classes[n].file, fmt.Sprintf("class %q", n), errors.New("also defined as a pattern")}
			}
			id, err := newID(ln, n)
			if err != nil {
				return nil, &RuleError{l.classes[n].file, "", err}
			}
			// Cue classes never gate: they only veto or mask.
			anchorOf[id] = l.classes[n].anchor && !intentCueClass[n]
		}
	}
	// Literals ('on', 'go through') become hidden classes, made while
	// parsing; patterns get their ids now.
	for _, ln := range order {
		l := langs[ln]
		for _, n := range l.order {
			if _, err := newID(ln, n); err != nil {
				return nil, &RuleError{l.patterns[n].file, "", err}
			}
		}
	}
	lits := map[key]uint16{}
	type pendingWord struct {
		word, file string
		cid        uint16
	}
	var words []pendingWord
	for _, ln := range order {
		l := langs[ln]
		for _, n := range intentSortedKeys(l.classes) {
			id := ids[key{ln, n}]
			for _, w := range l.classes[n].words {
				words = append(words, pendingWord{w, l.classes[n].file, id})
			}
		}
	}
	// resolve returns the class ids a name denotes in language ln: its
	// own class or pattern and common's.
	resolve := func(ln, name string) []uint16 {
		var out []uint16
		if id, ok := ids[key{ln, name}]; ok {
			out = append(out, id)
		}
		if ln != "common" {
			if id, ok := ids[key{"common", name}]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	isPattern := func(ln, name string) bool {
		if _, ok := langs[ln].patterns[name]; ok {
			return true
		}
		_, ok := langs["common"].patterns[name]
		return ok
	}
	// parse compiles a match expression of language ln. deps collects
	// the pattern names it references.
	parse := func(ln, expr string, deps map[string]bool) ([]ruleElem, error) {
		toks, err := intentSplitExpr(expr)
		if err != nil {
			return nil, err
		}
		var out []ruleElem
		for _, t := range toks {
			e := ruleElem{src: t}
			switch {
			case t == "$":
				e.clauseEnd = true
				out = append(out, e)
				continue
			case strings.HasPrefix(t, "~"):
				n, err := strconv.Atoi(t[1:])
				if err != nil || n < 1 || n > intentMaxGap {
					return nil, fmt.Errorf("bad gap %q: want ~1 .. ~%d", t, intentMaxGap)
				}
				e.gap = n
				out = append(out, e)
				continue
			}
			if strings.HasSuffix(t, "?") {
				e.optional = true
				t = t[:len(t)-1]
			}
			if strings.HasPrefix(t, "&") {
				if e.optional {
					return nil, fmt.Errorf("%q: a lookahead cannot be optional", e.src)
				}
				e.ahead = true
				t = t[1:]
			}
			e.set = nil
			for _, alt := range intentSplitAlts(t) {
				if alt == "" {
					return nil, fmt.Errorf("empty alternative in %q", e.src)
				}
				var cids []uint16
				if alt[0] == '\'' {
					if len(alt) < 3 || alt[len(alt)-1] != '\'' {
						return nil, fmt.Errorf("bad literal %s", alt)
					}
					lit := strings.ToLower(alt[1 : len(alt)-1])
					if bad := intentBadRune(lit); bad != 0 || strings.ContainsAny(lit, "{},") {
						return nil, fmt.Errorf("literal %s: %q is not allowed", alt, bad)
					}
					if len(intentKeys(lit)) == 0 {
						return nil, fmt.Errorf("literal %s has no word", alt)
					}
					k := key{ln, "'" + lit + "'"}
					id, ok := lits[k]
					if !ok {
						var err error
						id, err = newID(ln, "'"+lit+"'")
						if err != nil {
							return nil, err
						}
						lits[k] = id
						words = append(words, pendingWord{lit, "", id})
					}
					cids = []uint16{id}
				} else {
					if !intentValidName(alt) {
						return nil, fmt.Errorf("bad element %q", alt)
					}
					cids = resolve(ln, alt)
					if len(cids) == 0 {
						return nil, fmt.Errorf("unknown class %q", alt)
					}
					if isPattern(ln, alt) {
						deps[alt] = true
					}
				}
				e.addCids(cids)
			}
			out = append(out, e)
		}
		if len(out) == 0 {
			return nil, errors.New("empty match")
		}
		if len(out) > intentMaxElems {
			return nil, fmt.Errorf("%d elements, at most %d", len(out), intentMaxElems)
		}
		if f := out[0]; f.gap > 0 || f.optional || f.clauseEnd || f.ahead {
			return nil, fmt.Errorf("must start with a word element, not %q", f.src)
		}
		for i, e := range out {
			if e.ahead && i != len(out)-1 {
				return nil, fmt.Errorf("lookahead %q must be the last element", e.src)
			}
		}
		if l := out[len(out)-1]; l.gap > 0 {
			return nil, fmt.Errorf("must not end with a gap %q", l.src)
		}
		for i := 1; i < len(out); i++ {
			if out[i].gap > 0 && out[i-1].gap > 0 {
				return nil, errors.New("two gaps in a row")
			}
		}
		return out, nil
	}
	// Patterns: parse, then order so each comes after the patterns it
	// uses.
	type pat struct {
		ln, name string
		alts     [][]ruleElem
		deps     map[string]bool
		file     string
	}
	var pats []*pat
	patByKey := map[key]*pat{}
	for _, ln := range order {
		l := langs[ln]
		for _, n := range l.order {
			p := &pat{ln: ln, name: n, deps: map[string]bool{}, file: l.patterns[n].file}
			for _, a := range l.patterns[n].alts {
				es, err := parse(ln, a, p.deps)
				if err != nil {
					return nil, &RuleError{p.file, fmt.Sprintf("pattern %q", n), fmt.Errorf("%q: %v", a, err)}
				}
				p.alts = append(p.alts, es)
			}
			pats = append(pats, p)
			patByKey[key{ln, n}] = p
		}
	}
	// Topological order; a cycle is an error.
	state := map[*pat]int{} // 1 visiting, 2 done
	var sorted []*pat
	var visit func(p *pat) error
	visit = func(p *pat) error {
		switch state[p] {
		case 1:
			return &RuleError{p.file, fmt.Sprintf("pattern %q", p.name), errors.New("refers to itself through other patterns")}
		case 2:
			return nil
		}
		state[p] = 1
		for _, d := range intentSortedKeys(p.deps) {
			for _, dl := range []string{p.ln, "common"} {
				if q := patByKey[key{dl, d}]; q != nil {
					if err := visit(q); err != nil {
						return err
					}
				}
			}
		}
		state[p] = 2
		sorted = append(sorted, p)
		return nil
	}
	for _, p := range pats {
		if err := visit(p); err != nil {
			return nil, err
		}
	}
	set.nCls = len(set.clsName)
	// Literal classes are created while parsing rules below too, so size
	// bitsets generously: every rule may add literals. Count them first.
	ruleElems := make([][][]ruleElem, len(rules))
	for i, r := range rules {
		if r.alts == nil {
			continue
		}
		what := fmt.Sprintf("rule %q", r.r.ID)
		if _, ok := langs[r.lang]; !ok {
			return nil, &RuleError{r.file, what, fmt.Errorf("unknown language %q", r.lang)}
		}
		deps := map[string]bool{}
		for _, a := range r.alts {
			es, err := parse(r.lang, a, deps)
			if err != nil {
				return nil, &RuleError{r.file, what, fmt.Errorf("%q: %v", a, err)}
			}
			ruleElems[i] = append(ruleElems[i], es)
		}
	}
	set.nCls = len(set.clsName)
	// Now that every id exists, size the bitsets.
	fix := func(es []ruleElem) {
		for i := range es {
			if es[i].set != nil {
				es[i].set = es[i].set.resized(set.nCls)
				es[i].ids = es[i].set.ids()
			}
		}
	}
	classSet := func(ln, name string) classBits {
		b := newClassBits(set.nCls)
		for _, id := range resolve(ln, name) {
			b.set(id)
		}
		return b
	}
	anyLang := func(name string) classBits {
		b := newClassBits(set.nCls)
		for _, ln := range order {
			if id, ok := ids[key{ln, name}]; ok {
				b.set(id)
			}
		}
		return b
	}
	set.service = newClassBits(set.nCls)
	for _, n := range intentServiceClasses {
		set.service.or(anyLang(n))
	}
	set.product = anyLang(clsProduct)
	set.mask = anyLang(clsMask)
	set.offplat = anyLang(clsOffplat)
	// Cue classes of a language, and English's: chat in any language
	// mixes in English ("no", "here", "API", "he asked"), and a rule of
	// another language must not fire on English text that English cues
	// veto.
	cues := func(ln, name string) classBits {
		b := classSet(ln, name)
		if _, ok := langs["en"]; ok && ln != "en" {
			b.or(classSet("en", name))
		}
		return b
	}
	for _, ln := range order {
		set.langs = append(set.langs, intentVetoes{
			name: ln, neg: cues(ln, clsNeg), reported: cues(ln, clsReported), refusal: cues(ln, clsRefusal),
			skill: cues(ln, clsSkill), third: cues(ln, clsThird), conj: cues(ln, clsConj),
			onplat: cues(ln, clsOnplat), offplat: cues(ln, clsOffplat), platform: cues(ln, clsPlatform),
		})
	}
	// Words into the lexicon.
	for _, pw := range words {
		keys := intentKeys(strings.ToLower(pw.word))
		if len(keys) == 0 {
			return nil, &RuleError{pw.file, fmt.Sprintf("class %q", set.clsName[pw.cid]), fmt.Errorf("word %q has no letters or digits", pw.word)}
		}
		lw := set.lex[keys[0]]
		if lw == nil {
			lw = &lexWord{}
			set.lex[keys[0]] = lw
		}
		if len(keys) == 1 {
			lw.cids = intentAddID(lw.cids, pw.cid)
			continue
		}
		if lw.phrases == nil {
			lw.phrases = map[string][]lexPhrase{}
		}
		ps := lw.phrases[keys[1]]
		found := false
		for i := range ps {
			if intentEqualKeys(ps[i].keys, keys) {
				ps[i].cids = intentAddID(ps[i].cids, pw.cid)
				found = true
				break
			}
		}
		if !found {
			ps = append(ps, lexPhrase{keys: keys, cids: []uint16{pw.cid}})
		}
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].keys) > len(ps[j].keys) })
		lw.phrases[keys[1]] = ps
	}
	// Gate words: the longest word of every anchor class entry, raw and
	// folded. A phrase matches only where all its words occur, so any
	// one of them will do; the longest is the rarest ("in person" is
	// gated by "person", not "in"). A folded form shorter than four
	// letters is left out ("số" folds to "so"): typed without its
	// accents, such a word is too common to gate on.
	// Single words of non-anchor classes ("me", "the", "your") and the
	// pieces of contractions never gate a phrase when another word can.
	funcWords := map[string]bool{"t": true, "s": true, "ll": true, "ve": true, "re": true, "d": true, "m": true, "don": true,
		"doesn": true, "didn": true, "won": true, "isn": true, "aren": true, "wasn": true, "us": true, "sie": true, "mich": true, "dich": true}
	for _, pw := range words {
		if !anchorOf[pw.cid] {
			if ks := intentKeys(strings.ToLower(pw.word)); len(ks) == 1 {
				funcWords[ks[0]] = true
			}
		}
	}
	// Single-word entries first, so that a phrase with one of their words
	// ("give me a call": "call") is gated by it and adds no new word.
	seen := map[string]bool{}
	anchorWords := make([]pendingWord, 0, len(words))
	for _, pw := range words {
		if anchorOf[pw.cid] && len(intentKeys(strings.ToLower(pw.word))) == 1 {
			anchorWords = append(anchorWords, pw)
		}
	}
	for _, pw := range words {
		if anchorOf[pw.cid] && len(intentKeys(strings.ToLower(pw.word))) > 1 {
			anchorWords = append(anchorWords, pw)
		}
	}
	for _, pw := range anchorWords {
		raw := ""
		for _, w := range intentRawWords(strings.ToLower(pw.word)) {
			if seen[w] {
				raw = w
				break
			}
		}
		if raw == "" {
			raw = intentGateWord(strings.ToLower(pw.word), funcWords)
		}
		forms := []string{raw}
		if f := intentKeyFold(raw); f != raw && (utf8.RuneCountInString(f) >= 4 || !intentASCII(f)) {
			forms = append(forms, f)
		}
		for _, w := range forms {
			if w != "" && !seen[w] {
				seen[w] = true
				set.anchors = append(set.anchors, w)
			}
		}
	}
	sort.Strings(set.anchors)
	for _, w := range set.anchors {
		k := intentKeyFold(w)
		lw := set.lex[k]
		if lw == nil {
			lw = &lexWord{}
			set.lex[k] = lw
		}
		lw.gate = true
	}
	// A literal whose longest word is a gate word anchors a rule too.
	for k, id := range lits {
		if seen[intentGateWord(strings.TrimSuffix(strings.TrimPrefix(k.name, "'"), "'"), funcWords)] {
			anchorOf[id] = true
		}
	}
	set.gates = new(keywordFilter)
	for k, lw := range set.lex {
		if lw.gate && k != "" {
			set.gates.add(k)
		}
	}
	for _, lw := range set.lex {
		for _, c := range lw.cids {
			lw.mask = lw.mask || set.mask.has(c)
			lw.product = lw.product || set.product.has(c)
		}
	}
	// Anchor check.
	anchorCls := newClassBits(set.nCls)
	for id, a := range anchorOf {
		if a {
			anchorCls.set(id)
		}
	}
	patAnchored := map[uint16]bool{}
	unanchoredAlt := map[uint16]string{} // a pattern's first alternative without an anchor
	elemAnchored := func(e ruleElem) bool {
		if e.gap > 0 || e.optional || e.clauseEnd || e.ahead || e.set == nil {
			return false
		}
		for _, id := range e.set.ids() {
			if !anchorCls.has(id) && !patAnchored[id] {
				return false
			}
		}
		return true
	}
	altAnchored := func(es []ruleElem) bool {
		for _, e := range es {
			if elemAnchored(e) {
				return true
			}
		}
		return false
	}
	set.patFirst = make([][]int32, set.nCls)
	set.ruleFirst = make([][]int32, set.nCls)
	for _, p := range sorted {
		for _, a := range p.alts {
			fix(a)
		}
		id := ids[key{p.ln, p.name}]
		all := true
		for i, a := range p.alts {
			if !altAnchored(a) {
				all = false
				if _, ok := unanchoredAlt[id]; !ok {
					unanchoredAlt[id] = langs[p.ln].patterns[p.name].alts[i]
				}
			}
		}
		patAnchored[id] = all
		ip := &intentPattern{name: p.name, cid: id, lang: langIdx[p.ln], alts: p.alts}
		ip.absorb = p.name == clsOffplat || p.name == clsAbsorb || strings.HasPrefix(p.name, clsAbsorb+"_") || strings.HasPrefix(p.name, clsOffplat+"_")
		if p.name == clsOffplat {
			set.offplat.set(id)
		}
		idx := int32(len(set.patterns))
		set.patterns = append(set.patterns, ip)
		for _, a := range p.alts {
			for _, c := range a[0].set.ids() {
				set.patFirst[c] = intentAppendOnce(set.patFirst[c], idx)
			}
		}
	}
	for i, r := range rules {
		if r.alts == nil {
			continue
		}
		what := fmt.Sprintf("rule %q", r.r.ID)
		kind, ok := ParseKind(r.r.Kind)
		if !ok || (kind != ContactRequest && kind != MeetingRequest && kind != PaymentRequest) {
			return nil, &RuleError{r.file, what, fmt.Errorf("kind %q is not an intent kind (contact_request, meeting_request, payment_request)", r.r.Kind)}
		}
		if r.r.Confidence <= 0 || r.r.Confidence > 1 {
			return nil, &RuleError{r.file, what, fmt.Errorf("confidence %v not in (0, 1]", r.r.Confidence)}
		}
		if r.lang == "common" {
			return nil, &RuleError{r.file, what, errors.New("rules belong to a language, not to common")}
		}
		ir := &intentRule{id: r.r.ID, kind: kind, lang: langIdx[r.lang], conf: r.r.Confidence,
			examples: r.r.Examples, counter: r.r.Counter}
		for _, a := range ruleElems[i] {
			fix(a)
			if !altAnchored(a) {
				msg := fmt.Sprintf("%q has no anchor: every required element is a non-anchor class", intentExpr(a))
				for _, e := range a {
					for _, id := range e.set.ids() {
						if alt, ok := unanchoredAlt[id]; ok {
							msg += fmt.Sprintf(" (pattern %q has no anchor in %q)", set.clsName[id], alt)
						}
					}
				}
				return nil, &RuleError{r.file, what, errors.New(msg)}
			}
			ir.alts = append(ir.alts, a)
		}
		// "needs": every entry must have a class somewhere in the
		// message; "a|b" is either.
		for _, need := range r.r.Needs {
			b := newClassBits(set.nCls)
			for _, n := range strings.Split(need, "|") {
				if len(resolve(r.lang, n)) == 0 {
					return nil, &RuleError{r.file, what, fmt.Errorf("needs unknown class %q", n)}
				}
				b.or(classSet(r.lang, n))
			}
			ir.needs = append(ir.needs, b)
		}
		for _, v := range r.r.Ignore {
			bit, ok := intentVetoNames[v]
			if !ok {
				return nil, &RuleError{r.file, what, fmt.Errorf("ignore: unknown veto %q (neg, onplat, quote, reported, refusal, skill, third)", v)}
			}
			ir.ignore |= bit
		}
		idx := int32(len(set.rules))
		set.rules = append(set.rules, ir)
		for ai, a := range ir.alts {
			if ai >= 1<<intentAltBits {
				return nil, &RuleError{r.file, what, fmt.Errorf("more than %d match alternatives", 1<<intentAltBits)}
			}
			for _, c := range a[0].set.ids() {
				set.ruleFirst[c] = intentAppendOnce(set.ruleFirst[c], idx<<intentAltBits|int32(ai))
			}
			// The classes every match needs: one of each required
			// word element's.
			var need [][]uint16
			for _, e := range a {
				if e.gap == 0 && !e.optional && !e.clauseEnd {
					need = append(need, e.ids)
				}
			}
			ir.need = append(ir.need, need)
		}
	}
	set.buildFeasibility()
	set.table = newLexTable(set.lex)
	set.pairs = newPhraseTable(set.lex)
	return set, nil
}

// lexTable is the lexicon as a kwTable: a slot or two of 8 bytes read
// per word, and an entry only where the hash matches, where the map
// hashes the word again.
type lexTable = kwTable[string, *lexWord]

// newLexTable returns lex as a lexTable.
func newLexTable(lex map[string]*lexWord) lexTable { return newWordTable(lex) }

// word returns the lexicon's entry of key, or nil.
func (set *intentSet) word(key string) *lexWord {
	if key == "" {
		return nil
	}
	return set.table.get(key, kwHash(key))
}

// intentFeasSlots is how many required word sets are kept per rule
// alternative for the feasibility test.
const intentFeasSlots = 3

// buildFeasibility prepares a cheap test, run on the words of each
// sentence before its units, phrases and patterns are worked out, of
// whether any rule can match in it at all: most sentences that hold a
// gate word ("page", "meet", "contract") hold nothing else a rule needs.
//
// A unit can have a class only through a lexicon entry that carries it:
// a word, which must then occur in the sentence, or a phrase, whose words
// must occur one after the other. So every class gets a set of terms, the
// words and phrases of its entries, one of which a sentence must hold for
// the class to occur in it. A pattern occurs only where an alternative of
// it matches, so its set is the union, over its alternatives, of the set
// of each one's rarest required element. A rule alternative needs each of
// its required elements in one sentence; the intentFeasSlots rarest
// distinct sets are kept, and every word and phrase records the
// alternatives for which it is in each (lexWord.marks, lexPhrase.marks). A
// sentence can match an alternative only if its words and phrases mark
// it in every slot. (A rule's needs are met anywhere in the text: the
// words and phrases they may come from are marked needSrc instead.)
func (set *intentSet) buildFeasibility() {
	// How common each word is in text, as far as the rules tell: the
	// number of their examples and counterexamples that hold it. Term
	// sets are weighed by it, so that a set of common words ("on", "at")
	// stands for an alternative only when no rarer set can.
	seen := map[string]int{}
	for _, r := range set.rules {
		for _, texts := range [][]string{r.examples, r.counter} {
			for _, t := range texts {
				for _, k := range intentKeys(strings.ToLower(t)) {
					seen[k]++
				}
			}
		}
	}
	// Number the terms, words first; term sets are bitsets over them.
	type term struct {
		feas    [intentFeasSlots][]feasBits // as mark makes them
		marks   *[]feasMark                 // feas, for feasible
		needSrc *bool
		cids    []uint16
		weight  int // 1 + how many examples may hold it
	}
	var terms []term
	for _, k := range intentSortedKeys(set.lex) {
		lw := set.lex[k]
		terms = append(terms, term{marks: &lw.marks, needSrc: &lw.needSrc, cids: lw.cids, weight: 1 + seen[k]})
	}
	for _, k := range intentSortedKeys(set.lex) {
		lw := set.lex[k]
		for _, second := range intentSortedKeys(lw.phrases) {
			ps := lw.phrases[second]
			for i := range ps {
				w := seen[ps[i].keys[0]]
				for _, pk := range ps[i].keys[1:] {
					w = min(w, seen[pk])
				}
				terms = append(terms, term{marks: &ps[i].marks, needSrc: &ps[i].needSrc, cids: ps[i].cids, weight: 1 + w})
			}
		}
	}
	nw := (len(terms) + 63) / 64
	type termSet []uint64
	src := make([]termSet, set.nCls)
	for ti, t := range terms {
		for _, c := range t.cids {
			if src[c] == nil {
				src[c] = make(termSet, nw)
			}
			src[c][ti/64] |= 1 << (ti % 64)
		}
	}
	// weight estimates how many texts hold a term of b.
	weight := func(b termSet) int {
		n := 0
		for i, x := range b {
			for ; x != 0; x &= x - 1 {
				n += terms[i*64+bits.TrailingZeros64(x)].weight
			}
		}
		return n
	}
	// required returns the term set of each required element of es.
	required := func(es []ruleElem) []termSet {
		var out []termSet
		for _, e := range es {
			if e.gap > 0 || e.optional || e.clauseEnd {
				continue
			}
			u := make(termSet, nw)
			for _, c := range e.ids {
				for i, b := range src[c] {
					u[i] |= b
				}
			}
			out = append(out, u)
		}
		return out
	}
	// Patterns come in dependency order, so each one's set is known
	// before a pattern naming it is reached. An alternative without a
	// required element (the compiler makes none) would make the pattern
	// need no term: every term is then in its set.
	for _, p := range set.patterns {
		u := make(termSet, nw)
		for _, a := range p.alts {
			req := required(a)
			if len(req) == 0 {
				for ti := range terms {
					u[ti/64] |= 1 << (ti % 64)
				}
				continue
			}
			best := req[0]
			for _, r := range req[1:] {
				if weight(r) < weight(best) {
					best = r
				}
			}
			for i, b := range best {
				u[i] |= b
			}
		}
		src[p.cid] = u
	}
	set.altBase = make([]int32, len(set.rules))
	for ri, r := range set.rules {
		set.altBase[ri] = int32(set.nAlts)
		set.nAlts += len(r.alts)
	}
	set.feasWords = (set.nAlts + 63) / 64
	// Alternatives are marked in order, so each term's lists stay sorted
	// by idx and hold one entry per idx.
	mark := func(n int, b termSet, g int) {
		idx, bit := uint16(g/64), uint64(1)<<(g%64)
		for i, x := range b {
			for ; x != 0; x &= x - 1 {
				f := &terms[i*64+bits.TrailingZeros64(x)].feas[n]
				if k := len(*f); k > 0 && (*f)[k-1].idx == idx {
					(*f)[k-1].bits |= bit
				} else {
					*f = append(*f, feasBits{idx, bit})
				}
			}
		}
	}
	g := 0
	for _, r := range set.rules {
		for _, n := range r.needs {
			for _, c := range n.ids() {
				for i, b := range src[c] {
					for ; b != 0; b &= b - 1 {
						*terms[i*64+bits.TrailingZeros64(b)].needSrc = true
					}
				}
			}
		}
		for ai := range r.alts {
			slots := required(r.alts[ai])
			if len(slots) == 0 {
				// Not made by the compiler (every alternative has an
				// anchored element); kept feasible all the same.
				set.feasAlways = append(set.feasAlways, feasBits{uint16(g / 64), 1 << (g % 64)})
				g++
				continue
			}
			// The rarest distinct sets; a set with no term cannot be
			// met, and the alternative never matches.
			ws := make([]int, len(slots))
			for i := range slots {
				ws[i] = weight(slots[i])
			}
			order := make([]int, len(slots))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(i, j int) bool { return ws[order[i]] < ws[order[j]] })
			var kept []termSet
			for _, i := range order {
				if len(kept) < intentFeasSlots && !slices.ContainsFunc(kept, func(k termSet) bool { return slices.Equal(k, slots[i]) }) {
					kept = append(kept, slots[i])
				}
			}
			for n := 0; n < intentFeasSlots; n++ {
				mark(n, kept[min(n, len(kept)-1)], g)
			}
			g++
		}
	}
	for i := range terms {
		t := &terms[i]
		for k, fs := range t.feas {
			for _, f := range fs {
				*t.marks = append(*t.marks, feasMark{uint16(k*set.feasWords) + f.idx, f.bits})
			}
		}
	}
	set.feasKeys = new(keywordFilter)
	for k, lw := range set.lex {
		marks := lw.needSrc || len(lw.marks) > 0
		for _, ps := range lw.phrases {
			for i := range ps {
				marks = marks || ps[i].needSrc || len(ps[i].marks) > 0
			}
		}
		if marks && k != "" {
			set.feasKeys.add(k)
		}
	}
}

// intentExpr writes es back as a match expression, for errors.
func intentExpr(es []ruleElem) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e.src)
	}
	return strings.Join(parts, " ")
}

// addCids adds class ids to the element's set.
func (e *ruleElem) addCids(cids []uint16) {
	need := 0
	for _, c := range cids {
		if int(c)/64+1 > need {
			need = int(c)/64 + 1
		}
	}
	if len(e.set) < need {
		e.set = e.set.resized(need * 64)
	}
	for _, c := range cids {
		e.set.set(c)
	}
}

// resized returns a copy of b sized for n ids.
func (b classBits) resized(n int) classBits {
	nb := newClassBits(n)
	copy(nb, b)
	return nb
}

// ids lists the ids in b.
func (b classBits) ids() []uint16 {
	var out []uint16
	for w, word := range b {
		for word != 0 {
			out = append(out, uint16(w*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}

// intentAppendOnce appends v to s unless it is there.
func intentAppendOnce(s []int32, v int32) []int32 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// intentAddID appends id to s unless it is there.
func intentAddID(s []uint16, id uint16) []uint16 {
	for _, x := range s {
		if x == id {
			return s
		}
	}
	return append(s, id)
}

// intentEqualKeys reports whether a and b hold the same keys.
func intentEqualKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// intentSortedKeys returns the keys of m in order.
func intentSortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// intentSplitExpr splits a match expression into elements at spaces outside
// quotes.
func intentSplitExpr(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inQ := false
	for _, r := range s {
		switch {
		case r == '\'':
			inQ = !inQ
			cur.WriteRune(r)
		case r == ' ' && !inQ:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if inQ {
		return nil, errors.New("unclosed quote")
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out, nil
}

// intentSplitAlts splits "a|'b c'|d" at bars outside quotes.
func intentSplitAlts(s string) []string {
	var out []string
	start, inQ := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			inQ = !inQ
		case '|':
			if !inQ {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// intentASCII reports whether s is ASCII.
func intentASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// intentGateWord returns the word of a lexicon entry that gates it in the
// prefilter: the longest word that is no function word of another class
// ("call" in "give me a call"), else the longest word; the first of equal
// ones.
func intentGateWord(s string, funcWords map[string]bool) string {
	best, bestContent := "", false
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !intentWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !intentWordRune(r) {
				break
			}
			j += n
		}
		w := s[i:j]
		content := !funcWords[intentKeyFold(w)]
		if best == "" || content && !bestContent || content == bestContent && utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
			best, bestContent = w, content
		}
		i = j
	}
	return best
}

// intentWordRune is the prefilter's notion of a word character.
func intentWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// intentRawWords splits s into words as the prefilter sees them, without
// folding.
func intentRawWords(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !intentWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !intentWordRune(r) {
				break
			}
			j += n
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// intentKeys splits a lexicon entry into word keys as the matcher sees
// text: words of letters and digits, folded by intentKeyFold.
func intentKeys(s string) []string {
	out := intentRawWords(s)
	for i, w := range out {
		out[i] = intentKeyFold(w)
	}
	return out
}

// intentKeyFold is the form under which words are compared: lower case without
// diacritics ("número" = "numero", "görüşelim" = "goruselim", "gọi" =
// "goi"), Arabic without short vowels and with one alef, so that text
// typed without accents matches rules written with them and the reverse.
func intentKeyFold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'ı':
			r = 'i'
		case 'ł':
			r = 'l'
		case 'đ':
			r = 'd'
		case 'ø':
			r = 'o'
		case 'ß':
			b.WriteString("ss")
			continue
		case 'æ':
			b.WriteString("ae")
			continue
		case 'œ':
			b.WriteString("oe")
			continue
		case 'ё':
			r = 'е'
		case 'أ', 'إ', 'آ', 'ٱ':
			r = 'ا'
		case 'ى':
			r = 'ي'
		case 'ـ': // tatweel
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
