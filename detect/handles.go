package detect

import (
	"strings"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// The handle detector finds an account on an outside messaging or social
// service given by name: a service word ("telegram", "zap", "вайбер", "sky
// pe", "disc0rd") and, near it, an account id ("@ana_dev", "live:.cid.3f2a",
// "kwame#4821", "javier.ruiz.dev"). Links to such accounts (t.me/…, wa.me/…)
// are the link detector's.
//
// Rules, in the order they run on each view:
//
//  1. handle.service: a service word, then what may stand between it and an
//     id (separators ":" "→" "-", id words "ID" "username" "ник", "is"/"es"/
//     "é", "my"), then the id: "mi skype es javier.ruiz.dev",
//     "LINE ID: somchai.dev", "insta @lena.draws".
//  2. handle.before: an id, "on"/"в"/"na"..., a service word:
//     "I'm @ana_dev on telegram".
//  3. handle.cue: an id word and an id, with a service word earlier in the
//     message or in an earlier message of the thread:
//     "давайте перейдём в телегу" then "ник: olena_ux_ua".
//  4. handle.thread: a message that is only an id, after a message naming a
//     service.
//
// What counts as an id (readHandleID): ASCII letters, digits, '_', '.', '-', 2–40
// characters, with '@' before it, a Discord "#1234" tag, a Skype "live:"
// prefix, or '_'/'.'/digits inside it; never an email, a phone number, a
// version, a file name or a plain word. A service word that is part of a
// longer token ("python-telegram-bot", "Discord.js") or followed by a
// product noun ("Telegram bot", "Signal Protocol", "LINE Pay") introduces
// no id. Names that are ordinary words too ("line", "signal", "snap", "x")
// need an '@' id, an id word or a colon.

// messengers are the outside messaging and social services, by the names,
// handleAbbrevs, misspellings and local spellings people use for them.
var messengers = []svcPhrase{
	// Skype
	svc("skype", "skype", false), svc("sky pe", "skype", false), svc("skyp", "skype", false),
	svc("skipe", "skype", false), svc("skypeid", "skype", false), svc("скайп", "skype", false),
	svc("скайпе", "skype", false), svc("скайпу", "skype", false), svc("скайпа", "skype", false),
	// WhatsApp
	svc("whatsapp", "whatsapp", false), svc("whats app", "whatsapp", false),
	svc("whatsap", "whatsapp", false), svc("watsapp", "whatsapp", false), svc("watsap", "whatsapp", false),
	svc("whatapp", "whatsapp", false), svc("whtsapp", "whatsapp", false), svc("whatsaap", "whatsapp", false),
	svc("wassap", "whatsapp", false), svc("wsp", "whatsapp", true), svc("wpp", "whatsapp", true),
	svc("wa", "whatsapp", true), svc("zap", "whatsapp", true), svc("zapzap", "whatsapp", false),
	svc("واتساب", "whatsapp", false), svc("الواتساب", "whatsapp", false), svc("واتس", "whatsapp", false),
	svc("الواتس", "whatsapp", false), svc("وتساب", "whatsapp", false), svc("واٹس ایپ", "whatsapp", false),
	svc("вотсап", "whatsapp", false), svc("ватсап", "whatsapp", false), svc("вацап", "whatsapp", false),
	svc("вотсапе", "whatsapp", false), svc("ватсапе", "whatsapp", false), svc("вацапе", "whatsapp", false),
	svc("вотсапу", "whatsapp", false), svc("ватсапу", "whatsapp", false), svc("вотсаппе", "whatsapp", false),
	// Telegram
	svc("telegram", "telegram", false), svc("telegramm", "telegram", false), svc("telgram", "telegram", false),
	svc("telegran", "telegram", false), svc("teligram", "telegram", false), svc("telegrama", "telegram", false),
	svc("telegramie", "telegram", false), svc("telegramu", "telegram", false),
	svc("tg", "telegram", true), svc("tele", "telegram", true),
	svc("paper plane", "telegram", false), svc("paper plane app", "telegram", false),
	svc("телеграм", "telegram", false), svc("телеграмм", "telegram", false), svc("телеграме", "telegram", false),
	svc("телеграмме", "telegram", false), svc("телеграму", "telegram", false), svc("телеграмі", "telegram", false),
	svc("телеграмчик", "telegram", false), svc("телега", "telegram", false), svc("телегу", "telegram", false),
	svc("телеге", "telegram", false), svc("телеги", "telegram", false), svc("тг", "telegram", true),
	svc("تلگرام", "telegram", false), svc("تيليجرام", "telegram", false), svc("تلجرام", "telegram", false),
	svc("تليجرام", "telegram", false), svc("ٹیلیگرام", "telegram", false), svc("التليجرام", "telegram", false),
	svc("تلغرام", "telegram", false), svc("التلغرام", "telegram", false),
	// Signal
	svc("signal", "signal", true), svc("signalu", "signal", true), svc("signala", "signal", true),
	svc("signale", "signal", true), svc("signalem", "signal", true), svc("сигнал", "signal", true),
	svc("сигнале", "signal", true), svc("сигналі", "signal", true),
	// Discord
	svc("discord", "discord", false), svc("discordu", "discord", false), svc("diskord", "discord", false),
	svc("dicord", "discord", false), svc("дискорд", "discord", false), svc("дискорде", "discord", false),
	svc("dc", "discord", true),
	svc("disc0rd", "discord", false), svc("d1scord", "discord", false), svc("d1sc0rd", "discord", false),
	svc("dlscord", "discord", false), svc("te1egram", "telegram", false), svc("telegr4m", "telegram", false),
	svc("tel3gram", "telegram", false), svc("teleqram", "telegram", false), svc("wh4tsapp", "whatsapp", false),
	svc("whats4pp", "whatsapp", false), svc("sk1pe", "skype", false), svc("skyp3", "skype", false),
	svc("1nstagram", "instagram", false), svc("lnstagram", "instagram", false), svc("1nsta", "instagram", false),
	svc("s1gnal", "signal", true), svc("v1ber", "viber", false), svc("w3chat", "wechat", false),
	// WeChat
	svc("wechat", "wechat", false), svc("weixin", "wechat", false),
	svc("вичат", "wechat", false),
	// LINE
	svc("line", "line", true), svc("ไลน์", "line", false),
	// Viber
	svc("viber", "viber", false), svc("viberu", "viber", false), svc("viberze", "viber", false),
	svc("вайбер", "viber", false), svc("вайбере", "viber", false), svc("вайбері", "viber", false),
	svc("вайберу", "viber", false), svc("вайбера", "viber", false), svc("فايبر", "viber", false),
	// Slack
	svc("slack", "slack", true),
	// KakaoTalk
	svc("kakaotalk", "kakaotalk", false), svc("kakao", "kakaotalk", false), svc("kakao talk", "kakaotalk", false),
	svc("카톡", "kakaotalk", false), svc("카카오톡", "kakaotalk", false), svc("카카오", "kakaotalk", false),
	// Instagram
	svc("instagram", "instagram", false), svc("insta", "instagram", false), svc("instagramie", "instagram", false),
	svc("ig", "instagram", true), svc("инстаграм", "instagram", false), svc("инстаграме", "instagram", false),
	svc("инста", "instagram", false), svc("инсте", "instagram", false), svc("инсту", "instagram", false),
	svc("інстаграм", "instagram", false), svc("انستقرام", "instagram", false), svc("انستغرام", "instagram", false),
	svc("الانستقرام", "instagram", false), svc("الانستغرام", "instagram", false), svc("انستا", "instagram", false),
	svc("الانستا", "instagram", false),
	// Facebook and Messenger
	svc("facebook", "facebook", false), svc("fb", "facebook", true), svc("messenger", "facebook", true),
	svc("фейсбук", "facebook", false), svc("фейсбуке", "facebook", false), svc("فيسبوك", "facebook", false),
	// X / Twitter
	svc("twitter", "x", false), svc("x", "x", true), svc("твиттер", "x", false), svc("твіттер", "x", false),
	// LinkedIn
	svc("linkedin", "linkedin", false), svc("linked in", "linkedin", false), svc("линкедин", "linkedin", false),
	svc("линкедине", "linkedin", false),
	// Snapchat
	svc("snapchat", "snapchat", false), svc("snap", "snapchat", true), svc("снапчат", "snapchat", false),
	// Chinese, Japanese and Korean names written apart from other words.
	svc("微信", "wechat", false), svc("电报", "telegram", false), svc("飞机", "telegram", true),
	svc("ライン", "line", false), svc("텔레그램", "telegram", false), svc("인스타", "instagram", false),
	svc("인스타그램", "instagram", false), svc("라인", "line", true),
	// Others used to move a conversation off a platform.
	svc("threema", "threema", false), svc("zalo", "zalo", false), svc("icq", "icq", false),
	svc("tiktok", "tiktok", false), svc("imo", "imo", true), svc("botim", "botim", false),
}

// messengerTable indexes messengers by their first word.
var messengerTable = newSvcTable(messengers)

// messengerWords name outside messaging and social services; the prefilter
// registers one word of each.
var messengerWords = svcTriggerWords(messengers)

// handleCueWords announce an account name: "ID", "username", "ник".
var handleCueWords = []string{
	"id", "username", "user", "userid", "handle", "nick", "nickname", "login",
	"ник", "никнейм", "логин", "юзернейм", "юзер", "айди", "нік",
	"usuario", "usuário", "utilizador", "benutzername", "nutzername", "pseudo", "identifiant",
	"kullanıcı", "nazwa", "نام", "معرف", "يوزر",
}

// handleIDCues are the id words that may introduce an account on their own when
// a service was named nearby ("username kwame_builds", "ник: olena").
// Multi-word cues are matched word by word ("user name", "kullanıcı adı").
var handleIDCues = newSvcTable([]svcPhrase{
	svc("id", "", false), svc("username", "", false), svc("user name", "", false), svc("userid", "", false),
	svc("user id", "", false), svc("handle", "", false), svc("nick", "", false), svc("nickname", "", false),
	svc("ник", "", false), svc("никнейм", "", false), svc("логин", "", false), svc("юзернейм", "", false),
	svc("айди", "", false), svc("нік", "", false), svc("usuario", "", false), svc("usuário", "", false),
	svc("nome de usuário", "", false), svc("utilizador", "", false), svc("benutzername", "", false),
	svc("nutzername", "", false), svc("pseudo", "", false), svc("identifiant", "", false),
	svc("kullanıcı adı", "", false), svc("kullanici adi", "", false), svc("nazwa użytkownika", "", false),
	svc("nombre de usuario", "", false),
	svc("아이디", "", false), svc("아이디는", "", false),
})

// handleLinkWords may stand between a service word and the id it introduces:
// "my telegram is", "mi skype es", "Skype id", "telegram: my nick is",
// "insta pe @lena", "mon snap c'est …", "instagram hesabım: …".
var handleLinkWords = map[string]bool{
	// copulas
	"is": true, "es": true, "é": true, "e": true, "est": true, "ist": true, "jest": true, "är": true,
	"er": true, "это": true, "це": true, "adalah": true, "ialah": true, "ay": true, "ni": true,
	"là": true, "hai": true, "hain": true, "h": true, "c": true,
	// id words and their company (Turkish words also as folded, "ı" → "i")
	"id": true, "username": true, "user": true, "userid": true, "handle": true, "nick": true,
	"nickname": true, "name": true, "account": true, "acc": true, "login": true, "profile": true,
	"ник": true, "никнейм": true, "логин": true, "юзернейм": true, "айди": true, "нік": true,
	"usuario": true, "usuário": true, "utilizador": true, "nome": true, "de": true, "benutzername": true,
	"nutzername": true, "pseudo": true, "identifiant": true, "kullanıcı": true, "kullanici": true,
	"adı": true, "adi": true, "adım": true, "adim": true, "hesabım": true, "hesabim": true,
	"hesabi": true, "akun": true, "nazwa": true, "użytkownika": true, "nombre": true, "cuenta": true,
	"conta": true, "konto": true, "аккаунт": true, "акаунт": true, "contact": true,
	// possessives, pronouns and small words
	"my": true, "me": true, "mine": true, "mi": true, "mio": true, "mia": true, "meu": true,
	"minha": true, "mon": true, "ton": true, "ma": true, "mein": true, "meine": true, "moj": true,
	"mój": true, "мой": true, "мій": true, "mera": true, "meri": true, "mero": true, "benim": true,
	"ko": true, "ku": true, "mo": true, "sa": true, "saya": true, "aku": true, "the": true, "as": true,
	"at": true, "on": true, "pe": true, "par": true, "under": true, "here": true, "also": true,
	"too": true, "and": true, "or": true, "y": true, "o": true, "ou": true, "oder": true, "и": true,
	"или": true, "або": true, "та": true, "official": true, "personal": true, "i": true, "m": true,
	"am": true, "im": true, "я": true,
}

// handleCopulas say what the service's account is ("my IG is lena.draws"),
// which links an id to a name that is also an ordinary word as firmly as
// a colon does.
var handleCopulas = map[string]bool{
	"is": true, "es": true, "é": true, "est": true, "ist": true, "jest": true, "är": true,
	"это": true, "це": true, "adalah": true, "ialah": true, "hai": true, "h": true,
}

// handleProductNouns after a service word make it a product or a skill, not a
// channel: "Telegram bot", "WhatsApp Business API", "Signal Protocol",
// "LINE Pay", "Skype for Business", "Facebook Login".
var handleProductNouns = map[string]bool{
	"bot": true, "bots": true, "botu": true, "bota": true, "botów": true, "chatbot": true,
	"chatbots": true, "бот": true, "бота": true, "ботов": true, "боты": true, "api": true,
	"apis": true, "sdk": true, "integration": true, "integrations": true, "integrated": true,
	"business": true, "cloud": true, "pay": true, "login": true, "ads": true, "ad": true,
	"pixel": true, "protocol": true, "webhook": true, "webhooks": true, "mini": true,
	"lens": true, "lenses": true, "stars": true, "share": true, "button": true, "buttons": true,
	"web": true, "desktop": true, "premium": true, "clone": true, "marketing": true,
	"automation": true, "template": true, "templates": true, "campaign": true, "campaigns": true,
	"notification": true, "notifications": true, "alerts": true, "app": true, "apps": true,
	"developer": true, "developers": true, "graph": true, "reels": true, "stories": true,
	"theme": true, "plugin": true, "widget": true, "channel": true, "channels": true,
	"group": true, "groups": true, "community": true, "server": true, "servers": true,
	"page": true, "pages": true, "post": true, "posts": true, "processing": true, "strength": true,
	"liff": true, "messages": true, "message": true, "call": true, "calls": true,
	"video": true, "voice": true, "meeting": true, "meetings": true, "link": true, "sticker": true,
	"stickers": true, "emoji": true, "status": true, "store": true, "shop": true, "catalog": true,
}

// Confidence of handle findings by rule.
const (
	confHandleStrong = 0.9  // '@', tag or live: id right after the service word
	confHandleID     = 0.8  // structured id right after the service word
	confHandleCue    = 0.75 // id word with the service named nearby
	confHandleThread = 0.7  // a lone id after a message naming the service
)

// detectHandles finds accounts on outside messaging and social services
// given by name.
func detectHandles(s *scan) {
	if !s.d.wants(Handle) {
		return
	}
	if s.sig.colon {
		skypeLiveIDs(s)
	}
	if s.sig.at {
		fediverseHandles(s)
	}
	// The service word is in the folded text (the prefilter knows its
	// usual leetspeak spellings, "disc0rd"), or spelled with spaces
	// (collapsed view).
	if !s.has(kwMessenger) && !s.sig.spaced {
		return
	}
	found := false
	for i, v := range s.views() {
		switch {
		case i > 0 && v.S == s.fold.S:
			continue // the view undid nothing
		case v == s.spelled && !found:
			continue // spelled-out symbols make no service name
		}
		reply := v // where a reply in a thread is read (threadHandle)
		if v == s.fold {
			v = s.nearView(kwMessenger | kwHandleCue)
		}
		found = findHandles(s, v, reply) || found
	}
}

// skypeLiveIDs reports Skype names of Microsoft accounts, "live:.cid."
// and the account's hexadecimal cid, without a service word: no other
// text is written so, and people paste them bare ("add me:
// live:.cid.4b7f9e2a1c").
func skypeLiveIDs(s *scan) {
	if !s.sig.colon {
		return
	}
	v := s.fold
	low := v.Lower
	const mark = "live:.cid."
	for k, n := 0, 0; k < len(low) && n < 16; n++ {
		// Look for the colon on: 'l' is too common a first byte.
		i := strings.Index(low[k:], mark[4:])
		if i < 0 {
			return
		}
		if i += k - 4; i < k || low[i:i+4] != mark[:4] {
			k, n = i+5, n-1
			continue
		}
		k = i + len(mark)
		if i > 0 && isWordByte(low[i-1]) {
			continue
		}
		b, id, cls := readHandleID(v.S, i)
		if cls != hidStrong || b-i < len(mark)+4 {
			continue
		}
		s.addHandle(v, i, b, "skype", id, cls, "handle.service")
		k = b
	}
}

// fediverseHandles reports Mastodon and other fediverse accounts,
// "@name@instance.tld" (the WebFinger acct form, RFC 7033): the '@' before
// the name sets them apart from an email address, which the email
// detector reports as well.
func fediverseHandles(s *scan) {
	v := s.fold
	src := v.S
	for k, n := 0, 0; k < len(src) && n < 64; n++ {
		i := strings.IndexByte(src[k:], '@')
		if i < 0 {
			return
		}
		i += k
		k = i + 1
		if i > 0 && (isWordByte(src[i-1]) || src[i-1] == '.' || src[i-1] == '_') {
			continue
		}
		// The name: letters, digits and '_' (Mastodon's username rule).
		j := i + 1
		for j < len(src) && j-i <= 31 && (isWordByte(src[j]) || src[j] == '_') {
			j++
		}
		if j == i+1 || j >= len(src) || src[j] != '@' {
			continue
		}
		// The instance: a host name ending in a public TLD.
		e, dot := j+1, -1
		for e < len(src) && e-j <= 64 && (isWordByte(src[e]) || src[e] == '-' || src[e] == '.' && e+1 < len(src) && isWordByte(src[e+1])) {
			if src[e] == '.' {
				dot = e
			}
			e++
		}
		host := strings.ToLower(src[j+1 : e])
		if dot < 0 || !isTLD(strings.ToLower(src[dot+1:e])) || !fediverseHost(host) && !fediverseNamed(s.fold.Lower) {
			continue
		}
		s.add(v, i, e, Finding{Kind: Handle, Value: "fediverse:" + strings.ToLower(src[i+1:e]), Confidence: confHandleStrong, Rule: "handle.fediverse"})
		k = e
	}
}

// fediverseHostWords mark the host names of fediverse instances
// ("mastodon.social", "fosstodon.org", "mstdn.jp", "pixelfed.de"); a
// mention before an email address at any other host ("cc
// @maria@acme.com") is an email address, unless the text names the
// fediverse.
var fediverseHostWords = []string{"mastodon", "mstdn", "masto", "toot", "fosstodon", "hachyderm", "pixelfed", "misskey", "fedi", ".social"}

// fediverseHost reports whether host looks like a fediverse instance.
func fediverseHost(host string) bool {
	for _, w := range fediverseHostWords {
		if strings.Contains(host, w) {
			return true
		}
	}
	return false
}

// fediverseNamed reports whether the text names Mastodon or the fediverse.
func fediverseNamed(low string) bool {
	return strings.Contains(low, "mastodon") || strings.Contains(low, "fediverse")
}

// findHandles runs the handle rules on one view and reports whether it
// names a service. reply is the whole view v is made from (v itself, or
// the folded view of whose windows v is made), where threadHandle reads
// the start of the current message.
func findHandles(s *scan, v, reply *normalize.Text) bool {
	ms := findSvcMentions(s, v, messengerTable)
	if len(ms) == 0 {
		return false
	}
	low := v.Lower
	for i := range ms {
		ms[i].product = handleProductNext(low, ms[i].j)
	}
	for _, m := range ms {
		if m.attached {
			continue
		}
		// handle.service
		if !m.product {
			if _, b, id, cls, owner, at, ok := s.handleIDAfterApp(v, m.j, m.name, false, m.weak); ok {
				start := m.i
				if at >= 0 {
					start = at
				}
				s.addHandle(v, start, b, owner, id, cls, "handle.service")
				s.moreHandleIDs(v, b, owner)
			}
		}
		// handle.before
		if a, id, cls, ok := handleIDBefore(v, m.i, m.weak); ok {
			s.addHandle(v, a, m.j, m.name, id, cls, "handle.before")
		}
	}
	s.cueHandles(v, ms)
	s.threadHandle(reply, ms)
	return true
}

// moreHandleIDs reports a second id listed or corrected after the first one:
// "Mera Skype id ana.lima.design nahi, bilal.khan.dev hai",
// "skype: ana.lima or ana_lima2".
func (s *scan) moreHandleIDs(v *normalize.Text, k int, app string) {
	low := v.Lower
	for n := 0; n < 2; n++ {
		joined := false
		j := hwSkipSpace(low, k)
		if j < len(low) && (low[j] == ',' || low[j] == '/' || low[j] == ';') {
			j = hwSkipSpace(low, j+1)
			joined = true
		}
		if wi, wj := hwNextWord(low, j); wi == j {
			if w := low[wi:wj]; handleListWords[w] {
				j = hwSkipSpace(low, wj)
				if j < len(low) && low[j] == ',' {
					j = hwSkipSpace(low, j+1)
				}
				joined = true
			}
		}
		if !joined || j >= len(low) {
			return
		}
		b, id, cls := readHandleID(v.S, j)
		if cls < hidStructured {
			return
		}
		s.addHandle(v, j, b, app, id, cls, "handle.service")
		k = b
	}
}

// handleListWords join two ids in a list or a correction ("not", "nahi").
var handleListWords = map[string]bool{
	"or": true, "and": true, "not": true, "nahi": true, "nahin": true, "nicht": true, "no": true,
	"не": true, "или": true, "o": true, "ou": true, "oder": true, "y": true, "e": true, "also": true,
}

// addHandle records a handle on view v at [i, j) with value "app:id".
func (s *scan) addHandle(v *normalize.Text, i, j int, app, id string, cls handleIDClass, rule string) {
	if s.insideContact(v, i, j) {
		return // the id is an email's local part or a phone number
	}
	conf := confHandleID
	switch {
	case rule == "handle.cue":
		conf = confHandleCue
	case rule == "handle.thread":
		conf = confHandleThread
	case cls == hidStrong:
		conf = confHandleStrong
	}
	s.add(v, i, j, Finding{Kind: Handle, Value: app + ":" + strings.ToLower(id), Confidence: conf, Rule: rule})
}

// insideContact reports whether the end of view span [i, j), where an id
// ends, lies inside an email or phone finding.
func (s *scan) insideContact(v *normalize.Text, i, j int) bool {
	_, b := v.Span(j-1, j)
	for _, f := range s.out {
		if (f.Kind == Email || f.Kind == Phone) && f.Start < b && b <= f.End {
			return true
		}
	}
	return false
}

// handleProductNext reports whether the word after a service word ending at k
// makes it a product or skill ("Telegram bot", "LINE Pay").
func handleProductNext(low string, k int) bool {
	j := k
	for j < len(low) && (low[j] == ' ' || low[j] == '\'') {
		j++
	}
	if j < len(low) && low[j] == 's' && j+1 < len(low) && low[j+1] == ' ' && low[j-1] == '\'' {
		j = hwSkipSpace(low, j+1) // "Telegram's API"
	}
	i, e := hwNextWord(low, j)
	if i != j {
		return false
	}
	return handleProductNouns[low[i:e]]
}

// hwSkipSpace skips spaces and tabs (not newlines).
func hwSkipSpace(s string, k int) int {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	return k
}

// handleMaxLink bounds how far after a service word its id may start.
const handleMaxLink = 64

// handleIDAfter reads the id introduced at view offset k, after a service word
// or an id word: it skips separators and link words, then reads one id.
// cue says an id word was already seen; weak that the service name is also
// an ordinary word. It returns the id's span, the id and its class.
func (s *scan) handleIDAfter(v *normalize.Text, k int, app string, cue, weak bool) (a, b int, id string, cls handleIDClass, ok bool) {
	a, b, id, cls, _, _, ok = s.handleIDAfterApp(v, k, app, cue, weak)
	return
}

// handleIDAfterApp is handleIDAfter that also returns the service the id
// belongs to when another service word came between ("WhatsApp me, or
// Telegram @ana_dev": Telegram) and where that word starts, or -1.
func (s *scan) handleIDAfterApp(v *normalize.Text, k int, app string, cue, weak bool) (a, b int, id string, cls handleIDClass, owner string, ownerAt int, ok bool) {
	low, src := v.Lower, v.S
	owner, ownerAt = app, -1
	strongSep, copula := false, false
	start := k
	for steps := 0; steps < 10 && k < len(low) && k-start <= handleMaxLink; steps++ {
		c := low[k]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			k++
			steps--
			continue
		case c == '\n':
			if s.hwMessageBoundary(v, k) {
				return
			}
			k++
			continue
		case c == '@':
			b, id, cls = readHandleID(src, k)
			return k, b, id, cls, owner, ownerAt, cls != hidNone && (acceptHandleID(cls, weak, cue || copula, strongSep) || cls == hidSlug && owner == "linkedin")
		}
		r, n := utf8.DecodeRuneInString(low[k:])
		if sep, strong := handleSeparator(r); sep {
			strongSep = strongSep || strong
			k += n
			continue
		}
		wi, wj := hwNextWord(low, k)
		if wi != k {
			return // punctuation that does not link
		}
		w := low[wi:wj]
		glued := wj < len(low) && (low[wj] == '_' || low[wj] == '.' && wj+1 < len(low) && isWordByte(low[wj+1]))
		if _, e, isCue := handleIDCues.match(low, wi, wj); isCue && !glued {
			cue = true
			k = e
			continue
		}
		if handleLinkWords[w] && !glued {
			// A link word, unless it is itself the start of an id
			// ("me_design", "my.name").
			copula = copula || handleCopulas[w]
			k = wj
			continue
		}
		if ph, e, isApp := messengerTable.match(low, wi, wj); isApp {
			owner, ownerAt, weak = ph.name, wi, ph.weak // the nearest name owns the id
			k = e
			continue
		}
		if b, ok := threemaID(src, k); ok && owner == "threema" {
			return k, b, src[k:b], hidStrong, owner, ownerAt, true
		}
		b, id, cls = readHandleID(src, k)
		return k, b, id, cls, owner, ownerAt, cls != hidNone && (acceptHandleID(cls, weak, cue || copula, strongSep) || cls == hidSlug && owner == "linkedin")
	}
	return
}

// threemaID reads a Threema ID at src[k:]: exactly eight capital letters
// and digits, with both ("7XKQ2PDA"), as the app assigns them. It may
// start with a digit, which readHandleID refuses for other services.
func threemaID(src string, k int) (int, bool) {
	if len(src)-k < 8 || k+8 < len(src) && isWordByte(src[k+8]) {
		return 0, false
	}
	letters, digits := 0, 0
	for _, c := range []byte(src[k : k+8]) {
		switch {
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		default:
			return 0, false
		}
	}
	return k + 8, letters > 0 && digits > 0
}

// handleSeparator reports whether r may stand between a service word and an
// id, and whether it is a firm link (a colon or an arrow, as opposed to a
// comma or a bracket).
func handleSeparator(r rune) (sep, strong bool) {
	switch r {
	// An em or en dash stands for the copula in Slavic typography ("мой
	// телеграм — nastya_design") and sets a label apart ("tg — ana_dev"),
	// unlike a hyphen, which joins words.
	case ':', '=', '\u2013', '\u2014', '\u2192', '\u21d2', '\u27a1', '\u279c', '\u2794', '\u25b6', '\u00bb', '>', '\U0001f449', '\u2b07', '\u2193', '\u2935':
		return true, true
	case '-', '|', ',', '(', ')', '[', ']', '"', '\'', '\u201c', '\u201d', '\u00ab', '*', '~', '/':
		return true, false
	}
	return false, false
}

// acceptHandleID decides whether an id of class cls may follow a service word
// (weak: a name that is also an ordinary word), given whether an id word
// or a copula (cue) or a firm separator came between them.
func acceptHandleID(cls handleIDClass, weak, cue, strongSep bool) bool {
	switch cls {
	case hidSlug:
		return false // only LinkedIn, see handleIDAfter
	case hidStrong:
		return true
	case hidStructured:
		return !weak || cue || strongSep
	case hidMixed:
		return cue || strongSep
	}
	return false
}

// handleBeforeWords link an id to the service word after it: "@ana_dev on
// telegram", "@ana_dev is my telegram", "chinedu в телеге", "ana.dev
// (discord)".
var handleBeforeWords = map[string]bool{
	"on": true, "in": true, "at": true, "via": true, "over": true, "from": true, "no": true,
	"na": true, "em": true, "en": true, "su": true, "sur": true, "auf": true, "bei": true,
	"op": true, "w": true, "di": true, "sa": true, "pe": true, "par": true, "per": true,
	"в": true, "на": true, "у": true, "від": true, "із": true, "з": true, "de": true,
	"is": true, "my": true, "es": true, "mi": true, "é": true, "meu": true, "мой": true, "мій": true,
}

// handleIDBefore reads an id that ends just before the service word at view
// offset i, joined to it by a word such as "on" or a bracket.
func handleIDBefore(v *normalize.Text, i int, weak bool) (a int, id string, cls handleIDClass, ok bool) {
	low := v.Lower
	k := i
	// "(discord)": a bracket instead of a word.
	back := func() {
		for k > 0 && (low[k-1] == ' ' || low[k-1] == '\t') {
			k--
		}
	}
	back()
	if k > 0 && (low[k-1] == '(' || low[k-1] == '[') {
		k--
	} else {
		// one or two joining words: "on", "is my", "в"
		for n := 0; n < 2; n++ {
			j := k
			k = wordStartBefore(low, k)
			if k == j || !handleBeforeWords[low[k:j]] || j-k > 8 {
				if n == 0 {
					return
				}
				k = j
				break
			}
			back()
		}
	}
	back()
	if k > 0 && low[k-1] == ',' {
		return // "…, on Telegram" starts a new clause
	}
	end := k
	// Walk back over id characters.
	for k > 0 && end-k <= 45 {
		c := low[k-1]
		if isWordByte(c) || c == '_' || c == '.' || c == '-' || c == '#' || c == '@' || c == ':' {
			k--
			continue
		}
		break
	}
	if k == end {
		return
	}
	if k > 0 {
		if r := hwPrevRune(low, k); hwLetterOrDigit(r) {
			return // a non-ASCII word glued to it
		}
	}
	// Start at the '@' if any, or at the first letter or digit.
	for k < end && !isWordByte(low[k]) && low[k] != '@' {
		k++
	}
	b, id, cls := readHandleID(v.S, k)
	if b != end && !(b < end && strings.Trim(low[b:end], ".-") == "") {
		return
	}
	if cls == hidStrong || cls == hidStructured && !weak {
		return k, id, cls, true
	}
	return
}

// cueHandles runs handle.cue: an id word in the current message followed
// by an id, with a service named earlier in the message or the thread.
func (s *scan) cueHandles(v *normalize.Text, ms []svcMention) {
	low := v.Lower
	from := hwViewPos(v, s.base)
	added := 0
	for k := from; k < len(low) && added < hwMaxMentions; {
		i, j := hwNextWord(low, k)
		if i < 0 {
			return
		}
		k = j
		_, e, ok := handleIDCues.match(low, i, j)
		if !ok || hwAttached(low, i, e) || otherIDBefore(low, i) {
			continue
		}
		oi, _ := v.Span(i, e)
		m, found := handleNearestMention(s, ms, oi)
		if !found {
			continue
		}
		if _, b, id, cls, ok := s.handleIDAfter(v, e, m.name, true, m.weak); ok {
			s.addHandle(v, i, b, m.name, id, cls, "handle.cue")
			k = b
			added++
		}
	}
}

// otherIDNouns name ids that are not accounts: "order ID", "meeting ID".
var otherIDNouns = map[string]bool{
	"order": true, "transaction": true, "meeting": true, "contract": true, "job": true,
	"invoice": true, "project": true, "ticket": true, "tracking": true, "reference": true,
	"ref": true, "session": true, "room": true, "group": true, "channel": true, "product": true,
	"item": true, "payment": true, "application": true, "api": true, "device": true, "bot": true,
	"tax": true, "employee": true, "student": true, "passport": true, "client": true,
	"customer": true, "app": true, "chat": true, "message": true, "post": true, "video": true,
	"file": true, "folder": true, "task": true, "build": true, "error": true, "event": true,
}

// otherIDBefore reports whether the id word at low[i] names another kind
// of id ("order ID", "Meeting ID").
func otherIDBefore(low string, i int) bool {
	k := i
	for k > 0 && (low[k-1] == ' ' || low[k-1] == '-' || low[k-1] == '_') {
		k--
	}
	return k < i && otherIDNouns[low[wordStartBefore(low, k):k]]
}

// handleNearestMention returns the service named before the original offset o:
// in the same message within a sentence or two, or in an earlier message
// of the thread (a weak name only in the same message).
func handleNearestMention(s *scan, ms []svcMention, o int) (svcMention, bool) {
	cur := s.hwMsg(o)
	var best svcMention
	found := false
	for _, m := range ms {
		if m.attached || m.oj > o || m.product {
			continue
		}
		switch {
		case m.msg == cur && o-m.oj <= 160:
		case m.msg < cur && !m.weak:
		default:
			continue
		}
		best, found = m, true
	}
	return best, found
}

// threadHandle runs handle.thread: the current message is only an id, and
// an earlier message of the thread named a service ("my telegram is" then
// "@ana_dev").
func (s *scan) threadHandle(v *normalize.Text, ms []svcMention) {
	if len(s.starts) < 2 {
		return
	}
	var m svcMention
	found := false
	for _, x := range ms {
		if !s.hwCurrent(x.msg) && !x.weak && !x.attached && !x.product {
			m, found = x, true
		}
	}
	if !found {
		return
	}
	low := v.Lower
	k := hwSkipSpace(low, hwViewPos(v, s.base))
	// "yes, @ana_dev", "sure: ana_dev", "it's ana.dev"
	for n := 0; n < 3 && k < len(low); n++ {
		i, j := hwNextWord(low, k)
		if i != k || !replyWords[low[i:j]] || j < len(low) && (low[j] == '_' || low[j] == '.') {
			break
		}
		k = j
		for k < len(low) && (low[k] == ' ' || low[k] == ',' || low[k] == ':' || low[k] == '\'' || low[k] == '-') {
			k++
		}
	}
	b, id, cls := readHandleID(v.S, k)
	if cls != hidStrong && cls != hidStructured {
		return
	}
	rest := strings.TrimRight(low[b:], " \t\n!.,;)")
	if rest != "" {
		return
	}
	s.addHandle(v, k, b, m.name, id, cls, "handle.thread")
}

// replyWords may open a reply that gives an id: "yes, @ana_dev".
var replyWords = map[string]bool{
	"yes": true, "yeah": true, "yep": true, "sure": true, "ok": true, "okay": true, "here": true,
	"it": true, "its": true, "s": true, "is": true, "my": true, "mine": true, "sí": true, "si": true,
	"claro": true, "sim": true, "да": true, "ага": true, "так": true, "haan": true, "ji": true,
	"oo": true, "po": true, "ya": true, "iya": true, "evet": true, "tak": true, "oui": true, "ja": true,
}

// handleIDClass grades how much a token looks like an account id.
type handleIDClass int

const (
	hidNone handleIDClass = iota
	// hidSlug: words joined by hyphens ("rahul-verma-dev"), LinkedIn's
	// profile names; elsewhere ordinary compounds ("end-to-end").
	hidSlug
	// hidMixed: letters and digits only ("minjun92"); an id after an id
	// word or a colon.
	hidMixed
	// hidStructured: '_' or '.' inside ("ana_dev", "piotr.84").
	hidStructured
	// hidStrong: '@' before it, a Discord "#1234" tag or a Skype "live:"
	// prefix.
	hidStrong
)

// readHandleID reads the account id at src[k:] and returns where it ends, the id
// (without '@', with a "live:" prefix or a "#1234" tag kept) and its class.
func readHandleID(src string, k int) (end int, id string, cls handleIDClass) {
	at := k < len(src) && src[k] == '@'
	q := k
	if at {
		q++
	}
	live := false
	if len(src)-q >= 6 && strings.EqualFold(src[q:q+5], "live:") && handleIDByte(src[q+5]) {
		live = true
		q += 5
	}
	start := q
	for q < len(src) && q-start <= 64 && handleIDByte(src[q]) {
		q++
	}
	tag := false
	if q+5 <= len(src) && src[q] == '#' && handleDigits(src[q+1:q+5]) && (q+5 == len(src) || !isWordByte(src[q+5])) {
		tag = true
		q += 5
	}
	if !tag {
		for q > start && (src[q-1] == '.' || src[q-1] == '-') {
			q--
		}
	}
	core := src[start:q]
	name := core
	if tag {
		name = core[:len(core)-5]
	}
	if len(name) < 2 || len(name) > 40 {
		return q, "", hidNone
	}
	// What follows must end the token: not an email, a path or a word in
	// another script glued to it.
	switch r := hwRuneAt(src, q); {
	case r == '@' || r == '/' || r == '\\' || r == '#' || r == '$' || r == '%' || r == '+':
		return q, "", hidNone
	case r == ':' && q+1 < len(src) && src[q+1] == '/':
		return q, "", hidNone
	case r >= utf8.RuneSelf && hwLetterOrDigit(r):
		return q, "", hidNone
	case r == '.' && q+1 < len(src) && isWordByte(src[q+1]):
		return q, "", hidNone
	}
	letters, digits := 0, 0
	hasSep := false
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		case c == '_':
			hasSep = true
		case c == '.':
			if i > 0 && i+1 < len(name) {
				hasSep = true
			}
		}
	}
	if letters == 0 {
		return q, "", hidNone
	}
	id = core
	if live {
		id = "live:" + core
	}
	switch {
	case live:
		return q, id, hidStrong
	case at || tag:
		if handleNotID(strings.ToLower(name)) && !at {
			return q, "", hidNone
		}
		return q, id, hidStrong
	case handleNotID(strings.ToLower(name)):
		return q, "", hidNone
	case hasSep && len(name) >= 3:
		return q, id, hidStructured
	case digits > 0 && letters >= 2 && len(name) >= 4:
		return q, id, hidMixed
	case strings.Count(name, "-") > 0 && len(name) >= 5 && name[0] != '-':
		return q, id, hidSlug
	}
	return q, "", hidNone
}

// handleIDByte reports whether c may appear inside an account id.
func handleIDByte(c byte) bool {
	return isWordByte(c) || c == '_' || c == '.' || c == '-'
}

func handleDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// handleNotID reports tokens that are shaped like ids but are not: versions
// ("v14", "2.0.1"), numbers with units ("24h", "1080p"), handleAbbrevs
// ("e.g", "i.e"), file and package names ("node.js", "setup.py").
func handleNotID(w string) bool {
	if handleAbbrevs[w] {
		return true
	}
	// A token that starts with a digit is a number, a measurement or a
	// code ("2.4ghz", "3.5mm", "24h", "1080p"); usernames start with a
	// letter (Telegram requires it) unless they hold an underscore.
	if w != "" && w[0] >= '0' && w[0] <= '9' && !strings.Contains(w, "_") {
		return true
	}
	// "v2.4.1-beta", "v14": versions.
	if len(w) > 1 && w[0] == 'v' && w[1] >= '0' && w[1] <= '9' {
		return true
	}
	// version: v?digits(.digits)*
	v := strings.TrimPrefix(w, "v")
	if v != "" && strings.Trim(v, "0123456789.") == "" {
		return true
	}
	// number with a unit: digits then letters only
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i > 0 && i < len(w) && strings.Trim(w[i:], "abcdefghijklmnopqrstuvwxyz") == "" {
		return true
	}
	if dot := strings.LastIndexByte(w, '.'); dot > 0 && handleFileExts[w[dot+1:]] {
		return true
	}
	return false
}

// handleAbbrevs are dotted words of ordinary prose.
var handleAbbrevs = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "a.m": true, "p.m": true, "vs": true, "u.s": true,
	"a.k.a": true, "aka": true, "approx": true, "a.n": true, "n.b": true, "p.s": true, "ps": true,
	"d.h": true, "z.b": true, "u.a": true, "т.е": true, "т.д": true,
}

// handleFileExts end file and package names, which are not account ids.
var handleFileExts = map[string]bool{
	"js": true, "ts": true, "jsx": true, "tsx": true, "py": true, "go": true, "rb": true, "php": true,
	"java": true, "kt": true, "cs": true, "cpp": true, "c": true, "h": true, "json": true, "md": true,
	"txt": true, "html": true, "htm": true, "css": true, "scss": true, "vue": true, "png": true,
	"jpg": true, "jpeg": true, "gif": true, "svg": true, "webp": true, "pdf": true, "doc": true,
	"docx": true, "xls": true, "xlsx": true, "ppt": true, "pptx": true, "csv": true, "zip": true,
	"rar": true, "exe": true, "apk": true, "ipa": true, "ai": true, "psd": true, "fig": true,
	"sketch": true, "mp4": true, "mp3": true, "mov": true, "wav": true, "yml": true, "yaml": true,
	"xml": true, "sql": true, "sh": true, "net": true, "env": true, "lock": true, "log": true,
	"swift": true, "dart": true, "rs": true, "toml": true, "ini": true, "cfg": true,
}
