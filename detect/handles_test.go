package detect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kindCase is one must-match case: the input, and the Text and Value of
// the finding of the kind under test that it must produce.
type kindCase struct {
	in, text, value string
}

// newKindDetector returns a Detector for all kinds: the handle and payment
// rules read the email and phone findings made before them.
func newKindDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// findingsOf returns the findings of kind k in text as "text=value".
func findingsOf(t testing.TB, d *Detector, text string, k Kind) []string {
	t.Helper()
	fs, err := d.Scan(text)
	if err != nil {
		t.Fatalf("Scan(%q): %v", text, err)
	}
	var out []string
	for _, f := range fs {
		if f.Kind != k {
			continue
		}
		if text[f.Start:f.End] != f.Text {
			t.Errorf("Scan(%q): finding %q does not match its span %d:%d", text, f.Text, f.Start, f.End)
		}
		out = append(out, f.Text+"="+f.Value)
	}
	return out
}

// runKindCases checks each case alone and embedded in a sentence.
func runKindCases(t *testing.T, k Kind, groups map[string][]kindCase) {
	d := newKindDetector(t)
	for source, cases := range groups {
		for _, c := range cases {
			want := []string{c.text + "=" + c.value}
			for _, in := range []string{c.in, "hi, " + c.in + " thanks", "Ok.\n" + c.in + "\nbye"} {
				got := findingsOf(t, d, in, k)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: Scan(%q) = %v, want %v", source, in, got, want)
				}
			}
		}
	}
}

// runNoKind checks that no finding of kind k is made.
func runNoKind(t *testing.T, k Kind, groups map[string][]string) {
	d := newKindDetector(t)
	for source, cases := range groups {
		for _, in := range cases {
			if got := findingsOf(t, d, in, k); len(got) > 0 {
				t.Errorf("%s: Scan(%q) = %v, want no %s", source, in, got, k)
			}
		}
	}
}

func TestHandlesMustMatch(t *testing.T) {
	runKindCases(t, Handle, map[string][]kindCase{
		"skype: live: ids, local names, split brand": {
			{"skype: live:.cid.3f2a9b7c1d4e5f60", "skype: live:.cid.3f2a9b7c1d4e5f60", "skype:live:.cid.3f2a9b7c1d4e5f60"},
			{"add me on skype: live:rahul.verma_42", "skype: live:rahul.verma_42", "skype:live:rahul.verma_42"},
			{"mi skype es javier.ruiz.dev, agrégame", "skype es javier.ruiz.dev", "skype:javier.ruiz.dev"},
			{"Mera Skype id bilal.khan.dev hai", "Skype id bilal.khan.dev", "skype:bilal.khan.dev"},
			{"sky pe → chinedu.okafor.dev", "sky pe → chinedu.okafor.dev", "skype:chinedu.okafor.dev"},
			{"My Skype ID: anna_k_design", "Skype ID: anna_k_design", "skype:anna_k_design"},
			{"скайп: ivan.petrov85", "скайп: ivan.petrov85", "skype:ivan.petrov85"},
		},
		"telegram: @names, Russian, hints, leetspeak": {
			{"my telegram is @ana_dev", "telegram is @ana_dev", "telegram:ana_dev"},
			{"tg: @kwame_builds", "tg: @kwame_builds", "telegram:kwame_builds"},
			{"пишите в телеграм @dmitri_sokolov, там быстрее", "телеграм @dmitri_sokolov", "telegram:dmitri_sokolov"},
			{"I'm @ana_dev on telegram, faster replies there", "@ana_dev on telegram", "telegram:ana_dev"},
			{"the paper plane app, username kwame_builds", "paper plane app, username kwame_builds", "telegram:kwame_builds"},
			{"Telegram/WhatsApp: @lena_ux", "WhatsApp: @lena_ux", "whatsapp:lena_ux"},
			{"WhatsApp me, or Telegram @ana_dev", "Telegram @ana_dev", "telegram:ana_dev"},
			{"te1egram: @ana_dev", "te1egram: @ana_dev", "telegram:ana_dev"},
			{"Telegram-ID: olena_ux", "Telegram-ID: olena_ux", "telegram:olena_ux"},
		},
		"letter-spaced (collapsed view)": {
			{"t e l e g r a m : @ a n a _ d e v", "t e l e g r a m : @ a n a _ d e v", "telegram:ana_dev"},
		},
		"signal, discord, wechat, line, kakao": {
			{"Napisz na Signalu: piotr.84", "Signalu: piotr.84", "signal:piotr.84"},
			{"I only use Signal for work stuff — username chinedu.01", "username chinedu.01", "signal:chinedu.01"},
			{"discord: kwame#4821", "discord: kwame#4821", "discord:kwame#4821"},
			{"disc0rd: mehmet.y#0071", "disc0rd: mehmet.y#0071", "discord:mehmet.y#0071"},
			{"my discord is kwame_dev", "discord is kwame_dev", "discord:kwame_dev"},
			{"ping me on discord, I'm ana.builds", "discord, I'm ana.builds", "discord:ana.builds"},
			{"WeChat ID: lin_design_88", "WeChat ID: lin_design_88", "wechat:lin_design_88"},
			{"LINE ID: somchai.dev (please add)", "LINE ID: somchai.dev", "line:somchai.dev"},
			{"kakao ID: minjun_dev92", "kakao ID: minjun_dev92", "kakaotalk:minjun_dev92"},
			// Threema assigns eight-character ids that may start with a digit.
			{"Threema ID: 7XKQ2PDA", "Threema ID: 7XKQ2PDA", "threema:7xkq2pda"},
		},
		"ids that name their service": {
			{"add me: live:.cid.4b7f9e2a1c", "live:.cid.4b7f9e2a1c", "skype:live:.cid.4b7f9e2a1c"},
			{"not :.cid.12ab nor alive:.cid.99 but live:.cid.4b7f9e2a1c", "live:.cid.4b7f9e2a1c", "skype:live:.cid.4b7f9e2a1c"},
			{"mastodon: @ana@mastodon.social", "@ana@mastodon.social", "fediverse:ana@mastodon.social"},
			{"follow @kofi_dev@fosstodon.org", "@kofi_dev@fosstodon.org", "fediverse:kofi_dev@fosstodon.org"},
		},
		"a dash standing for the copula or a label colon": {
			{"tg — nastya_design", "tg — nastya_design", "telegram:nastya_design"},
			{"мой телеграм – roman.ux", "телеграм – roman.ux", "telegram:roman.ux"},
		},
		"social networks": {
			{"insta @lena.draws — DM there", "insta @lena.draws", "instagram:lena.draws"},
			{"Scrivimi su Instagram, @giulia.romano.design", "Instagram, @giulia.romano.design", "instagram:giulia.romano.design"},
			{"IG: @lena.draws", "IG: @lena.draws", "instagram:lena.draws"},
			{"DM me on X, @priya_builds", "X, @priya_builds", "x:priya_builds"},
			{"twitter: @jack_t", "twitter: @jack_t", "x:jack_t"},
			{"fb: ahmed.hassan.design", "fb: ahmed.hassan.design", "facebook:ahmed.hassan.design"},
			{"snap: mehmet.y34", "snap: mehmet.y34", "snapchat:mehmet.y34"},
			{"linkedin: rahul-verma-dev", "linkedin: rahul-verma-dev", "linkedin:rahul-verma-dev"},
			{"Slack: @ana.lima", "Slack: @ana.lima", "slack:ana.lima"},
		},
	})
}

func TestHandlesMustNotMatch(t *testing.T) {
	runNoKind(t, Handle, map[string][]string{
		"a service as a product or a skill": {
			"I build WhatsApp chatbots for clinics.",
			"Need a Telegram bot (python-telegram-bot or aiogram) with inline keyboards.",
			"pip install python-telegram-bot==21.0.1 aiohttp==3.9.3",
			"Slack integration for our CRM, and a Slack app with Bolt.",
			"The Signal Protocol is what gives WhatsApp its end-to-end encryption.",
			"LINE Pay is popular in Thailand, LINE LIFF too.",
			"I'm comfortable with Discord.js v14 and slash commands.",
			"Skype for Business reached end of life in 2021.",
			"Facebook Login is failing in the app review.",
			"Instagram Graph API only returns the last 25 media.",
			"Telegram botu ve WhatsApp Business API entegrasyonu yapabilirim.",
			"Yes, a payment step via Telegram Stars works.",
			"I'll add a 'Share to X' and 'Share on LinkedIn' button.",
			"Telegram v2.0 is out",
			"We use node.js on telegram",
		},
		"a live stream and a mention before an email address": {
			"going live: tomorrow at 5pm",
			"cc @maria@acme.com please",
		},
		"code and identifiers that are not accounts": {
			"ALTER TABLE contacts ADD COLUMN whatsapp_opt_in BOOLEAN DEFAULT false;",
			"git checkout -b feature/whatsapp-webhook && git push",
			"@Component({ selector: 'app-root' })",
			"@Ana can you check the copy on slide 3?",
			"npm install @angular/core @ngrx/store",
		},
		"the word, not the service": {
			"Please add a line break after the headline.",
			"drop me a line → priya.nair.dev@gmail.com",
			"Our signal-to-noise ratio in the alerts is terrible.",
			"Can you snap the icons to an 8px grid?",
			"Export at 1920x1080 and 1080 x 1350 px for Instagram.",
			"Let's keep some slack in the schedule.",
			"Line 42: parse_input fails",
		},
		"a service without an id (an intent, not a handle)": {
			"what's your WhatsApp?",
			"Let's continue this on Telegram, it's easier for me",
			"same username on all the apps, find me",
			"Search me on LinkedIn: Andrei Popescu, Senior Data Engineer",
			"Contract ID 38291745 — can you check the hours?",
			"We send WhatsApp notifications with the order ID: ORD_2024_15 in them.",
			"Telegram is fine. Meeting ID: abc_123_def",
		},
		"other kinds' identifiers": {
			"WhatsApp: +57 310 555 1234",
			"Skype: ana.lima@outlook.com",
			"Venmo @Emily-Carter-27",
		},
	})
}

func TestHandlesConversation(t *testing.T) {
	tests := []struct {
		name string
		msgs []string
		want []string // handle findings of the last message
	}{
		{"id word after a service named earlier", []string{"давайте перейдём в телегу", "ник: olena_ux_ua"}, []string{"ник: olena_ux_ua=telegram:olena_ux_ua"}},
		{"lone id after the service", []string{"my telegram is", "@ana_dev"}, []string{"@ana_dev=telegram:ana_dev"}},
		{"an @mention is not carried over", []string{"Let's continue this on Telegram", "@Ana can you check the copy?"}, nil},
		{"no service in the thread", []string{"te paso mi correo", "sofia.gomez.ilustra"}, nil},
		{"a short reply with the id", []string{"do you have telegram?", "yes, @ana_dev"}, []string{"@ana_dev=telegram:ana_dev"}},
		{"a reply that says more", []string{"do you have telegram?", "yes, ask @ana_dev from our team about the brief"}, nil},
	}
	d := newKindDetector(t)
	for _, tt := range tests {
		last := tt.msgs[len(tt.msgs)-1]
		got := threadFindings(t, d, tt.name, tt.msgs, Handle)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: Scan(%q) = %v, want %v", tt.name, last, got, tt.want)
		}
	}
}

func TestReadHandleID(t *testing.T) {
	tests := []struct {
		in   string
		id   string
		cls  handleIDClass
		tail string
	}{
		{"@ana_dev, there", "ana_dev", hidStrong, ", there"},
		{"live:.cid.3f2a9b7c1d4e5f60", "live:.cid.3f2a9b7c1d4e5f60", hidStrong, ""},
		{"kwame#4821.", "kwame#4821", hidStrong, "."},
		{"javier.ruiz.dev.", "javier.ruiz.dev", hidStructured, "."},
		{"minjun92", "minjun92", hidMixed, ""},
		{"hello", "", hidNone, ""},
		{"v14", "", hidNone, ""},
		{"node.js", "", hidNone, ""},
		{"e.g.", "", hidNone, "."},
		{"ana.lima@gmail.com", "", hidNone, "@gmail.com"},
		{"24h", "", hidNone, ""},
	}
	for _, tt := range tests {
		end, id, cls := readHandleID(tt.in, 0)
		if id != tt.id || cls != tt.cls || tt.in[end:] != tt.tail {
			t.Errorf("readHandleID(%q) = %q, %v, tail %q; want %q, %v, tail %q", tt.in, id, cls, tt.in[end:], tt.id, tt.cls, tt.tail)
		}
	}
}

func TestServiceTablesRegisterTriggers(t *testing.T) {
	// Every name must be findable by the prefilter, or the detector
	// would return before looking for it.
	d := newKindDetector(t)
	for _, l := range []struct {
		group uint64
		ps    []svcPhrase
	}{{kwMessenger, messengers}, {kwPayment, payServices}} {
		for _, ph := range l.ps {
			text := strings.Join(ph.words, " ")
			s := newScan(d, text, nil)
			if !s.has(l.group) {
				t.Errorf("prefilter misses %q", text)
			}
		}
	}
}

func FuzzHandles(f *testing.F) {
	for _, s := range []string{"skype: live:.cid.3f2a", "insta @lena.draws", "@a on telegram", "ник: x_y", "disc0rd: a#1234", "telegram @@@@", "t e l e g r a m : @ a"} {
		f.Add(s)
	}
	d, err := New(Options{Kinds: []Kind{Handle, Email, Phone}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fs, err := d.Scan(s); err == nil {
			checkFindings(t, s, fs)
		}
	})
}

func BenchmarkHandlesClean(b *testing.B) {
	d, _ := New(Options{Kinds: []Kind{Handle}})
	msg := "Thanks for the proposal! I reviewed the designs and left a few comments on the second screen, could you update the line height and send a new version tomorrow?"
	b.SetBytes(int64(len(msg)))
	for i := 0; i < b.N; i++ {
		d.Scan(msg)
	}
}

func BenchmarkHandlesMany(b *testing.B) {
	d, _ := New(Options{Kinds: []Kind{Handle}})
	msg := strings.Repeat("telegram: @ana_dev, skype live:.cid.3f2a9b7c, discord kwame#4821; ", 20)
	b.SetBytes(int64(len(msg)))
	for i := 0; i < b.N; i++ {
		d.Scan(msg)
	}
}

func TestHandlesMoreShapes(t *testing.T) {
	runKindCases(t, Handle, map[string][]kindCase{
		"other languages": {
			{"meu insta é @lena.draws", "insta é @lena.draws", "instagram:lena.draws"},
			{"mon snap c'est lena.k92", "snap c'est lena.k92", "snapchat:lena.k92"},
			{"mein Insta: @lena.draws", "Insta: @lena.draws", "instagram:lena.draws"},
			{"benim instagram hesabım: @ayse_tasarim", "instagram hesabım: @ayse_tasarim", "instagram:ayse_tasarim"},
			{"мой телеграм: @ivan_dev", "телеграм: @ivan_dev", "telegram:ivan_dev"},
			{"пиши в тг @ivan_dev", "тг @ivan_dev", "telegram:ivan_dev"},
			{"ник в телеге ivan_dev", "телеге ivan_dev", "telegram:ivan_dev"},
			{"تلجرام: @ahmed_dev", "تلجرام: @ahmed_dev", "telegram:ahmed_dev"},
			{"حسابي على الانستقرام @ahmed.designs", "الانستقرام @ahmed.designs", "instagram:ahmed.designs"},
			{"mera insta id lena_draws hai", "insta id lena_draws", "instagram:lena_draws"},
			{"insta pe @lena", "insta pe @lena", "instagram:lena"},
			{"tele aku: @ana_dev", "tele aku: @ana_dev", "telegram:ana_dev"},
			{"add mo ko sa fb: juan.delacruz", "fb: juan.delacruz", "facebook:juan.delacruz"},
		},
		"spelled-out symbols (spelled view)": {
			{"Telegram: ana dot dev", "Telegram: ana dot dev", "telegram:ana.dev"},
			{"my telegram is ana underscore dev", "telegram is ana underscore dev", "telegram:ana_dev"},
		},
		"copulas, brackets, second ids": {
			{"my IG is lena.draws", "IG is lena.draws", "instagram:lena.draws"},
			{"Telegram (@ana_dev) is faster", "Telegram (@ana_dev", "telegram:ana_dev"},
			{"Skype name: ana.lima", "Skype name: ana.lima", "skype:ana.lima"},
			{"Text me on Signal, my username is piotr.84", "Signal, my username is piotr.84", "signal:piotr.84"},
			{"@ana_dev (telegram)", "@ana_dev (telegram", "telegram:ana_dev"},
			{"skype: live:8d4f2a9b7c1d4e5f", "skype: live:8d4f2a9b7c1d4e5f", "skype:live:8d4f2a9b7c1d4e5f"},
			{"微信: lin_design_88", "微信: lin_design_88", "wechat:lin_design_88"},
			{"telegram: ana_dev thanks.bye", "telegram: ana_dev", "telegram:ana_dev"}, // one id, not two
			{"@ana_dev is my telegram", "@ana_dev is my telegram", "telegram:ana_dev"},
			{"ping me at discord (ana#1234)", "discord (ana#1234", "discord:ana#1234"},
		},
	})
	runNoKind(t, Handle, map[string][]string{
		"measurements and versions after a service word": {
			"Signal: 2.4GHz band only",
			"Telegram v2.4.1-beta released",
			"Instagram: 10k followers",
			"LinkedIn: 5 years of experience",
			"Skype: yes, any time",
		},
	})
	// A corrected id is reported with the first.
	d := newKindDetector(t)
	in := "Mera Skype id ana.lima.design nahi, bilal.khan.dev hai"
	got := findingsOf(t, d, in, Handle)
	want := []string{"Skype id ana.lima.design=skype:ana.lima.design", "bilal.khan.dev=skype:bilal.khan.dev"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scan(%q) = %v, want %v", in, got, want)
	}
}
