package detect

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

func TestCollapse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"j a v i e r . r u i z @ h o t m a i l . c o m", "javier.ruiz@hotmail.com"},
		{"priya.nair.dev @ gmail . com", "priya.nair.dev@gmail.com"},
		{"ana at g m a i l", "ana at gmail"},
		{"w w w . s i t e . c o m / a n a", "www.site.com/ana"},
		{"t e l e g r a m : @ a n a _ d e v", "telegram:@ana_dev"},
		// Fewer than four spaced characters are ordinary words.
		{"a b c", "a b c"},
		{"plan A or B", "plan A or B"},
		// A lone symbol between spaces stays unless words are on both sides.
		{"5 . 30", "5.30"},
		{"end . ", "end . "},
		{"hello world", "hello world"},
	}
	for _, tt := range tests {
		v := collapse(normalize.Fold(tt.in))
		if v.S != tt.want {
			t.Errorf("collapse(%q).S = %q, want %q", tt.in, v.S, tt.want)
		}
		checkView(t, "collapse", v)
	}
}

func TestSpellOut(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ana dot lima at gmail dot com", "ana.lima@gmail.com"},
		{"ana.lima AT gmail DOT com", "ana.lima@gmail.com"},
		{"rahul.verma9 at the rate gmail dot com", "rahul.verma9@gmail.com"},
		{"maria arroba gmail punto com", "maria@gmail.com"},
		{"ivan собака yandex точка ru", "ivan@yandex.ru"},
		{"lan a còng gmail chấm com", "lan@gmail.com"},
		{"mehmet et işareti gmail nokta com", "mehmet@gmail.com"},
		{"juan underscore dc underscore 07", "juan_dc_07"},
		{"github dot com slash priya-nair", "github.com/priya-nair"},
		{"dmitri(at)sokolov(.)dev", "dmitri@sokolov.dev"},
		{"rahul (dot) verma (at) outlook (dot) com", "rahul.verma@outlook.com"},
		{"ayesha [dot] siddiqui [at] hotmail", "ayesha.siddiqui@hotmail"},
		{"anastudio[.]io", "anastudio.io"},
		{"john{at}company<dot>io", "john@company.io"},
		{"lena.vogel(a)gmx.de", "lena.vogel@gmx.de"},
		{"th4nd1 at gm41l d0t c0m", "th4nd1@gmail.com"},
		// "(a)" apart from the words is a list item.
		{"option (a) example.com", "option (a) example.com"},
		// A symbol word needs words on both sides.
		{"Dot the i's", "Dot the i's"},
		{"ping me at: hello", "ping me at: hello"},
		{"look at", "look at"},
		// A word that only starts like a symbol word is kept.
		{"attack dotted", "attack dotted"},
	}
	for _, tt := range tests {
		v := spellOut(normalize.Fold(tt.in))
		if v.S != tt.want {
			t.Errorf("spellOut(%q).S = %q, want %q", tt.in, v.S, tt.want)
		}
		checkView(t, "spellOut", v)
	}
}

// TestSpellOutSpans checks that a spelled-out address maps back to exactly
// what the user typed.
func TestSpellOutSpans(t *testing.T) {
	in := "mail: ana dot lima at gmail dot com, thanks"
	v := spellOut(normalize.Fold(in))
	i := strings.Index(v.S, "ana.lima@gmail.com")
	if i < 0 {
		t.Fatalf("spellOut(%q).S = %q, want the address", in, v.S)
	}
	a, b := v.Span(i, i+len("ana.lima@gmail.com"))
	if got, want := in[a:b], "ana dot lima at gmail dot com"; got != want {
		t.Errorf("Span of the address in spellOut(%q) = %q, want %q", in, got, want)
	}
	if !v.Changed(i, i+len("ana.lima@gmail.com")) {
		t.Errorf("spellOut(%q).Changed = false, want true", in)
	}
}

func TestSpelledSymbol(t *testing.T) {
	tests := []struct {
		in   string
		sym  byte
		rest string // what follows the symbol
		ok   bool
	}{
		{"at gmail", '@', " gmail", true},
		{"at the rate gmail", '@', " gmail", true},
		{"at the rate of gmail", '@', " gmail", true},
		{"et işareti gmail", '@', " gmail", true},
		{"a còng gmail", '@', " gmail", true},
		{"dot com", '.', " com", true},
		{"d0t com", '.', " com", true},
		{"slash ana", '/', " ana", true},
		{"atlas", 0, "", false},
		{"a cat", 0, "", false},
		{strings.Repeat("x", 100), 0, "", false},
	}
	for _, tt := range tests {
		sym, end, ok := spelledSymbol(tt.in, 0)
		if ok != tt.ok || ok && (sym != tt.sym || tt.in[end:] != tt.rest) {
			t.Errorf("spelledSymbol(%q, 0) = %q, %d, %v; want %q, rest %q, %v", tt.in, sym, end, ok, tt.sym, tt.rest, tt.ok)
		}
	}
}

func TestBracketSymbol(t *testing.T) {
	tests := []struct {
		in  string
		i   int
		sym byte
		ok  bool
	}{
		{"x(at)y", 1, '@', true},
		{"x [ . ] y", 2, '.', true},
		{"x{dot}y", 1, '.', true},
		{"x<at>y", 1, '@', true},
		{"x(a)y", 1, '@', true},
		{"x (a) y", 2, 0, false},
		{"(a) y", 0, 0, false},
		{"x(b)y", 1, 0, false},
		{"x(at", 1, 0, false},
	}
	for _, tt := range tests {
		sym, _, ok := bracketSymbol(tt.in, tt.i)
		if ok != tt.ok || sym != tt.sym {
			t.Errorf("bracketSymbol(%q, %d) = %q, %v; want %q, %v", tt.in, tt.i, sym, ok, tt.sym, tt.ok)
		}
	}
}

func TestUnLeet(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"gm41l", "gmail", true},
		{"gm4i1", "gmail", true},
		{"h0tm41l", "hotmail", true},
		{"yah00", "yahoo", true},
		{"c0m", "com", true},
		{"d0t", "dot", true},
		{"gmail", "", false}, // nothing to undo
		{"b4d", "", false},   // not a known word
		{"2024", "", false},
	}
	for _, tt := range tests {
		got, ok := unLeet(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("unLeet(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestViewsHostile checks that the views stay sane on hostile input: they
// finish (linear time), and map back onto rune boundaries.
func TestViewsHostile(t *testing.T) {
	units := []string{"a ", "a b c ", ". ", " . ", "at ", "x at y ", "dot ", "(at)", "(a)", "[", "at the rate ",
		"gm41l ", "ё ", "a\u200b ", strings.Repeat("x", 1000) + " "}
	for _, u := range units {
		in := strings.Repeat(u, 200000/len(u))
		f := normalize.Fold(in)
		checkView(t, "collapse", collapse(f))
		checkView(t, "spellOut", spellOut(f))
		checkView(t, "spellOut(collapse)", spellOut(collapse(f)))
	}
}

// checkView checks that every rune of view v maps to a range of the
// original on rune boundaries.
func checkView(t *testing.T, name string, v *normalize.Text) {
	t.Helper()
	if !utf8.ValidString(v.S) || len(v.Lower) != len(v.S) {
		t.Fatalf("%s(%.40q): invalid view %.40q", name, v.Orig, v.S)
	}
	for i := 0; i < len(v.S); {
		_, n := utf8.DecodeRuneInString(v.S[i:])
		a, b := v.Span(i, i+n)
		if a < 0 || b > len(v.Orig) || a > b {
			t.Fatalf("%s(%.40q): Span(%d, %d) = %d, %d out of range", name, v.Orig, i, i+n, a, b)
		}
		if a < len(v.Orig) && !utf8.RuneStart(v.Orig[a]) || b < len(v.Orig) && !utf8.RuneStart(v.Orig[b]) {
			t.Fatalf("%s(%.40q): Span(%d, %d) = %d, %d splits a rune", name, v.Orig, i, i+n, a, b)
		}
		i += n
	}
}

// TestViewSymbolSpans checks that the spaces around a spelled or spaced
// symbol belong to the symbol, so that a span ending before the symbol
// ends at the last letter typed.
func TestViewSymbolSpans(t *testing.T) {
	tests := []struct {
		name, in, piece, want string
		view                  func(*normalize.Text) *normalize.Text
	}{
		{"spelled dot", "ana at gmail dot c o m", "gmail", "gmail", spellOut},
		{"spelled at", "ana at gmail", "@", " at ", spellOut},
		{"bracketed", "ana (at) gmail", "@", " (at) ", spellOut},
		{"spaced dot", "gmail . com", ".", " . ", collapse},
	}
	for _, tt := range tests {
		v := tt.view(normalize.Fold(tt.in))
		i := strings.Index(v.S, tt.piece)
		if i < 0 {
			t.Errorf("%s: view of %q is %q, want %q in it", tt.name, tt.in, v.S, tt.piece)
			continue
		}
		a, b := v.Span(i, i+len(tt.piece))
		if got := tt.in[a:b]; got != tt.want {
			t.Errorf("%s: Span of %q in the view of %q = %q, want %q", tt.name, tt.piece, tt.in, got, tt.want)
		}
	}
}

// TestSymbolPhrasePrefilter checks that a multi-word spelled symbol whose
// first word is an everyday word ("a còng", "forward slash", "under
// score", "et işareti", "guion bajo") sets its keyword group only when the
// whole phrase occurs: still found when written, and no spelled-out view
// built for the first word alone.
func TestSymbolPhrasePrefilter(t *testing.T) {
	d := newTestDetector(t)
	found := []struct {
		in    string
		kind  Kind
		text  string
		value string
	}{
		{"ana.lima a cong gmail.com", Email, "ana.lima a cong gmail.com", "ana.lima@gmail.com"},
		{"lan a còng gmail chấm com", Email, "lan a còng gmail chấm com", "lan@gmail.com"},
		{"ana.lima et işareti gmail.com", Email, "ana.lima et işareti gmail.com", "ana.lima@gmail.com"},
		{"ana under score lima at gmail dot com", Email, "ana under score lima at gmail dot com", "ana_lima@gmail.com"},
		{"ana guion bajo lima arroba gmail punto com", Email, "ana guion bajo lima arroba gmail punto com", "ana_lima@gmail.com"},
		{"anastudio.io forward slash portfolio", URL, "anastudio.io forward slash portfolio", "https://anastudio.io/portfolio"},
	}
	for _, tt := range found {
		for _, in := range []string{tt.in, "hi, " + tt.in + " thanks"} {
			fs, err := d.Scan(in)
			if err != nil {
				t.Fatal(err)
			}
			ok := false
			for _, f := range fs {
				if f.Kind == tt.kind && f.Text == tt.text && f.Value == tt.value {
					ok = true
				}
			}
			if !ok {
				t.Errorf("Scan(%q) = %v, want %s %q = %q", in, fs, tt.kind, tt.text, tt.value)
			}
		}
	}
	// The first word alone sets no symbol group.
	for _, in := range []string{
		"I use Figma, Webflow and a bit of Three.js for the hero animations.",
		"Looking forward to phase two.",
		"It is under review.",
		"Paris et Lyon.",
		"guion de video",
	} {
		s := newScan(d, in, nil)
		if g := s.sig.words & kwPhraseGroups; g != 0 {
			t.Errorf("prefilter(%q) symbol groups = %b, want none", in, g)
		}
		if s.sig.words&kwPhrase != 0 {
			t.Errorf("prefilter(%q) leaked the phrase mark", in)
		}
	}
}

// TestWindowedViewsMatchWholeViews checks that the views of a long text
// built from windows around what they undo, and the passes that read only
// the windows around their keywords (nearView), give the findings that
// whole views give: every evasion, email case and held-out message, each
// between lines of ordinary chat, in one long text and in pieces of a few
// KB.
func TestWindowedViewsMatchWholeViews(t *testing.T) {
	d := newTestDetector(t)
	var msgs []string
	for _, e := range evasions {
		msgs = append(msgs, e.text)
	}
	for _, g := range emailMatches {
		for _, c := range g.cases {
			msgs = append(msgs, c.in)
		}
	}
	for _, g := range emailNonMatches {
		msgs = append(msgs, g.cases...)
	}
	msgs = append(msgs, heldOutTexts(t, "identifiers", "intents")...)
	filler := []string{
		"Thanks, the dashboard looks great at 1440px; I'll review the rest at 5pm.",
		"Budget for phase two is $2,400 over six weeks, starting 03/02.",
		"Can we move the deadline to Friday? The pricing page needs one more pass.",
		"I pushed version 2.3.1, please check it before the call here on the platform.",
	}
	var texts []string
	var b strings.Builder
	for i, m := range msgs {
		b.WriteString(filler[i%len(filler)] + " " + filler[(i+1)%len(filler)] + "\n" + m + "\n")
		if b.Len() > 6000 {
			texts = append(texts, b.String())
			b.Reset()
		}
	}
	texts = append(texts, b.String())
	all := strings.Join(texts, "")
	texts = append(texts, all)
	scanAll := func() [][]Finding {
		var out [][]Finding
		for _, text := range texts {
			fs, err := d.Scan(text)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fs)
		}
		return out
	}
	windows := scanAll()
	defer func(n int) { windowMin = n }(windowMin)
	windowMin = len(all) + 1
	whole := scanAll()
	n := 0
	for i := range texts {
		n += len(whole[i])
		if reflect.DeepEqual(windows[i], whole[i]) {
			continue
		}
		t.Errorf("text %d (%d bytes): %d findings with windows, %d with whole views", i, len(texts[i]), len(windows[i]), len(whole[i]))
		w, h := windows[i], whole[i]
		for k := range max(len(w), len(h)) {
			if k >= len(w) || k >= len(h) || !reflect.DeepEqual(w[k], h[k]) {
				var fw, fh Finding
				if k < len(w) {
					fw = w[k]
				}
				if k < len(h) {
					fh = h[k]
				}
				t.Errorf("first difference: %+v with windows, %+v whole", fw, fh)
				break
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d findings in all: the test tests little", n)
	}
}

// FuzzWindowedViews checks, on a fuzzed message between long stretches of
// chat, that the views built from windows give the findings whole views
// give, and that the findings keep the invariants of FuzzScan.
func FuzzWindowedViews(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, e := range evasions {
		f.Add(e.text)
	}
	d := newTestDetector(f)
	pad := strings.Repeat("Thanks, the dashboard looks great; I'll review the rest at 5pm (after lunch). ", 30)
	f.Fuzz(func(t *testing.T, in string) {
		text := pad + in + "\n" + pad + in
		windows, err := d.Scan(text)
		if err != nil {
			t.Skip()
		}
		checkFindings(t, text, windows)
		defer func(n int) { windowMin = n }(windowMin)
		windowMin = len(text) + 1
		whole, _ := d.Scan(text)
		if show(windows) != show(whole) {
			t.Fatalf("%q: with windows\n%v\nwith whole views\n%v", in, show(windows), show(whole))
		}
	})
}

// TestNearView checks that a long text's keyword passes read the windows
// around their keywords only, and a short text's the whole folded view.
func TestNearView(t *testing.T) {
	d := newTestDetector(t)
	chat := strings.Repeat("Thanks, the dashboard looks great; I'll review the rest at 5pm. ", 150)
	text := chat + "Wire it to account 12345678 at Chase, and my Venmo is @ana-lima. " + chat
	s := newScan(d, text, nil)
	defer s.release()
	for _, c := range []struct {
		g    uint64
		want string
	}{{kwBank, "account 12345678"}, {kwPayment, "venmo is @ana-lima"}, {kwMessenger, ""}} {
		v := s.nearView(c.g)
		if len(v.S) > 4*windowMargin+2 {
			t.Errorf("nearView(%#x) of a %d-byte text is %d bytes, want the windows around one word", c.g, len(text), len(v.S))
		}
		if !strings.Contains(v.Lower, c.want) {
			t.Errorf("nearView(%#x) = %q, want it to hold %q", c.g, v.S, c.want)
		}
		if k := strings.Index(v.Lower, c.want); c.want != "" && k >= 0 {
			if a, z := v.Span(k, k+len(c.want)); !strings.EqualFold(text[a:z], c.want) {
				t.Errorf("nearView(%#x): %q maps to %q of the input", c.g, c.want, text[a:z])
			}
		}
	}
	fs, err := d.Scan(text)
	if err != nil {
		t.Fatal(err)
	}
	found := func(kind Kind, sub string) bool {
		for _, f := range fs {
			if f.Kind == kind && strings.Contains(text[f.Start:f.End], sub) {
				return true
			}
		}
		return false
	}
	if !found(PaymentAccount, "12345678") || !found(PaymentAccount, "ana-lima") {
		t.Errorf("Scan of the long text = %v, want the bank account and the Venmo id", fs)
	}
	short := newScan(d, "my venmo is @ana-lima", nil)
	defer short.release()
	if v := short.nearView(kwPayment); v != short.fold {
		t.Errorf("nearView of a short text = %q, want the folded view", v.S)
	}
}

// TestReleaseClearsScan checks that a scan put back in the pool points
// into no text: every field is zero but the pooled buffers, which hold no
// finding, view or string of the text.
func TestReleaseClearsScan(t *testing.T) {
	d := newTestDetector(t)
	long := strings.Repeat("Thanks, I'll review the rest at 5pm. ", 80)
	for _, text := range []string{
		"write to ana dot lima at gmail dot com or call +44 7700 900123",
		"m y  w h a t s a p p  i s  +1 415 555 0100",
		long + "my venmo is @ana-lima, account 12345678 at the bank " + long,
	} {
		starts := []int{0, len(text) / 2} // the second half as a reply
		for len(text) > 0 && !utf8.RuneStart(text[starts[1]]) {
			starts[1]++
		}
		s := newScan(d, text, starts)
		s.views()
		s.run()
		out := s.out
		s.release()
		pooled := map[string]bool{"out": true, "foldScratch": true, "spellAt": true, "collapseAt": true, "kwAt": true, "phone": true}
		v := reflect.ValueOf(s).Elem()
		for i := 0; i < v.NumField(); i++ {
			if name := v.Type().Field(i).Name; !pooled[name] && !v.Field(i).IsZero() {
				t.Errorf("%.30q: field %s not cleared by release", text, name)
			}
		}
		for k, f := range out[:cap(out)] {
			if f != (Finding{}) {
				t.Errorf("%.30q: finding %d kept after release: %+v", text, k, f)
			}
		}
	}
}

// TestPrefilterSignals checks the signals that let detectors skip a text:
// the IDN dot check needs a non-ASCII character, Meet codes a hyphen, the
// email provider pass a provider's name that can stand for its domain.
func TestPrefilterSignals(t *testing.T) {
	d := newTestDetector(t)
	for _, c := range []struct {
		in                         string
		hyphen, nonASCII, provider bool
	}{
		{"Sounds good, see you on Monday.", false, false, false},
		{"join abc-defg-hij at 5", true, false, false},
		{"ＡＢＣ－ＤＥＦＧ－ＨＩＪ", true, false, false}, // fullwidth, folded to ASCII
		{"сайт президент.рф", false, true, false},
		{"👍 sounds good", false, true, false},
		{"café-bar", true, true, false},
		{"the page is live, the orange button too", false, false, false}, // weak names
		{"my gmail is ana.lima88", false, false, true},
		{"ana.lima88 on live.com", false, false, true},
	} {
		s := newScan(d, c.in, nil)
		if s.sig.hyphen != c.hyphen || s.sig.nonASCII != c.nonASCII || s.sig.provider != c.provider {
			t.Errorf("prefilter(%q): hyphen %v, nonASCII %v, provider %v; want %v, %v, %v", c.in,
				s.sig.hyphen, s.sig.nonASCII, s.sig.provider, c.hyphen, c.nonASCII, c.provider)
		}
		s.release()
	}
	for _, text := range []string{"meet code abc-defg-hij", "мой сайт президент.рф", "my gmail is ana.lima88", "ana dot lima arroba live"} {
		fs, err := d.Scan(text)
		if err != nil || len(fs) == 0 {
			t.Errorf("Scan(%q) = %v, %v; want a finding", text, fs, err)
		}
	}
}

// TestWeakProviderOpensNoWindow checks that a weak provider name ("live")
// opens no window of the spelled-out view in a long text unless its TLD
// follows, while a strong one ("gmail") does.
func TestWeakProviderOpensNoWindow(t *testing.T) {
	d := newTestDetector(t)
	chat := strings.Repeat("The new page is live, thanks for the review of the pricing table. ", 60)
	for _, c := range []struct {
		tail    string
		windows int
	}{
		{"", 0},
		{"Mine is ana.lima88 on live.com", 1},
		{"My gmail is ana.lima88", 1},
	} {
		s := newScan(d, chat+c.tail, nil)
		if len(s.spellAt) != c.windows {
			t.Errorf("%q: %d spelled-out windows, want %d", c.tail, len(s.spellAt), c.windows)
		}
		s.release()
	}
}
