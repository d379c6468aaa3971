package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Meeting links without a link: a bare Google Meet code next to meeting
// words, a Zoom meeting ID after "Meeting ID", and a Zoom link whose ID
// is typed in groups ("zoom.us/j/845 1234 5679").

// meetContextWords say that a bare Meet code is a meeting code.
var meetContextWords = []string{
	"meet", "meeting", "code", "código", "codigo", "réunion", "reunion", "reunión", "reunião", "riunione",
	"besprechung", "spotkani", "toplantı", "встреч", "созвон", "код", "call", "join", "google", "kod",
	"lien", "enlace", "link", "رمز", "اجتماع",
}

// zoomIDCues announce a Zoom meeting ID ("Meeting ID: 845 2231 9076").
var zoomIDCues = []string{
	"meeting id", "zoom id", "webinar id", "meeting-id", "id de reunión", "id de la reunión", "id da reunião",
	"id de réunion", "id réunion", "id der besprechung", "id spotkania", "toplantı kimliği", "идентификатор конференции",
}

// isZoomHost reports a Zoom host: zoom.us and its regional subdomains
// ("us06web.zoom.us").
func isZoomHost(h string) bool {
	h = strings.ToLower(h)
	return hostIs(h, "zoom.us") || hostIs(h, "zoom.com") || hostIs(h, "zoomgov.com")
}

// extendZoomID extends a Zoom "/j/" link over the rest of an ID typed in
// groups: "zoom.us/j/845 1234 5679". Zoom IDs have 9 to 11 digits.
func extendZoomID(S string, l link) link {
	if !isZoomHost(l.host) || len(l.rest) < 4 || !strings.EqualFold(l.rest[:3], "/j/") {
		return l
	}
	id := l.rest[3:]
	n := len(id)
	if n == 0 || n >= 9 || strings.Trim(id, "0123456789") != "" {
		return l
	}
	e := l.end
	var b strings.Builder
	b.WriteString(id)
	for n < 11 && e+1 < len(S) && S[e] == ' ' && isDigit(S[e+1]) {
		k := e + 1
		for k < len(S) && isDigit(S[k]) {
			k++
		}
		if n+k-(e+1) > 11 {
			break
		}
		b.WriteString(S[e+1 : k])
		n += k - (e + 1)
		e = k
	}
	if e == l.end || n < 9 || e < len(S) && isWordByte(S[e]) {
		return l
	}
	l.rest = l.rest[:3] + b.String()
	l.end = e
	return l
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// findMeetCodes finds bare Google Meet codes and Zoom meeting IDs in the
// folded text.
func findMeetCodes(s *scan) {
	if !s.d.wants(MeetingLink) {
		return
	}
	t := s.fold
	L := t.Lower
	// Meet codes: "abc-defg-hij".
	for i := 0; i < len(L) && s.sig.hyphen; {
		j := strings.IndexByte(L[i:], '-')
		if j < 0 {
			break
		}
		p := i + j
		i = p + 1
		a := p - 3
		if a < 0 || p+9 > len(L) || L[p+5] != '-' {
			continue
		}
		code := L[a : p+9]
		if !meetCodeRe.MatchString(code) || !codeBoundary(L, a, p+9) {
			continue
		}
		parts := strings.Split(code, "-")
		common := 0
		for _, pt := range parts {
			if sentenceWords[pt] || len(pt) == 4 && sentenceWords[pt[:3]] {
				common++
			}
		}
		if common >= 2 || !contextNear(L, a, p+9, meetContextWords) {
			continue
		}
		// The original must read the code as typed, not a folded lookalike of
		// something else.
		s.add(t, a, p+9, Finding{Kind: MeetingLink, Value: "https://meet.google.com/" + code, Confidence: 0.85, Rule: "link.meeting.google_meet_code"})
		i = p + 9
	}
	// Zoom meeting IDs after a cue. Every cue holds one of three anchors:
	// the text is read once for each anchor, and the cues are compared
	// where it occurs, rather than read once for each cue.
	if s.sig.digits < 9 || !s.has(kwMeeting) {
		return
	}
	for _, a := range zoomIDAnchors {
		for i := 0; i < len(L); {
			j := strings.Index(L[i:], a.anchor)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(a.anchor)
			for _, c := range a.cues {
				start := at - c.offset
				if start < 0 || start+len(c.cue) > len(L) || L[start:start+len(c.cue)] != c.cue {
					continue
				}
				p := start + len(c.cue)
				k := p
				for k < len(L) && k-p < 4 && (L[k] == ' ' || L[k] == ':' || L[k] == '#' || L[k] == '-') {
					k++
				}
				e, digits := digitGroups(L, k)
				if len(digits) < 9 || len(digits) > 11 {
					continue
				}
				s.add(t, k, e, Finding{Kind: MeetingLink, Value: "https://zoom.us/j/" + digits, Confidence: 0.8, Rule: "link.meeting.zoom_id"})
			}
		}
	}
}

// zoomIDAnchor is a string every cue of a group holds.
type zoomIDAnchor struct {
	anchor string
	cues   []zoomIDCue
}

// zoomIDCue is a cue and where its anchor starts in it.
type zoomIDCue struct {
	cue    string
	offset int
}

// zoomIDAnchors groups zoomIDCues by the first of "id", "kimli" and
// "идентиф" each holds.
var zoomIDAnchors = func() []zoomIDAnchor {
	as := []zoomIDAnchor{{anchor: "id"}, {anchor: "kimli"}, {anchor: "идентиф"}}
cues:
	for _, cue := range zoomIDCues {
		for k := range as {
			if o := strings.Index(cue, as[k].anchor); o >= 0 {
				as[k].cues = append(as[k].cues, zoomIDCue{cue, o})
				continue cues
			}
		}
		panic("zoomIDCues: " + cue + " holds no anchor")
	}
	return as
}()

// digitGroups reads digits in groups separated by single spaces or dashes
// from i, and returns where they end and the digits.
func digitGroups(L string, i int) (int, string) {
	var b strings.Builder
	e := i
	for k := i; k < len(L) && b.Len() <= 12; {
		if isDigit(L[k]) {
			b.WriteByte(L[k])
			k++
			e = k
			continue
		}
		if (L[k] == ' ' || L[k] == '-') && k+1 < len(L) && isDigit(L[k+1]) && k > i {
			k++
			continue
		}
		break
	}
	if e < len(L) && isWordByte(L[e]) {
		return e, ""
	}
	return e, b.String()
}

// codeBoundary reports that L[a:b] stands alone: not inside a longer
// word, a hyphenated compound, a path or a domain.
func codeBoundary(L string, a, b int) bool {
	if a > 0 {
		c := L[a-1]
		if isWordByte(c) || c == '-' || c == '/' || c == '.' || c == '_' || c == '@' || c >= utf8.RuneSelf {
			return false
		}
	}
	if b < len(L) {
		c := L[b]
		if isWordByte(c) || c == '-' || c == '/' || c == '_' || c == '@' || c >= utf8.RuneSelf || c == '.' && b+1 < len(L) && isWordByte(L[b+1]) {
			return false
		}
	}
	return true
}

// contextNear reports one of words within 120 bytes of L[a:b].
func contextNear(L string, a, b int, words []string) bool {
	w := L[max(0, a-120):min(len(L), b+120)]
	for _, c := range words {
		if strings.Contains(w, c) {
			return true
		}
	}
	return false
}

// joinNotes tell the reader to join the words before them into one name:
// "kwame builds (one word) dot com".
var joinNotes = setOf(
	"one-word", "oneword", "together", "nospace", "nospaces", "junto", "tudojunto", "todojunto", "attaché",
	"toutattaché", "zusammen", "слитно", "bitişik", "sinespacios", "semespaço", "semespaços",
	"alloneword", "alltogether", "withoutspaces", "ohneleerzeichen", "беспробелов", "безпробелов", "однимсловом",
)

// findJoinedNames finds domains whose name is given as words followed by
// a note to join them: "kwame builds (one word) dot com",
// "kwame builds (no spaces).com".
func findJoinedNames(s *scan, v *normalize.Text) {
	L := v.Lower
	for i := 0; i < len(L); {
		j := strings.IndexByte(L[i:], ')')
		if j < 0 {
			return
		}
		c := i + j
		i = c + 1
		if l, ok := joinedNameLink(v, c); ok {
			recordLink(s, v, l)
			i = l.end
		}
	}
}

// joinedNameLink reads a joined-name domain whose note closes at c.
func joinedNameLink(v *normalize.Text, c int) (link, bool) {
	S, L := v.S, v.Lower
	lo := max(0, c-40)
	o := strings.LastIndexByte(L[lo:c], '(')
	if o < 0 {
		return link{}, false
	}
	o += lo
	note := strings.Map(func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return r
	}, L[o+1:c])
	if !joinNotes[note] {
		return link{}, false
	}
	// The dot after the note: '.', or a spelled-out dot.
	p := c + 1
	for p < len(L) && L[p] == ' ' {
		p++
	}
	switch {
	case p < len(L) && L[p] == '.':
		p++
	default:
		e := wordEnd(L, p)
		if e == p || symbolWord[L[p:e]] != '.' {
			return link{}, false
		}
		p = e
	}
	for p < len(L) && L[p] == ' ' {
		p++
	}
	// The TLD (and any second-level part) after the dot.
	e := p
	for e < len(S) && (isWordByte(S[e]) || S[e] == '.' && e+1 < len(S) && isWordByte(S[e+1])) {
		e++
	}
	if e == p {
		return link{}, false
	}
	rest := L[p:e]
	tld := rest[strings.LastIndexByte(rest, '.')+1:]
	if !tldOK(tld) || !(chatTLDs[tld] || isCountryOrIDN(tld)) {
		return link{}, false
	}
	// The words before the note, back to a common word or a cue word.
	var words []string
	k := o
	start := o
	for len(words) < 4 {
		for k > 0 && L[k-1] == ' ' {
			k--
		}
		we := k
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(L[:k])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
				break
			}
			k -= n
		}
		w := L[k:we]
		if w == "" || sentenceWords[w] || isURLCue(w) {
			break
		}
		words = append([]string{w}, words...)
		start = k
	}
	if len(words) < 2 {
		return link{}, false
	}
	host := strings.Join(words, "") + "." + rest
	if !hostTLDOK(host) {
		return link{}, false
	}
	return link{start: start, end: e, host: host, disguised: true}, true
}

func isURLCue(w string) bool {
	for _, c := range urlCueWords {
		if c == w {
			return true
		}
	}
	return false
}
