package detect

import (
	"github.com/chaperone-dev/chaperone/detect/internal/checksum"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// phoneWant is the phone finding a text must produce.
type phoneWant struct {
	Text, Value string
}

// phoneFindings returns the phone findings of fs as (Text, Value) pairs.
func phoneFindings(fs []Finding) []phoneWant {
	var out []phoneWant
	for _, f := range fs {
		if f.Kind == Phone {
			out = append(out, phoneWant{f.Text, f.Value})
		}
	}
	return out
}

// phoneMatchTests must each produce exactly the one phone number, alone
// and inside a sentence.
var phoneMatchTests = []struct {
	source string
	in     string
	want   phoneWant
}{
	// International format: +CC, 00CC, 011CC (ITU-T E.123, E.164).
	{"intl", "+1 (415) 555-0134", phoneWant{"+1 (415) 555-0134", "+14155550134"}},
	{"intl", "+44 7911 123456", phoneWant{"+44 7911 123456", "+447911123456"}},
	{"intl", "+27 (0)82 765 4321", phoneWant{"+27 (0)82 765 4321", "+27827654321"}},
	{"intl", "+91-98450-12345", phoneWant{"+91-98450-12345", "+919845012345"}},
	{"intl", "(+91) 98450 12345", phoneWant{"(+91) 98450 12345", "+919845012345"}},
	{"intl", "0044 7911 123456", phoneWant{"0044 7911 123456", "+447911123456"}},
	{"intl", "011 44 20 7946 0958", phoneWant{"011 44 20 7946 0958", "+442079460958"}},
	{"intl", "+380 (67) 123-45-67", phoneWant{"+380 (67) 123-45-67", "+380671234567"}},
	{"intl", "+55 21 98765-4322", phoneWant{"+55 21 98765-4322", "+5521987654322"}},
	{"intl", "+98 9601", phoneWant{"+98 9601", "+989601"}},
	{"intl", "+687 20.12.34", phoneWant{"+687 20.12.34", "+687201234"}},
	{"intl", "+62 812-3456-7891", phoneWant{"+62 812-3456-7891", "+6281234567891"}},
	// National formats, tried in the default regions.
	{"national", "(415) 555-0134", phoneWant{"(415) 555-0134", "+14155550134"}},
	{"national", "415.555.0134", phoneWant{"415.555.0134", "+14155550134"}},
	{"national", "0917 555 0199", phoneWant{"0917 555 0199", "+639175550199"}},
	{"national", "0300-1234567", phoneWant{"0300-1234567", "+923001234567"}},
	{"national", "06 12 34 56 78", phoneWant{"06 12 34 56 78", "+33612345678"}},
	{"national", "8 (912) 345-67-89", phoneWant{"8 (912) 345-67-89", "+79123456789"}},
	{"national", "(11) 98765-4321", phoneWant{"(11) 98765-4321", "+5511987654321"}},
	{"national", "0491 570 156", phoneWant{"0491 570 156", "+61491570156"}},
	{"national", "07911 123456", phoneWant{"07911 123456", "+447911123456"}},
	{"national", "0803 123 4567", phoneWant{"0803 123 4567", "+2348031234567"}},
	{"national", "0812 3456 7891", phoneWant{"0812 3456 7891", "+6281234567891"}},
	{"national", "09171234568", phoneWant{"09171234568", "+919171234568"}},
	// Possible only: ranges the metadata does not list (fictional UK
	// drama numbers), presented with a country code.
	{"possible", "+44 7700 900123", phoneWant{"+44 7700 900123", "+447700900123"}},
	// Number words, glued words and digits, look-alike letters.
	{"spelled", "four one five five five five zero one three four", phoneWant{"four one five five five five zero one three four", "+14155550134"}},
	{"spelled", "oh seven nine one one, one two three double four five", phoneWant{"oh seven nine one one, one two three double four five", "+447911123445"}},
	{"spelled", "нуль шістдесят сім, сто двадцять три, сорок п'ять, шістдесят сім", phoneWant{"нуль шістдесят сім, сто двадцять три, сорок п'ять, шістдесят сім", "+380671234567"}},
	{"spelled", "zero siyam isa pito, isa dalawa tatlo, apat lima anim pito", phoneWant{"zero siyam isa pito, isa dalawa tatlo, apat lima anim pito", "+639171234567"}},
	{"spelled", "không chín một hai, ba bốn năm, sáu bảy tám", phoneWant{"không chín một hai, ba bốn năm, sáu bảy tám", "+84912345678"}},
	{"spelled", "nine1seven 5five5 zero1two3", phoneWant{"nine1seven 5five5 zero1two3", "+19175550123"}},
	{"spelled", "O8O3 l23 4567", phoneWant{"O8O3 l23 4567", "+2348031234567"}},
	{"spelled", "plus four four seven nine one one one two three four five six", phoneWant{"plus four four seven nine one one one two three four five six", "+447911123456"}},
	{"spelled", "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan", phoneWant{"nol delapan satu dua tiga empat lima enam tujuh delapan sembilan", "+628123456789"}},
	{"spelled", "cero nueve uno siete, uno dos tres, cuatro cinco seis siete", phoneWant{"cero nueve uno siete, uno dos tres, cuatro cinco seis siete", "+919171234567"}},
	// Folded digits: keycaps, fullwidth, Arabic-Indic, mathematical.
	{"folded", "4️⃣1️⃣5️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣3️⃣4️⃣", phoneWant{"4️⃣1️⃣5️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣3️⃣4️⃣", "+14155550134"}},
	{"folded", "４１５-５５５-０１３４", phoneWant{"４１５-５５５-０１３４", "+14155550134"}},
	{"folded", "٠١٠١٢٣٤٥٦٧٨", phoneWant{"٠١٠١٢٣٤٥٦٧٨", "+201012345678"}},
	{"folded", "𝟎𝟗𝟏𝟕 𝟓𝟓𝟓 𝟎𝟏𝟐𝟑", phoneWant{"𝟎𝟗𝟏𝟕 𝟓𝟓𝟓 𝟎𝟏𝟐𝟑", "+639175550123"}},
	// Separators that hide a number: emoji, punctuation runs, spaced
	// digits, one digit per line.
	{"separators", "415 🍕 555 🍕 0134", phoneWant{"415 🍕 555 🍕 0134", "+14155550134"}},
	{"separators", "**04** 10...541.451", phoneWant{"04** 10...541.451", "+61410541451"}},
	{"separators", "0 8 0 3 - 1 2 3 - 4 5 6 7", phoneWant{"0 8 0 3 - 1 2 3 - 4 5 6 7", "+2348031234567"}},
	{"separators", "3\n1\n2\n5\n5\n5\n0\n1\n4\n8", phoneWant{"3\n1\n2\n5\n5\n5\n0\n1\n4\n8", "+13125550148"}},
	{"separators", "0.9.1.7.1.2.3.4.5.6.7", phoneWant{"0.9.1.7.1.2.3.4.5.6.7", "+919171234567"}},
	{"separators", "call 415*555*0134", phoneWant{"415*555*0134", "+14155550134"}},
	{"separators", "0917_123_4567", phoneWant{"0917_123_4567", "+639171234567"}},
	// Context that libphonenumber's matcher tests: extensions, scripts
	// without spaces, a sentence ending right after the number.
	{"context", "(800) 901-3355 ext. 7246433", phoneWant{"(800) 901-3355", "+18009013355"}},
	{"context", "(415) 555-0134x123", phoneWant{"(415) 555-0134", "+14155550134"}},
	{"context", "我的电话号码是415-666-7777", phoneWant{"415-666-7777", "+14156667777"}},
	{"context", "415-666-7777.Nice day", phoneWant{"415-666-7777", "+14156667777"}},
	{"context", "My number-415-666-7777", phoneWant{"415-666-7777", "+14156667777"}},
	{"context", "Call 650-333-6000/x12 more", phoneWant{"650-333-6000", "+16503336000"}},
	{"context", "To claim, call4155550134", phoneWant{"4155550134", "+14155550134"}},
	{"context", "0917 123 4567 calls only, no texts", phoneWant{"0917 123 4567", "+639171234567"}},
	// Cue words that name one country's wallet or messenger pick the
	// region: GCash is Philippine.
	{"hint", "GCash 0917 555 0101 po", phoneWant{"0917 555 0101", "+639175550101"}},
	// Chinese, Japanese and Korean cue words inside a run of letters name
	// the country, even one outside the default regions.
	{"hint", "我的手机号 138 1234 5678", phoneWant{"138 1234 5678", "+8613812345678"}},
	{"hint", "전화번호 010-1234-5678 입니다", phoneWant{"010-1234-5678", "+821012345678"}},
	{"hint", "携帯番号は090-1234-5678です", phoneWant{"090-1234-5678", "+819012345678"}},
}

func TestPhoneMatch(t *testing.T) {
	d := newTestDetector(t)
	for _, tt := range phoneMatchTests {
		for _, in := range []string{tt.in, "hi, " + tt.in + " thanks"} {
			got, err := d.Scan(in)
			if err != nil {
				t.Fatal(err)
			}
			want := []phoneWant{tt.want}
			if diff := cmp.Diff(want, phoneFindings(got)); diff != "" {
				t.Errorf("%s: Scan(%q) = %v, want %v", tt.source, in, got, want)
			}
			checkPhoneSpans(t, in, got)
		}
	}
}

// phoneNoMatchTests are numbers that are not phone numbers, and words that
// are not spelled numbers.
var phoneNoMatchTests = []struct {
	source string
	in     string
}{
	{"price", "Budget Rp 7.500.000 untuk desain logo"},
	{"price", "It costs $1,234,567 in total"},
	{"price", "Rs. 25,00,000 for the app"},
	{"price", "150 000 000 VND for the whole project"},
	{"price", "2 500 000 руб в месяц"},
	{"price", "Paid 45,000,000 IDR last month"},
	{"price", "I can do it for 35000 - 45000 INR"},
	{"quantity", "Throughput: 3,000 words/day"},
	{"quantity", "The list has 5,550,134 subscribers after cleaning"},
	{"quantity", "1,234,567,890 rows were processed"},
	{"quantity", "Population 38 000 000"},
	{"date", "The campaign runs from 12.03.2025 to 30.04.2025"},
	{"date", "The report covers 2024-01-15 to 2024-12-31"},
	{"date", "Deadline: 15/07/2025, 17:00 CET"},
	{"date", "build 20240511"},
	{"date", "Timeline: 2024-01-15 – 2024-03-30"},
	{"time", "Call volume peaks between 14:00 and 16:30"},
	{"time", "Meeting at 10.30-11.30 tomorrow"},
	{"year", "between 2019-2023 I worked at a bank"},
	{"year", "the years 1998 2003 2007 2012"},
	{"year", "2021 2022 2023"},
	{"year", "I have 2 kids aged 5 and 7, born 2016 and 2018"},
	{"version", "The firmware version is 4.12.0.1873"},
	{"version", "Unity 2022.3.21f1 LTS is required"},
	{"ip", "Server at 192.168.100.200 is down"},
	{"ip", "256.256.256.256"},
	{"decimal", "Lat/long: 51.5074 -0.1278"},
	{"decimal", "80.585 [79.964, 81.191]"},
	{"identifier", "Invoice #20240315001 is attached"},
	{"identifier", "Order #112-4567890-1234567 arrived damaged"},
	{"identifier", "PO 4500123456 needs to be on every invoice"},
	{"identifier", "ISBN 978-0-306-40615-7 for the paperback, 978-1-4028-9462-6 for the ebook"},
	{"identifier", "ISSN 0317-8471 goes on the back cover"},
	{"identifier", "Serial no. SN-7731-0044-2190, warranty until 2026"},
	{"identifier", "UPS tracking: 1Z 999 AA1 01 2345 6784"},
	{"identifier", "SKU 4006381333931 is out of stock"},
	{"identifier", "Contract ID 38291745 did not sync"},
	{"identifier", "Zoom Meeting ID: 845 2231 9076  Passcode: 7Hq2xZ"},
	{"identifier", "Unix timestamp 1718035200 should render as 10 June 2024"},
	{"identifier", "Case number 4155550134 was closed"},
	{"identifier", "Company VAT number DE123456789, EIN 12-3456789"},
	{"identifier", "my social security number is 078-05-1120"},
	{"identifier", "Error code 0x80070005 when installing"},
	{"identifier", "The file is IMG_20240315_123456.jpg"},
	{"bank", "IBAN: DE44 5001 0517 5407 3249 31 (Sparkasse)"},
	{"bank", "GB29 NWBK 6016 1331 9268 19"},
	{"bank", "iban NL 91 AB NA 04 17 16 43 00"},
	{"bank", "GTBank, acct no 0123456789, Chinedu Okafor"},
	{"bank", "Bank: Chase, routing 154255507, account 000123456789"},
	{"bank", "Sort code 04-00-04, account 12345678"},
	{"card", "Stripe test card 4242 4242 4242 4242, any CVC"},
	{"card", "4012-8888-8888-1882"},
	{"postcode", "ZIP codes 94105-1234 and 10001"},
	{"postcode", "CEP 01310-100, Av. Paulista 1578, São Paulo"},
	{"postcode", "cep 04538-133"},
	{"bank", "Numer konta: 61 1090 1014 0000 0712 1981 2874"},
	{"tracking", "FedEx 7489 1234 5678"},
	{"words", "zero nine one seven one two three"},
	{"tracking", "DHL waybill 4829 1736 50"},
	{"link", "teams.live.com/meet/9351234567890"},
	{"placeholder", "1234567890"},
	{"placeholder", "1111111111"},
	{"list", "Ratings 5 4 5 5 4 3 5 4 5"},
	{"list", "Numbers 11 22 33 44 55 66"},
	{"list", "He scored 100 100 95 98 in exams"},
	{"list", "@pytest.mark.parametrize('amount,expected', [(100, 10), (250, 25)])"},
	{"sentence", "WordPress developer since 2013. 300+ sites built"},
	{"bare", "Payoneer customer ID 38472915"},
	{"bare", "078051121"},
	{"bare", "The API is rate limited to 1000000 requests per day"},
	{"plus", "+5 years of experience, +100 clients, 2000+ reviews"},
	{"plus", "+20% conversion, +35 leads"},
	{"identifier", "IMEI 356938035643809"},
	{"identifier", "Aadhaar 2345 6789 0123"},
	{"identifier", "CPF 123.456.789-09"},
	{"identifier", "tracking 9400 1000 0000 0000 0000 00"},
	{"decimal", "temperature 36.6 37.2 38.1 36.9"},
	{"range", "Budget 250000-300000 PKR"},
	{"range", "Lines 120-180 and 200-260 need review"},
	{"words", "one two three four five six seven eight nine ten"},
	{"words", "count: isa, dalawa, tatlo, apat, lima, anim, pito"},
	{"words", "I have two kids, one dog and three cats"},
	{"words", "do teen din mein ho jayega, ek do ghante lagenge"},
	{"words", "tôi có ba năm kinh nghiệm, làm việc hai năm ở Hà Nội"},
	{"words", "seven hundred fifty words"},
}

func TestPhoneNoMatch(t *testing.T) {
	d := newTestDetector(t)
	for _, tt := range phoneNoMatchTests {
		got, err := d.Scan(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if ph := phoneFindings(got); len(ph) > 0 {
			t.Errorf("%s: Scan(%q) = %v, want no phone", tt.source, tt.in, got)
		}
	}
}

// TestPhoneSeveral checks texts with several numbers side by side.
func TestPhoneSeveral(t *testing.T) {
	tests := []struct {
		in   string
		want []phoneWant
	}{
		{"info: 07946746291/07880867867", []phoneWant{{"07946746291", "+447946746291"}, {"07880867867", "+447880867867"}}},
		{"(415) 666-7777 (800) 443-1223", []phoneWant{{"(415) 666-7777", "+14156667777"}, {"(800) 443-1223", "+18004431223"}}},
		{"call 212-555-0147 or 212-555-0148", []phoneWant{{"212-555-0147", "+12125550147"}, {"212-555-0148", "+12125550148"}}},
		{"0803 123 4567, 0805 765 4321", []phoneWant{{"0803 123 4567", "+2348031234567"}, {"0805 765 4321", "+2348057654321"}}},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		got, _ := d.Scan(tt.in)
		if diff := cmp.Diff(tt.want, phoneFindings(got)); diff != "" {
			t.Errorf("Scan(%q) = %v, want %v", tt.in, got, tt.want)
		}
		checkPhoneSpans(t, tt.in, got)
	}
}

// TestPhoneRules checks the rule, confidence band and disguise flag of
// each rule family.
func TestPhoneRules(t *testing.T) {
	tests := []struct {
		in        string
		rule      string
		minConf   float64
		maxConf   float64
		disguised bool
	}{
		{"+44 7911 123456", "phone.intl", 0.9, 1, false},
		{"call me at (415) 555-0134", "phone.national", 0.9, 1, false},
		{"UK mobile: +44 7700 900123", "phone.possible", 0.6, 0.7, false},
		{"four one five five five five zero one three four", "phone.spelled", 0.75, 0.85, true},
		{"O8O3 l23 4567", "phone.spelled", 0.75, 0.85, true},
		{"415 🍕 555 🍕 0134", "phone.national", 0.85, 1, true},
		{"4️⃣1️⃣5️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣3️⃣4️⃣", "phone.national", 0.85, 1, true},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		got, _ := d.Scan(tt.in)
		var f *Finding
		for k := range got {
			if got[k].Kind == Phone {
				f = &got[k]
			}
		}
		if f == nil {
			t.Errorf("Scan(%q) = %v, want a %s finding", tt.in, got, tt.rule)
			continue
		}
		if f.Rule != tt.rule || f.Confidence < tt.minConf || f.Confidence > tt.maxConf || f.Disguised != tt.disguised {
			t.Errorf("Scan(%q) = %+v, want rule %s, confidence in [%.2f, %.2f], disguised %v",
				tt.in, *f, tt.rule, tt.minConf, tt.maxConf, tt.disguised)
		}
	}
}

// TestPhoneRegions checks that a caller's region hint decides how a
// national number is read.
func TestPhoneRegions(t *testing.T) {
	d, err := New(Options{Regions: []string{"GB"}})
	if err != nil {
		t.Fatal(err)
	}
	in := "ring me on 020 7946 0958"
	got, _ := d.Scan(in)
	want := []phoneWant{{"020 7946 0958", "+442079460958"}}
	if diff := cmp.Diff(want, phoneFindings(got)); diff != "" {
		t.Errorf("Scan(%q) = %v, want %v", in, got, want)
	}
	// Only US: a German landline is not read as one.
	d, _ = New(Options{Regions: []string{"US"}})
	in = "Tel. 030 12345678"
	if got, _ := d.Scan(in); len(phoneFindings(got)) > 0 {
		t.Errorf("Scan(%q) with Regions [US] = %v, want no phone", in, got)
	}
}

// TestPhoneThread checks numbers sent in pieces over several messages.
func TestPhoneThread(t *testing.T) {
	tests := []struct {
		name     string
		messages []string
		want     []phoneWant // on the last message
	}{
		{"country code then the rest", []string{"ok let me give you my number", "+1 (312) 555", "0148"},
			[]phoneWant{{"0148", "+13125550148"}}},
		{"three fragments", []string{"can't type it in one go, the filter eats it", "4", "155", "550134"},
			[]phoneWant{{"550134", "+14155550134"}}},
		{"fragment after words", []string{"sa GCash na lang po", "0917 555", "0199"},
			[]phoneWant{{"0199", "+639175550199"}}},
		{"compound number words", []string{"запишіть мій номер", "нуль шістдесят сім", "сто двадцять три, сорок п'ять, шістдесят сім"},
			[]phoneWant{{"сто двадцять три, сорок п'ять, шістдесят сім", "+380671234567"}}},
		{"hindi words", []string{"mera WhatsApp number likh lo", "nau aath chaar paanch", "shunya ek do teen chaar chhe"},
			[]phoneWant{{"shunya ek do teen chaar chhe", "+919845012346"}}},
		{"keycaps", []string{"Ok, number for the courier:", "0️⃣8️⃣0️⃣3️⃣", "1️⃣2️⃣3️⃣ 4️⃣5️⃣7️⃣3️⃣"},
			[]phoneWant{{"1️⃣2️⃣3️⃣ 4️⃣5️⃣7️⃣3️⃣", "+2348031234573"}}},
		{"spelled words over three messages", []string{"zero nine one seven", "five five five", "zero one nine nine"},
			[]phoneWant{{"zero one nine nine", "+919175550199"}}},
		{"two whole numbers", []string{"0917 555 0199", "0918 555 0177"},
			[]phoneWant{{"0918 555 0177", "+639185550177"}}},
		{"milestone then a digit", []string{"Great, the first milestone is $300.", "Funded! Escrow shows $300 for milestone 1.", "2 more to go"}, nil},
		{"two years", []string{"Deadline is March 2025", "2026 would also work"}, nil},
		{"two amounts", []string{"my budget is 4500", "plus 1200 for hosting"}, nil},
		{"order then digits", []string{"Order 12345", "67890"}, nil},
		{"not a fragment reply", []string{"0917 555", "0199 is the extension, and I will send the rest of the details about the project tomorrow"}, nil},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := d.NewConversation()
			var got []Finding
			for _, m := range tt.messages {
				var err error
				if got, err = c.Scan(m); err != nil {
					t.Fatal(err)
				}
			}
			last := tt.messages[len(tt.messages)-1]
			if diff := cmp.Diff(tt.want, phoneFindings(got)); diff != "" {
				t.Errorf("Scan(%q) after %q = %v, want %v", last, tt.messages[:len(tt.messages)-1], got, tt.want)
			}
			checkPhoneSpans(t, last, got)
		})
	}
}

// TestPhoneHelpers checks the checksums and shapes the rules rely on.
func TestPhoneHelpers(t *testing.T) {
	if !checksum.Luhn("4242424242424242") || checksum.Luhn("4242424242424241") {
		t.Error("checksum.Luhn is wrong on the Stripe test card")
	}
	for d, want := range map[string]bool{
		"1234567890": true, "0987654321": true, "1111111111": true, "666000000": true,
		"01012345678": false, "11987654321": false, "4155550134": false,
	} {
		if got := phonePlaceholder(d, false); got != want {
			t.Errorf("phonePlaceholder(%q) = %v, want %v", d, got, want)
		}
	}
	if !phonePlaceholder("12345678910", true) || phonePlaceholder("09171234567", true) {
		t.Error("phonePlaceholder does not tell counting from a spelled number")
	}
}

// checkPhoneSpans asserts that every finding's Text is the input between
// its offsets.
func checkPhoneSpans(t *testing.T, in string, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Start < 0 || f.End > len(in) || f.Start > f.End || in[f.Start:f.End] != f.Text {
			t.Errorf("Scan(%q): finding %+v does not match the input at its offsets", in, f)
		}
	}
}

// BenchmarkPhone measures the phone detector alone on clean chat, chat
// full of non-phone numbers, and chat with phone numbers.
func BenchmarkPhone(b *testing.B) {
	d, err := New(Options{Kinds: []Kind{Phone}})
	if err != nil {
		b.Fatal(err)
	}
	inputs := map[string]string{
		"clean":   "Thanks for the proposal! Could you share a few samples of similar dashboards you built? We'd like to start next week.",
		"numbers": "Budget is $4,000 for 3 milestones, deadline 2024-03-15, about 120 hours; invoice INV-2025-000871, v2.3.1, 1,234,567 rows.",
		"phones":  "call me at (415) 555-0134 or WhatsApp +44 7911 123456, or nine one seven five five five zero one two three",
	}
	for name, in := range inputs {
		text := strings.Repeat(in+"\n", 8)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				if _, err := d.Scan(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzPhone checks the phone detector's invariants on any input: no
// panic, spans inside the input on rune boundaries, values in E.164.
func FuzzPhone(f *testing.F) {
	for _, tt := range phoneMatchTests {
		f.Add(tt.in)
	}
	for _, tt := range phoneNoMatchTests {
		f.Add(tt.in)
	}
	f.Add("+1 (312) 555\n0148")
	f.Add(strings.Repeat("1 ", 200))
	f.Add(strings.Repeat("nine ", 100))
	f.Add("2050 0000\x8f")
	d, err := New(Options{Kinds: []Kind{Phone}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := d.Scan(in)
		if err != nil {
			return
		}
		boundary := map[int]bool{len(in): true}
		for i := range in { // invalid bytes are runes of their own
			boundary[i] = true
		}
		for _, fd := range got {
			if fd.Kind != Phone {
				continue
			}
			if fd.Start < 0 || fd.End > len(in) || fd.Start >= fd.End || in[fd.Start:fd.End] != fd.Text ||
				!boundary[fd.Start] || !boundary[fd.End] {
				t.Fatalf("Scan(%q): bad span %+v", in, fd)
			}
			if len(fd.Value) < 7 || fd.Value[0] != '+' || strings.Trim(fd.Value[1:], "0123456789") != "" {
				t.Fatalf("Scan(%q): value %q is not E.164", in, fd.Value)
			}
		}
	})
}

// TestPhoneServiceRegion checks that a payment service keyed by phone
// number picks its country for a number written without a country code.
func TestPhoneServiceRegion(t *testing.T) {
	d := newTestDetector(t)
	tests := []struct{ in, want string }{
		{"Bizum al 612 345 679 y te mando el archivo", "+34612345679"},
		{"BLIK na numer 512 345 679", "+48512345679"},
		{"Nequi 300 123 4567 porfa", "+573001234567"},
		{"Yape 951 234 568", "+51951234568"},
	}
	for _, tt := range tests {
		got, _ := d.Scan(tt.in)
		found := false
		for _, f := range got {
			if f.Kind == Phone {
				found = true
				if f.Value != tt.want {
					t.Errorf("Scan(%q) phone value = %q, want %q", tt.in, f.Value, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("Scan(%q) = %v, want a phone %s", tt.in, got, tt.want)
		}
	}
}

// TestPhoneEmojiLeadByte guards hasPhoneEmoji's shortcut: every phone
// emoji starts with a byte of 0xE2 or more.
func TestPhoneEmojiLeadByte(t *testing.T) {
	for _, e := range phoneEmoji {
		if e[0] < 0xE2 {
			t.Errorf("phone emoji %q starts with %#x", e, e[0])
		}
	}
	if !hasPhoneEmoji(" 📞 ") || hasPhoneEmoji(" - ") || !hasPhoneEmoji(strings.Repeat(" ", 9)+"☎") {
		t.Error("hasPhoneEmoji misreads a gap")
	}
}

// TestClearGroups checks that the pooled chain buffer is cleared of the
// groups a scan wrote, which point into its text, and only of those.
func TestClearGroups(t *testing.T) {
	gs := make([]phoneGroup, 8)
	for k := range 3 {
		gs[k] = phoneGroup{i: k, j: k + 1, digits: "555", word: "five"}
	}
	clearGroups(gs)
	for k, g := range gs {
		if g != (phoneGroup{}) {
			t.Errorf("group %d not cleared: %+v", k, g)
		}
	}
	d := newTestDetector(t)
	for _, text := range []string{"call me on +44 7700 900123 after 6pm", "nine one seven five five five zero one nine eight"} {
		s := newScan(d, text, nil)
		s.run()
		ph := s.phone
		s.release()
		if ph == nil {
			t.Fatalf("%q: no phone scratch", text)
		}
		for k, g := range ph.chain[:cap(ph.chain)] {
			if g != (phoneGroup{}) {
				t.Errorf("%q: chain group %d kept after release: %+v", text, k, g)
			}
		}
		for k, g := range ph.phrases[:cap(ph.phrases)] {
			if g != (phoneGroup{}) {
				t.Errorf("%q: phrase group %d kept after release: %+v", text, k, g)
			}
		}
	}
}

// TestPrefilterCluster checks the prefilter's digit cluster, which stands
// for phoneDigitCluster in a text without a word of letters and digits:
// never below the digits phoneDigitCluster would count together, the
// letters that stand for digits aside (they stand alone in such a text,
// and end a chain).
func TestPrefilterCluster(t *testing.T) {
	// digitsOnly is phoneDigitCluster counting no letter as a digit.
	digitsOnly := func(t string) int {
		best, run, gap := 0, 0, 0
		for i := 0; i < len(t); i++ {
			switch c := t[i]; {
			case c >= '0' && c <= '9':
				run++
				gap = 0
				best = max(best, run)
			case c|0x20 >= 'a' && c|0x20 <= 'z':
				run, gap = 0, 0
			default:
				if gap++; gap > 8 {
					run, gap = 0, 0
				}
			}
		}
		return best
	}
	d := newTestDetector(t)
	texts := append([]string{
		"call +44 7700 900123 after 6pm", "Invoice 2024-118 is attached", "415 🍕 555 🍕 0100",
		"30 lol 14", "тел 8 916 123-45-67", "12 . . . . . . . . . 34", "12 . . . . . . . . 34",
	}, streamMessages...)
	texts = append(texts, heldOutTexts(t, "identifiers")...)
	checked := 0
	for _, text := range texts {
		s := newScan(d, text, nil)
		if !s.sig.mixed {
			checked++
			if got, min := s.sig.cluster, digitsOnly(s.fold.S); got < min {
				t.Errorf("%q: prefilter cluster %d, want at least %d", text, got, min)
			}
		}
		s.release()
	}
	if checked < 10 {
		t.Fatalf("only %d texts without a mixed word", checked)
	}
}

// TestPhoneSkipChangesNothing checks that the chain builder's skipping
// to the next word with a digit finds what reading every word finds, on
// the held-out messages, run together too, and on digits next to letters
// of other scripts, apostrophes and look-alike letters.
func TestPhoneSkipChangesNothing(t *testing.T) {
	texts := heldOutTexts(t, "identifiers", "intents")
	for i := 0; i+8 <= len(texts); i += 8 {
		texts = append(texts, strings.Join(texts[i:i+8], " "))
	}
	texts = append(texts,
		"是415 555 0123 今天", "café2 345 678 9012", "п'ять 555 123 4567", "rue d'2 020 7946 0958",
		"call me: O7OO 9OO l23 tomorrow", "x1 y2 z3 44 55 66 77 88", "tél.06 12 34 56 78", "ok…+44 7700 900123",
		"invoice INV2025 then +1 415 555 0123", "ring ٠٧٧٠٠ ٩٠٠١٢٣", "call09050000327", "3316005x3456 or 3316005ext12",
	)
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { phoneSkipWords = true }()
	for _, text := range texts {
		phoneSkipWords = true
		skip, _ := d.Scan(text)
		phoneSkipWords = false
		all, _ := d.Scan(text)
		if diff := cmp.Diff(all, skip); diff != "" {
			t.Errorf("%q: skipping changes the findings (-reading every word +skipping):\n%s", text, diff)
		}
	}
}
