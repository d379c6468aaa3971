package detect

import (
	"strings"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// The payment detector finds outside payment identifiers (rule ids in
// brackets):
//
//   - IBANs of any country, grouped, lower-case, letter-spaced or split
//     over messages, when the ISO 13616 length and MOD 97-10 check hold
//     [payment.iban] (payments_bank.go);
//   - crypto addresses whose checksum holds: Bitcoin Base58Check and
//     bech32/bech32m, Ethereum (EIP-55), Tron, and the other common coins
//     [payment.btc, payment.eth, payment.tron, payment.crypto]
//     (payments_crypto.go); look-alike letters and zero-width characters
//     are undone by the folded view, and groups split by spaces after a
//     wallet word are joined;
//   - bank accounts given with a bank word: US routing numbers (ABA check),
//     account numbers next to a bank, sort code or IFSC, Argentine CBU/CVU
//     and Mexican CLABE (check digits) [payment.aba, payment.bank,
//     payment.cbu, payment.clabe] (payments_bank.go);
//   - a named service with an account: an email or phone number found by
//     the email and phone detectors next to PayPal, Zelle, GCash, Pix …
//     (same span, in the same message or named in an earlier message of
//     the thread), Venmo/Wise/Revolut "@tags", Cash App "$cashtags",
//     Payoneer and Skrill customer ids, Mercado Pago aliases, Pix keys and
//     UPI ids [payment.service, payment.cashtag, payment.upi].
//
// Not findings: a service talked about as a product or a skill ("PayPal
// checkout integration"), payment on the platform, prices and tickers
// ("$300", "$AAPL"), invoice, order and card numbers, and any
// address-shaped string whose checksum fails.

// payKind is a set of identifier kinds a payment service accepts.
type payKind uint16

const (
	payEmail  payKind = 1 << iota // an email address
	payPhone                      // a phone number
	payAt                         // an "@tag" (Venmo, Wise, Revolut)
	payDollar                     // a "$cashtag" (Cash App)
	payNumber                     // a customer or wallet number (Payoneer, Skrill)
	payAlias                      // a word alias ("camila.rojas.mp", Mercado Pago)
	payPixKey                     // a Pix random key or CPF/CNPJ
	payWallet                     // a crypto wallet word: joins split address groups
)

// payServices are the payment services and wallets people move payment
// to, by the names and abbreviations they use for them.
var payServices = []svcPhrase{
	svc("paypal", "paypal", false), svc("pay pal", "paypal", false), svc("pp", "paypal", true),
	svc("пейпал", "paypal", false), svc("пэйпал", "paypal", false), svc("بايبال", "paypal", false),
	svc("venmo", "venmo", false), svc("венмо", "venmo", false),
	svc("zelle", "zelle", false),
	svc("cash app", "cashapp", false), svc("cashapp", "cashapp", false), svc("cashtag", "cashapp", false),
	svc("cash tag", "cashapp", false),
	svc("wise", "wise", true), svc("transferwise", "wise", false),
	svc("payoneer", "payoneer", false), svc("skrill", "skrill", false), svc("neteller", "neteller", false),
	svc("revolut", "revolut", false), svc("revtag", "revolut", false), svc("monzo", "monzo", false),
	svc("bizum", "bizum", false), svc("blik", "blik", false),
	svc("gcash", "gcash", false), svc("paymaya", "maya", false),
	svc("maya", "maya", true),
	svc("easypaisa", "easypaisa", false), svc("easy paisa", "easypaisa", false),
	svc("jazzcash", "jazzcash", false), svc("jazz cash", "jazzcash", false),
	svc("bkash", "bkash", false), svc("b kash", "bkash", false), svc("বিকাশ", "bkash", false),
	svc("nagad", "nagad", false), svc("নগদ", "nagad", false), svc("rocket", "rocket", true),
	svc("dana", "dana", true), svc("ovo", "ovo", true), svc("gopay", "gopay", false),
	svc("shopeepay", "shopeepay", false), svc("linkaja", "linkaja", false),
	svc("mpesa", "mpesa", false), svc("m pesa", "mpesa", false), svc("м песа", "mpesa", false),
	svc("vodafone cash", "vodafonecash", false), svc("فودافون كاش", "vodafonecash", false),
	svc("orange money", "orangemoney", false), svc("airtel money", "airtelmoney", false),
	svc("mtn momo", "momo", false), svc("momo", "momo", true),
	svc("wave", "wave", true),
	svc("pix", "pix", false), svc("chave pix", "pix", false),
	svc("mercado pago", "mercadopago", false), svc("mercadopago", "mercadopago", false),
	svc("mp", "mercadopago", true),
	svc("upi", "upi", false), svc("google pay", "upi", false), svc("gpay", "upi", false),
	svc("phonepe", "upi", false), svc("paytm", "paytm", false),
	svc("bhim", "upi", false),
	svc("alipay", "alipay", false), svc("wechat pay", "wechatpay", false), svc("weixin pay", "wechatpay", false),
	svc("interac", "interac", false), svc("etransfer", "interac", false),
	svc("сбп", "sbp", false), svc("sbp", "sbp", false), svc("binance pay", "binancepay", false), svc("qiwi", "qiwi", false), svc("киви", "qiwi", true),
	svc("yoomoney", "yoomoney", false), svc("юмани", "yoomoney", false), svc("webmoney", "webmoney", false),
	svc("perfect money", "perfectmoney", false), svc("payeer", "payeer", false),
	svc("nequi", "nequi", false), svc("daviplata", "daviplata", false), svc("yape", "yape", false),
	svc("plin", "plin", true), svc("sinpe", "sinpe", false),
	// Crypto wallet words: they name no account themselves, but an
	// address split into groups after them is joined (payments_crypto.go).
	svc("wallet", "wallet", true), svc("кошелек", "wallet", true), svc("кошелёк", "wallet", true),
	svc("гаманець", "wallet", true), svc("carteira", "wallet", true), svc("billetera", "wallet", true),
	svc("cartera", "wallet", true), svc("monedero", "wallet", true), svc("portefeuille", "wallet", true),
	svc("cüzdan", "wallet", true), svc("dompet", "wallet", true),
	svc("btc", "wallet", true), svc("bitcoin", "wallet", true), svc("eth", "wallet", true),
	svc("ethereum", "wallet", true), svc("usdt", "wallet", true), svc("usdc", "wallet", true),
	svc("trc20", "wallet", true), svc("trc 20", "wallet", true), svc("erc20", "wallet", true),
	svc("erc 20", "wallet", true), svc("bep20", "wallet", true), svc("tron", "wallet", true),
	svc("trx", "wallet", true), svc("sol", "wallet", true), svc("solana", "wallet", true),
	svc("ltc", "wallet", true), svc("litecoin", "wallet", true), svc("doge", "wallet", true),
	svc("xrp", "wallet", true), svc("bnb", "wallet", true), svc("binance", "binance", true),
	svc("metamask", "wallet", true), svc("crypto", "wallet", true), svc("крипта", "wallet", true),
	svc("cripto", "wallet", true),
}

// payAccepts says which identifiers each payment service takes.
var payAccepts = map[string]payKind{
	"paypal": payEmail | payPhone | payAt, "venmo": payAt | payPhone | payEmail,
	"zelle": payEmail | payPhone, "cashapp": payDollar | payPhone | payEmail,
	"wise": payEmail | payAt, "payoneer": payEmail | payNumber, "skrill": payEmail | payNumber,
	"neteller": payEmail | payNumber, "revolut": payAt | payPhone | payEmail, "monzo": payPhone,
	"bizum": payPhone, "blik": payPhone, "gcash": payPhone, "maya": payPhone,
	"easypaisa": payPhone | payNumber, "jazzcash": payPhone | payNumber, "bkash": payPhone,
	"nagad": payPhone, "rocket": payPhone, "dana": payPhone, "ovo": payPhone, "gopay": payPhone,
	"shopeepay": payPhone, "linkaja": payPhone, "mpesa": payPhone | payNumber,
	"vodafonecash": payPhone, "orangemoney": payPhone, "airtelmoney": payPhone, "momo": payPhone,
	"wave": payPhone, "pix": payEmail | payPhone | payPixKey, "mercadopago": payEmail | payAlias,
	"upi": payPhone, "paytm": payPhone, "alipay": payEmail | payPhone, "wechatpay": payPhone,
	"interac": payEmail | payPhone, "sbp": payPhone, "binancepay": payNumber | payEmail | payPhone, "qiwi": payPhone | payNumber,
	"yoomoney": payNumber, "webmoney": payNumber, "perfectmoney": payNumber, "payeer": payNumber,
	"nequi": payPhone, "daviplata": payPhone, "yape": payPhone, "plin": payPhone, "sinpe": payPhone,
	"wallet": payWallet, "binance": payWallet | payNumber | payEmail,
}

// paymentTable indexes payServices by their first word.
var paymentTable = newSvcTable(payServices)

// paymentWords name outside payment services and wallets; the prefilter
// registers one word of each.
var paymentWords = svcTriggerWords(payServices)

// bankWords name bank accounts and their parts; the prefilter registers
// the first word of each.
var bankWords = []string{
	"iban", "rib", "account", "acct", "acc", "routing", "aba", "swift", "bic", "ifsc", "sort code",
	"bsb", "clabe", "cbu", "cvu", "nuban", "bank", "banco", "banque", "banka", "bankası", "banca",
	"банк", "банку", "реквізити", "реквизиты", "рахунок", "счет", "счёт", "konto", "kontonummer",
	"rachunek", "rachunku", "konta", "nrb", "cuenta", "conta", "compte", "rekening", "norek", "hesap", "agência",
	"agencia", "beneficiary", "wire", "ach",
	// Nigerian banks, whose account numbers follow their names (nigerianBanks)
	"gtbank", "gtb", "guaranty", "zenith", "uba", "firstbank", "fidelity", "fcmb", "wema", "kuda",
	"opay", "palmpay", "moniepoint", "polaris", "ecobank", "stanbic", "keystone", "providus", "jaiz",
}

// payProductNouns after a payment service make it a product or a skill:
// "PayPal checkout", "Wise Business API", "Cash App style".
var payProductNouns = map[string]bool{
	"checkout": true, "integration": true, "integrations": true, "api": true, "apis": true,
	"sdk": true, "button": true, "buttons": true, "gateway": true, "plugin": true, "sandbox": true,
	"business": true, "connect": true, "express": true, "ipn": true, "webhook": true,
	"webhooks": true, "style": true, "clone": true, "payouts": true, "payout": true,
	"subscriptions": true, "subscription": true, "dashboard": true, "fees": true, "fee": true,
	"card": true, "merchant": true, "module": true, "widget": true, "pixel": true, "ads": true,
	"login": true, "developer": true, "developers": true, "integrated": true, "sdks": true,
	"mini": true, "support": true, "dispute": true, "disputes": true,
}

// Confidence of payment findings by rule.
const (
	confPayChecksum = 0.97 // IBAN and crypto checksums
	confPayService  = 0.85 // a service word with an account
	confPayBank     = 0.8  // a bank account number next to a bank word
	confPayCashtag  = 0.75 // a bare $Cashtag
)

// detectPayments finds outside payment identifiers.
func detectPayments(s *scan) {
	if !s.d.wants(PaymentAccount) {
		return
	}
	services := s.has(kwPayment)
	banks := s.has(kwBank)
	if s.sig.digits == 0 && !services && !s.sig.dollar && !s.sig.at && !s.sig.spaced {
		return
	}
	var viewBuf [2]*normalize.Text
	views := s.payViews(&viewBuf)
	if s.sig.digits >= 8 || s.sig.spaced {
		for _, v := range views {
			findIBANs(s, v, banks)
		}
	}
	var ms []svcMention
	if services || s.sig.spaced {
		for _, v := range views {
			aliasAccounts(s, v) // on the whole view: its cue words may be anywhere in the message
			if v == s.fold {
				v = s.nearView(kwPayment)
			}
			vm := findSvcMentions(s, v, paymentTable)
			findServiceIDs(s, v, vm)
			ms = append(ms, vm...)
		}
	}
	if s.sig.digits > 0 || s.sig.spaced {
		for _, v := range views {
			findCrypto(s, v, ms)
		}
	}
	if services || s.sig.spaced {
		s.paymentFromContacts(ms)
	}
	if banks && s.sig.digits >= 6 {
		findBankAccounts(s, s.nearView(kwBank))
	}
	if s.sig.dollar {
		findCashtags(s, s.fold, ms)
	}
	if s.sig.at {
		findUPI(s, s.fold)
	}
}

// payViews returns the folded view and, when the text has letter-spaced
// runs, the collapsed one: payment identifiers are not spelled out with
// words, so the spelled-out view adds nothing. buf holds the slice, so that it need not be allocated.
func (s *scan) payViews(buf *[2]*normalize.Text) []*normalize.Text {
	vs := append(buf[:0], s.fold)
	if c := s.collapsedView(); c != nil && c.S != s.fold.S {
		vs = append(vs, c)
	}
	return vs
}

// addPayment records a payment finding on view v at [i, j).
func (s *scan) addPayment(v *normalize.Text, i, j int, value string, conf float64, rule string) {
	s.add(v, i, j, Finding{Kind: PaymentAccount, Value: value, Confidence: conf, Rule: rule})
}

// payNext reports whether the word after a payment service ending at k
// makes it a product ("PayPal checkout").
func payNext(low string, k int) bool {
	j := hwSkipSpace(low, k)
	if strings.HasPrefix(low[j:], "'s ") || strings.HasPrefix(low[j:], "\u2019s ") {
		j = hwSkipSpace(low, j+strings.IndexByte(low[j:], 's')+1) // "PayPal's API"
	}
	i, e := hwNextWord(low, j)
	return i == j && payProductNouns[low[i:e]]
}

// payLinkWords may stand between a payment service and the account it
// introduces: "Payoneer customer ID", "my paypal is", "Chave Pix:",
// "Alias MP:", "Venmo username".
var payLinkWords = map[string]bool{
	"is": true, "es": true, "é": true, "est": true, "ist": true, "jest": true, "это": true, "це": true,
	"my": true, "mi": true, "meu": true, "minha": true, "mon": true, "mein": true, "moj": true,
	"mój": true, "мой": true, "мій": true, "mera": true, "meri": true, "the": true,
	"id": true, "customer": true, "client": true, "account": true, "acct": true, "acc": true,
	"number": true, "no": true, "nr": true, "num": true, "nº": true, "número": true, "numero": true,
	"numer": true, "номер": true, "tag": true, "username": true, "user": true, "handle": true,
	"email": true, "mail": true, "e": true, "alias": true, "chave": true, "key": true, "clave": true,
	"wallet": true, "purse": true, "cvu": true, "here": true, "to": true, "at": true, "on": true,
	"via": true, "ke": true, "al": true, "na": true, "a": true, "par": true, "pe": true, "sa": true,
	"po": true, "ko": true, "rakam": true, "also": true, "too": true, "and": true, "or": true,
	"y": true, "o": true, "ou": true, "till": true, "paybill": true, "cpf": true,
	"cnpj": true, "celular": true, "telefone": true, "aleatória": true, "aleatoria": true,
}

// payIDCue words make a bare number an account number: "customer ID
// 38472915", "wallet number: ...".
var payIDCue = map[string]bool{
	"id": true, "customer": true, "client": true, "account": true, "acct": true, "acc": true,
	"number": true, "no": true, "nr": true, "num": true, "nº": true, "número": true, "numero": true,
	"numer": true, "номер": true, "purse": true, "wallet": true, "till": true, "paybill": true,
}

// findServiceIDs finds accounts given right after a payment service word:
// "Venmo @Emily-Carter-27", "Cash App: $AnaLimaDesign", "Payoneer customer
// ID 38472915", "Chave Pix: <random key>". Mercado Pago aliases, which
// need no service word next to them, are aliasAccounts'.
func findServiceIDs(s *scan, v *normalize.Text, ms []svcMention) {
	for _, m := range ms {
		acc := payAccepts[m.name]
		if m.attached || acc&(payAt|payDollar|payNumber|payAlias|payPixKey) == 0 || payNext(v.Lower, m.j) {
			continue
		}
		if m.weak && !m.upperFirst && m.name != "mercadopago" {
			continue // "it would be wise", "a dana"
		}
		s.serviceAccountAfter(v, m, acc)
	}
}

// serviceAccountAfter reads what follows the payment service m, skipping
// separators and link words ("customer ID", "is", ":"), and records the
// account it gives, if it is of a kind the service takes (acc).
func (s *scan) serviceAccountAfter(v *normalize.Text, m svcMention, acc payKind) {
	low, src := v.Lower, v.S
	k := m.j
	cue, sep := false, false // an id word or a firm separator came before
	for steps := 0; steps < 8 && k < len(low) && k-m.j <= 48; steps++ {
		c := low[k]
		switch {
		case c == ' ' || c == '\t':
			k++
			steps--
			continue
		case c == '#':
			cue = true
			k++
			continue
		case c == '@':
			if acc&payAt != 0 {
				if b, tag, ok := readPayTag(src, k+1); ok {
					s.addPayment(v, k, b, m.name+":@"+strings.ToLower(tag), confPayService, "payment.service")
				}
			}
			return
		case c == '$':
			if acc&payDollar != 0 {
				if b, tag, ok := readCashtag(src, k); ok {
					s.addPayment(v, k, b, "cashapp:$"+strings.ToLower(tag), confPayService, "payment.cashtag")
				}
			}
			return
		case c >= '0' && c <= '9':
			if acc&payPixKey != 0 {
				if b, key, ok := readPixKey(low, k); ok {
					s.addPayment(v, k, b, "pix:"+key, confPayService, "payment.service")
					return
				}
			}
			// A customer or wallet number; a phone number is the phone
			// detector's, made a payment account by paymentFromContacts.
			if acc&payNumber != 0 && (cue || sep) {
				if b, digits, ok := readDigitGroups(low, k, 6, 16); ok && !overlapsKind(s, v, k, b, Phone) {
					s.addPayment(v, k, b, m.name+":"+digits, confPayService, "payment.service")
				}
			}
			return
		}
		r, n := utf8.DecodeRuneInString(low[k:])
		if isSep, strong := handleSeparator(r); isSep {
			sep = sep || strong
			k += n
			continue
		}
		wi, wj := hwNextWord(low, k)
		if wi != k {
			return
		}
		glued := wj+1 < len(low) && (low[wj] == '.' || low[wj] == '_' || low[wj] == '-') && isWordByte(low[wj+1])
		if w := low[wi:wj]; payLinkWords[w] && !glued {
			cue = cue || payIDCue[w]
			k = wj
			continue
		}
		if acc&payPixKey != 0 {
			if b, key, ok := readPixKey(low, k); ok {
				s.addPayment(v, k, b, "pix:"+key, confPayService, "payment.service")
				return
			}
		}
		if acc&payAlias != 0 {
			if b, alias, ok := readAlias(low, k); ok {
				s.addPayment(v, k, b, m.name+":"+alias, confPayService, "payment.service")
				return
			}
		}
		if acc&payNumber != 0 && (cue || sep) {
			// A wallet number with a letter prefix: WebMoney
			// "Z123456789012", Perfect Money "U1234567", Payeer "P1234567".
			if b, id, ok := readPurse(src, k); ok {
				s.addPayment(v, k, b, m.name+":"+id, confPayService, "payment.service")
			}
		}
		return
	}
}

// aliasWords may stand between "alias" and a Mercado Pago alias.
var aliasWords = map[string]bool{"mp": true, "mercado": true, "pago": true, "cbu": true, "cvu": true, "es": true, "is": true, "mi": true}

// aliasAccounts finds Argentine transfer aliases ("Alias MP:
// camila.rojas.mp"), announced by the word "alias" in a message that names
// Mercado Pago, a CBU/CVU or a bank.
func aliasAccounts(s *scan, v *normalize.Text) {
	low := v.Lower
	if !strings.Contains(low, "alias") || !(hasWord(low, "mp") || hasWord(low, "cbu") || hasWord(low, "cvu") ||
		strings.Contains(low, "mercado") || strings.Contains(low, "banco")) {
		return
	}
	for k := 0; k < len(low); {
		i := strings.Index(low[k:], "alias")
		if i < 0 {
			return
		}
		i += k
		k = i + len("alias")
		if !hwWordBoundary(low, k) || i > 0 && hwLetterOrDigit(hwPrevRune(low, i)) {
			continue
		}
		j := k
		for steps := 0; steps < 4 && j < len(low); steps++ {
			j = hwSkipSpace(low, j)
			if j < len(low) && (low[j] == ':' || low[j] == '-' || low[j] == '=') {
				j++
				continue
			}
			if wi, wj := hwNextWord(low, j); wi == j && aliasWords[low[wi:wj]] {
				j = wj
				continue
			}
			break
		}
		if b, alias, ok := readAlias(low, j); ok {
			s.addPayment(v, j, b, "mercadopago:"+alias, confPayService, "payment.service")
			k = b
		}
	}
}

// hasWord reports whether the lower-case word w occurs as a word of low.
func hasWord(low, w string) bool {
	for k := 0; k < len(low); {
		i := strings.Index(low[k:], w)
		if i < 0 {
			return false
		}
		i += k
		if (i == 0 || !hwLetterOrDigit(hwPrevRune(low, i))) && hwWordBoundary(low, i+len(w)) {
			return true
		}
		k = i + len(w)
	}
	return false
}

// overlapsKind reports whether view span [i, j) overlaps a finding of kind
// k already recorded.
func overlapsKind(s *scan, v *normalize.Text, i, j int, k Kind) bool {
	a, b := v.Span(i, j)
	for _, f := range s.out {
		if f.Kind == k && f.Start < b && a < f.End {
			return true
		}
	}
	return false
}

// readPayTag reads a Venmo, Wise or Revolut tag after '@': letters,
// digits, '-' and '_', 2–30 characters with a letter, ending the token.
func readPayTag(src string, k int) (end int, tag string, ok bool) {
	j := k
	letters := 0
	for j < len(src) && j-k <= 30 && (isWordByte(src[j]) || src[j] == '-' || src[j] == '_') {
		if c := src[j] | 0x20; c >= 'a' && c <= 'z' {
			letters++
		}
		j++
	}
	for j > k && src[j-1] == '-' {
		j--
	}
	if j-k < 2 || j-k > 30 || letters == 0 {
		return 0, "", false
	}
	if r := hwRuneAt(src, j); r == '@' || r == '.' && j+1 < len(src) && isWordByte(src[j+1]) || r >= utf8.RuneSelf && hwLetterOrDigit(r) {
		return 0, "", false // an email, a domain, another script
	}
	return j, src[k:j], true
}

// readCashtag reads a Cash App $cashtag at src[k] == '$': a letter, then
// letters and digits, at most 20 in all (Cash App allows no other
// characters), ending the token. Prices ("$300"), currency codes ("$USD") and code ("$emit(",
// "$PATH/bin") are not cashtags.
func readCashtag(src string, k int) (end int, tag string, ok bool) {
	j := k + 1
	if j >= len(src) || !(src[j]|0x20 >= 'a' && src[j]|0x20 <= 'z') {
		return 0, "", false
	}
	for j < len(src) && j-k <= 21 && isWordByte(src[j]) {
		j++
	}
	tag = src[k+1 : j]
	if len(tag) < 2 || len(tag) > 20 {
		return 0, "", false
	}
	switch r := hwRuneAt(src, j); {
	case r == '(' || r == '[' || r == '{' || r == '/' || r == '\\' || r == '=' || r == '_' || r == '-' && hwRuneAt(src, j+1) == '>':
		return 0, "", false
	case r == '.' && j+1 < len(src) && isWordByte(src[j+1]):
		return 0, "", false
	case r >= utf8.RuneSelf && hwLetterOrDigit(r):
		return 0, "", false
	}
	if currencyCodes[strings.ToUpper(tag)] {
		return 0, "", false
	}
	return j, tag, true
}

// currencyCodes written after '$' are amounts ("300 $USD"), not cashtags.
var currencyCodes = map[string]bool{
	"USD": true, "CAD": true, "AUD": true, "NZD": true, "SGD": true, "HKD": true, "MXN": true,
	"EUR": true, "GBP": true, "US": true, "USDT": true, "USDC": true, "BTC": true, "ETH": true,
}

// findCashtags finds $cashtags outside a "Cash App" phrase: in a message
// that names Cash App, any cashtag; elsewhere only a CamelCase one
// ("$AnaLimaDesign"), since "$AAPL", "$PATH" and "$emit" are tickers and
// code.
func findCashtags(s *scan, v *normalize.Text, ms []svcMention) {
	src := v.S
	named := map[int]bool{} // messages naming Cash App
	for _, m := range ms {
		if m.name == "cashapp" && !m.attached {
			named[m.msg] = true
		}
	}
	code := strings.Contains(src, "${") || strings.Contains(src, "$(") || strings.Contains(src, "<?php")
	payCtx := map[int]bool{} // payContext of each message
	for k := 0; k < len(src); {
		i := strings.IndexByte(src[k:], '$')
		if i < 0 {
			return
		}
		i += k
		k = i + 1
		if i > 0 {
			if c := src[i-1]; isWordByte(c) || c == '.' || c == '\\' || c == '$' || c == '"' || c == '\'' || c == '`' {
				continue
			}
		}
		b, tag, ok := readCashtag(src, i)
		if !ok {
			continue
		}
		oi, oj := v.Span(i, b)
		if !named[s.hwMsg(oi)] && (code || !camelCase(tag) || !s.payContext(oi, oj, payCtx)) {
			continue
		}
		if i > 0 && src[i-1] == '(' || b < len(src) && src[b] == ')' {
			continue // an argument: "useQuery($GetUser)"
		}
		// An assignment or a call after it is code.
		if rest := strings.TrimLeft(src[b:min(len(src), b+4)], " "); strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "->") || strings.HasPrefix(rest, ";") {
			continue
		}
		conf := confPayCashtag
		if named[s.hwMsg(oi)] {
			conf = confPayService
		}
		s.addPayment(v, i, b, "cashapp:$"+strings.ToLower(tag), conf, "payment.cashtag")
		k = b
	}
}

// payVerbs make a message one about paying: a bare $Cashtag is taken
// only there ("pay me at $AnaLimaDesign"), not in code or product talk
// ("$WalletConnect is a React hook").
var payVerbs = []string{
	"pay", "paid", "send", "sent", "tip", "transfer", "deposit", "cash", "payment", "invoice",
	"pago", "paga", "pague", "envía", "manda", "pagar", "zahl", "paie", "payer",
}

// payContext reports whether the message holding the original span
// [a, b) speaks of paying, or is little more than that span.
func (s *scan) payContext(a, b int, cache map[int]bool) bool {
	m := s.hwMsg(a)
	start, end := 0, len(s.orig)
	if m < len(s.starts) {
		start = s.starts[m]
	}
	if m+1 < len(s.starts) {
		end = s.starts[m+1]
	}
	if strings.TrimSpace(s.orig[start:a]) == "" && strings.TrimSpace(s.orig[b:end]) == "" {
		return true
	}
	if ok, known := cache[m]; known {
		return ok
	}
	ok := payWordIn(strings.ToLower(s.orig[start:end]))
	cache[m] = ok
	return ok
}

// payWordIn reports whether a word of low starts with a pay verb.
func payWordIn(low string) bool {
	for _, w := range payVerbs {
		for k := 0; k < len(low); {
			i := strings.Index(low[k:], w)
			if i < 0 {
				break
			}
			i += k
			if i == 0 || !hwLetterOrDigit(hwPrevRune(low, i)) {
				return true
			}
			k = i + len(w)
		}
	}
	return false
}

// camelCase reports a name of several capitalised words ("AnaLimaDesign"),
// the usual shape of a cashtag and unlike tickers ("AAPL") and variables
// ("PATH", "emit").
func camelCase(tag string) bool {
	upper, lower, runs := 0, 0, 0
	prevUpper := false
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
			if !prevUpper {
				runs++
			}
			prevUpper = true
		case c >= 'a' && c <= 'z':
			lower++
			prevUpper = false
		default:
			prevUpper = false
		}
	}
	return tag[0] >= 'A' && tag[0] <= 'Z' && upper >= 2 && runs >= 2 && lower >= 3 && len(tag) >= 6
}

// readDigitGroups reads digits at low[k:], in groups joined by single
// spaces, hyphens or dots, and returns where they end and the digits, when
// there are between minD and maxD of them and nothing glued after.
func readDigitGroups(low string, k, minD, maxD int) (end int, digits string, ok bool) {
	var b strings.Builder
	j := k
	end = k
	for j < len(low) && b.Len() <= maxD {
		c := low[j]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			j++
			end = j
		case (c == ' ' || c == '-' || c == '.') && j > k && j+1 < len(low) && low[j+1] >= '0' && low[j+1] <= '9' && low[j-1] >= '0' && low[j-1] <= '9':
			j++
		default:
			goto done
		}
	}
done:
	n := b.Len()
	if n < minD || n > maxD {
		return 0, "", false
	}
	if r := hwRuneAt(low, end); hwLetterOrDigit(r) || r == '@' {
		return 0, "", false
	}
	return end, b.String(), true
}

// readAlias reads a Mercado Pago alias at low[k:]: 6–20 letters, digits,
// dots and hyphens, with a dot between words ("camila.rojas.mp").
func readAlias(low string, k int) (end int, alias string, ok bool) {
	j := k
	for j < len(low) && j-k <= 21 && (isWordByte(low[j]) || low[j] == '.' || low[j] == '-') {
		j++
	}
	for j > k && (low[j-1] == '.' || low[j-1] == '-') {
		j--
	}
	a := low[k:j]
	if len(a) < 6 || len(a) > 20 || !strings.Contains(a, ".") {
		return 0, "", false
	}
	if r := hwRuneAt(low, j); r == '@' || r == '/' || r >= utf8.RuneSelf && hwLetterOrDigit(r) {
		return 0, "", false
	}
	if handleNotID(a) {
		return 0, "", false
	}
	return j, a, true
}

// readPurse reads a wallet number with a one-letter prefix: WebMoney
// purses (Z, E, R, U + 12 digits), Perfect Money (U + 7–8 digits), Payeer
// (P + 7–10 digits).
func readPurse(src string, k int) (end int, id string, ok bool) {
	c := src[k] | 0x20
	if c != 'z' && c != 'e' && c != 'r' && c != 'u' && c != 'p' {
		return 0, "", false
	}
	j := k + 1
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	if n := j - k - 1; n < 7 || n > 12 || hwLetterOrDigit(hwRuneAt(src, j)) {
		return 0, "", false
	}
	return j, strings.ToUpper(src[k:j]), true
}

// readPixKey reads a Pix key that is neither an email nor a phone number:
// a random key (a UUID, 8-4-4-4-12 hex digits) or a CPF (11 digits with
// two check digits, "123.456.789-09").
func readPixKey(low string, k int) (end int, key string, ok bool) {
	// UUID
	if k+36 <= len(low) {
		u := low[k : k+36]
		good := true
		for i := 0; i < 36 && good; i++ {
			c := u[i]
			switch i {
			case 8, 13, 18, 23:
				good = c == '-'
			default:
				good = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
			}
		}
		if good && !hwLetterOrDigit(hwRuneAt(low, k+36)) {
			return k + 36, u, true
		}
	}
	if b, digits, ok := readDigitGroups(low, k, 11, 11); ok && cpfValid(digits) {
		return b, digits, true
	}
	return 0, "", false
}

// cpfValid checks the two check digits of a Brazilian CPF (mod 11, weights
// 10..2 and 11..2).
func cpfValid(d string) bool {
	if len(d) != 11 || strings.Count(d, d[:1]) == 11 {
		return false
	}
	for n := 9; n <= 10; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		r := sum * 10 % 11 % 10
		if r != int(d[n]-'0') {
			return false
		}
	}
	return true
}

// upiHandles are the handles of UPI payment service providers (NPCI's
// list): "name@okhdfcbank", "9845012345@ybl".
var upiHandles = map[string]bool{
	"ybl": true, "ibl": true, "axl": true, "okaxis": true, "okhdfcbank": true, "okicici": true,
	"oksbi": true, "paytm": true, "ptyes": true, "ptaxis": true, "pthdfc": true, "ptsbi": true,
	"apl": true, "yapl": true, "rapl": true, "upi": true, "axisbank": true, "axisb": true,
	"icici": true, "hdfcbank": true, "sbi": true, "kotak": true, "kbl": true, "yesbank": true,
	"yesbankltd": true, "ikwik": true, "freecharge": true, "airtel": true, "jio": true, "fbl": true,
	"federal": true, "idfcbank": true, "idfcfirst": true, "indus": true, "pnb": true,
	"barodampay": true, "mahb": true, "uco": true, "unionbank": true, "citi": true, "hsbc": true,
	"dbs": true, "aubank": true, "rbl": true, "jupiteraxis": true, "fam": true, "waaxis": true,
	"wahdfcbank": true, "waicici": true, "wasbi": true, "abfspay": true, "timecosmos": true,
	"okbizaxis": true, "pingpay": true, "naviaxis": true, "superyes": true, "slc": true, "cnrb": true,
	"boi": true, "centralbank": true, "idbi": true, "indianbank": true, "iob": true, "psb": true,
	"kvb": true, "tjsb": true, "equitas": true, "dlb": true, "yesg": true,
}

// findUPI finds UPI ids (virtual payment addresses): a name, '@' and the
// handle of a UPI provider, not followed by a domain.
func findUPI(s *scan, v *normalize.Text) {
	src, low := v.S, v.Lower
	for k := 0; k < len(low); {
		i := strings.IndexByte(low[k:], '@')
		if i < 0 {
			return
		}
		i += k
		k = i + 1
		j := i + 1
		for j < len(low) && j-i <= 24 && low[j] >= 'a' && low[j] <= 'z' {
			j++
		}
		if !upiHandles[low[i+1:j]] {
			continue
		}
		if r := hwRuneAt(low, j); r == '.' && j+1 < len(low) && isWordByte(low[j+1]) || hwLetterOrDigit(r) || r == '-' || r == '_' {
			continue // an email domain ("@icici.com") or a longer word
		}
		a := i
		for a > 0 && i-a <= 64 && (isWordByte(src[a-1]) || src[a-1] == '.' || src[a-1] == '_' || src[a-1] == '-') {
			a--
		}
		for a < i && !isWordByte(src[a]) {
			a++
		}
		if i-a < 2 || hwLetterOrDigit(hwPrevRune(src, a)) {
			continue
		}
		s.addPayment(v, a, j, "upi:"+low[a:j], confPayService, "payment.upi")
		k = j
	}
}

// paymentFromContacts makes a payment account of an email or phone number
// that the email and phone detectors found next to a payment service that
// takes it: "my paypal is emily@x.com", "GCash 0917 555 0101", "Zelle to
// (415) 555-0177", or a number sent on its own after a message naming the
// service ("sa GCash na lang po" … "0917 555" … "0199").
func (s *scan) paymentFromContacts(ms []svcMention) {
	n := len(s.out)
	for fi := 0; fi < n; fi++ {
		f := s.out[fi]
		var want payKind
		switch f.Kind {
		case Email:
			want = payEmail
		case Phone:
			want = payPhone
		default:
			continue
		}
		if f.End <= s.base {
			continue
		}
		name, ok := s.serviceFor(f, want, ms)
		if !ok {
			continue
		}
		p := Finding{
			Kind: PaymentAccount, Start: f.Start, End: f.End, Value: name + ":" + f.Value,
			Confidence: confPayService, Rule: "payment.service", Disguised: f.Disguised,
		}
		s.hwAppend(p)
	}
}

// serviceFor returns the payment service that the contact finding f is an
// account of, if any.
func (s *scan) serviceFor(f Finding, want payKind, ms []svcMention) (string, bool) {
	cur := s.hwMsg(f.Start)
	best, bestDist := "", 1<<30
	for _, m := range ms {
		if m.attached || payAccepts[m.name]&want == 0 {
			continue
		}
		if m.weak && !m.upperFirst && !(m.name == "paypal" && m.oj <= f.Start) {
			continue
		}
		if s.payProduct(m) {
			continue // "PayPal checkout integration, contact me at …"
		}
		switch {
		case m.msg == cur && m.oj <= f.Start:
			// "Zelle to (415) 555-0177", "my paypal is x@y.com"
			gap := s.orig[m.oj:f.Start]
			if len(gap) > 60 || sentenceBreak(gap) || s.contactBetween(m.oj, f.Start) {
				continue
			}
			if m.name == "paypal" && m.weak && !strings.HasPrefix(strings.TrimLeft(gap, " "), ":") {
				continue // "PP" only as "PP: ..."
			}
			if d := len(gap); d < bestDist {
				best, bestDist = m.name, d
			}
		case m.msg == cur && m.oi >= f.End:
			// "0345 1234568 (Easypaisa)", "x@y.com on PayPal"
			gap := s.orig[f.End:m.oi]
			if len(gap) > 24 || !joinsAfter(gap) {
				continue
			}
			if d := len(gap); d < bestDist {
				best, bestDist = m.name, d
			}
		case m.msg < cur && !m.weak:
			// a service named in an earlier message, then the number on
			// its own (or completed) in this one
			if !s.mostlyContact(f) {
				continue
			}
			if d := 1000 + (cur-m.msg)*100; d < bestDist {
				best, bestDist = m.name, d
			}
		}
	}
	return best, best != ""
}

// payProduct reports whether a payment service mention is followed by a
// product noun, read in the folded text.
func (s *scan) payProduct(m svcMention) bool {
	low := s.fold.Lower
	k := hwViewPos(s.fold, m.oj)
	return k <= len(low) && payNext(low, k)
}

// sentenceBreak reports whether the gap between a service word and a
// contact ends a sentence, so that the two belong to different statements
// ("I'll pay by PayPal. Call me on …").
func sentenceBreak(gap string) bool {
	if strings.ContainsAny(gap, "\n;!?") {
		return true
	}
	for i := 0; i+1 < len(gap); i++ {
		if gap[i] == '.' && gap[i+1] == ' ' {
			return true
		}
	}
	return false
}

// joinsAfter reports whether the gap between a contact and a service word
// after it only joins the two: brackets, dashes and words such as "on",
// "via", "pe".
func joinsAfter(gap string) bool {
	words := 0
	for k := 0; k < len(gap); {
		i, j := hwNextWord(gap, k)
		if i < 0 {
			break
		}
		if strings.ContainsAny(gap[k:i], ".;!?\n") {
			return false
		}
		if !afterJoinWords[gap[i:j]] && !afterJoinWords[strings.ToLower(gap[i:j])] {
			return false
		}
		words++
		k = j
	}
	return words <= 2
}

// afterJoinWords join a contact to the payment service named after it.
var afterJoinWords = map[string]bool{
	"on": true, "via": true, "for": true, "pe": true, "par": true, "na": true, "no": true, "em": true,
	"en": true, "per": true, "through": true, "thru": true, "with": true, "is": true, "my": true,
	"ke": true, "sa": true, "po": true, "ng": true, "in": true, "by": true, "por": true, "pelo": true,
	"account": true, "number": true, "id": true, "also": true, "too": true,
}

// contactBetween reports whether another email or phone finding lies
// between the original offsets a and b.
func (s *scan) contactBetween(a, b int) bool {
	for _, g := range s.out {
		if (g.Kind == Email || g.Kind == Phone) && g.Start >= a && g.End <= b {
			return true
		}
	}
	return false
}

// mostlyContact reports whether the message holding f is little more than
// f itself: a number or address sent on its own.
func (s *scan) mostlyContact(f Finding) bool {
	cur := s.hwMsg(f.Start)
	start := s.base
	if cur < len(s.starts) {
		start = s.starts[cur]
	}
	end := len(s.orig)
	if cur+1 < len(s.starts) {
		end = s.starts[cur+1]
	}
	if (end-start)-(f.End-f.Start) > 256 {
		return false // a long message: bounds the count below
	}
	other := 0
	for i := start; i < end; i++ {
		if i >= f.Start && i < f.End {
			continue
		}
		if c := s.orig[i]; c != ' ' && c != '\n' && c != '\t' {
			other++
		}
	}
	return other <= 16
}
