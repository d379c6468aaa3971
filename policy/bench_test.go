package policy

import (
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
)

// benchDecide measures what Decide adds to a scan, on the findings the
// detector gives for text.
func benchDecide(b *testing.B, ctx Context, text string) {
	det, err := detect.New(detect.Options{})
	if err != nil {
		b.Fatal(err)
	}
	fs, err := det.Scan(text)
	if err != nil {
		b.Fatal(err)
	}
	p := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Decide(ctx, text, fs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideClean: most messages have no finding.
func BenchmarkDecideClean(b *testing.B) {
	benchDecide(b, Context{Channel: Message, Sender: Freelancer}, "Thanks, I'll send the first drafts tomorrow morning.")
}

// BenchmarkDecideBlocked: a request and an email before a contract, blocked
// with a notice and a redacted text.
func BenchmarkDecideBlocked(b *testing.B) {
	benchDecide(b, Context{Channel: Message, Sender: Freelancer}, "Sure, what's your email? Mine is ana.lima@gmail.com")
}

// BenchmarkDecideAllowed: the same in an Enterprise conversation.
func BenchmarkDecideAllowed(b *testing.B) {
	benchDecide(b, Context{Channel: Message, Sender: Freelancer, Enterprise: true}, "Sure, what's your email? Mine is ana.lima@gmail.com")
}

// BenchmarkDecidePayment: payment details and a request, blocked and
// flagged everywhere.
func BenchmarkDecidePayment(b *testing.B) {
	benchDecide(b, Context{Channel: Message, Sender: Freelancer, Contract: Active}, "pay me at paypal.me/analima so we both skip the fees")
}
