package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Keyword groups: the prefilter notes which groups' words occur in a text,
// so a detector whose words are absent can return at once.
const (
	kwAt         uint64 = 1 << iota // spelled-out "@": at, arroba, собака ...
	kwDot                           // spelled-out ".": dot, punto, точка ...
	kwSlash                         // spelled-out "/": slash, barra ...
	kwUnderscore                    // spelled-out "_": underscore ...
	kwProvider                      // mail providers: gmail, yahoo ...
	kwEmailCue                      // email, mail, correo, почта ...
	kwMessenger                     // messaging services: whatsapp, telegram, tg ...
	kwMeeting                       // meeting services: zoom, meet, teams ...
	kwPayment                       // payment services and wallets: paypal, venmo, btc ...
	kwBank                          // bank words: iban, account, routing, ifsc ...
	kwNumberWord                    // number words of any language
	kwPhoneCue                      // phone words: call, number, phone, cel ...
	kwURLCue                        // link words: http, www, site, portfolio ...
	kwHandleCue                     // id words: id, username, nick, handle ...
	kwIntent                        // intent anchors: whatsapp, interview, pay, fee, outside ...
	kwDash                          // spelled-out "-": dash, hyphen, minus
)

// keywordLists lists every detector's trigger words with their group.
// A multi-word entry registers its first word.
func keywordLists() []struct {
	group uint64
	words []string
} {
	return []struct {
		group uint64
		words []string
	}{
		{kwAt, atWords},
		{kwDot, dotWords},
		{kwSlash, slashWords},
		{kwUnderscore, underscoreWords},
		{kwProvider, providerWords},
		{kwEmailCue, emailCueWords},
		{kwMessenger, messengerWords},
		{kwMeeting, meetingWords},
		{kwPayment, paymentWords},
		{kwBank, bankWords},
		{kwNumberWord, numberWordList},
		{kwPhoneCue, phoneCueWords},
		{kwURLCue, urlCueWords},
		{kwHandleCue, handleCueWords},
		{kwDash, dashWords},
		{kwIntent, intentWords},
	}
}

// buildKeywords returns the groups of every keyword of keywordLists.
func buildKeywords() map[string]uint64 {
	m := map[string]uint64{}
	for _, l := range keywordLists() {
		for _, w := range l.words {
			w = strings.ToLower(w)
			if i := strings.IndexByte(w, ' '); i > 0 {
				w = w[:i]
				if l.group&kwPhraseGroups != 0 {
					// Checked with the words after it (symbolPhrases).
					m[w] |= kwPhrase
					continue
				}
			}
			m[w] |= l.group
		}
	}
	return m
}

// kwPhraseGroups are the groups of spelled-out symbols, whose multi-word
// entries count only when the whole phrase occurs: their first words are
// everyday words ("a" of "a còng", "forward" of "forward slash", "under"
// of "under score", "et" of "et işareti"), and a group set by them alone
// would build the spelled-out view for nothing.
const kwPhraseGroups = kwAt | kwDot | kwSlash | kwUnderscore

// kwPhrase marks a word in the keyword map that starts a multi-word entry
// of kwPhraseGroups; it is never set in signals.words.
const kwPhrase uint64 = 1 << 63

// symbolPhrase is a multi-word entry of a spelled-out symbol group: the
// words after the first, and the group.
type symbolPhrase struct {
	rest  []string
	group uint64
}

// symbolPhrases maps the first word of each multi-word entry of
// kwPhraseGroups to its entries.
var symbolPhrases = func() map[string][]symbolPhrase {
	m := map[string][]symbolPhrase{}
	for _, l := range keywordLists() {
		if l.group&kwPhraseGroups == 0 {
			continue
		}
		for _, w := range l.words {
			fs := strings.Fields(strings.ToLower(w))
			if len(fs) > 1 {
				m[fs[0]] = append(m[fs[0]], symbolPhrase{rest: fs[1:], group: l.group})
			}
		}
	}
	return m
}()

// phraseGroups returns the groups of the multi-word entries starting with
// the word t[i:j] whose other words follow it, across any whitespace.
func phraseGroups(t string, i, j int) uint64 {
	var g uint64
	for _, p := range symbolPhrases[t[i:j]] {
		if g&p.group != 0 {
			continue
		}
		k := j
		ok := true
		for _, w := range p.rest {
			e := k
			for e < len(t) && (t[e] == ' ' || t[e] == '\n' || t[e] == '\t') {
				e++
			}
			if e == k || !strings.HasPrefix(t[e:], w) {
				ok = false
				break
			}
			k = e + len(w)
		}
		if ok {
			g |= p.group
		}
	}
	return g
}

// signals is what the prefilter saw in the folded text.
type signals struct {
	digits   int    // ASCII digits
	words    uint64 // keyword groups present
	numWords int    // number words ("nine", "сто", "shunya")
	at       bool   // '@'
	dot      bool   // '.' followed by a letter or digit
	slash    bool   // '/'
	colon    bool   // ':'
	dollar   bool   // '$'
	hash     bool   // '#'
	hyphen   bool   // '-'
	// mixed is set by a word of ASCII letters and digits ("O8O3", "8px",
	// "nine1seven"); cluster is, for a text without one, the most digits
	// of digit words close together: phoneDigitCluster without the
	// letters that stand for digits, which only a mixed word can hold.
	mixed   bool
	cluster int
	// longWord is set by a word of minCryptoLen bytes or more: without
	// one, the text has no run of ASCII letters and digits long enough
	// for a crypto address.
	longWord bool
	// provider is set by a mail provider's name that can stand for its
	// domain by itself: not a weak one ("live", "orange"), unless its TLD
	// follows ("live.com").
	provider bool
	nonASCII bool // a byte of a non-ASCII character
	bracket  bool // "(.)", "[at]" and other bracketed symbols or words
	spaced   bool // a run of single characters separated by spaces
	spacedOp bool // " . ", " @ " or " / " between words
	// atEnds are where the first at words of the folded text end
	// (nAtWords counts them all), so that the email detector can tell
	// whether each one merely precedes an address it has already read.
	atEnds   [4]int32
	nAtWords int
	// atDomains counts the at words followed by something that can start
	// a domain (atLeadsToDomain): without one, a spelled-out address
	// needs an '@', a bracketed symbol or spaced letters.
	atDomains int
}

// scan holds the state of one Scan call.
type scan struct {
	d    *Detector
	orig string
	// base is where the message being scanned starts in orig; earlier bytes
	// are the previous messages of a conversation.
	base int
	// starts are the offsets in orig where each message begins.
	starts []int

	fold     *normalize.Text
	foldText normalize.Text // what fold points to: pooled with the scan
	// foldScratch holds fold.Lower when folding plain ASCII needed a
	// lower-cased copy, and the offset map of other text: pooled with
	// the scan, so nothing that outlives the scan may point into it
	// (see add).
	foldScratch normalize.Scratch
	collapsed   *normalize.Text
	spelled     *normalize.Text
	// spellAt are the offsets in the folded text where the spelled-out
	// view may differ from it (spellTriggers), noted by the prefilter.
	spellAt []int
	// collapseAt are the offsets in the folded text where the collapsed
	// view may differ from it: letter-spaced runs, " . " between words.
	collapseAt []int
	// kwAt are the keywords of the groups kwNear of a long text, where
	// they start in the folded text and their groups: the passes those
	// keywords wake read only the windows around them (nearView).
	kwAt []kwHit
	// long is set for a text whose views are built from windows
	// (windowMin): spellAt, collapseAt and kwAt are noted for it only.
	long    bool
	sig     signals
	viewBuf [3]*normalize.Text

	out []Finding

	// phone is the phone detector's scratch space, kept with the scan
	// behind a pointer: release need not zero it for the messages that
	// have no number.
	phone *phoneScratch
}

// reuse returns b emptied for the next scan, or nil when a huge scan grew
// it past max elements.
func reuse[T any](b []T, max int) []T {
	if cap(b) > max {
		return nil
	}
	return b[:0]
}

// reuseGroups is reuse for a phone group buffer, cleared of the groups
// the scan wrote when it is kept.
func reuseGroups(gs []phoneGroup) []phoneGroup {
	if gs = reuse(gs, 64); gs != nil {
		clearGroups(gs[:cap(gs)])
	}
	return gs
}

// clearGroups zeroes the groups a scan wrote into gs: a prefix, since
// groups are appended from the start and each has j > 0, and the rest was
// zeroed before.
func clearGroups(gs []phoneGroup) {
	for k := range gs {
		if gs[k].j == 0 {
			return
		}
		gs[k] = phoneGroup{}
	}
}

// phoneScratch is the state and chain buffer of the phone detector.
type phoneScratch struct {
	scan    phoneScan
	chain   []phoneGroup
	phrases []phoneGroup // phoneReadPhrases' output
}

// newScan returns a scan of orig, taken from the Detector's pool; release
// returns it once its findings are out.
func newScan(d *Detector, orig string, starts []int) *scan {
	s, _ := d.scans.Get().(*scan)
	if s == nil {
		s = &scan{}
	}
	s.d, s.orig, s.starts = d, orig, starts
	s.base = 0
	if len(starts) > 0 {
		s.base = starts[len(starts)-1]
	}
	normalize.FoldWith(&s.foldText, orig, &s.foldScratch)
	s.fold = &s.foldText
	s.prefilter()
	return s
}

// release clears s, so that the pool keeps no user text alive, and puts it
// back in the Detector's pool.
func (s *scan) release() {
	clear(s.out)
	out := reuse(s.out, 64)         // a rare huge scan does not pin its findings' memory
	s.foldScratch.Release(64 << 10) // nor its folded view's memory
	ph := s.phone
	if ph != nil && ph.scan.s != nil { // used by this scan
		ph.scan = phoneScan{}
		// The groups' strings point into the text: clear them, or drop
		// a buffer a huge scan grew.
		ph.chain, ph.phrases = reuseGroups(ph.chain), reuseGroups(ph.phrases)
	}
	at, cat, kat := reuse(s.spellAt, 256), reuse(s.collapseAt, 256), reuse(s.kwAt, 256)
	d := s.d
	// Field by field rather than "*s = scan{...}", which builds the whole
	// struct aside and copies it in: a fifth of a short message's cost.
	// Every field that points into the text is cleared; newScan sets the
	// rest.
	s.d, s.orig, s.starts, s.base = nil, "", nil, 0
	s.fold, s.collapsed, s.spelled = nil, nil, nil
	s.foldText = normalize.Text{}
	s.viewBuf = [3]*normalize.Text{}
	s.sig, s.long = signals{}, false
	s.out, s.spellAt, s.collapseAt, s.kwAt = out, at, cat, kat
	d.scans.Put(s)
}

// views returns the views a detector should look at: the folded text
// always, and the collapsed and spelled-out views when the prefilter saw a
// disguise they undo.
func (s *scan) views() []*normalize.Text {
	vs := append(s.viewBuf[:0], s.fold)
	if c := s.collapsedView(); c != nil {
		vs = append(vs, c)
	}
	if sp := s.spelledView(); sp != nil {
		vs = append(vs, sp)
	}
	return vs
}

func (s *scan) collapsedView() *normalize.Text {
	if s.collapsed == nil && (s.sig.spaced || s.sig.spacedOp) {
		// A long text's collapsed view is made of windows around what
		// it undoes and what the spelled-out view, built on it, undoes.
		var at []int
		if s.long {
			at = unionSorted(s.collapseAt, s.spellAt)
		}
		s.collapsed = collapseAt(s.fold, at)
	}
	return s.collapsed
}

func (s *scan) spelledView() *normalize.Text {
	if s.spelled == nil && (s.sig.bracket || s.sig.words&(kwAt|kwDot|kwSlash|kwUnderscore) != 0) {
		base := s.collapsedView()
		if base == nil {
			base = s.fold
		}
		if base == s.fold {
			s.spelled = spellOutAt(base, s.spellAt)
		} else {
			s.spelled = spellOut(base)
		}
	}
	return s.spelled
}

// isKeyword reports whether the lower-case word w is a keyword of a group
// in g.
func (s *scan) isKeyword(w string, g uint64) bool {
	return s.d.keywords.groups(w)&g != 0
}

// has reports whether any word of the keyword groups g occurs.
func (s *scan) has(g uint64) bool { return s.sig.words&g != 0 }

// prefilter makes one pass over the folded text and fills s.sig.
func (s *scan) prefilter() {
	t := s.fold.Lower
	sig := &s.sig
	s.long = len(t) > windowMin
	single := 0   // consecutive single-character tokens
	singleAt := 0 // where they start
	digits := 0   // kept in a register, stored in sig at the end
	// The digit cluster: digits of digit words with at most eight bytes
	// and no word with an ASCII letter between them.
	run, runEnd := 0, -1
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf && wordBytes[c] == 0 {
			switch c {
			case '@':
				sig.at = true
			case '.':
				if i+1 < len(t) && isWordByte(t[i+1]) {
					sig.dot = true
				}
			case '/':
				sig.slash = true
			case ':':
				sig.colon = true
			case '$':
				sig.dollar = true
			case '#':
				sig.hash = true
			case '-':
				sig.hyphen = true
			case '(', '[', '{', '<':
				if bracketAt(t, i) {
					sig.bracket = true
					s.noteWindow(&s.spellAt, i)
				}
			case ' ', '\n':
				i++
				continue
			}
			// A lone symbol between spaces: part of a spaced run
			// ("t e l e g r a m : @"), or " . " between words.
			if i > 0 && t[i-1] == ' ' && i+1 < len(t) && t[i+1] == ' ' {
				s.noteSingle(&single, &singleAt, i)
				if c == '.' || c == '@' || c == '/' {
					sig.spacedOp = true
					s.noteWindow(&s.collapseAt, i)
				}
			} else {
				single = 0
			}
			i++
			continue
		}
		// A word: a run of letters and digits of any script. Its
		// digits are counted once it ends, if it has any.
		j := i
		before := digits
		ascii := true
		var kinds uint8 // 1: an ASCII letter, 2: a digit, 3: both
		for {
			// ASCII letters and digits in a tight loop: a call in it
			// would make the compiler keep its variables in memory.
			for j < len(t) {
				k := wordBytes[t[j]]
				if k == 0 {
					break
				}
				kinds |= k
				j++
			}
			if j == len(t) || t[j] < utf8.RuneSelf {
				break
			}
			n := wordRuneLen(t[j:])
			if n == 0 {
				break
			}
			ascii = false
			j += n
		}
		switch {
		case kinds == 2 && ascii:
			digits += j - i // all digits
		case kinds&2 != 0:
			digits += countDigits(t[i:j])
		}
		if !ascii || j == i {
			sig.nonASCII = true
		}
		if j == i { // a non-ASCII rune that is not a letter: emoji, symbol
			_, n := utf8.DecodeRuneInString(t[i:])
			i += n
			single = 0
			continue
		}
		if w, h := t[i:j], kwHash(t[i:j]); s.d.keywords.filter.holds(h) {
			g := s.d.keywords.table.get(w, h)
			if g&kwPhrase != 0 {
				g = g&^kwPhrase | phraseGroups(t, i, j)
			}
			sig.words |= g
			if g&kwAt != 0 {
				if sig.nAtWords < len(sig.atEnds) {
					sig.atEnds[sig.nAtWords] = int32(j)
				}
				sig.nAtWords++
				if atLeadsToDomain(s.d.keywords, t, j) {
					sig.atDomains++
					s.noteWindow(&s.spellAt, i)
				}
			}
			provider := g&kwProvider != 0 && namesMailDomain(w, t, j)
			if g&(kwDot|kwSlash|kwUnderscore|kwDash) != 0 || provider || w == "mail" {
				s.noteWindow(&s.spellAt, i)
			}
			if g&kwNumberWord != 0 {
				sig.numWords++
			}
			if provider {
				sig.provider = true
			}
			if s.long && g&kwNear != 0 {
				s.kwAt = append(s.kwAt, kwHit{int32(i), g})
			}
		}
		if kinds == 1 && ascii && uint(j-i-2) < minCryptoLen-2 {
			// The common word, of two to thirteen ASCII letters: all
			// the general case below would do.
			run, single = 0, 0
			i = j
			continue
		}
		if j-i >= minCryptoLen {
			sig.longWord = true
		}
		switch {
		case kinds == 3:
			sig.mixed = true
		case kinds&1 != 0:
			run = 0 // a word with letters ends a cluster
		case digits > before:
			if runEnd < 0 || i-runEnd > 8 {
				run = 0
			}
			run += digits - before
			runEnd = j
			sig.cluster = max(sig.cluster, run)
		}
		if kinds == 3 && j-i <= maxLeetWord && s.long {
			if _, ok := unLeet(t[i:j]); ok {
				s.noteWindow(&s.spellAt, i)
			}
		}
		if (j-i == 1 || !ascii && utf8.RuneCountInString(t[i:j]) == 1) && (i == 0 || t[i-1] == ' ') && (j == len(t) || t[j] == ' ') {
			s.noteSingle(&single, &singleAt, i)
		} else {
			single = 0
		}
		i = j
	}
	sig.digits = digits
}

// kwNear are the keyword groups whose passes read, in a long text, only
// the windows around the group's words (nearView): bank accounts, payment
// and messaging services and the id words after them.
const kwNear = kwBank | kwPayment | kwMessenger | kwHandleCue

// kwHit is a keyword of a long text: where it starts in the folded text,
// and its groups.
type kwHit struct {
	at int32
	g  uint64
}

// nearView returns the view a pass woken by the keyword groups g reads in
// the folded text: the folded view itself, or for a long text a view of
// the windows around the groups' words (as the spelled-out view of a long
// text is built), so that one service name in a long post does not make
// the pass read all of it. Findings on it map to the input as on any view.
func (s *scan) nearView(g uint64) *normalize.Text {
	if !s.long {
		return s.fold
	}
	var at []int
	for _, h := range s.kwAt {
		if h.g&g != 0 {
			at = append(at, int(h.at))
		}
	}
	return windowed(s.fold, at, keepRange)
}

// keepRange copies t.S[from:to] to b unchanged.
func keepRange(b *normalize.Builder, t *normalize.Text, from, to int) {
	b.Keep(from, to)
}

// noteWindow notes offset i in list, for a long text.
func (s *scan) noteWindow(list *[]int, i int) {
	if s.long {
		*list = append(*list, i)
	}
}

// noteSingle counts a single-character token at i into a run of them:
// from three on, the run is a letter-spaced word ("w h a t s a p p"),
// which the collapsed view joins, and its start is noted for it.
func (s *scan) noteSingle(single, at *int, i int) {
	*single++
	switch *single {
	case 1:
		*at = i
	case 3:
		s.sig.spaced = true
		s.noteWindow(&s.collapseAt, *at)
	}
}

// bracketAt reports whether a bracketed symbol such as "(.)", "[at]" or
// "{dot}" starts at t[i].
func bracketAt(t string, i int) bool {
	end := min(len(t), i+12)
	for j := i + 1; j < end; j++ {
		switch t[j] {
		case ')', ']', '}', '>':
			in := strings.TrimSpace(t[i+1 : j])
			_, ok := bracketed[in]
			if !ok {
				_, ok = symbolWord[in]
			}
			return ok
		}
	}
	return false
}

// keywordSet is a Detector's keywords and their groups.
type keywordSet struct {
	words map[string]uint64
	// filter rules out most other words from their hash alone, and
	// table finds the groups of the rest.
	filter keywordFilter
	table  kwTable[string, uint64]
}

// newKeywordSet returns the keywords of words, which it keeps.
func newKeywordSet(words map[string]uint64) *keywordSet {
	k := &keywordSet{words: words, table: newWordTable(words)}
	for w := range words {
		if w != "" {
			k.filter.add(w)
		}
	}
	return k
}

// groups returns the groups of the lower-case word w, 0 for a word that
// is no keyword.
func (k *keywordSet) groups(w string) uint64 {
	if w == "" {
		return 0
	}
	h := kwHash(w)
	if !k.filter.holds(h) {
		return 0
	}
	return k.table.get(w, h)
}

// keywordFilter is a Bloom filter over two hashes of a word's length and
// first, second, second-to-last and last bytes: a word with either bit
// clear is no keyword, so most words of a text cost no map lookup.
type keywordFilter [1 << 10]uint64

// kwHash mixes w's length and first, second, second-to-last and last
// bytes with one multiplication; w is not empty. The filter's two bit
// positions are the top two 16-bit halves of the product.
func kwHash(w string) uint64 {
	n := len(w)
	if n < 2 {
		c := uint64(w[0])
		return (uint64(n) | c<<8 | c<<16 | c<<24 | c<<32) * 0x9e3779b97f4a7c15
	}
	return (uint64(n&0xff) | uint64(w[0])<<8 | uint64(w[1])<<16 | uint64(w[n-2])<<24 | uint64(w[n-1])<<32) * 0x9e3779b97f4a7c15
}

func (f *keywordFilter) add(w string) {
	h := kwHash(w)
	f[h>>54] |= 1 << (h >> 48 & 63)
	f[h>>38&1023] |= 1 << (h >> 32 & 63)
}

// mayHave reports whether w, which is not empty, may be a keyword.
func (f *keywordFilter) mayHave(w string) bool { return f.holds(kwHash(w)) }

// holds reports whether both bits of the hash h are set: mayHave for a
// hash computed already, small enough to be inlined.
func (f *keywordFilter) holds(h uint64) bool {
	return f[h>>54]&(1<<(h>>48&63)) != 0 && f[h>>38&1023]&(1<<(h>>32&63)) != 0
}

// wordBytes is 1 for an ASCII letter, 2 for an ASCII digit and 0 for
// every other byte: the prefilter's word loop looks bytes up rather than
// comparing them with three ranges.
var wordBytes = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 1, 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 2
	}
	return
}()

// wordRuneLen returns the length of the non-ASCII rune that starts t if
// it is a letter, digit or combining mark of any script, else 0.
func wordRuneLen(t string) int {
	r, n := utf8.DecodeRuneInString(t)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
		return 0
	}
	return n
}

// countDigits returns the number of ASCII digits in w.
func countDigits(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		n += int(wordBytes[w[i]] >> 1) // 1 for a digit
	}
	return n
}

// isWordByte reports whether the ASCII byte c is a letter or digit.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// add records a finding on view t at S[i:j]. f carries Kind, Value,
// Confidence, Rule and, when the detector itself undid a disguise,
// Disguised.
func (s *scan) add(t *normalize.Text, i, j int, f Finding) {
	if !s.d.wants(f.Kind) || i >= j {
		return
	}
	a, b := t.Span(i, j)
	if b <= s.base {
		return // wholly in an earlier message: reported there
	}
	f.Disguised = f.Disguised || t.Changed(i, j)
	if a < s.base {
		a = s.base
	}
	f.Start, f.End = a, b
	f.Text = s.orig[a:b]
	if s.foldScratch.Holds(f.Value) {
		// A value cut from the folded view's lower-cased copy, whose
		// memory the next scan reuses.
		f.Value = strings.Clone(f.Value)
	}
	if f.Confidence > 1 {
		f.Confidence = 1
	}
	s.out = append(s.out, f)
}

// detectors lists every detector in the order they run.
var detectors = []func(*scan){
	detectEmail,
	detectPhone,
	detectLinks,
	detectHandles,
	detectPayments,
	detectIntents,
}

// run runs every detector and returns the merged findings, with offsets
// relative to the message being scanned.
func (s *scan) run() []Finding {
	for _, det := range detectors {
		det(s)
	}
	out := merge(s.out)
	if len(s.d.kinds) < len(AllKinds) {
		kept := out[:0]
		for _, f := range out {
			if s.d.kinds[f.Kind] {
				kept = append(kept, f)
			}
		}
		out = kept
	}
	if s.base > 0 {
		for i := range out {
			out[i].Start -= s.base
			out[i].End -= s.base
		}
	}
	return out
}

// merge merges overlapping findings of one kind, keeping the longest (then
// the most confident, then the plain one), and drops a url or phone
// finding that lies inside another identifier: a link's host is not a url
// of its own, a meeting id is not a phone number. fs is scratch space,
// sorted and overwritten; the result is a new slice.
func merge(fs []Finding) []Finding {
	if len(fs) == 0 {
		return nil
	}
	sortFindings(fs)
	better := func(a, b Finding) bool { // is a better than b
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return la > lb
		}
		if a.Confidence != b.Confidence {
			return a.Confidence > b.Confidence
		}
		return !a.Disguised && b.Disguised
	}
	keep := make([]bool, len(fs))
	for i := range fs {
		keep[i] = true
	}
	for i := range fs {
		if !keep[i] {
			continue
		}
		for j := i + 1; j < len(fs) && fs[j].Start < fs[i].End; j++ {
			if !keep[j] || fs[j].Kind != fs[i].Kind {
				continue
			}
			if better(fs[j], fs[i]) {
				keep[i] = false
				break
			}
			keep[j] = false
		}
	}
	// The kept findings, compacted in place: fs is the scan's scratch.
	out := fs[:0]
	for i, f := range fs {
		if keep[i] {
			out = append(out, f)
		}
	}
	// Drop url and phone findings inside another kind of identifier, in
	// one sweep: findings are sorted by start, so a container of f is a
	// finding that starts no later than f and ends no earlier.
	final := make([]Finding, 0, len(out)) // the caller's: one allocation
	urlCover, phoneCover := -1, -1        // furthest end of a possible container so far
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].Start == out[i].Start {
			switch g := out[j]; g.Kind {
			case URL, Phone, ContactRequest, MeetingRequest, PaymentRequest:
			default:
				urlCover = max(urlCover, g.End)
			}
			switch g := out[j]; g.Kind {
			case URL, MeetingLink, Email:
				phoneCover = max(phoneCover, g.End)
			}
			j++
		}
		for _, f := range out[i:j] {
			if f.Kind == URL && urlCover >= f.End || f.Kind == Phone && phoneCover >= f.End {
				continue
			}
			final = append(final, f)
		}
		i = j
	}
	return final
}
