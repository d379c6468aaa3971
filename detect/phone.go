package detect

// numberWordList are number words that trigger the spelled-digit search.
var numberWordList = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

// phoneCueWords say that a number is a phone number.
var phoneCueWords = []string{"call", "phone", "number", "mobile", "cell", "tel", "text", "whatsapp"}

// detectPhone finds phone numbers. (Stub: replaced by the phone detector.)
func detectPhone(s *scan) {}
