package normalize

import (
	"unicode"
	"unicode/utf8"
)

// FoldConfusable maps a non-ASCII rune that looks like an ASCII letter or
// digit to that ASCII character, and reports whether it did. Any other rune
// is returned unchanged with false: ASCII itself, letters with accents
// ("é", "ñ" are real letters, not disguises), CJK, emoji, and symbols that
// resemble no ASCII letter or digit.
//
// The caller is expected to have applied NFKC already, so fullwidth forms,
// mathematical alphanumerics, circled and superscript digits, ℓ and the like
// are ASCII by then and are not repeated here; every rune in the table is
// NFKC-stable, so nothing in it is unreachable after NFKC.
//
// Most pairs come from Unicode TR39 confusables.txt
// (https://www.unicode.org/Public/security/latest/confusables.txt, "Unicode
// Security Mechanisms", version 13 data), restricted to entries whose target
// is a single character in [0-9A-Za-z] and to scripts that are used for
// disguise in practice: Latin extensions and IPA, Greek, Cyrillic, Armenian,
// Cherokee, Coptic, Lisu and a few APL and letter-like symbols. Deliberate
// departures from TR39:
//
//   - Case is kept where the look-alike has case: TR39 skeletons send "I",
//     Cyrillic "І" and Greek "Ι" to "l"; here capitals go to "I" so that a
//     Cyrillic capital М still reads as 'M'. Palochka (Ӏ, ӏ), Latin ǀ, Ɩ and
//     Lisu ꓲ, which have no lower/upper I shape of their own, follow TR39 to 'l'.
//   - Added by visual judgment, as used by "fancy text" generators: Latin
//     small capitals missing from TR39 (ᴀ ʙ ᴅ ᴇ ꜰ ɢ ʜ ᴊ ᴋ ʟ ᴍ ɴ ᴘ ꞯ ʀ ᴛ, mapped
//     to lower case), Cyrillic к and Greek κ (TR39 sends them to ĸ), Greek
//     τ, η, ε, χ, ω, and ʘ, which is typed for a zero or an O ("ʘ⑧ʘ3").
//   - Numerals: decimal digits of every script (Arabic-Indic, Devanagari,
//     Bengali, Thai, …) map to their value, not their shape: TR39 sends
//     Arabic-Indic ٥ (five) to "o" and Bengali ৪ (four) to "8", which would
//     turn a genuine phone number into a wrong one. 〇 (ideographic zero)
//     maps to '0', and the dingbat, negative and double circled digits that
//     NFKC leaves alone (❶ ➀ ➊ ⓵ ⓿ 🄋) map to their digit.
//   - Left out although TR39 lists them: letters of scripts whose own text
//     would turn into noise (Arabic ا→l and ه→o, Hebrew, Indic signs,
//     Georgian, Myanmar, Ethiopic, Canadian syllabics, historic scripts),
//     Cyrillic letters that look like digits (З→3, б→6: they would make
//     digits out of ordinary Russian and Ukrainian words next to numbers),
//     and operators (× ∨ ∪ ⊤) that appear in ordinary prose and prices.
//
// Folding Cyrillic and Greek letters to Latin garbles real Russian,
// Ukrainian or Greek words ("сок" becomes "cok"). That is acceptable because
// the folded text is only a view used to look for disguised Latin
// identifiers; callers must read number words and other native text from a
// view without this fold (SpellDigits expects "сто", not "cтo").
func FoldConfusable(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		return r, false
	}
	if c, ok := confusableASCII[r]; ok {
		return rune(c), true
	}
	if unicode.Is(unicode.Nd, r) {
		return '0' + rune(cfDigitValue(r)), true
	}
	return r, false
}

// cfDigitValue returns the value of a decimal digit of any script. Unicode
// encodes every set of Nd digits as a contiguous run from 0 to 9, so runs
// in the Nd range table start at a zero and the value is the offset from
// the start of the run modulo ten.
func cfDigitValue(r rune) int {
	if r <= 0xFFFF {
		for _, rg := range unicode.Nd.R16 {
			if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
				return int(r-lo) % 10
			}
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
			return int(r-lo) % 10
		}
	}
	// Not reached for a rune in Nd; walk back to the start of the run as
	// a fallback in case a future table uses another stride.
	n := 0
	for q := r - 1; unicode.Is(unicode.Nd, q) && n < 100; q-- {
		n++
	}
	return n % 10
}

// confusableASCII is the look-alike table described at FoldConfusable.
// Comments mark entries that are not from TR39 confusables.txt, or that
// differ from it, with "judgment".
var confusableASCII = map[rune]byte{
	// Latin extensions and IPA.
	'ı': 'i', // U+0131 dotless i (Turkish); TR39
	'Ƅ': 'b', // U+0184 tone six; TR39
	'ƍ': 'g', // U+018D turned delta; TR39
	'Ɩ': 'l', // U+0196 capital iota; TR39
	'Ʀ': 'R', // U+01A6 yr; TR39
	'Ƨ': '2', // U+01A7 tone two; TR39
	'Ʒ': '3', // U+01B7 ezh; TR39
	'Ƽ': '5', // U+01BC tone five; TR39
	'ƽ': 's', // U+01BD small tone five; TR39
	'ǀ': 'l', // U+01C0 dental click; TR39
	'Ȝ': '3', // U+021C yogh; TR39
	'Ȣ': '8', // U+0222 ou; TR39
	'ȣ': '8', // U+0223 small ou; TR39
	'ɑ': 'a', // U+0251 alpha; TR39
	'ɡ': 'g', // U+0261 script g; TR39
	'ɣ': 'y', // U+0263 gamma; TR39
	'ɩ': 'i', // U+0269 iota; TR39
	'ɯ': 'w', // U+026F turned m; TR39
	'ʋ': 'u', // U+028B v with hook; TR39
	'ʘ': 'o', // U+0298 bilabial click; judgment: typed for 0/O ("ʘ⑧ʘ3")
	'ᴑ': 'o', // U+1D11 sideways o; TR39
	'ᶃ': 'g', // U+1D83 g with palatal hook; TR39
	'ᶌ': 'y', // U+1D8C v with palatal hook; TR39
	'ẝ': 'f', // U+1E9D long s with high stroke; TR39
	'ỿ': 'y', // U+1EFF y with loop; TR39
	'Ꝛ': '2', // U+A75A r rotunda; TR39
	'Ꝫ': '3', // U+A76A et; TR39
	'Ꝯ': '9', // U+A76E con; TR39
	'Ꞙ': 'F', // U+A798 f with stroke; TR39
	'ꞙ': 'f', // U+A799 small f with stroke; TR39
	'ꞟ': 'u', // U+A79F volapuk ue; TR39
	'Ɜ': '3', // U+A7AB reversed open e; TR39
	'Ʝ': 'J', // U+A7B2 j with crossed-tail; TR39
	'Ꭓ': 'X', // U+A7B3 chi; TR39
	'Ꞵ': 'B', // U+A7B4 beta; TR39
	'ꬲ': 'e', // U+AB32 blackletter e; TR39
	'ꬵ': 'f', // U+AB35 lenis f; TR39
	'ꬽ': 'o', // U+AB3D blackletter o; TR39
	'ꭇ': 'r', // U+AB47 r without handle; TR39
	'ꭈ': 'r', // U+AB48 double r; TR39
	'ꭎ': 'u', // U+AB4E u with short right leg; TR39
	'ꭒ': 'u', // U+AB52 u with left hook; TR39
	'ꭚ': 'y', // U+AB5A y with short right leg; TR39

	// Latin small capitals, to lower case ("ɢᴍᴀɪʟ"). TR39 covers only
	// some of them (ɪ ʏ ᴄ ᴏ ᴜ ᴠ ᴡ ᴢ ꜱ); the rest are judgment, since fancy
	// text generators use the whole alphabet.
	'ᴀ': 'a', // U+1D00; judgment
	'ʙ': 'b', // U+0299; judgment
	'ᴄ': 'c', // U+1D04; TR39
	'ᴅ': 'd', // U+1D05; judgment
	'ᴇ': 'e', // U+1D07; judgment
	'ꜰ': 'f', // U+A730; judgment
	'ɢ': 'g', // U+0262; judgment
	'ʜ': 'h', // U+029C; judgment
	'ɪ': 'i', // U+026A; TR39
	'Ɪ': 'I', // U+A7AE capital small capital I; judgment
	'ᴊ': 'j', // U+1D0A; judgment
	'ᴋ': 'k', // U+1D0B; judgment (TR39: ĸ)
	'ʟ': 'l', // U+029F; judgment
	'ᴍ': 'm', // U+1D0D; judgment
	'ɴ': 'n', // U+0274; judgment
	'ᴏ': 'o', // U+1D0F; TR39
	'ᴘ': 'p', // U+1D18; judgment
	'ꞯ': 'q', // U+A7AF; judgment
	'ʀ': 'r', // U+0280; judgment
	'ꜱ': 's', // U+A731; TR39
	'ᴛ': 't', // U+1D1B; judgment
	'ᴜ': 'u', // U+1D1C; TR39
	'ᴠ': 'v', // U+1D20; TR39
	'ᴡ': 'w', // U+1D21; TR39
	'ʏ': 'y', // U+028F; TR39
	'ᴢ': 'z', // U+1D22; TR39

	// Greek.
	'Α': 'A', // U+0391; TR39
	'Β': 'B', // U+0392; TR39
	'Ε': 'E', // U+0395; TR39
	'Ζ': 'Z', // U+0396; TR39
	'Η': 'H', // U+0397; TR39
	'Ι': 'I', // U+0399; TR39 says l, judgment keeps the capital
	'Κ': 'K', // U+039A; TR39
	'Μ': 'M', // U+039C; TR39
	'Ν': 'N', // U+039D; TR39
	'Ο': 'O', // U+039F; TR39
	'Ρ': 'P', // U+03A1; TR39
	'Τ': 'T', // U+03A4; TR39
	'Υ': 'Y', // U+03A5; TR39
	'Χ': 'X', // U+03A7; TR39
	'Ϳ': 'J', // U+037F yot; TR39
	'Ϝ': 'F', // U+03DC digamma; TR39
	'Ϻ': 'M', // U+03FA san; TR39
	'α': 'a', // U+03B1; TR39
	'γ': 'y', // U+03B3; TR39
	'ε': 'e', // U+03B5; judgment (TR39: ꞓ)
	'η': 'n', // U+03B7; judgment (TR39: n with a mark below)
	'ι': 'i', // U+03B9; TR39
	'κ': 'k', // U+03BA; judgment (TR39: ĸ)
	'ν': 'v', // U+03BD; TR39
	'ο': 'o', // U+03BF; TR39
	'ρ': 'p', // U+03C1; TR39
	'σ': 'o', // U+03C3; TR39
	'τ': 't', // U+03C4; judgment (TR39: ᴛ, a small capital T)
	'υ': 'u', // U+03C5; TR39
	'χ': 'x', // U+03C7; judgment
	'ω': 'w', // U+03C9; judgment
	'ϳ': 'j', // U+03F3 yot; TR39

	// Cyrillic.
	'Ѕ': 'S', // U+0405; TR39
	'І': 'I', // U+0406; TR39 says l, judgment keeps the capital
	'Ј': 'J', // U+0408; TR39
	'А': 'A', // U+0410; TR39
	'В': 'B', // U+0412; TR39
	'Е': 'E', // U+0415; TR39
	'К': 'K', // U+041A; TR39
	'М': 'M', // U+041C; TR39
	'Н': 'H', // U+041D; TR39
	'О': 'O', // U+041E; TR39
	'Р': 'P', // U+0420; TR39
	'С': 'C', // U+0421; TR39
	'Т': 'T', // U+0422; TR39
	'У': 'Y', // U+0423; TR39
	'Х': 'X', // U+0425; TR39
	'Ь': 'b', // U+042C soft sign; TR39
	'а': 'a', // U+0430; TR39
	'г': 'r', // U+0433; TR39
	'е': 'e', // U+0435; TR39
	'к': 'k', // U+043A; judgment (TR39: ĸ)
	'о': 'o', // U+043E; TR39
	'р': 'p', // U+0440; TR39
	'с': 'c', // U+0441; TR39
	'у': 'y', // U+0443; TR39
	'х': 'x', // U+0445; TR39
	'ѕ': 's', // U+0455; TR39
	'і': 'i', // U+0456; TR39
	'ј': 'j', // U+0458; TR39
	'ѡ': 'w', // U+0461 omega; TR39
	'Ѵ': 'V', // U+0474 izhitsa; TR39
	'ѵ': 'v', // U+0475; TR39
	'Ү': 'Y', // U+04AE straight u; TR39
	'ү': 'y', // U+04AF; TR39
	'һ': 'h', // U+04BB shha; TR39
	'ҽ': 'e', // U+04BD abkhasian che; TR39
	'Ӏ': 'l', // U+04C0 palochka; TR39
	'ӏ': 'l', // U+04CF small palochka; TR39 says i, judgment follows the capital
	'ԁ': 'd', // U+0501 komi de; TR39
	'Ԍ': 'G', // U+050C komi sje; TR39
	'ԛ': 'q', // U+051B qa; TR39
	'Ԝ': 'W', // U+051C we; TR39
	'ԝ': 'w', // U+051D; TR39
	'Ꙅ': '2', // U+A644 reversed dze; TR39
	'ꙇ': 'i', // U+A647 iota; TR39

	// Armenian.
	'Ս': 'U', // U+054D; TR39
	'Տ': 'S', // U+054F; TR39
	'Օ': 'O', // U+0555; TR39
	'ա': 'w', // U+0561; TR39
	'գ': 'q', // U+0563; TR39
	'զ': 'q', // U+0566; TR39
	'հ': 'h', // U+0570; TR39
	'ո': 'n', // U+0578; TR39
	'ռ': 'n', // U+057C; TR39
	'ս': 'u', // U+057D; TR39
	'ց': 'g', // U+0581; TR39
	'ք': 'f', // U+0584; TR39
	'օ': 'o', // U+0585; TR39

	// Cherokee capitals and the small letters that share their shapes.
	'Ꭰ': 'D', // U+13A0; TR39
	'Ꭱ': 'R', // U+13A1; TR39
	'Ꭲ': 'T', // U+13A2; TR39
	'Ꭵ': 'i', // U+13A5; TR39
	'Ꭹ': 'Y', // U+13A9; TR39
	'Ꭺ': 'A', // U+13AA; TR39
	'Ꭻ': 'J', // U+13AB; TR39
	'Ꭼ': 'E', // U+13AC; TR39
	'Ꮃ': 'W', // U+13B3; TR39
	'Ꮇ': 'M', // U+13B7; TR39
	'Ꮋ': 'H', // U+13BB; TR39
	'Ꮍ': 'Y', // U+13BD; TR39
	'Ꮐ': 'G', // U+13C0; TR39
	'Ꮒ': 'h', // U+13C2; TR39
	'Ꮓ': 'Z', // U+13C3; TR39
	'Ꮞ': '4', // U+13CE; TR39
	'Ꮟ': 'b', // U+13CF; TR39
	'Ꮢ': 'R', // U+13D2; TR39
	'Ꮤ': 'W', // U+13D4; TR39
	'Ꮥ': 'S', // U+13D5; TR39
	'Ꮩ': 'V', // U+13D9; TR39
	'Ꮪ': 'S', // U+13DA; TR39
	'Ꮮ': 'L', // U+13DE; TR39
	'Ꮯ': 'C', // U+13DF; TR39
	'Ꮲ': 'P', // U+13E2; TR39
	'Ꮶ': 'K', // U+13E6; TR39
	'Ꮷ': 'd', // U+13E7; TR39
	'Ꮾ': '6', // U+13EE; TR39
	'Ᏻ': 'G', // U+13F3; TR39
	'Ᏼ': 'B', // U+13F4; TR39
	'ꭵ': 'i', // U+AB75; TR39
	'ꮁ': 'r', // U+AB81; TR39
	'ꮃ': 'w', // U+AB83; TR39
	'ꮓ': 'z', // U+AB93; TR39
	'ꮩ': 'v', // U+ABA9; TR39
	'ꮪ': 's', // U+ABAA; TR39
	'ꮯ': 'c', // U+ABAF; TR39

	// Coptic.
	'ⲅ': 'r', // U+2C85; TR39
	'Ⲏ': 'H', // U+2C8E; TR39
	'Ⲓ': 'l', // U+2C92; TR39
	'Ⲕ': 'K', // U+2C94; TR39
	'Ⲙ': 'M', // U+2C98; TR39
	'Ⲛ': 'N', // U+2C9A; TR39
	'Ⲟ': 'O', // U+2C9E; TR39
	'ⲟ': 'o', // U+2C9F; TR39
	'Ⲣ': 'P', // U+2CA2; TR39
	'ⲣ': 'p', // U+2CA3; TR39
	'Ⲥ': 'C', // U+2CA4; TR39
	'ⲥ': 'c', // U+2CA5; TR39
	'Ⲧ': 'T', // U+2CA6; TR39
	'Ⲩ': 'Y', // U+2CA8; TR39
	'Ⲭ': 'X', // U+2CAC; TR39

	// Lisu: a whole capital alphabet of Latin shapes.
	'ꓐ': 'B', // U+A4D0; TR39
	'ꓑ': 'P', // U+A4D1; TR39
	'ꓒ': 'd', // U+A4D2; TR39
	'ꓓ': 'D', // U+A4D3; TR39
	'ꓔ': 'T', // U+A4D4; TR39
	'ꓖ': 'G', // U+A4D6; TR39
	'ꓗ': 'K', // U+A4D7; TR39
	'ꓙ': 'J', // U+A4D9; TR39
	'ꓚ': 'C', // U+A4DA; TR39
	'ꓜ': 'Z', // U+A4DC; TR39
	'ꓝ': 'F', // U+A4DD; TR39
	'ꓟ': 'M', // U+A4DF; TR39
	'ꓠ': 'N', // U+A4E0; TR39
	'ꓡ': 'L', // U+A4E1; TR39
	'ꓢ': 'S', // U+A4E2; TR39
	'ꓣ': 'R', // U+A4E3; TR39
	'ꓦ': 'V', // U+A4E6; TR39
	'ꓧ': 'H', // U+A4E7; TR39
	'ꓪ': 'W', // U+A4EA; TR39
	'ꓫ': 'X', // U+A4EB; TR39
	'ꓬ': 'Y', // U+A4EC; TR39
	'ꓮ': 'A', // U+A4EE; TR39
	'ꓰ': 'E', // U+A4F0; TR39
	'ꓲ': 'l', // U+A4F2; TR39
	'ꓳ': 'O', // U+A4F3; TR39
	'ꓴ': 'U', // U+A4F4; TR39

	// Letter-like symbols.
	'⍺': 'a', // U+237A APL alpha; TR39
	'⍳': 'i', // U+2373 APL iota; TR39
	'⍴': 'p', // U+2374 APL rho; TR39
	'℮': 'e', // U+212E estimated symbol; TR39

	// Numerals that NFKC leaves alone. Judgment: by value.
	'〇': '0', // U+3007 ideographic zero (TR39: O)
	'⓿': '0', // U+24FF negative circled zero
	'🄋': '0', // U+1F10B dingbat circled sans-serif zero
	'🄌': '0', // U+1F10C dingbat negative circled sans-serif zero
	// U+2776.. dingbat negative circled
	'❶': '1', '❷': '2', '❸': '3', '❹': '4', '❺': '5', '❻': '6', '❼': '7', '❽': '8', '❾': '9',
	// U+2780.. dingbat circled sans-serif
	'➀': '1', '➁': '2', '➂': '3', '➃': '4', '➄': '5', '➅': '6', '➆': '7', '➇': '8', '➈': '9',
	// U+278A.. dingbat negative circled sans-serif
	'➊': '1', '➋': '2', '➌': '3', '➍': '4', '➎': '5', '➏': '6', '➐': '7', '➑': '8', '➒': '9',
	// U+24F5.. double circled
	'⓵': '1', '⓶': '2', '⓷': '3', '⓸': '4', '⓹': '5', '⓺': '6', '⓻': '7', '⓼': '8', '⓽': '9',
}
