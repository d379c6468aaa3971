package normalize

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NumClass says how a number word combines with the words around it when a
// number is dictated.
type NumClass uint8

// The classes of number words. The zero NumClass is not a class, so that a
// zero NumWord is never mistaken for "zero".
const (
	// Unit is a digit word, 0 to 9: "seven", "сім", "saat", "không".
	Unit NumClass = iota + 1
	// Teen is a single word worth two digits that does not take a unit
	// after it: 10 to 19 ("eleven", "onze", "baarah"), and every other
	// one-word 2-digit value of languages that do not build 21 from 20
	// and 1 (Hindi "bees" 20, "pachas" 50), or compounds written as one
	// token ("soixante-dix" 70, "dreiundzwanzig" 23, "ventitré" 23).
	Teen
	// Tens is a round tens word that a following unit completes:
	// "twenty" (+ "five" = 25), "двадцять", "vingt", Turkish "on" (10),
	// Vietnamese "mười" (10). The multipliers "puluh" (Indonesian) and
	// "mươi" (Vietnamese) are Tens with Value 10: after a unit they
	// multiply it ("dua puluh" = 20).
	Tens
	// Hundred is a word worth 100 to 999. Value is the word's own value:
	// "сто" and "hundred" are both 100, "двісті" 200, "cinquecento" 500,
	// "hundertdrei" 103. Words that multiply a unit said before them
	// ("hundred", "cent", "hundert", "cento", "yüz", "trăm", "ratus",
	// "sute", "مئة") are stored as 100 like "сто"; SpellDigits knows them
	// and reads "one hundred" and "deux cents" as 100 and 200, whereas
	// "сто" never multiplies. A round hundred takes a following tens,
	// teen or unit ("сто двадцять три" = 123).
	Hundred
	// Repeat repeats the next digit word Value times: "double" (2),
	// "triple" (3), Spanish "doble".
	Repeat
	// Oh is a letter name used as zero, English "oh" and "o". It counts
	// as a digit only next to another number word.
	Oh
)

// nwDigits marks a token made only of ASCII digits inside SpellDigits; it
// is never returned by NumberWord.
const nwDigits NumClass = 255

// String returns the class name, for test messages and debugging.
func (c NumClass) String() string {
	switch c {
	case Unit:
		return "Unit"
	case Teen:
		return "Teen"
	case Tens:
		return "Tens"
	case Hundred:
		return "Hundred"
	case Repeat:
		return "Repeat"
	case Oh:
		return "Oh"
	}
	return "NumClass(" + strconv.Itoa(int(c)) + ")"
}

// NumWord is what a number word is worth and how it combines.
type NumWord struct {
	Value int
	Class NumClass
}

// NumberWord reports whether w, one lower-case word, is a number word in
// one of the supported languages (English, Spanish, Portuguese, French,
// German, Italian, Romanian, Russian, Ukrainian, Polish, Turkish, Hindi and
// Urdu in Latin, Devanagari and Urdu script, Bengali in Latin and Bengali
// script, Tagalog, Indonesian and Malay, Vietnamese, Arabic in Arabic
// script and Arabizi, and Russian and Ukrainian transliterated), and what
// it is worth.
//
// Apostrophes (' ’ ʼ ‘ ` ´) are ignored, so "п'ять", "пʼять" and "пять"
// are the same word, as are "arba'a" and "arbaa". Spellings without
// diacritics are accepted ("tres", "funf", "piec", "khong"); a spelling
// with diacritics that no language uses is accepted too but reported as
// ambiguous ("très" is French for "very"), except in Vietnamese, whose tone
// marks tell words apart: "hải" (sea) is not "hai" (two). Words written as
// one token are parsed: German "dreiundzwanzig", French "vingt-trois" and
// "soixante-dix-sept", Italian "centoventitré", English "twenty-one", and
// Arabic "وعشرون" ("and twenty"). The class of a compound follows its
// value (see NumClass).
//
// Many number words are also ordinary words; see IsAmbiguousNumberWord.
func NumberWord(w string) (NumWord, bool) {
	e, ok := nwLookup(w)
	if !ok || e.c == nwDigits {
		return NumWord{}, false
	}
	return NumWord{Value: int(e.v), Class: e.c}, true
}

// MayBeNumberWord reports false for most words that are no number word,
// at the cost of a table look-up: ASCII words whose first letters start
// no number word of any language. True means NumberWord must decide.
func MayBeNumberWord(w string) bool {
	return w != "" && len(w) <= nwMaxWord && !nwNoNumberASCII(w)
}

// IsAmbiguousNumberWord reports whether w is a number word that is also a
// frequent ordinary word, in English or in one of the languages above:
// "do" (en verb, hi 2), "one" (en pronoun), "on" (en, tr 10), "hai" (hi "is", vi 2), "ba" (vi "father", 3), "năm" (vi "year", 5),
// "không" (vi "not", 0), "tin", "char", "lima", "un", "una", "sei" (it
// "you are"), "sto" (it "I am"), "bir" (tr "a"), "ek" (hi "a"), and so on.
// A caller should accept such a word only inside a run that also holds
// unambiguous number words or digits. It returns false for words that are
// not number words at all.
func IsAmbiguousNumberWord(w string) bool {
	e, ok := nwLookup(w)
	return ok && e.c != nwDigits && e.f&nwAmb != 0
}

// MaxDigitsPerNumberWord is the most digits SpellDigits reads per word
// it uses: a round hundred alone ("hundred" = "100"), a compound
// ("zweihundertzwölf" = "212"), a repeat ("triple five" = "555" over two
// words). A caller can bound the digits of a run of words without
// reading it.
const MaxDigitsPerNumberWord = 3

// SpellDigits reads number words from the start of words, each a lower-case
// token as for NumberWord, and returns the digits they dictate and how many
// tokens it used. It stops at the first token that is not part of the
// number; used is 0 when the first token does not start one. A token made
// only of ASCII digits is taken as those digits, so a run mixing words and
// digits ("nine", "1", "seven") reads as one number.
//
// Dictation rules:
//   - a unit is one digit, a teen two: "nine one" = "91", "onze" = "11";
//   - tens take a following unit: "forty five" = "45", "vingt et un" =
//     "21", "treinta y dos" = "32", "dua puluh tiga" = "23"; alone they
//     are two digits: "twenty" = "20";
//   - a unit before a multiplier multiplies it: "one hundred" = "100",
//     "deux cents" = "200", "dua puluh" = "20", "dua belas" = "12";
//   - a round hundred takes a following tens, teen or unit, with an
//     optional "and", "и", "і", "y", "e", "lẻ" between: "сто двадцять три"
//     = "123", "five hundred and twenty" = "520";
//   - a repeat word repeats the next digit: "double four" = "44",
//     "triple five" = "555";
//   - "oh" and "o" are "0" only next to another number word or digit:
//     "oh seven" = "07", "seven oh" = "70", a lone "oh" is nothing;
//   - German and Arabic say the unit first: "drei und zwanzig" = "23",
//     "ثلاثة وعشرون" = "23".
//
// The whole number is appended without separators: "сто двадцять три
// сорок п'ять" = "12345". SpellDigits does not judge ambiguity; see
// IsAmbiguousNumberWord. It runs in time linear in the tokens used and
// allocates only the returned string.
func SpellDigits(words []string) (digits string, used int) {
	var arr [32]byte
	out := arr[:0]
	i := 0
	for i < len(words) {
		e, ok := nwLookup(words[i])
		if !ok {
			break
		}
		if e.c == Oh {
			// Romanian "o sută" is a group of its own.
			if g := nwGroup(words[i:]); g.n > 0 {
				out, i = g.append(out), i+g.n
				continue
			}
			j := i + 1
			for j < len(words) {
				if e2, ok := nwLookup(words[j]); !ok || e2.c != Oh {
					break
				}
				j++
			}
			if len(out) == 0 && !nwStartsGroup(words[j:]) {
				break
			}
			for ; i < j; i++ {
				out = append(out, '0')
			}
			continue
		}
		g := nwGroup(words[i:])
		if g.n == 0 {
			break
		}
		out, i = g.append(out), i+g.n
	}
	if i == 0 {
		return "", 0
	}
	return string(out), i
}

// nwFlag holds the properties of a word beyond its class.
type nwFlag uint16

const (
	nwAmb        nwFlag = 1 << iota // also a frequent ordinary word
	nwMulHundred                    // multiplies a preceding unit by 100
	nwMulTen                        // multiplies a preceding unit by 10
	nwTeenSuffix                    // adds 10 to a preceding unit
	nwTakesTeen                     // tens that add a following teen (fr 60, 80)
	nwTeenBase                      // French "dix": "dix sept" = 17
	nwQuatre                        // French "quatre": "quatre vingt" = 80
	nwVingt                         // French "vingt(s)" after "quatre"
)

// nwEntry is a looked-up word.
type nwEntry struct {
	v int32
	c NumClass
	f nwFlag
}

// nwMaxWord bounds the bytes of a word; no number word is longer, and it
// lets lookups work in stack buffers.
const nwMaxWord = 64

// nwLookup finds w: exact canonical form first, then compounds, then the
// form without diacritics.
func nwLookup(w string) (nwEntry, bool) {
	if w == "" || len(w) > nwMaxWord {
		return nwEntry{}, false
	}
	if nwNoNumberASCII(w) {
		return nwEntry{}, false
	}
	return nwLookupSlow(w)
}

// nwLookupSlow is nwLookup without the quick rejection of ASCII words.
func nwLookupSlow(w string) (nwEntry, bool) {
	if nwAllDigits(w) {
		e := nwEntry{v: -1, c: nwDigits}
		if len(w) == 1 {
			e.v = int32(w[0] - '0')
		}
		return e, true
	}
	var cb [nwMaxWord]byte
	k, viet := nwCanon(cb[:0], w)
	if len(k) == 0 {
		return nwEntry{}, false
	}
	if e, ok := nwTable[string(k)]; ok {
		return e, true
	}
	if e, ok := nwCompound(k); ok {
		return e, true
	}
	if viet {
		// Vietnamese tone marks are part of the word.
		return nwEntry{}, false
	}
	var fb [nwMaxWord]byte
	f := nwFold(fb[:0], k)
	if bytes.Equal(f, k) {
		return nwEntry{}, false
	}
	if e, ok := nwTable[string(f)]; ok {
		// Diacritics that no spelling of the number has: a misspelling
		// or another word ("très"), so never proof on its own.
		e.f |= nwAmb
		return e, true
	}
	return nwCompound(f)
}

// nwNoNumberASCII reports whether w, a word of ASCII letters, cannot be a
// number word. Most words a phone scan looks up are ordinary words; for
// one of ASCII letters, nwLookup can only succeed on a table key (which
// is ASCII and lower-case, as the word's canonical form is) or on a
// German or Italian compound, which starts with one of nwCompoundStarts,
// of three letters or more. So a word of one or two letters must be a
// key, one of three a key or a compound start, and a longer
// one must start with the first three and the first four letters of a
// key or of a compound start (any fourth letter after a start of three).
// Other words are left to the full lookup.
func nwNoNumberASCII(w string) bool {
	if len(w) == 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	a := int(w[0] | 0x20 - 'a')
	if len(w) == 1 {
		return nwOneLetter&(1<<a) == 0
	}
	b := int(w[1] | 0x20 - 'a')
	if len(w) == 2 {
		return nwTwoLetter[a]&(1<<b) == 0
	}
	k := (a*26+b)*26 + int(w[2]|0x20-'a')
	if nwStarts3[k/64]&(1<<(k%64)) == 0 {
		return true
	}
	if len(w) == 3 {
		return nwWords3[k/64]&(1<<(k%64)) == 0
	}
	k = k*26 + int(w[3]|0x20-'a')
	return nwStarts4[k/64]&(1<<(k%64)) == 0
}

// nwCompoundStarts are what nwGerman and nwItalian compounds start with:
// "hundert", a German unit stem, an Italian hundreds or tens prefix.
func nwCompoundStarts() []string {
	out := []string{string(nwHundert)}
	for k := range nwDeStem {
		out = append(out, k)
	}
	for _, p := range nwItHundreds {
		out = append(out, p.p)
	}
	for _, p := range nwItTens {
		out = append(out, p.p)
	}
	return out
}

// nwOneLetter has bit a set for the one-letter key 'a'+a; nwTwoLetter
// has bit b of entry a set for the two-letter key of ASCII letters 'a'+a,
// 'a'+b; nwStarts3 has bit (a*26+b)*26+c set when a longer number word of
// ASCII letters may start with those three letters, and nwStarts4 the
// same for four letters; nwWords3 has the bit of a key or compound start
// of three letters.
var nwOneLetter, nwTwoLetter, nwStarts3, nwStarts4, nwWords3 = func() (one uint32, two [26]uint32, three [(26*26*26 + 63) / 64]uint64, four [(26*26*26*26 + 63) / 64]uint64, words3 [(26*26*26 + 63) / 64]uint64) {
	add := func(k string, anyFourth bool) {
		for i := 0; i < len(k); i++ {
			if k[i] < 'a' || k[i] > 'z' {
				return
			}
		}
		switch {
		case len(k) == 1:
			one |= 1 << (k[0] - 'a')
		case len(k) == 2:
			two[k[0]-'a'] |= 1 << (k[1] - 'a')
		default:
			n := (int(k[0]-'a')*26+int(k[1]-'a'))*26 + int(k[2]-'a')
			three[n/64] |= 1 << (n % 64)
			if len(k) == 3 {
				words3[n/64] |= 1 << (n % 64)
			}
			for c := 0; c < 26; c++ {
				if len(k) > 3 && c == int(k[3]-'a') || len(k) == 3 && anyFourth {
					m := n*26 + c
					four[m/64] |= 1 << (m % 64)
				}
			}
		}
	}
	for k := range nwTable {
		add(k, false)
	}
	for _, k := range nwCompoundStarts() {
		if len(k) < 3 { // none is; then any letters may follow
			panic("normalize: a compound start of fewer than three letters: " + k)
		}
		add(k, true)
	}
	return
}()

func nwAllDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// nwCanon appends the canonical form of w to dst: lower case, apostrophes
// removed, Romanian and Turkish cedillas unified (ş ţ as ș ț), Arabic
// letter variants unified (أ إ آ ٱ as ا, ة as ه, ى and ی as ي, ک as ك) and
// Arabic vowel marks and tatweel removed. It reports whether w has letters
// only Vietnamese uses.
func nwCanon(dst []byte, w string) ([]byte, bool) {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// The common case, byte by byte: lower-case, apostrophes dropped.
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'' || c == '`':
				continue
			}
			dst = append(dst, c)
		}
		return dst, false
	}
	viet := false
	for _, r := range w {
		r = unicode.ToLower(r)
		switch {
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`' || r == '´' || r == '′':
			continue
		case r == 'ş':
			r = 'ș'
		case r == 'ţ':
			r = 'ț'
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى' || r == 'ی':
			r = 'ي'
		case r == 'ک':
			r = 'ك'
		case r == 'ـ' || (r >= 0x064B && r <= 0x065F) || r == 0x0670:
			continue
		case r == 'ă' || r == 'ơ' || r == 'ư' || r == 'đ' || r == 'ĩ' || r == 'ũ' ||
			(r >= 0x1EA0 && r <= 0x1EF9):
			viet = true
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, viet
}

// nwFold appends src without Latin diacritics: letters of the Latin-1,
// Latin Extended and Latin Extended Additional blocks become their base
// letter (by canonical decomposition), ß becomes ss, and ı ł ø đ ħ, which
// do not decompose, become i l o d h. Other scripts are kept.
func nwFold(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == 'ß':
			dst = append(dst, 's', 's')
		case r == 'ı':
			dst = append(dst, 'i')
		case r == 'ł':
			dst = append(dst, 'l')
		case r == 'ø':
			dst = append(dst, 'o')
		case r == 'đ':
			dst = append(dst, 'd')
		case r == 'ħ':
			dst = append(dst, 'h')
		case r >= 0x0300 && r <= 0x036F:
			// combining accent of a decomposed letter
		case (r >= 0xC0 && r <= 0x24F) || (r >= 0x1E00 && r <= 0x1EFF):
			d := norm.NFD.Properties(src[i : i+size]).Decomposition()
			if len(d) > 0 && d[0] < utf8.RuneSelf {
				dst = append(dst, d[0])
			} else {
				dst = append(dst, src[i:i+size]...)
			}
		default:
			dst = append(dst, src[i:i+size]...)
		}
		i += size
	}
	return dst
}

// nwClassOf gives the class of a compound by its value.
func nwClassOf(v int) NumClass {
	switch {
	case v < 10:
		return Unit
	case v < 100:
		return Teen
	}
	return Hundred
}

var nwWaw = []byte("و")

// nwCompound parses a word that is several number words written as one:
// hyphenated ("vingt-trois"), German and Italian compounds, and Arabic
// tens with the conjunction و attached.
func nwCompound(k []byte) (nwEntry, bool) {
	if bytes.IndexByte(k, '-') >= 0 {
		return nwHyphenated(string(k))
	}
	if bytes.HasPrefix(k, nwWaw) && len(k) > len(nwWaw) {
		if e, ok := nwTable[string(k[len(nwWaw):])]; ok && e.c >= Unit && e.c <= Hundred {
			return e, true
		}
		return nwEntry{}, false
	}
	if v, ok := nwGerman(k); ok {
		return nwEntry{v: int32(v), c: nwClassOf(v)}, true
	}
	if v, ok := nwItalian(k); ok {
		return nwEntry{v: int32(v), c: nwClassOf(v)}, true
	}
	return nwEntry{}, false
}

// nwHyphenated reads "vingt-et-un", "quatre-vingt-dix-sept", "forty-five":
// the parts must form exactly one number by the SpellDigits rules.
func nwHyphenated(s string) (nwEntry, bool) {
	parts := strings.Split(s, "-")
	if len(parts) < 2 || len(parts) > 6 {
		return nwEntry{}, false
	}
	for _, p := range parts {
		e, ok := nwLookup(p)
		if ok && (e.c == nwDigits || e.c == Oh || e.c == Repeat) {
			return nwEntry{}, false
		}
	}
	g := nwGroup(parts)
	if g.n != len(parts) || g.lit != "" || g.rep != 0 || g.v >= 1000 {
		return nwEntry{}, false
	}
	v := g.v
	c := nwClassOf(v)
	if last, ok := nwLookup(parts[len(parts)-1]); ok && last.c == Tens && v >= 20 && v < 100 && v%10 == 0 {
		c = Tens
	}
	return nwEntry{v: int32(v), c: c}, true
}

var (
	nwHundert = []byte("hundert")
	nwUnd     = []byte("und")
)

// nwGerman reads German compounds: [unit]hundert[und]…, unit+und+tens,
// and teens and tens after hundert ("zweihundertzwölf").
func nwGerman(s []byte) (int, bool) {
	v := 0
	if i := bytes.Index(s, nwHundert); i >= 0 {
		h := 1
		if i > 0 {
			u, ok := nwDeStem[string(s[:i])]
			if !ok {
				return 0, false
			}
			h = u
		}
		v = 100 * h
		s = bytes.TrimPrefix(s[i+len(nwHundert):], nwUnd)
		if len(s) == 0 {
			return v, true
		}
	}
	if i := bytes.Index(s, nwUnd); i > 0 {
		u, ok := nwDeStem[string(s[:i])]
		t, ok2 := nwDeTens[string(s[i+len(nwUnd):])]
		if ok && ok2 {
			return v + t + u, true
		}
		return 0, false
	}
	if v > 0 {
		if x, ok := nwDeSmall[string(s)]; ok {
			return v + x, true
		}
	}
	return 0, false
}

var (
	nwDeStem = map[string]int{"ein": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5,
		"sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
	nwDeTens = map[string]int{"zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "fuenfzig": 50,
		"sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}
	nwDeSmall = map[string]int{"eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5,
		"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "zwoelf": 12,
		"dreizehn": 13, "vierzehn": 14, "funfzehn": 15, "fuenfzehn": 15, "sechzehn": 16, "siebzehn": 17,
		"achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50,
		"fuenfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}
)

type nwPrefix struct {
	p string
	v int
}

var (
	nwItHundreds = []nwPrefix{{"novecent", 900}, {"ottocent", 800}, {"settecent", 700}, {"seicent", 600},
		{"cinquecent", 500}, {"quattrocent", 400}, {"trecent", 300}, {"duecent", 200}, {"cent", 100}}
	nwItTens = []nwPrefix{{"venti", 20}, {"vent", 20}, {"trenta", 30}, {"trent", 30}, {"quaranta", 40},
		{"quarant", 40}, {"cinquanta", 50}, {"cinquant", 50}, {"sessanta", 60}, {"sessant", 60},
		{"settanta", 70}, {"settant", 70}, {"ottanta", 80}, {"ottant", 80}, {"novanta", 90}, {"novant", 90}}
	nwItUnits = map[string]int{"uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
		"sette": 7, "otto": 8, "nove": 9}
	nwItSmall = map[string]int{"uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
		"sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13,
		"quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17, "diciotto": 18,
		"diciannove": 19, "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60,
		"settanta": 70, "ottanta": 80, "novanta": 90}
)

// nwItalian reads Italian compounds: tens+unit with or without elision
// ("ventitre", "ventuno", "ventotto") after an optional hundreds prefix
// ("cento", "duecento", …, elided to "cent" before otto/ottanta).
func nwItalian(s []byte) (int, bool) {
	for _, h := range nwItHundreds {
		if !nwHasPrefix(s, h.p) {
			continue
		}
		r := s[len(h.p):]
		if len(r) < 2 || r[0] != 'o' {
			return 0, false
		}
		if x, ok := nwItRest(r[1:]); ok {
			return h.v + x, true
		}
		// "cent" elides its o before otto and ottanta: "centotto" = 108.
		if x, ok := nwItRest(r); ok && (x == 8 || x >= 80 && x <= 89) {
			return h.v + x, true
		}
		return 0, false
	}
	return nwItTensUnit(s)
}

func nwItRest(r []byte) (int, bool) {
	if x, ok := nwItSmall[string(r)]; ok {
		return x, true
	}
	return nwItTensUnit(r)
}

func nwItTensUnit(r []byte) (int, bool) {
	for _, t := range nwItTens {
		if nwHasPrefix(r, t.p) {
			if u, ok := nwItUnits[string(r[len(t.p):])]; ok {
				return t.v + u, true
			}
		}
	}
	return 0, false
}

// nwHasPrefix is bytes.HasPrefix for a string prefix, without converting.
func nwHasPrefix(s []byte, p string) bool {
	return len(s) >= len(p) && string(s[:len(p)]) == p
}

// nwUnitLike reports whether e is a digit: a unit word or a one-digit token.
func nwUnitLike(e nwEntry) bool {
	return e.c == Unit || (e.c == nwDigits && e.v >= 0)
}

// nwStartsGroup reports whether a number starts at ws[0]; it lets a
// leading "oh" count as zero.
func nwStartsGroup(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	return nwGroup(ws).n > 0
}

// nwGroupResult is one number read by nwGroup: the value v, or digit v
// repeated rep times, or the literal digit token lit; n tokens were used.
// It is returned by value rather than appended to a buffer because the
// lookup functions are mutually recursive (hyphenated compounds), which
// would make a buffer passed through them escape to the heap.
type nwGroupResult struct {
	v, rep, n int
	lit       string
}

func (g nwGroupResult) append(out []byte) []byte {
	switch {
	case g.lit != "":
		return append(out, g.lit...)
	case g.rep > 0:
		for k := 0; k < g.rep; k++ {
			out = append(out, byte('0'+g.v))
		}
		return out
	}
	return strconv.AppendInt(out, int64(g.v), 10)
}

// nwGroup reads one number starting at ws[0]; n is 0 if none starts
// there. A lone Oh is left to SpellDigits.
func nwGroup(ws []string) nwGroupResult {
	e0, ok := nwLookup(ws[0])
	if !ok {
		return nwGroupResult{}
	}
	var e1 nwEntry
	ok1 := false
	if len(ws) > 1 {
		e1, ok1 = nwLookup(ws[1])
	}
	switch e0.c {
	case Oh:
		// Romanian "o sută" = 100.
		if ws[0] == "o" && ok1 && e1.f&nwMulHundred != 0 {
			return nwHundredTail(ws, 2, 100)
		}
		return nwGroupResult{}
	case Repeat:
		if ok1 && (nwUnitLike(e1) || e1.c == Oh) {
			return nwGroupResult{v: int(e1.v), rep: int(e0.v), n: 2}
		}
		return nwGroupResult{}
	case nwDigits:
		if e0.v < 0 {
			return nwGroupResult{lit: ws[0], n: 1}
		}
	case Hundred:
		if e0.v%100 == 0 {
			return nwHundredTail(ws, 1, int(e0.v))
		}
		return nwGroupResult{v: int(e0.v), n: 1}
	}
	if ok1 && e1.f&nwMulHundred != 0 && ((nwUnitLike(e0) && e0.v >= 1) || (e0.c == Teen && e0.v <= 19)) {
		return nwHundredTail(ws, 2, int(e0.v)*100)
	}
	v, n := nwBelow100(ws)
	return nwGroupResult{v: v, n: n}
}

// nwHundredTail completes a round hundred h whose words end before ws[i]
// with an optional connector and a number below 100.
func nwHundredTail(ws []string, i, h int) nwGroupResult {
	j := i
	if j < len(ws) && nwIsConnector(ws[j], nwHundredConnectors) {
		j++
	}
	if j < len(ws) {
		if r, n := nwBelow100(ws[j:]); n > 0 && r >= 1 {
			return nwGroupResult{v: h + r, n: j + n}
		}
	}
	return nwGroupResult{v: h, n: i}
}

// nwBelow100 reads a number below 100 at ws[0]: a unit (possibly followed
// by a multiplier of ten or a teen suffix, or by "und"/"و" and tens), a
// teen, or tens with an optional following unit.
func nwBelow100(ws []string) (int, int) {
	e0, ok := nwLookup(ws[0])
	if !ok {
		return 0, 0
	}
	switch {
	case nwUnitLike(e0):
		u := int(e0.v)
		if u >= 1 && len(ws) > 1 {
			if e1, ok := nwLookup(ws[1]); ok {
				switch {
				case e1.f&nwMulTen != 0:
					return nwTensTail(ws, 2, u*10, false)
				case e1.f&nwTeenSuffix != 0:
					return 10 + u, 2
				case e0.f&nwQuatre != 0 && e1.f&nwVingt != 0:
					return nwTensTail(ws, 2, 80, true)
				case e1.c == Tens && e1.v >= 20 && strings.HasPrefix(ws[1], "و"):
					return int(e1.v) + u, 2
				}
			}
			if len(ws) > 2 && nwIsConnector(ws[1], nwReverseConnectors) {
				if e2, ok := nwLookup(ws[2]); ok && e2.c == Tens && e2.v >= 20 && e2.f&nwMulTen == 0 {
					return int(e2.v) + u, 3
				}
			}
		}
		return u, 1
	case e0.c == Teen:
		if e0.f&nwTeenBase != 0 && len(ws) > 1 {
			if e1, ok := nwLookup(ws[1]); ok && nwUnitLike(e1) && e1.v >= 7 && e1.v <= 9 {
				return 10 + int(e1.v), 2
			}
		}
		return int(e0.v), 1
	case e0.c == Tens:
		return nwTensTail(ws, 1, int(e0.v), e0.f&nwTakesTeen != 0)
	}
	return 0, 0
}

// nwTensTail completes tens t whose words end before ws[i] with an
// optional connector and a unit, or for French 60 and 80 a teen.
func nwTensTail(ws []string, i, t int, takesTeen bool) (int, int) {
	j := i
	if j < len(ws) && nwIsConnector(ws[j], nwTensConnectors) {
		j++
	}
	if j >= len(ws) {
		return t, i
	}
	e, ok := nwLookup(ws[j])
	if !ok {
		return t, i
	}
	if nwUnitLike(e) && e.v >= 1 && e.v <= 9 {
		return t + int(e.v), j + 1
	}
	if takesTeen && e.c == Teen && e.v >= 10 && e.v <= 19 {
		if e.f&nwTeenBase != 0 && j+1 < len(ws) {
			if e2, ok := nwLookup(ws[j+1]); ok && nwUnitLike(e2) && e2.v >= 7 && e2.v <= 9 {
				return t + 10 + int(e2.v), j + 2
			}
		}
		return t + int(e.v), j + 1
	}
	return t, i
}

// Connectors allowed inside a number. Between tens and unit: English
// "and" (rare but harmless), Spanish "y", Portuguese "e", French "et",
// Romanian "și", Arabic "و". After a hundred also Russian "и", Ukrainian
// "і"/"й"/"та", Vietnamese "lẻ"/"linh", Tagalog "at". Before tens, after
// the unit: German "und" and Arabic "و".
var (
	nwTensConnectors    = nwSet("and", "y", "e", "et", "și", "si", "و")
	nwHundredConnectors = nwSet("and", "y", "e", "et", "și", "si", "و", "и", "і", "й", "та", "lẻ", "le", "linh", "at")
	nwReverseConnectors = nwSet("und", "و")
)

func nwSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		var b [nwMaxWord]byte
		k, _ := nwCanon(b[:0], w)
		m[string(k)] = true
	}
	return m
}

func nwIsConnector(w string, set map[string]bool) bool {
	if len(w) > nwMaxWord {
		return false
	}
	var b [nwMaxWord]byte
	k, _ := nwCanon(b[:0], w)
	return set[string(k)]
}

// nwDef defines number words: forms separated by "|", all worth v.
type nwDef struct {
	forms string
	v     int
	c     NumClass
	f     nwFlag
}

// nwDefs lists the number words by language. Spellings without diacritics
// are derived automatically from the ones with them; other common
// variants are listed.
var nwDefs = []nwDef{
	// English.
	{"zero|nought|naught", 0, Unit, 0},
	{"oh|o", 0, Oh, 0},
	{"one", 1, Unit, 0},
	{"two", 2, Unit, 0},
	{"three", 3, Unit, 0},
	{"four", 4, Unit, 0},
	{"five", 5, Unit, 0},
	{"six", 6, Unit, 0},
	{"seven", 7, Unit, 0},
	{"eight", 8, Unit, 0},
	{"nine|niner", 9, Unit, 0},
	{"ten", 10, Teen, 0},
	{"eleven", 11, Teen, 0},
	{"twelve", 12, Teen, 0},
	{"thirteen", 13, Teen, 0},
	{"fourteen", 14, Teen, 0},
	{"fifteen", 15, Teen, 0},
	{"sixteen", 16, Teen, 0},
	{"seventeen", 17, Teen, 0},
	{"eighteen", 18, Teen, 0},
	{"nineteen", 19, Teen, 0},
	{"twenty", 20, Tens, 0},
	{"thirty", 30, Tens, 0},
	{"forty|fourty", 40, Tens, 0},
	{"fifty", 50, Tens, 0},
	{"sixty", 60, Tens, 0},
	{"seventy", 70, Tens, 0},
	{"eighty", 80, Tens, 0},
	{"ninety", 90, Tens, 0},
	{"hundred", 100, Hundred, nwMulHundred},
	{"double", 2, Repeat, 0},
	{"triple", 3, Repeat, 0},

	// Spanish.
	{"cero", 0, Unit, 0},
	{"uno|una|un", 1, Unit, 0},
	{"dos", 2, Unit, 0},
	{"tres", 3, Unit, 0},
	{"cuatro", 4, Unit, 0},
	{"cinco", 5, Unit, 0},
	{"seis", 6, Unit, 0},
	{"siete", 7, Unit, 0},
	{"ocho", 8, Unit, 0},
	{"nueve", 9, Unit, 0},
	{"diez", 10, Teen, 0},
	{"once", 11, Teen, 0},
	{"doce", 12, Teen, 0},
	{"trece", 13, Teen, 0},
	{"catorce", 14, Teen, 0},
	{"quince", 15, Teen, 0},
	{"dieciséis", 16, Teen, 0},
	{"diecisiete", 17, Teen, 0},
	{"dieciocho", 18, Teen, 0},
	{"diecinueve", 19, Teen, 0},
	{"veintiuno|veintiún|veintiuna", 21, Teen, 0},
	{"veintidós", 22, Teen, 0},
	{"veintitrés", 23, Teen, 0},
	{"veinticuatro", 24, Teen, 0},
	{"veinticinco", 25, Teen, 0},
	{"veintiséis", 26, Teen, 0},
	{"veintisiete", 27, Teen, 0},
	{"veintiocho", 28, Teen, 0},
	{"veintinueve", 29, Teen, 0},
	{"veinte", 20, Tens, 0},
	{"treinta", 30, Tens, 0},
	{"cuarenta", 40, Tens, 0},
	{"cincuenta", 50, Tens, 0},
	{"sesenta", 60, Tens, 0},
	{"setenta", 70, Tens, 0},
	{"ochenta", 80, Tens, 0},
	{"noventa", 90, Tens, 0},
	{"cien|ciento", 100, Hundred, 0},
	{"cientos", 100, Hundred, nwMulHundred},
	{"doscientos|doscientas", 200, Hundred, 0},
	{"trescientos|trescientas", 300, Hundred, 0},
	{"cuatrocientos|cuatrocientas", 400, Hundred, 0},
	{"quinientos|quinientas", 500, Hundred, 0},
	{"seiscientos|seiscientas", 600, Hundred, 0},
	{"setecientos|setecientas", 700, Hundred, 0},
	{"ochocientos|ochocientas", 800, Hundred, 0},
	{"novecientos|novecientas", 900, Hundred, 0},
	{"doble", 2, Repeat, 0},

	// Portuguese. "meia" (half a dozen) is six in Brazilian dictation.
	{"um|uma", 1, Unit, 0},
	{"dois|duas", 2, Unit, 0},
	{"três", 3, Unit, 0},
	{"quatro", 4, Unit, 0},
	{"meia", 6, Unit, 0},
	{"sete", 7, Unit, 0},
	{"oito", 8, Unit, 0},
	{"nove", 9, Unit, 0},
	{"dez", 10, Teen, 0},
	{"onze", 11, Teen, 0},
	{"doze", 12, Teen, 0},
	{"treze", 13, Teen, 0},
	{"catorze|quatorze", 14, Teen, 0},
	{"quinze", 15, Teen, 0},
	{"dezesseis|dezasseis", 16, Teen, 0},
	{"dezessete|dezassete", 17, Teen, 0},
	{"dezoito", 18, Teen, 0},
	{"dezenove|dezanove", 19, Teen, 0},
	{"vinte", 20, Tens, 0},
	{"trinta", 30, Tens, 0},
	{"quarenta", 40, Tens, 0},
	{"cinquenta|cinqüenta", 50, Tens, 0},
	{"sessenta", 60, Tens, 0},
	{"setenta", 70, Tens, 0},
	{"oitenta", 80, Tens, 0},
	{"noventa", 90, Tens, 0},
	{"cem", 100, Hundred, 0},
	{"cento", 100, Hundred, nwMulHundred}, // also Italian "due cento"
	{"duzentos|duzentas", 200, Hundred, 0},
	{"trezentos|trezentas", 300, Hundred, 0},
	{"quatrocentos|quatrocentas", 400, Hundred, 0},
	{"quinhentos|quinhentas", 500, Hundred, 0},
	{"seiscentos|seiscentas", 600, Hundred, 0},
	{"setecentos|setecentas", 700, Hundred, 0},
	{"oitocentos|oitocentas", 800, Hundred, 0},
	{"novecentos|novecentas", 900, Hundred, 0},

	// French, with Belgian and Swiss tens.
	{"zéro", 0, Unit, 0},
	{"une", 1, Unit, 0},
	{"deux", 2, Unit, 0},
	{"trois", 3, Unit, 0},
	{"quatre", 4, Unit, nwQuatre},
	{"cinq", 5, Unit, 0},
	{"sept", 7, Unit, 0},
	{"huit", 8, Unit, 0},
	{"neuf", 9, Unit, 0},
	{"dix", 10, Teen, nwTeenBase},
	{"douze", 12, Teen, 0},
	{"treize", 13, Teen, 0},
	{"quatorze", 14, Teen, 0},
	{"seize", 16, Teen, 0},
	{"vingt|vingts", 20, Tens, nwVingt},
	{"trente", 30, Tens, 0},
	{"quarante", 40, Tens, 0},
	{"cinquante", 50, Tens, 0},
	{"soixante", 60, Tens, nwTakesTeen},
	{"septante", 70, Tens, 0},
	{"quatre-vingt|quatre-vingts|huitante|octante", 80, Tens, nwTakesTeen},
	{"nonante", 90, Tens, 0},
	{"cent|cents", 100, Hundred, nwMulHundred},

	// German.
	{"null", 0, Unit, 0},
	{"eins|ein|eine", 1, Unit, 0},
	{"zwei|zwo", 2, Unit, 0},
	{"drei", 3, Unit, 0},
	{"vier", 4, Unit, 0},
	{"fünf|fuenf", 5, Unit, 0},
	{"sechs", 6, Unit, 0},
	{"sieben", 7, Unit, 0},
	{"acht", 8, Unit, 0},
	{"neun", 9, Unit, 0},
	{"zehn", 10, Teen, 0},
	{"elf", 11, Teen, 0},
	{"zwölf|zwoelf", 12, Teen, 0},
	{"dreizehn", 13, Teen, 0},
	{"vierzehn", 14, Teen, 0},
	{"fünfzehn|fuenfzehn", 15, Teen, 0},
	{"sechzehn", 16, Teen, 0},
	{"siebzehn", 17, Teen, 0},
	{"achtzehn", 18, Teen, 0},
	{"neunzehn", 19, Teen, 0},
	{"zwanzig", 20, Tens, 0},
	{"dreißig|dreissig", 30, Tens, 0},
	{"vierzig", 40, Tens, 0},
	{"fünfzig|fuenfzig", 50, Tens, 0},
	{"sechzig", 60, Tens, 0},
	{"siebzig", 70, Tens, 0},
	{"achtzig", 80, Tens, 0},
	{"neunzig", 90, Tens, 0},
	{"hundert", 100, Hundred, nwMulHundred},

	// Italian; compounds are parsed by nwItalian.
	{"due", 2, Unit, 0},
	{"tre|tré", 3, Unit, 0},
	{"quattro", 4, Unit, 0},
	{"cinque", 5, Unit, 0},
	{"sei", 6, Unit, 0},
	{"sette", 7, Unit, 0},
	{"otto", 8, Unit, 0},
	{"dieci", 10, Teen, 0},
	{"undici", 11, Teen, 0},
	{"dodici", 12, Teen, 0},
	{"tredici", 13, Teen, 0},
	{"quattordici", 14, Teen, 0},
	{"quindici", 15, Teen, 0},
	{"sedici", 16, Teen, 0},
	{"diciassette", 17, Teen, 0},
	{"diciotto", 18, Teen, 0},
	{"diciannove", 19, Teen, 0},
	{"venti", 20, Tens, 0},
	{"trenta", 30, Tens, 0},
	{"quaranta", 40, Tens, 0},
	{"cinquanta", 50, Tens, 0},
	{"sessanta", 60, Tens, 0},
	{"settanta", 70, Tens, 0},
	{"ottanta", 80, Tens, 0},
	{"novanta", 90, Tens, 0},
	{"duecento", 200, Hundred, 0},
	{"trecento", 300, Hundred, 0},
	{"quattrocento", 400, Hundred, 0},
	{"cinquecento", 500, Hundred, 0},
	{"seicento", 600, Hundred, 0},
	{"settecento", 700, Hundred, 0},
	{"ottocento", 800, Hundred, 0},
	{"novecento", 900, Hundred, 0},

	// Romanian, with the spoken teens ("unșpe"). "o" (one, before "sută")
	// is the English Oh word; SpellDigits reads "o sută" as 100.
	{"unu", 1, Unit, 0},
	{"doi|două", 2, Unit, 0},
	{"trei", 3, Unit, 0},
	{"patru", 4, Unit, 0},
	{"cinci", 5, Unit, 0},
	{"șase", 6, Unit, 0},
	{"șapte", 7, Unit, 0},
	{"opt", 8, Unit, 0},
	{"nouă", 9, Unit, 0},
	{"zece", 10, Teen, 0},
	{"unsprezece|unșpe", 11, Teen, 0},
	{"doisprezece|douăsprezece|doișpe", 12, Teen, 0},
	{"treisprezece|treișpe", 13, Teen, 0},
	{"paisprezece|patrusprezece|paișpe", 14, Teen, 0},
	{"cincisprezece|cinșpe", 15, Teen, 0},
	{"șaisprezece|șaișpe", 16, Teen, 0},
	{"șaptesprezece|șapteșpe", 17, Teen, 0},
	{"optsprezece|optișpe", 18, Teen, 0},
	{"nouăsprezece|nouășpe", 19, Teen, 0},
	{"douăzeci", 20, Tens, 0},
	{"treizeci", 30, Tens, 0},
	{"patruzeci", 40, Tens, 0},
	{"cincizeci", 50, Tens, 0},
	{"șaizeci", 60, Tens, 0},
	{"șaptezeci", 70, Tens, 0},
	{"optzeci", 80, Tens, 0},
	{"nouăzeci", 90, Tens, 0},
	{"sută|sute", 100, Hundred, nwMulHundred},

	// Russian.
	{"ноль|нуль", 0, Unit, 0},
	{"один|одна|одно", 1, Unit, 0},
	{"два|две", 2, Unit, 0},
	{"три", 3, Unit, 0},
	{"четыре", 4, Unit, 0},
	{"пять", 5, Unit, 0},
	{"шесть", 6, Unit, 0},
	{"семь", 7, Unit, 0},
	{"восемь", 8, Unit, 0},
	{"девять", 9, Unit, 0},
	{"десять", 10, Teen, 0},
	{"одиннадцать", 11, Teen, 0},
	{"двенадцать", 12, Teen, 0},
	{"тринадцать", 13, Teen, 0},
	{"четырнадцать", 14, Teen, 0},
	{"пятнадцать", 15, Teen, 0},
	{"шестнадцать", 16, Teen, 0},
	{"семнадцать", 17, Teen, 0},
	{"восемнадцать", 18, Teen, 0},
	{"девятнадцать", 19, Teen, 0},
	{"двадцать", 20, Tens, 0},
	{"тридцать", 30, Tens, 0},
	{"сорок", 40, Tens, 0},
	{"пятьдесят", 50, Tens, 0},
	{"шестьдесят", 60, Tens, 0},
	{"семьдесят", 70, Tens, 0},
	{"восемьдесят", 80, Tens, 0},
	{"девяносто", 90, Tens, 0},
	{"сто", 100, Hundred, 0},
	{"двести", 200, Hundred, 0},
	{"триста", 300, Hundred, 0},
	{"четыреста", 400, Hundred, 0},
	{"пятьсот", 500, Hundred, 0},
	{"шестьсот", 600, Hundred, 0},
	{"семьсот", 700, Hundred, 0},
	{"восемьсот", 800, Hundred, 0},
	{"девятьсот", 900, Hundred, 0},

	// Ukrainian (with the apostrophe removed "п'ять" is Russian "пять").
	{"одне", 1, Unit, 0},
	{"дві", 2, Unit, 0},
	{"чотири", 4, Unit, 0},
	{"п'ять", 5, Unit, 0},
	{"шість", 6, Unit, 0},
	{"сім", 7, Unit, 0},
	{"вісім", 8, Unit, 0},
	{"дев'ять", 9, Unit, 0},
	{"одинадцять", 11, Teen, 0},
	{"дванадцять", 12, Teen, 0},
	{"тринадцять", 13, Teen, 0},
	{"чотирнадцять", 14, Teen, 0},
	{"п'ятнадцять", 15, Teen, 0},
	{"шістнадцять", 16, Teen, 0},
	{"сімнадцять", 17, Teen, 0},
	{"вісімнадцять", 18, Teen, 0},
	{"дев'ятнадцять", 19, Teen, 0},
	{"двадцять", 20, Tens, 0},
	{"тридцять", 30, Tens, 0},
	{"п'ятдесят", 50, Tens, 0},
	{"шістдесят", 60, Tens, 0},
	{"сімдесят", 70, Tens, 0},
	{"вісімдесят", 80, Tens, 0},
	{"дев'яносто", 90, Tens, 0},
	{"двісті", 200, Hundred, 0},
	{"чотириста", 400, Hundred, 0},
	{"п'ятсот", 500, Hundred, 0},
	{"шістсот", 600, Hundred, 0},
	{"сімсот", 700, Hundred, 0},
	{"вісімсот", 800, Hundred, 0},
	{"дев'ятсот", 900, Hundred, 0},

	// Russian and Ukrainian in Latin letters.
	{"nol|nul", 0, Unit, 0},
	{"odin|odyn", 1, Unit, 0},
	{"dva", 2, Unit, 0},
	{"tri|try", 3, Unit, 0},
	{"chetyre|chotyry", 4, Unit, 0},
	{"pyat|pjat", 5, Unit, 0},
	{"shest|shist", 6, Unit, 0},
	{"sem|sim", 7, Unit, 0},
	{"vosem|visim", 8, Unit, 0},
	{"devyat|devjat", 9, Unit, 0},
	{"desyat", 10, Teen, 0},

	// Polish.
	{"jeden|jedna|jedno", 1, Unit, 0},
	{"dwa|dwie", 2, Unit, 0},
	{"trzy", 3, Unit, 0},
	{"cztery", 4, Unit, 0},
	{"pięć", 5, Unit, 0},
	{"sześć", 6, Unit, 0},
	{"siedem", 7, Unit, 0},
	{"osiem", 8, Unit, 0},
	{"dziewięć", 9, Unit, 0},
	{"dziesięć", 10, Teen, 0},
	{"jedenaście", 11, Teen, 0},
	{"dwanaście", 12, Teen, 0},
	{"trzynaście", 13, Teen, 0},
	{"czternaście", 14, Teen, 0},
	{"piętnaście", 15, Teen, 0},
	{"szesnaście", 16, Teen, 0},
	{"siedemnaście", 17, Teen, 0},
	{"osiemnaście", 18, Teen, 0},
	{"dziewiętnaście", 19, Teen, 0},
	{"dwadzieścia", 20, Tens, 0},
	{"trzydzieści", 30, Tens, 0},
	{"czterdzieści", 40, Tens, 0},
	{"pięćdziesiąt", 50, Tens, 0},
	{"sześćdziesiąt", 60, Tens, 0},
	{"siedemdziesiąt", 70, Tens, 0},
	{"osiemdziesiąt", 80, Tens, 0},
	{"dziewięćdziesiąt", 90, Tens, 0},
	{"sto", 100, Hundred, 0},
	{"dwieście", 200, Hundred, 0},
	{"trzysta", 300, Hundred, 0},
	{"czterysta", 400, Hundred, 0},
	{"pięćset", 500, Hundred, 0},
	{"sześćset", 600, Hundred, 0},
	{"siedemset", 700, Hundred, 0},
	{"osiemset", 800, Hundred, 0},
	{"dziewięćset", 900, Hundred, 0},

	// Turkish: 11 is "on bir", ten then one, so "on" is Tens.
	{"sıfır", 0, Unit, 0},
	{"bir", 1, Unit, 0},
	{"iki", 2, Unit, 0},
	{"üç", 3, Unit, 0},
	{"dört", 4, Unit, 0},
	{"beş", 5, Unit, 0},
	{"altı", 6, Unit, 0},
	{"yedi", 7, Unit, 0},
	{"sekiz", 8, Unit, 0},
	{"dokuz", 9, Unit, 0},
	{"on", 10, Tens, 0},
	{"onbir", 11, Teen, 0},
	{"oniki", 12, Teen, 0},
	{"onüç", 13, Teen, 0},
	{"ondört", 14, Teen, 0},
	{"onbeş", 15, Teen, 0},
	{"onaltı", 16, Teen, 0},
	{"onyedi", 17, Teen, 0},
	{"onsekiz", 18, Teen, 0},
	{"ondokuz", 19, Teen, 0},
	{"yirmi", 20, Tens, 0},
	{"otuz", 30, Tens, 0},
	{"kırk", 40, Tens, 0},
	{"elli", 50, Tens, 0},
	{"altmış", 60, Tens, 0},
	{"yetmiş", 70, Tens, 0},
	{"seksen", 80, Tens, 0},
	{"doksan", 90, Tens, 0},
	{"yüz", 100, Hundred, nwMulHundred},

	// Hindi and Urdu in Latin letters (Hinglish, Roman Urdu). Every
	// number below 100 is its own word, so tens are Teen. Left out: "sau"
	// (100), which without diacritics is Vietnamese "sáu" (6), far more
	// common in dictation; and "no" (9, usually "nau"), which is the
	// abbreviation written right before phone numbers ("whatsapp no 0300…").
	{"shunya|shoonya|sunya|shuniya|sifar|siphar", 0, Unit, 0},
	{"ek|aik|ayk", 1, Unit, 0},
	{"do", 2, Unit, 0},
	{"teen|tin", 3, Unit, 0},
	{"char|chaar|chār", 4, Unit, 0},
	{"paanch|panch|paach|panj", 5, Unit, 0},
	{"chhe|chhah|chay|chhey|che|chheh|chha", 6, Unit, 0},
	{"saat|sat", 7, Unit, 0},
	{"aath|aat|ath", 8, Unit, 0},
	{"nau", 9, Unit, 0},
	{"das|dus", 10, Teen, 0},
	{"gyarah|gyara|gyaarah|gyaara|giyarah|gyaraa", 11, Teen, 0},
	{"barah|baarah|bara|baara", 12, Teen, 0},
	{"terah|tera|teraa", 13, Teen, 0},
	{"chaudah|chauda|chaudha|chodah|choudah", 14, Teen, 0},
	{"pandrah|pandra|pandhra", 15, Teen, 0},
	{"solah|sola|solha", 16, Teen, 0},
	{"satrah|satra|sattrah|sattra", 17, Teen, 0},
	{"atharah|athara|attharah|athaarah|athaara", 18, Teen, 0},
	{"unnis|unees|unnees|unis", 19, Teen, 0},
	{"bees|bis", 20, Teen, 0},
	{"ikkis|ikkees", 21, Teen, 0},
	{"bais|baees|baais", 22, Teen, 0},
	{"teis|teyis", 23, Teen, 0},
	{"chaubis|chaubees|chobis", 24, Teen, 0},
	{"pachis|pachees|pachchis|pacchis", 25, Teen, 0},
	{"tees|tis", 30, Teen, 0},
	{"chalis|chaalis|chaalees|chalees", 40, Teen, 0},
	{"pachas|pachaas", 50, Teen, 0},
	{"saath", 60, Teen, 0},
	{"sattar", 70, Teen, 0},
	{"assi|assee", 80, Teen, 0},
	{"nabbe|nabbey|nabbay", 90, Teen, 0},

	// Hindi in Devanagari, Urdu in Urdu script.
	{"शून्य", 0, Unit, 0},
	{"एक", 1, Unit, 0},
	{"दो", 2, Unit, 0},
	{"तीन", 3, Unit, 0},
	{"चार", 4, Unit, 0},
	{"पांच|पाँच", 5, Unit, 0},
	{"छह|छः|छे", 6, Unit, 0},
	{"सात", 7, Unit, 0},
	{"आठ", 8, Unit, 0},
	{"नौ", 9, Unit, 0},
	{"दस", 10, Teen, 0},
	{"ایک", 1, Unit, 0},
	{"دو", 2, Unit, 0},
	{"تین", 3, Unit, 0},
	{"چار", 4, Unit, 0},
	{"پانچ", 5, Unit, 0},
	{"چھ|چھے", 6, Unit, 0},
	{"سات", 7, Unit, 0},
	{"آٹھ", 8, Unit, 0},
	{"نو", 9, Unit, 0},
	{"دس", 10, Teen, 0},

	// Bengali in Latin letters ("ek", "char", "saat", "aat" are shared
	// with Hindi above).
	{"shunno|shunyo|sunno|shoonno|shunnyo", 0, Unit, 0},
	{"dui|dwi", 2, Unit, 0},
	{"pach|pañch", 5, Unit, 0},
	{"chhoy|choy|chhoi|chhoe|chhoye", 6, Unit, 0},
	{"noy|noi", 9, Unit, 0},
	{"dosh", 10, Teen, 0},
	{"egaro|egharo", 11, Teen, 0},
	{"baro", 12, Teen, 0},
	{"tero", 13, Teen, 0},
	{"choddo|chouddo", 14, Teen, 0},
	{"ponero|pondro", 15, Teen, 0},
	{"sholo", 16, Teen, 0},
	{"sotero|shotero", 17, Teen, 0},
	{"atharo|athero", 18, Teen, 0},
	{"unish", 19, Teen, 0},
	{"bish", 20, Teen, 0},
	{"tirish", 30, Teen, 0},
	{"chollish", 40, Teen, 0},
	{"ponchash", 50, Teen, 0},
	{"sottor", 70, Teen, 0},
	{"ashi", 80, Teen, 0},
	{"nobboi|nobbui", 90, Teen, 0},
	{"sho", 100, Hundred, nwMulHundred},
	{"eksho", 100, Hundred, 0},

	// Bengali script (য় both precomposed and as NFKC leaves it).
	{"শূন্য", 0, Unit, 0},
	{"এক", 1, Unit, 0},
	{"দুই", 2, Unit, 0},
	{"তিন", 3, Unit, 0},
	{"চার", 4, Unit, 0},
	{"পাঁচ", 5, Unit, 0},
	{"ছয়|ছয\u09bc", 6, Unit, 0},
	{"সাত", 7, Unit, 0},
	{"আট", 8, Unit, 0},
	{"নয়|নয\u09bc", 9, Unit, 0},
	{"দশ", 10, Teen, 0},

	// Tagalog, with the Spanish-derived numbers used for phone numbers.
	// "dalawampu't" loses its apostrophe and keeps the t of "at" (and).
	{"sero|wala", 0, Unit, 0},
	{"isa", 1, Unit, 0},
	{"dalawa", 2, Unit, 0},
	{"tatlo", 3, Unit, 0},
	{"apat", 4, Unit, 0},
	{"lima", 5, Unit, 0},
	{"anim", 6, Unit, 0},
	{"pito", 7, Unit, 0},
	{"walo", 8, Unit, 0},
	{"siyam", 9, Unit, 0},
	{"kwatro|kuwatro", 4, Unit, 0},
	{"singko|sinko", 5, Unit, 0},
	{"sais", 6, Unit, 0},
	{"siyete|syete", 7, Unit, 0},
	{"otso|otcho", 8, Unit, 0},
	{"nuwebe|nuebe", 9, Unit, 0},
	{"sampu|diyes|dyes", 10, Teen, 0},
	{"labing-isa|labingisa", 11, Teen, 0},
	{"labindalawa|labing-dalawa", 12, Teen, 0},
	{"labintatlo|labing-tatlo", 13, Teen, 0},
	{"labing-apat|labingapat", 14, Teen, 0},
	{"labinlima|labing-lima", 15, Teen, 0},
	{"labing-anim|labinganim", 16, Teen, 0},
	{"labimpito|labing-pito", 17, Teen, 0},
	{"labingwalo|labing-walo", 18, Teen, 0},
	{"labinsiyam|labing-siyam", 19, Teen, 0},
	{"dalawampu|dalawamput", 20, Tens, 0},
	{"tatlumpu|tatlumput", 30, Tens, 0},
	{"apatnapu|apatnaput", 40, Tens, 0},
	{"limampu|limamput", 50, Tens, 0},
	{"animnapu|animnaput", 60, Tens, 0},
	{"pitumpu|pitumput", 70, Tens, 0},
	{"walumpu|walumput", 80, Tens, 0},
	{"siyamnapu|siyamnaput", 90, Tens, 0},
	{"sandaan|isandaan", 100, Hundred, 0},

	// Indonesian and Malay: "dua belas" 12, "dua puluh" 20, "dua ratus"
	// 200 are built from separate words.
	{"kosong", 0, Unit, 0},
	{"satu", 1, Unit, 0},
	{"dua", 2, Unit, 0},
	{"tiga", 3, Unit, 0},
	{"empat", 4, Unit, 0},
	{"enam", 6, Unit, 0},
	{"tujuh", 7, Unit, 0},
	{"delapan|lapan", 8, Unit, 0},
	{"sembilan", 9, Unit, 0},
	{"sepuluh", 10, Teen, 0},
	{"sebelas", 11, Teen, 0},
	{"belas", 10, Teen, nwTeenSuffix},
	{"puluh", 10, Tens, nwMulTen},
	{"seratus", 100, Hundred, 0},
	{"ratus", 100, Hundred, nwMulHundred},

	// Vietnamese. "mốt", "tư", "lăm"/"nhăm" are 1, 4, 5 after tens.
	{"không", 0, Unit, 0},
	{"một|mốt", 1, Unit, 0},
	{"hai", 2, Unit, 0},
	{"ba", 3, Unit, 0},
	{"bốn|tư", 4, Unit, 0},
	{"năm|lăm|nhăm", 5, Unit, 0},
	{"sáu", 6, Unit, 0},
	{"bảy|bẩy", 7, Unit, 0},
	{"tám", 8, Unit, 0},
	{"chín", 9, Unit, 0},
	{"mười|mươi", 10, Tens, nwMulTen},
	{"trăm", 100, Hundred, nwMulHundred},

	// Arabic (in canonical spelling: ة as ه, أ as ا). Teens are unit +
	// "عشر"; colloquial teens are single words.
	{"صفر", 0, Unit, 0},
	{"واحد|واحده|احد", 1, Unit, 0},
	{"اثنان|اثنين|اتنين|اثنتان|اثنتين|اثنا|اثنتا", 2, Unit, 0},
	{"ثلاثه|ثلاث|تلاته|تلات", 3, Unit, 0},
	{"اربعه|اربع", 4, Unit, 0},
	{"خمسه|خمس", 5, Unit, 0},
	{"سته|ست", 6, Unit, 0},
	{"سبعه|سبع", 7, Unit, 0},
	{"ثمانيه|ثمان|ثماني|تمانيه|تمنيه", 8, Unit, 0},
	{"تسعه|تسع", 9, Unit, 0},
	{"عشره|عشر", 10, Teen, nwTeenSuffix},
	{"حداشر", 11, Teen, 0},
	{"اطناشر|اتناشر", 12, Teen, 0},
	{"تلطاشر|تلتاشر", 13, Teen, 0},
	{"اربعتاشر|اربعطاشر", 14, Teen, 0},
	{"خمستاشر|خمسطاشر", 15, Teen, 0},
	{"ستاشر|سطاشر", 16, Teen, 0},
	{"سبعتاشر|سبعطاشر", 17, Teen, 0},
	{"تمنتاشر|تمنطاشر", 18, Teen, 0},
	{"تسعتاشر|تسعطاشر", 19, Teen, 0},
	{"عشرون|عشرين", 20, Tens, 0},
	{"ثلاثون|ثلاثين|تلاتين", 30, Tens, 0},
	{"اربعون|اربعين", 40, Tens, 0},
	{"خمسون|خمسين", 50, Tens, 0},
	{"ستون|ستين", 60, Tens, 0},
	{"سبعون|سبعين", 70, Tens, 0},
	{"ثمانون|ثمانين|تمانين", 80, Tens, 0},
	{"تسعون|تسعين", 90, Tens, 0},
	{"مائه|مئه|ميه", 100, Hundred, nwMulHundred},
	{"مئتان|مئتين|مائتان|مائتين|ميتين", 200, Hundred, 0},
	{"ثلاثمائه|ثلاثمئه|تلتميه", 300, Hundred, 0},
	{"اربعمائه|اربعمئه|ربعميه", 400, Hundred, 0},
	{"خمسمائه|خمسمئه|خمسميه", 500, Hundred, 0},
	{"ستمائه|ستمئه|ستميه", 600, Hundred, 0},
	{"سبعمائه|سبعمئه|سبعميه", 700, Hundred, 0},
	{"ثمانمائه|ثمانمئه|تمنميه", 800, Hundred, 0},
	{"تسعمائه|تسعمئه|تسعميه", 900, Hundred, 0},

	// Arabizi (Arabic in Latin letters, 3 for ع, 7 for ح, 5 for خ).
	{"sifr|sefr", 0, Unit, 0},
	{"wahid|wahed|wa7ed|wa7id|wahad", 1, Unit, 0},
	{"ithnan|ithnain|ithnein|itnen|itnein|etnen|etnein", 2, Unit, 0},
	{"thalatha|thalath|talata|talateh|talate|tlata|tleteh", 3, Unit, 0},
	{"arba'a|arba3a|arba3|arba", 4, Unit, 0},
	{"khamsa|khamse|khamseh|5amsa", 5, Unit, 0},
	{"sitta|sitte|sitteh", 6, Unit, 0},
	{"sab'a|sab3a|saba3", 7, Unit, 0},
	{"thamaniya|thamanya|thamania|tamanya|tamanye|tamaniya|tamania", 8, Unit, 0},
	{"tis'a|tis3a|tes3a|tisaa", 9, Unit, 0},
	{"ashara|ashra|3ashara|3ashra", 10, Teen, 0},
}

// nwAmbiguous lists number words that are also frequent ordinary words,
// by the language that makes them ambiguous. Spellings with diacritics
// that match no number word are ambiguous without being listed.
var nwAmbiguous = []string{
	// English words: pronoun, interjections, "no", "do", verbs, nouns.
	"one", "o", "oh", "double", "triple", "do", "tin", "char", "sat", "bees", "teen", "once",
	"seize", "elf", "null", "due", "opt", "try", "sim", "on", "cent", "cents", "kirk", "sho", "tram",
	"bay", "chin", "bis", "tis",
	// Polish "ten" (this), Spanish, French, Italian, Romanian articles.
	"ten", "un", "una", "uno", "une", "um", "uma", "ein", "eine",
	// Portuguese "dos" (of the), "meia" (half, sock), "doce" (sweet),
	// "sem" (without), "belas" (beautiful); Spanish "cientos".
	"dos", "meia", "doce", "sem", "belas", "cientos", "doble",
	// French "neuf" (new), "nul" (worthless); Italian "sei" (you are),
	// "sto" (I am); Romanian "nouă"/"noua" (new, to us).
	"neuf", "nul", "sei", "sto", "nouă", "noua",
	// Polish "piec" (oven) is "pięć" without diacritics.
	"piec",
	// Turkish "bir" (a), "yüz" (face), "uç" (tip) as "uc", "saat" (hour).
	"bir", "yüz", "yuz", "uc", "saat",
	// Hindi and Urdu: "ek" (a), "hai" (is), "che", "chay" (tea), "das"
	// (German article), "saath" (with), "tera" (your), "bara" (big),
	// "sola", "unis"; Devanagari "एक" (a), "दो" (give); Urdu "ایک", "نو"
	// (Persian new).
	"ek", "che", "chay", "das", "saath", "tera", "bara", "sola", "unis",
	"एक", "दो", "ایک", "نو",
	// Bengali "noy"/"noi" (is not), "baro" (big), "dosh" (fault), "এক",
	// "নয়" (is not).
	"noy", "noi", "baro", "dosh", "এক", "নয়", "নয\u09bc",
	// Tagalog "wala" (nothing), "lima" (Lima, a name), Indonesian and
	// Malay "dua" (prayer), "kosong" (empty).
	"wala", "lima", "dua", "kosong",
	// Vietnamese "không" (not), "một" (a), "mốt" (fashion), "năm" (year),
	// "ba" (father), "hai", "tư" (private); without diacritics "khong",
	// "mot", "nam", "bon" (fr good), "tu", "lam", "sau" (after), "bay"
	// (fly), "tam", "chin".
	"không", "khong", "một", "mốt", "mot", "năm", "nam", "hai", "ba", "tư", "tu", "bon", "lam",
	"sau", "tam",
	// Arabic "ست" (lady), "سبع" (beast), "احد" (someone, Sunday), "ميه"
	// (water in Egyptian); Arabizi "saba" and "tisa" (names), "arba".
	"ست", "سبع", "احد", "ميه", "saba", "tisa", "arba",
}

// nwTable maps canonical spellings, with and without diacritics, to entries.
var nwTable = nwBuild()

// nwConflicts records spellings defined twice with different meanings;
// tests require it to be empty.
var nwConflicts []string

func nwBuild() map[string]nwEntry {
	m := make(map[string]nwEntry, 1400)
	add := func(k string, e nwEntry, plain bool) {
		if old, ok := m[k]; ok {
			if old.v != e.v || old.c != e.c {
				if !plain {
					nwConflicts = append(nwConflicts, k)
				}
			}
			return
		}
		m[k] = e
	}
	for _, d := range nwDefs {
		for _, form := range strings.Split(d.forms, "|") {
			var cb, fb [nwMaxWord]byte
			k, _ := nwCanon(cb[:0], form)
			e := nwEntry{v: int32(d.v), c: d.c, f: d.f}
			add(string(k), e, false)
			if f := nwFold(fb[:0], k); !bytes.Equal(f, k) {
				add(string(f), e, true)
			}
		}
	}
	for _, w := range nwAmbiguous {
		var cb [nwMaxWord]byte
		k, _ := nwCanon(cb[:0], w)
		e, ok := m[string(k)]
		if !ok {
			nwConflicts = append(nwConflicts, "ambiguous but undefined: "+w)
			continue
		}
		e.f |= nwAmb
		m[string(k)] = e
	}
	return m
}
