package detect

import (
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers/v2"
)

// TestPhoneNumberTypeMatchesLibrary checks that the compiled number-type
// check gives libphonenumber's answers: on every region's example numbers
// of every type, and on random digit strings parsed in each region and
// with each country code.
func TestPhoneNumberTypeMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	check := func(n *phonenumbers.PhoneNumber, from string) {
		t.Helper()
		want := phonenumbers.GetNumberType(n)
		if got := phoneNumberType(n); got != want {
			t.Errorf("phoneNumberType(%v from %q) = %v, want %v", n, from, got, want)
		}
		if got, want := phoneIsValid(n), phonenumbers.IsValidNumber(n); got != want {
			t.Errorf("phoneIsValid(%v from %q) = %v, want %v", n, from, got, want)
		}
		if got, want := phoneNSN(n), phonenumbers.GetNationalSignificantNumber(n); got != want {
			t.Errorf("phoneNSN(%v from %q) = %q, want %q", n, from, got, want)
		}
		if got, want := phoneE164(n), phonenumbers.Format(n, phonenumbers.E164); got != want {
			t.Errorf("phoneE164(%v from %q) = %q, want %q", n, from, got, want)
		}
		if got, want := phoneIsPossible(n), phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE; got != want {
			t.Errorf("phoneIsPossible(%v from %q) = %v, want %v", n, from, got, want)
		}
		if got, want := phoneNSNLen(n), len(phonenumbers.GetNationalSignificantNumber(n)); got != want {
			t.Errorf("phoneNSNLen(%v from %q) = %d, want %d", n, from, got, want)
		}
	}
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.Intn(10))
		}
		return string(b)
	}
	for _, r := range regions {
		for _, typ := range types {
			n := phonenumbers.GetExampleNumberForTypeInRegion(r, typ)
			if n == nil {
				continue
			}
			check(n, r)
			// Neighbours of the example: one digit changed.
			nsn := []byte(phonenumbers.GetNationalSignificantNumber(n))
			for k := 0; k < 8; k++ {
				m := append([]byte(nil), nsn...)
				m[rng.Intn(len(m))] = byte('0' + rng.Intn(10))
				e := "+" + strconv.Itoa(int(n.GetCountryCode())) + string(m)
				if p, err := phonenumbers.Parse(e, "ZZ"); err == nil {
					check(p, e)
				}
			}
		}
		for k := 0; k < 40; k++ {
			d := digits(6 + rng.Intn(8))
			if n, err := phonenumbers.Parse(d, r); err == nil {
				check(n, r+" "+d)
			}
			cc := phonenumbers.GetCountryCodeForRegion(r)
			if n, err := phonenumbers.Parse("+"+strconv.Itoa(cc)+d, "ZZ"); err == nil {
				check(n, "+"+strconv.Itoa(cc)+d)
			}
		}
	}
}

// TestPhoneNSNLeadingZeros checks phoneNSN, phoneNSNLen and phoneE164 against the
// library on numbers with Italian leading zeros, which no parsed example
// has in every count.
func TestPhoneNSNLeadingZeros(t *testing.T) {
	for _, zeros := range []int32{-1, 0, 1, 2, 5, 17, 40} {
		for _, italian := range []bool{false, true} {
			cc, nn := int32(39), uint64(612345678)
			n := &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nn, ItalianLeadingZero: &italian, NumberOfLeadingZeros: &zeros}
			if got, want := phoneNSN(n), phonenumbers.GetNationalSignificantNumber(n); got != want {
				t.Errorf("phoneNSN(%v) = %q, want %q", n, got, want)
			}
			if got, want := phoneE164(n), phonenumbers.Format(n, phonenumbers.E164); got != want {
				t.Errorf("phoneE164(%v) = %q, want %q", n, got, want)
			}
			if got, want := phoneNSNLen(n), len(phonenumbers.GetNationalSignificantNumber(n)); got != want {
				t.Errorf("phoneNSNLen(%v) = %d, want %d", n, got, want)
			}
		}
	}
}

// TestPhoneParseIntlMatchesLibrary checks phoneParseIntl against
// phonenumbers.Parse on every region's example numbers and on random
// digits after each country code, with and without a trunk prefix.
func TestPhoneParseIntlMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	var inputs []string
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		p := strconv.Itoa(cc)
		for k := 0; k < 30; k++ {
			b := make([]byte, rng.Intn(16))
			for i := range b {
				b[i] = byte('0' + rng.Intn(10))
			}
			inputs = append(inputs, p+string(b), p+"0"+string(b), p+"00"+string(b))
		}
	}
	for r := range phonenumbers.GetSupportedRegions() {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE} {
			if n := phonenumbers.GetExampleNumberForTypeInRegion(r, typ); n != nil {
				e := phonenumbers.Format(n, phonenumbers.E164)[1:]
				inputs = append(inputs, e)
			}
		}
	}
	inputs = append(inputs, "", "1", "12", "0", "01234567", "999123456", "8001234567", "3906123456", "39000", "390000000")
	for _, d := range inputs {
		want, werr := phonenumbers.Parse("+"+d, "ZZ")
		got, gerr := phoneParseIntl(d)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("phoneParseIntl(%q) error %v, want %v", d, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		if got.String() != want.String() {
			t.Errorf("phoneParseIntl(%q) = %v, want %v", d, got, want)
		}
	}
}

// TestPhoneParseNationalMatchesLibrary checks phoneParseNational against
// phonenumbers.Parse for every region, on the national forms of its
// example numbers and on random digits, with and without a trunk prefix,
// the country code or an international prefix in front.
func TestPhoneParseNationalMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	for _, r := range regions {
		var inputs []string
		cc := strconv.Itoa(phonenumbers.GetCountryCodeForRegion(r))
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE} {
			n := phonenumbers.GetExampleNumberForTypeInRegion(r, typ)
			if n == nil {
				continue
			}
			nsn := phonenumbers.GetNationalSignificantNumber(n)
			inputs = append(inputs, nsn, "0"+nsn, "8"+nsn, "1"+nsn, "9"+nsn, "15"+nsn, cc+nsn, cc+"0"+nsn,
				"00"+cc+nsn, "011"+cc+nsn, "021"+nsn, "015"+nsn, "0"+nsn[:2]+"15"+nsn[2:], nsn[:len(nsn)-1],
				phonenumbers.NormalizeDigitsOnly(phonenumbers.Format(n, phonenumbers.NATIONAL)))
		}
		for k := 0; k < 100; k++ {
			b := make([]byte, 5+rng.Intn(11))
			for i := range b {
				b[i] = byte('0' + rng.Intn(10))
			}
			inputs = append(inputs, string(b), "0"+string(b), cc+string(b))
		}
		for _, d := range inputs {
			// national types a reading by the digits the fast path
			// returns, as the number it builds of them would be typed.
			if cc, nsn, ok := phoneParseNationalNSN(d, r); ok {
				if n := phoneNumberOf(cc, nsn); phoneNSN(n) != nsn || n.GetCountryCode() != cc {
					t.Errorf("phoneParseNationalNSN(%q, %q) = %d, %q; its number is %v", d, r, cc, nsn, n)
				}
			}
			want, werr := phonenumbers.Parse(d, r)
			got, gerr := phoneParseNational(d, r)
			if (werr == nil) != (gerr == nil) {
				t.Errorf("phoneParseNational(%q, %q) error %v, want %v", d, r, gerr, werr)
				continue
			}
			if werr == nil && got.String() != want.String() {
				t.Errorf("phoneParseNational(%q, %q) = %v, want %v", d, r, got, want)
			}
		}
	}
}

// TestPhoneNationalFormatMatchesLibrary checks phoneNationalFormat against
// phonenumbers.Format(n, NATIONAL) on every region's example numbers of
// every type and on neighbours of them.
func TestPhoneNationalFormatMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	for r := range phonenumbers.GetSupportedRegions() {
		for _, typ := range types {
			n := phonenumbers.GetExampleNumberForTypeInRegion(r, typ)
			if n == nil {
				continue
			}
			nsn := []byte(phonenumbers.GetNationalSignificantNumber(n))
			for k := 0; k < 6; k++ {
				m := append([]byte(nil), nsn...)
				if k > 0 {
					m[rng.Intn(len(m))] = byte('0' + rng.Intn(10))
				}
				if k == 5 && len(m) > 4 {
					m = m[:len(m)-1]
				}
				p, err := phonenumbers.Parse(string(m), r)
				if err != nil {
					continue
				}
				if got, want := phoneNationalFormat(p), phonenumbers.Format(p, phonenumbers.NATIONAL); got != want {
					t.Errorf("phoneNationalFormat(%v in %s) = %q, want %q", p, r, got, want)
				}
			}
		}
	}
}

func TestPhoneFirstDigits(t *testing.T) {
	bits := func(ds string) uint16 {
		var b uint16
		for _, d := range ds {
			b |= 1 << (d - '0')
		}
		return b
	}
	tests := []struct {
		pat  string
		want uint16
	}{
		{"^(?:7\\d{9})$", bits("7")},
		{"^(?:[2-9]\\d{7}|1[02]\\d{6})$", bits("123456789")},
		{"^(?:(?:8(?:4[2-5]|7[0-3])|9(?:[01]\\d|8[2-49]))\\d{7})$", bits("89")},
		{"^(?:0?[89]\\d{4})$", bits("089")},
		{"^(?:\\d{6,8})$", phoneAnyDigit},
		{"^(?:(?:1|2)?3\\d)$", bits("123")},
		{"^(?:)$", phoneAnyDigit},
		{"^(?:1?)", phoneAnyDigit},
		{"^(?:(?:15)?[2-4])", bits("1234")},
		{"^(?:.5)$", phoneAnyDigit},
		{"(", phoneAnyDigit},
	}
	for _, tt := range tests {
		if got := phoneFirstDigits(tt.pat); got != tt.want {
			t.Errorf("phoneFirstDigits(%q) = %010b, want %010b", tt.pat, got, tt.want)
		}
	}
}

// TestPhonePlusWordsEnd guards phonePlusWord's quick test: every word for
// '+' ends in 's' or 'с', and each is found after a space in any case.
func TestPhonePlusWordsEnd(t *testing.T) {
	for _, w := range phonePlusWords {
		r, _ := utf8.DecodeLastRuneInString(w)
		if r != 's' && r != 'с' {
			t.Errorf("plus word %q ends in %q: phonePlusWord's quick test would miss it", w, r)
		}
		for _, in := range []string{"call " + w, "call " + strings.ToUpper(w)} {
			if got := phonePlusWord(in); got != len(w) {
				t.Errorf("phonePlusWord(%q) = %d, want %d", in, got, len(w))
			}
		}
	}
}

// Formats whose groups have fixed widths are expanded without running
// their pattern: on numbers of every region that each format matches
// whole, the result is the pattern's own replacement.
func TestPhoneFormatWidths(t *testing.T) {
	rng := rand.New(rand.NewSource(23))
	fixed, all := 0, 0
	for r := range phonenumbers.GetSupportedRegions() {
		ti := phoneTypes(r)
		if ti == nil {
			continue
		}
		ti.formatsOnce.Do(ti.compileFormats)
		for _, f := range ti.formats {
			all++
			if f.widths == nil {
				continue
			}
			fixed++
			total := 0
			for _, w := range f.widths {
				total += w
			}
			for k, tried := 0, 0; k < 20 && tried < 2000; tried++ {
				b := make([]byte, total+rng.Intn(3)-1)
				for i := range b {
					b[i] = byte('0' + rng.Intn(10))
				}
				nsn := string(b)
				if !f.whole.MatchString(nsn) || f.leading != nil && !f.leading.MatchString(nsn) {
					continue
				}
				k++
				var tf phoneTypeInfo
				tf.formatsOnce.Do(func() {})
				tf.formats = []phoneFormat{f}
				got := string(tf.appendNational(nil, nsn))
				if want := f.pattern.ReplaceAllString(nsn, f.rule); got != want {
					t.Errorf("%s format %q on %s = %q, want %q", r, f.pattern, nsn, got, want)
				}
			}
		}
	}
	if fixed < all/2 {
		t.Errorf("only %d of %d formats have fixed group widths", fixed, all)
	}
	for _, tt := range []struct {
		pat  string
		want []int
	}{
		{`(\d{3})(\d{3})(\d{4})`, []int{3, 3, 4}},
		{`([2-9]\d)(\d{4})`, []int{2, 4}},
		{`(\d{2})(\d{3,4})`, nil},
		{`(\d)(\d{2})?`, nil},
		{`(\d{2})((\d)\d)`, nil},
		{`(\d|\d{2})(\d)`, nil},
		{`1(\d{3})`, nil},
	} {
		if got := phoneFormatWidths(tt.pat); !slices.Equal(got, tt.want) {
			t.Errorf("phoneFormatWidths(%q) = %v, want %v", tt.pat, got, tt.want)
		}
	}
}
