// Package normalize undoes the disguises people use to slip contact details
// past filters, while keeping a map from every byte of the normalised text
// back to the bytes of the original input.
//
// A Text is one view of an input. Fold makes the first view: Unicode NFKC
// (fullwidth and mathematical letters and digits, circled digits), format
// characters removed (zero-width spaces and joiners, soft hyphens, variation
// selectors, the combining keycap of emoji digits), look-alike letters from
// other scripts folded to ASCII (Unicode TR39 confusables), decimal digits of
// every script folded to ASCII, invalid UTF-8 turned into spaces. Further
// views are built from a Text with a Builder, which composes the maps, so
// every view maps straight to the original input.
//
// Offsets are byte offsets. Span turns a range of a view into the range of
// the original input that produced it; the result always lies on rune
// boundaries of the original.
package normalize

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Text is a normalised view of an original input.
type Text struct {
	// Orig is the original input.
	Orig string
	// S is the normalised text; letter case is kept.
	S string
	// Lower is S with letters lower-cased wherever that keeps the byte
	// length, so that offsets into Lower are offsets into S.
	Lower string

	// start[i] is the offset in Orig where the source of S[i] begins and
	// end[i] where it ends. Both are nil when S == Orig byte for byte.
	start []int32
	end   []int32
}

// Identity reports whether the view is the original input unchanged.
func (t *Text) Identity() bool { return t.start == nil }

// Span returns the range of Orig that produced S[i:j].
func (t *Text) Span(i, j int) (start, end int) {
	if t.start == nil {
		return i, j
	}
	if i >= len(t.S) {
		return len(t.Orig), len(t.Orig)
	}
	if j <= i {
		p := int(t.start[i])
		return p, p
	}
	return int(t.start[i]), int(t.end[j-1])
}

// Changed reports whether S[i:j] differs from the original bytes that
// produced it, that is whether a disguise was undone inside it.
func (t *Text) Changed(i, j int) bool {
	if t.start == nil {
		return false
	}
	a, b := t.Span(i, j)
	return t.Orig[a:b] != t.S[i:j]
}

// Fold returns the first view of s: NFKC, format characters removed,
// look-alike letters and digits of any script folded to ASCII.
// Invalid UTF-8 bytes become spaces, so S is always valid UTF-8.
func Fold(s string) *Text {
	t := new(Text)
	FoldInto(t, s)
	return t
}

// FoldInto is Fold writing the view into dst, so that a caller reusing
// its Text allocates nothing for it on plain text.
func FoldInto(dst *Text, s string) {
	FoldWith(dst, s, new(Scratch))
}

// FoldIntoBuf is FoldInto writing the lower-cased copy that plain ASCII
// text with capitals needs into buf, grown if too small, and returns the
// buffer for the next call. dst.Lower may then share buf's memory: the
// caller must keep no part of it (a substring included) past its next use
// of the buffer. Text that is not plain ASCII is folded as by FoldInto.
func FoldIntoBuf(dst *Text, s string, buf []byte) []byte {
	sc := Scratch{lower: buf}
	FoldWith(dst, s, &sc)
	return sc.lower
}

// Scratch is memory that FoldWith reuses from one call to the next. The
// zero value is ready to use.
type Scratch struct {
	lower      []byte  // the lower-cased copy of plain ASCII text
	start, end []int32 // the offset map of other text
}

// Release drops the buffers larger than max bytes, so that one huge text
// does not keep its memory alive in a pooled Scratch.
func (sc *Scratch) Release(max int) {
	if cap(sc.lower) > max {
		sc.lower = nil
	}
	if 4*cap(sc.start) > max {
		sc.start, sc.end = nil, nil
	}
}

// Holds reports whether v lies in the memory of sc's lower-cased copy,
// which the next FoldWith overwrites.
func (sc *Scratch) Holds(v string) bool {
	if v == "" || cap(sc.lower) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	b := uintptr(unsafe.Pointer(unsafe.SliceData(sc.lower[:cap(sc.lower)])))
	return p >= b && p < b+uintptr(cap(sc.lower))
}

// FoldWith is FoldInto reusing sc's memory: for the lower-cased copy of
// plain ASCII text with capitals, and for the offset map of other text.
// dst is valid until the next FoldWith with sc, and dst.Lower may share
// sc's memory (see Holds): the caller must keep no part of it past then.
// dst.S and the Lower of text that is not plain ASCII are never in sc.
func FoldWith(dst *Text, s string, sc *Scratch) {
	// With room in sc, one pass checks s and writes its lower-cased copy.
	var room []byte
	if len(s) > 0 && len(s) <= cap(sc.lower) {
		room = sc.lower[:len(s)]
	}
	if plain, upper := plainASCIILower(room, s); plain {
		lower := s
		switch {
		case upper && room != nil:
			lower = unsafe.String(&room[0], len(room))
		case upper:
			sc.lower = make([]byte, len(s))
			lower = asciiLowerInto(sc.lower, s)
		}
		*dst = Text{Orig: s, S: s, Lower: lower}
		return
	}
	b := &Builder{orig: s, buf: make([]byte, 0, len(s))}
	b.start = slices.Grow(sc.start[:0], len(s)+1)
	b.end = slices.Grow(sc.end[:0], len(s))
	foldSlowWith(b, s)
	sc.start, sc.end = b.start[:0], b.end[:0] // grown, perhaps
	*dst = *b.Text()
}

// foldSlowWith folds s, which is not plain ASCII, into b.
func foldSlowWith(b *Builder, s string) {
	inWord := false
	for i := 0; i < len(s); {
		c := s[i]
		if k := printableASCIIRun(s, i); k > i {
			// A run of printable ASCII is copied as it is. The token
			// state matters to the non-ASCII rune after it only: it is
			// that of the run's last token.
			b.emitASCII(s, i, k)
			p := k - 1
			for p >= i && wordRune(s, p) {
				p--
			}
			switch {
			case p == k-1:
				inWord = false
			case p >= i || !inWord:
				inWord = true
				b.foldWord = foldWord(s, p+1)
			}
			i = k
			continue
		}
		// At the start of each token decide whether its look-alike letters
		// are a disguise: only in a token that mixes them with ASCII
		// ("gmаil" with a Cyrillic а, "gmail.сом"). A token wholly in
		// another script ("собака", "сто") is left as is.
		if w := wordRune(s, i); w != inWord {
			inWord = w
			if w {
				b.foldWord = foldWord(s, i)
			}
		}
		if c < utf8.RuneSelf {
			if c == 0 || (c < ' ' && c != '\n' && c != '\t' && c != '\r') {
				b.emitRaw(" ", i, i+1)
			} else {
				b.emitByte(c, i, i+1)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.emitRaw(" ", i, i+1)
			i++
			continue
		}
		foldRune(b, s[i:i+size], r, i, i+size)
		i += size
	}
}

// printableASCIIRun returns where the run of printable ASCII bytes (and
// ordinary white space) starting at s[i] ends.
func printableASCIIRun(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' && c != '\n' && c != '\t' && c != '\r' {
			break
		}
		i++
	}
	return i
}

// foldRune emits the folded form of one non-ASCII rune r, the bytes
// orig[a:b].
func foldRune(b *Builder, src string, r rune, a, z int) {
	if dropRune(r, b.lastLatin()) {
		b.extend(z)
		return
	}
	// The ideographic full stop between Latin letters is a dot in
	// disguise: "github。com". Elsewhere it ends a CJK sentence.
	if (r == '。' || r == '｡') && b.lastLatin() && z < len(b.orig) && asciiAlnum(b.orig[z]) {
		b.emitByte('.', a, z)
		return
	}
	var out string
	if p := norm.NFKC.PropertiesString(src); p.Decomposition() != nil {
		out = norm.NFKC.String(src)
	} else {
		out = src
	}
	for _, q := range out {
		switch {
		case q < utf8.RuneSelf:
			b.emitByte(byte(q), a, z)
		case q == '\u2028' || q == '\u2029' || q == '\u0085':
			b.emitByte('\n', a, z)
		case unicode.IsSpace(q):
			b.emitByte(' ', a, z)
		case unicode.Is(unicode.Nd, q):
			b.emitByte(byte('0'+digitValue(q)), a, z)
		case dropRune(q, b.lastLatin()):
			b.extend(z)
		default:
			if f, ok := FoldConfusable(q); ok && b.foldWord {
				b.emitByte(byte(f), a, z)
			} else {
				b.emitRaw(string(q), a, z)
			}
		}
	}
}

// wordRune reports whether the byte at s[i] belongs to a token: anything
// but white space and brackets. Brackets end a token so that a bracketed
// word glued to an address keeps its own script: in
// "ivan[собака]mail.ru" the Russian at sign is a word of its own, not
// look-alike letters of "ivan" to fold.
func wordRune(s string, i int) bool {
	switch s[i] {
	case ' ', '\n', '\t', '\r', '(', ')', '[', ']', '{', '}', '<', '>':
		return false
	}
	return true
}

// foldWord reports whether the look-alike letters of the token starting
// at s[i] should be folded: the token has an ASCII letter or digit (after
// NFKC), so other-script look-alikes inside it are a disguise ("gmаil.cоm"
// with Cyrillic а and о, "t.mе/ana"). A token wholly in another script
// ("сто", "собака") is a real word and is left alone. Tokens are judged on
// their first 64 runes.
func foldWord(s string, i int) bool {
	for n := 0; i < len(s) && n < 64 && wordRune(s, i); n++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if p := norm.NFKC.PropertiesString(string(r)); p.Decomposition() != nil {
			for _, q := range norm.NFKC.String(string(r)) {
				if q < utf8.RuneSelf && (q|0x20 >= 'a' && q|0x20 <= 'z' || q >= '0' && q <= '9') {
					return true
				}
			}
		}
	}
	return false
}

// dropRune reports whether r carries nothing a reader sees: format
// characters (zero-width space, joiners, soft hyphen, bidi controls),
// variation selectors, tag characters, the combining keycap U+20E3 that
// turns "4" into the emoji 4️⃣, and combining marks laid over Latin letters
// (strike-through and similar decorations; NFKC has already composed the
// real accents).
func dropRune(r rune, afterLatin bool) bool {
	switch {
	case r == '\u20e3', r >= '\ufe00' && r <= '\ufe0f', r >= 0xe0000 && r <= 0xe007f,
		r >= 0xe0100 && r <= 0xe01ef:
		return true
	case unicode.Is(unicode.Cf, r):
		return true
	case unicode.Is(unicode.Me, r):
		return true
	case afterLatin && unicode.Is(unicode.Mn, r):
		return true
	}
	return false
}

// digitValue returns the value of a decimal digit of any script. Unicode
// keeps every run of Nd digits contiguous and in order from 0 to 9, so the
// value is the distance from the start of its run, modulo ten.
func digitValue(r rune) int {
	n := 0
	for q := r - 1; unicode.Is(unicode.Nd, q) && n < 100; q-- {
		n++
	}
	return n % 10
}

// asciiAlnum reports whether c is an ASCII letter or digit.
func asciiAlnum(c byte) bool {
	return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9'
}

// Eight-byte masks for plainASCII and asciiLower, which look at a word of
// eight bytes at a time: a chat message is mostly plain ASCII, and Fold
// runs on every message.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainASCII reports whether s is ASCII without control characters other
// than tab, CR and LF, so that Fold has nothing to change, and whether it
// has upper-case letters.
func plainASCII(s string) (plain, upper bool) { return plainASCIILower(nil, s) }

// plainASCIILower is plainASCII that also writes s lower-cased to b, when
// b is not nil (len(s) bytes; what it holds is undefined when s is not
// plain ASCII).
func plainASCIILower(b []byte, s string) (plain, upper bool) {
	var up uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		if x&highs != 0 {
			return false, false
		}
		// A byte below ' ' sets its high bit in (x - ' ') &^ x, the
		// bytes being ASCII; tab, CR and LF are then allowed one by one.
		if (x-ones*' ')&^x&highs != 0 {
			for _, c := range []byte(s[i : i+8]) {
				if c < ' ' && c != '\n' && c != '\t' && c != '\r' {
					return false, false
				}
			}
		}
		u := upperBits(x)
		up |= u
		if b != nil {
			// 'a' - 'A' is 0x20, the high bit shifted right twice.
			binary.LittleEndian.PutUint64(b[i:], x|u>>2)
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c < ' ' && c != '\n' && c != '\t' && c != '\r') {
			return false, false
		}
		if 'A' <= c && c <= 'Z' {
			up = 1
			c += 'a' - 'A'
		}
		if b != nil {
			b[i] = c
		}
	}
	return true, up != 0
}

// upperBits returns the high bit of every byte of x, all ASCII, that is an
// upper-case letter: adding 0x3f carries a byte of 'A' or more into its
// high bit, adding 0x25 a byte past 'Z'. No byte carries into the next.
func upperBits(x uint64) uint64 {
	return (x + ones*0x3f) &^ (x + ones*0x25) & highs
}

// asciiLower lower-cases the ASCII letters of s, which is all ASCII.
// It allocates once and hands the buffer over as the string: nothing
// writes to it afterwards.
func asciiLower(s string) string {
	if len(s) == 0 {
		return s
	}
	return asciiLowerInto(make([]byte, len(s)), s)
}

// asciiLowerInto is asciiLower writing into b, of len(s) bytes, and
// returning b as a string.
func asciiLowerInto(b []byte, s string) string {
	if len(s) == 0 {
		return s
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		// 'a' - 'A' is 0x20, the high bit shifted right twice.
		binary.LittleEndian.PutUint64(b[i:], x|upperBits(x)>>2)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return unsafe.String(&b[0], len(b))
}

// lowerSameLength lower-cases s rune by rune, keeping a rune unchanged where
// its lower-case form would need a different number of bytes.
func lowerSameLength(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				return asciiLower(s)
			}
		}
		return s
	}
	// Lower-case ASCII in place word by word and copy the other runes,
	// lower-casing those whose lower case has the same length.
	b := make([]byte, len(s))
	asciiLowerInto(b, s)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			utf8.EncodeRune(b[i:], l)
		}
		i += n
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

// Builder makes a new view from the original input or from another view.
// Offsets given to its methods are offsets into the parent's S (or into the
// original input for the Builder inside Fold); the Builder composes them
// with the parent's map.
type Builder struct {
	// foldWord is set by Fold while inside a word whose look-alike letters
	// are folded.
	foldWord bool
	orig     string
	parent   *Text
	buf      []byte
	start    []int32
	end      []int32
}

// NewBuilder returns a Builder for a view derived from t.
func NewBuilder(t *Text) *Builder {
	b := &Builder{orig: t.Orig, parent: t}
	b.grow(len(t.S))
	return b
}

// NewBuilderSize is NewBuilder with room for n bytes, for a view that
// keeps only parts of t.
func NewBuilderSize(t *Text, n int) *Builder {
	b := &Builder{orig: t.Orig, parent: t}
	b.grow(n)
	return b
}

func (b *Builder) grow(n int) {
	b.buf = make([]byte, 0, n)
	b.start = make([]int32, 0, n+1)
	b.end = make([]int32, 0, n)
}

// origSpan maps the parent range [i, j) to the original input.
func (b *Builder) origSpan(i, j int) (int32, int32) {
	if b.parent == nil {
		return int32(i), int32(j)
	}
	a, z := b.parent.Span(i, j)
	return int32(a), int32(z)
}

// Keep copies the parent's S[i:j] with its map.
func (b *Builder) Keep(i, j int) {
	p := b.parent
	if p.start == nil {
		b.emitASCII(p.S, i, j) // the identity map, whatever the bytes
		return
	}
	b.buf = append(b.buf, p.S[i:j]...)
	b.start = append(b.start, p.start[i:j]...)
	b.end = append(b.end, p.end[i:j]...)
}

// Emit writes s in place of the parent's S[i:j]. With i == j, s is
// inserted and maps to an empty range at i.
func (b *Builder) Emit(s string, i, j int) {
	a, z := b.origSpan(i, j)
	for k := 0; k < len(s); k++ {
		b.buf = append(b.buf, s[k])
		b.start = append(b.start, a)
		b.end = append(b.end, z)
	}
}

// Skip drops the parent's S[i:j]; the dropped bytes are counted as part of
// the byte written before them, so spans cover what the user typed.
func (b *Builder) Skip(i, j int) {
	if i >= j {
		return
	}
	_, z := b.origSpan(i, j)
	b.extend(int(z))
}

// Len returns the number of bytes written so far.
func (b *Builder) Len() int { return len(b.buf) }

func (b *Builder) emitByte(c byte, a, z int) {
	b.buf = append(b.buf, c)
	b.start = append(b.start, int32(a))
	b.end = append(b.end, int32(z))
}

// emitASCII copies orig[a:z] with the identity map: bytes that need no
// folding.
func (b *Builder) emitASCII(orig string, a, z int) {
	b.buf = append(b.buf, orig[a:z]...)
	n := len(b.start)
	b.start = slices.Grow(b.start, z-a)[:n+z-a]
	b.end = slices.Grow(b.end, z-a)[:n+z-a]
	st, en := b.start[n:], b.end[n:]
	for k := range st {
		st[k] = int32(a + k)
		en[k] = int32(a + k + 1)
	}
}

func (b *Builder) emitRaw(s string, a, z int) {
	for k := 0; k < len(s); k++ {
		b.emitByte(s[k], a, z)
	}
}

// extend makes the last written byte cover the original input up to z.
func (b *Builder) extend(z int) {
	if n := len(b.end); n > 0 && b.end[n-1] < int32(z) {
		b.end[n-1] = int32(z)
	}
}

// lastLatin reports whether the last byte written is an ASCII letter or
// digit, after which combining marks are decoration.
func (b *Builder) lastLatin() bool {
	n := len(b.buf)
	if n == 0 {
		return false
	}
	c := b.buf[n-1]
	return c < utf8.RuneSelf && (c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9')
}

// Text returns the view built so far.
func (b *Builder) Text() *Text {
	// The Builder only ever appends to buf, so the bytes of the string
	// are never written again: no copy is needed.
	var s string
	if len(b.buf) > 0 {
		s = unsafe.String(&b.buf[0], len(b.buf))
	}
	t := &Text{Orig: b.orig, S: s, Lower: lowerSameLength(s), start: b.start, end: b.end}
	if s == b.orig {
		t.start, t.end = nil, nil
	}
	return t
}
