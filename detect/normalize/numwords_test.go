package normalize

import (
	"sort"
	"strings"
	"testing"
	"unicode"
)

// words splits a test sentence the way a caller would: lower case, at
// spaces and punctuation, keeping apostrophes and hyphens inside words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '.' || r == '!' || r == '?' || r == '—' ||
			r == ':' || r == ';' || r == '(' || r == ')' || r == '"'
	})
}

func TestNumWordTablesConsistent(t *testing.T) {
	if len(nwConflicts) > 0 {
		t.Errorf("number word table conflicts: %q", nwConflicts)
	}
	for _, d := range nwDefs {
		for _, form := range strings.Split(d.forms, "|") {
			got, ok := NumberWord(form)
			if want := (NumWord{Value: d.v, Class: d.c}); !ok || got != want {
				t.Errorf("NumberWord(%q) = %+v, %v, want %+v, true", form, got, ok, want)
			}
		}
	}
}

func TestNumberWord(t *testing.T) {
	tests := []struct {
		w    string
		want NumWord
		ok   bool
	}{
		{"seven", NumWord{7, Unit}, true},
		{"oh", NumWord{0, Oh}, true},
		{"o", NumWord{0, Oh}, true},
		{"twenty", NumWord{20, Tens}, true},
		{"fifteen", NumWord{15, Teen}, true},
		{"hundred", NumWord{100, Hundred}, true},
		{"double", NumWord{2, Repeat}, true},
		{"triple", NumWord{3, Repeat}, true},
		{"doble", NumWord{2, Repeat}, true},
		{"twenty-one", NumWord{21, Teen}, true},
		{"forty-five", NumWord{45, Teen}, true},
		// Apostrophes of every kind.
		{"п'ять", NumWord{5, Unit}, true},
		{"п’ять", NumWord{5, Unit}, true},
		{"пʼять", NumWord{5, Unit}, true},
		{"дев'ять", NumWord{9, Unit}, true},
		{"дев'яносто", NumWord{90, Tens}, true},
		{"arba'a", NumWord{4, Unit}, true},
		{"arba’a", NumWord{4, Unit}, true},
		// Diacritics and their absence.
		{"três", NumWord{3, Unit}, true},
		{"tres", NumWord{3, Unit}, true},
		{"dos", NumWord{2, Unit}, true},
		{"cinq", NumWord{5, Unit}, true},
		{"pyat", NumWord{5, Unit}, true},
		{"zéro", NumWord{0, Unit}, true},
		{"fünf", NumWord{5, Unit}, true},
		{"funf", NumWord{5, Unit}, true},
		{"fuenf", NumWord{5, Unit}, true},
		{"zwölf", NumWord{12, Teen}, true},
		{"dreißig", NumWord{30, Tens}, true},
		{"dreissig", NumWord{30, Tens}, true},
		{"pięć", NumWord{5, Unit}, true},
		{"piec", NumWord{5, Unit}, true},
		{"sıfır", NumWord{0, Unit}, true},
		{"sifir", NumWord{0, Unit}, true},
		{"beş", NumWord{5, Unit}, true},
		{"bes", NumWord{5, Unit}, true},
		{"şapte", NumWord{7, Unit}, true}, // cedilla
		{"șapte", NumWord{7, Unit}, true}, // comma below
		{"sapte", NumWord{7, Unit}, true},
		{"không", NumWord{0, Unit}, true},
		{"khong", NumWord{0, Unit}, true},
		{"bảy", NumWord{7, Unit}, true},
		{"bay", NumWord{7, Unit}, true},
		{"sáu", NumWord{6, Unit}, true},
		{"mười", NumWord{10, Tens}, true},
		{"SEVEN", NumWord{7, Unit}, true},
		// Tens that take a unit and those that do not.
		{"двадцять", NumWord{20, Tens}, true},
		{"vingt", NumWord{20, Tens}, true},
		{"on", NumWord{10, Tens}, true},
		{"bees", NumWord{20, Teen}, true},
		{"baarah", NumWord{12, Teen}, true},
		{"soixante-dix", NumWord{70, Teen}, true},
		{"quatre-vingt", NumWord{80, Tens}, true},
		{"quatre-vingts", NumWord{80, Tens}, true},
		{"quatre-vingt-dix-sept", NumWord{97, Teen}, true},
		{"soixante-dix-sept", NumWord{77, Teen}, true},
		{"vingt-trois", NumWord{23, Teen}, true},
		{"vingt-et-un", NumWord{21, Teen}, true},
		{"dix-sept", NumWord{17, Teen}, true},
		{"deux-cents", NumWord{200, Hundred}, true},
		// German and Italian compounds.
		{"dreiundzwanzig", NumWord{23, Teen}, true},
		{"einundzwanzig", NumWord{21, Teen}, true},
		{"fünfundvierzig", NumWord{45, Teen}, true},
		{"einhundert", NumWord{100, Hundred}, true},
		{"zweihundertfünfzig", NumWord{250, Hundred}, true},
		{"hundertdreiundzwanzig", NumWord{123, Hundred}, true},
		{"neunhundertneunundneunzig", NumWord{999, Hundred}, true},
		{"ventitré", NumWord{23, Teen}, true},
		{"ventuno", NumWord{21, Teen}, true},
		{"ventotto", NumWord{28, Teen}, true},
		{"centoventitre", NumWord{123, Hundred}, true},
		{"centotto", NumWord{108, Hundred}, true},
		{"trecentosessantacinque", NumWord{365, Hundred}, true},
		// Hundreds.
		{"сто", NumWord{100, Hundred}, true},
		{"двісті", NumWord{200, Hundred}, true},
		{"cent", NumWord{100, Hundred}, true},
		{"quinientos", NumWord{500, Hundred}, true},
		// Arabic, with letter variants, and Arabizi.
		{"صفر", NumWord{0, Unit}, true},
		{"واحد", NumWord{1, Unit}, true},
		{"ثلاثة", NumWord{3, Unit}, true},
		{"ثلاثه", NumWord{3, Unit}, true},
		{"أربعة", NumWord{4, Unit}, true},
		{"اربعه", NumWord{4, Unit}, true},
		{"وعشرون", NumWord{20, Tens}, true},
		{"مئة", NumWord{100, Hundred}, true},
		{"wa7ed", NumWord{1, Unit}, true},
		{"sab'a", NumWord{7, Unit}, true},
		{"tis3a", NumWord{9, Unit}, true},
		// Other scripts.
		{"शून्य", NumWord{0, Unit}, true},
		{"पाँच", NumWord{5, Unit}, true},
		{"ছয়", NumWord{6, Unit}, true},
		{"ছয\u09bc", NumWord{6, Unit}, true},
		{"ایک", NumWord{1, Unit}, true},
		// Indonesian and Vietnamese multipliers.
		{"puluh", NumWord{10, Tens}, true},
		{"belas", NumWord{10, Teen}, true},
		{"ratus", NumWord{100, Hundred}, true},
		{"trăm", NumWord{100, Hundred}, true},
		// Not number words.
		{"", NumWord{}, false},
		{"hello", NumWord{}, false},
		{"5", NumWord{}, false},
		{"555", NumWord{}, false},
		{"and", NumWord{}, false},
		{"hải", NumWord{}, false}, // Vietnamese "sea", not "hai"
		{"nằm", NumWord{}, false}, // Vietnamese "lie down", not "năm"
		{"jahrhundert", NumWord{}, false},
		{"hunderte", NumWord{}, false},
		{"trentino", NumWord{}, false},
		{"centinaia", NumWord{}, false},
		{"twenty-twenty", NumWord{}, false},
		{"one-two", NumWord{}, false},
		{"double-four", NumWord{}, false},
		{"о", NumWord{}, false}, // Cyrillic o is not the English oh
		{"cтo", NumWord{}, false},
		{strings.Repeat("a", 100), NumWord{}, false},
	}
	for _, tt := range tests {
		got, ok := NumberWord(tt.w)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NumberWord(%q) = %+v, %v, want %+v, %v", tt.w, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsAmbiguousNumberWord(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		// Ordinary words elsewhere.
		{"do", true}, {"one", true}, {"on", true}, {"ten", true}, {"oh", true}, {"o", true},
		{"hai", true}, {"ba", true}, {"năm", true}, {"nam", true}, {"không", true}, {"khong", true},
		{"tin", true}, {"char", true}, {"lima", true}, {"un", true}, {"una", true}, {"une", true},
		{"uno", true}, {"um", true}, {"ek", true}, {"dos", true}, {"once", true}, {"sei", true},
		{"sto", true}, {"bir", true}, {"saat", true}, {"sau", true}, {"double", true}, {"wala", true},
		{"noy", true}, {"null", true}, {"ein", true}, {"neuf", true}, {"piec", true}, {"dua", true},
		{"ست", true}, {"एक", true}, {"نو", true},
		// Diacritics no number has.
		{"très", true}, {"trés", true},
		// Unambiguous number words.
		{"seven", false}, {"nine", false}, {"zero", false}, {"twenty", false}, {"shunya", false},
		{"shunno", false}, {"dui", false}, {"chhoy", false}, {"pięć", false}, {"sześć", false},
		{"tres", false}, {"três", false}, {"cinco", false}, {"sáu", false}, {"chín", false},
		{"bốn", false}, {"sifir", false}, {"siyam", false}, {"dalawa", false}, {"sembilan", false},
		{"п'ять", false}, {"сто", false}, {"صفر", false}, {"wahid", false}, {"paanch", false},
		{"chaar", false}, {"dreiundzwanzig", false},
		// Not number words at all.
		{"hello", false}, {"the", false}, {"5", false},
		// "no" is not a number word: it is written before phone numbers.
		{"no", false},
	}
	for _, tt := range tests {
		if got := IsAmbiguousNumberWord(tt.w); got != tt.want {
			t.Errorf("IsAmbiguousNumberWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

type spellTest struct {
	in   string
	want string
	used int // -1: all words
}

func runSpell(t *testing.T, lang string, tests []spellTest) {
	t.Helper()
	for _, tt := range tests {
		ws := words(tt.in)
		want := tt.used
		if want < 0 {
			want = len(ws)
		}
		got, used := SpellDigits(ws)
		if got != tt.want || used != want {
			t.Errorf("%s: SpellDigits(%q) = %q, %d, want %q, %d", lang, ws, got, used, tt.want, want)
		}
	}
}

func TestSpellDigitsCorpus(t *testing.T) {
	// Messages from shared/corpus/dev.jsonl labelled phone.
	runSpell(t, "corpus", []spellTest{
		{"сто двадцять три, сорок п'ять, шістдесят сім", "1234567", -1},
		{"zero siyam isa pito, isa dalawa tatlo, apat lima anim pito", "09171234567", -1},
		{"onze nove oito sete seis cinco quatro três dois um", "11987654321", -1},
		{"oh seven nine double one, one two three double four five", "07911123445", -1},
		{"shunya ek do teen chaar chhe", "012346", -1},
		{"shunno ek saat ek dui tin char pach chhoy saat aat", "01712345678", -1},
		{"pięć jeden dwa, trzy cztery pięć, sześć siedem osiem", "512345678", -1},
		{"нуль шість сім, один два три, чотири п'ять, шість дев'ять", "0671234569", -1},
		{"không chín một hai, ba bốn năm, sáu bảy tám", "0912345678", -1},
		// "nine1seven 5five5 zero1two3" once a caller splits digits off.
		{"nine 1 seven 5 five 5 zero 1 two 3", "9175550123", -1},
		// The corpus messages go on after the number.
		{"zero siyam isa pito — text mo ko", "0917", 4},
		{"shunno ek saat — eta amar number", "017", 3},
	})
}

func TestSpellDigitsEnglish(t *testing.T) {
	runSpell(t, "en", []spellTest{
		{"nine one seven five five five", "917555", -1},
		{"forty five", "45", -1},
		{"twenty", "20", -1},
		{"twenty twenty", "2020", -1},
		{"one hundred", "100", -1},
		{"hundred", "100", -1},
		{"five hundred and twenty", "520", -1},
		{"five hundred twenty three", "523", -1},
		{"one hundred and", "100", 2},
		{"double four", "44", -1},
		{"triple five", "555", -1},
		{"double oh seven", "007", -1},
		{"oh oh seven", "007", -1},
		{"seven oh oh", "700", -1},
		{"twenty oh five", "2005", -1},
		{"nineteen eighty four", "1984", -1},
		{"twelve hundred", "1200", -1},
		{"twenty-one twenty-two", "2122", -1},
		{"zero 7 nine", "079", -1},
		{"oh 7", "07", -1},
		{"415 five five five", "415555", -1},
		{"seven five nought", "750", -1},
		{"oh", "", 0},
		{"oh hello", "", 0},
		{"oh oh", "", 0},
		{"double trouble", "", 0},
		{"hello seven", "", 0},
		{"seven double", "7", 1},
		{"nine eleven", "911", -1},
	})
}

func TestSpellDigitsRomance(t *testing.T) {
	runSpell(t, "es", []spellTest{
		{"seis cero cuatro tres dos uno", "604321", -1},
		{"treinta y dos", "32", -1},
		{"treinta y", "30", 1},
		{"ciento veinte", "120", -1},
		{"novecientos", "900", -1},
		{"veintitrés cuarenta y cinco", "2345", -1},
		{"doble cinco", "55", -1},
		{"dos cientos", "200", -1},
		{"dos y tres", "2", 1},
	})
	runSpell(t, "pt", []spellTest{
		{"nove um um nove oito sete", "911987", -1},
		{"vinte e três", "23", -1},
		{"cento e vinte", "120", -1},
		{"meia meia", "66", -1},
		{"tres tres três", "333", -1},
		{"quinhentos e doze", "512", -1},
	})
	runSpell(t, "fr", []spellTest{
		{"zéro six vingt-trois quarante-cinq soixante-sept quatre-vingt-neuf", "0623456789", -1},
		{"zero six vingt trois quarante cinq", "062345", -1},
		{"soixante-dix-sept", "77", -1},
		{"soixante dix sept", "77", -1},
		{"soixante et onze", "71", -1},
		{"quatre vingt dix", "90", -1},
		{"quatre vingt treize", "93", -1},
		{"quatre-vingt deux", "82", -1},
		{"vingt et un", "21", -1},
		{"dix sept", "17", -1},
		{"deux cents", "200", -1},
		{"trois cent douze", "312", -1},
		{"septante nonante", "7090", -1},
	})
	runSpell(t, "it", []spellTest{
		{"tre tre otto", "338", -1},
		{"ventitré quarantuno", "2341", -1},
		{"centoventi", "120", -1},
		{"duecento", "200", -1},
		{"tre cento", "300", -1},
		{"zero sei", "06", -1},
	})
	runSpell(t, "ro", []spellTest{
		{"zero șapte doi unu", "0721", -1},
		{"zero şapte doua", "072", -1},
		{"douăzeci și trei", "23", -1},
		{"douazeci si trei", "23", -1},
		{"o sută", "100", -1},
		{"două sute", "200", -1},
		{"unșpe", "11", -1},
	})
}

func TestSpellDigitsGermanic(t *testing.T) {
	runSpell(t, "de", []spellTest{
		{"null eins sieben drei", "0173", -1},
		{"null einhundertsiebzig", "0170", -1},
		{"dreiundzwanzig", "23", -1},
		{"zwo zwo", "22", -1},
		{"hundertdreiundzwanzig", "123", -1},
		{"zweihundertfünfzig", "250", -1},
		{"drei und zwanzig", "23", -1},
		{"drei hundert", "300", -1},
		{"zweihundert dreiundzwanzig", "223", -1},
	})
}

func TestSpellDigitsSlavic(t *testing.T) {
	runSpell(t, "ru", []spellTest{
		{"восемь девятьсот шестнадцать", "8916", -1},
		{"сто двадцать три", "123", -1},
		{"сто и два", "102", -1},
		{"пятьдесят", "50", -1},
		{"ноль девять один семь", "0917", -1},
		{"двести", "200", -1},
		{"vosem devyat odin", "891", -1},
	})
	runSpell(t, "uk", []spellTest{
		{"нуль шістдесят сім", "067", -1},
		{"п’ятсот дванадцять", "512", -1},
		{"дев'яносто дев'ять", "99", -1},
		{"двісті", "200", -1},
	})
	runSpell(t, "pl", []spellTest{
		{"dwadzieścia trzy", "23", -1},
		{"sto dwanaście", "112", -1},
		{"piec szesc siedem", "567", -1},
		{"dziewięćset dziewięćdziesiąt dziewięć", "999", -1},
	})
}

func TestSpellDigitsTurkish(t *testing.T) {
	runSpell(t, "tr", []spellTest{
		{"sıfır beş yüz otuz iki", "0532", -1},
		{"on bir", "11", -1},
		{"on", "10", -1},
		{"iki yüz", "200", -1},
		{"yüz", "100", -1},
		{"sifir bes uc", "053", -1},
		{"yirmi üç kırk beş", "2345", -1},
	})
}

func TestSpellDigitsSouthAsia(t *testing.T) {
	runSpell(t, "hi", []spellTest{
		{"nau aath saat", "987", -1},
		{"baarah", "12", -1},
		{"bees teen", "203", -1},
		{"sifar teen aik", "031", -1},
		{"double nau", "99", -1},
		{"शून्य नौ आठ", "098", -1},
		{"chhe chay che", "666", -1},
	})
	runSpell(t, "ur", []spellTest{
		{"صفر تین ایک", "031", -1},
	})
	runSpell(t, "bn", []spellTest{
		{"egaro baro", "1112", -1},
		{"শূন্য এক সাত", "017", -1},
		{"ছয় নয়", "69", -1},
		{"dui sho", "200", -1},
	})
}

func TestSpellDigitsSoutheastAsia(t *testing.T) {
	runSpell(t, "tl", []spellTest{
		{"dalawampu't isa", "21", -1},
		{"labing-isa", "11", -1},
		{"otso nuwebe", "89", -1},
		{"sero siyam", "09", -1},
		{"sandaan", "100", -1},
	})
	runSpell(t, "id", []spellTest{
		{"nol delapan satu dua", "0812", -1},
		{"dua puluh tiga", "23", -1},
		{"tiga belas", "13", -1},
		{"seratus dua puluh tiga", "123", -1},
		{"sebelas", "11", -1},
		{"tiga ratus", "300", -1},
		{"kosong lapan", "08", -1},
	})
	runSpell(t, "vi", []spellTest{
		{"hai mươi ba", "23", -1},
		{"mười lăm", "15", -1},
		{"một trăm linh năm", "105", -1},
		{"khong chin mot hai", "0912", -1},
		{"hai muoi", "20", -1},
	})
}

func TestSpellDigitsArabic(t *testing.T) {
	runSpell(t, "ar", []spellTest{
		{"صفر واحد", "01", -1},
		{"ثلاثة وعشرون", "23", -1},
		{"خمسة و عشرين", "25", -1},
		{"مئة", "100", -1},
		{"ثلاث مئة", "300", -1},
		{"ثلاثة عشر", "13", -1},
		{"صفر خمسة خمسة", "055", -1},
		{"sifr wahid itnen thalatha arba'a khamsa sitta sab'a thamaniya tis'a", "0123456789", -1},
		{"sifr 5amsa 3ashara", "0510", -1},
	})
}

// TestSpellDigitsOrdinary checks that ordinary sentences, which hold no
// phone number, never spell more than a short number from any position,
// unless the reading is made only of ambiguous words.
func TestSpellDigitsOrdinary(t *testing.T) {
	sentences := map[string][]string{
		"en": {
			"I do not know if one of the ten people can double check it",
			"Oh no, I will do it on Monday, no problem at all",
			"I can do it for two hundred and fifty dollars",
			"Once the build passes I will text you a summary here",
			"We had tin cans and a char grill, no tea",
		},
		"es": {
			"Tengo dos perros y una casa en el centro, once años",
			"Puedo hacerlo en cinco o seis días",
			"Un cliente me pidió doble revisión del texto",
		},
		"pt": {
			"Eu tenho um carro e meia hora para chegar",
			"Não posso, vou trabalhar dos dias de semana, sem problema",
		},
		"fr": {
			"Un homme et une femme ont mangé neuf pommes",
			"C'est très bien, merci pour tout",
		},
		"de": {
			"Ein Mann und eine Frau gehen nach Hause",
			"Das ist null Problem, die Elf gewinnt",
		},
		"it": {
			"Sei sicuro che tre persone vengono? Sto arrivando",
			"Ho due gatti e un cane",
		},
		"ro": {
			"Am o casă și doi câini, noua mea mașină",
		},
		"ru": {
			"Я пришёл в пять часов и ушёл через два дня",
		},
		"uk": {
			"Я маю два брати і одну сестру",
		},
		"pl": {
			"Ten dom ma dwa pokoje i sto metrów",
			"Piec jest gorący",
		},
		"tr": {
			"Bir gün on kişi geldi ve iki saat kaldı",
			"Yüz yüze görüşelim mi",
		},
		"hi": {
			"Mujhe do din mein kaam khatam karna hai, ek baar check kar lo",
			"Aap saath mein aa jao, no problem, tera kaam bara hai",
			"Yeh das minute ka kaam hai",
		},
		"bn": {
			"Ami tin din por asbo, char ta boi ache",
			"Eta amar dosh noy, baro kaj",
		},
		"tl": {
			"Wala akong pera, lima lang ang natira",
			"Isa pa po, salamat",
		},
		"id": {
			"Saya punya dua kucing dan lima ayam, kosong",
		},
		"vi": {
			"Năm nay tôi không có thời gian, hai ba ngày nữa nhé",
			"Bạn có thể gửi lại sau không",
			"Nằm ở biển, hải sản rất ngon",
		},
		"ar": {
			"ست سنوات في الجامعة",
			"اريد ان اعمل معك في هذا المشروع",
		},
	}
	for lang, list := range sentences {
		for _, s := range list {
			ws := words(s)
			for i := range ws {
				got, used := SpellDigits(ws[i:])
				if len(got) <= 3 || allAmbiguous(ws[i:i+used]) {
					continue
				}
				t.Errorf("%s: SpellDigits(%q) = %q, %d, want at most 3 digits or only ambiguous words",
					lang, ws[i:], got, used)
			}
		}
	}
}

// allAmbiguous reports whether every number word in ws is ambiguous, so
// that the caller would not accept the run on its own.
func allAmbiguous(ws []string) bool {
	for _, w := range ws {
		if _, ok := NumberWord(w); ok && !IsAmbiguousNumberWord(w) {
			return false
		}
	}
	return true
}

// TestSpellDigitsAmbiguousOnly checks that the ordinary-word readings the
// sentences above do produce are made only of ambiguous words, which the
// caller rejects without unambiguous support.
func TestSpellDigitsAmbiguousOnly(t *testing.T) {
	tests := []string{
		"Oh do it",
		"tin char",
		"hai ba",
		"dosh noy baro",
		"bir on",
		"un une",
		"ek do",
	}
	for _, s := range tests {
		ws := words(s)
		got, used := SpellDigits(ws)
		if used == 0 {
			t.Errorf("SpellDigits(%q) = %q, %d, want a reading to check", ws, got, used)
			continue
		}
		if !allAmbiguous(ws[:used]) {
			t.Errorf("SpellDigits(%q) = %q, %d: a word is not marked ambiguous", ws, got, used)
		}
	}
}

func TestSpellDigitsInvariants(t *testing.T) {
	var vocab []string
	for _, d := range nwDefs {
		vocab = append(vocab, strings.Split(d.forms, "|")...)
	}
	vocab = append(vocab, "and", "y", "e", "et", "und", "و", "hello", "5", "42", "-", "")
	// A deterministic walk over many combinations.
	seed := uint32(1)
	next := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed >> 8)
	}
	for n := 0; n < 20000; n++ {
		ws := make([]string, next()%7)
		for i := range ws {
			ws[i] = vocab[next()%len(vocab)]
		}
		got, used := SpellDigits(ws)
		if used < 0 || used > len(ws) || (used == 0) != (got == "") {
			t.Fatalf("SpellDigits(%q) = %q, %d: inconsistent", ws, got, used)
		}
		for i := 0; i < len(got); i++ {
			if got[i] < '0' || got[i] > '9' {
				t.Fatalf("SpellDigits(%q) = %q, %d: not digits", ws, got, used)
			}
		}
		if used > 0 {
			if again, u2 := SpellDigits(ws[:used]); again != got || u2 != used {
				t.Fatalf("SpellDigits(%q) = %q, %d, but on its own prefix %q, %d", ws, got, used, again, u2)
			}
		}
	}
}

func TestNumberWordAllocs(t *testing.T) {
	for _, w := range []string{"п'ять", "seven", "dreiundzwanzig", "hello", "très", "không"} {
		if n := testing.AllocsPerRun(100, func() { NumberWord(w) }); n != 0 {
			t.Errorf("NumberWord(%q) allocates %v times, want 0", w, n)
		}
	}
	ws := words("oh seven nine double one, one two three double four five")
	if n := testing.AllocsPerRun(100, func() { SpellDigits(ws) }); n > 1 {
		t.Errorf("SpellDigits allocates %v times, want at most 1", n)
	}
}

func FuzzSpellDigits(f *testing.F) {
	f.Add("oh seven nine double one")
	f.Add("сто двадцять три")
	f.Add("quatre-vingt-dix-sept")
	f.Add("dreiundzwanzig hundert")
	f.Fuzz(func(t *testing.T, s string) {
		ws := strings.Fields(s)
		got, used := SpellDigits(ws)
		if used < 0 || used > len(ws) || (used == 0) != (got == "") {
			t.Fatalf("SpellDigits(%q) = %q, %d: inconsistent", ws, got, used)
		}
		for _, w := range ws {
			NumberWord(w)
			IsAmbiguousNumberWord(w)
		}
	})
}

func BenchmarkSpellDigits(b *testing.B) {
	ws := words("сто двадцять три, сорок п'ять, шістдесят сім")
	for b.Loop() {
		SpellDigits(ws)
	}
}

// TestNumberWordQuickReject checks that the quick rejection of ASCII words
// by their first two letters never turns away a word the full lookup
// reads: every table key, every German and Italian compound, each in
// lower, upper and title case, and random letter strings.
func TestNumberWordQuickReject(t *testing.T) {
	var ws []string
	for k := range nwTable {
		ws = append(ws, k)
	}
	for u := range nwDeStem {
		for te := range nwDeTens {
			ws = append(ws, u+"und"+te, u+"hundert", u+"hundertund"+u+"und"+te, "hundert"+te)
		}
		for sm := range nwDeSmall {
			ws = append(ws, u+"hundert"+sm)
		}
	}
	for _, h := range nwItHundreds {
		for _, te := range nwItTens {
			for un := range nwItUnits {
				ws = append(ws, te.p+un, h.p+"o"+te.p+un, h.p+te.p+un)
			}
		}
		for sm := range nwItSmall {
			ws = append(ws, h.p+"o"+sm, h.p+sm)
		}
	}
	rng := uint32(1)
	for n := 0; n < 20000; n++ {
		b := make([]byte, 2+n%9)
		for i := range b {
			rng = rng*1664525 + 1013904223
			b[i] = byte('a' + (rng>>16)%26)
		}
		ws = append(ws, string(b))
	}
	for _, w := range ws {
		for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			got, gok := nwLookup(v)
			want, wok := nwLookupSlow(v)
			if got != want || gok != wok {
				t.Errorf("nwLookup(%q) = %v, %v; the full lookup gives %v, %v", v, got, gok, want, wok)
			}
		}
	}
}

// TestSpellDigitsPerWord checks MaxDigitsPerNumberWord: SpellDigits never
// reads more digits than that per word it uses, on every table word
// alone, every repeat or multiplier word before every word, and random
// runs of table words and connectors.
func TestSpellDigitsPerWord(t *testing.T) {
	var keys []string
	for k := range nwTable {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	keys = append(keys, "and", "y", "e", "et", "und", "и", "і", "lẻ", "oh", "o")
	check := func(ws []string) {
		t.Helper()
		d, used := SpellDigits(ws)
		if len(d) > MaxDigitsPerNumberWord*used {
			t.Errorf("SpellDigits(%q) = %q from %d words: more than %d digits a word", ws, d, used, MaxDigitsPerNumberWord)
		}
	}
	for _, k := range keys {
		check([]string{k})
		if e := nwTable[k]; e.c == Repeat || e.c == Hundred || e.c == Tens || e.f&(nwMulHundred|nwMulTen|nwTeenSuffix) != 0 {
			for _, k2 := range keys {
				check([]string{k, k2})
				check([]string{k2, k})
			}
		}
	}
	rng := uint32(3)
	next := func() string {
		rng = rng*1664525 + 1013904223
		return keys[int(rng>>8)%len(keys)]
	}
	for n := 0; n < 200000; n++ {
		check([]string{next(), next(), next(), next()})
	}
}

// TestMayBeNumberWord checks that the quick rejection never turns away a
// number word NumberWord reads: every word of the tables, every word of
// one to four ASCII letters, and compounds of every compound start with
// every word of the tables after it.
func TestMayBeNumberWord(t *testing.T) {
	words := []string{"dreiundzwanzig", "zweihundertzwölf", "ventitré", "cinquantacinque", "twentyfive", "ninetynine"}
	for k := range nwTable {
		words = append(words, k, strings.ToUpper(k))
		for _, s := range nwCompoundStarts() {
			words = append(words, s+k)
		}
	}
	var b []byte
	var short func(n int)
	short = func(n int) {
		if n == 0 {
			words = append(words, string(b))
			return
		}
		for c := byte('a'); c <= 'z'; c++ {
			b = append(b, c)
			short(n - 1)
			b = b[:len(b)-1]
		}
	}
	for n := 1; n <= 4; n++ {
		short(n)
	}
	for _, w := range words {
		if _, ok := NumberWord(w); ok && !MayBeNumberWord(w) {
			t.Errorf("MayBeNumberWord(%q) = false, but NumberWord reads it", w)
		}
	}
	for _, w := range []string{"project", "the", "deadline", "invoice", "figma", "thanks", "should", "design"} {
		if MayBeNumberWord(w) {
			t.Errorf("MayBeNumberWord(%q) = true, want the quick no", w)
		}
	}
}
