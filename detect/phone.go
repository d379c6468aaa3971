package detect

import (
	"strings"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Phone detection, in order:
//
//  1. Prefilter: fewer than minPhoneDigits digits and no number word
//     means no phone, at no cost.
//  2. The folded view is cut into chains of digit groups (phone_chain.go):
//     digit runs, letters for digits ("O8O3 l23"), number words in many
//     languages ("nine one seven", "сто двадцять три"), joined by the
//     separators people write or hide numbers with (spaces, '-', '.',
//     brackets, emoji, punctuation runs, one digit per line, message
//     boundaries).
//  3. Groups that read as something else are marked bad (phone_shape.go):
//     dates, times, decimals, thousands, prices, quantities, IP addresses,
//     versions, year ranges. A chain after an identifier word (order,
//     invoice, ISBN, IBAN, account, meeting ID ...), glued to letters, or
//     shaped like a payment card is dropped whole.
//  4. The rest is tried as a whole, then split at its loosest gaps, and
//     each candidate of 7-15 digits is checked against the numbering plans
//     (phone_region.go): with its own country code (+CC, 00CC, 011CC)
//     first, else in the Detector's regions in order.
//  5. A number valid for its country is reported; one that is only
//     possible (metadata lags new ranges and the reserved fictional
//     ranges) is reported with lower confidence when the text presents it
//     as a phone: a '+' and country code, a cue word, a phone emoji.

const (
	// minPhoneDigits is the fewest digits of a phone number worth
	// reporting: shorter ones are local numbers without an area code,
	// short codes and extensions.
	minPhoneDigits = 7
	// maxPhoneDigits is the most digits of an E.164 number (ITU-T E.164
	// §6), plus two for a written trunk prefix such as "(0)" or an IDD.
	maxPhoneDigits = 17
	// maxPhoneTries caps the numbering-plan checks per scan: each may
	// parse the candidate for every region.
	maxPhoneTries = 48
)

// Confidence of the phone rules.
const (
	phoneConfIntl     = 0.95 // valid, with its country code
	phoneConfNational = 0.9  // valid in a region, written with grouping
	phoneConfBare     = 0.85 // valid in a region, one bare digit run
	phoneConfSpelled  = 0.8  // spelled with words or look-alike letters
	phoneConfThread   = 0.8  // pieced together over messages
	phoneConfPossible = 0.65 // possible only, presented as a phone
)

// phoneCueWords say that a number is a phone number: "call me", "my
// number", "WhatsApp", "cel", "номер", "رقمي", in the marketplace's
// languages.
var phoneCueWords = []string{
	"call", "calls", "phone", "number", "num", "nr", "no", "mobile", "mob", "cell", "cellphone", "tel", "tele",
	"telephone", "text", "txt", "sms", "whatsapp", "whatsap", "wa", "whats", "viber", "signal", "telegram",
	"imo", "ring", "dial", "reach", "contact", "hotline", "landline", "digits", "hmu", "ph", "phn",
	"cel", "celular", "teléfono", "telefono", "número", "numero", "móvil", "movil", "llámame", "llamame",
	"telefone", "zap", "ligue", "liga", "chama", "contato", "contacto",
	"numéro", "téléphone", "tél", "portable", "appelle", "appelez",
	"telefon", "handy", "nummer", "rufnummer", "anrufen", "ruf",
	"cellulare", "chiamami",
	"номер", "телефон", "тел", "моб", "мобильный", "мобільний", "звоните", "звони", "дзвоніть", "дзвони",
	"вайбер", "ватсап", "телеграм", "вотсап",
	"رقم", "رقمي", "هاتف", "هاتفي", "جوال", "جوالي", "موبايل", "واتساب", "واتس", "اتصل",
	"नंबर", "नम्बर", "फोन", "फ़ोन", "मोबाइल", "نمبر", "فون", "موبائل",
	"nomor", "hp", "nomer", "telp", "hubungi",
	"số", "sdt", "sđt", "zalo", "gọi",
	"numer", "komórka", "komorka", "dzwoń", "dzwon", "zadzwoń",
	"numara", "numaram", "ara", "cep", "numărul", "număr", "telefonul", "sună",
	"broj", "gcash", "bkash", "easypaisa", "jazzcash", "mpesa", "m-pesa",
	// Mobile-money and instant-payment services keyed by a phone number.
	"bizum", "blik", "nequi", "daviplata", "yape", "plin", "pix", "dana", "ovo", "gopay",
	"paymaya", "nagad", "sinpe",
}

// phoneCueRegion maps cue words that belong to one country (mobile money
// and messaging brands keyed by phone number) to its region.
var phoneCueRegion = map[string]string{
	"gcash": "PH", "bkash": "BD", "easypaisa": "PK", "jazzcash": "PK", "mpesa": "KE", "m-pesa": "KE",
	"zalo": "VN", "zap": "BR", "nomor": "ID", "hubungi": "ID", "sdt": "VN", "sđt": "VN",
	"bizum": "ES", "blik": "PL", "nequi": "CO", "daviplata": "CO", "yape": "PE", "plin": "PE",
	"pix": "BR", "dana": "ID", "ovo": "ID", "gopay": "ID", "paymaya": "PH", "nagad": "BD", "sinpe": "CR",
}

// detectPhone finds phone numbers.
func detectPhone(s *scan) {
	if !s.d.wants(Phone) {
		return
	}
	words := s.has(kwNumberWord)
	cluster := -1 // phoneDigitCluster, once needed
	if s.sig.digits < minPhoneDigits && !words {
		switch {
		case s.sig.digits == minPhoneDigits-1 && strings.IndexByte(s.fold.S, '+') >= 0:
			// "+98 9601": a short number with its country code.
		case s.sig.digits > 0 && s.gluedNumberWord():
			words = true
		case s.sig.digits >= 2:
			// "O7OO 9OO l23": letters standing for digits make up the
			// rest, which only the cluster count sees.
			if cluster = s.phoneCluster(); cluster < minPhoneDigits-1 {
				return
			}
		default:
			return
		}
	}
	// Cheap gates before building chains: digits must cluster the way a
	// phone number's do, and number words must be enough to spell one.
	if words && s.sig.digits+normalize.MaxDigitsPerNumberWord*s.sig.numWords < minPhoneDigits && !s.gluedNumberWord() {
		words = false
	}
	if !words {
		if s.sig.digits < 2 {
			// Too few number words, and too few digits for letters
			// standing for digits ("O7OO 9OO l23") to make a number:
			// as at the top.
			return
		}
		if cluster < 0 {
			cluster = s.phoneCluster()
		}
		if cluster < minPhoneDigits-1 {
			return
		}
	}
	// The state and the chain buffer live in the pooled scan: a message
	// with digits costs no allocation for them.
	if s.phone == nil {
		s.phone = new(phoneScratch)
	}
	p := &s.phone.scan
	*p = phoneScan{s: s, t: s.fold, cueAt: -1}
	p.cues = phoneCueSet
	b := phoneChainBuilder{p: p, t: s.fold, words: words, chain: s.phone.chain[:0]}
	for _, o := range s.starts[min(1, len(s.starts)):] {
		b.msgStarts = append(b.msgStarts, phoneViewOffset(s.fold, o))
	}
	p.msgStarts = b.msgStarts
	b.build()
	s.phone.chain = b.chain[:0]
}

// gluedNumberWord reports whether a digit touches a number word in the
// folded text ("nine1seven"), which only a word of letters and digits
// can hold.
func (s *scan) gluedNumberWord() bool {
	return s.sig.mixed && phoneGluedWord(s.fold.Lower)
}

// phoneCluster returns phoneDigitCluster of the folded text, or what
// stands for it: a text without a word of letters and digits has no
// letter standing for a digit, and the prefilter has counted its digit
// clusters already. (The letters o, l and i that phoneDigitCluster also
// counts then stand alone, and the chain builder ends a chain at them.)
func (s *scan) phoneCluster() int {
	if s.sig.mixed {
		return phoneDigitCluster(s.fold.S)
	}
	return s.sig.cluster
}

// phoneDigitCluster returns the most digits found close together in t:
// digits separated only by short runs of separators, symbols or emoji, and
// by the letters o, l and i that stand for 0 and 1 next to digits ("O8O3
// l23"). Any other letter, or a gap of more than eight bytes, ends a
// cluster. It overestimates (the chain builder decides), never misses.
func phoneDigitCluster(t string) int {
	best, run, gap := 0, 0, 0
	counted := false // t[i-1] counted as a digit: "O7OO" counts four
	for i := 0; i < len(t); i++ {
		switch phoneClusterClass[t[i]] {
		case pcDigit:
			run++
			gap = 0
			best = max(best, run)
			counted = true
			continue
		case pcDigitLetter:
			if counted || i+1 < len(t) && (phoneClusterClass[t[i+1]] == pcDigit || t[i+1]|0x20 == 'o') {
				run++
				gap = 0
				best = max(best, run)
				counted = true
				continue
			}
			run, gap = 0, 0
		case pcLetter:
			run, gap = 0, 0
		default:
			gap++
			if gap > 8 {
				run, gap = 0, 0
			}
		}
		counted = false
	}
	return best
}

// Byte classes of phoneDigitCluster.
const (
	pcOther       = iota
	pcDigit       // '0' to '9'
	pcDigitLetter // 'o', 'l', 'i' in either case: 0 and 1 next to digits
	pcLetter      // any other ASCII letter
)

// phoneClusterClass is the class of every byte, looked up rather than
// compared.
var phoneClusterClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch b := byte(c); {
		case b >= '0' && b <= '9':
			t[c] = pcDigit
		case b|0x20 == 'o' || b|0x20 == 'l' || b|0x20 == 'i':
			t[c] = pcDigitLetter
		case b|0x20 >= 'a' && b|0x20 <= 'z':
			t[c] = pcLetter
		}
	}
	return
}()

// phoneGluedWord reports whether a digit of low touches a digit word, as
// in "nine1seven": the prefilter sees such tokens whole, so it cannot have
// noticed the number words inside them. Only called with few digits.
func phoneGluedWord(low string) bool {
	for i := 0; i < len(low); i++ {
		if c := low[i]; c < '0' || c > '9' {
			continue
		}
		a := i
		for a > 0 && low[a-1] >= 'a' && low[a-1] <= 'z' {
			a--
		}
		z := i + 1
		for z < len(low) && low[z] >= 'a' && low[z] <= 'z' {
			z++
		}
		for n := 3; n <= 12; n++ {
			if i-a >= n && phoneDigitWord(low[i-n:i]) || z-i-1 >= n && phoneDigitWord(low[i+1:i+1+n]) {
				return true
			}
		}
	}
	return false
}

// phoneDigitWord reports whether w is an unambiguous digit word.
func phoneDigitWord(w string) bool {
	nw, ok := normalize.NumberWord(w)
	return ok && nw.Class == normalize.Unit && !normalize.IsAmbiguousNumberWord(w)
}

// phoneViewOffset returns the offset in view t of original offset o: the
// first byte of S whose source starts at or after o.
func phoneViewOffset(t *normalize.Text, o int) int {
	if t.Identity() {
		return o
	}
	lo, hi := 0, len(t.S)
	for lo < hi {
		m := (lo + hi) / 2
		if a, _ := t.Span(m, m+1); a < o {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// phoneScan is the phone detector's state for one scan.
type phoneScan struct {
	s     *scan
	t     *normalize.Text
	tries int
	// cue caches cueBefore for the last offset asked: a chain's start is
	// asked for again by its candidates.
	cueAt            int
	cueReject, cueOK bool
	cueHint          string
	msgStarts        []int
	cues             map[string]bool
	// Buffers for the lists of the candidate being tried.
	groupBuf [8]int
	partBuf  [8]string
	hintBuf  [2]string
}

// phoneCueSet holds phoneCueWords for lookups.
var phoneCueSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range phoneCueWords {
		m[w] = true
	}
	return m
}()

// chain reads the phone numbers of one chain.
func (p *phoneScan) chain(raw []phoneGroup) {
	// A chain wholly inside earlier messages was reported there.
	if last := raw[len(raw)-1]; p.s.base > 0 {
		if _, z := p.t.Span(last.i, last.j); z <= p.s.base {
			return
		}
	}
	// Reading number words costs more than the rest: first make sure
	// the chain could hold enough digits at all. A number word spells
	// at most three ("hundred", "zweihundertzwölf"; "triple five" three
	// over two words).
	bound := 0
	for _, g := range raw {
		if g.kind == phoneElemWord {
			bound += normalize.MaxDigitsPerNumberWord
		} else {
			bound += len(g.digits)
		}
	}
	if bound < minPhoneDigits-1 {
		return // fewer than minDigits can ask for, '+' or not
	}
	gs := phoneReadPhrases(p.s.phone.phrases[:0], raw)
	if len(gs) > 0 && &gs[0] != &raw[0] {
		p.s.phone.phrases = gs[:0] // the buffer, grown, for the next chain
	}
	if len(gs) == 0 {
		return
	}
	total := 0
	for _, g := range gs {
		total += len(g.digits)
	}
	if total < p.minDigits(gs[0].i) {
		return
	}
	if p.rejectChain(gs) {
		return
	}
	phoneMarkBad(p, gs)
	// The words before it are read only for a chain that still holds a
	// run of good groups long enough to be a number.
	longest, run := 0, 0
	for _, g := range gs {
		if g.bad {
			run = 0
			continue
		}
		run += len(g.digits)
		longest = max(longest, run)
	}
	if longest < minPhoneDigits-1 {
		return
	}
	if reject, _, _ := p.cueBefore(gs[0].i); reject {
		return // "invoice 2024 0315 001", "acct no 0123456789"
	}
	// Candidates are the runs of good groups.
	start := -1
	for k := 0; k <= len(gs); k++ {
		if k < len(gs) && !gs[k].bad {
			if start < 0 {
				start = k
			}
			continue
		}
		if start >= 0 {
			p.segment(gs, start, k, false)
			start = -1
		}
	}
}

// phoneReadPhrases turns runs of number words into groups of digits, using
// the gaps between them: words joined by spaces or hyphens form one phrase
// ("сто двадцять три" is 123, "quarante-cinq" 45), read by
// normalize.SpellDigits. Ambiguous words that stand alone at either end of
// a chain are dropped. The groups are appended to out, unless the chain
// has no number word: then raw itself is returned.
func phoneReadPhrases(out, raw []phoneGroup) []phoneGroup {
	hasWords := false
	for _, g := range raw {
		if g.kind == phoneElemWord {
			hasWords = true
			break
		}
	}
	if !hasWords {
		return raw
	}
	for k := 0; k < len(raw); {
		if raw[k].kind != phoneElemWord {
			out = append(out, raw[k])
			k++
			continue
		}
		// The phrase: words joined by spaces or hyphens only.
		e := k + 1
		for e < len(raw) && raw[e].kind == phoneElemWord && phonePhraseGap(raw[e].sep) {
			e++
		}
		words := make([]string, 0, e-k)
		for _, g := range raw[k:e] {
			words = append(words, g.word)
		}
		for off := 0; off < len(words); {
			digits, used := normalize.SpellDigits(words[off:])
			if used == 0 {
				// A word that reads as nothing here ("y" alone):
				// it ends the chain.
				out = append(out, phoneGroup{i: raw[k+off].i, j: raw[k+off].j, sep: raw[k+off].sep, bad: true})
				off++
				continue
			}
			g := phoneGroup{i: raw[k+off].i, j: raw[k+off+used-1].j, kind: phoneElemDigits, digits: digits, spelt: true, sep: raw[k+off].sep,
				lang: phoneWordsLang(words[off : off+used])}
			// The word of a phrase says whether it is ambiguous.
			amb := true
			for _, w := range raw[k+off : k+off+used] {
				if w.sure {
					amb = false
				}
			}
			if amb {
				g.word = "?" // all ambiguous: decided by the neighbours
			}
			out = append(out, g)
			off += used
		}
		k = e
	}
	// Ambiguous words ("do", "one", "ba") count only beside other
	// number words or digits: an all-ambiguous phrase at either end of a
	// chain of digits is trimmed, and a chain without one sure number
	// word or digit group is not read.
	sure := false
	for _, g := range out {
		if !g.bad && g.word != "?" {
			sure = true
		}
	}
	if !sure {
		return nil
	}
	for len(out) > 1 && out[0].word == "?" && !out[1].spelt {
		out = out[1:]
		out[0].sep = phoneSep{}
	}
	for len(out) > 1 && out[len(out)-1].word == "?" && !out[len(out)-2].spelt {
		out = out[:len(out)-1]
	}
	return out
}

// minDigits returns the fewest digits of a number starting at view
// offset i: one fewer with a '+', since the country code is written
// ("+98 9601" is a valid Iranian number).
func (p *phoneScan) minDigits(i int) int {
	if p.hasPlus(i) {
		return minPhoneDigits - 1
	}
	return minPhoneDigits
}

// phonePhraseGap reports whether a gap joins number words into one phrase:
// spaces, or a hyphen as in "vingt-trois".
func phonePhraseGap(g phoneSep) bool {
	return g.lines == 0 && !g.msg && g.emoji == 0 && !g.comma && !g.unusual && !g.open && !g.close &&
		(g.npunct == 0 || (g.npunct == 1 && g.punct == '-'))
}

// segment tries gs[a:b] as one number, and when it is not one, splits it
// at its loosest gaps. partial says that gs[a:b] is part of a longer run
// written as if it were one.
func (p *phoneScan) segment(gs []phoneGroup, a, b int, partial bool) {
	if a >= b || p.tries >= maxPhoneTries {
		return
	}
	n := 0
	for _, g := range gs[a:b] {
		n += len(g.digits)
	}
	if n < p.minDigits(gs[a].i) || gs[b-1].j <= p.baseView() {
		return // too short, or wholly in an earlier message
	}
	// Commas and full stops end numbers written in digits; only spelled
	// numbers are read across them ("сто двадцять три, сорок п'ять").
	whole := true
	for k := a + 1; k < b; k++ {
		if gs[k].sep.comma && !(gs[k].spelt && gs[k-1].spelt) {
			whole = false
		}
	}
	if whole && n <= maxPhoneDigits && p.try(gs, a, b, partial) {
		return
	}
	if b-a < 2 {
		return
	}
	top := -1
	for k := a + 1; k < b; k++ {
		top = max(top, gs[k].sep.strength())
	}
	if top >= 2 {
		start := a
		for k := a + 1; k <= b; k++ {
			if k == b || gs[k].sep.strength() == top {
				p.segment(gs, start, k, partial)
				start = k
			}
		}
		return
	}
	// Single spaces or tight marks only: two numbers written side by
	// side ("(415) 666-7777 (800) 443-1223", "651-234-2345/332-445-1234"),
	// or a stray group beside one. From each group, the longest run of
	// groups that is a number wins.
	for k := a; k < b && p.tries < maxPhoneTries; {
		found := false
		n := 0
		e := k
		for e < b && n+len(gs[e].digits) <= maxPhoneDigits {
			n += len(gs[e].digits)
			e++
		}
		for ; e > k && !found; e-- {
			if e-k == b-a {
				continue // the whole run was tried
			}
			m := 0
			for _, g := range gs[k:e] {
				m += len(g.digits)
			}
			// Part of the run only when a short group beside it was
			// left out; two long numbers side by side are whole each.
			part := partial || k > a && len(gs[k-1].digits) < minPhoneDigits || e < b && len(gs[e].digits) < minPhoneDigits
			if m >= p.minDigits(gs[k].i) && p.try(gs, k, e, part) {
				k, found = e, true
			}
		}
		if !found {
			k++
		}
	}
}
