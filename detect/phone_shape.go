package detect

import (
	"github.com/chaperone-dev/chaperone/detect/internal/checksum"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Numbers that are not phone numbers. Rules here look at the shape of a
// chain's groups and at the words around it; they run before any
// numbering-plan check, so they are cheap.

// notPhoneWords name identifiers that are numbers but not phone numbers:
// orders, invoices, product and document codes, tax and bank identifiers,
// meeting ids, postcodes. A number shortly after one of them is that
// identifier. Bank words matter twice: the payment detector reports the
// account, and a phone finding there would be a false positive.
var notPhoneWords = []string{
	// orders, invoices, shipping, support
	"id", "ids", "invoice", "inv", "po", "pnr", "awb", "ref", "txn", "trx", "otp", "passcode", "password",
	"pwd", "timestamp", "epoch", "unix",
	// products and documents
	"isbn", "issn", "sku", "gtin", "ean", "upc", "asin", "serial", "sn", "imei", "vin",
	// tax and identity numbers
	"vat", "ein", "ssn", "cnpj", "cpf", "cuit", "cuil", "nif", "nie", "dni", "rut", "ruc", "rfc", "curp",
	"nik", "npwp", "aadhaar", "aadhar", "gstin", "gst", "siret", "siren", "kvk", "regon", "pesel", "инн",
	"огрн", "кпп", "єдрпоу", "passport", "passportnumber", "itin", "ssns", "ssid", "social", "security",
	"taxpayer", "identification", "identity", "nric", "sin", "bsn", "ahv", "cnp", "egn", "oib", "jmbg",
	// postcodes
	"zip", "zipcode", "postcode", "plz", "pincode",
	// bank and payment accounts
	"acct", "a/c", "iban", "routing", "aba", "ifsc", "swift", "bic", "cbu", "cvu", "clabe", "nuban",
	"rekening", "norek", "konto", "konta", "rachunek", "rachunku", "kontonummer", "счет", "счёт", "рахунок", "حساب",
	// other languages: order, invoice
	"pedido", "factura", "fatura", "boleto", "commande", "facture", "rechnung", "bestellung", "fattura",
	"zamówienie", "faktura", "sipariş", "siparis", "pesanan", "resi", "заказ", "замовлення", "накладная",
	"накладна", "فاتورة",
}

// notPhoneNearWords are everyday nouns that name a non-phone number only
// right before it ("order 4500123456", "account 12345678", "case number
// 4155550134"), not from further away ("call my client at ...").
var notPhoneNearWords = []string{
	"order", "orders", "receipt", "booking", "confirmation", "reservation", "tracking", "track",
	"shipment", "parcel", "reference", "case", "ticket", "issue", "bug", "pr", "commit", "build", "job",
	"task", "transaction", "contract", "claim", "policy", "member", "membership", "customer", "client",
	"patient", "student", "employee", "registration", "reg", "lot", "batch", "row", "page", "error",
	"code", "pin", "meeting", "webinar", "conference", "room", "model", "part", "item", "article",
	"barcode", "version", "ver", "licence", "license", "certificate", "cert", "tax", "tin", "pan", "nip",
	"postal", "account", "acc", "sort", "card", "visa", "mastercard", "amex", "bank", "banco", "карта",
	"картка", "orden", "auftrag", "ordine", "طلب", "batch", "step", "chapter", "section", "table",
	// Parcel carriers name their tracking numbers (FedEx's twelve
	// digits read as a phone number in the open plans).
	"fedex", "ups", "dhl", "usps", "dpd", "gls", "tnt", "aramex", "waybill", "consignment",
}

// phoneCapsOnly are notPhoneWords that are everyday words in some
// language when written in lower case: Tagalog "po", Polish "pan".
var phoneCapsOnly = map[string]bool{"po": true, "pr": true, "sn": true, "tin": true, "pan": true, "nip": true, "inv": true}

// phoneGenericWords only say "number": "order number" is an order, "my
// number" a phone. They are skipped when looking for the word that
// decides, and count as a weak phone cue when no word decides.
var phoneGenericWords = map[string]bool{
	"no": true, "nr": true, "num": true, "number": true, "numbers": true, "numero": true, "número": true,
	"numéro": true, "nummer": true, "numer": true, "номер": true, "номера": true, "رقم": true, "nomor": true,
	"nomer": true, "số": true, "broj": true, "numara": true, "număr": true, "numărul": true, "is": true,
	"my": true, "mi": true, "mon": true, "meu": true, "mein": true, "meine": true, "mio": true, "мой": true,
	"мій": true, "мой:": true, "the": true, "es": true, "é": true, "est": true, "ist": true, "à": true,
	"a": true, "at": true, "on": true, "to": true, "al": true, "ao": true, "au": true, "de": true, "do": true,
	"da": true, "your": true, "our": true, "this": true, "that": true, "here": true, "nya": true, "ko": true,
	"ke": true, "me": true, "us": true, "mera": true, "meri": true, "amar": true, "naman": true, "ng": true,
}

// phoneNotSet holds notPhoneWords (true) and notPhoneNearWords (false)
// for lookups.
var phoneNotSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range notPhoneNearWords {
		m[w] = false
	}
	for _, w := range notPhoneWords {
		m[w] = true
	}
	return m
}()

// phoneUnitWords follow a quantity, not a phone number: "3,000 words/day",
// "41,870 clicks", "76534 km", "1718035200 ms".
var phoneUnitWords = map[string]bool{
	"words": true, "word": true, "rows": true, "row": true, "records": true, "lines": true, "km": true,
	"kg": true, "g": true, "m": true, "mm": true, "cm": true, "px": true, "pt": true, "dpi": true, "hrs": true,
	"hr": true, "hours": true, "h": true, "min": true, "mins": true, "minutes": true, "sec": true, "s": true,
	"seconds": true, "ms": true, "days": true, "weeks": true, "months": true, "years": true, "followers": true,
	"subscribers": true, "views": true, "downloads": true, "users": true, "visitors": true, "clicks": true,
	"impressions": true, "items": true, "pieces": true, "pcs": true, "units": true, "times": true,
	"people": true, "emails": true, "messages": true, "tokens": true, "points": true, "votes": true,
	"likes": true, "stars": true, "reviews": true, "bytes": true, "kb": true, "mb": true, "gb": true,
	"tb": true, "mhz": true, "ghz": true, "khz": true, "rpm": true, "fps": true, "sqft": true, "acres": true,
	"miles": true, "mi": true, "lbs": true, "tons": true, "liters": true, "l": true, "ml": true,
	"usd": true, "eur": true, "gbp": true, "inr": true, "idr": true, "rp": true, "rs": true, "pkr": true,
	"php": true, "ngn": true, "vnd": true, "cop": true, "ars": true, "brl": true, "mxn": true, "egp": true,
	"try": true, "tl": true, "uah": true, "rub": true, "pln": true, "zł": true, "zl": true, "aud": true,
	"cad": true, "jpy": true, "cny": true, "krw": true, "kes": true, "zar": true, "bdt": true, "naira": true,
	"rupees": true, "dollars": true, "euros": true, "pesos": true, "reais": true, "lakh": true,
	"crore": true, "k": true, "bn": true, "đ": true, "dong": true, "грн": true, "руб": true, "₽": true,
	"сум": true, "لاكھ": true, "جنيه": true, "ريال": true, "درهم": true, "taka": true, "tk": true,
	"subs": true, "members": true, "students": true, "copies": true, "orders": true, "tickets": true,
	"pages": true, "slides": true, "products": true, "transactions": true, "steps": true,
}

// phoneCurrencyWords come before an amount: "Rp 7.500.000", "USD 1,200".
var phoneCurrencyWords = map[string]bool{
	"usd": true, "us": true, "eur": true, "gbp": true, "inr": true, "idr": true, "rp": true, "rs": true,
	"pkr": true, "php": true, "ngn": true, "vnd": true, "cop": true, "ars": true, "brl": true, "mxn": true,
	"egp": true, "try": true, "tl": true, "uah": true, "rub": true, "pln": true, "aud": true, "cad": true,
	"jpy": true, "cny": true, "krw": true, "kes": true, "ksh": true, "zar": true, "bdt": true, "tk": true,
	"r": true, "a": true, "c": true, "nz": true, "hk": true, "s": true, "sgd": true, "chf": true, "sek": true,
	"nok": true, "dkk": true, "czk": true, "huf": true, "ron": true, "aed": true, "sar": true, "qar": true,
	"mad": true, "dh": true, "dhs": true, "grn": true, "грн": true, "руб": true, "price": true, "cost": true,
	"budget": true, "total": true, "amount": true, "salary": true, "presupuesto": true, "orçamento": true,
	"budżet": true, "бюджет": true,
}

// phoneEmoji present a number as a phone number.
var phoneEmoji = []string{"📱", "☎", "📞", "📲", "✆", "☏", "📠", "🤙"}

// phoneCtxWord is a word near a chain.
type phoneCtxWord struct {
	i   int    // where the word starts in the view
	w   string // lower-case
	gap string // the non-word text between it and the chain side
}

// wordsBefore appends to out, up to its capacity, the words before view
// offset i, nearest first, looking back at most 64 bytes. Callers pass a
// buffer on their stack, so that looking around costs no allocation.
func (p *phoneScan) wordsBefore(i int, out []phoneCtxWord) []phoneCtxWord {
	low := p.t.Lower
	stop := max(0, i-64)
	n := cap(out)
	j := i
	for len(out) < n && j > stop {
		// the gap
		g := j
		for g > stop {
			r, size := utf8.DecodeLastRuneInString(low[:g])
			if isPhoneWordRune(r) {
				break
			}
			g -= size
		}
		if g <= stop {
			break
		}
		e := g
		for g > stop {
			r, size := utf8.DecodeLastRuneInString(low[:g])
			if !isPhoneWordRune(r) && !(r == '\'' || r == '’') {
				break
			}
			g -= size
		}
		out = append(out, phoneCtxWord{i: g, w: low[g:e], gap: low[e:j]})
		j = g
	}
	return out
}

// wordsAfter appends to out, up to its capacity, the words after view
// offset j, nearest first, looking ahead at most 48 bytes.
func (p *phoneScan) wordsAfter(j int, out []phoneCtxWord) []phoneCtxWord {
	low := p.t.Lower
	stop := min(len(low), j+48)
	n := cap(out)
	i := j
	for len(out) < n && i < stop {
		g := i
		for g < stop {
			r, size := utf8.DecodeRuneInString(low[g:])
			if isPhoneWordRune(r) {
				break
			}
			g += size
		}
		if g >= stop {
			break
		}
		e := g
		for e < len(low) {
			r, size := utf8.DecodeRuneInString(low[e:])
			if !isPhoneWordRune(r) {
				break
			}
			e += size
		}
		out = append(out, phoneCtxWord{i: g, w: low[g:e], gap: low[i:g]})
		i = e
	}
	return out
}

// cueBefore looks at the words before view offset i, nearest first, and
// reports whether one names a non-phone identifier (reject) and whether
// the text presents the number as a phone (cue). hint is a region the cue
// word points to ("GCash" is Philippine, "bKash" Bangladeshi).
func (p *phoneScan) cueBefore(i int) (reject, cue bool, hint string) {
	if i != p.cueAt {
		p.cueAt = i
		p.cueReject, p.cueOK, p.cueHint = p.readCueBefore(i)
	}
	return p.cueReject, p.cueOK, p.cueHint
}

// readCueBefore does cueBefore's work.
func (p *phoneScan) readCueBefore(i int) (reject, cue bool, hint string) {
	weak := false
	decisive := 0 // words seen that are not generic
	var buf [8]phoneCtxWord
	for k, cw := range p.wordsBefore(i, buf[:0]) {
		if strings.ContainsRune(cw.gap, '\n') && k > 0 {
			break
		}
		if hasPhoneEmoji(cw.gap) {
			return false, true, ""
		}
		if k == 0 && strings.Contains(cw.gap, "#") {
			return true, false, "" // "order #1045", "build #20417"
		}
		w := strings.TrimRight(cw.w, "'’")
		if phoneGenericWords[w] {
			weak = weak || p.cues[w]
			continue
		}
		if p.cues[w] {
			return false, true, phoneCueRegion[w]
		}
		if ok, r := phoneCJKCue(w); ok {
			return false, true, r
		}
		if strong, ok := phoneNotSet[w]; ok && (strong || decisive == 0) && (!phoneCapsOnly[w] || p.capitals(cw.i, len(cw.w))) {
			return true, false, ""
		}
		if p.codeLike(cw.i, len(cw.w)) {
			continue // "iban NL 91 AB NA 04 ...": the pieces of a code
		}
		decisive++
		if decisive >= 5 {
			break
		}
	}
	return false, weak, ""
}

// cueAfter reports a phone cue in the few words after view offset j:
// "0300-1234567 pe WhatsApp kar dein", and the region it points to.
func (p *phoneScan) cueAfter(j int) (bool, string) {
	var buf [4]phoneCtxWord
	for k, cw := range p.wordsAfter(j, buf[:0]) {
		if hasPhoneEmoji(cw.gap) {
			return true, ""
		}
		if k > 0 && strings.ContainsAny(cw.gap, ".!?\n") {
			return false, ""
		}
		if p.cues[cw.w] && !phoneGenericWords[cw.w] {
			return true, phoneCueRegion[cw.w]
		}
		if ok, r := phoneCJKCue(cw.w); ok {
			return true, r
		}
	}
	if j < len(p.t.S) {
		return hasPhoneEmoji(p.t.S[j:min(len(p.t.S), j+12)]), ""
	}
	return false, ""
}

// phoneCJKCues are phone cue words of Chinese, Japanese and Korean.
// Chinese and Japanese are written without spaces, so the cue sits inside
// a longer run of letters ("我的手机号", "加我微信也行") and is looked for
// as a substring. The region is the country whose script or usage the
// word belongs to (simplified Chinese: mainland China; traditional:
// Taiwan; kana: Japan; Hangul: Korea), so that a national number such as
// "138 1234 5678" is read in that country's numbering plan even when it
// is not among the Detector's regions; "" when the word is shared.
var phoneCJKCues = []struct{ w, region string }{
	{"手机", "CN"}, {"电话", "CN"}, {"号码", "CN"}, {"微信", "CN"}, {"联系", "CN"},
	{"手機", "TW"}, {"號碼", "TW"}, {"聯絡", "TW"}, {"電話", ""},
	{"携帯", "JP"}, {"番号", "JP"}, {"ケータイ", "JP"}, {"でんわ", "JP"},
	{"전화", "KR"}, {"번호", "KR"}, {"연락", "KR"}, {"핸드폰", "KR"}, {"휴대폰", "KR"}, {"카톡", "KR"},
}

// phoneCJKCue reports whether the word w holds a phone cue of
// phoneCJKCues, and its region.
func phoneCJKCue(w string) (bool, string) {
	// Every entry starts with a byte of the CJK or Hangul blocks.
	if len(w) < 6 || strings.IndexFunc(w, func(r rune) bool { return r >= 0x3040 }) < 0 {
		return false, ""
	}
	for _, c := range phoneCJKCues {
		if strings.Contains(w, c.w) {
			return true, c.region
		}
	}
	return false, ""
}

// hasPhoneEmoji reports whether s holds a phone emoji.
func hasPhoneEmoji(s string) bool {
	if len(s) < 3 {
		return false
	}
	// Every phone emoji starts with a byte of 0xE2 or more: most gaps
	// are spaces and punctuation.
	hi := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE2 {
			hi = true
			break
		}
	}
	if !hi {
		return false
	}
	for _, e := range phoneEmoji {
		if strings.Contains(s, e) {
			return true
		}
	}
	return false
}

// rejectChain reports whether the whole chain is something else: glued to
// letters or a code ("SN-7731-0044", "INV-2025-000871", "DE77 7005"), a
// payment card or an ISBN. (Identifier words before it are looked at
// later, once the cheap checks have left something to read.)
func (p *phoneScan) rejectChain(gs []phoneGroup) bool {
	s := p.t.S
	first, last := gs[0], gs[len(gs)-1]
	// Left edge.
	if first.i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:first.i])
		if unicode.IsDigit(r) {
			return true
		}
		if phoneGlueLetter(r) && !p.gluedCue(first.i) {
			return true // "x12345678", "INV2025"; but "call09050000327"
		}
		if k := first.i - 1; strings.ContainsRune("-/_=#\\", rune(s[k])) && k > 0 {
			r2, _ := utf8.DecodeLastRuneInString(s[:k])
			if phoneGlueLetter(r2) || unicode.IsDigit(r2) {
				// "SN-7731", "INV-2025", "/meet/9351234567890";
				// but "My number-415-666-7777".
				var buf [1]phoneCtxWord
				ws := p.wordsBefore(first.i, buf[:0])
				if len(ws) == 0 || !p.cues[ws[0].w] {
					return true
				}
			}
		}
		if p.afterCode(first.i) {
			return true
		}
	}
	// Right edge.
	if last.j < len(s) {
		low := p.t.Lower[last.j:]
		r, _ := utf8.DecodeRuneInString(s[last.j:])
		if phoneGlueLetter(r) && !phoneExtFollows(low) {
			return true // "2133734253a", "0x80070005"
		}
		if c := s[last.j]; (c == '-' || c == '/' || c == '_' || c == '.') && last.j+1 < len(s) {
			r2, _ := utf8.DecodeRuneInString(s[last.j+1:])
			switch {
			case c == '/' && phoneExtFollows(low[1:]):
				// "333-6000/x12": an extension
			case c == '.' && !unicode.IsLower(r2):
				// "415-666-7777.Nice day": a sentence ends
			case phoneGlueLetter(r2):
				return true // "7731-B", "12345678.pdf"
			}
		}
	}
	// A number written with '+' is international; cards and ISBNs are
	// never written so.
	return !p.hasPlus(first.i) && (phoneCardShaped(gs) || phoneISBN(gs))
}

// hasPlus reports whether a '+' is written right before view offset i.
func (p *phoneScan) hasPlus(i int) bool {
	start := p.plusStart(i)
	if start >= i {
		return false
	}
	between := p.t.S[start:i]
	return strings.IndexByte(between, '+') >= 0 || phonePlusWord(strings.TrimRight(between, " ")) > 0
}

// gluedCue reports whether the letters glued before view offset i are a
// phone word: "call09050000327", "Tel0412345678".
func (p *phoneScan) gluedCue(i int) bool {
	low := p.t.Lower
	k := i
	for k > 0 && i-k < 12 && low[k-1] >= 'a' && low[k-1] <= 'z' {
		k--
	}
	w := low[k:i]
	return p.cues[w] && !phoneGenericWords[w] && (k == 0 || !isWordByte(low[k-1]))
}

// phoneGlueLetter reports a letter of a script that separates words with
// spaces, where a digit glued to it is part of a code ("INV2025",
// "x12345678"). Chinese and Japanese text glue words to numbers freely
// ("我的电话号码是415-666-7777").
func phoneGlueLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek)
}

// afterCode reports whether the chain at view offset i follows, across
// single spaces, a code that mixes letters and digits: the "DE77" before
// "7005 0000" or the "BH67 BMAG" before "0000 1299" of an IBAN written in
// groups, the "1Z" of a UPS tracking number. Up to three short tokens are
// looked through.
func (p *phoneScan) afterCode(i int) bool {
	s := p.t.S
	for n := 0; n < 3; n++ {
		j := i
		for j > 0 && i-j < 2 && s[j-1] == ' ' {
			j--
		}
		if j == i || j == 0 {
			return false
		}
		k := j
		letters, digits, upper := 0, 0, true
		for k > 0 && j-k < 24 {
			c := s[k-1]
			if c >= '0' && c <= '9' {
				digits++
			} else if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				letters++
				upper = upper && c <= 'Z'
			} else {
				break
			}
			k--
		}
		if k > 0 && s[k-1] != ' ' && s[k-1] != '\n' && s[k-1] != ':' && s[k-1] != '(' {
			return false
		}
		if letters > 0 && digits > 0 {
			return true
		}
		// Look through a short all-capital or all-digit token: "BMAG",
		// "NBRB".
		if j-k > 4 || (letters > 0 && !upper) || j == k {
			return false
		}
		i = k
	}
	return false
}

// phoneExtFollows reports an extension mark right after a number:
// "x3456", "ext. 12".
func phoneExtFollows(low string) bool {
	for _, m := range []string{"ext", "x", "#"} {
		if strings.HasPrefix(low, m) {
			rest := strings.TrimLeft(low[len(m):], ". ")
			return rest != "" && rest[0] >= '0' && rest[0] <= '9'
		}
	}
	return false
}

// phoneCardShaped reports a payment card number: 13-19 digits passing the Luhn
// check (ISO/IEC 7812), starting with a card network's first digit and
// written as cards are ("4242 4242 4242 4242", "3782 822463 10005", or
// unbroken).
func phoneCardShaped(gs []phoneGroup) bool {
	var buf [24]byte
	d := buf[:0]
	for _, g := range gs {
		if g.spelt {
			return false
		}
		d = append(d, g.digits...)
	}
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	// Four or more groups of four: a card or an account number, never
	// a phone ("4012-8888-8888-1882" even with a wrong check digit).
	if fours := len(gs) >= 4 && len(d) >= 16; fours {
		for _, g := range gs[:4] {
			if len(g.digits) != 4 {
				fours = false
			}
		}
		if fours {
			return true
		}
	}
	if d[0] < '2' || d[0] > '6' {
		return false
	}
	if len(gs) > 1 {
		fours := true
		for k, g := range gs {
			if len(g.digits) != 4 && k != len(gs)-1 {
				fours = false
			}
		}
		amex := len(gs) == 3 && len(gs[0].digits) == 4 && len(gs[1].digits) == 6
		if !fours && !amex {
			return false
		}
	}
	return checksum.Luhn(string(d))
}

// phoneMarkBad marks the groups that read as something other than phone
// digits: dates, decimals, thousands, prices and quantities, IP addresses,
// versions, year ranges.
func phoneMarkBad(p *phoneScan, gs []phoneGroup) {
	if p.hasPlus(gs[0].i) {
		// "+687 20.12.34" is a number, not a date.
		return
	}
	// Numbers written with '.' or ',' between groups and no spaces:
	// "7.500.000", "1,234,567", "9.99", "192.168.1.10", "4.12.0.1873".
	for a := 0; a < len(gs); {
		b := a + 1
		for b < len(gs) && phoneDecimalGap(gs[b].sep) && !gs[b].spelt && !gs[a].spelt {
			b++
		}
		// A token that continues a run of dotted groups ("10...541.451")
		// is part of that run.
		dotted := a > 0 && gs[a].sep.dot || b < len(gs) && gs[b].sep.dot
		if b-a >= 2 && !dotted && phoneNumberToken(p, gs[a:b]) {
			for k := a; k < b; k++ {
				gs[k].bad = true
			}
		}
		a = b
	}
	for k := range gs {
		g := &gs[k]
		if g.spelt || g.bad {
			continue
		}
		// A price or quantity of one group: "$ 4155550134" never, but
		// "Rp 75000000" and "12000000 VND" do occur.
		if k == 0 || gs[k].sep.strength() >= 2 {
			if p.currencyBefore(g.i) {
				g.bad = true
			}
		}
		if k == len(gs)-1 || gs[k+1].sep.strength() >= 2 {
			if p.unitAfter(g.j) {
				g.bad = true
			}
		}
		// yyyymmdd: "build 20240511".
		if len(g.digits) == 8 && phoneDateYMD(g.digits[:4], g.digits[4:6], g.digits[6:]) {
			g.bad = true
		}
	}
	// Dates: d/m/y, m/d/y, y-m-d, d.m.y, m/y, d/m; year ranges; a year
	// in brackets.
	for k := 0; k < len(gs); k++ {
		if gs[k].spelt {
			continue
		}
		if n := phoneDateAt(gs, k); n > 0 {
			for q := k; q < k+n; q++ {
				gs[q].bad = true
			}
			k += n - 1
			continue
		}
		// "2019-2023", "2021 2022 2023": years side by side.
		if k+1 < len(gs) && phoneIsYear(gs[k].digits) && phoneIsYear(gs[k+1].digits) && !gs[k+1].spelt &&
			gs[k+1].sep.lines == 0 && !gs[k+1].sep.msg {
			gs[k].bad, gs[k+1].bad = true, true
			continue
		}
		if phoneIsYear(gs[k].digits) && gs[k].sep.open && k+1 < len(gs) && gs[k+1].sep.close {
			gs[k].bad = true
		}
	}
}

// phoneDecimalGap reports a gap of exactly one '.' or ',' and nothing else.
func phoneDecimalGap(g phoneSep) bool {
	return g.npunct == 1 && g.spaces == 0 && g.lines == 0 && !g.msg && g.emoji == 0 && (g.punct == '.' || g.punct == ',')
}

// phoneNumberToken reports whether groups joined by single '.' or ',' read as a
// number that is not a phone: thousands, a decimal, an IP address, a
// version, a price.
func phoneNumberToken(p *phoneScan, gs []phoneGroup) bool {
	seps := map[byte]bool{}
	for _, g := range gs[1:] {
		seps[g.sep.punct] = true
	}
	lens := make([]int, len(gs))
	for k, g := range gs {
		lens[k] = len(g.digits)
	}
	last := gs[len(gs)-1]
	// A decimal fraction: "9.99", "4,9", "80.585", "51.5074"; phones
	// written with dots have three groups or more ("415.555.0134").
	if len(gs) == 2 && (lens[1] <= 2 || lens[0] <= 2 || lens[0] <= 3 && lens[1] <= 3) {
		return true
	}
	if len(seps) > 1 {
		return true // "1,150.00"
	}
	thousands := lens[0] <= 3
	for _, n := range lens[1:] {
		if n != 3 {
			thousands = false
		}
	}
	if seps[','] {
		// "1,234,567,890", "41,870", "25,00,000" (lakh): a phone is
		// never written with commas and no spaces between its groups.
		return true
	}
	// '.' only.
	if thousands && (last.digits == "000" || p.currencyBefore(gs[0].i) || p.unitAfter(last.j) || lens[0] == 1) {
		return true // "7.500.000", "Rp 7.500.000", "10.000.000 VND"
	}
	if len(gs) == 4 {
		byte8, threes := true, true
		for _, g := range gs {
			byte8 = byte8 && len(g.digits) <= 3 && phoneAtoi(g.digits) <= 255
			threes = threes && len(g.digits) == 3
		}
		if byte8 || threes {
			return true // "192.168.1.10", "256.256.256.256"; not "532.123.45.67"
		}
	}
	if len(gs) >= 3 && len(gs) <= 5 {
		for _, n := range lens[1:] {
			if n == 1 {
				return true // "4.12.0.1873", "2022.3.21"; not "0.9.1.7.1.2.3.4.5.6.7"
			}
		}
	}
	return false
}

// currencyBefore reports a currency sign or code right before view offset
// i: "$4155550134" never reaches here ('$' ends a chain) but "Rp
// 7.500.000", "USD 1,200", "₦250,000", "R$ 120".
func (p *phoneScan) currencyBefore(i int) bool {
	s := p.t.S
	j := i
	for j > 0 && i-j < 3 && s[j-1] == ' ' {
		j--
	}
	if j == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:j])
	if unicode.Is(unicode.Sc, r) {
		return true
	}
	var buf [1]phoneCtxWord
	ws := p.wordsBefore(i, buf[:0])
	return len(ws) == 1 && len(ws[0].gap) <= 3 && !strings.ContainsAny(ws[0].gap, "\n,;:") && phoneCurrencyWords[ws[0].w] && !strings.ContainsAny(ws[0].gap, "+(")
}

// unitAfter reports a unit, currency or '%' right after view offset j:
// "41,870 clicks", "10.000.000 VND", "47%".
func (p *phoneScan) unitAfter(j int) bool {
	s := p.t.S
	k := j
	for k < len(s) && k-j < 2 && s[k] == ' ' {
		k++
	}
	if k < len(s) {
		if s[k] == '%' {
			return true
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if unicode.Is(unicode.Sc, r) {
			return true
		}
	}
	var buf [1]phoneCtxWord
	ws := p.wordsAfter(j, buf[:0])
	return len(ws) == 1 && len(ws[0].gap) <= 2 && !strings.ContainsAny(ws[0].gap, "\n,;") && phoneUnitWords[ws[0].w]
}

// phoneDateAt returns how many groups from k form a date, or 0.
func phoneDateAt(gs []phoneGroup, k int) int {
	same := func(a, b int) bool { // groups a..b joined by one repeated mark
		var mark byte
		for q := a + 1; q <= b; q++ {
			g := gs[q].sep
			if gs[q].spelt || g.npunct != 1 || g.spaces > 1 || g.lines > 0 || g.msg || g.emoji > 0 {
				return false
			}
			if g.punct != '/' && g.punct != '.' && g.punct != '-' {
				return false
			}
			if mark != 0 && g.punct != mark {
				return false
			}
			mark = g.punct
		}
		return true
	}
	d := func(q int) string { return gs[q].digits }
	if k+2 < len(gs) && same(k, k+2) {
		a, b, c := d(k), d(k+1), d(k+2)
		if len(a) <= 2 && len(b) <= 2 && (len(c) == 4 && phoneIsYear(c) || len(c) == 2) &&
			(phoneDayMonth(a, b) || phoneDayMonth(b, a)) {
			return 3 // 15/03/2024, 06/21/84, 21.6.1984
		}
		if len(a) == 4 && phoneIsYear(a) && len(b) <= 2 && len(c) <= 2 && phoneDayMonth(c, b) {
			return 3 // 2024-03-15
		}
	}
	if k+1 < len(gs) && same(k, k+1) && gs[k+1].sep.punct != '-' {
		a, b := d(k), d(k+1)
		last := k+2 >= len(gs) || !same(k+1, k+2)
		if len(a) <= 2 && len(b) == 4 && phoneIsYear(b) && phoneAtoi(a) >= 1 && phoneAtoi(a) <= 12 && last {
			return 2 // 11/2026
		}
		if len(a) <= 2 && len(b) <= 2 && last && gs[k+1].sep.punct == '/' && (phoneDayMonth(a, b) || phoneDayMonth(b, a)) {
			return 2 // 06/21
		}
	}
	return 0
}

// phoneDayMonth reports whether d and m are a day and a month.
func phoneDayMonth(d, m string) bool {
	dv, mv := phoneAtoi(d), phoneAtoi(m)
	return dv >= 1 && dv <= 31 && mv >= 1 && mv <= 12
}

// phoneDateYMD reports whether y, m, d are a plausible date.
func phoneDateYMD(y, m, d string) bool {
	return phoneIsYear(y) && phoneDayMonth(d, m)
}

// phoneIsYear reports a four-digit year from 1950 to 2099.
func phoneIsYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	v := phoneAtoi(s)
	return v >= 1950 && v <= 2099
}

// phoneAtoi parses up to 9 ASCII digits.
func phoneAtoi(s string) int {
	v := 0
	for k := 0; k < len(s) && k < 9; k++ {
		v = v*10 + int(s[k]-'0')
	}
	return v
}

// phoneISBN reports an ISBN written with its hyphens or spaces
// ("978-1-4028-9462-6", "0-306-40615-2") or as 13 bare digits from the
// 978/979 prefix, with a valid check digit (ISO 2108).
func phoneISBN(gs []phoneGroup) bool {
	var buf [24]byte
	d := buf[:0]
	for _, g := range gs {
		if g.spelt {
			return false
		}
		d = append(d, g.digits...)
	}
	if len(gs) > 1 && len(gs[len(gs)-1].digits) != 1 {
		return false // the check digit stands alone: "0-306-40615-2"
	}
	switch {
	case len(d) == 13 && (string(d[:3]) == "978" || string(d[:3]) == "979") && (len(gs) == 1 || len(gs) >= 4):
		sum := 0
		for k, c := range d {
			v := int(c - '0')
			if k%2 == 1 {
				v *= 3
			}
			sum += v
		}
		return sum%10 == 0
	case len(d) == 10 && len(gs) == 4:
		sum := 0
		for k, c := range d {
			sum += (10 - k) * int(c-'0')
		}
		return sum%11 == 0
	}
	return false
}

// phonePlaceholder reports digits that stand in for a number: a digit
// repeated six times or more ("1111111111", "666000000") or a counting
// run over the whole number ("1234567890", "0987654321"; spelled out,
// counting from one).
func phonePlaceholder(d string, spelt bool) bool {
	// Counting aloud: "isa, dalawa, tatlo, apat, lima, anim, pito".
	if spelt && len(d) >= 6 && (strings.HasPrefix("12345678910111213", d) || strings.HasPrefix("012345678910111213", d)) {
		return true
	}
	// A counting run over the whole number but its first digit.
	count := max(9, len(d)-1)
	run, up, down := 1, 1, 1
	for k := 1; k < len(d); k++ {
		switch {
		case d[k] == d[k-1]:
			run++
		default:
			run = 1
		}
		if d[k] == d[k-1]+1 || d[k-1] == '9' && d[k] == '0' && up >= 9 {
			up++
		} else {
			up = 1
		}
		if d[k]+1 == d[k-1] {
			down++
		} else {
			down = 1
		}
		if run >= 6 || up >= count || down >= count {
			return true
		}
	}
	return false
}

// capitals reports whether the n bytes at view offset i are capital
// letters: "PO 4500123456", not Tagalog "po".
func (p *phoneScan) capitals(i, n int) bool {
	for k := i; k < i+n; k++ {
		if c := p.t.S[k]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// codeLike reports whether the word of n bytes at view offset i is a
// short code: up to four capital letters or digits ("NL", "91", "ABNA").
func (p *phoneScan) codeLike(i, n int) bool {
	if n > 4 {
		return false
	}
	for k := i; k < i+n; k++ {
		if c := p.t.S[k]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
