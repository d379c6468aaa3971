package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Spelled-out symbols. Each list is lower-case; multi-word entries are
// matched as a whole. Sources: the disguises in the labelled corpus and the
// names of "@" and "." in each language of the marketplace.
var (
	atWords = []string{
		"at", "at the rate", "at the rate of", "attherate", "at sign", "at symbol",
		"arroba",         // es, pt
		"arobase",        // fr
		"chiocciola",     // it
		"klammeraffe",    // de
		"małpa", "malpa", // pl
		"собака", "sobaka", // ru
		"равлик", "собачка", // uk, ru
		"a còng", "a cong", // vi
		"et işareti", "et isareti", // tr
		"آت", "ات", // ar, "at" transliterated
		"at-zeichen", "ät", // de; "ät" is how Germans spell the English "at"
		"atmark", "アットマーク", // ja
		"골뱅이",     // ko
		"kukac",   // hu
		"zavináč", // cs
	}
	dotWords = []string{
		"dot", "d0t", "punto", "ponto", "point", "punkt", "kropka", "точка", "tochka",
		"крапка", "nokta", "titik", "chấm", "cham", "دوت", "نقطة", "puntino",
		"tečka", "ドット", "닷",
	}
	slashWords      = []string{"slash", "barra", "forward slash", "слеш", "слэш", "ukośnik", "schrägstrich"}
	underscoreWords = []string{"underscore", "under score", "guion bajo", "sublinhado", "trait de soulignement"}
	dashWords       = []string{"dash", "hyphen", "minus"}
)

// symbolWord maps a spelled-out symbol (one or more lower-case words) to
// the symbol.
var symbolWord = func() map[string]byte {
	m := map[string]byte{}
	for _, l := range []struct {
		words []string
		sym   byte
	}{{atWords, '@'}, {dotWords, '.'}, {slashWords, '/'}, {underscoreWords, '_'}, {dashWords, '-'}} {
		for _, w := range l.words {
			m[w] = l.sym
		}
	}
	return m
}()

// bracketed maps the inside of "(at)", "[.]", "{dot}", "<at>" ... to its
// symbol. "(a)" is the at sign drawn with letters.
var bracketed = map[string]byte{
	"at": '@', "@": '@', "a": '@', "dot": '.', ".": '.', "d0t": '.', "punto": '.', "ponto": '.',
	"slash": '/', "/": '/', "underscore": '_', "_": '_', "point": '.',
}

// collapse returns a view of t with letter-spaced runs joined
// ("j a v i e r . r u i z" → "javier.ruiz") and the spaces removed around
// '.', '@' and '/' when both sides have them ("gmail . com" → "gmail.com").
func collapse(t *normalize.Text) *normalize.Text {
	return collapseAt(t, nil)
}

// collapseAt is collapse; a text longer than windowMin gets a view of the
// windows around the offsets at (ascending), as spellOut does.
func collapseAt(t *normalize.Text, at []int) *normalize.Text {
	if len(t.S) > windowMin && at != nil {
		return windowed(t, at, collapseRange)
	}
	b := normalize.NewBuilder(t)
	collapseRange(b, t, 0, len(t.S))
	return b.Text()
}

// unionSorted merges two ascending lists into a new one.
func unionSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// collapseRange writes the collapsed view of t.S[from:to] to b.
func collapseRange(b *normalize.Builder, t *normalize.Text, from, to int) {
	s := t.S[:to]
	// Bytes kept as they are, s[kept:i], are written in one piece when
	// something else is to be written, not byte by byte.
	kept := from
	flush := func(i int) {
		if kept < i {
			b.Keep(kept, i)
		}
	}
	i := from
	for i < len(s) {
		// A run of single characters separated by one or two spaces.
		if j, ok := spacedRun(s, i); ok {
			flush(i)
			k := i
			for k < j {
				if s[k] == ' ' {
					k++
					continue
				}
				_, n := utf8.DecodeRuneInString(s[k:])
				b.Keep(k, k+n)
				k += n
			}
			i = j
			// After a run ending in a joining symbol, skip the space.
			if last := s[j-1]; (last == '/' || last == ':' || last == '@' || last == '.') && j < len(s) && s[j] == ' ' {
				b.Skip(j, j+1)
				i = j + 1
			}
			kept = i
			continue
		}
		if s[i] == ' ' && i+2 < len(s) && s[i+2] == ' ' && (s[i+1] == '.' || s[i+1] == '@' || s[i+1] == '/') &&
			i > 0 && s[i-1] != ' ' && i+3 < len(s) && s[i+3] != ' ' {
			flush(i)
			b.Emit(s[i+1:i+2], i, i+2) // the symbol covers the spaces around it
			b.Skip(i+2, i+3)
			i += 3
			kept = i
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	flush(len(s))
}

// spacedRun reports whether a run of at least four single characters
// separated by single spaces starts at i (at a token start), and where it
// ends.
func spacedRun(s string, i int) (int, bool) {
	if i > 0 && s[i-1] != ' ' && s[i-1] != '\n' {
		return 0, false
	}
	count, j, end := 0, i, i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r == ' ' || r == '\n' {
			break
		}
		if j+n < len(s) && s[j+n] != ' ' && s[j+n] != '\n' {
			break // a longer token
		}
		count++
		end = j + n
		if j+n < len(s) && s[j+n] == ' ' {
			j += n + 1
			continue
		}
		break
	}
	if count >= 4 {
		return end, true
	}
	return 0, false
}

// spellOut returns a view of t with spelled-out and bracketed symbols
// turned into the symbols, and the spaces around them removed:
// "ana dot lima at gmail dot com" → "ana.lima@gmail.com",
// "anastudio[.]io" → "anastudio.io". Leetspeak in the words it knows
// ("d0t", "gm41l", "c0m") is undone too.
//
// A text longer than windowMin gets a view of the windows around what
// spelling out changes (spellTriggers), joined by line breaks, so that
// one spelled address in a long job post does not make every detector
// read the whole post again.
func spellOut(t *normalize.Text) *normalize.Text {
	if len(t.S) <= windowMin {
		return spellOutAt(t, nil)
	}
	return spellOutAt(t, spellTriggers(t))
}

// spellOutAt is spellOut with the triggers of t found already (by the
// prefilter, for the folded view).
func spellOutAt(t *normalize.Text, at []int) *normalize.Text {
	if len(t.S) <= windowMin {
		b := normalize.NewBuilder(t)
		spellOutRange(b, t, 0, len(t.S))
		return b.Text()
	}
	return windowed(t, at, spellOutRange)
}

// spellTriggers returns where spellOut may change t, or where a detector
// reads its view for more than the folded view holds: every word that may
// start a spelled-out symbol (an at word only where a domain can follow
// it), every bracket, every word mixing letters and digits (leetspeak),
// every mail provider's name (a weak one, "live", only before its TLD).
func spellTriggers(t *normalize.Text) []int {
	low := t.Lower
	var at []int
	for i := 0; i < len(low); {
		c := low[i]
		if c == '(' || c == '[' || c == '{' || c == '<' {
			at = append(at, i)
			i++
			continue
		}
		if !isWordStart(low, i) {
			i++
			continue
		}
		e := wordEnd(low, i)
		w := low[i:e]
		if symbolFilter.mayHave(w) && symbolFirst[w] {
			// An at word counts only where a domain can follow it:
			// "meet at 5pm" reads "meet@5pm" spelled out, which no
			// detector takes for anything.
			if builtinKeywords.groups(w)&kwAt == 0 || atLeadsToDomain(builtinKeywords, low, e) {
				at = append(at, i)
			}
		} else if w == "mail" || builtinKeywords.groups(w)&kwProvider != 0 && namesMailDomain(w, low, e) {
			at = append(at, i) // the email detector's provider pass reads around it
		} else if _, ok := unLeet(w); ok && e-i <= maxLeetWord {
			at = append(at, i)
		}
		i = e
	}
	return at
}

// builtinKeywords are the keywords of every Detector before an operator's
// words join them.
var builtinKeywords = newKeywordSet(buildKeywords())

// windowMin is the length of text from which the views that undo a
// disguise keep only the windows around it; windowMargin is how far each
// window reaches on either side of what it is around (then to the next
// white space).
var windowMin = 2048 // a variable for the tests

const windowMargin = 256

// windowed builds a view of t from the windows around the offsets at
// (ascending), each built by build, with a line break between two
// windows.
func windowed(t *normalize.Text, at []int, build func(b *normalize.Builder, t *normalize.Text, from, to int)) *normalize.Text {
	s := t.S
	var ws [][2]int
	for _, p := range at {
		// Out to white space, but never more than twice the margin: a
		// text without spaces costs no more than one with.
		a, z := max(0, p-windowMargin), min(len(s), p+windowMargin)
		for lo := max(0, p-2*windowMargin); a > lo && !isSpaceByte(s[a-1]); {
			a--
		}
		for hi := min(len(s), p+2*windowMargin); z < hi && !isSpaceByte(s[z]); {
			z++
		}
		for a < len(s) && !utf8.RuneStart(s[a]) {
			a++ // never inside a rune
		}
		for z < len(s) && !utf8.RuneStart(s[z]) {
			z++
		}
		if n := len(ws); n > 0 && a <= ws[n-1][1] {
			ws[n-1][1] = max(ws[n-1][1], z)
			continue
		}
		ws = append(ws, [2]int{a, z})
	}
	size := 0
	for _, w := range ws {
		size += w[1] - w[0] + 1
	}
	b := normalize.NewBuilderSize(t, size)
	for k, w := range ws {
		if k > 0 {
			b.Emit("\n", w[0], w[0])
		}
		build(b, t, w[0], w[1])
	}
	return b.Text()
}

// isSpaceByte reports ASCII white space.
func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// spellOutRange writes the spelled-out view of t.S[from:to] to b.
func spellOutRange(b *normalize.Builder, t *normalize.Text, from, to int) {
	s, low := t.S[:to], t.Lower[:to]
	pendingSpace := -1 // start of whitespace not yet written
	flushSpace := func(upto int) {
		if pendingSpace >= 0 {
			b.Keep(pendingSpace, upto)
			pendingSpace = -1
		}
	}
	i := from
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' {
			if pendingSpace < 0 {
				pendingSpace = i
			}
			i++
			continue
		}
		// Bracketed symbol.
		if c == '(' || c == '[' || c == '{' || c == '<' {
			if sym, end, ok := bracketSymbol(low, i); ok {
				// The symbol covers the spaces around it, so that an
				// address ending before it ends at its last letter.
				b.Emit(string(sym), pendingSpaceOr(pendingSpace, i), end)
				pendingSpace = -1
				i = skipSpaces(s, end, b)
				continue
			}
		}
		if isWordStart(s, i) {
			if sym, end, ok := spelledSymbol(low, i); ok && symbolContext(low, i, end) {
				// The symbol covers the spaces around it, so that an
				// address ending before it ends at its last letter.
				b.Emit(string(sym), pendingSpaceOr(pendingSpace, i), end)
				pendingSpace = -1
				i = skipSpaces(s, end, b)
				continue
			}
			end := wordEnd(s, i)
			flushSpace(i)
			if w, ok := unLeet(low[i:end]); ok {
				b.Emit(w, i, end)
			} else {
				b.Keep(i, end)
			}
			i = end
			continue
		}
		flushSpace(i)
		_, n := utf8.DecodeRuneInString(s[i:])
		b.Keep(i, i+n)
		i += n
	}
	flushSpace(len(s))
}

func pendingSpaceOr(p, i int) int {
	if p >= 0 {
		return p
	}
	return i
}

// skipSpaces skips the whitespace at s[i:], counting it into the last
// written byte, and returns where it ends.
func skipSpaces(s string, i int, b *normalize.Builder) int {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t') {
		j++
	}
	b.Skip(i, j)
	return j
}

// bracketSymbol matches "(at)", "[ . ]", "{dot}", "<at>" at i. "(a)",
// the at sign drawn with a letter, counts only glued to the words on both
// sides ("lena.vogel(a)gmx.de"), never as a list item ("option (a) and").
func bracketSymbol(low string, i int) (byte, int, bool) {
	var closer byte
	switch low[i] {
	case '(':
		closer = ')'
	case '[':
		closer = ']'
	case '{':
		closer = '}'
	case '<':
		closer = '>'
	default:
		return 0, 0, false
	}
	j := strings.IndexByte(low[i+1:min(len(low), i+16)], closer)
	if j < 0 {
		return 0, 0, false
	}
	end := i + 2 + j
	in := strings.TrimSpace(low[i+1 : i+1+j])
	sym, ok := bracketed[in]
	if !ok {
		sym, ok = symbolWord[in]
	}
	if ok && in == "a" && !(i > 0 && wordByteOrRune(low[:i], true) && end < len(low) && wordByteOrRune(low[end:], false)) {
		return 0, 0, false
	}
	return sym, end, ok
}

// wordByteOrRune reports whether the last rune of s (with last) or its
// first rune is a letter or digit.
func wordByteOrRune(s string, last bool) bool {
	var r rune
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// maxSymbolWord is the longest word of a spelled-out symbol, in bytes.
const maxSymbolWord = 24

// symbolFirst holds the first word of every spelled-out symbol, so that
// most words cost one map lookup.
var symbolFirst = func() map[string]bool {
	m := map[string]bool{}
	for w := range symbolWord {
		if k := strings.IndexByte(w, ' '); k > 0 {
			w = w[:k]
		}
		m[w] = true
	}
	return m
}()

// symbolFilter lets most words skip the symbolFirst lookup.
var symbolFilter = func() *keywordFilter {
	f := new(keywordFilter)
	for w := range symbolFirst {
		f.add(w)
	}
	return f
}()

// spelledSymbol matches the longest spelled-out symbol starting at the word
// at i.
func spelledSymbol(low string, i int) (byte, int, bool) {
	e := wordEnd(low, i)
	if e == i || e-i > maxSymbolWord || !symbolFilter.mayHave(low[i:e]) || !symbolFirst[low[i:e]] {
		return 0, 0, false
	}
	var best byte
	bestEnd := -1
	end := i
	for n := 0; n < 4 && end < len(low); n++ {
		e := wordEnd(low, end)
		if e == end || e-end > maxSymbolWord {
			break
		}
		if sym, ok := symbolWord[low[i:e]]; ok {
			best, bestEnd = sym, e
		}
		// next word, across one space
		if e < len(low) && low[e] == ' ' && e+1 < len(low) {
			end = e + 1
		} else {
			break
		}
	}
	return best, bestEnd, bestEnd > 0
}

// symbolContext reports whether a spelled-out symbol at low[i:end] sits
// between two words, as in "ana at gmail", not at the start or end of the
// text or next to punctuation.
func symbolContext(low string, i, end int) bool {
	p := i - 1
	for p >= 0 && (low[p] == ' ' || low[p] == '\n') {
		p--
	}
	q := end
	for q < len(low) && (low[q] == ' ' || low[q] == '\n') {
		q++
	}
	if p < 0 || q >= len(low) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(low[:p+1])
	after, _ := utf8.DecodeRuneInString(low[q:])
	ok := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' }
	return ok(before) && ok(after)
}

// isWordStart reports whether a word (letters or digits of any script)
// starts at i.
func isWordStart(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		if !isWordByte(c) {
			return false
		}
	} else if r, _ := utf8.DecodeRuneInString(s[i:]); !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	if i == 0 {
		return true
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return !isWordByte(c)
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	return !(unicode.IsLetter(p) || unicode.IsDigit(p) || unicode.Is(unicode.Mn, p))
}

// wordEnd returns the end of the word of letters, digits and combining
// marks starting at i.
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf {
			if !isWordByte(c) {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)) {
			break
		}
		j += n
	}
	return j
}

// leet maps the digits people put for letters in known words.
var leet = map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a'}

// leetTargets are the words whose leetspeak spelling is undone: mail
// providers and common top-level domains.
var leetTargets = func() map[string]bool {
	m := map[string]bool{"com": true, "net": true, "org": true, "dot": true, "mail": true}
	for _, w := range providerWords {
		if !strings.Contains(w, " ") {
			m[w] = true
		}
	}
	return m
}()

// maxLeetWord is the longest word unLeet reads.
const maxLeetWord = 12

// unLeet returns the known word w spells with digits for letters
// ("gm41l" → "gmail"), or false.
func unLeet(w string) (string, bool) {
	hasDigit, hasLetter := false, false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			hasDigit = true
		case c >= 'a' && c <= 'z':
			hasLetter = true
		default:
			return "", false
		}
	}
	if !hasDigit || !hasLetter || len(w) > maxLeetWord {
		return "", false
	}
	buf := []byte(w)
	for i, c := range buf {
		if l, ok := leet[c]; ok {
			buf[i] = l
		}
	}
	if leetTargets[string(buf)] {
		return string(buf), true
	}
	// "1" also stands for "l": gm4i1 → gmail.
	for i, c := range []byte(w) {
		if c == '1' {
			buf[i] = 'l'
		}
	}
	if leetTargets[string(buf)] {
		return string(buf), true
	}
	return "", false
}
