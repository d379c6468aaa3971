package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestClassifyLink(t *testing.T) {
	for in, want := range map[string]string{
		"ana@gmail.com":                 "email",
		"mailto:ana@gmail.com":          "email",
		"https://user@example.com/x":    "url",
		"zoom.us/j/81234567890":         "meeting_link",
		"https://us02web.zoom.us/j/123": "meeting_link",
		"wa.me/5511999990000":           "handle",
		"https://www.linkedin.com/in/a": "handle",
		"paypal.me/ana":                 "payment_account",
		"ana-design.com":                "url",
		"notzoom.us/j/1":                "url",
	} {
		if got := string(classifyLink(in)); got != want {
			t.Errorf("classifyLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// The stream is the benchmark's input: the same seed must give the same
// bytes on every machine.
func TestSynthStreamDeterministic(t *testing.T) {
	a, b := synthStream(7, 200_000), synthStream(7, 200_000)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("synthStream(7) differs between calls:\n%s", diff)
	}
	if c := synthStream(8, 200_000); cmp.Equal(a, c) {
		t.Fatal("synthStream(8) = synthStream(7)")
	}
	labelled := 0
	for _, m := range a {
		if len(m.Kinds) > 0 {
			labelled++
		}
	}
	// About 2.3% of messages carry a contact detail.
	if share := float64(labelled) / float64(len(a)); share < 0.01 || share > 0.04 {
		t.Errorf("%d of %d messages labelled (%.3f), want about 0.023", labelled, len(a), share)
	}
}

func TestSlope(t *testing.T) {
	var lin, quad []scalePoint
	for _, x := range []int{1000, 10_000, 100_000} {
		lin = append(lin, scalePoint{X: x, Seconds: 3e-9 * float64(x)})
		quad = append(quad, scalePoint{X: x, Seconds: 1e-12 * float64(x) * float64(x)})
	}
	if s := slope(lin); math.Abs(s-1) > 1e-9 {
		t.Errorf("slope(linear) = %v, want 1", s)
	}
	if s := slope(quad); math.Abs(s-2) > 1e-9 {
		t.Errorf("slope(quadratic) = %v, want 2", s)
	}
}

func TestConcatToRuneBoundary(t *testing.T) {
	for n := 90; n < 110; n++ {
		s := concatTo([]string{"héllo wörld 👍 ok"}, n)
		if len(s) != n || !utf8.ValidString(s) {
			t.Fatalf("concatTo(_, %d) = %d bytes, valid UTF-8 %v", n, len(s), utf8.ValidString(s))
		}
	}
}

// The real chat the throughput rounds scan is the texts of the sets found,
// in order; a missing set is left out, not an error.
func TestWriteRealChat(t *testing.T) {
	shared := t.TempDir()
	sms := filepath.Join(shared, realChatSets[0].path)
	if err := os.MkdirAll(filepath.Dir(sms), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sms, []byte(`{"id":"1","text":"call me l8r"}`+"\n"+`{"id":"2","text":"ok ✓"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "real.jsonl")
	sets, msgs, n, err := writeRealChat(shared, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || !strings.HasPrefix(sets[0], realChatSets[0].name) || msgs != 2 || n != int64(len("call me l8r")+len("ok ✓")) {
		t.Fatalf("writeRealChat = %q, %d messages, %d bytes", sets, msgs, n)
	}
	cases, err := loadCases(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Text != "call me l8r" || cases[1].Text != "ok ✓" {
		t.Fatalf("real chat file holds %+v", cases)
	}
}

// A throughput table has a row per system that ran, and the ratio of
// Chaperone to the Go pipeline is taken round by round.
func TestThroughputTable(t *testing.T) {
	runs := [][]speedResult{
		{{System: "chaperone", Bytes: 100e6, Messages: 1000, Seconds: 1}, {System: "go", Bytes: 1e6, Messages: 10, Seconds: 1}},
		{{System: "go", Bytes: 2e6, Messages: 20, Seconds: 1}, {System: "chaperone", Bytes: 100e6, Messages: 1000, Seconds: 1}},
		{{System: "chaperone", Bytes: 120e6, Messages: 1200, Seconds: 1}, {System: "go", Bytes: 1e6, Messages: 10, Seconds: 1}},
	}
	var md strings.Builder
	bars, mbps, goRatio := throughputTable(&md, runs)
	if mbps != 100 || goRatio != 100 || len(bars) != 2 {
		t.Fatalf("throughputTable: %v MB/s, %v× the Go pipeline, %d bars; want 100, 100, 2", mbps, goRatio, len(bars))
	}
	if got := strings.Count(md.String(), "\n| "); got != 2 || strings.Contains(md.String(), systemLabels["js"]) {
		t.Errorf("table rows: %d, want 2 (no JS row)\n%s", got, md.String())
	}
}
