package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFoldConfusable(t *testing.T) {
	tests := []struct {
		r    rune
		want rune
		ok   bool
	}{
		// Cyrillic, case kept.
		{'а', 'a', true}, {'е', 'e', true}, {'о', 'o', true}, {'р', 'p', true}, {'с', 'c', true},
		{'х', 'x', true}, {'у', 'y', true}, {'і', 'i', true}, {'ј', 'j', true}, {'ѕ', 's', true},
		{'һ', 'h', true}, {'ԁ', 'd', true}, {'ԛ', 'q', true}, {'ԝ', 'w', true}, {'ӏ', 'l', true},
		{'к', 'k', true},
		{'А', 'A', true}, {'В', 'B', true}, {'Е', 'E', true}, {'К', 'K', true}, {'М', 'M', true},
		{'Н', 'H', true}, {'О', 'O', true}, {'Р', 'P', true}, {'С', 'C', true}, {'Т', 'T', true},
		{'Х', 'X', true}, {'У', 'Y', true}, {'І', 'I', true}, {'Ј', 'J', true}, {'Ѕ', 'S', true},
		// Greek.
		{'α', 'a', true}, {'ο', 'o', true}, {'ν', 'v', true}, {'ρ', 'p', true}, {'τ', 't', true},
		{'ι', 'i', true}, {'κ', 'k', true},
		{'Α', 'A', true}, {'Β', 'B', true}, {'Ε', 'E', true}, {'Ζ', 'Z', true}, {'Η', 'H', true},
		{'Ι', 'I', true}, {'Κ', 'K', true}, {'Μ', 'M', true}, {'Ν', 'N', true}, {'Ο', 'O', true},
		{'Ρ', 'P', true}, {'Τ', 'T', true}, {'Υ', 'Y', true}, {'Χ', 'X', true},
		// Armenian.
		{'օ', 'o', true}, {'ո', 'n', true}, {'ս', 'u', true}, {'հ', 'h', true}, {'Օ', 'O', true},
		// Cherokee.
		{'Ꭺ', 'A', true}, {'Ᏼ', 'B', true}, {'Ꮯ', 'C', true}, {'Ꭰ', 'D', true}, {'Ꭼ', 'E', true},
		{'Ꮋ', 'H', true}, {'Ꭻ', 'J', true}, {'Ꮶ', 'K', true}, {'Ꮮ', 'L', true}, {'Ꮇ', 'M', true},
		{'Ꮲ', 'P', true}, {'Ꮪ', 'S', true}, {'Ꭲ', 'T', true}, {'Ꮩ', 'V', true}, {'Ꮃ', 'W', true},
		{'Ꮓ', 'Z', true},
		// Latin small capitals and other letters.
		{'ᴀ', 'a', true}, {'ʙ', 'b', true}, {'ᴄ', 'c', true}, {'ᴅ', 'd', true}, {'ᴇ', 'e', true},
		{'ꜰ', 'f', true}, {'ɢ', 'g', true}, {'ʜ', 'h', true}, {'ɪ', 'i', true}, {'ᴊ', 'j', true},
		{'ᴋ', 'k', true}, {'ʟ', 'l', true}, {'ᴍ', 'm', true}, {'ɴ', 'n', true}, {'ᴏ', 'o', true},
		{'ᴘ', 'p', true}, {'ʀ', 'r', true}, {'ꜱ', 's', true}, {'ᴛ', 't', true}, {'ᴜ', 'u', true},
		{'ᴠ', 'v', true}, {'ᴡ', 'w', true}, {'ʏ', 'y', true}, {'ᴢ', 'z', true},
		{'ı', 'i', true}, {'ɡ', 'g', true}, {'ɑ', 'a', true}, {'ʘ', 'o', true}, {'⍺', 'a', true},
		{'ǀ', 'l', true},
		// Lisu.
		{'ꓮ', 'A', true}, {'ꓳ', 'O', true}, {'ꓢ', 'S', true},
		// Digits by value, whatever they look like.
		{'٥', '5', true}, // Arabic-Indic five, TR39 shape "o"
		{'۷', '7', true}, // Extended Arabic-Indic seven
		{'৪', '4', true}, // Bengali four, TR39 shape "8"
		{'०', '0', true}, // Devanagari zero
		{'९', '9', true}, // Devanagari nine
		{'๓', '3', true}, // Thai three
		{'၀', '0', true}, // Myanmar zero
		{'〇', '0', true}, // ideographic zero
		{'❶', '1', true}, // dingbat negative circled one
		{'➈', '9', true}, // dingbat circled sans-serif nine
		{'➊', '1', true}, // dingbat negative circled sans-serif one
		{'⓵', '1', true}, // double circled one
		{'⓿', '0', true}, // negative circled zero
		{'🄋', '0', true}, // dingbat circled sans-serif zero
		{'𝟘', '0', true}, // mathematical double-struck zero, if NFKC was skipped
		// ASCII unchanged.
		{'a', 'a', false}, {'Z', 'Z', false}, {'0', '0', false}, {'@', '@', false}, {' ', ' ', false},
		// Real letters with accents, kept.
		{'é', 'é', false}, {'ñ', 'ñ', false}, {'ü', 'ü', false}, {'ç', 'ç', false}, {'ß', 'ß', false},
		{'ł', 'ł', false}, {'ș', 'ș', false}, {'ğ', 'ğ', false},
		// Cyrillic and Greek letters that look like no ASCII letter or digit,
		// or only like a digit (З 3, б 6: kept so words do not become digits).
		{'ж', 'ж', false}, {'д', 'д', false}, {'б', 'б', false}, {'З', 'З', false}, {'з', 'з', false},
		{'л', 'л', false}, {'я', 'я', false}, {'Σ', 'Σ', false}, {'λ', 'λ', false},
		// Other scripts kept: Arabic and Hebrew letters, CJK, Devanagari.
		{'ا', 'ا', false}, {'ه', 'ه', false}, {'ו', 'ו', false}, {'ס', 'ס', false},
		{'微', '微', false}, {'信', '信', false}, {'号', '号', false}, {'क', 'क', false},
		// Symbols and emoji kept.
		{'😀', '😀', false}, {'📱', '📱', false}, {'⭕', '⭕', false}, {'○', '○', false},
		{'◯', '◯', false}, {'×', '×', false}, {'∨', '∨', false}, {'❿', '❿', false},
		{'\u200b', '\u200b', false}, {utf8.RuneError, utf8.RuneError, false},
	}
	for _, tt := range tests {
		got, ok := FoldConfusable(tt.r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FoldConfusable(%q U+%04X) = %q, %v, want %q, %v", tt.r, tt.r, got, ok, tt.want, tt.ok)
		}
	}
}

// TestFoldConfusableTR39 checks pairs taken from Unicode TR39
// confusables.txt, where the table follows it.
func TestFoldConfusableTR39(t *testing.T) {
	pairs := map[rune]rune{
		0x0430: 'a', 0x0435: 'e', 0x043E: 'o', 0x0440: 'p', 0x0441: 'c', 0x0445: 'x', 0x0443: 'y',
		0x0455: 's', 0x0456: 'i', 0x0458: 'j', 0x04BB: 'h', 0x0501: 'd', 0x051B: 'q', 0x051D: 'w',
		0x0410: 'A', 0x0412: 'B', 0x0415: 'E', 0x041A: 'K', 0x041C: 'M', 0x041D: 'H', 0x041E: 'O',
		0x0420: 'P', 0x0421: 'C', 0x0422: 'T', 0x0425: 'X', 0x0405: 'S', 0x0408: 'J',
		0x03B1: 'a', 0x03BF: 'o', 0x03BD: 'v', 0x03C1: 'p', 0x03B9: 'i', 0x0391: 'A', 0x039F: 'O',
		0x0585: 'o', 0x0578: 'n', 0x057D: 'u', 0x0570: 'h',
		0x0131: 'i', 0x0261: 'g', 0x0251: 'a', 0x237A: 'a', 0x01C0: 'l', 0x04C0: 'l',
		0x1D04: 'c', 0x1D0F: 'o', 0x1D1C: 'u', 0x1D20: 'v', 0x1D21: 'w', 0x1D22: 'z', 0xA731: 's',
		0x13A0: 'D', 0x13AA: 'A', 0x13DF: 'C', 0x13E2: 'P', 0xA4EE: 'A', 0xA4F3: 'O',
	}
	for r, want := range pairs {
		if got, ok := FoldConfusable(r); got != want || !ok {
			t.Errorf("FoldConfusable(%q U+%04X) = %q, %v, want %q, true", r, r, got, ok, want)
		}
	}
}

func TestConfusableTableInvariants(t *testing.T) {
	for r, c := range confusableASCII {
		if r < utf8.RuneSelf {
			t.Errorf("table key %q is ASCII", r)
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			t.Errorf("table value for %q U+%04X is %q, not an ASCII letter or digit", r, r, c)
		}
		// The caller applies NFKC first: an entry NFKC changes would be
		// either a duplicate or unreachable.
		if s := string(r); norm.NFKC.String(s) != s {
			t.Errorf("table key %q U+%04X is not NFKC-stable (NFKC gives %q)", r, r, norm.NFKC.String(s))
		}
		if unicode.Is(unicode.Nd, r) {
			t.Errorf("table key %q U+%04X is a decimal digit, folded by value instead", r, r)
		}
		if !unicode.IsPrint(r) {
			t.Errorf("table key U+%04X is not printable", r)
		}
	}
}

// TestFoldConfusableDigits checks every decimal digit of every script
// against the position in its run of ten.
func TestFoldConfusableDigits(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Nd, r) {
			continue
		}
		n++
		k := 0
		for unicode.Is(unicode.Nd, r-rune(k)-1) {
			k++
		}
		want := '0' + rune(k%10)
		if got, ok := FoldConfusable(r); got != want || !ok {
			t.Errorf("FoldConfusable(%q U+%04X) = %q, %v, want %q, true", r, r, got, ok, want)
		}
	}
	if n < 500 {
		t.Errorf("only %d non-ASCII decimal digits checked", n)
	}
}

// foldString is how the caller uses FoldConfusable, after NFKC.
func foldString(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if c, ok := FoldConfusable(r); ok {
			r = c
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestFoldConfusableCorpus(t *testing.T) {
	// Messages from shared/corpus/dev.jsonl.
	tests := []struct{ in, want string }{
		{"WhatsApp me on ʘ⑧ʘ3 1②3 4567", "WhatsApp me on o8o3 123 4567"},
		{"giulia.rοmano@gmail.cοm", "giulia.romano@gmail.com"},
		{"12ММsRYZхТgуМКМРVvhМаНрDkНhсРNgsсs", "12MMsRYZxTgyMKMPVvhMaHpDkHhcPNgscs"},
		{"📱 ⓪⑧⓪③ ①②③ ④⑤⑥⑧", "📱 0803 123 4568"},
		{"ɢᴍᴀɪʟ", "gmail"},
		{"ᏚᏦᎽᏢᎬ", "SKYPE"},
		{"٠٣٠٠١٢٣٤٥٦٧", "03001234567"},
		{"café señor 微信号", "café señor 微信号"},
	}
	for _, tt := range tests {
		if got := foldString(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldConfusableAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		FoldConfusable('а')
		FoldConfusable('٥')
		FoldConfusable('微')
	}); n != 0 {
		t.Errorf("FoldConfusable allocates %v times, want 0", n)
	}
}
