package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii unchanged", "mail me at ana@x.com", "mail me at ana@x.com"},
		{"fullwidth", "ａｎａ＠ｇｍａｉｌ．ｃｏｍ", "ana@gmail.com"},
		{"zero-width space", "k\u200bw\u200ba\u200bm\u200be", "kwame"},
		{"zero-width joiner and BOM", "g\u200dm\ufeffail", "gmail"},
		{"soft hyphen", "gm\u00adail", "gmail"},
		{"keycap digits", "4\ufe0f\u20e31\ufe0f\u20e35\ufe0f\u20e3", "415"},
		{"circled digits", "⓪⑧⓪③", "0803"},
		{"mathematical bold digits", "𝟎𝟗𝟏𝟕", "0917"},
		{"arabic-indic digits", "٠١٠١٢", "01012"},
		{"devanagari digits", "९८४५०", "98450"},
		{"cyrillic look-alikes", "gmаil.cоm", "gmail.com"},
		{"cyrillic word kept", "пишите на почту собака", "пишите на почту собака"},
		{"cyrillic words of look-alikes kept", "сто сорок", "сто сорок"},
		{"cyrillic look-alikes joined to ascii", "gmail.со", "gmail.co"},
		{"greek look-alikes", "giulia.rοmano", "giulia.romano"},
		{"invalid utf-8", "a\xffb", "a b"},
		{"nul byte", "a\x00b", "a b"},
		{"nbsp", "a\u00a0b", "a b"},
		{"line separator", "a\u2028b", "a\nb"},
		{"strike-through overlay", "g\u0336m\u0336", "gm"},
		{"accents kept", "café señor", "café señor"},
		{"cjk kept", "微信号", "微信号"},
		{"ideographic full stop as a dot", "github。com/ana", "github.com/ana"},
		{"ideographic full stop ends a sentence", "谢谢。再见 ok。", "谢谢。再见 ok。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fold(tt.in)
			if got.S != tt.want {
				t.Errorf("Fold(%q).S = %q, want %q", tt.in, got.S, tt.want)
			}
			checkMap(t, got)
		})
	}
}

func TestFoldSpan(t *testing.T) {
	in := "call 4\ufe0f\u20e31\ufe0f\u20e3 now"
	f := Fold(in)
	i := strings.Index(f.S, "41")
	a, b := f.Span(i, i+2)
	if got, want := in[a:b], "4\ufe0f\u20e31\ufe0f\u20e3"; got != want {
		t.Errorf("Span of %q = %q, want %q", "41", got, want)
	}
	if !f.Changed(i, i+2) {
		t.Errorf("Changed(%d, %d) = false, want true", i, i+2)
	}
	j := strings.Index(f.S, "now")
	if f.Changed(j, j+3) {
		t.Errorf("Changed on untouched %q = true", "now")
	}
}

func TestLowerKeepsOffsets(t *testing.T) {
	for _, in := range []string{"ANA@GMAIL.COM", "СОБАКА Yandex", "İstanbul ẞ K"} {
		f := Fold(in)
		if len(f.Lower) != len(f.S) {
			t.Errorf("Fold(%q): len(Lower) = %d, len(S) = %d", in, len(f.Lower), len(f.S))
		}
	}
	if got := Fold("ANA Собака").Lower; got != "ana собака" {
		t.Errorf("Lower = %q, want %q", got, "ana собака")
	}
}

func TestBuilderComposes(t *testing.T) {
	in := "ａ b c d"
	f := Fold(in) // "a b c d"
	b := NewBuilder(f)
	for i := 0; i < len(f.S); i++ {
		if f.S[i] == ' ' {
			b.Skip(i, i+1)
			continue
		}
		b.Keep(i, i+1)
	}
	v := b.Text()
	if v.S != "abcd" {
		t.Fatalf("view = %q, want %q", v.S, "abcd")
	}
	a, z := v.Span(0, 1)
	if in[a:z] != "ａ " {
		t.Errorf("Span(0,1) = %q, want %q", in[a:z], "ａ ")
	}
	a, z = v.Span(0, len(v.S))
	if a != 0 || z != len(in) {
		t.Errorf("Span(all) = %d,%d, want 0,%d", a, z, len(in))
	}
	e := NewBuilder(v)
	e.Keep(0, 2)
	e.Emit("@", 2, 3)
	e.Keep(3, 4)
	w := e.Text()
	if w.S != "ab@d" {
		t.Fatalf("view = %q", w.S)
	}
	a, z = w.Span(2, 3)
	if in[a:z] != "c " {
		t.Errorf("Span of emitted = %q, want %q", in[a:z], "c ")
	}
}

// checkMap asserts the invariants of a view's map.
func checkMap(t *testing.T, f *Text) {
	t.Helper()
	if !utf8.ValidString(f.S) {
		t.Fatalf("S is not valid UTF-8: %q", f.S)
	}
	if len(f.Lower) != len(f.S) {
		t.Fatalf("len(Lower) = %d, len(S) = %d", len(f.Lower), len(f.S))
	}
	prevA, prevB := 0, 0
	for i, r := range f.S {
		a, b := f.Span(i, i+utf8.RuneLen(r))
		if a < 0 || b > len(f.Orig) || a > b {
			t.Fatalf("Span(%d,%d) = %d,%d outside input of %d bytes", i, i+1, a, b, len(f.Orig))
		}
		if !boundary(f.Orig, a) || !boundary(f.Orig, b) {
			t.Fatalf("Span(%d,%d) = %d,%d not on rune boundaries of %q", i, i+1, a, b, f.Orig)
		}
		if a < prevA || b < prevB {
			t.Fatalf("Span(%d,%d) = %d,%d goes backwards from %d,%d", i, i+1, a, b, prevA, prevB)
		}
		prevA, prevB = a, b
	}
}

// boundary reports whether i is where decoding s rune by rune stops; an
// invalid byte is a rune of its own.
func boundary(s string, i int) bool {
	for j := 0; j < len(s); {
		if j >= i {
			return j == i
		}
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
	}
	return i == len(s)
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "ａｎａ＠ｇｍａｉｌ", "4\ufe0f\u20e3", "a\xffb\x00", "٠١٢", "g\u0336", "\u200b\u200b", "ʘ⑧ʘ3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v := Fold(in)
		checkMap(t, v)
		if again := Fold(in); again.S != v.S {
			t.Fatalf("Fold not deterministic: %q vs %q", again.S, v.S)
		}
	})
}

func BenchmarkFoldASCII(b *testing.B) {
	s := strings.Repeat("Thanks, the milestone is funded; I will start on the landing page tomorrow. ", 4)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Fold(s)
	}
}

func BenchmarkFoldMixed(b *testing.B) {
	s := strings.Repeat("Привет! Мой номер ٠١٠١٢٣ и почта ａｎａ＠ｇｍａｉｌ．ｃｏｍ, напишите. ", 4)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Fold(s)
	}
}

// TestPlainASCII checks the eight-bytes-at-a-time fast path of Fold
// against a byte-by-byte reading: every byte value at every position of
// the first two words and the tail.
func TestPlainASCII(t *testing.T) {
	ref := func(s string) (plain, upper bool) {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf || (c < ' ' && c != '\n' && c != '\t' && c != '\r') {
				return false, false
			}
			upper = upper || 'A' <= c && c <= 'Z'
		}
		return true, upper
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 19; pos++ {
			b := []byte("ab~z@[`{0123456789xy")[:19]
			b[pos] = byte(c)
			s := string(b)
			p, u := plainASCII(s)
			if rp, ru := ref(s); p != rp || u != ru {
				t.Fatalf("plainASCII(%q) = %v, %v; want %v, %v", s, p, u, rp, ru)
			}
			if p {
				if got, want := asciiLower(s), strings.ToLower(s); got != want {
					t.Fatalf("asciiLower(%q) = %q; want %q", s, got, want)
				}
			}
			low := make([]byte, len(s))
			p2, u2 := plainASCIILower(low, s)
			if p2 != p || u2 != u {
				t.Fatalf("plainASCIILower(%q) = %v, %v; want %v, %v", s, p2, u2, p, u)
			}
			if p && string(low) != strings.ToLower(s) {
				t.Fatalf("plainASCIILower(%q) wrote %q; want %q", s, low, strings.ToLower(s))
			}
		}
	}
}

// TestFoldWithReusesScratch checks that folding one text after another
// with the same Scratch gives each the view Fold gives it, offsets
// included, while the Scratch's memory is reused.
func TestFoldWithReusesScratch(t *testing.T) {
	texts := []string{
		"Reach me at ANA.LIMA@GMAIL.COM", "gmаil.cоm with Cyrillic letters", "plain text",
		"①②③ ４５６ ⑦⑧⑨", "a\u200bn\u200ba at gmail", "SHORT", "ﬁle ﬂow ＡＢＣ", "", "\xff\xfe bad bytes",
		strings.Repeat("Long line with é and 👍 ", 400),
	}
	var sc Scratch
	var got Text
	for round := 0; round < 2; round++ {
		for _, s := range texts {
			FoldWith(&got, s, &sc)
			want := Fold(s)
			if got.S != want.S || got.Lower != want.Lower {
				t.Fatalf("FoldWith(%.40q): S %.40q Lower %.40q, want %.40q %.40q", s, got.S, got.Lower, want.S, want.Lower)
			}
			for i := 0; i < len(got.S); i++ {
				a, b := got.Span(i, i+1)
				if wa, wb := want.Span(i, i+1); a != wa || b != wb {
					t.Fatalf("FoldWith(%.40q): byte %d maps to [%d,%d), Fold's to [%d,%d)", s, i, a, b, wa, wb)
				}
			}
		}
	}
	if cap(sc.start) == 0 || cap(sc.lower) == 0 {
		t.Errorf("the Scratch kept no memory: lower %d, map %d", cap(sc.lower), cap(sc.start))
	}
	if sc.Holds("x") {
		t.Error("Holds reports a string outside its memory")
	}
	FoldWith(&got, "UPPER CASE", &sc)
	if !sc.Holds(got.Lower) {
		t.Error("Holds misses the lower-cased copy it wrote")
	}
	sc.Release(8)
	if cap(sc.lower) != 0 || cap(sc.start) != 0 {
		t.Error("Release kept buffers larger than its limit")
	}
}
