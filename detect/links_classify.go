package detect

import (
	"net/url"
	"regexp"
	"strings"
)

// linkClass is what a link is: its kind, rule id and normalised value.
type linkClass struct {
	kind  Kind
	rule  string
	value string
}

// Link classification by host and path. Meeting and scheduling pages are
// meeting_link, profile and chat links of messaging and social services
// are handle (Value "app:id"), outside payment pages are payment_account
// (Value "app:id"), and every other link is url (Value the canonical URL).
// A service's home page or a page that names no one ("zoom.us",
// "whatsapp.com", "t.me/share") is a url.

// meetCodeRe is a Google Meet code: three, four and three letters
// ("abc-defg-hij").
var meetCodeRe = regexp.MustCompile(`^[a-z]{3}-[a-z]{4}-[a-z]{3}$`)

// Account names as the services allow them, lower-cased before matching.
var (
	telegramNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]{3,31}$`)           // Telegram: 5-32, we accept 4 for old names
	twitterNameRe  = regexp.MustCompile(`^[a-z0-9_]{1,30}$`)                // X/Twitter: 15 today, longer legacy and typo'd names
	instaNameRe    = regexp.MustCompile(`^[a-z0-9_.]{1,30}$`)               // Instagram
	profileNameRe  = regexp.MustCompile(`^[\pL\pN_.\-%]{2,100}$`)           // LinkedIn, Facebook, Venmo ...
	digitsRe       = regexp.MustCompile(`^\+?[0-9]{6,15}$`)                 // a phone number in E.164 digits
	inviteRe       = regexp.MustCompile(`^[A-Za-z0-9_\-+]{2,64}$`)          // invite codes
	cashtagRe      = regexp.MustCompile(`^\$[A-Za-z][A-Za-z0-9_\-]{0,20}$`) // Cash App $cashtag
)

// Service pages that name no one: a link there is a url.
var (
	facebookNonProfile  = setOf("sharer sharer.php share share.php dialog groups events pages watch marketplace help policies login login.php photo photo.php photos story.php permalink.php hashtag gaming ads business privacy terms legal careers plugins tr l.php search home.php reel reels stories video.php videos fundraisers notes")
	instagramNonProfile = setOf("p reel reels tv explore stories accounts about developer legal direct web")
	twitterNonProfile   = setOf("i intent search hashtag home share explore settings login signup tos privacy messages notifications compose logout")
	venmoNonProfile     = setOf("about legal signup login business account pay request send help support blog careers u")
	telegramNonProfile  = setOf("share addstickers addemoji proxy socks iv setlanguage addtheme login")
	calendlyNonProfile  = setOf("app pricing blog features login signup about integrations resources help")
	slackNonWorkspace   = setOf("www app api status slack get my edgeapi files hooks join wss-primary")
)

// knownHost reports whether h (lower-case) is a service host the
// classifier knows, or a subdomain of one, so that a bare link to it is
// never mistaken for a file or a sentence ("cal.com", "wa.me", "cash.app",
// "t.me").
func knownHost(h string) bool {
	for {
		if knownHostSet[h] {
			return true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			return false
		}
		h = h[i+1:]
	}
}

var knownHostSet = setOf(strings.Join(knownHosts, " "))

// knownHosts are the hosts classify has rules for, and a few sites often
// linked bare.
var knownHosts = []string{
	"zoom.us", "zoom.com", "zoomgov.com", "meet.google.com", "calendar.app.google", "calendar.google.com",
	"teams.microsoft.com", "teams.live.com", "webex.com", "whereby.com", "meet.jit.si", "8x8.vc",
	"calendly.com", "cal.com", "join.skype.com", "gotomeeting.com", "meet.goto.com", "bluejeans.com",
	"chime.aws", "meetings.hubspot.com", "tidycal.com", "savvycal.com", "zcal.co", "youcanbook.me",
	"hangouts.google.com", "meet.zoho.com",
	"g.co", "wa.me", "wa.link", "ig.me", "whatsapp.com", "t.me", "telegram.me", "telegram.dog", "m.me", "messenger.com",
	"linkedin.com", "lnkd.in", "facebook.com", "fb.com", "fb.me", "instagram.com", "instagr.am",
	"twitter.com", "x.com", "discord.gg", "discord.com", "discordapp.com", "slack.com", "line.me",
	"lin.ee", "snapchat.com", "tiktok.com", "threads.net", "signal.me", "signal.group", "u.wechat.com",
	"open.kakao.com", "vk.com", "vk.me", "matrix.to", "bsky.app", "bsky.social",
	"paypal.me", "paypal.com", "cash.app", "cash.me", "venmo.com", "wise.com", "revolut.me", "monzo.me",
	"buymeacoffee.com", "ko-fi.com", "patreon.com", "buy.stripe.com", "paystack.com", "razorpay.me",
}

// defaultPlatformHosts are the marketplace's own domains: a link there (a
// profile, a job post, a contract) keeps the conversation on the platform
// and is not a finding. Options.PlatformNames that look like domains
// ("acme.io") are added.
var defaultPlatformHosts = []string{"upwork.com"}

// onPlatform reports whether h is one of hosts or under one.
func onPlatform(h string, hosts []string) bool {
	for _, d := range hosts {
		if hostIs(h, d) {
			return true
		}
	}
	return false
}

// hostIs reports whether h is d or a subdomain of d.
func hostIs(h, d string) bool {
	n := len(h) - len(d)
	return n >= 0 && h[n:] == d && (n == 0 || h[n-1] == '.')
}

// classify returns what the link l is, or false when it is not a link
// worth reporting.
func classify(l link, platformHosts []string) (linkClass, bool) {
	if l.opaque != "" {
		return classifyOpaque(l)
	}
	host := strings.ToLower(strings.TrimSuffix(l.host, "."))
	h := strings.TrimPrefix(host, "www.")
	pathOnly, query, _ := splitRest(l.rest)
	var segs []string
	for _, sg := range strings.Split(pathOnly, "/") {
		if sg != "" {
			segs = append(segs, sg)
		}
	}
	seg := func(i int) string {
		if i < len(segs) {
			return segs[i]
		}
		return ""
	}
	lseg := func(i int) string { return strings.ToLower(seg(i)) }
	var qv url.Values
	q := func(k string) string {
		if qv == nil {
			// ParseQuery keeps the pairs it could parse when others are malformed.
			qv, _ = url.ParseQuery(query)
		}
		return qv.Get(k)
	}
	canon := canonicalURL(l)
	meeting := func(name string) (linkClass, bool) {
		return linkClass{MeetingLink, "link.meeting." + name, canon}, true
	}
	handle := func(app, id string) (linkClass, bool) {
		return linkClass{Handle, "link.handle." + app, app + ":" + id}, true
	}
	payment := func(app, id string) (linkClass, bool) {
		return linkClass{PaymentAccount, "link.payment." + app, app + ":" + id}, true
	}
	plain := func() (linkClass, bool) {
		rule := "link.url"
		switch {
		case l.scheme != "":
			rule = "link.url.scheme"
		case l.www:
			rule = "link.url.www"
		default:
			rule = "link.url.bare"
		}
		return linkClass{URL, rule, canon}, true
	}

	switch l.scheme {
	case "zoommtg", "zoomus":
		return meeting("zoom")
	case "msteams":
		return meeting("teams")
	case "viber":
		if n := q("number"); n != "" {
			return handle("viber", phoneDigits(n))
		}
		return linkClass{}, false
	case "tg":
		switch {
		case q("domain") != "":
			return handle("telegram", strings.ToLower(q("domain")))
		case q("phone") != "":
			return handle("telegram", phoneDigits(q("phone")))
		case q("invite") != "":
			return handle("telegram", "+"+q("invite"))
		case q("to") != "":
			return handle("telegram", phoneDigits(q("to")))
		}
		return linkClass{}, false
	case "whatsapp":
		if p := q("phone"); p != "" {
			return handle("whatsapp", phoneDigits(p))
		}
		return linkClass{}, false
	case "weixin":
		return handle("wechat", strings.TrimPrefix(pathOnly, "/"))
	case "fb-messenger":
		if id := seg(0); id != "" {
			return handle("messenger", id)
		}
		return linkClass{}, false
	case "skype":
		if h != "" {
			return handle("skype", h)
		}
		return linkClass{}, false
	case "line":
		if lseg(0) == "ti" || lseg(1) == "p" {
			if id := seg(len(segs) - 1); id != "" {
				return handle("line", strings.ToLower(id))
			}
		}
		return linkClass{}, false
	}
	if appSchemes[l.scheme] && !strings.Contains(h, ".") {
		return linkClass{}, false
	}
	if onPlatform(h, platformHosts) {
		return linkClass{}, false
	}
	if !knownHost(h) {
		return plain()
	}

	switch {
	// Meetings and scheduling pages.
	case hostIs(h, "zoom.us") || hostIs(h, "zoom.com") || hostIs(h, "zoomgov.com"):
		switch lseg(0) {
		case "j", "my", "s", "w", "wc", "webinar", "meeting":
			if seg(1) != "" {
				return meeting("zoom")
			}
		case "join":
			if q("confno") != "" {
				return meeting("zoom")
			}
		}
	case h == "meet.google.com":
		if meetCodeRe.MatchString(lseg(0)) || lseg(0) == "lookup" && seg(1) != "" {
			return meeting("google_meet")
		}
	case h == "g.co":
		// Google's short links: g.co/meet/abc-defg-hij.
		if lseg(0) == "meet" && meetCodeRe.MatchString(lseg(1)) {
			return meeting("google_meet")
		}
	case h == "calendar.app.google":
		if seg(0) != "" {
			return meeting("google_calendar")
		}
	case h == "calendar.google.com":
		if strings.Contains(strings.ToLower(pathOnly), "/appointments/") || strings.Contains(strings.ToLower(pathOnly), "/schedules/") {
			return meeting("google_calendar")
		}
	case h == "teams.microsoft.com":
		if lseg(0) == "l" && lseg(1) == "meetup-join" || lseg(0) == "meet" && seg(1) != "" {
			return meeting("teams")
		}
	case h == "teams.live.com":
		if lseg(0) == "meet" && seg(1) != "" {
			return meeting("teams")
		}
	case hostIs(h, "webex.com"):
		lp := strings.ToLower(pathOnly)
		if strings.Contains(lp, "/meet/") || strings.Contains(lp, "/join/") || strings.Contains(lp, "j.php") ||
			strings.Contains(lp, "/joinservice/") {
			return meeting("webex")
		}
	case hostIs(h, "whereby.com"):
		if seg(0) != "" && lseg(0) != "information" && lseg(0) != "user" {
			return meeting("whereby")
		}
	case h == "meet.jit.si" || h == "8x8.vc":
		if seg(0) != "" {
			return meeting("jitsi")
		}
	case hostIs(h, "calendly.com"):
		if seg(0) != "" && !calendlyNonProfile[lseg(0)] {
			return meeting("calendly")
		}
	case h == "cal.com" || h == "app.cal.com":
		if seg(0) != "" && !calendlyNonProfile[lseg(0)] {
			return meeting("cal_com")
		}
	case h == "join.skype.com":
		if seg(0) != "" {
			return meeting("skype")
		}
	case hostIs(h, "gotomeeting.com") || h == "meet.goto.com":
		if seg(0) != "" {
			return meeting("goto")
		}
	case hostIs(h, "bluejeans.com") || hostIs(h, "chime.aws") || h == "meet.zoho.com":
		if seg(0) != "" {
			return meeting(strings.SplitN(h, ".", 2)[0])
		}
	case h == "meetings.hubspot.com" || h == "tidycal.com" || h == "savvycal.com" || h == "zcal.co":
		if seg(0) != "" {
			return meeting("booking")
		}
	case hostIs(h, "youcanbook.me"):
		if h != "youcanbook.me" {
			return meeting("booking")
		}
	case h == "hangouts.google.com":
		if lseg(0) == "call" || lseg(0) == "hangouts" {
			return meeting("hangouts")
		}

	// Messaging and social accounts.
	case h == "wa.me":
		if digitsRe.MatchString(seg(0)) {
			return handle("whatsapp", phoneDigits(seg(0)))
		}
		if lseg(0) == "message" && seg(1) != "" {
			return handle("whatsapp", "message/"+seg(1))
		}
	case h == "wa.link":
		// A third-party short link that opens a WhatsApp chat.
		if inviteRe.MatchString(seg(0)) {
			return handle("whatsapp", "wa.link/"+seg(0))
		}
	case h == "ig.me":
		// Instagram's direct-message link: ig.me/m/<name>.
		if lseg(0) == "m" && instaNameRe.MatchString(lseg(1)) {
			return handle("instagram", lseg(1))
		}
	case h == "chat.whatsapp.com":
		if inviteRe.MatchString(seg(0)) {
			return handle("whatsapp", "group/"+seg(0))
		}
	case hostIs(h, "whatsapp.com"):
		if p := q("phone"); p != "" && digitsRe.MatchString(strings.TrimPrefix(phoneDigits(p), "+")) {
			return handle("whatsapp", phoneDigits(p))
		}
		if lseg(0) == "channel" && seg(1) != "" {
			return handle("whatsapp", "channel/"+seg(1))
		}
	case h == "t.me" || h == "telegram.me" || h == "telegram.dog":
		name := lseg(0)
		switch {
		case name == "joinchat" && seg(1) != "":
			return handle("telegram", "+"+seg(1))
		case strings.HasPrefix(seg(0), "+") && len(seg(0)) > 1:
			if digitsRe.MatchString(seg(0)) {
				return handle("telegram", seg(0))
			}
			return handle("telegram", seg(0))
		case name == "s" && telegramNameRe.MatchString(lseg(1)):
			return handle("telegram", lseg(1))
		case telegramNameRe.MatchString(name) && !telegramNonProfile[name]:
			return handle("telegram", name)
		}
	case h == "m.me" || h == "messenger.com":
		id := seg(0)
		if h == "messenger.com" {
			id = ""
			if lseg(0) == "t" {
				id = seg(1)
			}
		}
		if id != "" {
			return handle("messenger", strings.ToLower(id))
		}
	case hostIs(h, "linkedin.com"):
		if (lseg(0) == "in" || lseg(0) == "pub") && profileNameRe.MatchString(seg(1)) {
			return handle("linkedin", strings.ToLower(seg(1)))
		}
	case hostIs(h, "facebook.com") || h == "fb.com" || h == "fb.me":
		switch {
		case lseg(0) == "profile.php" && q("id") != "":
			return handle("facebook", q("id"))
		case lseg(0) == "people" && seg(2) != "":
			return handle("facebook", seg(2))
		case lseg(0) == "messages" && lseg(1) == "t" && seg(2) != "":
			return handle("facebook", seg(2))
		case seg(0) != "" && !facebookNonProfile[lseg(0)] && profileNameRe.MatchString(seg(0)) && !strings.Contains(lseg(0), ".php"):
			return handle("facebook", lseg(0))
		}
	case h == "instagram.com" || h == "instagr.am":
		if name := lseg(0); name != "" && !instagramNonProfile[name] && instaNameRe.MatchString(name) {
			return handle("instagram", name)
		}
	case h == "twitter.com" || h == "x.com" || h == "mobile.twitter.com":
		if name := strings.TrimPrefix(lseg(0), "@"); name != "" && !twitterNonProfile[name] && twitterNameRe.MatchString(name) {
			return handle("twitter", name)
		}
	case h == "discord.gg":
		if inviteRe.MatchString(seg(0)) {
			return handle("discord", "invite/"+seg(0))
		}
	case h == "discord.com" || h == "discordapp.com":
		switch {
		case lseg(0) == "invite" && inviteRe.MatchString(seg(1)):
			return handle("discord", "invite/"+seg(1))
		case lseg(0) == "users" && seg(1) != "":
			return handle("discord", seg(1))
		}
	case h == "join.slack.com":
		if lseg(0) == "t" && seg(1) != "" {
			return handle("slack", strings.ToLower(seg(1)))
		}
	case strings.HasSuffix(h, ".slack.com"):
		ws := strings.TrimSuffix(h, ".slack.com")
		if !strings.Contains(ws, ".") && !slackNonWorkspace[ws] {
			return handle("slack", ws)
		}
	case h == "line.me":
		for i := 0; i+2 < len(segs)+1; i++ {
			if lseg(i) == "ti" && lseg(i+1) == "p" && seg(i+2) != "" {
				return handle("line", strings.ToLower(strings.TrimPrefix(seg(i+2), "~")))
			}
		}
	case h == "lin.ee":
		if seg(0) != "" {
			return handle("line", seg(0))
		}
	case hostIs(h, "snapchat.com"):
		if lseg(0) == "add" && seg(1) != "" {
			return handle("snapchat", lseg(1))
		}
	case hostIs(h, "tiktok.com"):
		if strings.HasPrefix(seg(0), "@") && len(seg(0)) > 1 {
			return handle("tiktok", strings.ToLower(seg(0)[1:]))
		}
	case h == "bsky.app":
		// Bluesky profile pages: bsky.app/profile/<handle>.
		if lseg(0) == "profile" && seg(1) != "" {
			return handle("bluesky", lseg(1))
		}
	case strings.HasSuffix(h, ".bsky.social"):
		// A Bluesky handle is a domain name; the default ones are
		// "<name>.bsky.social", an account by itself.
		if name := strings.TrimSuffix(h, ".bsky.social"); name != "" && !strings.Contains(name, ".") {
			return handle("bluesky", h)
		}
	case h == "threads.net":
		if strings.HasPrefix(seg(0), "@") && len(seg(0)) > 1 {
			return handle("threads", strings.ToLower(seg(0)[1:]))
		}
	case h == "signal.me" || h == "signal.group":
		if _, _, frag := splitRest(l.rest); frag != "" {
			return handle("signal", frag)
		}
	case h == "u.wechat.com":
		if seg(0) != "" {
			return handle("wechat", seg(0))
		}
	case h == "open.kakao.com":
		if seg(0) != "" && seg(1) != "" {
			return handle("kakao", seg(0)+"/"+seg(1))
		}
	case h == "vk.com" || h == "vk.me":
		if name := lseg(0); name != "" && profileNameRe.MatchString(name) && !strings.Contains(name, ".") {
			return handle("vk", name)
		}
	case h == "matrix.to":
		if _, _, frag := splitRest(l.rest); strings.HasPrefix(frag, "/@") || strings.HasPrefix(frag, "/#") {
			return handle("matrix", frag[1:])
		}

	// Outside payment pages.
	case h == "paypal.me":
		if seg(0) != "" {
			return payment("paypal", lseg(0))
		}
	case hostIs(h, "paypal.com"):
		for i := 0; i < len(segs)-1; i++ {
			if lseg(i) == "paypalme" {
				return payment("paypal", lseg(i+1))
			}
		}
		if lseg(0) == "invoice" || lseg(0) == "donate" || lseg(0) == "pools" {
			return payment("paypal", strings.TrimPrefix(pathOnly, "/"))
		}
	case h == "cash.app" || h == "cash.me":
		if cashtagRe.MatchString(seg(0)) {
			return payment("cashapp", strings.ToLower(seg(0)))
		}
	case hostIs(h, "venmo.com"):
		switch {
		case lseg(0) == "u" && seg(1) != "":
			return payment("venmo", lseg(1))
		case seg(0) != "" && !venmoNonProfile[lseg(0)] && profileNameRe.MatchString(seg(0)):
			return payment("venmo", lseg(0))
		}
	case h == "wise.com":
		if lseg(0) == "pay" && seg(1) != "" {
			id := lseg(len(segs) - 1)
			if lseg(1) != "me" {
				id = lseg(1) + "/" + seg(len(segs)-1)
			}
			return payment("wise", id)
		}
	case h == "revolut.me" || h == "monzo.me" || h == "razorpay.me":
		if seg(0) != "" {
			return payment(strings.TrimSuffix(h, ".me"), strings.TrimPrefix(lseg(0), "@"))
		}
	case h == "buymeacoffee.com" || h == "ko-fi.com" || h == "patreon.com":
		if seg(0) != "" {
			app := map[string]string{"buymeacoffee.com": "buymeacoffee", "ko-fi.com": "kofi", "patreon.com": "patreon"}[h]
			return payment(app, lseg(0))
		}
	case h == "buy.stripe.com":
		if seg(0) != "" {
			return payment("stripe", seg(0))
		}
	case h == "paystack.com":
		if lseg(0) == "pay" && seg(1) != "" {
			return payment("paystack", seg(1))
		}
	}
	return plain()
}

// classifyOpaque classifies an app URI without "//": "skype:ana?chat",
// "matrix:r/room:example.org".
func classifyOpaque(l link) (linkClass, bool) {
	o := l.opaque
	id, query, _ := splitRest(o)
	switch l.scheme {
	case "skype":
		// The Skype URI names an action: skype:<id>?chat|call|add|userinfo.
		act := strings.ToLower(query)
		if i := strings.IndexByte(act, '&'); i >= 0 {
			act = act[:i]
		}
		switch act {
		case "chat", "call", "add", "userinfo", "voicemail", "sendfile":
			if id != "" {
				return linkClass{Handle, "link.handle.skype", "skype:" + strings.ToLower(id)}, true
			}
		}
	case "matrix":
		if id != "" && strings.Contains(id, "/") {
			return linkClass{Handle, "link.handle.matrix", "matrix:" + id}, true
		}
	}
	return linkClass{}, false
}

// splitRest splits a path-query-fragment string.
func splitRest(rest string) (path, query, frag string) {
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, frag = rest[:i], rest[i+1:]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
	}
	return rest, query, frag
}

// phoneDigits returns a phone number from a link parameter in E.164
// form: "%2B639171234567" (already unescaped), "5511912345678" and
// "+55 11 91234-5678" all become "+<digits>".
func phoneDigits(s string) string {
	var b strings.Builder
	b.WriteByte('+')
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// canonicalURL writes the link with a lower-case scheme and host,
// "https://" when it had none, and the rest as typed.
func canonicalURL(l link) string {
	var b strings.Builder
	scheme := l.scheme
	if scheme == "" {
		scheme = "https"
	}
	b.WriteString(scheme)
	b.WriteString("://")
	if l.userinfo != "" {
		b.WriteString(l.userinfo)
		b.WriteByte('@')
	}
	b.WriteString(strings.ToLower(strings.TrimSuffix(l.host, ".")))
	if l.port != "" {
		b.WriteByte(':')
		b.WriteString(l.port)
	}
	b.WriteString(l.rest)
	return b.String()
}
