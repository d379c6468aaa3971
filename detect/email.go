package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// The email detector, in the order it works:
//
//  1. Every '@' of every view is read outwards: a local part back from it
//     and a domain forward. On the folded view that finds plain addresses
//     (and fullwidth, look-alike and zero-width disguised ones, which Fold
//     undoes); on the collapsed view letter-spaced ones ("j a v i e r @
//     ..."); on the spelled-out view the '@' may stand for "at", "arroba",
//     "собака", "(at)" ... and the dots for "dot", "punto", "[.]" ...
//  2. An address that does not read forwards but does backwards
//     ("moc.liamg@amil.ana") is reported reversed.
//  3. A legend that assigns '@' and '.' to symbols ("🌀 = @") is applied.
//  4. Mail providers named without an '@' are looked at: "at gmail" after
//     a local part given elsewhere in the message, "my gmail is ana.lima88",
//     and a local part on one line or message with the provider on the next.

// mailProvider is a mail service whose name alone stands for its domain:
// "ana.lima at gmail" is ana.lima@gmail.com.
type mailProvider struct {
	name   string // lower-case, as people write it
	domain string // the address domain the name implies
	// weak names are also common words or short letter groups ("live",
	// "orange", "wp"): they stand for the provider only with their TLD
	// or after an unambiguous at sign ("małpa wp").
	weak bool
}

// mailProviders are the free mail services most used by the marketplace's
// users, with the domain each name implies.
var mailProviders = []mailProvider{
	{"gmail", "gmail.com", false},
	{"googlemail", "googlemail.com", false},
	{"yahoo", "yahoo.com", false},
	{"ymail", "ymail.com", false},
	{"rocketmail", "rocketmail.com", false},
	{"hotmail", "hotmail.com", false},
	{"outlook", "outlook.com", false},
	{"live", "live.com", true},
	{"msn", "msn.com", true},
	{"icloud", "icloud.com", false},
	{"protonmail", "protonmail.com", false},
	{"proton", "proton.me", true},
	{"tutanota", "tutanota.com", false},
	{"fastmail", "fastmail.com", false},
	{"aol", "aol.com", true},
	{"zoho", "zoho.com", false},
	{"gmx", "gmx.de", false},
	{"posteo", "posteo.de", false},
	{"yandex", "yandex.ru", false},
	{"rambler", "rambler.ru", false},
	{"libero", "libero.it", false},
	{"virgilio", "virgilio.it", false},
	{"tiscali", "tiscali.it", true},
	{"orange", "orange.fr", true},
	{"laposte", "laposte.net", false},
	{"wanadoo", "wanadoo.fr", false},
	{"wp", "wp.pl", true},
	{"onet", "onet.pl", true},
	{"interia", "interia.pl", false},
	{"seznam", "seznam.cz", false},
	{"rediffmail", "rediffmail.com", false},
	{"qq", "qq.com", true},
	{"163", "163.com", true},
	{"naver", "naver.com", false},
	{"hanmail", "hanmail.net", false},
	{"bigpond", "bigpond.com", true},
	{"btinternet", "btinternet.com", false},
	{"sbcglobal", "sbcglobal.net", false},
}

// mailDomains are providers whose domain, not a name, is what people
// write ("mail.ru", "ukr.net"): the first label alone is no name.
var mailDomains = []string{"mail.ru", "inbox.ru", "list.ru", "bk.ru", "ukr.net", "i.ua", "web.de", "t-online.de", "mail.com"}

// providerWords are mail providers, whose name alone stands for a domain
// ("at gmail"). The prefilter registers them.
var providerWords = func() []string {
	var ws []string
	for _, p := range mailProviders {
		ws = append(ws, p.name)
	}
	return append(ws, mailDomains...)
}()

// namesMailDomain reports whether the provider name w, ending at t[end],
// can stand for its domain there: a weak name ("live", "orange") only
// with its TLD after it ("live.com"); after an at word, whose window
// covers it, it needs none of this.
func namesMailDomain(w, t string, end int) bool {
	return !weakProviders[w] || end+1 < len(t) && t[end] == '.' && isWordByte(t[end+1])
}

// weakProviders are the weak names of mailProviders.
var weakProviders = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range mailProviders {
		if p.weak {
			m[p.name] = true
		}
	}
	return m
}()

// providerByName indexes mailProviders.
var providerByName = func() map[string]mailProvider {
	m := map[string]mailProvider{}
	for _, p := range mailProviders {
		m[p.name] = p
	}
	return m
}()

// mailDomainSet indexes mailDomains and the providers' own domains.
var mailDomainSet = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range mailDomains {
		m[d] = true
	}
	for _, p := range mailProviders {
		m[p.domain] = true
	}
	return m
}()

// emailCueWords name email itself, in the marketplace's languages.
var emailCueWords = []string{
	"email", "e-mail", "mail", "emails", "mails", "mailbox", "inbox", "gmail",
	"correo", "courriel", "emailem", "maila", "mailem", "maila", "poczta", "posta", "eposta",
	"почта", "почту", "пошта", "пошту", "імейл", "имейл", "емейл", "мейл",
	"surel", "emel", "ईमेल", "ايميل", "إيميل", "البريد", "メール", "이메일", "邮箱",
}

// mailDomainWords are provider names and TLDs written in another script,
// which a spelled-out address uses ("آت جيميل دوت كوم" is "@gmail.com").
var mailDomainWords = map[string]string{
	"جيميل": "gmail", "جيمايل": "gmail", "هوتميل": "hotmail", "ياهو": "yahoo", "اوتلوك": "outlook",
	"كوم": "com", "نت": "net",
	"гмейл": "gmail", "гмайл": "gmail", "джимейл": "gmail", "яндекс": "yandex", "ком": "com", "ру": "ru",
}

// mailCommonTLDs are the top-level domains a provider name may be followed by
// with only a space ("nguyen.lan.dev gmail com").
var mailCommonTLDs = map[string]bool{"com": true, "net": true, "org": true, "ru": true, "pl": true, "de": true, "fr": true, "it": true, "br": true, "ua": true, "in": true, "uk": true}

// reservedDomains are never anybody's mailbox: RFC 2606 and RFC 6761
// names, and private-network suffixes (RFC 6762).
var mailReservedTLD = map[string]bool{"test": true, "example": true, "invalid": true, "localhost": true, "local": true, "lan": true, "internal": true, "home": true, "corp": true, "localdomain": true, "intranet": true, "private": true}

// mailExampleDomains are the RFC 2606 example domains: real syntax, nobody's
// address, so they are reported with a low confidence.
var mailExampleDomains = map[string]bool{"example.com": true, "example.net": true, "example.org": true}

// mailFileExts are file extensions: "setup.py" and "icon@2x.png" are file
// names, not local parts or domains.
var mailFileExts = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`py js ts tsx jsx go rs rb php java kt swift cpp cs css scss sass less
		html htm json yaml yml xml csv tsv txt md rst pdf doc docx xls xlsx ppt pptx odt png jpg jpeg gif svg webp
		bmp ico tif tiff heic psd ai eps fig sketch xd mp4 mov avi mkv webm mp3 wav ogg flac zip rar gz tgz tar 7z
		exe dmg apk ipa msi sql sh bat ps1 env lock log ini cfg conf toml vue dart lua ipynb`) {
		m[e] = true
	}
	return m
}()

// mailBackwardsCues say an address is written backwards.
var mailBackwardsCues = []string{"backwards", "backward", "reverse", "reversed", "invertido", "invertida", "al revés", "al reves", "à l'envers", "a l'envers", "rückwärts", "ruckwarts", "наоборот", "odwrotnie", "tersten", "ngược", "di balik", "dibalik", "al contrario", "ao contrário"}

// atCommonWords cannot be the local part of an address spelled with the
// ordinary word "at": "meet at google dot com", "I'm at home", "look at
// example.com". Pronouns, function words, and the verbs, nouns and
// adjectives that come before "at" in chat.
var atCommonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		i me my mine we us our you your yours he him his she her it its they them their this that these those
		who whom what which where when why how here there now then today tonight tomorrow yesterday
		a an the and or but nor so yet if as of to in on by for from with without into onto about
		is am are was were be been being do does did done have has had will would shall should can could may might must
		not no yes ok okay just only also even still very really too all any some every each both either neither
		one two three four five six seven eight nine ten first last next least most best worst better worse more less
		look looking looked looks see seen saw meet meeting met meets work working worked works stay staying stayed
		live living lived arrive arriving arrived arrives land landing landed start starting started starts begin
		end ending ended ends sit sitting stand standing wait waiting waited call calling called text texting
		email emailing emailed mail mailed write writing wrote written reach reached contact contacted ping pinged
		find found hosted host based located available online offline home office school college university
		busy free ready open closed good great bad nice fine well fast slow cheap expensive priced price cost costs
		charged charge paid pay sold sell selling buy bought billed rate rates fixed capped set aimed aim point
		pointing laugh laughing smile smiling stare staring shot shoot hit hits try tried trying glance peek
		guess hint yell shout sign signed arrive job jobs role position intern internship hired employed
		engineer developer designer manager lead senior junior freelancer team staff member student teacher
		time times day days week weeks month months year years hour hours minute minutes night noon morning
		evening afternoon weekend lunch dinner breakfast moment once twice again back right left up down out
		over under above below away off early late later soon already always never often sometimes usually
		everyone someone anyone nobody everybody somebody anybody everything something anything nothing
		people person guy guys folks client clients customer customers company companies business
		place places site page link website account profile portfolio store shop shopping stuff things thing
		product products service services app apps tool tools platform code repo docs files file demo
		name username id handle nick same usual it's i'm that's there's here's let's
		get got go going went gone come coming came make made take took keep kept put give gave tell told say said
		ask asked send sent share shared post posted upload uploaded download check checked visit visited
		join joined click clicked sign-up signup login log logged register registered subscribe
		message messages chat reply replies respond answer talk talking speak speaking
		thanks thank please sorry dear bye regards cheers
		lo la el los las un una de del en y o que es por para con sin mi tu su me te se nos
		le les des du et ou est pour avec sans mon ton son ma ta sa je tu il elle nous vous
		der die das ein eine und oder ist für mit ohne mein dein sein ich du er sie wir ihr
		il lo gli di da e o è per con senza mio tuo suo io
		o os as um uma e ou é com sem meu teu seu eu
		na w z i do jest mój moj mam
		ve bir bu şu ben sen o biz siz onlar
		và của là có không tôi bạn mình
		я ты он она мы вы они мой твой это на в и
		`) {
		m[w] = true
	}
	return m
}()

// detectEmail finds email addresses, plain or disguised.
func detectEmail(s *scan) {
	if !s.d.wants(Email) {
		return
	}
	sig := &s.sig
	atWordsSeen := s.has(kwAt) || sig.bracket
	provider := s.has(kwProvider)
	cue := s.has(kwEmailCue)
	if !sig.at && !provider && !cue && !atWordsSeen && !sig.spaced {
		return
	}
	e := &emailScan{s: s}
	if sig.at {
		e.atSigns(s.fold)
		e.legend()
	}
	if sig.spaced || sig.spacedOp {
		if c := s.collapsedView(); c != nil && strings.IndexByte(c.S, '@') >= 0 {
			e.atSigns(c)
		}
	}
	// The spelled-out view is worth building when an at word (or a
	// bracketed symbol) and something that can end a domain are both
	// there: a dot of any kind or a provider name.
	domainish := s.has(kwDot) || sig.bracket || provider || sig.at || sig.dot && mailLetterDot(s.fold.Lower)
	spelled := (atWordsSeen || sig.at && s.has(kwDot)) && domainish
	if spelled && sig.atDomains == 0 && !sig.at && !sig.bracket && !sig.spaced && !sig.spacedOp {
		// Every at word is followed by words no domain starts with:
		// "at 5pm", "at the end". Long texts have many.
		spelled = false
	}
	if spelled && !e.spelledAddsNothing() {
		if sp := s.spelledView(); sp != nil && strings.IndexByte(sp.S, '@') >= 0 {
			e.atSigns(sp)
		}
	}
	// A weak provider name alone ("the site is live") names no domain:
	// the provider pass, which reads every token, is not run for it.
	if sig.provider || cue || spelled {
		e.providers(sig.provider || spelled)
	}
}

// atPhraseRest holds the words after the first of the multi-word at
// words ("the rate of", "sign", "còng"), which atLeadsToDomain steps over.
var atPhraseRest = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range atWords {
		for _, f := range strings.Fields(w)[1:] {
			m[f] = true
		}
	}
	return m
}()

// atLeadsToDomain reports whether the at word ending at L[j] (lower-case
// folded text) is followed, within three words, by what a spelled-out
// address's domain looks like: a mail provider's name (in leetspeak too,
// "gm4il"), or a word followed by a dot of any kind ("acme.io", "acme dot
// com", "acme (dot) com", "acme punto es"). The rest of a multi-word at
// ("at the rate gmail") does not count as one of the three. "at 5pm",
// "at the end." and "at 12 Market Street" lead to no domain.
func atLeadsToDomain(keywords *keywordSet, L string, j int) bool {
	for words := 0; words < 3; {
		for j < len(L) {
			switch L[j] {
			case ' ', '\n', '\t', ':', ')', ']', '}', '>', '"', '\'':
				j++
				continue
			}
			break
		}
		a := j
		letters, digits := false, false
		for j < len(L) {
			c := L[j]
			if c < utf8.RuneSelf {
				if c >= '0' && c <= '9' {
					digits = true
				} else if isWordByte(c) {
					letters = true
				} else if c != '-' && c != '_' {
					break
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(L[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			letters = true
			j += n
		}
		if j == a {
			return false
		}
		w := L[a:j]
		if keywords.groups(w)&kwProvider != 0 {
			return true
		}
		if letters && digits {
			if u, ok := unLeet(w); ok && keywords.groups(u)&kwProvider != 0 {
				return true
			}
		}
		if j+1 < len(L) && L[j] == '.' && (L[j+1] >= 'a' && L[j+1] <= 'z' || L[j+1] >= utf8.RuneSelf) {
			return true
		}
		k := j
		for k < len(L) && (L[k] == ' ' || L[k] == '\n' || L[k] == '\t') {
			k++
		}
		if k < len(L) {
			switch L[k] {
			case '(', '[', '{', '<':
				return true
			}
			e := k
			for e < len(L) && L[e] != ' ' && L[e] != '\n' && L[e] != '\t' && L[e] != ')' && L[e] != ']' {
				e++
			}
			if keywords.groups(L[k:e])&kwDot != 0 {
				return true
			}
		}
		if !atPhraseRest[w] {
			words++
		}
	}
	return false
}

// spelledAddsNothing reports whether the spelled-out view would only
// repeat what the folded view read: every '@' lies in an address found
// already, every at word is followed by one ("reach me at
// ana@gmail.com"), and no spelled dot, slash or underscore, bracketed
// symbol or spaced run is in play. Building and reading that view costs
// more than the rest of the email detector.
func (e *emailScan) spelledAddsNothing() bool {
	s := e.s
	sig := &s.sig
	if e.found == nil || sig.bracket || sig.spaced || sig.spacedOp || s.collapsed != nil ||
		s.has(kwDot|kwSlash|kwUnderscore) || sig.nAtWords > len(sig.atEnds) {
		return false
	}
	v := s.fold
	for i := 0; i < len(v.S); {
		k := strings.IndexByte(v.S[i:], '@')
		if k < 0 {
			break
		}
		p := i + k
		if a, _ := v.Span(p, p+1); !e.foundAt(a) {
			return false
		}
		i = p + 1
	}
	L := v.Lower
	for _, end := range sig.atEnds[:sig.nAtWords] {
		k := int(end)
		for k < len(L) && (L[k] == ' ' || L[k] == '\t') {
			k++
		}
		if k == int(end) || k == len(L) {
			return false
		}
		if a, _ := v.Span(k, k+1); !e.foundAt(a) {
			return false
		}
	}
	return true
}

// domainFound reports whether the token v.S[a:b] is the domain of an
// address found already: it follows that address's '@' and lies in it.
// The provider pass would only read that address again.
func (e *emailScan) domainFound(v *normalize.Text, a, b int) bool {
	if e.found == nil || a == 0 || v.S[a-1] != '@' {
		return false
	}
	o0, o1 := v.Span(a-1, b)
	for k := o0; k < o1; k++ {
		if !e.foundAt(k) {
			return false
		}
	}
	return true
}

// foundAt reports whether original offset k lies in an address found
// already.
func (e *emailScan) foundAt(k int) bool {
	return e.found != nil && k < len(e.s.orig) && e.found[k/64]&(1<<(k%64)) != 0
}

// mailLetterDot reports a '.' followed by a letter, as in a domain; "at 9.30"
// has none.
func mailLetterDot(L string) bool {
	for i := 0; i < len(L); {
		k := strings.IndexByte(L[i:], '.')
		if k < 0 {
			return false
		}
		i += k + 1
		if i < len(L) && (L[i] >= 'a' && L[i] <= 'z' || L[i] >= utf8.RuneSelf) {
			return true
		}
	}
	return false
}

// emailScan is the state of the email detector for one scan.
type emailScan struct {
	s *scan
	// found marks the bytes of the original text inside an address
	// already reported, so that a hint search does not reuse a local part
	// that is part of one. Allocated with the first address.
	found []uint64
	// backCue caches backwardsCue: 0 not yet known, 1 yes, 2 no.
	backCue int8
}

// atMark is how the '@' of an address was written.
type atMark int

const (
	markLiteral   atMark = iota // '@' or a look-alike, next to its neighbours
	markSpaced                  // '@' with spaces around, or letters spaced out
	markWord                    // an unambiguous spelled or bracketed at sign: arroba, (at), собака
	markAmbiguous               // the English word "at", which mostly means at
)

// mailAddr is an address read around one '@' of a view.
type mailAddr struct {
	i, j       int    // span in the view
	local      string // as typed in the view
	domain     string // lower-case, completed when implied
	completed  bool   // the domain was implied by a provider name
	provider   bool   // the domain is a known mail provider's
	unknownTLD bool   // the TLD is syntactically valid but not delegated
	ipLiteral  bool   // the domain is an address literal [1.2.3.4]
	spelledDot bool   // a '.' of the domain was written as a word or bracketed
	englishDot bool   // one was written "dot" or bracketed, as goes with "at"
	firstLabel string // the domain's first label, lower-case
}

func (a mailAddr) value() string { return strings.ToLower(a.local) + "@" + a.domain }

// Bounds from RFC 5321 section 4.5.3.1: they also keep the reading of
// each '@' linear.
const (
	mailMaxLocal  = 64
	mailMaxDomain = 253
	mailMaxLabel  = 63
)

// atSigns reads every '@' of view v.
func (e *emailScan) atSigns(v *normalize.Text) {
	S := v.S
	for i := 0; i < len(S); {
		k := strings.IndexByte(S[i:], '@')
		if k < 0 {
			return
		}
		p := i + k
		i = p + 1
		e.readAt(v, p)
	}
}

// readAt reads the address around the '@' at v.S[p].
func (e *emailScan) readAt(v *normalize.Text, p int) {
	mark := atMarkOf(v, p)
	ls, local, okLocal := mailLocalPart(v, p, mark)
	a, okDomain := mailDomainPart(v, p+1, mark)
	if !okDomain {
		if mark == markLiteral && okLocal {
			e.reversed(v, ls, p)
		}
		return
	}
	if a.unknownTLD && okLocal && e.reversed(v, ls, p) {
		return // "moc.liamg@amil.ana": "ana" is no TLD either
	}
	a.i, a.local = ls, local
	if mark == markLiteral && (mailSCPLike(v.S, a.j) || mailAfterCommand(v.Lower, ls)) {
		return
	}
	if okLocal && mailPlausible(v, a, mark) {
		e.report(v, a, mark)
		return
	}
	// A provider after an at sign with the local part given elsewhere
	// ("my name at yahoo, piotr.nowak84") is read by the provider pass.
}

// mailSCPLike reports "git@github.com:ana/app.git": a host followed by ':'
// and a path or port is a remote login (scp syntax, RFC 3986 authority),
// not a mailbox.
func mailSCPLike(S string, j int) bool {
	return j+1 < len(S) && S[j] == ':' && S[j+1] != ' ' && S[j+1] != '\n' && S[j+1] != '\t' && S[j+1] != '\r'
}

// mailLoginCommands log in to a host given as user@host.
var mailLoginCommands = map[string]bool{"ssh": true, "scp": true, "sftp": true, "rsync": true, "mosh": true, "telnet": true, "ftp": true}

// mailAfterCommand reports whether the address starting at L[ls] follows a
// login command on its line ("ssh -p 2222 deploy@acme.io").
func mailAfterCommand(L string, ls int) bool {
	lo := max(0, ls-64)
	line := L[lo:ls]
	if k := strings.LastIndexByte(line, '\n'); k >= 0 {
		line = line[k+1:]
	}
	// The last four fields, read backwards without splitting the line.
	for n := 0; n < 4; n++ {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			return false
		}
		k := strings.LastIndexFunc(line, unicode.IsSpace)
		if mailLoginCommands[line[k+1:]] {
			return true
		}
		line = line[:k+1]
	}
	return false
}

// report records address a found on view v.
func (e *emailScan) report(v *normalize.Text, a mailAddr, mark atMark) {
	spaced := mark == markSpaced
	o0, o1 := v.Span(a.i, a.j)
	if !spaced && mark == markLiteral && strings.ContainsAny(e.s.orig[o0:o1], " \t\n") {
		spaced = true
	}
	// A domain left for the reader to complete is a disguise too.
	f := Finding{Kind: Email, Value: a.value(), Disguised: a.completed}
	switch {
	case a.completed:
		f.Rule, f.Confidence = "email.provider", 0.75
		if mark == markAmbiguous {
			f.Confidence = 0.7
		}
	case mark == markWord:
		f.Rule, f.Confidence = "email.spelled", 0.9
	case mark == markAmbiguous:
		f.Rule, f.Confidence = "email.spelled", 0.85
	case spaced:
		f.Rule, f.Confidence = "email.spaced", 0.9
	default:
		f.Rule, f.Confidence = "email.plain", 0.97
	}
	if a.spelledDot && f.Rule == "email.plain" {
		f.Rule = "email.spelled"
	}
	switch {
	case a.unknownTLD, a.ipLiteral:
		f.Confidence = 0.6
	case mailExampleDomains[a.domain] || strings.HasSuffix(a.domain, ".example.com"):
		f.Confidence = 0.5
	}
	e.add(v, a.i, a.j, f)
}

// add records f at v.S[i:j] and remembers its span.
func (e *emailScan) add(v *normalize.Text, i, j int, f Finding) {
	a, b := v.Span(i, j)
	if e.found == nil {
		e.found = make([]uint64, len(e.s.orig)/64+1)
	}
	for k := a; k < b; k++ {
		e.found[k/64] |= 1 << (k % 64)
	}
	n := len(e.s.out)
	e.s.add(v, i, j, f)
	if len(e.s.out) > n {
		// A span that starts or ends at a spelled symbol ("at yahoo, ...")
		// covers the spaces the symbol took in: they are not the address.
		g := &e.s.out[n]
		t := strings.TrimLeft(g.Text, " \t\n")
		g.Start += len(g.Text) - len(t)
		t = strings.TrimRight(t, " \t\n")
		g.End = g.Start + len(t)
		g.Text = t
	}
}

// overlapsFound reports whether the original range [a, b) overlaps an
// address already found.
func (e *emailScan) overlapsFound(a, b int) bool {
	if e.found == nil {
		return false
	}
	for k := a; k < b; k++ {
		if e.found[k/64]&(1<<(k%64)) != 0 {
			return true
		}
	}
	return false
}

// atMarkOf says how the '@' at v.S[p] was typed, from the original text
// it stands for.
func atMarkOf(v *normalize.Text, p int) atMark {
	a, b := v.Span(p, p+1)
	src := strings.ToLower(strings.TrimSpace(v.Orig[a:b]))
	letters := false
	for _, r := range src {
		if unicode.IsLetter(r) {
			letters = true
			break
		}
	}
	if !letters {
		if len(src) < b-a || mailSpacedAround(v.Orig, a, b) {
			return markSpaced
		}
		return markLiteral
	}
	if src == "at" {
		return markAmbiguous
	}
	return markWord
}

// mailSpacedAround reports whether the original '@' at orig[a:b] has a space
// on either side.
func mailSpacedAround(orig string, a, b int) bool {
	return a > 0 && (orig[a-1] == ' ' || orig[a-1] == '\t') || b < len(orig) && (orig[b] == ' ' || orig[b] == '\t')
}

// mailLocalChar reports whether r may be part of a local part as people type
// addresses: RFC 5322 atext, with letters and digits of any script
// (RFC 6531), without '/', '|', '=' and '?', which in chat separate a
// path, a table cell or a key from an address.
func mailLocalChar(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isWordByte(c) || strings.IndexByte("!#$%&'*+-^_`{}~.", c) >= 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// mailSpelledLocalChar is the narrower set allowed before a spelled at sign:
// letters, digits, '.', '_', '-' and '+'.
func mailSpelledLocalChar(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isWordByte(c) || c == '.' || c == '_' || c == '-' || c == '+'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// mailScriptClass separates scripts written without spaces between words
// (Han, kana, Hangul, Thai) from the others, so that "メールはana@x.com"
// starts at "ana": 1 for those, 0 for other letters, -1 for non-letters.
func mailScriptClass(r rune) int {
	if r < utf8.RuneSelf {
		if isWordByte(byte(r)) && (r < '0' || r > '9') {
			return 0
		}
		return -1
	}
	if !unicode.IsLetter(r) {
		return -1
	}
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) {
		return 1
	}
	return 0
}

// mailLocalPart reads the local part ending before the '@' at v.S[p] and
// returns its start and text. It applies the dot-atom rule of RFC 5322
// (no leading, trailing or double dot), keeping the valid part after a
// double or leading dot, as an extractor should.
func mailLocalPart(v *normalize.Text, p int, mark atMark) (int, string, bool) {
	S := v.S
	allowed := mailLocalChar
	if mark != markLiteral {
		allowed = mailSpelledLocalChar
	}
	j, class := p, -1
	for j > 0 && p-j <= mailMaxLocal {
		r, n := utf8.DecodeLastRuneInString(S[:j])
		if !allowed(r) {
			break
		}
		if c := mailScriptClass(r); c >= 0 {
			if class >= 0 && c != class {
				break
			}
			class = c
		}
		j -= n
	}
	if p-j > mailMaxLocal {
		return 0, "", false
	}
	local := S[j:p]
	if k := strings.LastIndex(local, ".."); k >= 0 {
		j += k + 2
		local = S[j:p]
	}
	for strings.HasPrefix(local, ".") {
		j++
		local = local[1:]
	}
	if local == "" || strings.HasSuffix(local, ".") {
		return 0, "", false
	}
	// Quotes and markdown around an address are not part of it:
	// "'ana@x.com'", "*ana@x.com*", "`ana@x.com`".
	if k := strings.IndexFunc(local, func(r rune) bool { return !strings.ContainsRune("!#$%&'*^`{}~", r) }); k > 0 {
		if r, _ := utf8.DecodeRuneInString(local[k:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			j += k
			local = local[k:]
		}
	}
	if mark == markLiteral {
		if mailUserinfo(S, j) {
			return 0, "", false
		}
		if strings.IndexFunc(local, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return mailSymbolLocal(S, p)
		}
		return j, local, true
	}
	// A spelled at sign needs the local part to start a word: not "she's
	// at", not a path or a mention.
	if j > 0 {
		r, n := utf8.DecodeLastRuneInString(S[:j])
		switch {
		case r == '\'' || r == '’':
			if j-n > 0 {
				if q, _ := utf8.DecodeLastRuneInString(S[:j-n]); unicode.IsLetter(q) {
					return 0, "", false
				}
			}
		case r == '@':
			if atMarkOf(v, j-n) == markLiteral {
				return 0, "", false
			}
		case r == '/' || r == '\\' || r == '#' || r == '$' || r == '&' || r == '%' || r == '=':
			return 0, "", false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 0, "", false
		}
	}
	return j, local, true
}

// mailSymbolLocal reads a local part of symbols only ("!#$%&'*+/=?^`{|}~",
// valid by RFC 5322) ending before S[p]: it must be a whole word, with
// every atext character, and not open with a quote, which would make it
// a quoted pattern such as SQL's '%@gmail.com'.
func mailSymbolLocal(S string, p int) (int, string, bool) {
	j := p
	for j > 0 && p-j <= mailMaxLocal && strings.IndexByte("!#$%&'*+-/=?^_`{|}~", S[j-1]) >= 0 {
		j--
	}
	if j == p || p-j > mailMaxLocal || j > 0 && S[j-1] != ' ' && S[j-1] != '\n' && S[j-1] != '\t' && S[j-1] != '\r' {
		return 0, "", false
	}
	if S[j] == '\'' || S[j] == '`' {
		return 0, "", false
	}
	return j, S[j:p], true
}

// mailUserinfo reports whether the local part starting at S[j] is the user
// of a URL ("http://user:pass@host", RFC 3986 section 3.2.1), which is no
// mailbox: only userinfo characters stand between it and a "//".
func mailUserinfo(S string, j int) bool {
	k := j - 1
	for k >= 0 && j-k <= 256 && (isWordByte(S[k]) || strings.IndexByte("-._~%!$&'*+,;=:", S[k]) >= 0) {
		k--
	}
	return k >= 1 && S[k] == '/' && S[k-1] == '/'
}

// mailLabelChar reports whether r may be part of a domain label: letters and
// digits of any script (IDNA) and the hyphen.
func mailLabelChar(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r)) || r == '-'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// mailDomainPart reads the domain starting at v.S[i] (just after the '@').
// The domain is a dot-separated list of LDH labels (RFC 1035, RFC 5890)
// ending in a delegated TLD, a bracketed IPv4 literal, or, for a spelled
// at sign, a mail provider's name alone ("at gmail"), completed to its
// domain. A final dot is a full stop and is left out.
func mailDomainPart(v *normalize.Text, i int, mark atMark) (mailAddr, bool) {
	S := v.S
	var a mailAddr
	if i < len(S) && S[i] == '[' {
		if mark != markLiteral {
			return a, false
		}
		return mailIPLiteral(S, i)
	}
	// Most domains have few labels: their slices live on the stack.
	var labelBuf, lowerBuf [8]string
	var endBuf [8]int
	labels := labelBuf[:0]
	ends := endBuf[:0] // where each label ends
	start := i
	k := i
	more := true
	if mark != markLiteral {
		// "at g mail", "at the big G mail dot com".
		if name, end, ok := mailProviderPhrase(v.Lower, i); ok {
			labels = append(labels, name)
			ends = append(ends, end)
			k = end
			more = k+1 < len(S) && S[k] == '.'
			if more {
				k++
			}
		}
	}
	for more && len(labels) < 127 {
		ls, class := k, -1
		for k < len(S) && k-ls <= mailMaxLabel {
			r, n := utf8.DecodeRuneInString(S[k:])
			if !mailLabelChar(r) {
				break
			}
			if c := mailScriptClass(r); c >= 0 {
				if class >= 0 && c != class {
					break
				}
				class = c
			}
			k += n
		}
		if k-ls > mailMaxLabel || k == ls {
			if len(labels) == 0 || k-ls > mailMaxLabel {
				return a, false
			}
			k-- // a final dot: not part of the domain
			break
		}
		lab := S[ls:k]
		if lab[0] == '-' || lab[len(lab)-1] == '-' {
			return a, false
		}
		labels = append(labels, lab)
		ends = append(ends, k)
		if k+1 < len(S) && S[k] == '.' {
			k++
			continue
		}
		break
	}
	if len(labels) == 0 || k-start > mailMaxDomain {
		return a, false
	}
	a.j = k
	lower := lowerBuf[:0]
	if len(labels) > len(lowerBuf) {
		lower = make([]string, 0, len(labels))
	}
	lower = lower[:len(labels)]
	for n, l := range labels {
		lower[n] = strings.ToLower(l)
		if mark != markLiteral {
			if w, ok := mailDomainWords[lower[n]]; ok {
				lower[n] = w
			}
		}
	}
	// An '@' in an asset name: "icon@2x.png".
	if f := lower[0]; len(f) >= 2 && f[len(f)-1] == 'x' && mailAllDigits(f[:len(f)-1]) {
		return a, false
	}
	a.firstLabel = lower[0]
	for n := start; n < k; n++ {
		if S[n] == '.' {
			if sp, en := mailDotSpelled(v, n); sp {
				a.spelledDot = true
				a.englishDot = a.englishDot || en
			}
		}
	}
	if len(labels) == 1 {
		return providerOnly(a, S, lower[0], k, mark)
	}
	if !mailTLDOK(lower[len(lower)-1]) {
		// "ana@acme.io.Thanks": a sentence run on after the domain.
		n := len(lower) - 1
		for n >= 2 && !mailTLDOK(lower[n-1]) {
			n--
		}
		switch {
		case n >= 2:
			lower, a.j = lower[:n], ends[n-1]
		case mark != markLiteral || providerByName[lower[0]].name != "":
			// "at gmail dot c o m", "ana@gmail.con": the provider alone,
			// the rest a typo, or a sentence run on ("ana@gmail.Thanks").
			a.spelledDot, a.englishDot = false, false
			end := ends[0]
			if mark == markLiteral && len(labels) == 2 && !(labels[1][0] >= 'A' && labels[1][0] <= 'Z') {
				end = k
			}
			a, ok := providerOnly(a, S, lower[0], end, mark)
			a.j = max(a.j, end)
			return a, ok
		case mark == markLiteral && mailUnknownTLDOK(labels[len(labels)-1]):
			a.unknownTLD = true
		default:
			return a, false
		}
	}
	a.domain = strings.Join(lower, ".")
	a.provider = isMailDomain(lower)
	return a, true
}

// mailTLDOK reports a delegated TLD or an IDNA A-label (RFC 5890), the
// form internationalised TLDs take.
func mailTLDOK(tld string) bool {
	return isTLD(tld) || strings.HasPrefix(tld, "xn--") && len(tld) > 5
}

// providerOnly completes a domain that is a provider's name alone, ending
// at S[k]: "at gmail" is gmail.com.
func providerOnly(a mailAddr, S, name string, k int, mark atMark) (mailAddr, bool) {
	a.j = k
	p, ok := providerByName[name]
	if !ok || p.weak && (mark == markAmbiguous || mark == markLiteral) {
		return a, false
	}
	a.provider, a.completed, a.domain = true, true, p.domain
	// "gmail com": the TLD after a space.
	if tl, te, ok := mailTLDAfterSpace(S, k); ok {
		t := strings.ToLower(tl)
		if isTLD(t) && (strings.HasSuffix(p.domain, "."+t) || mailCommonTLDs[t]) {
			a.domain, a.completed, a.j = name+"."+t, false, te
		}
	}
	return a, true
}

// isMailDomain reports whether the labels are a mail provider's domain:
// one listed, or a provider's name followed by TLDs only ("yahoo.co.uk",
// "outlook.com.br"), not a web service under it ("outlook.office.com").
func isMailDomain(labels []string) bool {
	if mailDomainSet[strings.Join(labels, ".")] {
		return true
	}
	if _, ok := providerByName[labels[0]]; !ok {
		return false
	}
	return mailProviderSuffix(labels[1:])
}

// mailProviderSuffix reports whether labels are what follows a provider's
// name in its domains: country codes and com, net, org ("co.uk",
// "com.br"), not another name (".office").
func mailProviderSuffix(labels []string) bool {
	for _, l := range labels {
		if !isTLD(l) || len(l) != 2 && l != "com" && l != "net" && l != "org" {
			return false
		}
	}
	return true
}

// mailProviderPhrases name providers in words.
var mailProviderPhrases = []struct{ phrase, name string }{
	{"the big g mail", "gmail"}, {"big g mail", "gmail"}, {"google mail", "gmail"}, {"g mail", "gmail"}, {"g-mail", "gmail"},
	{"yahoo mail", "yahoo"}, {"hot mail", "hotmail"},
}

// mailProviderPhrase reads a provider named in words at L[i:].
func mailProviderPhrase(L string, i int) (string, int, bool) {
	for _, p := range mailProviderPhrases {
		if strings.HasPrefix(L[i:], p.phrase) {
			end := i + len(p.phrase)
			if end < len(L) && isWordByte(L[end]) {
				continue
			}
			return p.name, end, true
		}
	}
	return "", 0, false
}

// mailUnknownTLDOK reports whether tld (as typed), though not delegated,
// is a TLD by syntax (RFC 1123: alphabetic, at least two letters) that is
// not a reserved name, a file extension or a word starting a sentence run
// on after the domain ("kiosk.Valid"): "ana@acme.con" is a typo'd address.
func mailUnknownTLDOK(tld string) bool {
	if len(tld) < 2 {
		return false
	}
	upper := 0
	for i := 0; i < len(tld); i++ {
		switch c := tld[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
		case c < 'a' || c > 'z':
			return false
		}
	}
	if upper > 0 && upper < len(tld) {
		return false
	}
	l := strings.ToLower(tld)
	return !mailReservedTLD[l] && !mailFileExts[l]
}

// mailIPLiteral reads "[1.2.3.4]" at S[i] (RFC 5321 address literal).
func mailIPLiteral(S string, i int) (mailAddr, bool) {
	var a mailAddr
	end := strings.IndexByte(S[i:min(len(S), i+17)], ']')
	if end < 0 {
		return a, false
	}
	in := S[i+1 : i+end]
	parts := strings.Split(in, ".")
	if len(parts) != 4 {
		return a, false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || !mailAllDigits(p) || len(p) > 1 && p[0] == '0' {
			return a, false
		}
		if n := mailOctet(p); n > 255 {
			return a, false
		}
	}
	j := i + end + 1
	if j < len(S) {
		if r, _ := utf8.DecodeRuneInString(S[j:]); mailLabelChar(r) {
			return a, false
		}
	}
	a.j, a.domain, a.ipLiteral = j, "["+in+"]", true
	return a, true
}

func mailOctet(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func mailAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// mailDotSpelled reports whether the '.' at v.S[n] was typed as a word or in
// brackets ("dot", "punto", "[.]"), and whether as the English "dot" or
// in brackets, the forms that go with the English "at".
func mailDotSpelled(v *normalize.Text, n int) (spelled, english bool) {
	a, b := v.Span(n, n+1)
	src := strings.ToLower(v.Orig[a:b])
	bracket := strings.ContainsAny(src, "()[]{}<>")
	english = bracket || strings.Contains(src, "dot") || strings.Contains(src, "d0t")
	return bracket || strings.IndexFunc(src, unicode.IsLetter) >= 0, english
}

// mailTLDAfterSpace returns the word after one run of spaces at S[k], when
// it ends at a word boundary.
func mailTLDAfterSpace(S string, k int) (string, int, bool) {
	if k >= len(S) || S[k] != ' ' {
		return "", 0, false
	}
	a := k
	for a < len(S) && a-k < 4 && S[a] == ' ' {
		a++
	}
	b := a
	for b < len(S) && b-a < 8 && isWordByte(S[b]) {
		b++
	}
	if b == a || b < len(S) && isWordByte(S[b]) {
		return "", 0, false
	}
	return S[a:b], b, true
}

// mailPlausible reports whether the address a, whose '@' was typed as mark,
// is an address rather than ordinary words: "meet at google dot com" is
// not, "hello at studiolima dot design" is. A spelled at sign needs a
// local part that is not a common word, and the English "at" also needs
// a domain that is a mail provider or was spelled ("dot"), or a local part
// that looks like one ("camila.r at outlook.com").
func mailPlausible(v *normalize.Text, a mailAddr, mark atMark) bool {
	if mark == markLiteral {
		return true
	}
	if a.unknownTLD || a.ipLiteral {
		return false
	}
	l := strings.ToLower(a.local)
	if atCommonWords[l] || utf8.RuneCountInString(l) < 2 {
		return false
	}
	if mailAllDigits(l) && len(l) < 5 {
		return false
	}
	if mailVersionLike(l) || mailFileLike(l) {
		return false
	}
	if mark != markAmbiguous {
		return true
	}
	if a.provider {
		return true
	}
	// "room at some point so": the English "at" goes with "dot", and the
	// domain of an address is no common word.
	if atCommonWords[a.firstLabel] {
		return false
	}
	if a.englishDot {
		return true
	}
	return strings.ContainsAny(l, "._") && !mailDomainLike(l) && !a.spelledDot
}

// mailVersionLike reports "v1.2", "2.0.1": a version, not a local part.
func mailVersionLike(t string) bool {
	t = strings.TrimPrefix(t, "v")
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if (t[i] < '0' || t[i] > '9') && t[i] != '.' {
			return false
		}
	}
	return true
}

// mailFileLike reports a file name: "setup.py", "logo.ai".
func mailFileLike(t string) bool {
	k := strings.LastIndexByte(t, '.')
	return k > 0 && mailFileExts[t[k+1:]]
}

// mailDomainLike reports a token that reads as a domain ("studio.design",
// "asp.net") rather than a local part.
func mailDomainLike(t string) bool {
	k := strings.LastIndexByte(t, '.')
	if k <= 0 || strings.ContainsRune(t, '_') {
		return false
	}
	last := t[k+1:]
	for i := 0; i < len(last); i++ {
		if last[i] < 'a' || last[i] > 'z' {
			return false
		}
	}
	return isTLD(last)
}

// addrLike reports whether the token t looks like the local part of an
// address given on its own ("piotr.nowak84", "jovana_petrovic"): 3 to 64
// letters and digits with '.', '_' or a digit among them, starting with a
// letter; not a version, a file name or an abbreviation ("e.g").
func addrLike(t string) bool {
	if len(t) < 4 || len(t) > mailMaxLocal {
		return false
	}
	letters, sep, digit := 0, false, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
			digit = true
		case c == '.' || c == '_':
			sep = true
		case c == '-' || c == '+':
		default:
			return false
		}
	}
	if t[0] < 'a' || t[0] > 'z' || letters < 3 || !sep && !digit {
		return false
	}
	last := t[len(t)-1]
	if !(last >= 'a' && last <= 'z' || last >= '0' && last <= '9') || strings.Contains(t, "..") {
		return false
	}
	if mailVersionLike(t) || mailFileLike(t) {
		return false
	}
	// Abbreviations: every dot-separated part a single letter.
	long := false
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
		if len(p) > 1 {
			long = true
		}
	}
	return long
}

// reversed reports an address written backwards ("moc.liamg@amil.ana"),
// read from the token around the '@' at v.S[p] whose local part starts
// at ls. The reversed reading must end in a delegated TLD and name a mail
// provider, or the text must say it is backwards.
func (e *emailScan) reversed(v *normalize.Text, ls, p int) bool {
	S := v.S
	j := p + 1
	for j < len(S) && j-p <= mailMaxDomain && (isWordByte(S[j]) || S[j] == '.' || S[j] == '-' || S[j] == '_') {
		j++
	}
	for j > p+1 && S[j-1] == '.' {
		j--
	}
	mailTok := S[ls:j]
	if len(mailTok) < 6 || strings.Count(mailTok, "@") != 1 {
		return false
	}
	for i := 0; i < len(mailTok); i++ {
		if mailTok[i] >= utf8.RuneSelf {
			return false
		}
	}
	rb := []byte(mailTok)
	for x, y := 0, len(rb)-1; x < y; x, y = x+1, y-1 {
		rb[x], rb[y] = rb[y], rb[x]
	}
	rt := normalize.Fold(string(rb))
	at := strings.IndexByte(rt.S, '@')
	rs, local, ok := mailLocalPart(rt, at, markLiteral)
	if !ok || rs != 0 {
		return false
	}
	a, ok := mailDomainPart(rt, at+1, markLiteral)
	if !ok || a.j != len(rt.S) || a.unknownTLD || a.ipLiteral {
		return false
	}
	if !a.provider && !e.backwardsCue() {
		return false
	}
	a.local = local
	e.add(v, ls, j, Finding{Kind: Email, Value: a.value(), Confidence: 0.8, Rule: "email.reversed", Disguised: true})
	return true
}

// backwardsCue reports, once per scan, whether the text says something is
// written backwards.
func (e *emailScan) backwardsCue() bool {
	if e.backCue == 0 {
		e.backCue = 2
		for _, w := range mailBackwardsCues {
			if strings.Contains(e.s.fold.Lower, w) {
				e.backCue = 1
				break
			}
		}
	}
	return e.backCue == 1
}

// legend applies a legend that assigns '@' and '.' to other symbols
// ("lucas ferreira 07 🌀 gmail 🔹 com (🌀 = @, 🔹 = .)"): the symbols are
// replaced and the address read again, its local part taking in the
// words before it.
func (e *emailScan) legend() {
	f := e.s.fold
	S := f.S
	subst := map[string]byte{}
	var legendAt [][2]int
	for i := 0; i < len(S) && len(legendAt) < 8; {
		k := strings.IndexAny(S[i:], "=:")
		if k < 0 {
			break
		}
		p := i + k
		i = p + 1
		q := p + 1
		for q < len(S) && q-p < 4 && S[q] == ' ' {
			q++
		}
		if q >= len(S) || S[q] != '@' && S[q] != '.' {
			continue
		}
		if q+1 < len(S) && isWordByte(S[q+1]) {
			continue // "x=@name", "a:.b"
		}
		r := p
		for r > 0 && p-r < 4 && S[r-1] == ' ' {
			r--
		}
		sym, a := legendSymbolBefore(S, r)
		if sym == "" {
			continue
		}
		subst[sym] = S[q]
		legendAt = append(legendAt, [2]int{a, q + 1})
	}
	hasAt := false
	for _, c := range subst {
		hasAt = hasAt || c == '@'
	}
	if !hasAt {
		return
	}
	b := normalize.NewBuilder(f)
	inLegend := func(i int) bool {
		for _, l := range legendAt {
			if i >= l[0] && i < l[1] {
				return true
			}
		}
		return false
	}
	pending := -1
	for i := 0; i < len(S); {
		if S[i] == ' ' {
			if pending < 0 {
				pending = i
			}
			i++
			continue
		}
		if !inLegend(i) {
			if sym, n := legendSymbolAt(S, i, subst); n > 0 {
				if pending >= 0 {
					b.Skip(pending, i)
					pending = -1
				}
				b.Emit(string(sym), i, i+n)
				i += n
				for i < len(S) && S[i] == ' ' {
					b.Skip(i, i+1)
					i++
				}
				continue
			}
		}
		if pending >= 0 {
			b.Keep(pending, i)
			pending = -1
		}
		_, n := utf8.DecodeRuneInString(S[i:])
		b.Keep(i, i+n)
		i += n
	}
	if pending >= 0 {
		b.Keep(pending, len(S))
	}
	v := b.Text()
	for i := 0; i < len(v.S); {
		k := strings.IndexByte(v.S[i:], '@')
		if k < 0 {
			return
		}
		p := i + k
		i = p + 1
		if atMarkOf(v, p) == markLiteral {
			continue
		}
		ls, local, ok := mailLocalPart(v, p, markWord)
		if !ok {
			continue
		}
		a, ok := mailDomainPart(v, p+1, markWord)
		if !ok || a.unknownTLD {
			continue
		}
		// The local part may be spaced words: "lucas ferreira 07".
		ls = mailExtendWords(v.S, ls, 3)
		local = strings.ReplaceAll(v.S[ls:p], " ", "")
		if !mailSpelledLocalOK(local) {
			continue
		}
		a.i, a.local = ls, local
		e.add(v, ls, a.j, Finding{Kind: Email, Value: a.value(), Confidence: 0.8, Rule: "email.legend", Disguised: true})
	}
}

// legendSymbolBefore returns the run of one to three symbol runes (emoji,
// pictographs) ending at S[r], and where it starts.
func legendSymbolBefore(S string, r int) (string, int) {
	a, n := r, 0
	for a > 0 && n < 3 {
		q, size := utf8.DecodeLastRuneInString(S[:a])
		if !legendSymbolRune(q) {
			break
		}
		a -= size
		n++
	}
	if n == 0 {
		return "", 0
	}
	return S[a:r], a
}

// legendSymbolRune reports an emoji or other pictograph, used in legends.
func legendSymbolRune(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.IsSymbol(r) || unicode.Is(unicode.Co, r)) || r == '*' || r == '#' || r == '~' || r == '^'
}

// legendSymbolAt returns the symbol of subst starting at S[i] and its length.
func legendSymbolAt(S string, i int, subst map[string]byte) (byte, int) {
	for sym, c := range subst {
		if strings.HasPrefix(S[i:], sym) {
			return c, len(sym)
		}
	}
	return 0, 0
}

// mailExtendWords extends a local part starting at S[ls] over up to n
// single-space-separated words before it, stopping at punctuation and at
// common words.
func mailExtendWords(S string, ls, n int) int {
	for ; n > 0; n-- {
		if ls < 2 || S[ls-1] != ' ' {
			break
		}
		a := ls - 1
		for a > 0 && ls-1-a < 32 {
			r, size := utf8.DecodeLastRuneInString(S[:a])
			if !mailSpelledLocalChar(r) {
				break
			}
			a -= size
		}
		w := strings.ToLower(S[a : ls-1])
		if w == "" || atCommonWords[w] || mailIsCue(w) {
			break
		}
		ls = a
	}
	return ls
}

func mailIsCue(w string) bool {
	for _, c := range emailCueWords {
		if w == c {
			return true
		}
	}
	return false
}

// mailSpelledLocalOK checks a local part assembled from words.
func mailSpelledLocalOK(l string) bool {
	l = strings.ToLower(l)
	return l != "" && len(l) <= mailMaxLocal && !atCommonWords[l] && !strings.HasPrefix(l, ".") && !strings.HasSuffix(l, ".") && !strings.Contains(l, "..")
}

// Words around a provider name written without an '@'.
var (
	// mailFillerWords may stand between an at sign and a provider: "at the
	// big G mail".
	mailFillerWords = map[string]bool{"the": true, "my": true}
	// mailNameWords stand for a local part given elsewhere: "it's just my
	// name at yahoo, piotr.nowak84".
	mailNameWords = map[string]bool{"name": true, "username": true, "handle": true, "nick": true, "nickname": true, "same": true, "usual": true, "id": true, "login": true}
	// mailPronounWords may come before "at <provider>" when the local part
	// follows: "email me at gmail: ana.lima88".
	mailPronounWords = map[string]bool{"me": true, "us": true, "it": true, "that": true, "this": true, "mine": true, "one": true}
	// mailOnWords join a local part to its provider: "ana.lima88 on gmail",
	// "piotr.nowak84 na wp.pl".
	mailOnWords = map[string]bool{"on": true, "in": true, "at": true, "na": true, "на": true, "в": true, "em": true, "en": true, "su": true, "auf": true, "sur": true, "w": true, "di": true, "pe": true, "trên": true, "a": true, "à": true}
	// mailIsWords link a provider to the local part that follows: "my gmail
	// is ana.lima88", "google mail: jovana_petrovic".
	mailIsWords = map[string]bool{"is": true, "es": true, "é": true, "est": true, "ist": true, "jest": true, "to": true, "это": true, "adalah": true, "hai": true, "là": true,
		"id": true, "address": true, "addr": true, "adres": true, "adresim": true, "adresse": true, "dirección": true, "direccion": true,
		"endereço": true, "endereco": true, "indirizzo": true, "account": true, "acc": true, "username": true, "user": true, "handle": true,
		"email": true, "e-mail": true, "mail": true, "here": true}
	// mailThenWords join two words into one local part: "thandi then nkosi".
	mailThenWords = map[string]bool{"then": true, "+": true, "plus": true}
)

// mailAtWordSet holds the one-word spelled at signs.
var mailAtWordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range atWords {
		if !strings.Contains(w, " ") {
			m[w] = true
		}
	}
	return m
}()

// mailTokChar reports whether r may be part of a token of the provider pass:
// letters, digits and the characters of local parts and domains.
func mailTokChar(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isWordByte(c) || c == '.' || c == '_' || c == '-' || c == '+'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// Bounds of the provider pass.
const (
	mailMaxGap   = 24  // bytes between two tokens
	mailMaxTok   = 80  // bytes of one token
	mailHintBack = 160 // bytes searched before a provider for its local part
	mailHintFwd  = 120 // and after it
)

// mailTok is a token of the provider pass: L[a:b], and the bytes between it
// and the token it was found from.
type mailTok struct {
	a, b int
	gap  string
	ok   bool
}

// mailTokenBefore returns the token before L[i], skipping up to mailMaxGap bytes.
// A '.' or '-' ending a token belongs to the gap (a full stop, a dash).
func mailTokenBefore(L string, i int) mailTok {
	j := i
	for j > 0 && i-j <= mailMaxGap {
		r, n := utf8.DecodeLastRuneInString(L[:j])
		if mailTokChar(r) && r != '.' && r != '-' {
			break
		}
		j -= n
	}
	if j == 0 || i-j > mailMaxGap {
		return mailTok{}
	}
	b := j
	for j > 0 && b-j <= mailMaxTok {
		r, n := utf8.DecodeLastRuneInString(L[:j])
		if !mailTokChar(r) {
			break
		}
		j -= n
	}
	if b-j > mailMaxTok {
		return mailTok{}
	}
	a := j
	for a < b && (L[a] == '.' || L[a] == '-') {
		a++
	}
	if a == b {
		return mailTok{}
	}
	return mailTok{a, b, L[b:i], true}
}

// mailTokenAfter returns the token after L[i], skipping up to mailMaxGap bytes.
func mailTokenAfter(L string, i int) mailTok {
	j := i
	for j < len(L) && j-i <= mailMaxGap {
		r, n := utf8.DecodeRuneInString(L[j:])
		if mailTokChar(r) && r != '.' && r != '-' {
			break
		}
		j += n
	}
	if j >= len(L) || j-i > mailMaxGap {
		return mailTok{}
	}
	a := j
	for j < len(L) && j-a <= mailMaxTok {
		r, n := utf8.DecodeRuneInString(L[j:])
		if !mailTokChar(r) {
			break
		}
		j += n
	}
	if j-a > mailMaxTok {
		return mailTok{}
	}
	b := j
	for b > a && (L[b-1] == '.' || L[b-1] == '-') {
		b--
	}
	if a == b {
		return mailTok{}
	}
	return mailTok{a, b, L[i:a], true}
}

// onlyBytesOf reports whether every byte of s is in set.
func onlyBytesOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// providers finds the provider names of the most disguise-undoing view
// built and reads the address each may belong to. With no provider name
// seen by the prefilter (only "mail", as in "google mail") it looks at the
// words "mail" alone.
func (e *emailScan) providers(all bool) {
	v := e.s.spelled
	if v == nil {
		v = e.s.collapsed
	}
	if v == nil {
		v = e.s.fold
	}
	L := v.Lower
	if !all {
		for i := 0; i < len(L); {
			k := strings.Index(L[i:], "mail")
			if k < 0 {
				return
			}
			a := i + k
			i = a + 4
			if (a == 0 || !mailTokCharBefore(L, a)) && (i == len(L) || !mailTokCharAt(L, i) || L[i] == '.' && (i+1 == len(L) || !mailTokCharAt(L, i+1))) {
				e.providerToken(v, a, i)
			}
		}
		return
	}
	for i := 0; i < len(L); {
		r, n := utf8.DecodeRuneInString(L[i:])
		if !mailTokChar(r) || r == '.' || r == '-' {
			i += n
			continue
		}
		a := i
		var seen uint8 // tokLetter, tokDigit, tokOther: what the token holds
		for i < len(L) {
			if c := L[i]; c < utf8.RuneSelf {
				switch {
				case c >= '0' && c <= '9':
					seen |= tokDigit
				case isWordByte(c):
					seen |= tokLetter
				case c == '.' || c == '_' || c == '-' || c == '+':
					seen |= tokOther
				default:
					goto end
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(L[i:])
			if !mailTokChar(r) {
				break
			}
			seen |= tokLetter
			i += n
		}
	end:
		b := i
		for b > a && (L[b-1] == '.' || L[b-1] == '-') {
			b--
		}
		// A plain word or number is looked at only when it is a
		// provider's name; the other tokens may be domains or
		// leetspeak ("gm4il"), which providerToken works out.
		if b-a <= mailMaxTok && (seen&tokOther != 0 || seen == tokLetter|tokDigit || L[a:b] == "mail" || e.s.isKeyword(L[a:b], kwProvider)) && !e.domainFound(v, a, b) {
			e.providerToken(v, a, b)
		}
	}
}

// What a token holds, for providers.
const (
	tokLetter uint8 = 1 << iota
	tokDigit
	tokOther
)

func mailTokCharAt(L string, i int) bool {
	r, _ := utf8.DecodeRuneInString(L[i:])
	return mailTokChar(r)
}

func mailTokCharBefore(L string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(L[:i])
	return mailTokChar(r)
}

// providerToken looks at the token L[a:b] of view v and, if it names a
// mail provider, reads the address around it.
func (e *emailScan) providerToken(v *normalize.Text, a, b int) {
	L := v.Lower
	t := L[a:b]
	first := t
	if k := strings.IndexByte(t, '.'); k >= 0 {
		first = t[:k]
	}
	if _, known := providerByName[first]; !known && first != "mail" && !mailDomainSet[t] && !strings.ContainsAny(t, "0123456789-") {
		return
	}
	domain, implied, ok := providerDomain(t)
	if !ok && t == "mail" {
		a, domain, ok = mailPhrase(L, a)
		implied = true
	}
	if !ok && t != "" && strings.ContainsAny(t, "0123456789") {
		if w, lok := unLeet(t); lok {
			domain, implied, ok = providerDomain(w)
		}
	}
	if !ok {
		return
	}
	if implied {
		if w, te, wok := mailTLDAfterSpace(L, b); wok && isTLD(w) && (strings.HasSuffix(domain, "."+w) || mailCommonTLDs[w]) {
			domain, implied, b = domain[:strings.IndexByte(domain, '.')]+"."+w, false, te
		}
	}
	prev := mailTokenBefore(L, a)
	if prev.ok && mailFillerWords[L[prev.a:prev.b]] && onlyBytesOf(prev.gap, " ") {
		if p2 := mailTokenBefore(L, prev.a); p2.ok {
			prev = p2
		}
	}
	if prev.ok && strings.Contains(prev.gap, "\n") && e.split(v, prev, a, b, domain) {
		return
	}
	if prev.ok && strings.HasSuffix(strings.TrimRight(prev.gap, " "), "@") || prev.ok && mailAtWordSet[L[prev.a:prev.b]] && onlyBytesOf(prev.gap, " \n") {
		e.afterAt(v, prev, a, b, domain, implied)
		return
	}
	if e.split(v, prev, a, b, domain) {
		return
	}
	if e.forward(v, prev, a, b, domain) {
		return
	}
	e.onProvider(v, prev, a, b, domain)
}

// providerDomain returns the domain a token names: a provider's name
// ("gmail", implied), its domain ("hotmail.com", "yahoo.co.uk") or a
// provider known by domain ("mail.ru").
func providerDomain(t string) (domain string, implied, ok bool) {
	if mailDomainSet[t] {
		return t, false, true
	}
	labels := strings.Split(t, ".")
	p, ok := providerByName[labels[0]]
	if !ok {
		if t == "g-mail" {
			return "gmail.com", true, true
		}
		return "", false, false
	}
	if len(labels) == 1 {
		if p.weak {
			return "", false, false
		}
		return p.domain, true, true
	}
	if !mailProviderSuffix(labels[1:]) {
		return "", false, false
	}
	return t, false, true
}

// mailPhrase reads a provider named in words ending in "mail" at L[a:]:
// "google mail", "g mail", "the big G mail", "yahoo mail", "hot mail".
func mailPhrase(L string, a int) (int, string, bool) {
	p := mailTokenBefore(L, a)
	if !p.ok || !onlyBytesOf(p.gap, " ") {
		return a, "", false
	}
	switch L[p.a:p.b] {
	case "google":
		return p.a, "gmail.com", true
	case "yahoo":
		return p.a, "yahoo.com", true
	case "hot":
		return p.a, "hotmail.com", true
	case "g":
		if q := mailTokenBefore(L, p.a); q.ok && onlyBytesOf(q.gap, " ") && L[q.a:q.b] == "big" {
			return q.a, "gmail.com", true
		}
		return p.a, "gmail.com", true
	}
	return a, "", false
}

// afterAt reads the address of a provider L[a:b] after an at sign (prev
// is the token before the at sign when the gap holds '@', or the at word
// itself): "first.last at the big G mail", "no dots, at gmail" with the
// local part given elsewhere.
func (e *emailScan) afterAt(v *normalize.Text, prev mailTok, a, b int, domain string, implied bool) {
	L := v.Lower
	var (
		mark      atMark
		markStart int
		local     mailTok // the token before the at sign
		adjacent  bool    // nothing but spaces between it and the at sign
	)
	if k := strings.IndexByte(prev.gap, '@'); k >= 0 {
		markStart = prev.b + k
		mark = atMarkOf(v, markStart)
		local = prev
		adjacent = onlyBytesOf(prev.gap[:k], " \n")
	} else {
		markStart = prev.a
		mark = markWord
		if L[prev.a:prev.b] == "at" {
			mark = markAmbiguous
		}
		local = mailTokenBefore(L, prev.a)
		adjacent = local.ok && onlyBytesOf(local.gap, " \n")
	}
	if mark == markLiteral {
		return // read by atSigns
	}
	if local.ok && adjacent {
		ls, l, ok := mailLocalPart(v, local.b, mark)
		if ok && ls == local.a {
			ad := mailAddr{i: ls, j: b, local: l, domain: domain, completed: implied, provider: true}
			if mailPlausible(v, ad, mark) {
				e.report(v, ad, mark)
				return
			}
		}
	}
	// The local part is elsewhere: only after a name word ("my name at
	// yahoo"), or after a pronoun or punctuation in a message about email.
	before := ""
	if local.ok && adjacent {
		before = L[local.a:local.b]
	}
	if mailNameWords[before] || (before == "" || mailPronounWords[before]) && e.s.has(kwEmailCue) {
		e.hint(v, markStart, b, domain)
	}
}

// hint searches near a provider named after an at sign (v.S[m:pe]) for
// the local part given separately: a token that looks like one
// ("piotr.nowak84"), or two words joined by "then" ("thandi then nkosi").
func (e *emailScan) hint(v *normalize.Text, m, pe int, domain string) {
	L := v.Lower
	lo, hi := max(0, m-mailHintBack), min(len(L), pe+mailHintFwd)
	for lo > 0 && !utf8.RuneStart(L[lo]) {
		lo++
	}
	best, bestDist := mailTok{}, -1
	bestLocal := ""
	var prev [2]mailTok // the two tokens before the current one
	for i := lo; i < hi; {
		t := mailTokenAfter(L, i)
		if !t.ok || t.a >= hi {
			break
		}
		i = t.b
		if t.a == lo && lo > 0 && mailTokChar(rune(L[lo-1])) {
			continue // started inside a token
		}
		if t.b > m && t.a < pe {
			prev = [2]mailTok{}
			continue
		}
		w := L[t.a:t.b]
		dist := m - t.b
		if t.a >= pe {
			dist = t.a - pe
		}
		cand, local := mailTok{}, ""
		if addrLike(w) && !mailDomainLike(w) && e.freeToken(v, t) {
			cand, local = t, w
		}
		if p1, p0 := prev[1], prev[0]; p1.ok && p0.ok && mailThenWords[L[p1.a:p1.b]] && nameLikeWord(L[p0.a:p0.b]) && nameLikeWord(w) &&
			onlyBytesOf(p1.gap, " ") && onlyBytesOf(t.gap, " ") {
			cand, local = mailTok{a: p0.a, b: t.b, ok: true}, L[p0.a:p0.b]+w
		}
		if cand.ok && (bestDist < 0 || dist < bestDist) {
			best, bestDist, bestLocal = cand, dist, local
		}
		prev = [2]mailTok{prev[1], t}
	}
	if !best.ok {
		return
	}
	i, j := min(best.a, m), max(best.b, pe)
	e.add(v, i, j, Finding{Kind: Email, Value: bestLocal + "@" + domain, Confidence: 0.7, Rule: "email.hint", Disguised: true})
}

// nameLikeWord reports a word of 2 to 20 letters that is not a common word:
// a name.
func nameLikeWord(w string) bool {
	if len(w) < 2 || len(w) > 20 || atCommonWords[w] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// freeToken reports whether the token t stands on its own: not part of an
// address already found, a path or a mention, and not followed by '@'.
func (e *emailScan) freeToken(v *normalize.Text, t mailTok) bool {
	L := v.Lower
	if t.a > 0 {
		switch L[t.a-1] {
		case '@':
			if atMarkOf(v, t.a-1) == markLiteral {
				return false // a mention
			}
		case '/', '#', '\\', '$':
			return false
		}
	}
	if t.b < len(L) && (L[t.b] == '@' || L[t.b] == '/') {
		return false
	}
	a, b := v.Span(t.a, t.b)
	return !e.overlapsFound(a, b)
}

// split reads a local part ending one line (or message) and a provider
// starting the next: "sofia.gomez.ilustra" then "hotmail.com",
// "piotr.nowak84" then "na wp.pl", "nguyen.lan.dev\ngmail com".
func (e *emailScan) split(v *normalize.Text, prev mailTok, a, b int, domain string) bool {
	L := v.Lower
	if !lineEnds(L, b) {
		return false
	}
	if prev.ok && !strings.Contains(prev.gap, "\n") && mailOnWords[L[prev.a:prev.b]] && onlyBytesOf(prev.gap, " ") {
		prev = mailTokenBefore(L, prev.a)
	}
	if !prev.ok || !strings.Contains(prev.gap, "\n") || !onlyBytesOf(prev.gap, " \t\r\n,;:@") {
		return false
	}
	w := L[prev.a:prev.b]
	if !addrLike(w) || !e.freeToken(v, prev) {
		return false
	}
	if prev.a > 0 && !onlyBytesOf(L[prev.a-1:prev.a], " \t\n(\"'<:,") {
		return false
	}
	e.add(v, prev.a, b, Finding{Kind: Email, Value: w + "@" + domain, Confidence: 0.7, Rule: "email.split", Disguised: true})
	return true
}

// lineEnds reports whether only closing punctuation follows L[b] up to
// the end of its line.
func lineEnds(L string, b int) bool {
	for k := b; k < len(L) && k-b < mailMaxGap; k++ {
		switch L[k] {
		case '\n':
			return true
		case ' ', '\t', '\r', '.', '!', ',', ';', ')':
		default:
			return false
		}
	}
	return len(L)-b < mailMaxGap
}

// forward reads "my gmail is ana.lima88", "google mail: jovana_petrovic":
// a provider, linking words or punctuation, then the local part.
func (e *emailScan) forward(v *normalize.Text, prev mailTok, a, b int, domain string) bool {
	L := v.Lower
	if prev.ok && strings.HasSuffix(prev.gap, "@") {
		return false
	}
	links := 0
	i := b
	for n := 0; n < 4; n++ {
		t := mailTokenAfter(L, i)
		if !t.ok {
			return false
		}
		gap := strings.TrimSpace(t.gap)
		if !onlyBytesOf(t.gap, " \n:=->→–—") && gap != "→" && gap != "–" && gap != "—" && gap != "->" {
			return false
		}
		if gap != "" {
			links++
		}
		w := L[t.a:t.b]
		if mailIsWords[w] {
			links++
			i = t.b
			continue
		}
		if links == 0 || !addrLike(w) || mailDomainLike(w) || !e.freeToken(v, t) {
			return false
		}
		if t.b+1 < len(L) && L[t.b] == '.' && isWordByte(L[t.b+1]) {
			return false
		}
		e.add(v, a, t.b, Finding{Kind: Email, Value: w + "@" + domain, Confidence: 0.7, Rule: "email.hint", Disguised: true})
		return true
	}
	return false
}

// onProvider reads "ana.lima88 on gmail" and "ana.lima88 (gmail)": a
// local part, a joining word or a bracket, and the provider ending the
// sentence.
func (e *emailScan) onProvider(v *normalize.Text, prev mailTok, a, b int, domain string) {
	L := v.Lower
	if !prev.ok {
		return
	}
	l := prev
	switch {
	case strings.TrimSpace(prev.gap) == "(" && b < len(L) && L[b] == ')':
		b++
	case mailOnWords[L[prev.a:prev.b]] && onlyBytesOf(prev.gap, " ") && lineEnds(L, b):
		if l = mailTokenBefore(L, prev.a); !l.ok || !onlyBytesOf(l.gap, " ") {
			return
		}
	default:
		return
	}
	w := L[l.a:l.b]
	if !addrLike(w) || mailDomainLike(w) || !e.freeToken(v, l) {
		return
	}
	if l.a > 0 && !onlyBytesOf(L[l.a-1:l.a], " \t\n(\"'<:,@") {
		return
	}
	e.add(v, l.a, b, Finding{Kind: Email, Value: w + "@" + domain, Confidence: 0.7, Rule: "email.hint", Disguised: true})
}
