package detect

import (
	"sort"
	"strings"

	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Number words read aloud in phone numbers, per language. People dodge
// digit filters by spelling numbers out ("nine one seven", "нуль шістдесят
// сім", "shunya ek do"), digit by digit or, in many languages, in pairs and
// triples ("сто двадцять три, сорок п'ять" = 123 45, French "soixante et
// un" = 61). The tables list the words a reader says for 0-9, 10-19, the
// tens and the hundreds.
//
// Reading the words is normalize.NumberWord and normalize.SpellDigits'
// job; this file only lists the words, so that the prefilter can notice
// them. TODO(numwords): build numberWordList from normalize's own table
// once it exports its word list.

// phoneWordLangs lists, per language, the words for 0-9 (several
// spellings separated by '|'), 10-19, 20-90 and 100-900. Sources: the
// cardinal numbers of each language as spoken when reading out a phone
// number; spellings without diacritics are included because chat often
// drops them.
var phoneWordLangs = []struct {
	lang     string
	digits   [10]string
	teens    [10]string // 10-19
	tens     [8]string  // 20-90
	hundreds [9]string  // 100-900
}{
	{lang: "en",
		digits: [10]string{"zero|oh|nought|nil", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"},
		teens:  [10]string{"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"},
		tens:   [8]string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}},
	{lang: "es",
		digits:   [10]string{"cero", "uno|una|un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"},
		teens:    [10]string{"diez", "once", "doce", "trece", "catorce", "quince", "dieciséis|dieciseis", "diecisiete", "dieciocho", "diecinueve"},
		tens:     [8]string{"veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"},
		hundreds: [9]string{"cien|ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos"}},
	{lang: "pt",
		digits:   [10]string{"zero", "um|uma", "dois|duas", "três|tres", "quatro", "cinco", "seis|meia", "sete", "oito", "nove"},
		teens:    [10]string{"dez", "onze", "doze", "treze", "catorze|quatorze", "quinze", "dezesseis|dezasseis", "dezessete|dezassete", "dezoito", "dezenove|dezanove"},
		tens:     [8]string{"vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"},
		hundreds: [9]string{"cem|cento", "duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos", "setecentos", "oitocentos", "novecentos"}},
	{lang: "fr",
		digits:   [10]string{"zéro|zero", "un|une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"},
		teens:    [10]string{"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"},
		tens:     [8]string{"vingt", "trente", "quarante", "cinquante", "soixante"},
		hundreds: [9]string{"cent"}},
	{lang: "de",
		digits: [10]string{"null", "eins|ein|eine", "zwei|zwo", "drei", "vier", "fünf|fuenf|funf", "sechs", "sieben", "acht", "neun"},
		teens:  [10]string{"zehn", "elf", "zwölf|zwoelf", "dreizehn", "vierzehn", "fünfzehn|fuenfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"},
		tens:   [8]string{"zwanzig", "dreißig|dreissig", "vierzig", "fünfzig|fuenfzig", "sechzig", "siebzig", "achtzig", "neunzig"}},
	{lang: "it",
		digits:   [10]string{"zero", "uno|una", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"},
		teens:    [10]string{"dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove"},
		tens:     [8]string{"venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"},
		hundreds: [9]string{"cento"}},
	{lang: "ru",
		digits:   [10]string{"ноль|нуль", "один|одна|одно", "два|две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"},
		teens:    [10]string{"десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"},
		tens:     [8]string{"двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"},
		hundreds: [9]string{"сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"}},
	{lang: "uk",
		digits:   [10]string{"нуль", "один|одна|одно", "два|дві", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"},
		teens:    [10]string{"десять", "одинадцять", "дванадцять", "тринадцять", "чотирнадцять", "п'ятнадцять", "шістнадцять", "сімнадцять", "вісімнадцять", "дев'ятнадцять"},
		tens:     [8]string{"двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто"},
		hundreds: [9]string{"сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот"}},
	{lang: "pl",
		digits: [10]string{"zero", "jeden|jedna", "dwa|dwie", "trzy", "cztery", "pięć|piec", "sześć|szesc", "siedem", "osiem", "dziewięć|dziewiec"},
		teens:  [10]string{"dziesięć|dziesiec", "jedenaście|jedenascie", "dwanaście|dwanascie", "trzynaście|trzynascie", "czternaście|czternascie", "piętnaście|pietnascie", "szesnaście|szesnascie", "siedemnaście|siedemnascie", "osiemnaście|osiemnascie", "dziewiętnaście|dziewietnascie"},
		tens:   [8]string{"dwadzieścia|dwadziescia", "trzydzieści|trzydziesci", "czterdzieści|czterdziesci", "pięćdziesiąt|piecdziesiat", "sześćdziesiąt|szescdziesiat", "siedemdziesiąt|siedemdziesiat", "osiemdziesiąt|osiemdziesiat", "dziewięćdziesiąt|dziewiecdziesiat"}},
	{lang: "hi", // Hindi and Urdu in Latin letters, Devanagari and Urdu script
		digits: [10]string{"shunya|shunye|shoonya|sunya|sifar|sifr|शून्य|सिफर|صفر",
			"ek|aik|एक|ایک", "do|दो|دو", "teen|तीन|تین", "char|chaar|चार|چار", "panch|paanch|paach|पांच|पाँच|پانچ",
			"chhe|chhah|chah|cheh|chhey|छह|छः|छे|چھ|چھے", "saat|सात|سات", "aath|aat|आठ|آٹھ", "nau|नौ|نو"}},
	{lang: "bn", // Bengali in Latin letters and Bengali script
		digits: [10]string{"shunno|shunyo|sunno|শূন্য", "ek|এক", "dui|দুই", "tin|তিন", "char|চার", "pach|panch|পাঁচ",
			"chhoy|choy|chhoi|ছয়", "saat|sat|সাত", "aat|aath|আট", "noy|noi|নয়"}},
	{lang: "tl",
		digits: [10]string{"sero|zero", "isa", "dalawa", "tatlo", "apat", "lima", "anim", "pito", "walo", "siyam"}},
	{lang: "id", // Indonesian and Malay
		digits: [10]string{"nol|kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan|lapan", "sembilan"},
		teens:  [10]string{"sepuluh", "sebelas"}},
	{lang: "vi",
		digits: [10]string{"không|khong|linh", "một|mot|mốt", "hai", "ba", "bốn|bon|tư", "năm|nam|lăm", "sáu|sau", "bảy|bay", "tám|tam", "chín|chin"}},
	{lang: "ar",
		digits: [10]string{"صفر", "واحد", "اثنان|اثنين|اتنين", "ثلاثة|ثلاثه|تلاتة|تلاته", "أربعة|اربعة|اربعه|أربعه", "خمسة|خمسه",
			"ستة|سته", "سبعة|سبعه", "ثمانية|ثمانيه|تمانية|تمانيه", "تسعة|تسعه"}},
	{lang: "tr",
		digits: [10]string{"sıfır|sifir", "bir", "iki", "üç|uc", "dört|dort", "beş|bes", "altı|alti", "yedi", "sekiz", "dokuz"}},
	{lang: "ro",
		digits: [10]string{"zero", "unu", "doi|două|doua", "trei", "patru", "cinci", "șase|şase|sase", "șapte|şapte|sapte", "opt", "nouă|noua"}},
}

// phoneWordExtras are the number words outside the 0-99 tables:
// multipliers and repeat words ("hundred", "double four").
var phoneWordExtras = []string{
	"hundred", "hundert", "double", "triple", "doble", "dobro", "doppel", "डबल", "ডাবল",
	"veintiuno", "veintidós", "veintidos", "veintitrés", "veintitres", "veinticuatro", "veinticinco",
	"veintiséis", "veintiseis", "veintisiete", "veintiocho", "veintinueve", "vingts",
}

// phoneConnectors join tens and units ("treinta y cinco", "vingt et un",
// "сто і три"); they belong to a spelled number only between number words.
var phoneConnectors = map[string]bool{
	"y": true, "e": true, "et": true, "und": true, "and": true, "i": true, "и": true, "і": true, "lẻ": true, "و": true,
}

// numberWordList are number words that trigger the spelled-digit search:
// the unambiguous ones, since a spelled number always holds some. The
// prefilter splits words at apostrophes, so "п'ять" is registered by
// its tail as well.
var numberWordList = func() []string {
	seen := map[string]bool{}
	add := func(field string) {
		for _, w := range strings.Split(field, "|") {
			if w == "" {
				continue
			}
			if _, ok := normalize.NumberWord(w); !ok || normalize.IsAmbiguousNumberWord(w) {
				// Words normalize cannot read, and everyday words
				// ("do", "one", "ba"), trigger nothing.
				continue
			}
			seen[w] = true
			if i := strings.LastIndexByte(w, '\''); i >= 0 && len(w)-i > 3 {
				seen[w[i+1:]] = true
			}
		}
	}
	for _, l := range phoneWordLangs {
		for _, f := range l.digits {
			add(f)
		}
		for _, f := range l.teens {
			add(f)
		}
		for _, f := range l.tens {
			add(f)
		}
		for _, f := range l.hundreds {
			add(f)
		}
	}
	for _, w := range phoneWordExtras {
		add(w)
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}()

// phoneLangRegions are the regions where each language's number words
// are most likely dictated: a spelled number is tried there first, so
// "shunya nau aath ..." reads as Indian before American.
var phoneLangRegions = map[string][]string{
	"es": {"ES", "MX", "CO", "AR"}, "pt": {"BR"}, "fr": {"FR", "MA"}, "de": {"DE"}, "it": {"IT"},
	"ru": {"RU", "UA"}, "uk": {"UA"}, "pl": {"PL"}, "hi": {"IN", "PK"}, "bn": {"BD", "IN"},
	"tl": {"PH"}, "id": {"ID"}, "vi": {"VN"}, "ar": {"EG", "MA"}, "tr": {"TR"}, "ro": {"RO"},
}

// phoneWordLang maps a number word used by only one language of
// phoneWordLangs to that language.
var phoneWordLang = func() map[string]string {
	m := map[string]string{}
	add := func(field, lang string) {
		for _, w := range strings.Split(field, "|") {
			if w == "" {
				continue
			}
			if l, ok := m[w]; ok && l != lang {
				m[w] = "" // shared by several languages
				continue
			}
			m[w] = lang
		}
	}
	for _, l := range phoneWordLangs {
		for _, f := range l.digits {
			add(f, l.lang)
		}
		for _, f := range l.teens {
			add(f, l.lang)
		}
		for _, f := range l.tens {
			add(f, l.lang)
		}
		for _, f := range l.hundreds {
			add(f, l.lang)
		}
	}
	return m
}()

// phoneApostrophes makes typographic apostrophes plain: "пʼять".
var phoneApostrophes = strings.NewReplacer("’", "'", "ʼ", "'")

// phoneWordsLang returns the language most of words belong to, or "".
func phoneWordsLang(words []string) string {
	count := map[string]int{}
	best, bestN := "", 0
	for _, w := range words {
		if strings.ContainsAny(w, "’ʼ") {
			w = phoneApostrophes.Replace(w)
		}
		if l := phoneWordLang[w]; l != "" {
			count[l]++
			if count[l] > bestN {
				best, bestN = l, count[l]
			}
		}
	}
	return best
}
