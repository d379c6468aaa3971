package detect

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// newLinkDetector returns a default Detector.
func newLinkDetector(tb testing.TB) *Detector {
	tb.Helper()
	d, err := New(Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// linkCase is a link the detector must find: its kind, the exact original
// text it covers and its normalised value.
type linkCase struct {
	in    string
	kind  Kind
	text  string
	value string
}

// linkFinding is the part of a Finding the tables check.
type linkFinding struct {
	Kind  Kind
	Text  string
	Value string
}

// scanLinkFindings scans in with a default Detector and returns the link
// detector's findings (rule "link.*"). A handle or payment account that
// the keyword detectors report over a longer span ("Slack: acme.slack.com")
// wins the merge; such a finding is returned as the expected one would be,
// so that the tables test this detector, not the merge.
func scanLinkFindings(t *testing.T, d *Detector, in string, want ...linkFinding) []linkFinding {
	t.Helper()
	fs, err := d.Scan(in)
	if err != nil {
		t.Fatalf("Scan(%q): %v", in, err)
	}
	var out []linkFinding
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "link.") {
			out = append(out, linkFinding{f.Kind, f.Text, f.Value})
			continue
		}
		for _, w := range want {
			if (w.Kind == Handle || w.Kind == PaymentAccount) && f.Kind == w.Kind && strings.Contains(f.Text, w.Text) {
				out = append(out, w)
			}
		}
	}
	return out
}

// linkMustMatch groups the links that must be found by where the case
// comes from.
var linkMustMatch = map[string][]linkCase{
	"plain links (xurls, linkify-it)": {
		{"http://foo.com/bar", URL, "http://foo.com/bar", "http://foo.com/bar"},
		{"HTTP://GOOGLE.COM", URL, "HTTP://GOOGLE.COM", "http://google.com"},
		{"https://github.com/rahul-verma-dev/auth-demo", URL, "https://github.com/rahul-verma-dev/auth-demo", "https://github.com/rahul-verma-dev/auth-demo"},
		{"www.foo.com", URL, "www.foo.com", "https://www.foo.com"},
		{"//yahoo.com", URL, "//yahoo.com", "https://yahoo.com"},
		{"foo.com:8080/path", URL, "foo.com:8080/path", "https://foo.com:8080/path"},
		{"http://user:pass@example.com:8080", URL, "http://user:pass@example.com:8080", "http://user:pass@example.com:8080"},
		{"http://foo.com/path_(even_(nested))", URL, "http://foo.com/path_(even_(nested))", "http://foo.com/path_(even_(nested))"},
		{"(http://foo.com/bar)", URL, "http://foo.com/bar", "http://foo.com/bar"},
		{"go visit http://foo.com/path...", URL, "http://foo.com/path", "http://foo.com/path"},
		{"the http://foo.com!", URL, "http://foo.com", "http://foo.com"},
		{"see http://example.com.", URL, "http://example.com", "http://example.com"},
		{"check of http://foo.com: ok", URL, "http://foo.com", "http://foo.com"},
		{"what is foo.com?", URL, "foo.com", "https://foo.com"},
		{"“link.com/foo”", URL, "link.com/foo", "https://link.com/foo"},
		{"randomtexthttp://foo.bar/etc", URL, "http://foo.bar/etc", "http://foo.bar/etc"},
		{"http://[2001:db8::1]/path", URL, "http://[2001:db8::1]/path", "http://[2001:db8::1]/path"},
		{"foo.com-foo", URL, "foo.com", "https://foo.com"},
		{"GOOGLE.COM.", URL, "GOOGLE.COM", "https://google.com"},
		{"MLB.tv", URL, "MLB.tv", "https://mlb.tv"},
		{"a.ws", URL, "a.ws", "https://a.ws"},
		{"foo.onion", URL, "foo.onion", "https://foo.onion"},
		{"test.xn--8y0a063a/foobar", URL, "test.xn--8y0a063a/foobar", "https://test.xn--8y0a063a/foobar"},
		{"президент.рф", URL, "президент.рф", "https://президент.рф"},
		{"http://中国.中国/中国", URL, "http://中国.中国/中国", "http://中国.中国/中国"},
		{"これは日本語です。example.com/path", URL, "example.com/path", "https://example.com/path"},
		{"hxxps://evil.example.com/x", URL, "hxxps://evil.example.com/x", "https://evil.example.com/x"},
		{"gcs_test_env.storage.googleapis.com/file.pdf", URL, "gcs_test_env.storage.googleapis.com/file.pdf", "https://gcs_test_env.storage.googleapis.com/file.pdf"},
	},
	"bare domains in chat (corpus)": {
		{"More samples on my site: ana-lima.design", URL, "ana-lima.design", "https://ana-lima.design"},
		{"behance.net/ana", URL, "behance.net/ana", "https://behance.net/ana"},
		{"bit.ly/3xYz9Qw", URL, "bit.ly/3xYz9Qw", "https://bit.ly/3xYz9Qw"},
		{"Mera kaam yahan dekh lein: bilalkhan.dev", URL, "bilalkhan.dev", "https://bilalkhan.dev"},
		{"Meu portfólio: lucasferreira.com.br", URL, "lucasferreira.com.br", "https://lucasferreira.com.br"},
		{"Mon site : claire-dubois-photo.fr", URL, "claire-dubois-photo.fr", "https://claire-dubois-photo.fr"},
		{"Примеры работ: dmitrisokolov.ru/portfolio", URL, "dmitrisokolov.ru/portfolio", "https://dmitrisokolov.ru/portfolio"},
		{"staging.brightlane-app.dev/login", URL, "staging.brightlane-app.dev/login", "https://staging.brightlane-app.dev/login"},
		{"gitlab.com/brightlane/web/-/merge_requests/412", URL, "gitlab.com/brightlane/web/-/merge_requests/412", "https://gitlab.com/brightlane/web/-/merge_requests/412"},
		{"medium.com/@priya.nair/how-i-cut-40-9f8e7d6c5b4a", URL, "medium.com/@priya.nair/how-i-cut-40-9f8e7d6c5b4a", "https://medium.com/@priya.nair/how-i-cut-40-9f8e7d6c5b4a"},
		{"Visit my site: giulia.it", URL, "giulia.it", "https://giulia.it"},
		{"see notion.so", URL, "notion.so", "https://notion.so"},
		{"my portfolio: ana.ai", URL, "ana.ai", "https://ana.ai"},
	},
	"disguised links (corpus)": {
		{"www . kwamebuilds . io", URL, "www . kwamebuilds . io", "https://www.kwamebuilds.io"},
		{"h t t p s : / / lenavogel . de", URL, "h t t p s : / / lenavogel . de", "https://lenavogel.de"},
		{"Mi portafolio está en behance punto net barra sofiagomez", URL, "behance punto net barra sofiagomez", "https://behance.net/sofiagomez"},
		{"my github: github dot com slash priya-nair", URL, "github dot com slash priya-nair", "https://github.com/priya-nair"},
		{"anastudio[.]io", URL, "anastudio[.]io", "https://anastudio.io"},
		{"portfolio → lenadraws [dot] studio", URL, "lenadraws [dot] studio", "https://lenadraws.studio"},
		{"jtho\u200bmpso\u200bnmed\u200bia.c\u200bom has my reel", URL, "jtho\u200bmpso\u200bnmed\u200bia.c\u200bom", "https://jthompsonmedia.com"},
		{"ｇｉｔｈｕｂ．ｃｏｍ／ｏｌｅｎａ－ｋ", URL, "ｇｉｔｈｕｂ．ｃｏｍ／ｏｌｅｎａ－ｋ", "https://github.com/olena-k"},
		{"github.com/chinedu-okafor", URL, "github.com/chinedu-okafor", "https://github.com/chinedu-okafor"},
		{"my website is kwame builds (one word) dot com", URL, "kwame builds (one word) dot com", "https://kwamebuilds.com"},
	},
	"meeting links": {
		{"zoom.us/j/81234567890", MeetingLink, "zoom.us/j/81234567890", "https://zoom.us/j/81234567890"},
		{"https://us06web.zoom.us/j/87654321098?pwd=Q2Vsc1p4", MeetingLink, "https://us06web.zoom.us/j/87654321098?pwd=Q2Vsc1p4", "https://us06web.zoom.us/j/87654321098?pwd=Q2Vsc1p4"},
		{"zoom.us/my/ana.lima", MeetingLink, "zoom.us/my/ana.lima", "https://zoom.us/my/ana.lima"},
		{"zoom . us / j / 845 1234 5679", MeetingLink, "zoom . us / j / 845 1234 5679", "https://zoom.us/j/84512345679"},
		{"us02web.zoom.us/j/81\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8\u200b9\u200b1", MeetingLink, "us02web.zoom.us/j/81\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8\u200b9\u200b1", "https://us02web.zoom.us/j/81234567891"},
		{"zoommtg://zoom.us/join?confno=1234&pwd=xxx", MeetingLink, "zoommtg://zoom.us/join?confno=1234&pwd=xxx", "zoommtg://zoom.us/join?confno=1234&pwd=xxx"},
		{"meet.google.com/abc-defg-hij", MeetingLink, "meet.google.com/abc-defg-hij", "https://meet.google.com/abc-defg-hij"},
		{"ｍｅｅｔ．ｇｏｏｇｌｅ．ｃｏｍ／ｊｈｕ－ｐｏｉｑ－ｗｅｒ", MeetingLink, "ｍｅｅｔ．ｇｏｏｇｌｅ．ｃｏｍ／ｊｈｕ－ｐｏｉｑ－ｗｅｒ", "https://meet.google.com/jhu-poiq-wer"},
		{"meet[.]google[.]com/qrs-tuvw-xyz", MeetingLink, "meet[.]google[.]com/qrs-tuvw-xyz", "https://meet.google.com/qrs-tuvw-xyz"},
		{"meet dot google dot com slash bnv-ghty-wqa", MeetingLink, "meet dot google dot com slash bnv-ghty-wqa", "https://meet.google.com/bnv-ghty-wqa"},
		{"Voici le code de la réunion : kpx-mdqw-zrm", MeetingLink, "kpx-mdqw-zrm", "https://meet.google.com/kpx-mdqw-zrm"},
		{"calendar.app.google/Xy7pQ2rT9wLmN4vB6", MeetingLink, "calendar.app.google/Xy7pQ2rT9wLmN4vB6", "https://calendar.app.google/Xy7pQ2rT9wLmN4vB6"},
		{"teams.live.com/meet/9351234567890", MeetingLink, "teams.live.com/meet/9351234567890", "https://teams.live.com/meet/9351234567890"},
		{"https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmY2%40thread.v2/0?context=%7b%22Tid%22%7d", MeetingLink, "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmY2%40thread.v2/0?context=%7b%22Tid%22%7d", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmY2%40thread.v2/0?context=%7b%22Tid%22%7d"},
		{"Webex: https://acme.webex.com/meet/j.ruiz", MeetingLink, "https://acme.webex.com/meet/j.ruiz", "https://acme.webex.com/meet/j.ruiz"},
		{"whereby.com/ana-lima — no install needed", MeetingLink, "whereby.com/ana-lima", "https://whereby.com/ana-lima"},
		{"meet.jit.si/OlenaUXsync", MeetingLink, "meet.jit.si/OlenaUXsync", "https://meet.jit.si/OlenaUXsync"},
		{"calendly.com/jthompson/intro", MeetingLink, "calendly.com/jthompson/intro", "https://calendly.com/jthompson/intro"},
		{"book me here cal.com/rahul/15min", MeetingLink, "cal.com/rahul/15min", "https://cal.com/rahul/15min"},
		{"register: https://zoom.us/meeting/register/tJ0kc-uqrz8q", MeetingLink, "https://zoom.us/meeting/register/tJ0kc-uqrz8q", "https://zoom.us/meeting/register/tJ0kc-uqrz8q"},
		{"g.co/meet/abc-defg-hij", MeetingLink, "g.co/meet/abc-defg-hij", "https://g.co/meet/abc-defg-hij"},
		{"Skype call link: join.skype.com/AbC123dEfGhI", MeetingLink, "join.skype.com/AbC123dEfGhI", "https://join.skype.com/AbC123dEfGhI"},
		{"Zoom Meeting ID: 845 2231 9076", MeetingLink, "845 2231 9076", "https://zoom.us/j/84522319076"},
	},
	"handles": {
		{"wa.me/2348031234567", Handle, "wa.me/2348031234567", "whatsapp:+2348031234567"},
		{"https://api.whatsapp.com/send?phone=5511912345678&text=Oi", Handle, "https://api.whatsapp.com/send?phone=5511912345678&text=Oi", "whatsapp:+5511912345678"},
		{"chat.whatsapp.com/Fx8KqL2mRt9BcD4eVw1Zs7", Handle, "chat.whatsapp.com/Fx8KqL2mRt9BcD4eVw1Zs7", "whatsapp:group/Fx8KqL2mRt9BcD4eVw1Zs7"},
		{"t.me/olena_k_design", Handle, "t.me/olena_k_design", "telegram:olena_k_design"},
		{"t.mе/ana_dev", Handle, "t.mе/ana_dev", "telegram:ana_dev"},
		{"tg://resolve?domain=ana_dev", Handle, "tg://resolve?domain=ana_dev", "telegram:ana_dev"},
		{"m.me/fatimazahra.ma", Handle, "m.me/fatimazahra.ma", "messenger:fatimazahra.ma"},
		{"linkedin.com/in/rahul-verma-dev", Handle, "linkedin.com/in/rahul-verma-dev", "linkedin:rahul-verma-dev"},
		{"bsky.app/profile/ana.dev", Handle, "bsky.app/profile/ana.dev", "bluesky:ana.dev"},
		{"ana.bsky.social", Handle, "ana.bsky.social", "bluesky:ana.bsky.social"},
		{"facebook.com/ahmed.hassan.design", Handle, "facebook.com/ahmed.hassan.design", "facebook:ahmed.hassan.design"},
		{"instagram.com/lena.draws", Handle, "instagram.com/lena.draws", "instagram:lena.draws"},
		{"twitter.com/jackthompson_dev — DMs open", Handle, "twitter.com/jackthompson_dev", "twitter:jackthompson_dev"},
		{"our server → discord.gg/8XyZq2P", Handle, "discord.gg/8XyZq2P", "discord:invite/8XyZq2P"},
		{"join our Slack: acme-dev.slack.com, channel #web", Handle, "acme-dev.slack.com", "slack:acme-dev"},
		{"wa.link/k8x2qa", Handle, "wa.link/k8x2qa", "whatsapp:wa.link/k8x2qa"},
		{"ig.me/m/lena.draws", Handle, "ig.me/m/lena.draws", "instagram:lena.draws"},
		{"line.me/ti/p/~somchai", Handle, "line.me/ti/p/~somchai", "line:somchai"},
		{"snapchat.com/add/mehmet.y34", Handle, "snapchat.com/add/mehmet.y34", "snapchat:mehmet.y34"},
		{"viber://chat?number=%2B639171234567", Handle, "viber://chat?number=%2B639171234567", "viber:+639171234567"},
		{"skype:live:.cid.3f2a?chat", Handle, "skype:live:.cid.3f2a?chat", "skype:live:.cid.3f2a"},
	},
	"payment links": {
		{"paypal.me/jackthompsonmedia", PaymentAccount, "paypal.me/jackthompsonmedia", "paypal:jackthompsonmedia"},
		{"p a y p a l . m e / kwamemensah", PaymentAccount, "p a y p a l . m e / kwamemensah", "paypal:kwamemensah"},
		{"paypal.com/paypalme/ana", PaymentAccount, "paypal.com/paypalme/ana", "paypal:ana"},
		{"cash.app/$kwamebuilds", PaymentAccount, "cash.app/$kwamebuilds", "cashapp:$kwamebuilds"},
		{"venmo.com/u/Emily-Carter-27", PaymentAccount, "venmo.com/u/Emily-Carter-27", "venmo:emily-carter-27"},
		{"Wise works best for me: wise.com/pay/me/anal123", PaymentAccount, "wise.com/pay/me/anal123", "wise:anal123"},
		{"buymeacoffee.com/ana", PaymentAccount, "buymeacoffee.com/ana", "buymeacoffee:ana"},
	},
	"service home pages are urls": {
		{"zoom.us", URL, "zoom.us", "https://zoom.us"},
		{"whatsapp.com", URL, "whatsapp.com", "https://whatsapp.com"},
		{"t.me/share", URL, "t.me/share", "https://t.me/share"},
		{"instagram.com/p/Cx1", URL, "instagram.com/p/Cx1", "https://instagram.com/p/Cx1"},
	},
}

func TestLinksMustMatch(t *testing.T) {
	d := newLinkDetector(t)
	for group, cases := range linkMustMatch {
		for _, c := range cases {
			want := []linkFinding{{c.kind, c.text, c.value}}
			for _, in := range []string{c.in, "hi, " + c.in + " thanks", c.in + "\n\nthanks!"} {
				got := scanLinkFindings(t, d, in, want...)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: Scan(%q) = %v, want %v", group, in, got, want)
				}
			}
		}
	}
}

// linkMustNotMatch are texts with no link: file names, code, numbers,
// sentences joined without a space, and tools talked about as products.
var linkMustNotMatch = map[string][]string{
	"file names": {
		"setup.py", "I put the notes in README.md and the deploy steps in deploy.sh.", "logo.ai", "index.html",
		"main.go", "config.yaml", "Please send the final_logo.zip and the promo.mov when ready.",
		"Run `python manage.py migrate` then `python main.py --port 8000`.", "open src/utils.py line 40",
		"long.test.tar.bz2 test.tar.bz2 tar.bz2", "show image.jpg", "path:to:file.pm", "/path/to/file.pl",
	},
	"code": {
		"Node.js", "ASP.NET", "I'm comfortable with Discord.js v14", "ASP.NET Core and VB.NET developer",
		"client.messages.create(to=customer.phone, from_=settings.TWILIO_NUMBER, body=text)",
		"user.name = 'x'; print(user.id)", "model.fit(X, y); plt.show()", "user.email.split('@')[0]",
		"this.$emit('update:modelValue', value)", "@app.route('/webhook', methods=['POST'])",
		"The config lives in settings.yaml and the secrets in .env.local.", "$TEST.T $test.tt",
		"std::cout << x;", "javascript:window.alert('hi')",
	},
	"numbers": {
		"e.g. this", "i.e. that", "v1.2.3", "3.5mm jack", "Upgrade from Python 3.8.10 to 3.12.2", "1.2.3.4.5",
		"The campaign runs from 12.03.2025 to 30.04.2025.", "Budget Rp 7.500.000", "E.164, e.g. country code",
		"CNPJ 12.345.678/0001-95", "No.1 seller", "approx.5 hours", "version:1.0", "Today is 21.5.2021",
	},
	"run-on sentences": {
		"done.It works", "I'm done.it works now", "ok.so what now", "he said no.it was fine", "Sr.Dev needed",
		"I might come for 2 days.so you can be prepared", "Sorry da thangam.it's my mistake.",
		"Ya had just now.onion roast.", "K ill drink.pa then what doing.", "tot about u 2day.love n miss",
		"c u soon.xxx", "charges also differ.be sure you trust them", "MY WIFE OF MY LIKING.BE THAT AND SEE",
	},
	"spelled words that are not symbols": {
		"my point is valid", "at this point in time", "it was a dot com business in 1999",
	},
	"products and accounts, not links": {
		"I build WhatsApp bots", "Zoom SDK integration", "PayPal checkout integration",
		"a one-time-use code for the meeting", "my profile here: https://www.upwork.com/freelancers/~01abc", "Mera Skype id ana.lima.design nahi", "LINE ID: somchai.dev",
		"mi skype es javier.ruiz.dev, agrégame", "example.invalid", "localhost:3000", "http://localhost:8000/abc",
		"We'll sync the tasks into Monday.com boards", "We migrated from Heroku to Fly.io last year",
		"Real-time updates use Socket.io with a Redis adapter.", "Senior dot net developer with 8 years experience",
	},
	"emails": {
		"name@example.com", "lena.vogel(a)gmx.de", "olena.kovalenko равлик ukr.net",
		"drop me a line → priya.nair.dev ＠ gmail ． com", "name.al-lastname@foo.com or name.al+lastname@foo.com",
	},
}

func TestLinksMustNotMatch(t *testing.T) {
	d := newLinkDetector(t)
	for group, ins := range linkMustNotMatch {
		for _, in := range ins {
			if got := scanLinkFindings(t, d, in); len(got) != 0 {
				t.Errorf("%s: Scan(%q) = %v, want none", group, in, got)
			}
		}
	}
}

// TestLinksDisguised checks that links seen only after undoing a disguise
// are marked Disguised, and plain ones are not.
func TestLinksDisguised(t *testing.T) {
	d := newLinkDetector(t)
	for in, want := range map[string]bool{
		"github.com/ana":                      false,
		"github dot com slash ana":            true,
		"anastudio[.]io":                      true,
		"www . kwamebuilds . io":              true,
		"ｇｉｔｈｕｂ．ｃｏｍ／ａｎａ":                      true,
		"hxxps://evil.example.com":            true,
		"kwame builds (one word) dot com":     true,
		"Google Meet code: kpx-mdqw-zrn, ok?": false,
	} {
		fs, err := d.Scan(in)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fs {
			if strings.HasPrefix(f.Rule, "link.") {
				found = true
				if f.Disguised != want {
					t.Errorf("Scan(%q) = %+v, want Disguised %v", in, f, want)
				}
			}
		}
		if !found {
			t.Errorf("Scan(%q) found no link", in)
		}
	}
}

// TestLinksConversation checks a domain spelled over two messages.
func TestLinksConversation(t *testing.T) {
	d := newLinkDetector(t)
	c := d.NewConversation()
	if fs, _ := c.Scan("lenadraws"); len(fs) != 0 {
		t.Fatalf("Scan(%q) = %v, want none", "lenadraws", fs)
	}
	fs, err := c.Scan("dot studio")
	if err != nil {
		t.Fatal(err)
	}
	var got []linkFinding
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "link.") {
			got = append(got, linkFinding{f.Kind, f.Text, f.Value})
		}
	}
	want := []linkFinding{{URL, "dot studio", "https://lenadraws.studio"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scan(%q) = %v, want %v", "dot studio", got, want)
	}
}

// TestLinksHostile checks that inputs built to stress the link finder
// finish fast and keep spans inside the input on rune boundaries. It runs
// the link detector alone, so that the timing is its own.
func TestLinksHostile(t *testing.T) {
	d := newLinkDetector(t)
	inputs := map[string]string{
		"schemes":      strings.Repeat("http://", 100000),
		"hosts":        strings.Repeat("a.b.", 100000),
		"long label":   strings.Repeat("a", 500000) + ".com",
		"www":          strings.Repeat("www.", 100000),
		"colons":       strings.Repeat(":", 500000),
		"paths":        "http://a.com/" + strings.Repeat("(", 500000),
		"meet codes":   strings.Repeat("meeting abc-defg-hij ", 20000),
		"zoom ids":     strings.Repeat("meeting id 845 2231 9076 ", 20000),
		"joined names": strings.Repeat("a b (one word) dot com ", 20000),
		"links":        strings.Repeat("see ana.design/x and zoom.us/j/123456789 ", 20000),
		"spelled":      strings.Repeat("github dot com slash ana ", 20000),
		"spaced":       strings.Repeat("w w w . a n a . i o ", 20000),
		"bad utf-8":    strings.Repeat("P\xfd.\xfeie\x82 ", 50000),
	}
	for name, in := range inputs {
		start := time.Now()
		s := newScan(d, in, nil)
		detectLinks(s)
		if el := time.Since(start); el > 3*time.Second {
			t.Errorf("%s: detectLinks took %v", name, el)
		}
		for _, f := range s.out {
			if f.Start < 0 || f.End > len(in) || f.Start > f.End || !utf8.RuneStart(in[f.Start]) ||
				f.End < len(in) && !utf8.RuneStart(in[f.End]) || in[f.Start:f.End] != f.Text {
				t.Fatalf("%s: bad span %+v", name, f)
			}
		}
	}
}

func TestPunyDecode(t *testing.T) {
	for in, want := range map[string]string{"p1ai": "рф", "80akhbyknj4f": "испытание", "8y0a063a": "联通", "d1acufc": "домен"} {
		if got, ok := punyDecode(in); !ok || got != want {
			t.Errorf("punyDecode(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-", "zz!"} {
		if got, ok := punyDecode(in); ok {
			t.Errorf("punyDecode(%q) = %q, want failure", in, got)
		}
	}
}

// linkBenchClean and linkBenchLinks are realistic marketplace messages
// without and with links.
var (
	linkBenchClean = []string{
		"Hi Ana, thanks for the proposal. Could you share two examples of dashboards you built with React?",
		"Load time went from 4.8 s to 1.3 s; LCP is now 1.1 s on 4G. Upgraded Node.js to v20.11.1 too.",
		"I put the notes in README.md and the deploy steps in deploy.sh, e.g. for staging.",
		"Great, I'll send the offer today. The first milestone is the wireframes, due on 15.03.2025.",
		"We had 3.2M impressions, 41,870 clicks and 1,204 conversions in Q3. Meeting at 10:30 works.",
	}
	linkBenchLinks = []string{
		"Portfolio: behance.net/anadesigns and more samples on ana-lima.design",
		"Here's the repo: https://github.com/rahul-verma-dev/auth-demo — check the README.",
		"Could we do the interview on Zoom instead? I've set one up: zoom.us/j/81234567892 at 14:00 UTC",
		"my github: github dot com slash priya-nair, or t.me/ana_dev for quick questions",
		"paypal.me/jackthompsonmedia works, or book a slot at calendly.com/ana-lima/30min",
	}
)

func benchmarkLinkMessages(b *testing.B, msgs []string) {
	d, err := New(Options{Kinds: []Kind{URL, MeetingLink, Handle, PaymentAccount}})
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range msgs {
			s := newScan(d, m, nil)
			detectLinks(s)
		}
	}
}

// BenchmarkLinksClean measures the link detector (with the fold and
// prefilter it needs) on messages without links.
func BenchmarkLinksClean(b *testing.B) { benchmarkLinkMessages(b, linkBenchClean) }

// BenchmarkLinksWithLinks measures it on messages with plain and
// disguised links.
func BenchmarkLinksWithLinks(b *testing.B) { benchmarkLinkMessages(b, linkBenchLinks) }

// BenchmarkLinksScan measures a whole Scan of the mixed messages.
func BenchmarkLinksScan(b *testing.B) {
	d := newLinkDetector(b)
	msgs := append(append([]string{}, linkBenchClean...), linkBenchLinks...)
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range msgs {
			d.Scan(m)
		}
	}
}

// BenchmarkLinksDetectorOnly measures detectLinks alone on scans built
// beforehand (fold, prefilter and views excluded), clean and link
// messages mixed.
func BenchmarkLinksDetectorOnly(b *testing.B) {
	d, err := New(Options{Kinds: []Kind{URL, MeetingLink, Handle, PaymentAccount}})
	if err != nil {
		b.Fatal(err)
	}
	msgs := append(append([]string{}, linkBenchClean...), linkBenchLinks...)
	scans := make([]*scan, len(msgs))
	total := 0
	for i, m := range msgs {
		scans[i] = newScan(d, m, nil)
		total += len(m)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range scans {
			s.out = s.out[:0]
			detectLinks(s)
		}
	}
}

// TestPlatformHosts checks that links to the marketplace's own domains,
// built-in or given as Options.PlatformNames, are no findings.
func TestPlatformHosts(t *testing.T) {
	d, err := New(Options{PlatformNames: []string{"Acme Jobs", "https://www.acme-jobs.io/"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		"see my profile: upwork.com/freelancers/~01abc",
		"the job is at acme-jobs.io/jobs/123",
		"https://hire.acme-jobs.io/contracts/9",
	} {
		got, _ := d.Scan(in)
		for _, f := range got {
			if f.Kind == URL {
				t.Errorf("Scan(%q) = %v, want no url on the platform's own domain", in, got)
			}
		}
	}
	got, _ := newTestDetector(t).Scan("the job is at acme-jobs.io/jobs/123")
	found := false
	for _, f := range got {
		found = found || f.Kind == URL
	}
	if !found {
		t.Errorf("without the platform name, Scan = %v, want a url", got)
	}
}
