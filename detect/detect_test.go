package detect

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func newTestDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(Options{Regions: []string{"XX"}}); err == nil {
		t.Error(`New(Regions: "XX") = nil error, want an error naming the region`)
	}
	if _, err := New(Options{Kinds: []Kind{"fax"}}); err == nil {
		t.Error(`New(Kinds: "fax") = nil error, want an error naming the kind`)
	}
}

func TestScanTooLarge(t *testing.T) {
	d, err := New(Options{MaxBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Scan(strings.Repeat("1", 101)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Scan(101 bytes) error = %v, want ErrTooLarge", err)
	}
	if _, err := d.Scan(strings.Repeat("1", 100)); err != nil {
		t.Errorf("Scan(100 bytes) error = %v, want nil", err)
	}
	if _, err := d.NewConversation().Scan(strings.Repeat("1", 101)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Conversation.Scan(101 bytes) error = %v, want ErrTooLarge", err)
	}
}

func TestScanKindsOption(t *testing.T) {
	d, err := New(Options{Kinds: []Kind{Phone}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := d.Scan("write to ana.lima@gmail.com or call +1 415 555 0134")
	for _, f := range got {
		if f.Kind != Phone {
			t.Errorf("Scan with Kinds=[phone] reported %v", f)
		}
	}
	if len(got) == 0 {
		t.Errorf("Scan with Kinds=[phone] found nothing, want the phone")
	}
}

// TestConversationSplit checks that identifiers split over messages are
// reported on the message that completes them, covering their part there.
func TestConversationSplit(t *testing.T) {
	tests := []struct {
		name     string
		messages []string
		kind     Kind
		text     string // in the last message
	}{
		{"phone over two messages", []string{"ok let me give you my number", "+1 (312) 555", "0148"}, Phone, "0148"},
		{"email over two messages", []string{"my email is ana.lima.ux", "at gmail"}, Email, "at gmail"},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := d.NewConversation()
			var last []Finding
			for _, m := range tt.messages {
				var err error
				last, err = c.Scan(m)
				if err != nil {
					t.Fatal(err)
				}
			}
			msg := tt.messages[len(tt.messages)-1]
			for _, f := range last {
				if f.Kind == tt.kind {
					if f.Text != tt.text || msg[f.Start:f.End] != f.Text {
						t.Errorf("Scan(%q) = %+v, want text %q", msg, f, tt.text)
					}
					return
				}
			}
			t.Errorf("Scan(%q) after %q = %v, want a %s finding", msg, tt.messages[:len(tt.messages)-1], last, tt.kind)
		})
	}
}

func TestConversationWindow(t *testing.T) {
	c := newTestDetector(t).NewConversation()
	for i := 0; i < WindowMessages+3; i++ {
		if _, err := c.Scan(strings.Repeat("x", WindowBytes*2)); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.prev) != WindowMessages {
		t.Errorf("window holds %d messages, want %d", len(c.prev), WindowMessages)
	}
	for _, p := range c.prev {
		if len(p) > WindowBytes {
			t.Errorf("window keeps %d bytes of a message, want at most %d", len(p), WindowBytes)
		}
	}
}

// checkFindings asserts the invariants every scan must keep.
func checkFindings(t *testing.T, in string, fs []Finding) {
	t.Helper()
	last := map[Kind]int{}
	for _, f := range fs {
		if f.Start < 0 || f.End > len(in) || f.Start >= f.End {
			t.Fatalf("Scan(%q): finding %+v outside the input", in, f)
		}
		if !runeStart(in, f.Start) || !runeStart(in, f.End) {
			t.Fatalf("Scan(%q): finding %+v not on rune boundaries", in, f)
		}
		if in[f.Start:f.End] != f.Text {
			t.Fatalf("Scan(%q): finding %+v text is not the input's bytes %q", in, f, in[f.Start:f.End])
		}
		if end, ok := last[f.Kind]; ok && f.Start < end {
			t.Fatalf("Scan(%q): %s findings overlap: %v", in, f.Kind, fs)
		}
		last[f.Kind] = f.End
		if f.Confidence <= 0 || f.Confidence > 1 {
			t.Fatalf("Scan(%q): confidence %v out of (0,1]", in, f.Confidence)
		}
		if _, ok := ParseKind(string(f.Kind)); !ok || f.Rule == "" {
			t.Fatalf("Scan(%q): finding %+v lacks a kind or rule", in, f)
		}
	}
}

// show renders findings for comparison, following Ref pointers.
func show(fs []Finding) string {
	b, err := json.Marshal(fs)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// runeStart reports whether i is where decoding s rune by rune stops: an
// invalid byte counts as a rune of its own, as utf8.DecodeRuneInString
// reads it.
func runeStart(s string, i int) bool {
	if i == len(s) || utf8.RuneStart(s[i]) {
		return true
	}
	for j := 0; j < len(s); {
		if j == i {
			return true
		}
		if j > i {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
	}
	return false
}

var fuzzSeeds = []string{
	"", "reach me at ana dot lima at gmail dot com", "+1 (415) 555-0134", "nine one seven five five five",
	"ａｎａ＠ｇｍａｉｌ．ｃｏｍ", "4\ufe0f\u20e31\ufe0f\u20e35\ufe0f\u20e3 5 5 5", "zoom.us/j/81234567890",
	"IBAN DE89 3704 0044 0532 0130 00", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "t.me/ana_dev",
	"a\xffb\x00c@d.com", "j a v i e r . r u i z @ h o t m a i l . c o m", "$AnaLima paypal.me/ana",
	strings.Repeat("@", 50), strings.Repeat("1 ", 40), "O8O3 l23 4567", "моя почта ana собака yandex точка ru",
	"ａｎａ＠ｇｍX\xbd0000000000000000", // found by fuzzing: an email ending before an invalid byte
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	d := newTestDetector(f)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := d.Scan(in)
		if err != nil {
			t.Skip()
		}
		checkFindings(t, in, got)
		again, _ := d.Scan(in)
		if show(got) != show(again) {
			t.Fatalf("Scan(%q) not deterministic:\n%v\n%v", in, got, again)
		}
	})
}

func FuzzConversation(f *testing.F) {
	f.Add("+1 (312) 555", "0148")
	f.Add("my email is ana", "at gmail")
	f.Add("\xff", "\x00@")
	d := newTestDetector(f)
	f.Fuzz(func(t *testing.T, a, b string) {
		c := d.NewConversation()
		fa, err := c.Scan(a)
		if err == nil {
			checkFindings(t, a, fa)
		}
		fb, err := c.Scan(b)
		if err == nil {
			checkFindings(t, b, fb)
		}
	})
}

// TestHostileInput checks that large and repetitive inputs finish and keep
// the invariants; the benchmarks below measure their speed.
func TestHostileInput(t *testing.T) {
	d := newTestDetector(t)
	rng := rand.New(rand.NewSource(1))
	inputs := map[string]string{
		"digits":          strings.Repeat("1234567890", 20000),
		"at signs":        strings.Repeat("@", 200000),
		"dots":            strings.Repeat("a.", 100000),
		"spelled symbols": strings.Repeat("ana dot lima at gmail ", 5000),
		"spaced letters":  strings.Repeat("a b ", 50000),
		"number words":    strings.Repeat("nine one seven ", 10000),
		"brackets":        strings.Repeat("(at)[dot]{", 10000),
		"invalid utf-8":   strings.Repeat("\xff\xfe", 50000),
		"random bytes": func() string {
			b := make([]byte, 100000)
			rng.Read(b)
			return string(b)
		}(),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			got, err := d.Scan(in)
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, in, got)
		})
	}
}

// benchMessages is a realistic mix: mostly clean chat, a few with
// contact details, as on a marketplace.
var benchMessages = []string{
	"Hi Ana, thanks for the proposal. Could you share two examples of dashboards you built with React?",
	"Sure! I have shipped 12 dashboards in the last 3 years; the budget of $1,500 works for me.",
	"Great, I'll send the offer today. The first milestone is the wireframes, due on 15/03.",
	"I've pushed the fix to the staging branch, please check when you can.",
	"Load time went from 4.8 s to 1.3 s; LCP is now 1.1 s on 4G.",
	"Can we move the deadline to Friday? The API docs were late.",
	"The invoice #20231145 was paid, thank you!",
	"Let's keep everything here on the platform until the contract starts.",
	"Reach me at ana.lima.design@gmail.com if you prefer.",
	"call me on +44 7700 900123 after 6pm",
	"Thanks, approved the milestone. Looking forward to phase two.",
	"I use Figma, Webflow and a bit of Three.js for the hero animations.",
}

func BenchmarkScanChat(b *testing.B) { benchScan(b, benchMessages) }

// benchScan scans msgs one by one per iteration, reporting bytes per
// second over their total length.
func benchScan(b *testing.B, msgs []string) {
	d := newTestDetector(b)
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, m := range msgs {
			d.Scan(m)
		}
	}
}

func BenchmarkScanClean(b *testing.B) {
	d := newTestDetector(b)
	m := benchMessages[0]
	b.SetBytes(int64(len(m)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.Scan(m)
	}
}

func BenchmarkScanJobPost(b *testing.B) {
	d := newTestDetector(b)
	var sb strings.Builder
	for sb.Len() < 5000 {
		for _, m := range benchMessages[:8] {
			sb.WriteString(m)
			sb.WriteByte(' ')
		}
	}
	m := sb.String()
	b.SetBytes(int64(len(m)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.Scan(m)
	}
}

func BenchmarkScanHostileDigits(b *testing.B) {
	d := newTestDetector(b)
	m := strings.Repeat("1234567890", 10000)
	b.SetBytes(int64(len(m)))
	for i := 0; i < b.N; i++ {
		d.Scan(m)
	}
}

// TestConcurrentScans checks that one Detector gives the same findings
// from many goroutines as from one: scans share pooled state.
func TestConcurrentScans(t *testing.T) {
	d := newTestDetector(t)
	msgs := append(append([]string{}, benchMessages...), fuzzSeeds...)
	want := make([]string, len(msgs))
	for i, m := range msgs {
		fs, _ := d.Scan(m)
		want[i] = show(fs)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(msgs))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range msgs {
				i := (k + g) % len(msgs)
				fs, _ := d.Scan(msgs[i])
				if got := show(fs); got != want[i] {
					errs <- fmt.Sprintf("Scan(%q) = %s, want %s", msgs[i], got, want[i])
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// threadFindings scans msgs as one conversation and returns the last
// message's findings of kind k as "text=value", checking each span.
func threadFindings(t *testing.T, d *Detector, name string, msgs []string, k Kind) []string {
	t.Helper()
	c := d.NewConversation()
	var fs []Finding
	var err error
	for _, m := range msgs {
		if fs, err = c.Scan(m); err != nil {
			t.Fatal(err)
		}
	}
	last := msgs[len(msgs)-1]
	var got []string
	for _, f := range fs {
		if f.Kind == k {
			if last[f.Start:f.End] != f.Text {
				t.Errorf("%s: span %d:%d is not %q", name, f.Start, f.End, f.Text)
			}
			got = append(got, f.Text+"="+f.Value)
		}
	}
	return got
}

// BenchmarkScanDenseContacts scans a text made only of requests and
// addresses, the worst case for linking each address to its request.
func BenchmarkScanDenseContacts(b *testing.B) {
	d := newTestDetector(b)
	text := strings.Repeat("email me at ana.lima@gmail.com ", 16000) // ~500 KB
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.Scan(text)
	}
}

// TestLinkDense checks that every address of a dense text points at a
// request right next to it.
func TestLinkDense(t *testing.T) {
	d := newTestDetector(t)
	text := strings.Repeat("email me at ana.lima@gmail.com ", 300)
	fs, err := d.Scan(text)
	if err != nil {
		t.Fatal(err)
	}
	emails := 0
	for _, f := range fs {
		if f.Kind != Email {
			continue
		}
		emails++
		if f.Ref == nil || f.Ref.Kind != ContactRequest || (f.Start-f.Ref.End > 4 && f.Ref.Start-f.End > 4) {
			t.Fatalf("email at %d-%d: Ref %+v, want a request next to it", f.Start, f.End, f.Ref)
		}
	}
	if emails != 300 {
		t.Errorf("%d emails, want 300", emails)
	}
}

// TestFindingsOutliveScanBuffers checks that findings keep their values
// after later scans reuse the pooled buffers of theirs (the lower-cased
// copy of a text with capitals, the offset map of other text): every
// held-out message, as written, in capitals, in title case and after an
// emoji, is scanned once, then all are scanned again
// in the opposite order and each result compared with its first one.
func TestFindingsOutliveScanBuffers(t *testing.T) {
	d := newTestDetector(t)
	var texts []string
	for _, text := range heldOutTexts(t, "identifiers", "intents") {
		// "👍 " sends a text down the fold of non-ASCII text, whose
		// offset map is pooled too.
		texts = append(texts, text, strings.ToUpper(text), titleASCII(text), "👍 "+text)
	}
	first := make([][]Finding, len(texts))
	for i, text := range texts {
		fs, err := d.Scan(text)
		if err != nil {
			t.Fatal(err)
		}
		first[i] = fs
	}
	found := 0
	for i := len(texts) - 1; i >= 0; i-- {
		fs, _ := d.Scan(texts[i])
		if !reflect.DeepEqual(fs, first[i]) {
			t.Errorf("Scan(%q): %+v at first, %+v now", texts[i], first[i], fs)
		}
		found += len(fs)
	}
	if found == 0 {
		t.Error("no findings: the test tests nothing")
	}
}

// heldOutTexts returns the texts of the messages of the held-out sets
// testdata/heldout/NAME.jsonl, in order.
func heldOutTexts(t testing.TB, names ...string) []string {
	t.Helper()
	var texts []string
	for _, name := range names {
		data, err := os.ReadFile("../testdata/heldout/" + name + ".jsonl")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			var rec struct{ Text string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Text != "" {
				texts = append(texts, rec.Text)
			}
		}
	}
	return texts
}

// titleASCII capitalises the ASCII letter that starts each word of s.
func titleASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' && (i == 0 || b[i-1] == ' ') {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// TestKindBitFollowsAllKinds checks that kindBit gives bit i to the kind
// at index i of AllKinds, and no bit to an unknown kind.
func TestKindBitFollowsAllKinds(t *testing.T) {
	for i, k := range AllKinds {
		if got := kindBit(k); got != 1<<i {
			t.Errorf("kindBit(%q) = %#x, want %#x", k, got, 1<<i)
		}
	}
	if got := kindBit("fax"); got != 0 {
		t.Errorf("kindBit(fax) = %#x, want 0", got)
	}
}
