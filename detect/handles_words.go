package detect

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// This file holds the word-level helpers shared by the handle and payment
// detectors: finding the words of a view, matching service names of one or
// more words ("sky pe", "m-pesa", "cash app"), and mapping between views and
// messages of a conversation.

// svcPhrase is a service name of one or more lower-case words and the service
// it names.
type svcPhrase struct {
	words []string
	name  string // canonical service name, used in Value ("telegram")
	// weak marks a name that is also an ordinary word ("line", "signal",
	// "snap", "wise"): it needs a firmer link to an identifier.
	weak bool
}

// svcTable finds phrases by their first word.
type svcTable struct {
	first map[string][]svcPhrase
	// maybe[c] is a bit set of the lengths (up to 31 bytes) of the first
	// words that start with the byte c: most words of a text are turned
	// away here without a map lookup.
	maybe [256]uint32
	// maybeLast is the same set keyed by the word's last byte.
	maybeLast [256]uint32
}

// svc builds a svcPhrase from a space-separated name.
func svc(text, name string, weak bool) svcPhrase {
	return svcPhrase{words: strings.Fields(text), name: name, weak: weak}
}

// newSvcTable indexes phrases by their first word.
func newSvcTable(ps []svcPhrase) *svcTable {
	t := &svcTable{first: map[string][]svcPhrase{}}
	for _, ph := range ps {
		w := ph.words[0]
		t.first[w] = append(t.first[w], ph)
		t.maybe[w[0]] |= lengthBit(len(w))
		t.maybeLast[w[len(w)-1]] |= lengthBit(len(w))
	}
	// Longest first, so that "paper plane app" wins over "paper plane".
	for _, l := range t.first {
		sort.SliceStable(l, func(a, b int) bool { return len(l[a].words) > len(l[b].words) })
	}
	return t
}

// lengthBit is the bit of a word length in svcTable.maybe; lengths of 31
// bytes and more share the last bit.
func lengthBit(n int) uint32 { return 1 << uint(min(n, 31)) }

// lookup returns the phrases whose first word is w.
func (t *svcTable) lookup(w string) ([]svcPhrase, bool) {
	if w == "" || t.maybe[w[0]]&lengthBit(len(w)) == 0 || t.maybeLast[w[len(w)-1]]&lengthBit(len(w)) == 0 {
		return nil, false
	}
	l, ok := t.first[w]
	return l, ok
}

// svcTriggerWords lists, for the prefilter, one word of each phrase: the
// longest that is not a common word, so that "m pesa" is registered as
// "pesa" and "cash app" as "cash", not "m" or "app".
func svcTriggerWords(ps []svcPhrase) []string {
	var out []string
	for _, ph := range ps {
		best := ""
		for _, w := range ph.words {
			if len(ph.words) > 1 && commonPhraseWords[w] {
				continue
			}
			if utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
				best = w
			}
		}
		if best == "" {
			best = ph.words[0]
		}
		out = append(out, best)
	}
	return out
}

// commonPhraseWords are words of multi-word service names that occur in
// most texts, and would wake the detectors for nothing.
var commonPhraseWords = map[string]bool{
	"app": true, "pay": true, "money": true, "talk": true, "in": true, "what": true, "s": true,
	"m": true, "e": true, "b": true, "g": true, "pe": true, "chat": true, "we": true, "phone": true,
	"no": true, "number": true, "id": true, "de": true, "user": true, "name": true, "20": true,
}

// match returns the longest phrase whose first word is low[i:j] and whose
// other words follow, each after at most two separator characters (space,
// hyphen, apostrophe, dot, slash: "m-pesa", "a/c"), and where the phrase
// ends. A word written with
// digits for letters ("disc0rd", "te1egram") is looked up again with the
// digits read as letters.
func (t *svcTable) match(low string, i, j int) (svcPhrase, int, bool) {
	w := low[i:j]
	cands, ok := t.lookup(w)
	if !ok {
		for _, alt := range hwUnLeet(w) {
			if cands, ok = t.lookup(alt); ok {
				break
			}
		}
		if !ok {
			return svcPhrase{}, 0, false
		}
	}
	for _, ph := range cands {
		end := j
		matched := true
		for _, next := range ph.words[1:] {
			k := hwSkipSep(low, end)
			if k == end || !strings.HasPrefix(low[k:], next) || !hwWordBoundary(low, k+len(next)) {
				matched = false
				break
			}
			end = k + len(next)
		}
		if matched {
			return ph, end, true
		}
	}
	return svcPhrase{}, 0, false
}

// hwSkipSep skips up to two separator runes between the words of a
// phrase.
func hwSkipSep(low string, k int) int {
	for n := 0; n < 2 && k < len(low); n++ {
		r, size := utf8.DecodeRuneInString(low[k:])
		switch r {
		case ' ', '-', '\'', '\u2019', '.', '_', '/':
			k += size
		default:
			return k
		}
	}
	return k
}

// hwWordBoundary reports whether no letter or digit continues the word
// ending at k.
func hwWordBoundary(low string, k int) bool {
	if k >= len(low) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(low[k:])
	return !hwLetterOrDigit(r) && !unicode.Is(unicode.Mn, r)
}

// hwLeet maps the digits people type for letters in brand names.
var hwLeet = map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g'}

// hwUnLeet reads digits as letters in a word that mixes both
// ("disc0rd" → "discord"). "1" stands for 'i' or 'l', so both readings are
// returned ("d1scord", "te1egram").
func hwUnLeet(w string) []string {
	if len(w) < 4 || len(w) > 16 || w[0] >= '0' && w[0] <= '9' && w[0] != '1' {
		return nil
	}
	letters, digits, ones := 0, 0, 0
	for k := 0; k < len(w); k++ {
		switch c := w[k]; {
		case c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
			digits++
			if c == '1' {
				ones++
			}
		default:
			return nil
		}
	}
	if digits == 0 || letters < 3 {
		return nil
	}
	asI := []byte(w)
	for k, c := range asI {
		if l, ok := hwLeet[c]; ok {
			asI[k] = l
		}
	}
	if ones == 0 {
		return []string{string(asI)}
	}
	asL := []byte(string(asI))
	for k := 0; k < len(w); k++ {
		if w[k] == '1' {
			asL[k] = 'l'
		}
	}
	return []string{string(asI), string(asL)}
}

// hwLetterOrDigit reports whether r is a letter or digit of any script.
func hwLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// hwNextWord returns the next word of low at or after k, as low[i:j]: a run
// of letters, digits and combining marks of any script. i is -1 when there
// is none.
func hwNextWord(low string, k int) (i, j int) {
	for k < len(low) {
		c := low[k]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				return k, hwWordEnd(low, k)
			}
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(low[k:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return k, hwWordEnd(low, k)
		}
		k += n
	}
	return -1, -1
}

// hwWordEnd returns the end of the word starting at i, with a fast path
// for ASCII.
func hwWordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if !isWordByte(c) {
				return j
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)) {
			return j
		}
		j += n
	}
	return j
}

// hwPrevRune returns the rune before s[i], or 0 at the start.
func hwPrevRune(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// hwRuneAt returns the rune at s[i], or 0 at the end.
func hwRuneAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// svcMention is a service name found in a view, with its place in the
// original input.
type svcMention struct {
	i, j       int // in the view
	oi, oj     int // in the original input
	name       string
	weak       bool
	msg        int // index of the message of the conversation it is in
	attached   bool
	upperFirst bool // written with a capital ("LINE", "Wise")
	product    bool // followed by a product noun ("Telegram bot"); set by the handle detector
}

// hwMaxMentions bounds the service names collected per view, so that hostile
// input repeating a brand name stays linear.
const hwMaxMentions = 64

// findSvcMentions returns the phrases of t found in view v.
func findSvcMentions(s *scan, v *normalize.Text, t *svcTable) []svcMention {
	var out []svcMention
	low := v.Lower
	n := len(low)
	for k := 0; k < n && len(out) < hwMaxMentions; {
		// Find the next word with a tight loop over ASCII; other scripts
		// go through hwNextWord.
		c := low[k]
		if c < utf8.RuneSelf && !wordByteTable[c] {
			k++
			continue
		}
		i, j := k, k
		if c < utf8.RuneSelf {
			for j < n && wordByteTable[low[j]] {
				j++
			}
			if j < n && low[j] >= utf8.RuneSelf {
				j = hwWordEnd(low, i)
			}
		} else {
			if i, j = hwNextWord(low, k); i < 0 {
				break
			}
		}
		k = j
		if j-i > 24 || (t.maybe[low[i]]&lengthBit(j-i) == 0 || t.maybeLast[low[j-1]]&lengthBit(j-i) == 0) && !hasLeetDigit(low[i:j]) {
			continue
		}
		ph, end, ok := t.match(low, i, j)
		if !ok {
			continue
		}
		oi, oj := v.Span(i, end)
		attached := hwAttached(low, i, end)
		if attached && slashPair(low, i, end, t) {
			attached = false // "DANA/OVO", "Telegram/WhatsApp"
		}
		if ph.weak && articleBefore(low, i) {
			continue // "drop me a line", "send a signal", "the wave"
		}
		out = append(out, svcMention{
			i: i, j: end, oi: oi, oj: oj, name: ph.name, weak: ph.weak,
			msg: s.hwMsg(oi), attached: attached,
			upperFirst: v.S[i] >= 'A' && v.S[i] <= 'Z',
		})
		k = end
	}
	return out
}

// hasLeetDigit reports whether a word of letters holds a digit that may
// stand for a letter ("disc0rd"), so that its first letter and length say
// nothing yet.
func hasLeetDigit(w string) bool {
	if len(w) < 4 || len(w) > 16 {
		return false
	}
	d := false
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			d = true
			break
		}
	}
	return d && (w[0] < '0' || w[0] > '9' || w[0] == '1')
}

// slashPair reports whether the word low[i:j] is joined by a slash to
// another name of the same table ("DANA/OVO"), a list rather than a path.
func slashPair(low string, i, j int, t *svcTable) bool {
	if i > 1 && low[i-1] == '/' {
		if a := wordStartBefore(low, i-1); a < i-1 {
			if _, _, ok := t.match(low, a, i-1); ok {
				return true
			}
		}
	}
	if j+1 < len(low) && low[j] == '/' {
		if a, b := hwNextWord(low, j+1); a == j+1 {
			if _, _, ok := t.match(low, a, b); ok {
				return true
			}
		}
	}
	return false
}

// wordStartBefore returns where the word ending at k starts.
func wordStartBefore(low string, k int) int {
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(low[:k])
		if !hwLetterOrDigit(r) {
			break
		}
		k -= n
	}
	return k
}

// articleBefore reports an article or a quantifier before a word, which
// makes a name that is also an ordinary word ("line", "signal", "wave")
// that word: "drop me a line", "a strong signal".
func articleBefore(low string, i int) bool {
	k := i
	for k > 0 && low[k-1] == ' ' {
		k--
	}
	if k == i {
		return false
	}
	a := wordStartBefore(low, k)
	switch low[a:k] {
	case "a", "an", "the", "this", "that", "one", "every", "each", "any", "some", "no", "new", "next", "first", "last", "strong", "weak":
		return true
	}
	return false
}

// hwAttached reports whether the word low[i:j] is part of a longer token
// (a package name, a path, a column, a file): "python-telegram-bot",
// "feature/whatsapp-webhook", "whatsapp_opt_in", "Discord.js", "@whatsapp".
func hwAttached(low string, i, j int) bool {
	switch hwPrevRune(low, i) {
	case '-', '_', '.', '/', '\\', '@', '#', '$', '=', '<':
		return true
	}
	if j >= len(low) {
		return false
	}
	switch low[j] {
	case '_', '@', '/', '\\', '=', '(':
		return true
	case '-', '.':
		if j+1 < len(low) && isWordByte(low[j+1]) {
			// "Telegram-ID" and "Skype-Name" still introduce an id.
			rest := low[j+1:]
			for _, cue := range []string{"id", "nick", "name", "handle", "username"} {
				if strings.HasPrefix(rest, cue) && hwWordBoundary(rest, len(cue)) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// hwMsg returns the index of the message of the conversation that holds
// the original offset o.
func (s *scan) hwMsg(o int) int {
	n := 0
	for k, st := range s.starts {
		if o >= st {
			n = k
		}
	}
	return n
}

// hwCurrent reports whether the message index m is the message being
// scanned.
func (s *scan) hwCurrent(m int) bool {
	return len(s.starts) == 0 || m == len(s.starts)-1
}

// hwViewPos returns the first offset of view v whose source lies at or after
// the original offset o.
func hwViewPos(v *normalize.Text, o int) int {
	if v.Identity() {
		return min(o, len(v.S))
	}
	return sort.Search(len(v.S), func(i int) bool {
		a, _ := v.Span(i, i+1)
		return a >= o
	})
}

// hwMessageBoundary reports whether a new message of the conversation starts
// right after the view offset k (a '\n' joining two messages).
func (s *scan) hwMessageBoundary(v *normalize.Text, k int) bool {
	if len(s.starts) < 2 {
		return false
	}
	_, b := v.Span(k, k+1)
	for _, st := range s.starts[1:] {
		if st == b {
			return true
		}
	}
	return false
}

// hwAppend records f, already in original offsets (a span another
// detector found), clipped to the current message like scan.add.
func (s *scan) hwAppend(f Finding) {
	if !s.d.wants(f.Kind) || f.End <= s.base || f.Start >= f.End {
		return
	}
	if f.Start < s.base {
		f.Start = s.base
	}
	f.Text = s.orig[f.Start:f.End]
	s.out = append(s.out, f)
}
