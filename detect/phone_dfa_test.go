package detect

import (
	"math/rand"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers/v2"
)

// TestPhoneDFAMatchesRegexp checks that the automata of the metadata's
// patterns, as this package compiles them (number descriptions, leading
// digits, national prefixes, formats), answer as the regular expressions
// do: for each region, on every prefix of its example numbers, their
// one-digit neighbours, random digit strings of every length a national
// number can have, and strings with a non-digit.
func TestPhoneDFAMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	col, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	var common []string
	for n := 0; n <= 18; n++ {
		for k := 0; k < 6; k++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte('0' + rng.Intn(10))
			}
			common = append(common, string(b))
		}
	}
	common = append(common, "7700a900123", "+447700900123", "12 34", "٣٤٥", "0x1")
	pats, built, states, most := 0, 0, 0, 0
	for _, md := range col.GetMetadata() {
		var ps []string
		inputs := append([]string(nil), common...)
		for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetGeneralDesc(), md.GetPremiumRate(), md.GetTollFree(),
			md.GetSharedCost(), md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(),
			md.GetFixedLine(), md.GetMobile()} {
			ps = append(ps, "^(?:"+d.GetNationalNumberPattern()+")$")
			nsn := d.GetExampleNumber()
			for k := 0; k <= len(nsn); k++ {
				inputs = append(inputs, nsn[:k])
			}
			for k := 0; k < 4 && nsn != ""; k++ {
				m := []byte(nsn)
				m[rng.Intn(len(m))] = byte('0' + rng.Intn(10))
				inputs = append(inputs, string(m), string(m)+strconv.Itoa(rng.Intn(10)))
			}
		}
		if ld := md.GetLeadingDigits(); ld != "" {
			ps = append(ps, "^(?:"+ld+")")
		}
		if npp := md.GetNationalPrefixForParsing(); npp != "" {
			ps = append(ps, "^(?:"+npp+")")
			if p := md.GetNationalPrefix(); p != "" {
				for _, in := range inputs[len(common):] {
					inputs = append(inputs, p+in)
				}
			}
		}
		for _, f := range md.GetNumberFormat() {
			ps = append(ps, "^(?:"+f.GetPattern()+")$")
			if ld := f.GetLeadingDigitsPattern(); len(ld) > 0 {
				ps = append(ps, "^(?:"+ld[len(ld)-1]+")")
			}
		}
		for _, pat := range ps {
			pats++
			r := mustCompilePhoneRE(pat)
			if r.next != nil {
				built++
				states += len(r.midAccept)
				most = max(most, len(r.midAccept))
			}
			for _, in := range inputs {
				if got, want := r.MatchString(in), r.re.MatchString(in); got != want {
					t.Fatalf("%s: pattern %q on %q: automaton %v, regexp %v", md.GetId(), pat, in, got, want)
				}
			}
		}
	}
	t.Logf("%d patterns, %d with an automaton, %d states, at most %d", pats, built, states, most)
	if built < pats*99/100 {
		t.Errorf("only %d of %d patterns have an automaton", built, pats)
	}
}

// TestPhoneDFAAnchors checks the automaton on hand-made patterns: the
// end anchor, a prefix pattern, an empty pattern, alternations that match
// the empty string, an unbounded repeat, and patterns it must leave to
// the regular expression.
func TestPhoneDFAAnchors(t *testing.T) {
	for _, c := range []struct {
		pat string
		in  []string
	}{
		{`^(?:7\d{3})$`, []string{"", "7", "7123", "71234", "8123", "7a23"}},
		{`^(?:7[0-4]|8)`, []string{"", "7", "70", "7012", "75", "8", "89", "9", "7x", "70x"}},
		{`^(?:)$`, []string{"", "1"}},
		{`^(?:|12)$`, []string{"", "1", "12", "123"}},
		{`^(?:1?2?)`, []string{"", "3", "12"}},
		{`^(?:\d+)$`, []string{"", "1", "1234567890123456789"}},
		{`^(?:1$|12)`, []string{"1", "12", "13", "123"}},
	} {
		r := mustCompilePhoneRE(c.pat)
		if r.next == nil {
			t.Errorf("%q: no automaton", c.pat)
		}
		for _, in := range c.in {
			if got, want := r.MatchString(in), r.re.MatchString(in); got != want {
				t.Errorf("%q on %q: automaton %v, regexp %v", c.pat, in, got, want)
			}
		}
	}
	for _, pat := range []string{`7\d`, `^(?:\b7)`, `^(?:(?m)7$)`} {
		if r := mustCompilePhoneRE(pat); r.next != nil {
			t.Errorf("%q: an automaton, want the regular expression alone", pat)
		}
	}
}

// FuzzPhoneDFA compares the automata of a few regions' patterns with
// their regular expressions on any input.
func FuzzPhoneDFA(f *testing.F) {
	for _, s := range []string{"", "7700900123", "+447700900123", "020 7946 0018", "0x1", "٣٤٥", "1\xff2"} {
		f.Add(s)
	}
	var res []*phoneRE
	for _, r := range []string{"GB", "US", "DE", "IT", "AR", "IN"} {
		ti := phoneTypes(r)
		res = append(res, ti.general.re, ti.mobile.re, ti.fixed.re)
		if ti.leading != nil {
			res = append(res, ti.leading)
		}
		if ti.nppRE != nil {
			res = append(res, ti.nppRE)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range res {
			if got, want := r.MatchString(s), r.re.MatchString(s); got != want {
				t.Fatalf("pattern %q on %q: automaton %v, regexp %v", r.re, s, got, want)
			}
		}
	})
}
