package detect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers/v2"
)

// Numbering-plan checks. A candidate with its own country code (+CC, or
// the international prefixes 00 and 011) is parsed as written; one without
// is parsed for each of the Detector's regions in order. Validity comes
// from libphonenumber's metadata; since that lags reality (new mobile
// ranges, the reserved fictional ranges such as UK 07700 900xxx, US
// 555-01xx, Australian 0491 570 xxx), a number that is only possible for
// its country counts too when the text presents it as a phone.

// phoneCandidate is what try learned about a group run.
type phoneCandidate struct {
	digits   string
	plus     bool     // written with '+' before it
	cue      bool     // a phone word or emoji near it
	spelt    bool     // number words or letters for digits
	thread   bool     // pieced together over messages
	partial  bool     // part of a longer run of groups
	disguise bool     // written in a way that hides it: emoji or odd marks between groups, digits spaced out
	groups   []int    // digits per written group
	parts    []string // the digits of each written group
	marked   bool     // groups set apart by line breaks, emoji or odd marks
	langs    []string // languages of its number words
	hints    []string // regions its cue words point to
}

// try checks gs[a:b] as one phone number and reports it when it is one.
func (p *phoneScan) try(gs []phoneGroup, a, b int, partial bool) bool {
	seg := gs[a:b]
	c := phoneCandidate{partial: partial}
	var digitBuf [32]byte
	digits := digitBuf[:0]
	// Most candidates have a few groups: their lists start in the scan's
	// buffers (a candidate does not outlive try).
	c.groups, c.parts, c.hints = p.groupBuf[:0], p.partBuf[:0], p.hintBuf[:0]
	singles := 0
	for k, g := range seg {
		digits = append(digits, g.digits...)
		c.groups = append(c.groups, len(g.digits))
		c.parts = append(c.parts, g.digits)
		if g.spelt || g.subst {
			c.spelt = true
		}
		if g.lang != "" {
			c.langs = append(c.langs, g.lang)
		}
		if k > 0 {
			sp := g.sep
			if sp.msg {
				c.thread = true
			}
			if sp.emoji > 0 || sp.unusual || sp.lines > 0 {
				c.disguise, c.marked = true, true
			}
		}
		// "4 1 5 5 5 5": digits spaced out one by one.
		if len(g.digits) == 1 && !g.spelt && (k == 0 || g.sep.spaces > 0 || g.sep.lines > 0) {
			singles++
			if singles >= 4 {
				c.disguise = true
			}
		} else {
			singles = 0
		}
	}
	c.digits = string(digits)
	if c.thread && !p.threadOK(gs, a, b) {
		return false
	}
	start := p.plusStart(seg[0].i)
	c.plus = p.hasPlus(seg[0].i)
	_, cueB, hintB := p.cueBefore(seg[0].i)
	cueA, hintA := p.cueAfter(seg[len(seg)-1].j)
	c.cue = cueB || cueA
	c.hints = append(c.hints, hintB, hintA)
	if !c.plus && !c.cue && !c.spelt && phoneNotPhoneGrouping(c.groups, seg) {
		return false
	}
	if !c.plus && !c.spelt && phonePostcodeGrouping(c.groups, seg) {
		return false
	}
	p.tries++
	num, rule, conf := p.check(&c)
	if num == nil {
		return false
	}
	f := Finding{Kind: Phone, Value: phoneE164(num), Rule: rule, Confidence: conf}
	f.Disguised = c.spelt || c.disguise || c.thread
	p.s.add(p.t, start, seg[len(seg)-1].j, f)
	return true
}

// check validates the candidate and returns the number, the rule and the
// confidence, or nil.
func (p *phoneScan) check(c *phoneCandidate) (*phonenumbers.PhoneNumber, string, float64) {
	d := c.digits
	var num *phonenumbers.PhoneNumber
	rule, conf := "", 0.0
	intl := ""
	switch {
	case c.plus:
		intl = d
	case strings.HasPrefix(d, "00") && len(d) > 2 && d[2] != '0':
		intl = d[2:] // "0044 7700 900123"
	case strings.HasPrefix(d, "011") && len(d) > 3:
		intl = d[3:] // from North America; also Delhi's area code
	}
	if intl != "" {
		if n, err := phoneParseIntl(intl); err == nil {
			nsn := phoneNSN(n)
			switch {
			case phoneNumberTypeNSN(n, nsn) != phonenumbers.UNKNOWN:
				num, rule, conf = n, "phone.intl", phoneConfIntl
			case len(intl) >= minPhoneDigits && phoneIsPossible(n) && phonePlausibleNSN(n, nsn):
				num, rule, conf = n, "phone.possible", phoneConfPossible
			}
		}
		if num == nil && (c.plus || strings.HasPrefix(d, "00")) {
			return nil, "", 0
		}
	}
	if num == nil && len(d) >= minPhoneDigits && len(d) <= 15 {
		// Groups of spelled words are not a written grouping.
		groups := c.groups
		if c.spelt {
			groups = nil
		}
		regions := p.regionsFor(c.langs, c.hints)
		// A service of one country ("Bizum", "GCash") names the region
		// outright, even one outside the Detector's list.
		var n *phonenumbers.PhoneNumber
		grouped := false
		if hr := phoneHintRegions(c.hints); len(hr) > 0 {
			n, grouped = p.national(d, groups, hr)
			// A hinted country's landline is written with its trunk
			// prefix; without it, it is more likely a number of the
			// default regions ("我的电话号码是415-666-7777").
			if n != nil && d[0] != '0' && phoneNumberType(n) != phonenumbers.MOBILE {
				n = nil
			}
		}
		if n == nil {
			n, grouped = p.national(d, groups, regions)
		}
		if n != nil && phonePlaceholder(d, c.spelt) {
			n = nil // "1111111111", "1234567890", "one two three ... ten"
		}
		if n != nil && c.spelt && !c.cue && !c.thread && len(d) <= 8 {
			// Spelled numbers carry no grouping, so a short one is read
			// only in the open plans that allow any length ("zero nine
			// one seven one two three" as a German number): like a bare
			// short run of digits, it needs a cue. Without one it is the
			// start of a longer number, maybe finished in the next
			// message.
			n = nil
		}
		if n != nil && !grouped && !c.cue && !c.spelt && !c.thread {
			switch {
			case phoneListLike(c.parts, c.marked):
				// "11 22 33 44 55 66", "5 4 5 5 4 3 5 4 5", "100 100
				// 95 98": a list of small numbers, unless the region
				// groups its numbers so or the text calls it a phone.
				n = nil
			case len(d) <= 8 || len(d) > 12:
				// Seven- and eight-digit numbers are valid somewhere in
				// most plans, and long ones in the open plans (Germany,
				// Austria); without the region's grouping or a cue
				// they are more often codes, amounts and ids.
				n = nil
			case c.partial:
				// Groups written beside it look like part of it.
				n = nil
			case len(c.groups) == 1 && len(d) < 10 && phoneNumberType(n) != phonenumbers.MOBILE:
				// A bare nine-digit run is an id more often than a
				// landline.
				n = nil
			}
		}
		if n != nil {
			num, rule, conf = n, "phone.national", phoneConfNational
			if len(c.groups) == 1 && !grouped {
				conf = phoneConfBare
			}
		} else if c.cue || c.thread {
			if n := p.possibleNational(d, groups, regions, c.spelt); n != nil {
				num, rule, conf = n, "phone.possible", phoneConfPossible
			}
		}
	}
	if num == nil {
		return nil, "", 0
	}
	if c.spelt {
		conf = min(conf, phoneConfSpelled)
		if rule != "phone.possible" {
			rule = "phone.spelled"
		}
	}
	if c.thread {
		conf = min(conf, phoneConfThread)
		if rule != "phone.possible" {
			rule = "phone.thread"
		}
	}
	return num, rule, conf
}

// national parses d for each region in order and returns the best valid
// reading: written with the region's grouping first, then mobile numbers,
// then fixed lines, then toll-free and premium ones, then the earlier
// region.
func (p *phoneScan) national(d string, groups []int, regions []string) (*phonenumbers.PhoneNumber, bool) {
	var best *phonenumbers.PhoneNumber
	bestScore := -1
	bestGrouped := false
	for _, r := range regions {
		if !phoneMayFit(d, r) {
			continue
		}
		// GetNumberType is UNKNOWN exactly when IsValidNumber is false;
		// asking once saves a second pass over the patterns. Most
		// regions' readings are invalid: they are typed from the digits
		// alone, before a number is built.
		var n *phonenumbers.PhoneNumber
		var typ phonenumbers.PhoneNumberType
		cc, nsn, fast := phoneParseNationalNSN(d, r)
		if fast {
			var ok bool
			if typ, ok = phoneTypeOfNSN(int(cc), nsn); !ok {
				n = phoneNumberOf(cc, nsn)
				typ = phoneNumberTypeNSN(n, nsn)
			}
		} else {
			var err error
			if n, err = phonenumbers.Parse(d, r); err != nil {
				continue
			}
			cc, nsn = n.GetCountryCode(), phoneNSN(n)
			typ = phoneNumberTypeNSN(n, nsn)
		}
		if typ == phonenumbers.UNKNOWN {
			continue
		}
		score := phoneTypeRank(typ)
		if score+4 <= bestScore {
			continue // not better even with the region's grouping
		}
		// Formatting is costly (libphonenumber picks the format with
		// regular expressions): asked only of a reading that can win.
		grouped := len(groups) > 1 && phoneGroupingMatchesNSN(cc, nsn, groups)
		if grouped {
			score += 4
		}
		if score > bestScore {
			if n == nil {
				n = phoneNumberOf(cc, nsn)
			}
			best, bestScore, bestGrouped = n, score, grouped
		}
		if score == 7 || (len(groups) <= 1 && score == 3) {
			break // nothing later can do better
		}
	}
	return best, bestGrouped
}

// possibleNational returns the first region's reading of d that is a
// possible number there and fits the region's numbering plan in outline,
// preferring one written with the region's grouping.
func (p *phoneScan) possibleNational(d string, groups []int, regions []string, spelt bool) *phonenumbers.PhoneNumber {
	if strings.HasPrefix(d, "00") || phonePlaceholder(d, spelt) {
		return nil
	}
	var first *phonenumbers.PhoneNumber
	for _, r := range regions {
		if !phoneMayFit(d, r) {
			continue
		}
		n, err := phoneParseNational(d, r)
		if err != nil || !phoneIsPossible(n) || !phonePlausibleNSN(n, phoneNSN(n)) {
			continue
		}
		if len(groups) > 1 && phoneGroupingMatches(n, groups) {
			return n
		}
		if first == nil {
			first = n
		}
	}
	return first
}

// regionsFor returns the Detector's regions, with first those that the
// languages of a spelled number and the hints of its cue words point to.
func (p *phoneScan) regionsFor(langs, hints []string) []string {
	all := p.s.d.regions
	var first []string
	add := func(r string) {
		if r != "" && slices.Contains(all, r) && !slices.Contains(first, r) {
			first = append(first, r)
		}
	}
	for _, h := range hints {
		add(h)
	}
	for _, l := range langs {
		for _, r := range phoneLangRegions[l] {
			add(r)
		}
	}
	if len(first) == 0 {
		return all
	}
	out := append([]string(nil), first...)
	for _, r := range all {
		if !slices.Contains(first, r) {
			out = append(out, r)
		}
	}
	return out
}

// phoneHintRegions returns the regions of hints that libphonenumber
// knows, in order.
func phoneHintRegions(hints []string) []string {
	var out []string
	for _, h := range hints {
		if h != "" && phoneSupportedRegions[h] && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// phoneSupportedRegions are the regions libphonenumber has metadata for.
var phoneSupportedRegions = phonenumbers.GetSupportedRegions()

// phoneTypeRank ranks number types: numbers people hand out first.
func phoneTypeRank(t phonenumbers.PhoneNumberType) int {
	switch t {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER:
		return 3 // what people hand out in chat
	case phonenumbers.FIXED_LINE:
		return 2
	case phonenumbers.TOLL_FREE, phonenumbers.UAN, phonenumbers.SHARED_COST:
		return 1
	}
	return 0
}

// phoneGroupingMatches reports whether the written groups are the region's own
// national grouping of n ("0491 570 156" in Australia), with or without
// the trunk prefix ("912 345-67-89" for "8 (912) 345-67-89").
func phoneGroupingMatches(n *phonenumbers.PhoneNumber, groups []int) bool {
	if n.Extension != nil {
		return phoneGroupingIs([]byte(phoneNationalFormat(n)), groups)
	}
	return phoneGroupingMatchesNSN(n.GetCountryCode(), phoneNSN(n), groups)
}

// phoneGroupingMatchesNSN is phoneGroupingMatches for the number (without
// extension) of calling code cc and national significant number nsn.
func phoneGroupingMatchesNSN(cc int32, nsn string, groups []int) bool {
	ti := phoneTypes(phonenumbers.GetRegionCodeForCountryCode(int(cc)))
	if ti == nil {
		return phoneGroupingIs([]byte(phoneNationalFormat(phoneNumberOf(cc, nsn))), groups)
	}
	var buf [64]byte
	return phoneGroupingIs(ti.appendNational(buf[:0], nsn), groups)
}

// phoneGroupingIs reports whether the written groups are those of the
// national format f, as phoneGroupingMatches lines them up.
func phoneGroupingIs(f []byte, groups []int) bool {
	var wantBuf [12]int
	want := wantBuf[:0]
	run, total := 0, 0
	for k := 0; k <= len(f); k++ {
		if k < len(f) && f[k] >= '0' && f[k] <= '9' {
			run++
			continue
		}
		if run > 0 {
			want = append(want, run)
			total += run
			run = 0
		}
	}
	written := 0
	for _, g := range groups {
		written += g
	}
	// Line up the trunk prefix: written without it, or with it where
	// the national format leaves it out ("1 415 555 0134"). Short
	// numbers must match exactly: "2050 0000" is not "02050 0000".
	if written < 9 && total != written {
		return false
	}
	switch d := total - written; {
	case d > 0 && d <= 2 && len(want) > 0:
		if want[0] -= d; want[0] == 0 {
			want = want[1:]
		} else if want[0] < 0 {
			return false
		}
	case d < 0 && d >= -2 && len(groups) > 0 && groups[0] == -d:
		groups = groups[1:]
	case d != 0:
		return false
	}
	if len(want) != len(groups) {
		return false
	}
	for k := range want {
		if want[k] != groups[k] {
			return false
		}
	}
	return true
}

// phoneRegionInfo is what the cheap pre-check needs of a region's
// metadata: its trunk prefix, the lengths of its national numbers and the
// pattern every one of them matches (libphonenumber's generalDesc).
type phoneRegionInfo struct {
	prefix  string
	lengths [20]bool
	desc    *phoneRE
	first   uint16 // digits a national number may start with (phoneFirstDigits)
	// complex regions rewrite numbers while parsing (Argentina's "15",
	// Mexico's "1", carrier codes): only Parse can read them.
	complex bool
}

// phoneRegionSlot holds a region's phoneRegionInfo, built on first use.
type phoneRegionSlot struct {
	once sync.Once
	md   *phonenumbers.PhoneMetadata
	info *phoneRegionInfo
}

// phoneRegionSlots maps every region code of the metadata to its slot:
// a plain map, read without locks once built.
var phoneRegionSlots = sync.OnceValue(func() map[string]*phoneRegionSlot {
	m := map[string]*phoneRegionSlot{}
	col, err := phonenumbers.MetadataCollection()
	if err != nil {
		return m
	}
	for _, md := range col.GetMetadata() {
		if _, dup := m[md.GetId()]; !dup {
			m[md.GetId()] = &phoneRegionSlot{md: md}
		}
	}
	return m
})

// phoneRegion returns the pre-check data of region, or nil when the
// metadata has no such region.
func phoneRegion(region string) *phoneRegionInfo {
	slot := phoneRegionSlots()[region]
	if slot == nil {
		return nil
	}
	slot.once.Do(func() { slot.info = newPhoneRegionInfo(slot.md) })
	return slot.info
}

// newPhoneRegionInfo builds the pre-check data of the region m describes.
func newPhoneRegionInfo(m *phonenumbers.PhoneMetadata) *phoneRegionInfo {
	info := &phoneRegionInfo{prefix: m.GetNationalPrefix()}
	gd := m.GetGeneralDesc()
	for _, l := range append(gd.GetPossibleLength(), gd.GetPossibleLengthLocalOnly()...) {
		if l > 0 && int(l) < len(info.lengths) {
			info.lengths[l] = true
		}
	}
	info.first = phoneAnyDigit
	if pat := gd.GetNationalNumberPattern(); pat != "" {
		info.desc, _ = compilePhoneRE("^(?:" + pat + ")$")
		info.first = phoneFirstDigits("^(?:" + pat + ")$")
	}
	npp := m.GetNationalPrefixForParsing()
	info.complex = m.GetNationalPrefixTransformRule() != "" || (npp != "" && npp != info.prefix) || info.desc == nil
	return info
}

// phoneMayFit reports whether the national digits d can be a number of
// region at all, with or without its trunk prefix, before the costly
// Parse: right length, inside the region's numbering plan.
func phoneMayFit(d, region string) bool {
	info := phoneRegion(region)
	if info == nil || info.complex {
		return true
	}
	fits := func(nsn string) bool {
		return len(nsn) < len(info.lengths) && info.lengths[len(nsn)] &&
			(nsn == "" || nsn[0] < '0' || nsn[0] > '9' || info.first&(1<<(nsn[0]-'0')) != 0) && info.desc.MatchString(nsn)
	}
	if fits(d) {
		return true
	}
	return info.prefix != "" && strings.HasPrefix(d, info.prefix) && fits(d[len(info.prefix):])
}

// phonePlausibleNSN reports whether n's national number, nsn, fits its
// region's numbering plan in outline: possible-length checks alone accept
// any digits.
func phonePlausibleNSN(n *phonenumbers.PhoneNumber, nsn string) bool {
	// Only called for numbers that failed IsValidNumber, for which
	// GetRegionCodeForNumber would try every region of the country code
	// in vain: the code's main region describes the plan.
	info := phoneRegion(phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())))
	if info == nil || info.desc == nil {
		return true
	}
	return info.desc.MatchString(nsn)
}

// phoneIsPossible reports whether phonenumbers.IsPossibleNumberWithReason(n)
// is IS_POSSIBLE. The library formats the national significant number to
// measure it; only its length matters, which is counted here.
func phoneIsPossible(n *phonenumbers.PhoneNumber) bool {
	cc := int(n.GetCountryCode())
	ti := phoneTypes(phonenumbers.GetRegionCodeForCountryCode(cc))
	if ti == nil || ti.md.GetGeneralDesc().GetNationalNumberPattern() == "" {
		// Non-geographic codes and regions without a plan.
		return phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE
	}
	fits := phoneLengthFitsN(phoneNSNLen(n), ti.md.GetGeneralDesc())
	if fits == -1 {
		return phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE
	}
	return fits == phonenumbers.IS_POSSIBLE
}

// phoneNSNLen returns len(phoneNSN(n)).
func phoneNSNLen(n *phonenumbers.PhoneNumber) int {
	l := 1
	for v := n.GetNationalNumber(); v >= 10; v /= 10 {
		l++
	}
	if n.GetItalianLeadingZero() && n.GetNumberOfLeadingZeros() > 0 {
		l += min(int(n.GetNumberOfLeadingZeros()), phoneMaxNSN)
	}
	return l
}

// plusStart returns where a number starting at view offset i begins once
// a '+' or '(' written before it is included: "+1 (312)", "(+44) 20".
func (p *phoneScan) plusStart(i int) int {
	s := p.t.S
	start := i
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch s[k] {
		case '+':
			start = k
			for k > 0 && s[k-1] == '+' { // "++1 650"
				k--
				start = k
			}
			if k > 0 && s[k-1] == '(' {
				start = k - 1
			}
			return start
		case '(':
			start = k
		case ' ':
		default:
			// "plus four four seven ...": the sign spelled out.
			if w := phonePlusWord(s[:k+1]); w > 0 {
				return k + 1 - w
			}
			return start
		}
	}
	return start
}

// phonePlusWords name the '+' of an international number.
var phonePlusWords = []string{"plus", "плюс", "más", "mais"}

// phonePlusWord returns the length of a word for '+' that s ends with, as
// a word of its own, or 0.
func phonePlusWord(s string) int {
	// Every word of phonePlusWords ends in 's' or 'с': most texts are
	// turned away before lower-casing.
	if r := unicode.ToLower(phoneLastRune(s)); r != 's' && r != 'с' {
		return 0
	}
	low := strings.ToLower(s[max(0, len(s)-8):])
	for _, w := range phonePlusWords {
		if strings.HasSuffix(low, w) {
			n := len(w)
			if n == len(s) || !phoneGlueLetter(phoneLastRune(s[:len(s)-n])) {
				return n
			}
		}
	}
	return 0
}

// phoneLastRune returns the last rune of s, or 0.
func phoneLastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// threadOK reports whether a candidate pieced over messages reads as one
// number sent in fragments: every piece but the first fills its message,
// the completing message is made of the number and a few words at most,
// and the pieces before it are not a number of their own.
func (p *phoneScan) threadOK(gs []phoneGroup, a, b int) bool {
	last := -1 // index of the group after the last message boundary
	firstCut := -1
	for k := a + 1; k < b; k++ {
		if gs[k].sep.msg {
			last = k
			if firstCut < 0 {
				firstCut = k
			}
		}
	}
	if last < 0 {
		return true
	}
	base := p.baseView()
	if gs[last].i < base {
		return false // the number ends in an earlier message
	}
	// Short joins are too easy to make by chance ("2025" then "2026").
	total := 0
	for _, g := range gs[a:b] {
		total += len(g.digits)
	}
	if total < 9 && !p.hasPlus(gs[a].i) {
		return false
	}
	// The completing message: the number's part and at most three other
	// words.
	words := 0
	var buf [4]phoneCtxWord
	for _, cw := range p.wordsAfter(gs[b-1].j, buf[:0]) {
		_ = cw
		words++
	}
	if words > 3 {
		return false
	}
	// The first piece, when it shares its message with other words,
	// carries at least three digits: "$300 for milestone 1." is not the
	// start of a number.
	n := 0
	for _, g := range gs[a:firstCut] {
		n += len(g.digits)
	}
	if n < 3 && p.msgHasWordsBefore(gs[a].i) {
		return false
	}
	// The earlier pieces are not a complete number already.
	pre := phoneCandidate{}
	for _, g := range gs[a:last] {
		pre.digits += g.digits
		pre.groups = append(pre.groups, len(g.digits))
		pre.parts = append(pre.parts, g.digits)
		pre.spelt = pre.spelt || g.spelt || g.subst
	}
	if len(pre.digits) >= minPhoneDigits && len(pre.digits) <= maxPhoneDigits {
		pre.plus = p.hasPlus(gs[a].i)
		// Judged without cues: "my number: 0917 555" is a start.
		if n, _, _ := p.check(&pre); n != nil {
			return false
		}
	}
	return true
}

// baseView returns the view offset where the current message starts.
func (p *phoneScan) baseView() int {
	if len(p.msgStarts) == 0 {
		return 0
	}
	return p.msgStarts[len(p.msgStarts)-1]
}

// msgHasWordsBefore reports whether the message holding view offset i has
// a word before i.
func (p *phoneScan) msgHasWordsBefore(i int) bool {
	s := p.t.S
	for k := i - 1; k >= 0 && k >= i-512; k-- {
		if s[k] == '\n' {
			return false
		}
		if s[k] >= 'A' && s[k] <= 'z' || s[k] >= 0x80 {
			return true
		}
	}
	return false
}

// phoneNotPhoneGrouping reports groupings that belong to other numbers:
// ZIP+4 "94105-1234" and the US Social Security Number "078-05-1120".
func phoneNotPhoneGrouping(groups []int, seg []phoneGroup) bool {
	switch {
	case len(groups) == 2 && groups[0] == 5 && groups[1] == 4 && seg[1].sep.punct == '-':
		return true
	case len(groups) == 3 && groups[0] == 3 && groups[1] == 2 && groups[2] == 4:
		return true
	}
	return false
}

// phonePostcodeGrouping reports the grouping of Brazil's postcode (CEP),
// five digits, a hyphen and three ("01310-100"): no numbering plan writes
// a phone number so, and the word before it may be a phone cue in another
// language (Turkish "cep", mobile), so a cue does not save it.
func phonePostcodeGrouping(groups []int, seg []phoneGroup) bool {
	return len(groups) == 2 && groups[0] == 5 && groups[1] == 3 && seg[1].sep.punct == '-' && seg[1].sep.npunct == 1 && seg[1].sep.spaces == 0
}

// phoneListLike reports digits written as a list of small numbers: every
// group at most two digits, or four groups or more of at most three
// digits, and none starting with the trunk prefix 0. Groups set apart by
// line breaks or emoji are a disguise, not a list.
func phoneListLike(parts []string, marked bool) bool {
	if marked || len(parts) == 0 || parts[0] == "" {
		return false
	}
	if parts[0][0] == '0' {
		return false // the trunk prefix: "0 3 3 3 1 6 0 0 5", "06 12 34 56 78"
	}
	small, short := true, len(parts) >= 4
	for _, g := range parts {
		small = small && len(g) <= 2
		short = short && len(g) <= 3 && g != "" && g[0] != '0'
	}
	return small || short
}

// Number types without libphonenumber's per-call overhead. Its
// isNumberMatchingDesc builds the "^(?:pattern)$" string of every number
// description and looks it up in a mutex-guarded cache keyed by the whole
// pattern (often kilobytes) twice per description, for up to eleven
// descriptions per region and every region of a shared country code; the
// regular expression then runs twice. phoneNumberType and phoneIsValid
// give exactly GetNumberType's and IsValidNumber's answers for geographic
// regions (the same metadata, patterns and order), with the expressions
// compiled once per region and each run once.

// phoneDescMatcher is one number description: its possible lengths and
// its pattern, anchored as libphonenumber anchors it.
type phoneDescMatcher struct {
	lengths []int32
	re      *phoneRE
	// first has bit d set when a number matching the pattern may start
	// with the digit d: a number starting with another digit is ruled
	// out without running the expression.
	first uint16
}

func newPhoneDescMatcher(d *phonenumbers.PhoneNumberDesc) phoneDescMatcher {
	pat := "^(?:" + d.GetNationalNumberPattern() + ")$"
	return phoneDescMatcher{
		lengths: d.GetPossibleLength(),
		re:      mustCompilePhoneRE(pat),
		first:   phoneFirstDigits(pat),
	}
}

// match is libphonenumber's isNumberMatchingDesc.
func (m *phoneDescMatcher) match(nsn string) bool {
	if len(m.lengths) > 0 && !slices.Contains(m.lengths, int32(len(nsn))) {
		return false
	}
	if nsn != "" && nsn[0] >= '0' && nsn[0] <= '9' && m.first&(1<<(nsn[0]-'0')) == 0 {
		return false
	}
	return m.re.MatchString(nsn)
}

// phoneAnyDigit is the first-digit set that rules nothing out.
const phoneAnyDigit = 1<<10 - 1

// phoneFirstDigits returns the digits a string matching pat can start
// with, as a bit set; phoneAnyDigit when it cannot tell or pat matches
// the empty string. Number patterns are digits, classes, groups,
// alternations and repeats, so the set is read off the syntax tree.
func phoneFirstDigits(pat string) uint16 {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return phoneAnyDigit
	}
	set, nullable := phoneFirst(re.Simplify())
	if nullable {
		// It may match the empty string: as a prefix pattern (leading
		// digits) it then matches any number.
		return phoneAnyDigit
	}
	return set
}

// phoneFirst returns the first-digit set of re and whether re can match
// the empty string.
func phoneFirst(re *syntax.Regexp) (set uint16, nullable bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpNoMatch:
		return 0, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return 0, true
		}
		if re.Flags&syntax.FoldCase != 0 {
			return phoneAnyDigit, false
		}
		return phoneRuneDigits(re.Rune[0], re.Rune[0]), false
	case syntax.OpCharClass:
		var set uint16
		for k := 0; k+1 < len(re.Rune); k += 2 {
			set |= phoneRuneDigits(re.Rune[k], re.Rune[k+1])
		}
		return set, false
	case syntax.OpCapture:
		return phoneFirst(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _ := phoneFirst(re.Sub[0])
		return set, true
	case syntax.OpPlus:
		return phoneFirst(re.Sub[0])
	case syntax.OpRepeat:
		set, null := phoneFirst(re.Sub[0])
		return set, null || re.Min == 0
	case syntax.OpConcat:
		var set uint16
		for _, sub := range re.Sub {
			s, null := phoneFirst(sub)
			set |= s
			if !null {
				return set, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		var set uint16
		nullable := false
		for _, sub := range re.Sub {
			s, null := phoneFirst(sub)
			set |= s
			nullable = nullable || null
		}
		return set, nullable
	}
	return phoneAnyDigit, true // any character, or an operator not expected here
}

// phoneRuneDigits returns the ASCII digits in the rune range [lo, hi].
func phoneRuneDigits(lo, hi rune) uint16 {
	var set uint16
	for d := rune('0'); d <= '9'; d++ {
		if lo <= d && d <= hi {
			set |= 1 << (d - '0')
		}
	}
	return set
}

// phoneTypeInfo holds the compiled descriptions of one region, in the
// order getNumberTypeHelper tries them.
type phoneTypeInfo struct {
	once     sync.Once
	md       *phonenumbers.PhoneMetadata
	leading  *phoneRE       // the region's leading digits, if any
	npp      *regexp.Regexp // its national prefix for parsing, if any
	ccDigits string         // its calling code, in digits
	nppRE    *phoneRE       // the same, for matching alone
	idd      *regexp.Regexp // its international prefix, anchored; nil when it has none
	general  phoneDescMatcher
	ordered  [8]phoneDescMatcher // premium, toll-free, shared cost, VoIP, personal, pager, UAN, voicemail
	fixed    phoneDescMatcher
	mobile   phoneDescMatcher
	same     bool // mobile and fixed-line patterns are the same
	// formats are the region's national formats, compiled on first use
	// (only a country code's main region formats its numbers).
	formatsOnce sync.Once
	formats     []phoneFormat
}

// phoneFormat is one of libphonenumber's national number formats: the
// pattern the number must match whole, its last (most detailed) leading
// digits pattern, and the replacement with the national prefix rule
// applied to the first group, as formatNsnUsingPatternWithCarrier builds
// it for NATIONAL.
type phoneFormat struct {
	whole   *phoneRE       // "^(?:pattern)$"
	pattern *regexp.Regexp // the pattern as written, for the replacement
	widths  []int          // its groups' widths, when they are fixed (phoneFormatWidths)
	leading *phoneRE       // "^(?:last leading digits)", or nil
	rule    string
	first   uint16 // digits a number of this format may start with
}

// phoneFirstGroup is libphonenumber's firstGroupPattern.
var phoneFirstGroup = regexp.MustCompile(`(\$\d)`)

func (ti *phoneTypeInfo) compileFormats() {
	for _, f := range ti.md.GetNumberFormat() {
		pf := phoneFormat{
			whole:   mustCompilePhoneRE("^(?:" + f.GetPattern() + ")$"),
			pattern: regexp.MustCompile(f.GetPattern()),
			widths:  phoneFormatWidths(f.GetPattern()),
			rule:    f.GetFormat(),
		}
		pf.first = phoneFirstDigits("^(?:" + f.GetPattern() + ")$")
		if ld := f.GetLeadingDigitsPattern(); len(ld) > 0 {
			pf.leading = mustCompilePhoneRE("^(?:" + ld[len(ld)-1] + ")")
			pf.first &= phoneFirstDigits("^(?:" + ld[len(ld)-1] + ")")
		}
		if npr := f.GetNationalPrefixFormattingRule(); npr != "" {
			if loc := phoneFirstGroup.FindStringSubmatchIndex(pf.rule); loc != nil {
				expanded := phoneFirstGroup.ExpandString(nil, npr, pf.rule, loc)
				pf.rule = pf.rule[:loc[0]] + string(expanded) + pf.rule[loc[1]:]
			}
		}
		ti.formats = append(ti.formats, pf)
	}
}

// phoneOrderedTypes are the types of phoneTypeInfo.ordered.
var phoneOrderedTypes = [8]phonenumbers.PhoneNumberType{
	phonenumbers.PREMIUM_RATE, phonenumbers.TOLL_FREE, phonenumbers.SHARED_COST, phonenumbers.VOIP,
	phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL,
}

func (ti *phoneTypeInfo) compile() {
	md := ti.md
	ti.ccDigits = strconv.Itoa(int(md.GetCountryCode()))
	if ld := md.GetLeadingDigits(); ld != "" {
		ti.leading = mustCompilePhoneRE("^(?:" + ld + ")")
	}
	if ip := md.GetInternationalPrefix(); ip != "" {
		ti.idd = regexp.MustCompile("^(?:" + ip + ")")
	}
	if npp := md.GetNationalPrefixForParsing(); npp != "" {
		ti.nppRE = mustCompilePhoneRE("^(?:" + npp + ")")
		ti.npp = ti.nppRE.re
	}
	ti.general = newPhoneDescMatcher(md.GetGeneralDesc())
	for k, d := range []*phonenumbers.PhoneNumberDesc{md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(), md.GetVoip(),
		md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail()} {
		ti.ordered[k] = newPhoneDescMatcher(d)
	}
	ti.fixed = newPhoneDescMatcher(md.GetFixedLine())
	ti.mobile = newPhoneDescMatcher(md.GetMobile())
	ti.same = md.GetSameMobileAndFixedLinePattern()
}

// phoneTypeInfos maps every geographic region code to its (lazily
// compiled) descriptions.
var phoneTypeInfos = sync.OnceValue(func() map[string]*phoneTypeInfo {
	m := map[string]*phoneTypeInfo{}
	col, err := phonenumbers.MetadataCollection()
	if err != nil {
		return m
	}
	for _, md := range col.GetMetadata() {
		if id := md.GetId(); id != "" && id != "001" && phonenumbers.GetSupportedRegions()[id] {
			m[id] = &phoneTypeInfo{md: md}
		}
	}
	return m
})

// phoneTypes returns the compiled descriptions of region, or nil.
func phoneTypes(region string) *phoneTypeInfo {
	ti := phoneTypeInfos()[region]
	if ti != nil {
		ti.ready()
	}
	return ti
}

// ready compiles ti's descriptions on first use and returns ti.
func (ti *phoneTypeInfo) ready() *phoneTypeInfo {
	ti.once.Do(ti.compile)
	return ti
}

// numberType is libphonenumber's getNumberTypeHelper.
func (ti *phoneTypeInfo) numberType(nsn string) phonenumbers.PhoneNumberType {
	if !ti.general.match(nsn) {
		return phonenumbers.UNKNOWN
	}
	for k := range ti.ordered {
		if ti.ordered[k].match(nsn) {
			return phoneOrderedTypes[k]
		}
	}
	if ti.fixed.match(nsn) {
		if ti.same || ti.mobile.match(nsn) {
			return phonenumbers.FIXED_LINE_OR_MOBILE
		}
		return phonenumbers.FIXED_LINE
	}
	if !ti.same && ti.mobile.match(nsn) {
		return phonenumbers.MOBILE
	}
	return phonenumbers.UNKNOWN
}

// phoneNumberType returns phonenumbers.GetNumberType(n): the type in the
// region the number belongs to (the first of its country code's regions
// whose leading digits or patterns it fits), UNKNOWN exactly when the
// number is not valid.
func phoneNumberType(n *phonenumbers.PhoneNumber) phonenumbers.PhoneNumberType {
	return phoneNumberTypeNSN(n, "")
}

// phoneNumberTypeNSN is phoneNumberType for a number whose national
// significant number, phoneNSN(n), the caller has at hand ("" when not).
func phoneNumberTypeNSN(n *phonenumbers.PhoneNumber, nsn string) phonenumbers.PhoneNumberType {
	cc := int(n.GetCountryCode())
	if ci := phoneCountry(cc); len(ci.regions) > 0 && !ci.geographic {
		return phonenumbers.GetNumberType(n) // non-geographic codes: rare
	}
	if nsn == "" {
		nsn = phoneNSN(n)
	}
	t, _ := phoneTypeOfNSN(cc, nsn)
	return t
}

// phoneTypeOfNSN is phoneNumberType for the number of calling code cc
// and national significant number nsn. It reports false, and UNKNOWN,
// for a non-geographic code, whose type only the library can tell.
func phoneTypeOfNSN(cc int, nsn string) (phonenumbers.PhoneNumberType, bool) {
	ci := phoneCountry(cc)
	if len(ci.regions) == 0 {
		return phonenumbers.UNKNOWN, true
	}
	if !ci.geographic {
		return phonenumbers.UNKNOWN, false
	}
	if len(ci.regions) == 1 {
		return ci.regions[0].ready().numberType(nsn), true
	}
	for _, ti := range ci.regions {
		ti.ready()
		if ti.leading != nil {
			if ti.leading.MatchString(nsn) {
				return ti.numberType(nsn), true
			}
			continue
		}
		if t := ti.numberType(nsn); t != phonenumbers.UNKNOWN {
			return t, true
		}
	}
	return phonenumbers.UNKNOWN, true
}

// phoneCountryInfo is what phoneNumberType needs of a country calling
// code: the descriptions of its regions in the library's order, and
// whether every region is geographic (has descriptions).
type phoneCountryInfo struct {
	regions    []*phoneTypeInfo
	geographic bool
}

// phoneCountries caches phoneCountryInfo by calling code (at most three
// digits): the look-ups of the code's regions, and of each region's
// descriptions by name, are made once rather than for every number.
var phoneCountries [1000]atomic.Pointer[phoneCountryInfo]

// phoneCountry returns the regions of calling code cc.
func phoneCountry(cc int) *phoneCountryInfo {
	if cc >= 0 && cc < len(phoneCountries) {
		if ci := phoneCountries[cc].Load(); ci != nil {
			return ci
		}
	}
	ci := &phoneCountryInfo{geographic: true}
	for _, r := range phonenumbers.GetRegionCodesForCountryCode(cc) {
		ti := phoneTypeInfos()[r]
		if ti == nil {
			ci.geographic = false
		}
		ci.regions = append(ci.regions, ti)
	}
	if cc >= 0 && cc < len(phoneCountries) {
		phoneCountries[cc].Store(ci)
	}
	return ci
}

// phoneIsValid returns phonenumbers.IsValidNumber(n).
func phoneIsValid(n *phonenumbers.PhoneNumber) bool {
	return phoneNumberType(n) != phonenumbers.UNKNOWN
}

// phoneParseIntl returns phonenumbers.Parse("+"+d, "ZZ") for the digits d.
// Parse runs several regular expressions over its input (viability,
// extensions, punctuation) that a string of ASCII digits cannot need; in
// the common case (a known country code, a national number the region's
// national prefix does not start) the result is built here, and every
// other case is left to Parse.
func phoneParseIntl(d string) (*phonenumbers.PhoneNumber, error) {
	if n, ok := phoneParseIntlFast(d); ok {
		return n, nil
	}
	return phonenumbers.Parse("+"+d, "ZZ")
}

// phoneParseIntlFast is the fast path of phoneParseIntl, following
// libphonenumber's parseHelper: extractCountryCode takes the shortest
// leading 1-3 digits that are a calling code; the national prefix is
// stripped only where the region's pattern for it matches (left to
// Parse); the national number is 2 to 17 digits; a leading zero is kept
// as the Italian leading zero.
func phoneParseIntlFast(d string) (*phonenumbers.PhoneNumber, bool) {
	if len(d) <= 2 || len(d) > 20 || d[0] == '0' {
		return nil, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return nil, false
		}
	}
	cc, nsn := 0, ""
	for i := 1; i <= 3; i++ {
		v := phoneAtoi(d[:i])
		if len(phonenumbers.GetRegionCodesForCountryCode(v)) > 0 {
			cc, nsn = v, d[i:]
			break
		}
	}
	if cc == 0 || len(nsn) < 2 || len(nsn) > 17 {
		return nil, false
	}
	ti := phoneTypes(phonenumbers.GetRegionCodeForCountryCode(cc))
	if ti == nil || ti.nppRE != nil && ti.nppRE.MatchString(nsn) {
		return nil, false // non-geographic codes, or a national prefix to strip
	}
	var v uint64
	for i := 0; i < len(nsn); i++ {
		v = v*10 + uint64(nsn[i]-'0')
	}
	n := newPhoneNumber(int32(cc), v)
	phoneItalianZeros(n, nsn)
	return n, true
}

// phoneNumberBox holds a parsed number and the fields its pointers point
// to, so that the number costs one allocation rather than three.
type phoneNumberBox struct {
	n  phonenumbers.PhoneNumber
	cc int32
	v  uint64
}

// newPhoneNumber returns the number of country code cc and national
// number v.
func newPhoneNumber(cc int32, v uint64) *phonenumbers.PhoneNumber {
	b := &phoneNumberBox{cc: cc, v: v}
	b.n.CountryCode, b.n.NationalNumber = &b.cc, &b.v
	return &b.n
}

// phoneParseNational returns phonenumbers.Parse(d, region) for the digits
// d. As for phoneParseIntl, the common case is built here, following
// parseHelper: no international prefix and no country code at the start
// (those cases are left to Parse), then the national prefix stripped when
// the region's pattern for it matches, unless that turns a number of the
// region's shape into one that is not, or leaves a length the region
// does not use. Regions that rewrite the prefix (a transform rule) are
// left to Parse.
func phoneParseNational(d, region string) (*phonenumbers.PhoneNumber, error) {
	if n, ok := phoneParseNationalFast(d, region); ok {
		return n, nil
	}
	return phonenumbers.Parse(d, region)
}

func phoneParseNationalFast(d, region string) (*phonenumbers.PhoneNumber, bool) {
	cc, nsn, ok := phoneParseNationalNSN(d, region)
	if !ok {
		return nil, false
	}
	return phoneNumberOf(cc, nsn), true
}

// phoneParseNationalNSN is phoneParseNationalFast without building the
// number: its calling code and national significant number (a part of
// d), which is what phoneNSN returns for the number phoneNumberOf builds
// of them. It allocates nothing, so a region whose reading turns out
// invalid costs no number.
func phoneParseNationalNSN(d, region string) (int32, string, bool) {
	if len(d) < 3 || len(d) > 17 {
		return 0, "", false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, "", false
		}
	}
	ti := phoneTypes(region)
	if ti == nil || ti.idd == nil || ti.idd.MatchString(d) {
		return 0, "", false // an international prefix: left to Parse
	}
	cc := ti.md.GetCountryCode()
	nsn := d
	// maybeExtractCountryCode: the region's own country code written
	// without '+' is dropped when that makes the number fit the plan,
	// or when the digits are too long without it.
	if ccs := ti.ccDigits; strings.HasPrefix(d, ccs) {
		pn, _ := phoneStripNational(ti, d[len(ccs):])
		fits := phoneLengthFits(d, ti.md.GetGeneralDesc())
		if fits == -1 {
			return 0, "", false
		}
		if !ti.general.re.MatchString(d) && ti.general.re.MatchString(pn) || fits == phonenumbers.TOO_LONG {
			nsn = pn
			if main := phonenumbers.GetRegionCodeForCountryCode(int(cc)); main != region {
				if ti = phoneTypes(main); ti == nil {
					return 0, "", false
				}
			}
		}
	}
	if len(nsn) < 2 {
		return 0, "", false
	}
	if cand, ok := phoneStripNational(ti, nsn); ok {
		switch phoneLengthFits(cand, ti.md.GetGeneralDesc()) {
		case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH:
		case -1:
			return 0, "", false
		default:
			nsn = cand
		}
	}
	if len(nsn) < 2 || len(nsn) > 17 {
		return 0, "", false
	}
	return cc, nsn, true
}

// phoneNumberOf returns the number of calling code cc whose national
// significant number is the 2 to 17 digits nsn.
func phoneNumberOf(cc int32, nsn string) *phonenumbers.PhoneNumber {
	var v uint64
	for i := 0; i < len(nsn); i++ {
		v = v*10 + uint64(nsn[i]-'0')
	}
	n := newPhoneNumber(cc, v)
	phoneItalianZeros(n, nsn)
	return n
}

// phoneStripNational is libphonenumber's
// maybeStripNationalPrefixAndCarrierCode: the national prefix (and a
// carrier code) matched at the start of x is removed, or rewritten by the
// region's transform rule, unless x fits the region's plan and the result
// does not. It returns the result and whether x was changed.
func phoneStripNational(ti *phoneTypeInfo, x string) (string, bool) {
	if x == "" || ti.npp == nil || !ti.nppRE.MatchString(x) {
		return x, false
	}
	g := ti.npp.FindStringSubmatchIndex(x)
	if g == nil {
		return x, false
	}
	viable := ti.general.re.MatchString(x)
	out := ""
	if tr := ti.md.GetNationalPrefixTransformRule(); tr == "" || g[len(g)-2] < 0 {
		out = x[g[1]:]
	} else {
		out = ti.npp.ReplaceAllString(x, tr)
	}
	if viable && !ti.general.re.MatchString(out) {
		return x, false
	}
	return out, true
}

// phoneLengthFits is libphonenumber's testNumberLength for the general
// description, or -1 when the description has no lengths.
func phoneLengthFits(nsn string, gd *phonenumbers.PhoneNumberDesc) phonenumbers.ValidationResult {
	return phoneLengthFitsN(len(nsn), gd)
}

// phoneLengthFitsN is phoneLengthFits for a number of length digits.
func phoneLengthFitsN(length int, gd *phonenumbers.PhoneNumberDesc) phonenumbers.ValidationResult {
	lengths := gd.GetPossibleLength()
	if len(lengths) == 0 {
		return -1
	}
	if lengths[0] == -1 {
		return phonenumbers.INVALID_LENGTH
	}
	n := int32(length)
	if slices.Contains(gd.GetPossibleLengthLocalOnly(), n) {
		return phonenumbers.IS_POSSIBLE_LOCAL_ONLY
	}
	switch {
	case lengths[0] == n:
		return phonenumbers.IS_POSSIBLE
	case lengths[0] > n:
		return phonenumbers.TOO_SHORT
	case lengths[len(lengths)-1] < n:
		return phonenumbers.TOO_LONG
	case slices.Contains(lengths[1:], n):
		return phonenumbers.IS_POSSIBLE
	}
	return phonenumbers.INVALID_LENGTH
}

// phoneItalianZeros records the leading zeros of the national number nsn
// as libphonenumber's setItalianLeadingZerosForPhoneNumber does.
func phoneItalianZeros(n *phonenumbers.PhoneNumber, nsn string) {
	if len(nsn) < 2 || nsn[0] != '0' {
		return
	}
	italian := true
	n.ItalianLeadingZero = &italian
	zeros := 1
	for zeros < len(nsn)-1 && nsn[zeros] == '0' {
		zeros++
	}
	if zeros != 1 {
		z := int32(zeros)
		n.NumberOfLeadingZeros = &z
	}
}

// phoneMaxNSN is libphonenumber's maxLengthForNSN, which bounds the
// leading zeros GetNationalSignificantNumber writes.
const phoneMaxNSN = 17

// phoneNSN returns phonenumbers.GetNationalSignificantNumber(n): the
// Italian leading zeros, then the national number. The library builds it
// in three buffers; this is one allocation.
func phoneNSN(n *phonenumbers.PhoneNumber) string {
	var buf [phoneMaxNSN + 20]byte
	b := buf[:0]
	if n.GetItalianLeadingZero() && n.GetNumberOfLeadingZeros() > 0 {
		for z := min(int(n.GetNumberOfLeadingZeros()), phoneMaxNSN); z > 0; z-- {
			b = append(b, '0')
		}
	}
	b = strconv.AppendUint(b, n.GetNationalNumber(), 10)
	return string(b)
}

// phoneE164 returns phonenumbers.Format(n, phonenumbers.E164): '+', the
// country code and the national significant number.
func phoneE164(n *phonenumbers.PhoneNumber) string {
	if n.GetNationalNumber() == 0 && n.GetRawInput() != "" {
		return phonenumbers.Format(n, phonenumbers.E164) // kept raw input: never made here
	}
	var buf [phoneMaxNSN + 32]byte
	b := append(buf[:0], '+')
	b = strconv.AppendInt(b, int64(n.GetCountryCode()), 10)
	if n.GetItalianLeadingZero() && n.GetNumberOfLeadingZeros() > 0 {
		for z := min(int(n.GetNumberOfLeadingZeros()), phoneMaxNSN); z > 0; z-- {
			b = append(b, '0')
		}
	}
	b = strconv.AppendUint(b, n.GetNationalNumber(), 10)
	return string(b)
}

// phoneNationalFormat returns phonenumbers.Format(n, NATIONAL) (n has no
// extension: parsed from digits). Format picks the format with regular
// expressions compiled through a cache keyed by whole patterns, rebuilt
// as strings on every call; here they are compiled once per region.
func phoneNationalFormat(n *phonenumbers.PhoneNumber) string {
	cc := int(n.GetCountryCode())
	ti := phoneTypes(phonenumbers.GetRegionCodeForCountryCode(cc))
	if ti == nil || n.Extension != nil {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	var buf [64]byte
	return string(ti.appendNational(buf[:0], phoneNSN(n)))
}

// appendNational appends to b the national format of the national
// significant number nsn in ti's region, as phoneNationalFormat.
func (ti *phoneTypeInfo) appendNational(b []byte, nsn string) []byte {
	ti.formatsOnce.Do(ti.compileFormats)
	for k := range ti.formats {
		f := &ti.formats[k]
		if nsn != "" && nsn[0] >= '0' && nsn[0] <= '9' && f.first&(1<<(nsn[0]-'0')) == 0 {
			continue
		}
		if f.leading != nil && !f.leading.MatchString(nsn) || !f.whole.MatchString(nsn) {
			continue
		}
		if len(f.widths) > 0 {
			// The pattern is groups of fixed widths, and matches nsn
			// whole: its one match, and its groups, are known.
			var mbuf [2 + 2*phoneMaxFormatGroups]int
			match := mbuf[:2+2*len(f.widths)]
			at := 0
			for g, w := range f.widths {
				match[2+2*g], match[3+2*g] = at, at+w
				at += w
			}
			if at == len(nsn) {
				match[1] = at
				return f.pattern.ExpandString(b, f.rule, nsn, match)
			}
		}
		return append(b, f.pattern.ReplaceAllString(nsn, f.rule)...)
	}
	return append(b, nsn...)
}

// phoneMaxFormatGroups bounds the groups of a format read by widths.
const phoneMaxFormatGroups = 8

// phoneFormatWidths returns the widths of the groups of a format's
// pattern when it is nothing but a run of capturing groups, each of a
// fixed width and with no group inside ("(\d{3})(\d{3})(\d{4})"), or nil.
func phoneFormatWidths(pat string) []int {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	if len(subs) > phoneMaxFormatGroups {
		return nil
	}
	var widths []int
	for k, sub := range subs {
		if sub.Op != syntax.OpCapture || sub.Cap != k+1 {
			return nil
		}
		w, ok := phoneFixedWidth(sub.Sub[0])
		if !ok || w == 0 {
			return nil
		}
		widths = append(widths, w)
	}
	return widths
}

// phoneFixedWidth returns the width in bytes of every match of re, a
// pattern over ASCII digits, and whether all its matches have that one
// width; a group inside makes it false.
func phoneFixedWidth(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return 0, true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return 0, false
			}
		}
		return len(re.Rune), true
	case syntax.OpCharClass:
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return 0, false
			}
		}
		return 1, true
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			w, ok := phoneFixedWidth(s)
			if !ok {
				return 0, false
			}
			total += w
		}
		return total, true
	case syntax.OpAlternate:
		first := -1
		for _, s := range re.Sub {
			w, ok := phoneFixedWidth(s)
			if !ok || first >= 0 && w != first {
				return 0, false
			}
			first = w
		}
		return first, first >= 0
	case syntax.OpRepeat:
		if re.Min != re.Max {
			return 0, false
		}
		w, ok := phoneFixedWidth(re.Sub[0])
		return w * re.Min, ok
	}
	return 0, false
}
