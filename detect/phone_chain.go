package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// A phone number is read from a chain: groups of digits (a digit run, a
// token with letters for digits, a phrase of number words) joined by
// separators that a reader skips (spaces, '-', '.', '/', brackets, emoji,
// punctuation runs, a line break between one-digit lines, a message
// boundary in a conversation). Anything else ends the chain.

// Separator limits: beyond them the gap reads as a break, not as part of
// one number.
const (
	phoneMaxSpaces = 3  // "415   555" still reads as one number
	phoneMaxPunct  = 4  // "**04** 10...541": a few punctuation marks
	phoneMaxEmoji  = 4  // "415 🍕 555": emoji between groups
	phoneMaxLines  = 1  // one line per group, no blank lines
	phoneMaxChain  = 64 // groups in one chain; longer runs are tables or codes
)

// phoneSep is the gap between two groups of a chain.
type phoneSep struct {
	spaces  int
	lines   int  // line breaks inside one message
	msg     bool // a message boundary of a conversation
	punct   byte // the first punctuation mark, 0 for none
	npunct  int
	emoji   int  // symbols and emoji
	open    bool // '(' or '['
	close   bool // ')' or ']'
	comma   bool // ',' or ';', or a full stop before a space
	dot     bool // '.'
	unusual bool // punctuation nobody writes inside a number: '*', '~', '_', '|' ...
}

// strength ranks gaps for splitting a chain that is not one number:
// message boundaries first, then line breaks, commas, loose gaps (emoji,
// several marks, " / ", " - "), single spaces, and tight marks last.
func (g phoneSep) strength() int {
	switch {
	case g.msg:
		return 5
	case g.lines > 0:
		return 4
	case g.comma:
		return 3
	case g.emoji > 0 || g.unusual || g.npunct > 1 || g.spaces > 1 || (g.npunct == 1 && g.spaces > 0 && !g.open && !g.close):
		return 2
	case g.spaces == 1 && g.npunct == 0:
		return 1
	}
	return 0
}

// phoneElem says what a chain element is before number-word phrases are
// read.
type phoneElem uint8

const (
	phoneElemDigits phoneElem = iota // digits, or a token read as digits
	phoneElemWord                    // a number word, read with its neighbours
)

// phoneGroup is one element of a chain.
type phoneGroup struct {
	i, j   int // span in the view
	kind   phoneElem
	digits string
	word   string   // phoneElemWord: the lower-case word
	lang   string   // the language of a phrase's number words, if known
	sure   bool     // phoneElemWord: a number word that is no everyday word
	spelt  bool     // digits read from number words
	subst  bool     // letters for digits: "O8O3", "l23"
	sep    phoneSep // the gap before this group (zero for the first)
	bad    bool     // part of a date, price, version ... : not a phone digit
}

// phoneChainBuilder cuts a view into chains.
type phoneChainBuilder struct {
	p     *phoneScan
	t     *normalize.Text
	words bool // number words may occur
	chain []phoneGroup
	sep   phoneSep
	// msgStarts are the view offsets where messages of a conversation
	// start (after the first).
	msgStarts []int
	// notWords are words found to be no number words (long texts only).
	notWords map[string]struct{}
}

// build walks the view once and hands every chain to p.chain.
//
// Without number words, a chain can start only at a word with an ASCII
// digit, and every other word ends the chain: between chains, build
// skips to the start of the next word with a digit, where that is an
// ASCII word after an ASCII separator (else it reads on as usual until
// past that digit).
func (b *phoneChainBuilder) build() {
	s := b.t.S
	i := 0
	readFrom := 0 // no skipping before this offset
	for i < len(s) {
		if !b.words && len(b.chain) == 0 && i >= readFrom && phoneSkipWords {
			k := phoneDigitWordStart(s, i)
			if k < 0 {
				break // no digit left: no chain
			}
			if k > i && s[k-1] >= utf8.RuneSelf {
				readFrom = k + 1
			} else {
				i = k
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				i = b.word(i)
				continue
			}
			if !b.sepByte(c, i) {
				b.flush()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isPhoneWordRune(r) {
			i = b.word(i)
			continue
		}
		if !b.sepRune(r) {
			b.flush()
		}
		i += n
	}
	b.flush()
}

// phoneSkipWords lets build skip between chains; a test turns it off to
// check that skipping changes nothing.
var phoneSkipWords = true

// phoneDigitWordStart returns the start of the run of ASCII letters and
// digits around the first ASCII digit of s[from:], never before from, or
// -1 when there is no digit.
func phoneDigitWordStart(s string, from int) int {
	d := from
	for d < len(s) && s[d]-'0' > 9 {
		d++
	}
	if d == len(s) {
		return -1
	}
	for d > from && wordBytes[s[d-1]] != 0 {
		d--
	}
	return d
}

// isPhoneWordRune reports whether r belongs in a word: a letter, digit or
// combining mark.
func isPhoneWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r)) // no ASCII mark; the common case, quickly
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// sepByte adds the ASCII non-word byte c at i to the pending gap, or
// reports false when it ends the chain.
func (b *phoneChainBuilder) sepByte(c byte, i int) bool {
	g := &b.sep
	switch c {
	case ' ', '\t', '\r':
		g.spaces++
		return g.spaces <= phoneMaxSpaces || len(b.chain) == 0
	case '\n':
		if b.isMsgStart(i + 1) {
			g.msg = true
			return true
		}
		g.lines++
		return g.lines <= phoneMaxLines
	case '-', '.', '/', '(', ')', '[', ']':
		g.npunct++
		if c == '.' && i+1 < len(b.t.S) && (b.t.S[i+1] == ' ' || b.t.S[i+1] == '\n') {
			g.comma = true // a full stop ends a sentence, not a group
		}
		if g.punct == 0 {
			g.punct = c
		}
		g.open = g.open || c == '(' || c == '['
		g.close = g.close || c == ')' || c == ']'
		g.dot = g.dot || c == '.'
		if g.dot && (g.open || g.close) {
			return false // "(80).(585)": bracketed numbers in a list
		}
		return g.npunct <= phoneMaxPunct
	case ',', ';':
		g.npunct++
		g.comma = true
		if g.punct == 0 {
			g.punct = c
		}
		return g.npunct <= phoneMaxPunct
	case '*', '~', '_', '|', '\'', '`':
		g.npunct++
		g.unusual = true
		if g.punct == 0 {
			g.punct = c
		}
		return g.npunct <= phoneMaxPunct
	}
	// ':', '=', '%', '$', '@', '#', '+', '&', quotes, '<', '>', '?', '!'
	// and the rest: not inside a phone number.
	return false
}

// sepRune adds the non-ASCII non-word rune r to the pending gap, or
// reports false when it ends the chain.
func (b *phoneChainBuilder) sepRune(r rune) bool {
	g := &b.sep
	switch {
	case r == '\u2028' || r == '\u2029':
		g.lines++
		return g.lines <= phoneMaxLines
	case unicode.IsSpace(r):
		g.spaces++
		return g.spaces <= phoneMaxSpaces || len(b.chain) == 0
	case unicode.Is(unicode.Sc, r):
		return false // currency: a price
	case unicode.Is(unicode.Pd, r) || r == '\u2212':
		g.npunct++
		if g.punct == 0 {
			g.punct = '-'
		}
		return g.npunct <= phoneMaxPunct
	case unicode.IsPunct(r):
		switch r {
		case '«', '»', '“', '”', '„', '‘', '’', '¿', '¡', '…', '،', '؛', '。', '、', '：', '＝':
			return false
		}
		g.npunct++
		g.unusual = true
		if g.punct == 0 {
			g.punct = '*'
		}
		return g.npunct <= phoneMaxPunct
	case r == '№':
		return false
	}
	// Emoji, arrows, dingbats and other symbols.
	g.emoji++
	return g.emoji <= phoneMaxEmoji
}

// isMsgStart reports whether view offset i starts a later message.
func (b *phoneChainBuilder) isMsgStart(i int) bool {
	for _, m := range b.msgStarts {
		if m == i {
			return true
		}
	}
	return false
}

// word reads the word starting at i and returns where it ends. A word of
// digits, letters-for-digits or number words joins the chain; any other
// word ends it.
func (b *phoneChainBuilder) word(i int) int {
	s := b.t.S
	j := i
	// The common case, a word of ASCII letters and digits, in one pass
	// that counts them too.
	digits, letters := 0, 0
	for j < len(s) {
		k := wordBytes[s[j]]
		if k == 0 {
			break
		}
		digits += int(k >> 1)
		letters += int(k & 1)
		j++
	}
	if j > i && (j == len(s) || s[j] < utf8.RuneSelf && s[j] != '\'') {
		return b.classify(i, j, digits, letters)
	}
	j = i
	// Digits glue to Latin, Cyrillic and Greek letters into one token
	// ("INV2025"), never to letters of scripts written without spaces
	// or with their own digits ("是415", "رقمي010").
	r0, _ := utf8.DecodeRuneInString(s[i:])
	glue := r0 < utf8.RuneSelf || phoneGlueLetter(r0) || unicode.IsDigit(r0)
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				if !glue && c <= '9' {
					break
				}
				j++
				continue
			}
			// An apostrophe inside a word: "п'ять", "dev'yat".
			if c == '\'' && j > i && j+1 < len(s) && s[j+1] >= utf8.RuneSelf {
				r, _ := utf8.DecodeRuneInString(s[j+1:])
				if unicode.IsLetter(r) {
					j++
					continue
				}
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) && glue != phoneGlueLetter(r) {
			break
		}
		if isPhoneWordRune(r) || ((r == '’' || r == 'ʼ') && j > i && j+n < len(s) && phoneStartsLetter(s[j+n:])) {
			j += n
			continue
		}
		break
	}
	if j == i {
		_, n := utf8.DecodeRuneInString(s[i:])
		j = i + n
	}
	w := s[i:j]
	digits, letters = 0, 0
	for k := 0; k < len(w); k++ {
		switch c := w[k]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= utf8.RuneSelf || isWordByte(c):
			letters++
		}
	}
	return b.classify(i, j, digits, letters)
}

// classify adds the word S[i:j], of so many ASCII digits and other
// letters (counted in bytes), to the chain, or ends the chain, and
// returns j.
func (b *phoneChainBuilder) classify(i, j, digits, letters int) int {
	if j-i > 64 {
		b.flush()
		return j
	}
	s, low := b.t.S, b.t.Lower
	w := s[i:j]
	switch {
	case letters == 0:
		b.add(phoneGroup{i: i, j: j, kind: phoneElemDigits, digits: w})
		return j
	case digits > 0:
		if d, ok := phoneSubstDigits(w); ok {
			b.add(phoneGroup{i: i, j: j, kind: phoneElemDigits, digits: d, subst: true})
			return j
		}
		if k := b.cuePrefix(low[i:j]); k > 0 {
			// "call09050000327", "Tel0412345678": a phone word glued
			// to the number.
			b.flush()
			b.add(phoneGroup{i: i + k, j: j, kind: phoneElemDigits, digits: w[k:]})
			return j
		}
		if k, ok := phoneExtensionAt(low[i:j]); ok {
			// "3316005x3456": the number, then an extension.
			b.add(phoneGroup{i: i, j: i + k, kind: phoneElemDigits, digits: w[:k]})
			b.flush()
			return j
		}
		if b.words {
			if d, ok := phoneGluedDigits(low[i:j]); ok {
				b.add(phoneGroup{i: i, j: j, kind: phoneElemDigits, digits: d, spelt: true})
				return j
			}
		}
		b.flush()
		return j
	}
	if b.words {
		lw := low[i:j]
		if normalize.MayBeNumberWord(lw) && !b.notNumberWord(lw) {
			if _, ok := normalize.NumberWord(lw); ok {
				b.add(phoneGroup{i: i, j: j, kind: phoneElemWord, word: lw, sure: !normalize.IsAmbiguousNumberWord(lw)})
				return j
			}
			b.noteNotNumberWord(lw)
		}
		// "treinta y cinco": a connector between number words.
		if n := len(b.chain); n > 0 && b.chain[n-1].kind == phoneElemWord && phoneConnectors[lw] {
			b.add(phoneGroup{i: i, j: j, kind: phoneElemWord, word: lw})
			return j
		}
		// Look-alike folding may have changed a letter of a word in
		// another script; look the typed word up too.
		if !b.t.Identity() {
			a, z := b.t.Span(i, j)
			// A typed word of ASCII letters is lw itself.
			if ow := b.t.Orig[a:z]; !(len(ow) == len(lw) && isASCII(ow)) {
				if ow = strings.ToLower(ow); ow != lw {
					if _, ok := normalize.NumberWord(ow); ok {
						b.add(phoneGroup{i: i, j: j, kind: phoneElemWord, word: ow, sure: !normalize.IsAmbiguousNumberWord(ow)})
						return j
					}
				}
			}
		}
	}
	b.flush()
	return j
}

// phoneMemoMin is the text length from which the chain builder remembers
// the words that are no number words: a long text (a job post, a
// profile) repeats its words, and normalize.NumberWord tries compound
// readings in several languages before it says no.
const phoneMemoMin = 1024

// notNumberWord reports whether lw was already found to be no number word.
func (b *phoneChainBuilder) notNumberWord(lw string) bool {
	if b.notWords == nil {
		return false
	}
	_, ok := b.notWords[lw]
	return ok
}

// noteNotNumberWord remembers that lw is no number word, in long texts.
func (b *phoneChainBuilder) noteNotNumberWord(lw string) {
	if b.notWords == nil {
		if len(b.t.S) < phoneMemoMin {
			return
		}
		b.notWords = make(map[string]struct{}, 64)
	}
	b.notWords[lw] = struct{}{}
}

// phoneStartsLetter reports whether s starts with a letter.
func phoneStartsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// add appends g to the chain with the pending gap.
func (b *phoneChainBuilder) add(g phoneGroup) {
	if len(b.chain) > 0 {
		g.sep = b.sep
	}
	b.sep = phoneSep{}
	b.chain = append(b.chain, g)
	if len(b.chain) >= phoneMaxChain {
		b.flush()
	}
}

// flush hands the chain to the phone scan and starts a new one.
func (b *phoneChainBuilder) flush() {
	if len(b.chain) > 0 {
		b.p.chain(b.chain)
	}
	b.chain = b.chain[:0]
	b.sep = phoneSep{}
}

// phoneSubstDigits reads a token that writes digits with look-alike letters,
// 'O'/'o' for 0 and 'l'/'I' for 1, as in "O8O3 l23 4567" and "O7OO 9OO
// l23". At least one real digit and at most two letters more than digits,
// in three characters or more ("O7OO" passes; "lol" and "I2" do not); the
// joined chain must still read as a phone number.
func phoneSubstDigits(w string) (string, bool) {
	digits, letters := 0, 0
	buf := make([]byte, len(w))
	for k := 0; k < len(w); k++ {
		switch c := w[k]; c {
		case 'O', 'o':
			buf[k] = '0'
			letters++
		case 'l', 'I':
			buf[k] = '1'
			letters++
		default:
			if c < '0' || c > '9' {
				return "", false
			}
			buf[k] = c
			digits++
		}
	}
	if digits < 1 || letters > digits+2 || len(w) < 3 {
		return "", false
	}
	return string(buf), true
}

// phoneExtensionAt reads "3316005x3456" and "3316005ext12": digits, an
// extension mark, digits. It returns where the first digits end.
func phoneExtensionAt(lw string) (int, bool) {
	k := 0
	for k < len(lw) && lw[k] >= '0' && lw[k] <= '9' {
		k++
	}
	if k == 0 {
		return 0, false
	}
	rest := lw[k:]
	for _, mark := range []string{"ext", "x"} {
		if strings.HasPrefix(rest, mark) {
			tail := rest[len(mark):]
			if tail == "" || len(tail) > 6 || strings.Trim(tail, "0123456789") != "" {
				return 0, false
			}
			return k, true
		}
	}
	return 0, false
}

// phoneGluedDigits reads a token that glues digit words and digits
// together, "nine1seven" or "5five5", into digits. It needs at least one
// unambiguous digit word and one digit.
func phoneGluedDigits(lw string) (string, bool) {
	var out []byte
	words := 0
	for k := 0; k < len(lw); {
		if c := lw[k]; c >= '0' && c <= '9' {
			out = append(out, c)
			k++
			continue
		}
		e := k
		for e < len(lw) && lw[e] >= 'a' && lw[e] <= 'z' {
			e++
		}
		if e == k {
			return "", false
		}
		// The longest digit word at k.
		matched := 0
		for n := min(e-k, 12); n >= 3 && matched == 0; n-- {
			w := lw[k : k+n]
			if nw, ok := normalize.NumberWord(w); ok && nw.Class == normalize.Unit && !normalize.IsAmbiguousNumberWord(w) {
				out = append(out, byte('0'+nw.Value))
				matched = n
			}
		}
		if matched == 0 {
			return "", false
		}
		k += matched
		words++
	}
	return string(out), words > 0 && len(out) > words
}

// cuePrefix returns the length of a phone word that the token lw glues to
// its digits ("call09050000327"), or 0.
func (b *phoneChainBuilder) cuePrefix(lw string) int {
	k := 0
	for k < len(lw) && lw[k] >= 'a' && lw[k] <= 'z' {
		k++
	}
	if k == 0 || k == len(lw) || strings.Trim(lw[k:], "0123456789") != "" {
		return 0
	}
	if w := lw[:k]; b.p.cues[w] && !phoneGenericWords[w] {
		return k
	}
	return 0
}
