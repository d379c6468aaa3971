package policy

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
)

func loadTestPolicy(t testing.TB, path string) *Policy {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(path, data)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return p
}

// TestCustomPolicy decides under an operator's own file: redact instead of
// block, a domain allow-list, a declared exception, a confidence band, a
// strike, the operator's name and masks.
func TestCustomPolicy(t *testing.T) {
	p := loadTestPolicy(t, "testdata/custom.yaml")
	msg := Context{Channel: Message, Sender: Freelancer}
	tests := []struct {
		name     string
		ctx      Context
		text     string
		findings []detect.Finding
		action   Action
		flag     bool
		strike   bool
		redacted string
		notice   string
	}{
		{"contact redacted, not blocked", msg, "mail ana@x.io now",
			[]detect.Finding{{Kind: detect.Email, Start: 5, End: 13, Value: "ana@x.io", Confidence: 1}},
			Redact, false, false, "mail [hidden by Acme Work] now",
			"We hid an email address in your message: on Acme Work, contact details are shared once a contract starts."},
		{"portfolio link allowed", msg, "see github.com/ana",
			[]detect.Finding{{Kind: detect.URL, Start: 4, End: 18, Value: "https://github.com/ana", Confidence: 1}},
			Allow, false, false, "see github.com/ana", ""},
		{"portfolio subdomain allowed", msg, "see ana.github.com",
			[]detect.Finding{{Kind: detect.URL, Start: 4, End: 18, Value: "https://ana.github.com", Confidence: 1}},
			Allow, false, false, "see ana.github.com", ""},
		{"look-alike domain is no portfolio", msg, "see notgithub.com",
			[]detect.Finding{{Kind: detect.URL, Start: 4, End: 17, Value: "https://notgithub.com", Confidence: 1}},
			Redact, false, false, "see [link hidden]", "Only portfolio links before a contract."},
		{"other link after contract", Context{Channel: Message, Sender: Client, Contract: Active}, "see example.com",
			[]detect.Finding{{Kind: detect.URL, Start: 4, End: 15, Value: "https://example.com", Confidence: 1}},
			Allow, false, false, "see example.com", ""},
		{"legal exception", Context{Channel: Message, Sender: Client, Exceptions: []string{"legal"}}, "mail ana@x.io now",
			[]detect.Finding{{Kind: detect.Email, Start: 5, End: 13, Value: "ana@x.io", Confidence: 1}},
			Allow, false, false, "mail ana@x.io now", ""},
		{"unsure phone warns", msg, "call 5551234",
			[]detect.Finding{{Kind: detect.Phone, Start: 5, End: 12, Value: "+15551234", Confidence: 0.5}},
			Warn, false, false, "call 5551234", "This may be a phone number."},
		{"sure phone redacted", msg, "call 5551234",
			[]detect.Finding{{Kind: detect.Phone, Start: 5, End: 12, Value: "+15551234", Confidence: 0.75}},
			Redact, false, false, "call [hidden by Acme Work]",
			"We hid a phone number in your message: on Acme Work, contact details are shared once a contract starts."},
		{"payment strikes", Context{Channel: Proposal, Sender: Freelancer, Contract: Active}, "pay via paypal",
			[]detect.Finding{{Kind: detect.PaymentRequest, Start: 0, End: 14, Confidence: 0.9}},
			Block, true, true, "[hidden by Acme Work]", "A request to pay outside the platform can't be sent: payments go through Acme Work."},
		{"no rule matches: allowed", Context{Channel: JobPost, Sender: Client}, "mail ana@x.io",
			[]detect.Finding{{Kind: detect.Email, Start: 5, End: 13, Value: "ana@x.io", Confidence: 1}},
			Allow, false, false, "mail ana@x.io", ""},
	}
	for _, tt := range tests {
		d, err := p.Decide(tt.ctx, tt.text, tt.findings)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Action != tt.action || d.Flag != tt.flag || d.Strike != tt.strike || d.Redacted != tt.redacted || d.Notice != tt.notice {
			t.Errorf("%s: got %s flag=%v strike=%v redacted=%q notice=%q\nwant %s flag=%v strike=%v redacted=%q notice=%q",
				tt.name, d.Action, d.Flag, d.Strike, d.Redacted, d.Notice, tt.action, tt.flag, tt.strike, tt.redacted, tt.notice)
		}
	}
}

// TestProblems checks that a bad file gives every problem, each with its
// line and rule.
func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string // each "line:rule:substring"; rule may be empty
	}{
		{"not yaml", "version: 1\nrules: [\n", []string{"2::did not find expected node content"}},
		{"empty", "", []string{"0::empty policy file"}},
		{"no version, no rules", "platform: x\n", []string{"0::missing version", "0::no rules"}},
		{"future version", "version: 2\nrules:\n  - {id: a, action: allow}\n", []string{"1::unknown version 2"}},
		{"unknown field", "version: 1\nrules:\n  - id: a\n    action: allow\n    whn: {kind: email}\n",
			[]string{`5::unknown field "whn" in a rule`}},
		{"wrong type", "version: 1\nrules:\n  - id: a\n    action: allow\n    flag: maybe\n",
			[]string{"5::wrong type"}},
		{"every rule problem", `version: 1
exceptions:
  legal: required by law
  Bad-Name: x
notices:
  share: "{{.Found}} hidden"
  broken: "{{.Found"
  missing: "{{.Nope}}"
rules:
  - id: a
    when:
      kind: [email, emial]
      channel: chat
      sender: admin
      contract: signed
      exception: [legal, vip]
      min_confidence: 1.5
      domains: ["not a domain"]
    action: deny
  - id: a
    when: {kind: url}
    action: block
  - when: {kind: handle}
    action: allow
  - id: b
    when: {kind: phone, min_confidence: 0.8, max_confidence: 0.5}
    action: warn
    notice: nope
    mask: x
  - id: c
    when: {kind: payment_request, domains: [example.com]}
    action: block
    reason: r
  - id: BAD
    action: allow
`, []string{
			`4::exception name "Bad-Name"`,
			`7::notice "broken"`,
			`8::notice "missing"`,
			`12:a:unknown kind "emial"`,
			`13:a:unknown channel "chat"`,
			`14:a:unknown sender "admin"`,
			`15:a:unknown contract "signed"`,
			`16:a:exception "vip" is not declared`,
			`17:a:min_confidence must be between 0 and 1`,
			`18:a:"not a domain" is not a domain name`,
			`19:a:unknown action "deny"`,
			`20:a:duplicate id`,
			`22:a:needs a reason or a notice`,
			`23:#3:missing id`,
			`26:b:max_confidence is below min_confidence`,
			`28:b:unknown notice "nope"`,
			`29:b:mask is only used by block and redact`,
			`31:c:domains only match url, meeting_link and email`,
			`34:BAD:id: use`,
		}},
		{"shadowed rule", `version: 1
rules:
  - id: all-private-contact
    when: {channel: [message, proposal], kind: [email, phone]}
    action: block
    reason: no
  - id: disguised-email-in-messages
    when: {channel: message, kind: email, disguised: true}
    action: block
    flag: true
    reason: no
  - id: public-email
    when: {channel: job_post, kind: email}
    action: block
    reason: no
`, []string{`7:disguised-email-in-messages:never decides anything: rule "all-private-contact" (line 3)`}},
	}
	for _, tt := range tests {
		_, err := Load("p.yaml", []byte(tt.file))
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: Load error %v, want *Error", tt.name, err)
			continue
		}
		if len(pe.Problems) != len(tt.want) {
			t.Errorf("%s: %d problems, want %d:\n%v", tt.name, len(pe.Problems), len(tt.want), err)
		}
		for _, w := range tt.want {
			parts := strings.SplitN(w, ":", 3)
			found := false
			for _, p := range pe.Problems {
				if p.File == "p.yaml" && strconv.Itoa(p.Line) == parts[0] && p.Rule == parts[1] && strings.Contains(p.Message, parts[2]) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no problem %q in:\n%v", tt.name, w, err)
			}
		}
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "mine.yaml", Line: 12, Rule: "a", Message: `unknown kind "emial"`}
	if got, want := p.String(), `mine.yaml:12: rule "a": unknown kind "emial"`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestTooLarge(t *testing.T) {
	_, err := Parse("big.yaml", make([]byte, MaxFileBytes+1))
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("Parse(too large) error %v, want the limit", err)
	}
}

// TestVersion checks that the version follows what the policy decides, not
// how its file is written.
func TestVersion(t *testing.T) {
	base := "version: 1\nrules:\n  - id: a\n    when: {kind: email}\n    action: block\n    reason: r\n"
	relaid := "# a comment\nversion: 1\nrules:\n- id: a\n  action: block\n  reason: r\n  when:\n    kind: [email]\n"
	changed := "version: 1\nrules:\n  - id: a\n    when: {kind: email}\n    action: warn\n    reason: r\n"
	v := func(s string) string {
		p, err := Load("v.yaml", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return p.Version()
	}
	if v(base) != v(relaid) {
		t.Errorf("comments and layout changed the version")
	}
	if v(base) == v(changed) {
		t.Errorf("a changed action kept the version")
	}
	if !strings.HasPrefix(v(base), "sha256:") || Default().Version() == v(base) {
		t.Errorf("versions %q and %q", v(base), Default().Version())
	}
}

// TestDefaultFileRoundTrip checks that the default file, as an operator
// gets it, compiles to the default policy.
func TestDefaultFileRoundTrip(t *testing.T) {
	p, err := Load("default.yaml", DefaultFile())
	if err != nil {
		t.Fatal(err)
	}
	if p.Version() != Default().Version() {
		t.Errorf("version %s, want %s", p.Version(), Default().Version())
	}
	if got := len(p.File().Rules); got < 8 {
		t.Errorf("default policy has %d rules", got)
	}
	if names := p.ExceptionNames(); strings.Join(names, ",") != "legal,prior_relationship,scoping" {
		t.Errorf("exceptions %v", names)
	}
}

// TestDefaultExceptions checks the exceptions the default policy declares:
// they open private contact sharing before a contract, never payments,
// never public places.
func TestDefaultExceptions(t *testing.T) {
	p := Default()
	tests := []struct {
		exception string
		channel   Channel
		kind      detect.Kind
		want      Action
	}{
		{"prior_relationship", Message, detect.Email, Allow},
		{"prior_relationship", Message, detect.ContactRequest, Allow},
		{"legal", Proposal, detect.Phone, Allow},
		{"scoping", Message, detect.MeetingLink, Allow},
		{"scoping", Message, detect.MeetingRequest, Allow},
		{"scoping", Message, detect.Email, Block},
		{"prior_relationship", Message, detect.PaymentAccount, Block},
		{"prior_relationship", JobPost, detect.Email, Block},
		{"legal", Profile, detect.Phone, Block},
	}
	for _, tt := range tests {
		ctx := Context{Channel: tt.channel, Sender: Freelancer, Exceptions: []string{tt.exception}}
		d, err := p.Decide(ctx, "x", []detect.Finding{{Kind: tt.kind, Start: 0, End: 1, Confidence: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if d.Action != tt.want {
			t.Errorf("%s in %s, %s: %s, want %s", tt.exception, tt.channel, tt.kind, d.Action, tt.want)
		}
	}
}

// TestReadmeExample compiles the policy file the README shows.
func TestReadmeExample(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README not found:", err)
	}
	s := string(data)
	i := strings.Index(s, "### Policy files")
	if i < 0 {
		t.Fatal("README has no Policy files section")
	}
	s = s[i:]
	start := strings.Index(s, "```yaml\n")
	end := strings.Index(s[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("README's Policy files section has no yaml block")
	}
	p, err := Load("README.md", []byte(s[start+8:start+8+end]))
	if err != nil {
		t.Fatalf("README's policy file: %v", err)
	}
	d, err := p.Decide(Context{Channel: Message, Sender: Client, Exceptions: []string{"legal"}}, "ana@x.io",
		[]detect.Finding{{Kind: detect.Email, Start: 0, End: 8, Value: "ana@x.io", Confidence: 0.9}})
	if err != nil || d.Action != Redact || d.Redacted != "[hidden]" {
		t.Errorf("README's policy decided %+v, %v; want the email redacted", d, err)
	}
}

// TestLoadReportsAll checks that problems Parse finds (unknown fields,
// wrong types) come together with those Compile finds, and that a rule
// with a bad condition does not make later rules look unreachable.
func TestLoadReportsAll(t *testing.T) {
	_, err := Load("p.yaml", []byte(`version: 1
rules:
  - id: a
    when: {kind: [emial]}
    action: block
    reason: r
    colour: red
  - id: b
    when: {kind: email}
    action: block
    reason: r
    flag: maybe
`))
	var pe *Error
	if !errors.As(err, &pe) || len(pe.Problems) != 3 {
		t.Fatalf("Load error %v, want 3 problems", err)
	}
	for i, want := range []string{`unknown kind "emial"`, `unknown field "colour"`, "wrong type: text where true or false"} {
		if !strings.Contains(pe.Problems[i].Message, want) {
			t.Errorf("problem %d = %v, want %q", i, pe.Problems[i], want)
		}
	}
}

// TestFileIsACopy checks that changing what File returns changes neither
// the policy nor the next copy.
func TestFileIsACopy(t *testing.T) {
	p := Default()
	f := p.File()
	f.Notices["payment"] = "changed"
	f.Rules[0].When.Kind[0] = "url"
	f.Strikes.Ladder[0].Level = Suspended
	g := p.File()
	if g.Notices["payment"] == "changed" || g.Rules[0].When.Kind[0] == "url" || g.Strikes.Ladder[0].Level == Suspended {
		t.Errorf("File() shares its maps or slices with the policy")
	}
}

func TestDecideUnknownKind(t *testing.T) {
	_, err := Default().Decide(Context{Channel: Message, Sender: Client}, "x", []detect.Finding{{Kind: "fax", Start: 0, End: 1}})
	if err == nil || !strings.Contains(err.Error(), `unknown kind "fax"`) {
		t.Errorf("Decide(unknown kind) error %v", err)
	}
}
