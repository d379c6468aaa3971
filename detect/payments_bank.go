package detect

import (
	"strings"

	"github.com/chaperone-dev/chaperone/detect/internal/checksum"
	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// IBANs (ISO 13616) and bank account numbers.
//
// An IBAN is two letters of a country, two check digits and a national
// account number (BBAN), 15 to 34 characters in all, its length fixed per
// country. People write it in groups of four ("DE89 3704 0044 …"), in
// pairs ("NL 91 AB NA 04 …"), with hyphens or dots, in lower case, letter
// by letter ("I B A N : D E 7 5 …", read through the collapsed view) or
// across two messages ("DE77 7005 0000" then "0002 0345 67"). findIBANs
// gathers the characters of a candidate over such separators until the
// country's length is reached, and keeps it when the MOD 97-10 check holds.

// ibanSeps may separate the groups of an IBAN: spaces, hyphens, dots and
// the newline that joins two messages of a thread.
func ibanSep(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '\n' || c == '\t' }

// findIBANs finds IBANs in view v. cue says a bank word occurs in the
// text: it allows the looser groupings (pairs of letters, a lower-case
// country code with spaces) that ordinary words could otherwise imitate.
func findIBANs(s *scan, v *normalize.Text, cue bool) {
	src := v.S
	// Look for the two check digits, then for the country code before
	// them ("DE89", "ES 58"): one table lookup per byte of prose.
	for p := 2; p+1 < len(src); p++ {
		if !digitTable[src[p+1]] {
			p++ // no pair starts at p or p+1
			continue
		}
		if !digitTable[src[p]] {
			continue
		}
		k := p - 2
		if src[p-1] == ' ' && p >= 3 {
			k = p - 3
		}
		if !asciiLetter(src[k]) || !asciiLetter(src[k+1]) || k > 0 && isWordByte(src[k-1]) ||
			!ibanCountry[upperASCII(src[k])-'A'][upperASCII(src[k+1])-'A'] || len(src)-k < 15 {
			continue
		}
		end, iban, ok := readIBAN(src, k, cue)
		if !ok {
			continue
		}
		s.addPayment(v, k, end, "iban:"+iban, confPayChecksum, "payment.iban")
		p = end - 1
	}
}

// digitTable marks the ASCII digits.
var digitTable = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// ibanCountry marks the country codes that have an IBAN format.
var ibanCountry = func() (t [26][26]bool) {
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			_, t[a-'A'][b-'A'] = checksum.IBANCountryLength(string([]byte{a, b}))
		}
	}
	return t
}()

func asciiLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// readIBAN reads the IBAN starting at src[k] and returns where it ends and
// its electronic form (upper case, no separators).
func readIBAN(src string, k int, cue bool) (end int, iban string, ok bool) {
	cc := string([]byte{upperASCII(src[k]), upperASCII(src[k+1])})
	want, known := checksum.IBANCountryLength(cc)
	if !known {
		return 0, "", false
	}
	lowerCC := src[k] >= 'a'
	var buf [34]byte
	n := 0
	j := k
	seps := 0
	// The current group of characters between separators.
	gLen, gLetters := 0, 0
	shortLetters := false // a letters-only group other than a 4-letter bank code
	closeGroup := func(last bool) {
		if gLen > 0 && gLen == gLetters && gLen != 4 && !last && n > 2 {
			shortLetters = true
		}
		gLen, gLetters = 0, 0
	}
	for j < len(src) && n < want {
		c := src[j]
		if isWordByte(c) {
			buf[n] = upperASCII(c)
			n++
			gLen++
			if asciiLetter(c) {
				gLetters++
			}
			j++
			end = j
			continue
		}
		if !ibanSep(c) || n < 2 {
			break
		}
		// One or two separator characters, then more of the IBAN.
		q := j + 1
		if q < len(src) && ibanSep(src[q]) && src[q] != c {
			q++
		}
		if q >= len(src) || !isWordByte(src[q]) {
			break
		}
		closeGroup(false)
		seps++
		j = q
	}
	closeGroup(true)
	if n != want || end < len(src) && isWordByte(src[end]) {
		return 0, "", false
	}
	b := buf[:n]
	if b[2] < '0' || b[2] > '9' || b[3] < '0' || b[3] > '9' {
		return 0, "", false
	}
	// A BBAN is mostly digits: at most half letters.
	letters := 0
	for _, c := range b[4:] {
		if c >= 'A' && c <= 'Z' {
			letters++
		}
	}
	if 2*letters > len(b)-4 {
		return 0, "", false
	}
	if (shortLetters || lowerCC && seps > 0) && !cue {
		return 0, "", false
	}
	if !checksum.IBAN(string(b)) {
		return 0, "", false
	}
	return end, string(b), true
}

// Bank account numbers are not self-checking (except a few national
// formats), so they are only taken next to a word that names them and in
// a message that speaks of a bank.

// bankCues introduce a number of a given type.
var bankCues = newSvcTable([]svcPhrase{
	// account numbers
	svc("account", "account", false), svc("account number", "account", false), svc("account no", "account", false),
	svc("acct", "account", false), svc("acct no", "account", false), svc("acc", "account", true),
	svc("acc no", "account", true), svc("a c", "account", true), svc("ac no", "account", true),
	svc("konto", "account", false), svc("kontonummer", "account", false), svc("numer konta", "account", false),
	svc("nr konta", "account", false), svc("konta", "account", false), svc("nrb", "account", false), svc("rachunek", "account", false), svc("rachunku", "account", false),
	svc("número de cuenta", "account", false), svc("numero de cuenta", "account", false), svc("cuenta", "account", false),
	svc("conta", "account", false), svc("conta corrente", "account", false), svc("compte", "account", false),
	svc("numéro de compte", "account", false), svc("счет", "account", false), svc("счёт", "account", false),
	svc("р с", "account", false), svc("рахунок", "account", false), svc("hesap", "account", false),
	svc("hesap no", "account", false), svc("rekening", "account", false), svc("no rek", "account", false),
	svc("norek", "account", false), svc("no rekening", "account", false), svc("nuban", "account", false),
	// bank routing codes with a checksum or a fixed shape
	svc("routing", "routing", false), svc("routing number", "routing", false), svc("aba", "routing", false),
	svc("rtn", "routing", false), svc("ach routing", "routing", false), svc("wire routing", "routing", false),
	svc("cbu", "cbu", false), svc("cvu", "cbu", false), svc("clabe", "clabe", false),
})

// nigerianBanks name the banks whose 10-digit NUBAN account numbers are
// given right after the bank's name ("GTBank 0123456789").
var nigerianBanks = newSvcTable([]svcPhrase{
	svc("gtbank", "gtbank", false), svc("gtb", "gtbank", false), svc("guaranty trust", "gtbank", false),
	svc("access bank", "access", false), svc("zenith", "zenith", false), svc("zenith bank", "zenith", false),
	svc("uba", "uba", false), svc("first bank", "firstbank", false), svc("firstbank", "firstbank", false),
	svc("fidelity", "fidelity", false), svc("fidelity bank", "fidelity", false), svc("fcmb", "fcmb", false),
	svc("sterling bank", "sterling", false), svc("wema", "wema", false), svc("wema bank", "wema", false),
	svc("kuda", "kuda", false), svc("opay", "opay", false), svc("palmpay", "palmpay", false),
	svc("moniepoint", "moniepoint", false), svc("polaris", "polaris", false), svc("union bank", "union", false),
	svc("ecobank", "ecobank", false), svc("stanbic", "stanbic", false), svc("keystone", "keystone", false),
	svc("providus", "providus", false), svc("jaiz", "jaiz", false),
})

// bankContextWords make a message one about a bank account: bank words,
// bank codes that come with an account number, and transfer words.
var bankContextWords = []string{
	"bank", "banco", "banque", "banca", "banka", "bankası", "sort", "ifsc", "swift", "bic", "iban",
	"routing", "aba", "bsb", "branch", "agência", "agencia", "sucursal", "beneficiary", "transfer",
	"wire", "deposit", "nuban", "clabe", "cbu", "cvu", "transferencia", "transferência", "virement",
	"überweisung", "przelew", "havale", "eft", "neft", "imps", "rtgs", "sepa", "ach", "acct",
	"банк", "банка", "реквізити", "реквизиты", "перевод", "переказ",
	// bank names (bankNamesFrom)
	"chase", "hdfc", "icici", "sbi",
	"barclays", "lloyds", "natwest", "hsbc", "santander", "bbva", "itaú", "bradesco", "nubank",
	"monzo", "revolut", "gtbank", "zenith", "opay", "kuda", "bca", "bdo", "bpi", "meezan", "hbl",
	"sparkasse", "приватбанк", "сбер", "сбербанк", "монобанк",
}

// bankNamesFrom is where the bank names start in bankContextWords.
var bankNamesFrom = func() int {
	for i, w := range bankContextWords {
		if w == "chase" {
			return i
		}
	}
	return len(bankContextWords)
}()

// bankContext reports whether the lower-case text speaks of a bank
// account.
func bankContext(low string) bool {
	for _, w := range bankContextWords {
		if hasWord(low, w) {
			return true
		}
	}
	// "GTBank", "PrivatBank", "ПриватБанк", "Bankası": a word with "bank".
	for k := 0; k < len(low); {
		i, j := hwNextWord(low, k)
		if i < 0 {
			break
		}
		if w := low[i:j]; strings.Contains(w, "bank") || strings.Contains(w, "банк") {
			return true
		}
		k = j
	}
	return false
}

// bankName reports a bank's name or a word with "bank" in it, which may
// stand between an account word and its number ("cuenta BBVA 0182…").
func bankName(w string) bool {
	if strings.Contains(w, "bank") || strings.Contains(w, "banco") || strings.Contains(w, "банк") {
		return true
	}
	for _, b := range bankContextWords[bankNamesFrom:] {
		if w == b {
			return true
		}
	}
	return false
}

// bankFillers may stand between an account word and its number.
var bankFillers = map[string]bool{
	"no": true, "number": true, "num": true, "nr": true, "nº": true, "n": true, "is": true, "de": true,
	"do": true, "da": true, "es": true, "é": true, "my": true, "our": true, "mi": true, "meu": true,
	"mój": true, "mon": true, "mein": true, "номер": true, "nomor": true, "numarası": true,
	"numaram": true,
}

// findBankAccounts finds routing numbers (ABA check), CBU/CVU and CLABE
// numbers (check digits) after their names, account numbers after an
// account word in a message about a bank, and Nigerian account numbers
// after a bank's name.
func findBankAccounts(s *scan, v *normalize.Text) {
	low := v.Lower
	from := hwViewPos(v, s.base)
	ctx := -1 // bank context of the current message, computed once
	for k := from; k < len(low); {
		i, j := hwNextWord(low, k)
		if i < 0 {
			return
		}
		k = j
		ph, e, ok := bankCues.match(low, i, j)
		name := ph.name
		if !ok {
			if ph, e, ok = nigerianBanks.match(low, i, j); !ok {
				continue
			}
			name = "nuban"
		}
		if hwAttached(low, i, e) && !(e < len(low) && low[e] == '/') {
			continue
		}
		q, loose := bankNumberStart(low, e, name == "cbu" || name == "clabe")
		if q < 0 {
			continue
		}
		switch name {
		case "routing":
			if b, d, ok := readDigitGroups(low, q, 9, 9); ok && abaCheck(d) {
				s.addPayment(v, q, b, "aba:"+d, confPayBank, "payment.aba")
				k = b
			}
		case "cbu":
			if b, d, ok := readDigitGroups(low, q, 22, 22); ok && cbuValid(d) {
				s.addPayment(v, q, b, "cbu:"+d, confPayChecksum, "payment.cbu")
				k = b
			}
		case "clabe":
			if b, d, ok := readDigitGroups(low, q, 18, 18); ok && clabeValid(d) {
				s.addPayment(v, q, b, "clabe:"+d, confPayChecksum, "payment.clabe")
				k = b
			}
		case "account", "nuban":
			if loose {
				continue
			}
			// Poland's domestic account number (NRB) is its IBAN without
			// "PL": 26 digits whose first two are the IBAN check digits,
			// written so after "nr konta" far more often than the IBAN.
			if b, d, ok := readDigitGroups(low, q, 26, 26); ok && checksum.IBAN("PL"+d) {
				s.addPayment(v, q, b, "iban:PL"+d, confPayChecksum, "payment.iban")
				k = b
				continue
			}
			minD, maxD := 6, 20
			if name == "nuban" {
				minD, maxD = 10, 10
			}
			b, d, ok := readDigitGroups(low, q, minD, maxD)
			if !ok || cardNumber(d, low) {
				continue
			}
			if ctx < 0 {
				ctx = 0
				// The whole message, not only v's windows, tells.
				if bankContext(s.fold.Lower[max(hwViewPos(s.fold, s.base), 0):]) {
					ctx = 1
				}
			}
			if ctx == 0 && ph.weak {
				continue
			}
			if ctx == 0 && name != "nuban" {
				continue
			}
			s.addPayment(v, q, b, "account:"+d, confPayBank, "payment.bank")
			k = b
		}
	}
}

// bankNumberStart skips what may stand between an account word and its
// number (":", "no.", "number", "#") and returns where the number starts,
// or -1. With anyWords (a self-checking number follows), up to three
// other short words may stand between too ("CBU si preferís: …"); loose
// reports that it needed them.
func bankNumberStart(low string, k int, anyWords bool) (q int, loose bool) {
	start := k
	for steps := 0; steps < 8 && k < len(low) && k-start <= 32; steps++ {
		c := low[k]
		switch {
		case c >= '0' && c <= '9':
			return k, loose
		case c == ' ' || c == ':' || c == '-' || c == '#' || c == '.' || c == '(' || c == '\t' || c == '=':
			k++
			continue
		}
		if strings.HasPrefix(low[k:], "№") || strings.HasPrefix(low[k:], "\u2192") {
			k += len("№")
			continue
		}
		i, j := hwNextWord(low, k)
		if i != k {
			return -1, false
		}
		if w := low[i:j]; !bankFillers[w] && !bankName(w) {
			if !anyWords || j-i > 10 {
				return -1, false
			}
			loose = true
		}
		k = j
	}
	return -1, false
}

// abaCheck checks the 3-7-1 weighted sum of a US routing number. After
// the word "routing" the sum alone is enough: the stricter Federal Reserve
// prefix ranges of checksum.ABARouting would turn away numbers people
// type from memory or invent for a test payment, and those are still
// an outside account.
func abaCheck(d string) bool {
	return d != "000000000" && checksum.ABACheckDigit(d)
}

// cardNumber reports a payment card number given as an account: 13–19
// digits passing the Luhn check in a message that speaks of a card.
func cardNumber(d, low string) bool {
	if len(d) < 13 || len(d) > 19 || !checksum.Luhn(d) {
		return false
	}
	for _, w := range []string{"card", "tarjeta", "cartão", "carte", "karte", "karta", "карт", "kart"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// cbuValid checks the two check digits of an Argentine CBU/CVU (BCRA
// Comunicación A 3452): the first block of 8 digits (bank, branch, check)
// with weights 7,1,3,9,7,1,3 and the second block of 14 (account, check)
// with weights 3,9,7,1,… ; each check digit is (10 − sum mod 10) mod 10.
func cbuValid(d string) bool {
	if len(d) != 22 {
		return false
	}
	check := func(block string, weights []int) bool {
		sum := 0
		n := len(block) - 1
		for i := 0; i < n; i++ {
			sum += int(block[i]-'0') * weights[i%len(weights)]
		}
		return (10-sum%10)%10 == int(block[n]-'0')
	}
	return check(d[:8], []int{7, 1, 3, 9}) && check(d[8:], []int{3, 9, 7, 1})
}

// clabeValid checks the check digit of a Mexican CLABE (18 digits; weights
// 3,7,1 over the first 17, check = (10 − Σ(dᵢ·wᵢ mod 10) mod 10) mod 10).
func clabeValid(d string) bool {
	if len(d) != 18 {
		return false
	}
	w := [3]int{3, 7, 1}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d[i]-'0') * w[i%3] % 10
	}
	return (10-sum%10)%10 == int(d[17]-'0')
}
