package policy

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/chaperone-dev/chaperone/detect"
)

// FuzzDecide checks the invariants of a decision on any text and context:
// no panic, the same decision every time, a valid redacted text that keeps
// what is not masked, reasons that point at findings.
func FuzzDecide(f *testing.F) {
	for _, s := range []string{
		"mail me at ana dot lima at gmail dot com",
		"call +44 7911 123456 or pay paypal.me/ana",
		"what's your whatsapp? 😀 https://zoom.us/j/5551234567",
		"\xff\xfe invalid ana@x.io",
		"wA7s YA wAtsAp\x800", // a finding ending before a stray continuation byte
		"",
	} {
		f.Add(s, uint8(0), false)
		f.Add(s, uint8(37), true)
	}
	det, err := detect.New(detect.Options{})
	if err != nil {
		f.Fatal(err)
	}
	p := Default()
	f.Fuzz(func(t *testing.T, text string, c uint8, enterprise bool) {
		ctx := Context{
			Channel:    Channels[int(c)%len(Channels)],
			Sender:     Roles[int(c/5)%len(Roles)],
			Contract:   Contracts[int(c/10)%len(Contracts)],
			Enterprise: enterprise,
		}
		fs, err := det.Scan(text)
		if err != nil {
			return
		}
		d1, err := p.Decide(ctx, text, fs)
		if err != nil {
			t.Fatalf("Decide(%q): %v", text, err)
		}
		d2, _ := p.Decide(ctx, text, fs)
		if diff := cmp.Diff(d1, d2); diff != "" {
			t.Fatalf("Decide(%q) not deterministic:\n%s", text, diff)
		}
		if utf8.ValidString(text) && !utf8.ValidString(d1.Redacted) {
			t.Errorf("Decide(%q): redacted %q is not UTF-8", text, d1.Redacted)
		}
		if d1.Action == Allow || d1.Action == Warn {
			if d1.Redacted != text {
				t.Errorf("Decide(%q) = %s with redacted %q", text, d1.Action, d1.Redacted)
			}
		}
		for _, r := range d1.Reasons {
			if r.Finding < 0 || r.Finding >= len(fs) || fs[r.Finding].Kind != r.Kind {
				t.Errorf("Decide(%q): reason %+v points at no finding", text, r)
			}
		}
		// Redaction is idempotent for identifiers: the redacted text,
		// scanned again, holds no identifier made of a mask. (An intent
		// phrase may take in a mask's words — "what's [contact details
		// hidden]" — and be masked again; that is no leak.)
		if d1.Redacted != text {
			if fs2, err := det.Scan(d1.Redacted); err == nil {
				for _, f := range fs2 {
					if slices.Contains(detect.IdentifierKinds, f.Kind) && strings.Contains(f.Text, "hidden]") {
						t.Errorf("Decide(%q): the mask in %q was found again as %s %q", text, d1.Redacted, f.Kind, f.Text)
					}
				}
			}
		}
		// Text before the first finding and after the last is kept.
		if len(fs) > 0 {
			first, last := fs[0].Start, 0
			for _, f := range fs {
				first, last = min(first, f.Start), max(last, f.End)
			}
			if len(d1.Redacted) < first || d1.Redacted[:first] != text[:first] || len(d1.Redacted)-(len(text)-last) < 0 || d1.Redacted[len(d1.Redacted)-(len(text)-last):] != text[last:] {
				t.Errorf("Decide(%q): redacted %q changed text outside the findings", text, d1.Redacted)
			}
		}
	})
}
