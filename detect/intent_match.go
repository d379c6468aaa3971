package detect

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Scopes of the cues that veto a match, in units (words or phrases).
const (
	intentNegWindow      = 4  // "I don't | share my number": negation just before the trigger
	intentOnplatAfter    = 6  // "message me | here": on-platform cue after the trigger
	intentOnplatBefore   = 2  // "here, | send it via PayPal"
	intentSkillWindow    = 5  // "WhatsApp | Cloud API": skill talk either side
	intentThirdWindow    = 3  // "customers can | pay via PayPal"
	intentReportedWindow = 15 // "he asked for ... | my email": reported speech earlier in the sentence
	intentRefusalWindow  = 10 // "move to WhatsApp | is against the rules"
)

// iunit is a word of the text with its classes; phrases and pattern
// matches starting at it are spans.
type iunit struct {
	a, b   int32 // byte range in the view
	c0, c1 int32 // class ids: m.cls[c0:c1]
	span   int32 // first derived span starting here, -1 for none
	flags  uint8
}

// Unit flags.
const (
	uSent     uint8 = 1 << iota // a sentence starts here
	uClause                     // a clause starts here (also set with uSent)
	uQuoted                     // inside quotation marks
	uAbsorbed                   // inside a span whose negation is its meaning
	uOffplat                    // inside an off-platform span
	uMasked                     // inside a mask phrase
	uGlued                      // part of a link or an address
	uProduct                    // a product word, or a product phrase starts here
)

// ispan is a span of units [start, end) matched by a lexicon phrase or a
// named pattern, in a list per start unit.
type ispan struct {
	end  int32
	cid  uint16
	next int32
}

// itoken is one word of the text.
type itoken struct {
	a, b  int32
	key   string
	flags uint8
	leet  bool     // letters and digits: may be leetspeak ("wh4tsapp")
	known bool     // has feasible looked it up? (else findIntents does)
	lw    *lexWord // what the lexicon knows of it, or nil
}

// intentMatch is an accepted rule match.
type intentMatch struct {
	rule       *intentRule
	a, b       int // byte range in the view
	confidence float64
}

// intentMatcher holds the scratch state of one pass over one text.
type intentMatcher struct {
	set       *intentSet
	toks      []itoken
	units     []iunit
	cls       []uint16
	spans     []ispan
	phr       []iphraseHit
	words     []*lexWord
	sentEnd   []int32   // per unit: the first unit of the next sentence
	sentStart []int32   // per unit: the first unit of its sentence
	cand      [][]int32 // per pattern: units where it may start
	stamp     []int32   // per unit: the last pattern tried there, plus one
	liveAlts  []int
	present   classBits
	// Per rule, valid while its stamp equals gen (one gen per text): the
	// last unit where it fired, and which alternatives can or cannot
	// match in this text (bit i: alternative i).
	gen               uint32
	ruleGen           []uint32
	tried             []int32
	aliveYes, aliveNo []uint64
	reach             [intentMaxElems + 1]uint64
	// The rule alternatives feasible in some sentence kept (bit g for
	// alternative g of intentSet.altBase), whether there is one, and
	// scratch space for one sentence's slots: see feasible.
	feas    []uint64
	anyFeas bool
	sfeas   []uint64
}

// intentMatcherPool reuses the scratch space of scans.
var intentMatcherPool = sync.Pool{New: func() any { return new(intentMatcher) }}

// findIntents runs the rules of set over text[from:to] (a folded,
// lower-cased view) and calls emit for each accepted match.
func findIntents(set *intentSet, text string, from, to int, emit func(intentMatch)) {
	m := intentMatcherPool.Get().(*intentMatcher)
	defer func() {
		// Keep the scratch space of ordinary texts only, and no token
		// pointing into this text: the pool must not keep it alive.
		if cap(m.toks) <= 1<<14 {
			clear(m.toks)
			intentMatcherPool.Put(m)
		}
	}()
	m.reset(set)
	m.tokenize(text, from, to)
	if !m.anyFeas {
		return
	}
	// The words that could not mark feasibility still carry classes.
	for i := range m.toks {
		if t := &m.toks[i]; !t.known {
			set.lookUp(t)
		}
	}
	m.unitize()
	m.runPatterns()
	m.runRules(emit)
}

// reset prepares m for a text scanned with set.
func (m *intentMatcher) reset(set *intentSet) {
	m.set = set
	m.toks = m.toks[:0]
	m.units = m.units[:0]
	m.cls = m.cls[:0]
	m.spans = m.spans[:0]
	m.present = slices.Grow(m.present[:0], (set.nCls+63)/64)[:(set.nCls+63)/64]
	clear(m.present)
	n := set.feasWords
	m.feas = slices.Grow(m.feas[:0], n)[:n]
	clear(m.feas)
	m.sfeas = slices.Grow(m.sfeas[:0], intentFeasSlots*n)[:intentFeasSlots*n]
	m.anyFeas = false
	if n := len(set.rules); len(m.ruleGen) != n {
		m.ruleGen = make([]uint32, n)
		m.tried = make([]int32, n)
		m.aliveYes = make([]uint64, n)
		m.aliveNo = make([]uint64, n)
		m.gen = 0
	}
	m.gen++
	if m.gen == 0 { // wrapped: stamps from long ago could match
		clear(m.ruleGen)
		m.gen = 1
	}
}

// ASCII separator classes, looked up rather than switched on.
var intentASCIISep = func() (t [utf8.RuneSelf]uint8) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		switch {
		case intentSentenceRuneSlow(c):
			t[c] = 1
		case intentClauseRuneSlow(c):
			t[c] = 2
		}
	}
	return
}()

// intentSentenceRune reports whether r ends a sentence.
func intentSentenceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return intentASCIISep[r] == 1
	}
	return intentSentenceRuneSlow(r)
}

// intentClauseRune reports whether r ends a clause: commas, colons,
// brackets, dashes, arrows and emoji.
func intentClauseRune(r rune) bool {
	if r < utf8.RuneSelf {
		return intentASCIISep[r] == 2
	}
	return intentClauseRuneSlow(r)
}

func intentSentenceRuneSlow(r rune) bool {
	switch r {
	case '!', '?', ';', '\n', '…', '؟', '¿', '¡', '。', '！', '？', '|', '•', '\r':
		return true
	}
	return false
}

func intentClauseRuneSlow(r rune) bool {
	switch r {
	case ',', ':', '(', ')', '[', ']', '{', '}', '—', '–', '،', '、', '→', '>', '<', '=', '*', '\t':
		return true
	}
	return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r)
}

// intentQuoteRune reports whether r is a quotation mark or apostrophe.
func intentQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '`', '‘', '’', '“', '”', '„', '«', '»', '‹', '›', '「', '」':
		return true
	}
	return false
}

// tokenize splits text[from:to] into words and notes the sentence and
// clause boundaries and quotations between them. It keeps only the
// sentences holding a gate word: every rule needs one (compileIntents
// checks), and no match or cue reaches past its sentence. A sentence is
// judged by its words' gate filter bits, so that the words of the others
// cost no lexicon look-up, and dropped as soon as it ends, so that a long
// text's tokens never pile up.
func (m *intentMatcher) tokenize(text string, from, to int) {
	z := tokenizer{m: m, text: text, from: from, to: to, flags: uSent | uClause, openQ: -1}
	i := from
	for i < to {
		c := text[i]
		if c == ' ' { // the common separator, quickly
			if z.glued {
				z.endRun()
			} else {
				z.runTok = len(m.toks)
			}
			i++
			continue
		}
		if k := wordBytes[c]; k != 0 {
			// A word of ASCII letters and digits, in a loop of its own;
			// a word going on in another script takes the general path.
			j := i + 1
			for j < to {
				k2 := wordBytes[text[j]]
				if k2 == 0 {
					break
				}
				k |= k2
				j++
			}
			if j == to || text[j] < utf8.RuneSelf {
				// Only a word of letters and digits may be leetspeak.
				z.word(i, j, text[i:j], k == 3)
				i = j
			} else {
				i = z.wordRest(i, j, k, true)
			}
			continue
		}
		i = z.next(i)
	}
	z.endRun()
	z.endSentence()
}

// tokenizer is the state of tokenize between words: kept in a struct, so
// that the loop over the bytes stays small.
type tokenizer struct {
	m          *intentMatcher
	text       string
	from, to   int
	flags      uint8 // for the next word
	openQ      int   // byte offset of an unmatched opening quote on this line
	quotedFrom int   // tokens from this index may be inside the open quote
	prevWord   bool
	runTok     int  // the first token of a run of words without spaces
	glued      bool // is that run a link or an address?
	sent       int  // where the current sentence starts in m.toks
	live       bool // has it a gate word?
	liveTok    int  // the token that made the sentence live
}

// endSentence drops the sentence just ended unless it is live and some
// rule alternative can match in it, or it holds a word a rule's needs
// may come from.
func (z *tokenizer) endSentence() {
	m := z.m
	if z.live && !m.feasible(z.sent) {
		z.live = false
	}
	if !z.live {
		clear(m.toks[z.sent:]) // no key into the text stays behind
		m.toks = m.toks[:z.sent]
		z.runTok = min(z.runTok, z.sent)
		z.quotedFrom = min(z.quotedFrom, z.sent)
	}
	z.sent, z.live = len(m.toks), false
}

// endRun ends a run of words without spaces.
func (z *tokenizer) endRun() {
	m := z.m
	if z.glued {
		for k := z.runTok; k < len(m.toks); k++ {
			m.toks[k].flags |= uGlued
		}
		// A gate word inside a link or an address ("ana@gmail.com")
		// triggers nothing: the sentence is live only if another
		// word makes it so. The words before it were no gate words.
		if z.live && z.liveTok >= z.runTok && z.liveTok >= z.sent {
			z.live = false
		}
	}
	z.runTok, z.glued = len(m.toks), false
}

// word adds the word text[i:j], with key its key in the lexicon; leet
// tells whether it may be leetspeak.
func (z *tokenizer) word(i, j int, key string, leet bool) {
	m := z.m
	if z.flags&uSent != 0 {
		z.endSentence()
	}
	if !z.live {
		z.live, z.liveTok = m.set.isGate(key, leet), len(m.toks)
	}
	m.toks = append(m.toks, itoken{a: int32(i), b: int32(j), key: key, flags: z.flags, leet: leet})
	z.flags = 0
	z.prevWord = true
}

// next reads what starts at text[i], a word starting with a non-ASCII
// letter or a separator other than a space, and returns where it ends.
// (tokenize reads the words starting with an ASCII letter or digit.)
func (z *tokenizer) next(i int) int {
	text, from, to := z.text, z.from, z.to
	c := text[i]
	var r rune
	n := 1
	if c < utf8.RuneSelf {
		r = rune(c)
	} else {
		r, n = utf8.DecodeRuneInString(text[i:to])
	}
	if intentWordRune(r) {
		return z.wordRest(i, i+n, 0, false)
	}
	// A separator. Words joined by '.', '@' or "://" belong to a link
	// or an address ("join.skype.com", "ana@x.com"), which the
	// identifier detectors report; they are no trigger words.
	switch r {
	case ' ', '\n', '\t', '\r':
		z.endRun()
	case '.', '@':
		if intentWordEndAt(text, i, from) && intentWordStartAt(text, i+1, to) {
			z.glued = true
		}
	case ':':
		if i+3 <= to && text[i+1:i+3] == "//" {
			z.glued = true
		}
	}
	switch {
	case r == '.':
		// A full stop, not the dot of "ana.lima" or "3.5".
		if i+1 >= to || !intentWordStartAt(text, i+1, to) {
			z.flags |= uSent | uClause
		}
	case r == '-':
		// " - " between words is a dash; "e-mail" is one word.
		if !(z.prevWord && i+1 < to && intentWordStartAt(text, i+1, to)) && i > from && text[i-1] == ' ' {
			z.flags |= uClause
		}
	case intentQuoteRune(r):
		z.quote(i, n)
	case intentSentenceRune(r):
		z.flags |= uSent | uClause
		if r == '\n' {
			z.openQ = -1
		}
	case intentClauseRune(r):
		z.flags |= uClause
	}
	if r != ' ' {
		z.prevWord = false
	}
	return i + n
}

// wordRest reads the rest of the word that starts at text[i] and goes on
// at text[j], adds it and returns where it ends. kinds are those of its
// ASCII bytes so far (1 a letter, 2 a digit, 3 both), ascii whether it has
// only ASCII bytes so far.
func (z *tokenizer) wordRest(i, j int, kinds uint8, ascii bool) int {
	text, to := z.text, z.to
	for j < to {
		c := text[j]
		if c < utf8.RuneSelf {
			k := wordBytes[c]
			if k == 0 {
				break
			}
			kinds |= k
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[j:to])
		if !intentWordRune(r) {
			break
		}
		ascii = false
		j += n
	}
	key := text[i:j] // an ASCII word is its own key
	if !ascii {
		key = z.m.key(key)
	}
	// Only a word of letters and digits may be leetspeak; a folded word
	// of another script is looked at as a key.
	z.word(i, j, key, kinds == 3 || !ascii)
	return j
}

// quote reads the quotation mark of length n at text[i].
func (z *tokenizer) quote(i, n int) {
	text, from, to, m := z.text, z.from, z.to, z.m
	before := i > from && intentWordEndAt(text, i, from)
	after := i+n < to && intentWordStartAt(text, i+n, to)
	switch {
	case before && after:
		// an apostrophe inside a word: "don't", "l'entretien"
	case !before && after && z.openQ < 0 && !(i+n < to && text[i+n] == ' '):
		z.openQ = i
		z.quotedFrom = len(m.toks)
	case before && !after && z.openQ >= 0:
		for k := z.quotedFrom; k < len(m.toks); k++ {
			m.toks[k].flags |= uQuoted
		}
		z.openQ = -1
	case !before && !after && z.openQ >= 0 && i > from && text[i-1] != ' ':
		// a closing quote after punctuation: 'Contact us?'
		for k := z.quotedFrom; k < len(m.toks); k++ {
			m.toks[k].flags |= uQuoted
		}
		z.openQ = -1
	}
	if !(before && after) {
		z.flags |= uClause
	}
}

// intentWordStartAt reports whether a word character starts at text[i].
func intentWordStartAt(text string, i, to int) bool {
	if i >= to {
		return false
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return isWordByte(c)
	}
	r, _ := utf8.DecodeRuneInString(text[i:to])
	return intentWordRune(r)
}

// intentWordEndAt reports whether a word character ends at text[i].
func intentWordEndAt(text string, i, from int) bool {
	if i <= from {
		return false
	}
	c := text[i-1]
	if c < utf8.RuneSelf {
		return isWordByte(c)
	}
	r, _ := utf8.DecodeLastRuneInString(text[from:i])
	return intentWordRune(r)
}

// key returns the lexicon key of a word.
func (m *intentMatcher) key(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return intentKeyFold(w)
		}
	}
	return w
}

// isGate reports whether the word with lexicon key k, or, when leet, its
// leetspeak reading, is a gate word.
func (set *intentSet) isGate(k string, leet bool) bool {
	if k == "" {
		return false
	}
	if h := kwHash(k); set.gates.holds(h) {
		if lw := set.table.get(k, h); lw != nil {
			return lw.gate
		}
	}
	if !leet {
		return false
	}
	if lk := intentLeetKey(k); lk != "" {
		if h := kwHash(lk); set.gates.holds(h) {
			lw := set.table.get(lk, h)
			return lw != nil && lw.gate
		}
	}
	return false
}

// lookUp finds token t in the lexicon, or when t may be leetspeak its
// reading, and records what it found in t.
func (set *intentSet) lookUp(t *itoken) *lexWord {
	lw := set.word(t.key)
	if lw == nil && t.leet {
		if lk := intentLeetKey(t.key); lk != "" {
			lw = set.word(lk)
		}
	}
	t.lw, t.known = lw, true
	return lw
}

// feasible looks up the words of the sentence m.toks[from:] that may
// mark feasibility (those the filter intentSet.feasKeys holds) in the
// lexicon and reports whether they meet, for some rule alternative, every
// word set intentSet.buildFeasibility kept for it, or hold a word that a
// rule's needs, which the whole text meets, may come from. The
// alternatives met are added to m.feas for runRules. No match reaches
// past its sentence, so a sentence where none can match is not worth
// working out into units, phrases and patterns.
func (m *intentMatcher) feasible(from int) bool {
	set := m.set
	n := set.feasWords
	acc := m.sfeas
	clear(acc)
	needSrc := false
	for i := from; i < len(m.toks); i++ {
		t := &m.toks[i]
		if t.key == "" || !t.leet && !set.feasKeys.holds(kwHash(t.key)) {
			continue
		}
		lw := set.lookUp(t)
		if lw == nil {
			continue
		}
		needSrc = needSrc || lw.needSrc
		markFeas(acc, lw.marks)
		ps := m.phrasesAt(i, lw)
		for pi := range ps {
			if p := &ps[pi]; m.phraseAt(i, p.keys) {
				needSrc = needSrc || p.needSrc
				markFeas(acc, p.marks)
			}
		}
	}
	for k := 0; k < intentFeasSlots; k++ {
		for _, f := range set.feasAlways {
			acc[k*n+int(f.idx)] |= f.bits
		}
	}
	any := false
	for i := 0; i < n; i++ {
		all := ^uint64(0)
		for k := 0; k < intentFeasSlots; k++ {
			all &= acc[k*n+i]
		}
		m.feas[i] |= all
		any = any || all != 0
	}
	m.anyFeas = m.anyFeas || any
	return any || needSrc
}

// markFeas adds the alternatives a word or phrase marks to the slots
// acc.
func markFeas(acc []uint64, marks []feasMark) {
	for _, f := range marks {
		acc[f.at] |= f.bits
	}
}

// phrasesAt returns the phrases whose first two words may be tokens i
// and i+1 of one clause, where token i is the word lw.
func (m *intentMatcher) phrasesAt(i int, lw *lexWord) []lexPhrase {
	if lw.phrases == nil || i+1 >= len(m.toks) || m.toks[i+1].flags&uClause != 0 {
		return nil
	}
	next := m.toks[i+1].key
	if next == "" {
		return nil
	}
	return m.set.pairs.get(phraseKey{lw, next}, phraseHash(lw, kwHash(next)))
}

// phraseAt reports whether the phrase of keys, whose first two words are
// tokens i and i+1, goes on in the tokens after them, within a clause.
func (m *intentMatcher) phraseAt(i int, keys []string) bool {
	if i+len(keys) > len(m.toks) {
		return false
	}
	for k := 2; k < len(keys); k++ {
		if tk := &m.toks[i+k]; tk.key != keys[k] || tk.flags&uClause != 0 {
			return false
		}
	}
	return true
}

// intentLeetKey undoes digits standing for letters in a word that mixes both
// ("wh4tsapp", "sk1pe", "disc0rd"), or returns "".
func intentLeetKey(w string) string {
	letters, digits := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			letters++
		default:
			return ""
		}
	}
	if digits == 0 || letters < 3 {
		return ""
	}
	b := []byte(w)
	for i, c := range b {
		switch c {
		case '0':
			b[i] = 'o'
		case '1':
			b[i] = 'i'
		case '3':
			b[i] = 'e'
		case '4':
			b[i] = 'a'
		case '5':
			b[i] = 's'
		case '7':
			b[i] = 't'
		case '8':
			b[i] = 'b'
		}
	}
	return string(b)
}

// unitize makes a unit of every word with the word's classes, and adds
// every lexicon phrase found ("google meet", "can i have", "the
// platform") as a span of units, so that a phrase never hides the classes
// of its words from other rules. Mask phrases ("zoom in", "point of
// contact") are the exception: their words lose every class. A service
// name followed by a product word ("Zoom SDK") loses its service classes.
func (m *intentMatcher) unitize() {
	set := m.set
	toks := m.toks
	m.words = m.words[:0]
	masked := false
	for _, t := range toks {
		lw := t.lw
		m.words = append(m.words, lw)
		u := iunit{a: t.a, b: t.b, c0: int32(len(m.cls)), span: -1, flags: t.flags}
		if lw != nil {
			if lw.mask {
				u.flags |= uMasked
				masked = true
			} else {
				m.cls = append(m.cls, lw.cids...)
				if lw.product {
					u.flags |= uProduct
				}
			}
		}
		if u.flags&uGlued != 0 {
			masked = true
		}
		u.c1 = int32(len(m.cls))
		m.units = append(m.units, u)
	}
	// Phrases: find them all first, so that masks apply before any
	// phrase is recorded.
	m.phr = m.phr[:0]
	for i := range toks {
		lw := m.words[i]
		if lw == nil {
			continue
		}
		ps := m.phrasesAt(i, lw)
		for pi := range ps {
			p := &ps[pi]
			if !m.phraseAt(i, p.keys) {
				continue
			}
			m.phr = append(m.phr, iphraseHit{start: int32(i), end: int32(i + len(p.keys)), cids: p.cids})
			for _, c := range p.cids {
				if set.mask.has(c) {
					for k := i; k < i+len(p.keys); k++ {
						m.units[k].flags |= uMasked
					}
					masked = true
				}
			}
		}
	}
	if masked {
		for i := range m.units {
			if u := &m.units[i]; u.flags&(uMasked|uGlued) != 0 {
				u.c1 = u.c0
				u.flags &^= uProduct
			}
		}
	}
	// Record the phrases as spans, in reverse so that each unit's list
	// is in text order of discovery (longest first per start).
	for k := len(m.phr) - 1; k >= 0; k-- {
		h := m.phr[k]
		if masked {
			skip := false
			for j := h.start; j < h.end; j++ {
				if m.units[j].flags&(uMasked|uGlued) != 0 {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
		}
		for _, c := range h.cids {
			m.addSpan(int(h.start), int(h.end), c)
			if set.product.has(c) {
				m.units[h.start].flags |= uProduct
			}
		}
	}
	// A service name directly followed by a product word is a topic:
	// the word, or a phrase ending there, loses its service classes.
	productAt := func(i int) bool {
		return i < len(m.units) && m.units[i].flags&(uClause|uProduct) == uProduct
	}
	for i := range m.units {
		if productAt(i + 1) {
			u := &m.units[i]
			k := u.c0
			for _, c := range m.cls[u.c0:u.c1] {
				if !set.service.has(c) {
					m.cls[k] = c
					k++
				}
			}
			u.c1 = k
		}
		for s := m.units[i].span; s >= 0; s = m.spans[s].next {
			if sp := &m.spans[s]; set.service.has(sp.cid) && productAt(int(sp.end)) {
				sp.cid = intentNoClass
			}
		}
	}
	for i := range m.units {
		u := m.units[i]
		for _, c := range m.cls[u.c0:u.c1] {
			m.present.set(c)
		}
		for s := u.span; s >= 0; s = m.spans[s].next {
			if c := m.spans[s].cid; c != intentNoClass {
				m.present.set(c)
			}
		}
	}
}

// intentNoClass marks a span whose class was removed.
const intentNoClass = ^uint16(0)

// iphraseHit is a lexicon phrase found at units [start, end).
type iphraseHit struct {
	start, end int32
	cids       []uint16
}

// addSpan records that units [start, end) match class cid.
func (m *intentMatcher) addSpan(start, end int, cid uint16) {
	m.spans = append(m.spans, ispan{end: int32(end), cid: cid, next: m.units[start].span})
	m.units[start].span = int32(len(m.spans) - 1)
}

// unitHas reports whether unit i has a class of s, directly or through a
// derived span starting there.
func (m *intentMatcher) unitHas(i int, s classBits) bool {
	u := &m.units[i]
	for _, c := range m.cls[u.c0:u.c1] {
		if s.has(c) {
			return true
		}
	}
	for k := u.span; k >= 0; k = m.spans[k].next {
		if s.has(m.spans[k].cid) {
			return true
		}
	}
	return false
}

// runPatterns records the spans of every named pattern, in dependency
// order, keeping the longest match at each unit. Only units holding a
// class a pattern can start with are tried.
func (m *intentMatcher) runPatterns() {
	set := m.set
	n := len(m.units)
	m.sentEnd = m.sentEnd[:0]
	end := int32(n)
	for i := n - 1; i >= 0; i-- {
		m.sentEnd = append(m.sentEnd, end)
		if m.units[i].flags&uSent != 0 {
			end = int32(i)
		}
	}
	slices.Reverse(m.sentEnd)
	m.sentStart = m.sentStart[:0]
	start := int32(0)
	for i := range m.units {
		if m.units[i].flags&uSent != 0 {
			start = int32(i)
		}
		m.sentStart = append(m.sentStart, start)
	}
	if len(set.patterns) == 0 {
		return
	}
	if cap(m.cand) < len(set.patterns) {
		m.cand = make([][]int32, len(set.patterns))
	}
	m.cand = m.cand[:len(set.patterns)]
	for i := range m.cand {
		m.cand[i] = m.cand[i][:0]
	}
	m.stamp = slices.Grow(m.stamp[:0], n)[:n]
	clear(m.stamp)
	note := func(u int, cid uint16, after int) {
		for _, pi := range set.patFirst[cid] {
			if int(pi) > after {
				m.cand[pi] = append(m.cand[pi], int32(u))
			}
		}
	}
	for u := range m.units {
		un := &m.units[u]
		for _, c := range m.cls[un.c0:un.c1] {
			note(u, c, -1)
		}
		for s := un.span; s >= 0; s = m.spans[s].next {
			if c := m.spans[s].cid; c != intentNoClass {
				note(u, c, -1)
			}
		}
	}
	for pi, p := range set.patterns {
		if len(m.cand[pi]) == 0 {
			continue
		}
		live := m.liveAlts[:0]
		for ai := range p.alts {
			if m.altAlive(p.alts[ai]) {
				live = append(live, ai)
			}
		}
		m.liveAlts = live
		if len(live) == 0 {
			continue
		}
		for _, cu := range m.cand[pi] {
			u := int(cu)
			if m.stamp[u] == int32(pi)+1 {
				continue
			}
			m.stamp[u] = int32(pi) + 1
			best := -1
			for _, ai := range live {
				a := p.alts[ai]
				if !m.unitHas(u, a[0].set) {
					continue
				}
				if e, ok := m.run(a, u, int(m.sentEnd[u]), true); ok && e > best {
					best = e
				}
			}
			if best > u {
				m.addSpan(u, best, p.cid)
				m.present.set(p.cid)
				note(u, p.cid, pi)
				if p.absorb {
					for k := u; k < best; k++ {
						m.units[k].flags |= uAbsorbed
						if set.offplat.has(p.cid) {
							m.units[k].flags |= uOffplat
						}
					}
				}
			}
		}
	}
}

// intentIntersects reports whether a and b share an id.
func intentIntersects(a, b classBits) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i]&b[i] != 0 {
			return true
		}
	}
	return false
}

// run matches the elements es from unit u, not past unit limit. It
// returns the end of the longest or the shortest match. m.reach keeps the
// positions reached before each element, for trace.
func (m *intentMatcher) run(es []ruleElem, u, limit int, longest bool) (int, bool) {
	maxRel := min(limit-u, intentMaxSpan)
	m.reach[0] = 1
	for k := range es {
		e := &es[k]
		cur := m.reach[k]
		var next uint64
		switch {
		case e.gap > 0:
			next = cur
			for g := 1; g <= e.gap; g++ {
				next |= cur << g
			}
			next &= intentMaskUpTo(maxRel)
		case e.clauseEnd:
			for c := cur; c != 0; c &= c - 1 {
				p := bits.TrailingZeros64(c)
				abs := u + p
				if abs >= len(m.units) || abs == limit || m.units[abs].flags&uClause != 0 {
					next |= 1 << p
				}
			}
		case e.ahead:
			// The next unit, in the same clause, has the class; the
			// match does not take it.
			for c := cur; c != 0; c &= c - 1 {
				p := bits.TrailingZeros64(c)
				abs := u + p
				if abs < limit && m.units[abs].flags&uClause == 0 && m.unitHas(abs, e.set) {
					next |= 1 << p
				}
			}
		default:
			for c := cur; c != 0; c &= c - 1 {
				p := bits.TrailingZeros64(c)
				if p >= maxRel {
					continue
				}
				abs := u + p
				un := &m.units[abs]
				for _, cid := range m.cls[un.c0:un.c1] {
					if e.set.has(cid) {
						next |= 1 << (p + 1)
						break
					}
				}
				for s := un.span; s >= 0; s = m.spans[s].next {
					sp := &m.spans[s]
					if rel := int(sp.end) - u; rel <= maxRel && e.set.has(sp.cid) {
						next |= 1 << rel
					}
				}
			}
			if e.optional {
				next |= cur
			}
		}
		m.reach[k+1] = next
		if next == 0 {
			return 0, false
		}
	}
	final := m.reach[len(es)] &^ 1
	if final == 0 {
		return 0, false
	}
	if longest {
		return u + 63 - bits.LeadingZeros64(final), true
	}
	return u + bits.TrailingZeros64(final), true
}

// intentMaskUpTo returns the bits 0..n.
func intentMaskUpTo(n int) uint64 {
	if n >= 63 {
		return ^uint64(0) >> 1
	}
	return (1 << (n + 1)) - 1
}

// trace walks back from a match of es at u ending at end (after run) and
// returns the relative positions of gap units and of trigger units.
func (m *intentMatcher) trace(es []ruleElem, u, end int) (gaps, trig uint64) {
	pos := end - u
	for k := len(es) - 1; k >= 0; k-- {
		e := &es[k]
		prev := m.reach[k]
		switch {
		case e.gap > 0:
			for p := pos; p >= 0 && p >= pos-e.gap; p-- {
				if prev&(1<<p) != 0 {
					for q := p; q < pos; q++ {
						gaps |= 1 << q
					}
					pos = p
					break
				}
			}
		case e.clauseEnd, e.ahead:
		default:
			done := false
			if pos > 0 && prev&(1<<(pos-1)) != 0 {
				un := &m.units[u+pos-1]
				for _, cid := range m.cls[un.c0:un.c1] {
					if e.set.has(cid) {
						trig |= 1 << (pos - 1)
						pos--
						done = true
						break
					}
				}
			}
			for p := pos - 1; !done && p >= 0; p-- {
				if prev&(1<<p) == 0 {
					continue
				}
				for s := m.units[u+p].span; s >= 0; s = m.spans[s].next {
					sp := &m.spans[s]
					if int(sp.end) == u+pos && e.set.has(sp.cid) {
						for q := p; q < pos; q++ {
							trig |= 1 << q
						}
						pos = p
						done = true
						break
					}
				}
			}
		}
	}
	return gaps, trig
}

// runRules tries, at every unit, the rules whose first element can start
// there, and emits the matches no cue vetoes.
func (m *intentMatcher) runRules(emit func(intentMatch)) {
	for u := range m.units {
		un := &m.units[u]
		for _, cid := range m.cls[un.c0:un.c1] {
			m.tryRules(cid, u, emit)
		}
		for s := un.span; s >= 0; s = m.spans[s].next {
			if c := m.spans[s].cid; c != intentNoClass {
				m.tryRules(c, u, emit)
			}
		}
	}
}

// tryRules tries at unit u the rule alternatives that start with class
// cid, and emits their matches that no cue vetoes.
func (m *intentMatcher) tryRules(cid uint16, u int, emit func(intentMatch)) {
	set := m.set
	for _, ra := range set.ruleFirst[cid] {
		ri, ai := ra>>intentAltBits, int(ra&(1<<intentAltBits-1))
		if g := set.altBase[ri] + int32(ai); m.feas[g/64]&(1<<(g%64)) == 0 {
			continue // its words are not all in the text
		}
		if m.ruleGen[ri] != m.gen {
			m.ruleGen[ri] = m.gen
			m.tried[ri], m.aliveYes[ri], m.aliveNo[ri] = -1, 0, 0
		}
		if m.tried[ri] == int32(u) || !m.alive(ri, ai) {
			continue
		}
		r := set.rules[ri]
		a := r.alts[ai]
		sentEnd := int(m.sentEnd[u])
		end, ok := m.run(a, u, sentEnd, false)
		if !ok {
			continue
		}
		gaps, trig := m.trace(a, u, end)
		if m.vetoed(r, u, end, sentEnd, gaps, trig) {
			continue
		}
		m.tried[ri] = int32(u) // one finding per rule and start
		conf := r.conf * (1 - 0.04*float64(bits.OnesCount64(gaps)))
		conf = math.Round(max(conf, r.conf/2)*100) / 100
		emit(intentMatch{rule: r, a: int(m.units[u].a), b: int(m.units[end-1].b), confidence: conf})
	}
}

// anyPresent reports whether any of the classes ids occurs in the text.
func (m *intentMatcher) anyPresent(ids []uint16) bool {
	for _, id := range ids {
		if m.present.has(id) {
			return true
		}
	}
	return false
}

// altAlive reports whether every required element of es has a class in
// the text.
func (m *intentMatcher) altAlive(es []ruleElem) bool {
	for i := range es {
		e := &es[i]
		if e.gap == 0 && !e.optional && !e.clauseEnd && !m.anyPresent(e.ids) {
			return false
		}
	}
	return true
}

// alive reports whether alternative ai of rule ri can match anywhere in
// the text: its needs are met and every required element has a class
// present. It is worked out once per rule and text.
func (m *intentMatcher) alive(ri int32, ai int) bool {
	bit := uint64(1) << ai
	switch {
	case m.aliveYes[ri]&bit != 0:
		return true
	case m.aliveNo[ri]&bit != 0:
		return false
	}
	r := m.set.rules[ri]
	ok := m.needsMet(r)
	for _, n := range r.need[ai] {
		if !ok {
			break
		}
		ok = m.anyPresent(n)
	}
	if ok {
		m.aliveYes[ri] |= bit
	} else {
		m.aliveNo[ri] |= bit
	}
	return ok
}

// needsMet reports whether the classes r needs occur in the text.
func (m *intentMatcher) needsMet(r *intentRule) bool {
	for _, n := range r.needs {
		if !intentIntersects(n, m.present) {
			return false
		}
	}
	return true
}

// negRunsPast reports whether a negation phrase starts at trigger unit j
// and ends on a unit that is not part of the trigger; rest has bit 0 for
// unit j and bit k for unit j+k.
func (m *intentMatcher) negRunsPast(j int, rest uint64, neg classBits) bool {
	if m.units[j].flags&uAbsorbed != 0 {
		return false
	}
	for k := m.units[j].span; k >= 0; k = m.spans[k].next {
		sp := &m.spans[k]
		if !neg.has(sp.cid) {
			continue
		}
		last := int(sp.end) - 1 - j
		if last > 0 && (last >= 64 || rest&(1<<uint(last)) == 0) {
			return true
		}
	}
	return false
}

// vetoed reports whether a cue around the match [u, end) says it is not a
// request by the writer: negation or refusal, reported speech, quotation,
// an on-platform cue, skill or product talk, a third party.
func (m *intentMatcher) vetoed(r *intentRule, u, end, sentEnd int, gaps, trig uint64) bool {
	v := &m.set.langs[r.lang]
	on := ^r.ignore // the vetoes in force
	sentStart := int(m.sentStart[u])
	if on&vetoQuote != 0 {
		for t := trig; t != 0; t &= t - 1 {
			if m.units[u+bits.TrailingZeros64(t)].flags&uQuoted != 0 {
				return true
			}
		}
	}
	for g := gaps; g != 0; g &= g - 1 {
		j := u + bits.TrailingZeros64(g)
		f := m.units[j].flags
		if on&vetoNeg != 0 && f&uAbsorbed == 0 && m.unitHas(j, v.neg) {
			return true
		}
		if on&vetoOnplat != 0 && f&uOffplat == 0 && (m.unitHas(j, v.onplat) || m.unitHas(j, v.platform)) {
			return true
		}
		if on&vetoReported != 0 && m.unitHas(j, v.reported) {
			return true
		}
		if on&vetoThird != 0 && m.unitHas(j, v.third) {
			return true
		}
	}
	if on&vetoNeg != 0 {
		// A negation phrase may start inside a trigger phrase and run
		// past it: "I can't do calls outside Upwork" reads "i can" (a
		// proposal) and "can't" (a negation) over the same words.
		for t := trig; t != 0; t &= t - 1 {
			if m.negRunsPast(u+bits.TrailingZeros64(t), trig>>uint(bits.TrailingZeros64(t)), v.neg) {
				return true
			}
		}
		for j := u - 1; j >= u-intentNegWindow && j >= sentStart; j-- {
			if m.units[j+1].flags&uClause != 0 || m.unitHas(j, v.conj) {
				break
			}
			if m.units[j].flags&uAbsorbed == 0 && m.unitHas(j, v.neg) {
				return true
			}
		}
	}
	if on&vetoThird != 0 {
		// "customers can pay via PayPal"; "a Zoom call with another client"
		for j := u - 1; j >= u-intentThirdWindow && j >= sentStart; j-- {
			if m.units[j+1].flags&uClause != 0 {
				break
			}
			if m.unitHas(j, v.third) {
				return true
			}
		}
		for j := end; j < end+intentThirdWindow && j < sentEnd; j++ {
			if m.units[j].flags&uClause != 0 {
				break
			}
			if m.unitHas(j, v.third) {
				return true
			}
		}
	}
	if on&vetoReported != 0 {
		for j := u - 1; j >= u-intentReportedWindow && j >= sentStart; j-- {
			if m.unitHas(j, v.reported) {
				return true
			}
		}
	}
	if on&vetoRefusal != 0 {
		for j := end; j < end+intentRefusalWindow && j < sentEnd; j++ {
			if m.unitHas(j, v.refusal) {
				return true
			}
		}
	}
	if on&vetoOnplat != 0 {
		for j := end; j < end+intentOnplatAfter && j < sentEnd; j++ {
			if m.units[j].flags&uClause != 0 || m.unitHas(j, v.conj) {
				break
			}
			if m.units[j].flags&uOffplat == 0 && m.unitHas(j, v.onplat) {
				return true
			}
		}
		// "here, send it via PayPal"; "Upwork pays me via direct deposit"
		for j := u - 1; j >= u-intentOnplatBefore && j >= sentStart; j-- {
			if m.units[j+1].flags&uClause != 0 {
				break
			}
			if m.units[j].flags&uOffplat == 0 && (m.unitHas(j, v.onplat) || m.unitHas(j, v.platform)) {
				return true
			}
		}
	}
	if on&vetoSkill != 0 {
		for j := max(u-intentSkillWindow, sentStart); j < end+intentSkillWindow && j < sentEnd; j++ {
			if trig&(1<<max(0, j-u)) != 0 && j >= u {
				continue
			}
			if m.unitHas(j, v.skill) {
				return true
			}
		}
	}
	return false
}
