package detect

import (
	"strings"
	"testing"
)

// BenchmarkIntents measures the intent detector alone on the chat mix,
// every message of which passes its prefilter or not as in a real scan.
func BenchmarkIntents(b *testing.B) {
	d := newTestDetector(b)
	total := 0
	var scans []*scan
	for _, m := range benchMessages {
		total += len(m)
		scans = append(scans, newScan(d, m, nil))
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range scans {
			s.out = s.out[:0]
			detectIntents(s)
		}
	}
}

// BenchmarkIntentsDense measures a long text full of trigger words.
func BenchmarkIntentsDense(b *testing.B) {
	d := newTestDetector(b)
	text := strings.Repeat("Please send me your WhatsApp number, let's do the interview on Zoom and I'll pay you via PayPal to skip the fees. ", 40)
	s := newScan(d, text, nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.out = s.out[:0]
		detectIntents(s)
	}
}
