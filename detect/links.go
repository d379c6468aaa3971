package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// meetingWords name outside meeting tools and meetings themselves; a
// Zoom meeting ID after "Meeting ID" is looked for only when one occurs.
var meetingWords = []string{
	"zoom", "meet", "teams", "webex", "whereby", "jitsi", "calendly",
	"meeting", "réunion", "reunión", "reunião", "riunione", "spotkanie", "toplantı",
	"встреча", "созвон", "зустріч",
}

// urlCueWords announce a link. A bare domain on a top-level domain rarely
// seen in chat (.fit, .show) or one that is also a file extension (.py,
// .md) counts only when one of them is in the text.
var urlCueWords = []string{
	"http", "https", "www", "site", "website", "websites", "portfolio", "link", "links",
	"url", "homepage", "blog", "visit", "domain", "web", "webpage", "landing",
	"sitio", "portafolio", "enlace", "página", "pagina", "portfólio", "lien", "webseite",
	"seite", "sito", "strona", "witryna", "situs", "сайт", "ссылка", "посилання", "портфолио",
	"portföy", "موقع", "رابط",
}

// detectLinks finds links and bare domains and classifies them by host
// and path: meeting_link (Zoom, Meet, Teams, Calendly ...), handle (wa.me,
// t.me, linkedin.com/in ...), payment_account (paypal.me, cash.app ...) or
// url. It runs on every view, so that spaced ("www . kwamebuilds . io"),
// spelled ("github dot com slash ana"), bracketed ("anastudio[.]io"),
// fullwidth and look-alike links are found as well.
func detectLinks(s *scan) {
	if !s.d.wants(URL) && !s.d.wants(MeetingLink) && !s.d.wants(Handle) && !s.d.wants(PaymentAccount) {
		return
	}
	sig := &s.sig
	if sig.dot || sig.colon || sig.bracket || sig.spaced || sig.spacedOp || s.has(kwDot) || sig.nonASCII && idnDot(s.fold.Lower) {
		// The spelled-out view matters to links for spelled dots and
		// slashes and bracketed symbols, not for a spelled at.
		findLinks(s, s.fold)
		if c := s.collapsedView(); c != nil {
			findLinks(s, c)
		}
		if sig.bracket || s.has(kwDot|kwSlash) {
			if sp := s.spelledView(); sp != nil {
				findLinks(s, sp)
			}
		}
		if s.sig.dot || s.has(kwDot) {
			findJoinedNames(s, s.fold)
		}
	}
	findMeetCodes(s)
}

// idnDot reports a '.' next to a non-ASCII letter ("президент.рф"), which
// the prefilter's ASCII-only dot signal does not see.
func idnDot(t string) bool {
	for i := 0; i < len(t); {
		j := strings.IndexByte(t[i:], '.')
		if j < 0 {
			return false
		}
		p := i + j
		if p+1 < len(t) && t[p+1] >= utf8.RuneSelf || p > 0 && t[p-1] >= utf8.RuneSelf {
			return true
		}
		i = p + 1
	}
	return false
}

// Bounds that keep the link finder linear on hostile input.
const (
	maxHostLen   = 253  // RFC 1035
	maxSchemeLen = 32   // longest scheme looked back over
	maxPathLen   = 4096 // longest path, query and fragment kept
)

// link is one link candidate found in a view: byte offsets into the
// view's S and its parts as typed.
type link struct {
	start, end int    // span in the view
	scheme     string // lower-case; "" for a bare domain
	opaque     string // what follows "scheme:" in a URI without "//"
	userinfo   string // "user:pass" before '@' in the authority
	host       string // as typed
	port       string // digits, or ""
	rest       string // path, query and fragment as typed
	www        bool   // the host starts with "www."
	slashes    bool   // protocol-relative "//host"
	disguised  bool   // the finder itself undid a disguise (hxxp)
}

// findLinks finds the links in view v and records them. Candidates start
// at a ':' (a scheme) or a '.' (a domain); each is read outwards from
// there, so clean text costs two IndexByte passes.
func findLinks(s *scan, v *normalize.Text) {
	L := v.Lower
	last := 0 // end of the last link recorded; no candidate starts before it
	nextDot, nextColon := -1, -1
	for i := 0; i < len(L); {
		if nextDot < i {
			nextDot = indexFrom(L, '.', i)
		}
		if nextColon < i {
			nextColon = indexFrom(L, ':', i)
		}
		p := min(nextDot, nextColon)
		if p >= len(L) {
			return
		}
		var (
			l    link
			ok   bool
			skip int
		)
		if L[p] == ':' {
			l, ok = schemeLink(v, p, last)
			skip = p + 1
		} else {
			l, ok, skip = bareLink(s, v, p, last)
		}
		if ok {
			if recordLink(s, v, l) {
				last = l.end
				skip = max(skip, l.end)
			}
		}
		i = max(skip, p+1)
	}
}

// indexFrom returns the index of the first c in s at or after i, or
// len(s) when there is none.
func indexFrom(s string, c byte, i int) int {
	if i >= len(s) {
		return len(s)
	}
	j := strings.IndexByte(s[i:], c)
	if j < 0 {
		return len(s)
	}
	return i + j
}

// webSchemes are schemes whose links are found even when the scheme is
// glued to a preceding word ("randomtexthttp://foo.bar"), and the
// defanged spellings of http that security tools and scammers use.
var webSchemes = []string{"https", "http", "hxxps", "hxxp", "ftp"}

// appSchemes are URI schemes of messaging and meeting apps; their links
// have no dotted host ("viber://chat?number=...", "skype:ana?chat").
var appSchemes = map[string]bool{
	"viber": true, "tg": true, "whatsapp": true, "skype": true, "zoommtg": true, "zoomus": true,
	"msteams": true, "matrix": true, "weixin": true, "fb-messenger": true, "line": true,
	"signal": true, "sgnl": true, "discord": true, "slack": true, "kakaotalk": true,
}

// isSchemeByte reports whether c may appear in a URI scheme (RFC 3986
// section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).
func isSchemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// schemeLink reads a link whose scheme ends at the ':' at p.
func schemeLink(v *normalize.Text, p, last int) (link, bool) {
	S, L := v.S, v.Lower
	k := p
	for k > last && p-k < maxSchemeLen && isSchemeByte(L[k-1]) {
		k--
	}
	for k < p && !(L[k] >= 'a' && L[k] <= 'z') {
		k++ // a scheme starts with a letter
	}
	if k == p {
		return link{}, false
	}
	scheme := L[k:p]
	// A web scheme glued to a word: keep the scheme only.
	for _, w := range webSchemes {
		if len(scheme) > len(w) && strings.HasSuffix(scheme, w) {
			k = p - len(w)
			scheme = w
			break
		}
	}
	l := link{start: k, scheme: scheme}
	if strings.HasPrefix(scheme, "hxx") {
		l.scheme = "http" + scheme[4:]
		l.disguised = true
	}
	if !strings.HasPrefix(L[p+1:], "//") {
		if !appSchemes[scheme] {
			return link{}, false
		}
		// An opaque app URI: "skype:ana.lima?chat", "matrix:r/room:example.org".
		e := urlEnd(S, p+1, p+1)
		if e == p+1 {
			return link{}, false
		}
		l.opaque = S[p+1 : e]
		l.end = e
		return l, true
	}
	q := p + 3
	a := q
	for a < len(S) && a-q < maxHostLen+64 && isAuthorityByte(S, a) {
		_, n := utf8.DecodeRuneInString(S[a:])
		a += n
	}
	// Sentence punctuation after a bare authority: "see http://foo.com."
	if a == len(S) || S[a] != '/' && S[a] != '?' && S[a] != '#' {
		for a > q && strings.IndexByte(".,:;!*&_~", S[a-1]) >= 0 {
			a--
		}
	}
	auth := S[q:a]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		l.userinfo = auth[:at]
		auth = auth[at+1:]
	}
	host := auth
	if strings.HasPrefix(host, "[") {
		if c := strings.IndexByte(host, ']'); c > 0 {
			host, l.port = host[:c+1], portOf(host[c+1:])
		}
	} else if c := strings.LastIndexByte(host, ':'); c >= 0 && portOf(host[c:]) != "" {
		host, l.port = host[:c], host[c+1:]
	}
	l.host = strings.TrimSuffix(host, ".")
	l.www = strings.HasPrefix(strings.ToLower(l.host), "www.")
	if !appSchemes[scheme] && !schemeHostOK(l.host) {
		return link{}, false
	}
	if l.host == "" && !appSchemes[scheme] {
		return link{}, false
	}
	e := a
	if e < len(S) && (S[e] == '/' || S[e] == '?' || S[e] == '#') {
		e = urlEnd(S, e, a)
	}
	l.rest = S[a:e]
	l.end = e
	return l, true
}

// portOf returns the digits of ":port" at the start of s, when s is
// exactly that, or "".
func portOf(s string) string {
	if len(s) < 2 || len(s) > 6 || s[0] != ':' {
		return ""
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s[1:]
}

// isAuthorityByte reports whether the rune at S[i] can be part of a URL
// authority (user info, host, port).
func isAuthorityByte(S string, i int) bool {
	c := S[i]
	if c < utf8.RuneSelf {
		switch {
		case c <= ' ', c == '/', c == '?', c == '#', c == '\\', c == '<', c == '>', c == '"', c == '`',
			c == '\'', c == '(', c == ')', c == ',', c == ';', c == '|', c == '{', c == '}', c == '^', c == '*':
			return false
		}
		return true
	}
	r, _ := utf8.DecodeRuneInString(S[i:])
	return !stopRune(r)
}

// schemeHostOK accepts the host of a link with a scheme: a dotted name
// whose last label has a letter (any label: "http://foo.random" is a link
// when the scheme says so), an IPv4 address or an IPv6 literal. Single
// labels ("http://localhost") are local, not a way to reach anyone.
func schemeHostOK(h string) bool {
	if h == "" {
		return false
	}
	if h[0] == '[' {
		return strings.HasSuffix(h, "]") && strings.Count(h, ":") >= 2
	}
	if isIPv4(h) {
		return true
	}
	if strings.Count(h, ":") >= 2 && strings.Trim(strings.ToLower(h), "0123456789abcdef:.") == "" {
		return true // an unbracketed IPv6 address
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, lb := range labels {
		if lb == "" {
			return false
		}
	}
	tld := labels[len(labels)-1]
	for _, r := range tld {
		if unicode.IsLetter(r) || r >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// isIPv4 reports a dotted-quad IPv4 address.
func isIPv4(h string) bool {
	parts := strings.Split(h, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 {
			return false
		}
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// stopRune reports a non-ASCII rune that ends a link: spaces, CJK and
// fullwidth punctuation, typographic quotes and brackets, as linkify and
// twitter-text do for "これは。example.com" and “link.com/foo”.
func stopRune(r rune) bool {
	switch {
	case unicode.IsSpace(r):
		return true
	case r >= 0x3000 && r <= 0x303f, r >= 0xff01 && r <= 0xff0f, r >= 0xff1a && r <= 0xff20, r >= 0xff5b && r <= 0xff65:
		return true
	case r >= 0x2018 && r <= 0x201f, r == 0xab, r == 0xbb, r == 0x2039, r == 0x203a, r == 0x2026:
		return true
	case r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
		return true
	}
	return false
}

// urlEnd returns where the path, query and fragment that start at i end:
// at a space, an unbalanced closing bracket, or a character that cannot
// be in a URL, with trailing punctuation trimmed the way linkify and
// xurls do ("see foo.com/bar." ends before the '.'). floor is the lowest
// end allowed (the end of the host).
func urlEnd(S string, i, floor int) int {
	var paren, square, curly int
	j := i
loop:
	for j < len(S) && j-i < maxPathLen {
		c := S[j]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(S[j:])
			if stopRune(r) {
				break
			}
			j += n
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v', '<', '>', '"', '`', '\\', '^':
			break loop
		case '(':
			paren++
		case '[':
			square++
		case '{':
			curly++
		case ')':
			if paren == 0 {
				break loop
			}
			paren--
		case ']':
			if square == 0 {
				break loop
			}
			square--
		case '}':
			if curly == 0 {
				break loop
			}
			curly--
		default:
			if c < ' ' || c == 0x7f {
				break loop
			}
		}
		j++
	}
	for j > floor {
		switch S[j-1] {
		case '.', ',', ':', ';', '!', '?', '\'', '*', '_', '&':
			j--
			continue
		}
		break
	}
	return j
}

// isHostRune reports whether r can be part of a domain name as people
// type it: ASCII letters, digits, '-' and '_', letters, digits and marks
// of any script (IDN), and pictographs ("➡.ws").
func isHostRune(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if stopRune(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
		unicode.Is(unicode.So, r)
}

// bareLink reads a link around the '.' at p that has no scheme: a "www."
// link or a bare domain ("ana-lima.design", "behance.net/ana"). It returns
// the candidate, whether it is one, and where the search goes on.
func bareLink(s *scan, v *normalize.Text, p, last int) (link, bool, int) {
	S := v.S
	if p+1 >= len(S) || p == 0 {
		return link{}, false, p + 1
	}
	// A digit after the dot is a number ("4.8 s", "v1.2") or a label
	// inside a longer host, which the next dot reads whole.
	if r, _ := utf8.DecodeRuneInString(S[p+1:]); !isHostRune(r) || r == '-' || r == '_' || r >= '0' && r <= '9' {
		return link{}, false, p + 1
	}
	// Outwards over host runes and dots.
	a := p
	for a > last && p-a < maxHostLen {
		r, n := utf8.DecodeLastRuneInString(S[:a])
		if r != '.' && !isHostRune(r) {
			break
		}
		a -= n
	}
	b := p + 1
	for b < len(S) {
		r, n := utf8.DecodeRuneInString(S[b:])
		if r != '.' && !isHostRune(r) {
			break
		}
		b += n
		if b-a > maxHostLen+64 {
			// Far too long to be a host: skip the whole run.
			for b < len(S) {
				r, n := utf8.DecodeRuneInString(S[b:])
				if r != '.' && !isHostRune(r) {
					break
				}
				b += n
			}
			return link{}, false, b
		}
	}
	skip := b
	// Leading and trailing dots, dashes and underscores are punctuation,
	// but an at sign before them makes the host an email's domain
	// ("test@-iana.org").
	if a > 0 && S[a-1] == '@' {
		return link{}, false, skip
	}
	for a < b && (S[a] == '.' || S[a] == '-' || S[a] == '_') {
		a++
	}
	for b > a && (S[b-1] == '.' || S[b-1] == '-' || S[b-1] == '_') {
		b--
	}
	if a >= p || b <= p+1 {
		return link{}, false, skip
	}
	if a2, b2 := splitScripts(S, a, b, p); a2 != a || b2 != b {
		a, b = a2, b2
		skip = b
	}
	if !strings.Contains(S[a:b], ".") {
		return link{}, false, skip
	}
	host := S[a:b]
	// An email's local part: "name.al-lastname@foo.com", "name.al+x@foo.com".
	if localPartAhead(S, b) {
		return link{}, false, skip
	}
	// A TLD glued to a hyphenated word: "foo.com-foo" is foo.com.
	if !hostTLDOK(host) {
		d := strings.LastIndexByte(host, '.')
		h := strings.IndexByte(host[d:], '-')
		if h < 0 || !hostTLDOK(host[:d+h]) {
			return link{}, false, skip
		}
		b = a + d + h
		host = S[a:b]
	}
	l := link{start: a, host: host}
	// What comes before the host.
	if a > 0 {
		switch S[a-1] {
		case '@', '\\', '$', '#', '~', '%', '=', '+', '&', '*':
			return link{}, false, skip // an email, a cashtag, a hashtag, code
		case '/':
			if a >= 2 && S[a-2] == '/' && (a < 3 || S[a-3] != '/' && S[a-3] != ':') {
				l.slashes = true
				l.start = a - 2
			} else {
				return link{}, false, skip // a file path: "src/main.go", "/path/to/file.pl"
			}
		}
	}
	// What comes after it.
	e := b
	if e < len(S) {
		switch S[e] {
		case '(', '[', '=', '@':
			return link{}, false, skip // a call, an index, an assignment, an email's local part
		case ':':
			if port := leadingPort(S[e:]); port != "" {
				l.port = port
				e += 1 + len(port)
			}
		}
	}
	if e < len(S) && (S[e] == '/' || (S[e] == '?' || S[e] == '#') && e+1 < len(S) && isWordByte(S[e+1])) {
		e = urlEnd(S, e, e)
	}
	restStart := b
	if l.port != "" {
		restStart += 1 + len(l.port)
	}
	l.rest = S[restStart:e]
	l.end = e
	l.www = strings.HasPrefix(strings.ToLower(host), "www.")
	if !bareHostOK(s, v, &l) {
		return link{}, false, skip
	}
	return l, true, max(skip, e)
}

// localPartAhead reports that S[b:] continues an email's local part up
// to an '@' (RFC 5322 atext that people use: letters, digits, "+-_.%").
func localPartAhead(S string, b int) bool {
	for k := b; k < len(S) && k-b < 64; k++ {
		c := S[k]
		switch {
		case c == '@':
			return true
		case isWordByte(c) || c == '+' || c == '-' || c == '_' || c == '.' || c == '%':
		default:
			return false
		}
	}
	return false
}

// leadingPort returns the digits of a ":port" at the start of s that is
// followed by a path, a space or the end, or "".
func leadingPort(s string) string {
	i := 1
	for i < len(s) && i <= 6 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 1 || i > 6 {
		return ""
	}
	if i < len(s) && !(s[i] == '/' || s[i] == '?' || s[i] == '#' || s[i] == ' ' || s[i] == '\n' || s[i] == ',' || s[i] == '.' || s[i] == ')') {
		return ""
	}
	n := 0
	for _, c := range s[1:i] {
		n = n*10 + int(c-'0')
	}
	if n > 65535 {
		return ""
	}
	return s[1:i]
}

// splitScripts cuts a host glued to text of another script, as in
// "twitter.comこれは" or "中国語t.co": going out from the dot at p, the
// first label that mixes Latin with CJK, Hangul, Arabic ... letters ends
// the host at the change of script.
func splitScripts(S string, a, b, p int) (int, int) {
	if isASCII(S[a:b]) {
		return a, b
	}
	latin := func(r rune) bool { return r < 0x250 }
	// Rightwards.
	for i := p + 1; i < b; {
		e := strings.IndexByte(S[i:b], '.')
		if e < 0 {
			e = b
		} else {
			e += i
		}
		if !allOneScript(S[i:e], latin) {
			r0, _ := utf8.DecodeRuneInString(S[i:])
			k := i
			for k < e {
				r, n := utf8.DecodeRuneInString(S[k:])
				if latin(r) != latin(r0) {
					break
				}
				k += n
			}
			b = k
			break
		}
		i = e + 1
	}
	// Leftwards.
	for i := p; i > a; {
		e := strings.LastIndexByte(S[a:i], '.')
		if e < 0 {
			e = a
		} else {
			e += a + 1
		}
		if !allOneScript(S[e:i], latin) {
			r1, _ := utf8.DecodeLastRuneInString(S[:i])
			k := i
			for k > e {
				r, n := utf8.DecodeLastRuneInString(S[:k])
				if latin(r) != latin(r1) {
					break
				}
				k -= n
			}
			a = k
			break
		}
		i = e - 1
	}
	return a, b
}

func allOneScript(s string, latin func(rune) bool) bool {
	first := true
	var want bool
	for _, r := range s {
		if r == '-' || r == '_' || r >= '0' && r <= '9' {
			continue
		}
		if first {
			want, first = latin(r), false
		} else if latin(r) != want {
			return false
		}
	}
	return true
}

// hostTLDOK reports whether the host's labels are well formed and its
// last label is a public top-level domain.
func hostTLDOK(host string) bool {
	last := strings.LastIndexByte(host, '.')
	if last < 0 || !tldOK(host[last+1:]) {
		return false
	}
	// The registrable name starts after the second-to-last dot.
	reg := strings.LastIndexByte(host[:last], '.')
	for i := 0; i <= len(host); {
		j := strings.IndexByte(host[i:], '.')
		if j < 0 {
			j = len(host)
		} else {
			j += i
		}
		lb := host[i:j]
		if lb == "" || len(lb) > 63 || lb[0] == '-' || lb[len(lb)-1] == '-' {
			return false
		}
		// Underscores are allowed in subdomains ("gcs_test_env.storage.googleapis.com")
		// but not in a registrable name or a TLD.
		if i > reg && strings.IndexByte(lb, '_') >= 0 {
			return false
		}
		i = j + 1
	}
	return true
}

// tldOK reports whether label, in any case, is a public top-level domain,
// a pseudo-TLD of an overlay network (.onion, .i2p) or the punycode of an
// internationalised one.
func tldOK(label string) bool {
	l := strings.ToLower(label)
	if isTLD(l) || l == "onion" || l == "i2p" {
		return true
	}
	if strings.HasPrefix(l, "xn--") {
		if u, ok := punyDecode(l[4:]); ok {
			return isTLD(u)
		}
	}
	return false
}

// wholeEarlierPart reports whether a link that starts in an earlier
// message of a conversation starts that message: "lenadraws" then "dot
// studio" is one domain, but "see you at the office" then "dot net
// developer" is not.
func wholeEarlierPart(s *scan, v *normalize.Text, l link) bool {
	a, _ := v.Span(l.start, l.end)
	if a >= s.base {
		return true
	}
	ms := 0
	for _, st := range s.starts {
		if st <= a {
			ms = st
		}
	}
	return strings.TrimSpace(s.orig[ms:a]) == ""
}

// recordLink classifies l and records it as a finding. It reports whether
// the link was kept.
func recordLink(s *scan, v *normalize.Text, l link) bool {
	l = extendZoomID(v.S, l)
	if !wholeEarlierPart(s, v, l) {
		return false
	}
	// Bytes that are not UTF-8 became spaces in the views, and the
	// collapsed view joins across them: a "link" made of binary noise is
	// none.
	if a, b := v.Span(l.start, l.end); !utf8.ValidString(s.orig[a:b]) ||
		b < len(s.orig) && !utf8.RuneStart(s.orig[b]) {
		return false
	}
	c, ok := classify(l, s.d.platformHosts)
	if !ok {
		return false
	}
	conf := 0.95
	switch {
	case l.scheme != "" || l.www:
		conf = 0.97
	case l.rest != "" && l.rest != "/":
		conf = 0.93
	case c.kind == URL:
		conf = 0.85
	}
	if c.kind != URL {
		conf = max(conf, 0.95)
	}
	s.add(v, l.start, l.end, Finding{Kind: c.kind, Value: c.value, Confidence: conf, Rule: c.rule, Disguised: l.disguised})
	return true
}
