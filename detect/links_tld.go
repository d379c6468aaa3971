package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// A bare domain (no scheme, no "www.") is the riskiest kind of link: file
// names, code and sentences joined without a space look the same. The
// rules below decide from the top-level domain, the labels and the words
// around it. Links with a scheme or "www." skip them.

// setOf builds a lookup set from space-separated words.
func setOf(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		for _, f := range strings.Fields(w) {
			m[f] = true
		}
	}
	return m
}

// chatTLDs are the generic top-level domains people actually put on
// portfolios, shops and personal sites (by registrations), besides every
// country code and internationalised TLD. A bare domain on any other TLD
// (brand TLDs, ".fit", ".show", ".save" — mostly met as code members like
// "model.fit") needs a path or a link word nearby.
var chatTLDs = setOf(
	"com net org info biz edu gov mil int",
	"io ai co me tv dev app design studio tech online site store shop blog xyz art agency digital",
	"media photo photos photography pics page link live life world space club pro cloud codes software",
	"solutions services consulting company group global network systems works work team today top fun",
	"games guru ink land ltd llc gallery graphics academy education school events news social community",
	"travel health fitness build tools money finance capital ventures partners marketing expert coach",
	"training zone one plus mobi asia eu nyc berlin london paris tokyo museum xxx website host press vip",
	"onion i2p",
	"video film music audio wiki icu email name africa lat legal law clinic care dental bio eco green",
	"family love style fashion beauty art cafe restaurant bar pub events wedding photography rocks ninja",
	"tips guide consulting lawyer immo realty properties house homes estate moe lol gay cat eus gal scot",
	"wales bzh quebec swiss ventures run",
)

// wordTLDs are top-level domains that are also everyday words or
// abbreviations in the marketplace's languages, so that "done.it works",
// "days.so you can", "drink.pa then" or "dream.love" is a sentence joined
// without a space, and "user.id" or "obj.name" a code member. A bare
// domain on one counts only with a path, a link word in the text, or a
// name that no sentence has (a hyphen, a digit, several labels).
var wordTLDs = setOf(
	"it in is so no at be do us my me am by to la se si ma je il et es va na ne pe ki al as im id eu nu",
	"pa ba ni ga sa ng mo",
	"one now new how you win top fun art live life love here free work run page link app fit show save",
	"post name email phone data map call chat meet read cat style book sale ink zone team today club",
	"plus pro cool best buy click help home info site store shop men kim bid date day",
)

// fileExtTLDs are top-level domains that are also common file extensions:
// "setup.py", "README.md", "logo.ai", "deploy.sh", "final.zip". A bare
// domain on one counts only with a path, a scheme, "www.", a well-known
// site, or a link word in the text and no file word near it.
var fileExtTLDs = setOf("py md ai sh pl rs so zip mov cc pm ps ml mk gs tf pub sv mm sc cab mo pt")

// knownBareSites are well-known sites on the TLDs above, linked bare.
var knownBareSites = setOf(
	"notion.so character.ai perplexity.ai claude.ai jasper.ai copy.ai otter.ai fireflies.ai read.ai x.ai",
	"krisp.ai tldv.io dub.sh bun.sh deno.land about.me bio.link taplink.cc linktr.ee beacons.ai",
	"t.co g.co j.mp a.co amzn.to youtu.be bit.ly goo.gl ow.ly is.gd",
)

// techNames are technology names written like domains.
var techNames = setOf("asp.net vb.net ado.net ext.net dot.net")

// fileCueWords near a file-extension domain say it is a file.
var fileCueWords = []string{
	"file", "script", "run ", "install", "open", "readme", "attach", "rename", "folder", "python",
	"perl", "bash", "upload", "download", "commit", "repo", "save", "import", "module", "source",
	"archive", "unzip", "zip", "video", "image", "export", "config", "edit", "code", "send the",
}

// sentenceWords are words that end or start chat sentences, chat
// abbreviations and the variable names that lead code members ("user.id",
// "self.data"). A bare "word.word" on a word-like TLD made of one of them
// is a run-on sentence or code, not a site.
var sentenceWords = setOf(
	// English function words and chat words.
	"a an the i u r y n me my mine you your yours he him his she her hers it its we us our they them their",
	"this that these those here there where when what why how who whom which whose",
	"is am are was were be been being do does did done doing have has had having get got go going gone went",
	"can could will would shall should may might must let lets make made take took see saw say said tell told",
	"and or but if so as at by for from in into of on onto off out over to too up down with without about",
	"not no yes yeah yep nope ok okay k kk fine good great nice cool sure thanks thank thx ty pls please plz",
	"hi hello hey bye bb lol haha hehe omg btw idk imo tbh asap np",
	"now then soon later today tomorrow yesterday tonight time times day week month year again also just only",
	"very more most much many some any all each every one two three first last next well back still even",
	"work works worked working job jobs task tasks home way thing things stuff something nothing everything",
	"know think want need like love hope try tried call called send sent check checked fix fixed",
	"ready free busy late early right left new old big small same other another",
	"wait what's it's that's i'm ya ur wat dat wen",
	// Other languages: short function words that end or start sentences.
	"de la el en es se si no que y o los las un una por con para lo le les et je il ne pas est",
	"der die das und ist ich nicht ja nein da di e che il ma per con non sono na nie tak się jest",
	"да нет это я ты он она мы вы они",
	"ok bien bom sim não gracias obrigado merci danke grazie",
	// Code identifiers that lead member expressions.
	"self obj object item items row rows req res request response result results data el elem e x",
	"node ctx props state config conf settings args kwargs opts options app client server db model doc",
	"event evt msg message window document console os sys np pd plt df tf math json string str list",
	"dict array arr file path err error user users person customer account order product post comment",
	"profile contact form params query body record entry field value key member player team project",
	"payload input output instance cls module pkg lib util utils helper helpers api env process",
	"window navigator location history element target parent child root tree",
)

// bareHostOK decides whether a bare or "www." host found in view v is a
// link.
func bareHostOK(s *scan, v *normalize.Text, l *link) bool {
	host := l.host
	lower := v.Lower[l.start : l.start+len(host)]
	if l.slashes {
		lower = v.Lower[l.start+2 : l.start+2+len(host)]
	}
	n := strings.Count(host, ".") + 1
	last := strings.LastIndexByte(host, '.')
	tld, tldL := host[last+1:], lower[last+1:]
	prev := strings.LastIndexByte(host[:last], '.')
	name := lower[prev+1 : last]
	hasPath := len(l.rest) > 1 || l.port != ""
	// "www." announces a link whatever follows.
	if l.www {
		return n >= 3
	}
	if knownBareSites[lower] || knownHost(lower) {
		return true
	}
	// A capitalised TLD after a lower-case name is a new sentence:
	// "done.It works", "Sr.Dev". A host in capitals is a shouted domain
	// ("GOOGLE.COM"), except the .NET family ("ASP.NET", "VB.NET").
	if hasUpper(tld) {
		if hasLower(host) {
			return false
		}
		if n == 2 && tldL == "net" {
			return false
		}
	}
	if techNames[lower] && !hasPath {
		return false
	}
	// Numbers: "3.5mm", "v1.2", "21.5.2021" fail the TLD check; a name
	// made of digits only ("2024.it") is a number too, but keep the few
	// numeric sites ("163.com").
	if strings.Trim(host[:last], "0123456789.") == "" &&
		!(n == 2 && len(name) >= 3 && (tldL == "com" || tldL == "net" || tldL == "cn")) {
		return false
	}
	// Pictograph labels ("➡.ws") only with a path.
	if !hasPath && !isASCII(host) && hasSymbol(host) {
		return false
	}
	changed := v.Changed(l.start, l.end)
	cueKnown, cueSeen := false, false
	cue := func() bool {
		if !cueKnown {
			cueKnown = true
			cueSeen = s.has(kwURLCue) && cueNear(v.Lower, l.start, l.end)
		}
		return cueSeen
	}
	if fileExtTLDs[tldL] && !hasPath && !l.slashes {
		if !cue() || fileCueNear(v.Lower, l.start, l.end) {
			return false
		}
	}
	// Run-on sentences and code members: a name that is a common word
	// ("ok.so", "soon.xxx", "user.id", "the dot com era"). A single
	// letter is a name on a TLD no sentence starts with ("a.ws", "t.co").
	if n == 2 && !hasPath && sentenceWords[name] && (len(name) > 1 || wordTLDs[tldL] || changed) {
		return false
	}
	if wordTLDs[tldL] && !hasPath && !l.slashes && n == 2 && !strings.Contains(name, "-") && !cue() {
		return false
	}
	popular := chatTLDs[tldL] || isCountryOrIDN(tldL)
	if !popular && !hasPath && !l.slashes && !cue() {
		return false
	}
	if changed && !popular && !hasPath {
		return false
	}
	// A brand written as its domain, capitalised like a name ("Monday.com
	// boards", "Fly.io", "Booking.com's API") is product talk unless a link
	// word says it is a site to visit.
	if n == 2 && !hasPath && !l.slashes && titleCase(host[:last]) && !hasUpper(tld) && !cue() {
		return false
	}
	// "senior dot net developer" is .NET, not a domain.
	if changed && tldL == "net" && !hasPath && !cue() {
		return false
	}
	// The local part or the domain of an email whose at is spelled or
	// spaced: "priya.nair.dev ＠ gmail", "olena.kovalenko равлик ukr.net".
	if emailNeighbour(v.Lower, l.start, l.end, s.has(kwAt)) {
		return false
	}
	// An account name: "Skype id ana.lima.design", "LINE ID: somchai.dev".
	if !hasPath && idCueBefore(v.Lower, l.start) {
		return false
	}
	return true
}

// isCountryOrIDN reports a two-letter country code or an internationalised
// TLD.
func isCountryOrIDN(tld string) bool {
	if len(tld) == 2 && tld[0] < utf8.RuneSelf && tld[1] < utf8.RuneSelf {
		return true
	}
	return strings.HasPrefix(tld, "xn--") || !isASCII(tld)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// titleCase reports a word that starts with a capital letter and has no
// other capital: "Monday", not "MLB" or "eBay".
func titleCase(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && !hasUpper(s[n:]) && hasLower(s[n:])
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func hasSymbol(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.Is(unicode.So, r) {
			return true
		}
	}
	return false
}

// cueNear reports a link word (urlCueWords) among the words shortly
// before or after low[i:j]: "my site: ana.it", not a "visit" three
// sentences later.
func cueNear(low string, i, j int) bool {
	a, b := max(0, i-80), min(len(low), j+40)
	for k := a; k < b; {
		if !isWordStart(low, k) {
			_, n := utf8.DecodeRuneInString(low[k:])
			k += n
			continue
		}
		e := wordEnd(low, k)
		if (k < i || k >= j) && isURLCue(low[k:e]) {
			return true
		}
		k = max(e, k+1)
	}
	return false
}

// fileCueNear reports a file word within a short window around low[i:j].
func fileCueNear(low string, i, j int) bool {
	a, b := max(0, i-60), min(len(low), j+60)
	w := low[a:b]
	for _, c := range fileCueWords {
		if strings.Contains(w, c) {
			return true
		}
	}
	return false
}

// punyDecode decodes the Punycode of RFC 3492 (the part after "xn--"),
// so that "xn--p1ai" can be checked as ".рф".
func punyDecode(s string) (string, bool) {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	if s == "" || len(s) > 63 {
		return "", false
	}
	var out []rune
	b := strings.LastIndexByte(s, '-')
	if b > 0 {
		for _, c := range s[:b] {
			if c >= utf8.RuneSelf {
				return "", false
			}
			out = append(out, c)
		}
		s = s[b+1:]
	} else if b == 0 {
		s = s[1:]
	}
	n, bias, i := rune(initialN), int32(initialBias), int32(0)
	adapt := func(delta, numPoints int32, first bool) int32 {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := int32(0)
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	for pos := 0; pos < len(s); {
		oldi, w := i, int32(1)
		for k := int32(base); ; k += base {
			if pos >= len(s) {
				return "", false
			}
			c := s[pos]
			pos++
			var digit int32
			switch {
			case c >= 'a' && c <= 'z':
				digit = int32(c - 'a')
			case c >= '0' && c <= '9':
				digit = int32(c-'0') + 26
			default:
				return "", false
			}
			if digit > (1<<30-i)/w {
				return "", false
			}
			i += digit * w
			t := k - bias
			if t < tmin {
				t = tmin
			} else if t > tmax {
				t = tmax
			}
			if digit < t {
				break
			}
			if w > (1<<30)/(base-t) {
				return "", false
			}
			w *= base - t
		}
		size := int32(len(out) + 1)
		bias = adapt(i-oldi, size, oldi == 0)
		n += rune(i / size)
		i %= size
		if n > unicode.MaxRune || len(out) >= 63 {
			return "", false
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = n
		i++
	}
	if len(out) == 0 {
		return "", false
	}
	return string(out), true
}

// idCueWords before a dotted name say it is an account name, not a site.
var idCueWords = setOf("id", "username", "user", "handle", "nick", "nickname", "ник", "alias", "skype",
	"line", "snap", "snapchat", "kakao", "wechat", "signal", "telegram", "discord", "viber", "insta",
	"instagram", "whatsapp", "tg", "ig", "pix", "upi")

// idCueBefore reports an id word among the four tokens before i on the
// same line and in the same sentence: "Skype id ana.lima.design nahi,
// bilal.khan.dev".
func idCueBefore(low string, i int) bool {
	k := i
	for n := 0; n < 4 && k > 0; n++ {
		for k > 0 {
			c := low[k-1]
			if c == '\n' || c == '.' || c == '!' || c == '?' {
				if c != '.' || k < 2 || low[k-2] == ' ' {
					return false
				}
			}
			if c < utf8.RuneSelf && !isWordByte(c) && c != '.' && c != '_' {
				k--
				continue
			}
			break
		}
		e := k
		for k > 0 {
			r, m := utf8.DecodeLastRuneInString(low[:k])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
				break
			}
			k -= m
		}
		if k == e {
			return false
		}
		if idCueWords[strings.Trim(low[k:e], ".-_")] {
			return true
		}
	}
	return false
}

// emailNeighbour reports that low[i:j] sits next to an at sign, typed,
// bracketed or spelled out, so that it is half of an email address.
func emailNeighbour(low string, i, j int, atWords bool) bool {
	// After: '@', "(a)", "[at]", or an at word followed by a provider or
	// a domain.
	k := j
	for k < len(low) && k-j < 4 && (low[k] == ' ' || low[k] == '\n' || low[k] == '\t') {
		k++
	}
	if k < len(low) {
		switch {
		case low[k] == '@':
			return true
		case low[k] == '(' || low[k] == '[' || low[k] == '{' || low[k] == '<':
			if sym, _, ok := bracketSymbol(low, k); ok && sym == '@' {
				return true
			}
		case isWordStart(low, k):
			if sym, end, ok := spelledSymbolIf(atWords, low, k); ok && sym == '@' {
				for end < len(low) && low[end] == ' ' {
					end++
				}
				w := low[end:wordEnd(low, end)]
				if providerWord(w) || end+len(w) < len(low) && low[end+len(w)] == '.' {
					return true
				}
			} else if providerWord(low[k:wordEnd(low, k)]) && k > j {
				return true
			}
		}
	}
	// Before: '@', "(a)", or an at word after a name.
	k = i
	for k > 0 && i-k < 4 && (low[k-1] == ' ' || low[k-1] == '\n' || low[k-1] == '\t') {
		k--
	}
	if k == 0 {
		return false
	}
	if low[k-1] == '@' {
		return true
	}
	if low[k-1] == ')' || low[k-1] == ']' || low[k-1] == '}' || low[k-1] == '>' {
		if o := strings.LastIndexAny(low[max(0, k-16):k], "([{<"); o >= 0 {
			o += max(0, k-16)
			if sym, end, ok := bracketSymbol(low, o); ok && sym == '@' && end == k {
				return true
			}
		}
		return false
	}
	// A spelled at ("равлик", "arroba") after a name that is not a common
	// word: "olena.kovalenko равлик ukr.net", not "find me at ana.design".
	if !atWords {
		return false
	}
	e := k
	for n := 0; n < 3 && k > 0; n++ {
		ws := k
		for ws > 0 {
			r, m := utf8.DecodeLastRuneInString(low[:ws])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break
			}
			ws -= m
		}
		if ws == k {
			return false
		}
		if sym, end, ok := spelledSymbol(low, ws); ok && sym == '@' && end == e {
			// The word before the at.
			b := ws
			for b > 0 && low[b-1] == ' ' {
				b--
			}
			pe := b
			for b > 0 {
				r, m := utf8.DecodeLastRuneInString(low[:b])
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
					break
				}
				b -= m
			}
			// Plain "at" joins ordinary words too ("my page at
			// ana.design"): only a name with a dot, an underscore or a
			// digit is a local part then.
			prev := low[b:pe]
			if prev == "" || sentenceWords[prev] {
				return false
			}
			return low[ws:end] != "at" || strings.ContainsAny(prev, "._0123456789")
		}
		k = ws
		for k > 0 && low[k-1] == ' ' {
			k--
		}
	}
	return false
}

// spelledSymbolIf is spelledSymbol when the text has spelled symbols at
// all.
func spelledSymbolIf(some bool, low string, i int) (byte, int, bool) {
	if !some {
		return 0, 0, false
	}
	return spelledSymbol(low, i)
}

// providerWord reports a mail provider's name ("gmail").
func providerWord(w string) bool {
	if w == "" {
		return false
	}
	for _, p := range providerWords {
		if p == w {
			return true
		}
	}
	return false
}
