package detect

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// emailFinding is the part of an email Finding the tables check.
type emailFinding struct {
	Text  string
	Value string
}

// scanEmails scans in with a default Detector and returns its email
// findings.
func scanEmails(t *testing.T, d *Detector, in string) []emailFinding {
	t.Helper()
	fs, err := d.Scan(in)
	if err != nil {
		t.Fatalf("Scan(%q): %v", in, err)
	}
	var out []emailFinding
	for _, f := range fs {
		if f.Kind == Email {
			out = append(out, emailFinding{f.Text, f.Value})
		}
	}
	return out
}

// emailCase is an address the detector must find: the exact original text
// it covers and the lower-case address. alone marks a case whose form
// needs it to stand on its own line (a local part on one line and the
// provider on the next), which the embedding test would break.
type emailCase struct {
	in, text, value string
	alone           bool
}

// emailMatches lists, by source, what the email detector must find.
var emailMatches = []struct {
	source string
	cases  []emailCase
}{
	{"plain addresses (RFC 5322 dot-atom, RFC 6531 letters)", []emailCase{
		{in: "ana.lima@gmail.com", text: "ana.lima@gmail.com", value: "ana.lima@gmail.com"},
		{in: "write to Ana.Lima@Gmail.COM", text: "Ana.Lima@Gmail.COM", value: "ana.lima@gmail.com"},
		{in: "jean-luc.picard+work@starfleet.org", text: "jean-luc.picard+work@starfleet.org", value: "jean-luc.picard+work@starfleet.org"},
		{in: "hiring@brightlane-studio.com", text: "hiring@brightlane-studio.com", value: "hiring@brightlane-studio.com"},
		{in: "Kontakt: lena.vogel@posteo.de.", text: "lena.vogel@posteo.de", value: "lena.vogel@posteo.de"},
		{in: "priya@company.co.in", text: "priya@company.co.in", value: "priya@company.co.in"},
		{in: "contact@mañana.es", text: "contact@mañana.es", value: "contact@mañana.es"},
		{in: "foo@中国.中国", text: "foo@中国.中国", value: "foo@中国.中国"},
		{in: "user@xn--80ak6aa92e.com", text: "user@xn--80ak6aa92e.com", value: "user@xn--80ak6aa92e.com"},
		{in: "<ana@studio.io>", text: "ana@studio.io", value: "ana@studio.io"},
		{in: "mailto:ana@studio.io", text: "ana@studio.io", value: "ana@studio.io"},
		{in: "'ana@studio.io'", text: "ana@studio.io", value: "ana@studio.io"},
		{in: "*ana@studio.io*", text: "ana@studio.io", value: "ana@studio.io"},
		{in: "joe'roe@joe.com", text: "joe'roe@joe.com", value: "joe'roe@joe.com"},
		{in: "192.168.1.1@gmail.com", text: "192.168.1.1@gmail.com", value: "192.168.1.1@gmail.com"},
		{in: "admin@[192.168.1.1]", text: "admin@[192.168.1.1]", value: "admin@[192.168.1.1]"},
		{in: "メールはana@studio.ioです", text: "ana@studio.io", value: "ana@studio.io"},
		{in: "@username email me @test@example.com", text: "test@example.com", value: "test@example.com"},
		{in: "ana@acme.con", text: "ana@acme.con", value: "ana@acme.con"},
		{in: "ana@gmail.con", text: "ana@gmail.con", value: "ana@gmail.com"},
		{in: "email me at ana@gmail.Thanks", text: "ana@gmail", value: "ana@gmail.com"},
		{in: "contact@acme.io.Thanks", text: "contact@acme.io", value: "contact@acme.io"},
	}},
	{"look-alike, fullwidth and zero-width letters (Fold)", []emailCase{
		{in: "giulia.rοmano@gmail.cοm", text: "giulia.rοmano@gmail.cοm", value: "giulia.romano@gmail.com"},
		{in: "аhmеd.hаssаn@gmаil.cоm", text: "аhmеd.hаssаn@gmаil.cоm", value: "ahmed.hassan@gmail.com"},
		{in: "ｐｒｉｙａ．ｋ＠ｇｍａｉｌ．ｃｏｍ", text: "ｐｒｉｙａ．ｋ＠ｇｍａｉｌ．ｃｏｍ", value: "priya.k@gmail.com"},
		{in: "k\u200bw\u200ba\u200bm\u200be@g\u200bmail.com", text: "k\u200bw\u200ba\u200bm\u200be@g\u200bmail.com", value: "kwame@gmail.com"},
	}},
	{"spaced letters and symbols (collapse)", []emailCase{
		{in: "j a v i e r . r u i z @ h o t m a i l . c o m", text: "j a v i e r . r u i z @ h o t m a i l . c o m", value: "javier.ruiz@hotmail.com"},
		{in: "priya.nair.dev ＠ gmail ． com", text: "priya.nair.dev ＠ gmail ． com", value: "priya.nair.dev@gmail.com"},
		{in: "email: ana.lima @ gmail.com", text: "ana.lima @ gmail.com", value: "ana.lima@gmail.com"},
	}},
	{"spelled-out symbols in many languages (spellOut)", []emailCase{
		{in: "ana dot lima at gmail dot com", text: "ana dot lima at gmail dot com", value: "ana.lima@gmail.com"},
		{in: "ana.lima AT gmail DOT com", text: "ana.lima AT gmail DOT com", value: "ana.lima@gmail.com"},
		{in: "hello at studiolima dot design", text: "hello at studiolima dot design", value: "hello@studiolima.design"},
		{in: "rahul.sharma at the rate gmail dot com", text: "rahul.sharma at the rate gmail dot com", value: "rahul.sharma@gmail.com"},
		{in: "maria_garcia92 arroba gmail punto com", text: "maria_garcia92 arroba gmail punto com", value: "maria_garcia92@gmail.com"},
		{in: "lucas.ferreira arroba outlook ponto com ponto br", text: "lucas.ferreira arroba outlook ponto com ponto br", value: "lucas.ferreira@outlook.com.br"},
		{in: "jean.dupont arobase orange point fr", text: "jean.dupont arobase orange point fr", value: "jean.dupont@orange.fr"},
		{in: "marco.rossi chiocciola libero punto it", text: "marco.rossi chiocciola libero punto it", value: "marco.rossi@libero.it"},
		{in: "ivan[собака]mail.ru", text: "ivan[собака]mail.ru", value: "ivan@mail.ru"},
		{in: "lena_schmidt ät gmx punkt de", text: "lena_schmidt ät gmx punkt de", value: "lena_schmidt@gmx.de"},
		{in: "anna.kowalska małpa wp kropka pl", text: "anna.kowalska małpa wp kropka pl", value: "anna.kowalska@wp.pl"},
		{in: "ivan.petrov собака yandex точка ru", text: "ivan.petrov собака yandex точка ru", value: "ivan.petrov@yandex.ru"},
		{in: "oksana.shevchenko равлик ukr.net", text: "oksana.shevchenko равлик ukr.net", value: "oksana.shevchenko@ukr.net"},
		{in: "nguyen.van.a a còng gmail chấm com", text: "nguyen.van.a a còng gmail chấm com", value: "nguyen.van.a@gmail.com"},
		{in: "ayse.kaya et işareti hotmail nokta com", text: "ayse.kaya et işareti hotmail nokta com", value: "ayse.kaya@hotmail.com"},
		{in: "putri.wulan at gmail titik com", text: "putri.wulan at gmail titik com", value: "putri.wulan@gmail.com"},
		{in: "ahmed.ali آت هوتميل دوت كوم", text: "ahmed.ali آت هوتميل دوت كوم", value: "ahmed.ali@hotmail.com"},
		{in: "juan underscore dc underscore 07 at yahoo dot com", text: "juan underscore dc underscore 07 at yahoo dot com", value: "juan_dc_07@yahoo.com"},
		{in: "th4nd1.nk0s1 at gm41l d0t c0m", text: "th4nd1.nk0s1 at gm41l d0t c0m", value: "th4nd1.nk0s1@gmail.com"},
		{in: "Reach me at camila.r at outlook dot com anytime", text: "camila.r at outlook dot com", value: "camila.r@outlook.com"},
		{in: "ana.lima@gmail dot com", text: "ana.lima@gmail dot com", value: "ana.lima@gmail.com"},
		{in: "ana.lima at g mail dot com", text: "ana.lima at g mail dot com", value: "ana.lima@gmail.com"},
	}},
	{"brackets", []emailCase{
		{in: "dmitri(at)sokolov(.)dev", text: "dmitri(at)sokolov(.)dev", value: "dmitri@sokolov.dev"},
		{in: "rahul (dot) verma (at) outlook (dot) com", text: "rahul (dot) verma (at) outlook (dot) com", value: "rahul.verma@outlook.com"},
		{in: "ayesha [dot] siddiqui [at] hotmail [dot] co [dot] uk", text: "ayesha [dot] siddiqui [at] hotmail [dot] co [dot] uk", value: "ayesha.siddiqui@hotmail.co.uk"},
		{in: "john.doe{at}company{dot}io", text: "john.doe{at}company{dot}io", value: "john.doe@company.io"},
		{in: "john.doe <at> company <dot> io", text: "john.doe <at> company <dot> io", value: "john.doe@company.io"},
		{in: "lena.vogel(a)gmx.de", text: "lena.vogel(a)gmx.de", value: "lena.vogel@gmx.de"},
	}},
	{"provider named without its domain", []emailCase{
		{in: "ana.lima.ux at gmail", text: "ana.lima.ux at gmail", value: "ana.lima.ux@gmail.com"},
		{in: "ana.lima@gmail", text: "ana.lima@gmail", value: "ana.lima@gmail.com"},
		{in: "ana.lima@gmail,com", text: "ana.lima@gmail", value: "ana.lima@gmail.com"},
		{in: "first.last at the big G mail", text: "first.last at the big G mail", value: "first.last@gmail.com"},
		{in: "ana.lima at google mail", text: "ana.lima at google mail", value: "ana.lima@gmail.com"},
		{in: "piotr.nowak84 małpa wp", text: "piotr.nowak84 małpa wp", value: "piotr.nowak84@wp.pl"},
	}},
	{"local part given separately", []emailCase{
		{in: "my gmail is ana.lima88", text: "gmail is ana.lima88", value: "ana.lima88@gmail.com"},
		{in: "my yahoo id is priya_k92", text: "yahoo id is priya_k92", value: "priya_k92@yahoo.com"},
		{in: "on google mail: jovana_petrovic", text: "google mail: jovana_petrovic", value: "jovana_petrovic@gmail.com"},
		{in: "hotmail → priya.k92", text: "hotmail → priya.k92", value: "priya.k92@hotmail.com"},
		{in: "I'm priya.k92 on gmail", text: "priya.k92 on gmail", value: "priya.k92@gmail.com", alone: true},
		{in: "priya.k92 (yahoo)", text: "priya.k92 (yahoo)", value: "priya.k92@yahoo.com"},
		{in: "it's just my name at yahoo, piotr.nowak84", text: "at yahoo, piotr.nowak84", value: "piotr.nowak84@yahoo.com"},
		{in: "My email's easy: thandi then nkosi, all lowercase, at gmail.", text: "thandi then nkosi, all lowercase, at gmail", value: "thandinkosi@gmail.com"},
	}},
	{"split over lines", []emailCase{
		{in: "my mail\nnguyen.lan.dev\ngmail com", text: "nguyen.lan.dev\ngmail com", value: "nguyen.lan.dev@gmail.com", alone: true},
		{in: "sofia.gomez.ilustra\nhotmail.com", text: "sofia.gomez.ilustra\nhotmail.com", value: "sofia.gomez.ilustra@hotmail.com", alone: true},
	}},
	{"reversed", []emailCase{
		{in: "moc.liamg@amil.ana <- read it backwards", text: "moc.liamg@amil.ana", value: "ana.lima@gmail.com"},
		{in: "moc.oohay@kp.ayirp", text: "moc.oohay@kp.ayirp", value: "priya.pk@yahoo.com"},
	}},
	{"legend", []emailCase{
		{in: "mail: lucas ferreira 07 🌀 gmail 🔹 com  (🌀 = @, 🔹 = .)", text: "lucas ferreira 07 🌀 gmail 🔹 com", value: "lucasferreira07@gmail.com"},
	}},
	{"isemail valid cases", []emailCase{
		{in: "test@iana.org", text: "test@iana.org", value: "test@iana.org"},
		{in: "test@nominet.org.uk", text: "test@nominet.org.uk", value: "test@nominet.org.uk"},
		{in: "!def!xyz%abc@iana.org", text: "def!xyz%abc@iana.org", value: "def!xyz%abc@iana.org"}, // a leading '!' reads as punctuation
		{in: "~@iana.org", text: "~@iana.org", value: "~@iana.org"},
		{in: "test@c--n.com", text: "test@c--n.com", value: "test@c--n.com"},
		{in: "1234567890123456789012345678901234567890123456789012345678901234@iana.org", text: "1234567890123456789012345678901234567890123456789012345678901234@iana.org", value: "1234567890123456789012345678901234567890123456789012345678901234@iana.org"},
		{in: "test@xn--hxajbheg2az3al.xn--jxalpdlp", text: "test@xn--hxajbheg2az3al.xn--jxalpdlp", value: "test@xn--hxajbheg2az3al.xn--jxalpdlp"},
		{in: "customer/department=shipping@iana.org", text: "shipping@iana.org", value: "shipping@iana.org"},
		{in: "test@iana.org.", text: "test@iana.org", value: "test@iana.org"},
	}},
}

func TestEmailMatches(t *testing.T) {
	d := newTestDetector(t)
	for _, group := range emailMatches {
		for _, c := range group.cases {
			want := []emailFinding{{c.text, c.value}}
			if got := scanEmails(t, d, c.in); !cmp.Equal(got, want) {
				t.Errorf("%s: Scan(%q) = %v, want %v", group.source, c.in, got, want)
			}
			if c.alone {
				continue
			}
			in := "hi, " + c.in + " thanks"
			if got := scanEmails(t, d, in); !cmp.Equal(got, want) {
				t.Errorf("%s: Scan(%q) = %v, want %v", group.source, in, got, want)
			}
		}
	}
}

// TestEmailAtWordBeforeAddress checks that an at word in front of a plain
// address ("reach me at ana@gmail.com"), which lets the detector skip the
// spelled-out view, does not hide a disguised address elsewhere in the
// message.
func TestEmailAtWordBeforeAddress(t *testing.T) {
	d := newTestDetector(t)
	tests := []struct {
		in     string
		values []string
	}{
		{"Reach me at ana.lima.design@gmail.com if you prefer.", []string{"ana.lima.design@gmail.com"}},
		{"Reach me at ana@gmail.com or at bob.smith at outlook.com", []string{"ana@gmail.com", "bob.smith@outlook.com"}},
		{"Reach me at ana@gmail.com or piotr arroba gmail.com", []string{"ana@gmail.com", "piotr@gmail.com"}},
		{"at ana@gmail.com, or at piotr.nowak at gmail", []string{"ana@gmail.com", "piotr.nowak@gmail.com"}},
		{"at ana@gmail.com also kasia at wp.pl", []string{"ana@gmail.com", "kasia@wp.pl"}},
		{"at ana@gmail.com or ana dot lima at yahoo dot com", []string{"ana@gmail.com", "ana.lima@yahoo.com"}},
		{"write at ana@gmail.com and bob(at)mail.ru", []string{"ana@gmail.com", "bob@mail.ru"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range scanEmails(t, d, tt.in) {
			got = append(got, f.Value)
		}
		if !cmp.Equal(got, tt.values) {
			t.Errorf("Scan(%q) = %v, want %v", tt.in, got, tt.values)
		}
	}
}

// TestAtLeadsToDomain checks the gate that spares long texts the
// spelled-out view: an at word counts when a domain can follow it.
func TestAtLeadsToDomain(t *testing.T) {
	d := newTestDetector(t)
	leads := []string{
		"ana at gmail", "ana at gm4il", "ana at g mail dot com", "ana at acme.io", "ana at acme dot io",
		"ana at acme (dot) io", "ana at acme [.] io", "ana at acme punto es", "ana at the rate of yahoo",
		"ana at\nacme.io", "ivan[собака]mail.ru", "ana at my-studio dot co dot uk", "ana at почта точка ру",
	}
	none := []string{
		"at 5pm", "at the end.", "at 12 Market Street, suite 4", "at least we tried", "at 9.30", "at 10am on Friday",
		"at", "at ", "at the. end",
	}
	for _, tc := range append(leads, none...) {
		L := strings.ToLower(tc)
		k := strings.Index(L, "at")
		if k < 0 || strings.Contains(L, "собака") {
			k = strings.Index(L, "собака") + len("собака") - len("at")
		}
		got := atLeadsToDomain(d.keywords, L, k+len("at"))
		if want := slices.Contains(leads, tc); got != want {
			t.Errorf("atLeadsToDomain(%q) = %v, want %v", tc, got, want)
		}
	}
	// Far from the at words that lead nowhere, a spelled address in a
	// long text is still read.
	filler := strings.Repeat("We met at 5pm at the office at 12 Market Street. ", 40)
	for _, tc := range []struct{ in, want string }{
		{filler + "write to ana dot lima at gmail dot com " + filler, "ana.lima@gmail.com"},
		{filler + "ana_lima at outlook " + filler, "ana_lima@outlook.com"},
		{filler + "ana.lima at acme dot io", "ana.lima@acme.io"},
	} {
		var got []string
		for _, f := range scanEmails(t, d, tc.in) {
			got = append(got, f.Value)
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("long text with %q: emails %v", tc.want, got)
		}
	}
}

// emailNonMatches must yield no email finding.
var emailNonMatches = []struct {
	source string
	cases  []string
}{
	{"the word at", []string{
		"I'm at home", "meet at google dot com", "Let's meet at google dot com tomorrow", "look at example.com",
		"I work at google.com", "available at amazon.com", "I'm at gmail", "she's at gmail dot com",
		"we're at version 2 dot 0", "good at python dot org", "I'm online at 9am your time", "see you at 5.30",
		"at least we tried at all", "The meeting is at zoom dot us", "Check out my work at behance.net/ana",
		"file.txt at dropbox.com", "setup.py at github.com", "ASP.NET at microsoft.com", "Node.js at nodejs.org",
		"I worked 3 years at gmail.com as an engineer", "I have an account at gmail.com",
		"Come by our room at some point so we can plan", "Use the Outlook add-in at outlook.office.com",
		"I used to work at yahoo, now at google", "I'm at g mail headquarters", "Our team at acme.io builds apps",
	}},
	{"email as a topic", []string{
		"email marketing campaigns", "Please mask email addresses in the export", "My gmail is full",
		"my gmail is down today", "I use gmail and outlook", "Gmail API integration for our CRM",
		"send it to my email at gmail", "Email deliverability is my main focus: SPF, DKIM, DMARC.",
	}},
	{"mentions, code and commands", []string{
		"@ana_dev", "DM me @ana.lima", "follow @ana.lima.com", "@media (max-width: 768px) { }",
		"@Component({ selector: 'app-root' })", "user.email.split('@')[0]", "const re = /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/;",
		"SELECT email FROM users WHERE email LIKE '%@gmail.com'", "npm i react@18.2.0 lodash@latest",
		"git clone git@github.com:ana/app.git", "ssh -p 22 deploy@acme.io", "ssh root@203.0.113.5",
		"nginx@sha256:abc123", "medium.com/@priya.nair/how-i-cut-build-times", "http://user:pass@example.com:8080",
		"https://www.google.com/maps/@59.9393895,30.3165389,15z",
	}},
	{"numbers and file names", []string{
		"price 5@3.99", "2 @ $5 each", "v1.2@3", "icon@2x.png and logo@3x.jpg", "Meet @ 5pm.ok?", "2 apples @ 3.50 each",
	}},
	{"no real domain", []string{
		"user@localhost", "foo@bar", "root@server.local", "foo@bar.a", "test@iana.a", "Hi there@stuff", "test as@df test",
		"test@-iana.org", "test@iana-.com", "test@.iana.org", "test@iana..com", "a@-b.com", "test@@iana.org",
		"aaa@[123.123.123.123]a", "test@[1.2.3.4", "first.last@", "@iana.org", "thanks@everyone",
		"show msg+ticket@kiosk.Valid 4-7/12", "user@host.local", "logo@final.png",
	}},
	{"payment handles (UPI)", []string{
		"UPI: rahulverma9@okhdfcbank", "Google Pay pe bhej do: 9845012345@ybl", "rahul@paytm",
	}},
	{"bracketed letters that are list items", []string{
		"choose option (a) example.com or (b) test.com",
	}},
}

func TestEmailNonMatches(t *testing.T) {
	d := newTestDetector(t)
	for _, group := range emailNonMatches {
		for _, in := range group.cases {
			if got := scanEmails(t, d, in); len(got) > 0 {
				t.Errorf("%s: Scan(%q) = %v, want none", group.source, in, got)
			}
		}
	}
}

// TestEmailConversation checks addresses split over the messages of a
// thread: each is reported on the message that completes it.
func TestEmailConversation(t *testing.T) {
	tests := []struct {
		messages []string
		want     []emailFinding // in the last message
	}{
		{[]string{"my email is ana.lima.ux", "at gmail"}, []emailFinding{{"at gmail", "ana.lima.ux@gmail.com"}}},
		{[]string{"te paso mi correo", "sofia.gomez.ilustra", "hotmail.com"}, []emailFinding{{"hotmail.com", "sofia.gomez.ilustra@hotmail.com"}}},
		{[]string{"napisz do mnie na maila", "piotr.nowak84", "na wp.pl"}, []emailFinding{{"na wp.pl", "piotr.nowak84@wp.pl"}}},
		{[]string{"ana.lima", "@gmail.com"}, []emailFinding{{"@gmail.com", "ana.lima@gmail.com"}}},
		{[]string{"my email is", "ana.lima", "at gmail dot com"}, []emailFinding{{"at gmail dot com", "ana.lima@gmail.com"}}},
		{[]string{"ana.lima@gmail.com", "thanks!"}, nil},
		{[]string{"I fixed setup.py", "gmail.com works now"}, nil},
		{[]string{"check v2.0", "outlook.com"}, nil},
		{[]string{"what's your email?", "ana.lima88"}, nil},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		c := d.NewConversation()
		var last []Finding
		for _, m := range tt.messages {
			var err error
			if last, err = c.Scan(m); err != nil {
				t.Fatal(err)
			}
		}
		var got []emailFinding
		for _, f := range last {
			if f.Kind == Email {
				got = append(got, emailFinding{f.Text, f.Value})
			}
		}
		if !cmp.Equal(got, tt.want) {
			t.Errorf("Conversation.Scan(%q) = %v, want %v", tt.messages, got, tt.want)
		}
	}
}

// TestEmailFindingFields checks rule, confidence and the disguise flag.
func TestEmailFindingFields(t *testing.T) {
	tests := []struct {
		in        string
		rule      string
		disguised bool
		minConf   float64
	}{
		{"ana.lima@gmail.com", "email.plain", false, 0.9},
		{"giulia.rοmano@gmail.com", "email.plain", true, 0.9},
		{"ana dot lima at gmail dot com", "email.spelled", true, 0.8},
		{"j a v i e r @ h o t m a i l . c o m", "email.spaced", true, 0.8},
		{"ana.lima at gmail", "email.provider", true, 0.6},
		{"my gmail is ana.lima88", "email.hint", true, 0.6},
		{"moc.liamg@amil.ana", "email.reversed", true, 0.7},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		fs, _ := d.Scan(tt.in)
		var got *Finding
		for i := range fs {
			if fs[i].Kind == Email {
				got = &fs[i]
			}
		}
		if got == nil {
			t.Errorf("Scan(%q) found no email", tt.in)
			continue
		}
		if got.Rule != tt.rule || got.Disguised != tt.disguised || got.Confidence < tt.minConf || got.Confidence > 1 {
			t.Errorf("Scan(%q) = %+v, want rule %s, disguised %v, confidence >= %.2f", tt.in, *got, tt.rule, tt.disguised, tt.minConf)
		}
	}
	// An address on a documentation domain is real syntax but nobody's.
	fs, _ := d.Scan("test@example.com")
	if len(fs) != 1 || fs[0].Confidence > 0.6 {
		t.Errorf("Scan(%q) = %v, want one finding with a low confidence", "test@example.com", fs)
	}
}

// TestEmailHostile checks that hostile inputs finish and give sane spans.
func TestEmailHostile(t *testing.T) {
	d, err := New(Options{Kinds: []Kind{Email}})
	if err != nil {
		t.Fatal(err)
	}
	units := []string{"@", "a@", "a@b.", "ana at ", "x at y dot com ", "at gmail ", "a @ b . c ",
		"🌀 = @ ", "(at)", "ana.lima\ngmail\n", "moc.liamg@amil.ana ", "my name at yahoo, piotr.nowak84 ",
		"my gmail is ana.lima88 ", "ana dot lima at gmail dot com "}
	for _, u := range units {
		in := strings.Repeat(u, 200000/len(u))
		fs, err := d.Scan(in)
		if err != nil {
			t.Fatalf("Scan(%q x %d): %v", u, len(in)/len(u), err)
		}
		for _, f := range fs {
			if f.Start < 0 || f.End > len(in) || f.Start >= f.End || !utf8.RuneStart(in[f.Start]) || in[f.Start:f.End] != f.Text {
				t.Fatalf("Scan(%q x %d) gave a bad span: %+v", u, len(in)/len(u), f)
			}
		}
	}
	long := strings.Repeat("a", 100000) + "@gmail.com " + "a@" + strings.Repeat("b", 100000) + ".com"
	if got := scanEmails(t, newTestDetector(t), long); len(got) != 0 {
		t.Errorf("Scan(over-long local part and label) = %v, want none", got)
	}
}

// FuzzEmail checks that the email detector never panics and reports
// spans on rune boundaries of the input.
func FuzzEmail(f *testing.F) {
	for _, g := range emailMatches {
		for _, c := range g.cases {
			f.Add(c.in)
		}
	}
	d, err := New(Options{Kinds: []Kind{Email}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fs, err := d.Scan(in)
		if err != nil {
			return
		}
		for _, x := range fs {
			if x.Start < 0 || x.End > len(in) || x.Start > x.End || in[x.Start:x.End] != x.Text {
				t.Fatalf("Scan(%q) gave a bad span: %+v", in, x)
			}
			if !utf8.ValidString(in) {
				continue // invalid bytes are runes of their own
			}
			if x.Start < len(in) && !utf8.RuneStart(in[x.Start]) || x.End < len(in) && !utf8.RuneStart(in[x.End]) {
				t.Fatalf("Scan(%q) split a rune: %+v", in, x)
			}
		}
	})
}

// emailBenchMessages are typical chat messages, most of them clean, some
// with the words that wake the email detector up.
var emailBenchMessages = []string{
	"Hi! I read your brief and I can start on Monday. The first milestone would take about a week.",
	"Thanks for the invite. Could you share the Figma file? I'll look at it tonight at 9.30 and reply.",
	"I've sent 120M+ emails for e-commerce brands. Klaviyo, Mailchimp, Customer.io. Open rate 47%.",
	"Let's meet at the usual time tomorrow, the client is at lunch until 2pm.",
	"Please mask email addresses in the CSV export, GDPR.",
	"write to me at jthompson.media@outlook.com, the samples are too big for this chat",
	"ana dot lima at gmail dot com",
	"my gmail is ana.lima88",
}

func BenchmarkEmail(b *testing.B) {
	d, err := New(Options{Kinds: []Kind{Email}})
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, m := range emailBenchMessages {
		total += len(m)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range emailBenchMessages {
			d.Scan(m)
		}
	}
}
