package checksum

// ibanMaxLen is the maximum length of an IBAN in electronic format: at most
// 34 alphanumeric characters (ISO 13616-1).
const ibanMaxLen = 34

// ibanLengths maps an ISO 3166-1 alpha-2 country code to the total length of
// an IBAN (country code, check digits and BBAN) for that country.
//
// Sources:
//   - SWIFT IBAN Registry (ISO 13616 registration authority), release 100,
//     the same 89 countries that python-stdnum's iban.dat is generated from.
//   - Territories that the registry lists under "IBAN country code includes"
//     of a parent country (FI, FR, GB). Their accounts are normally issued
//     with the parent's prefix, but common validators (IbanNet, php-iban,
//     java-iban) also accept the territory code with the parent's length.
//   - "Experimental" IBANs: countries that publish IBAN-like account numbers
//     without being in the SWIFT registry, as listed by iban.com/structure
//     and Wikipedia and accepted by IbanNet and java-iban. These are not
//     ISO 13616 registered, so their lengths may change.
var ibanLengths = map[string]uint8{
	// SWIFT IBAN Registry.
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
	"BG": 22, "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22,
	"CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20,
	"EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22,
	"GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21,
	"HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30,
	"KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
	"RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24,
	"SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26,
	"UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,

	// Territories included in a registry entry, with the parent's length.
	"AX": 18, // Åland Islands (FI)
	"BL": 27, // Saint Barthélemy (FR)
	"GF": 27, // French Guiana (FR)
	"GP": 27, // Guadeloupe (FR)
	"MF": 27, // Saint Martin (FR)
	"MQ": 27, // Martinique (FR)
	"NC": 27, // New Caledonia (FR)
	"PF": 27, // French Polynesia (FR)
	"PM": 27, // Saint Pierre and Miquelon (FR)
	"RE": 27, // Réunion (FR)
	"TF": 27, // French Southern Territories (FR)
	"WF": 27, // Wallis and Futuna (FR)
	"YT": 27, // Mayotte (FR)
	"GG": 22, // Guernsey (GB)
	"IM": 22, // Isle of Man (GB)
	"JE": 22, // Jersey (GB)

	// Experimental (not in the SWIFT registry).
	"AO": 25, // Angola
	"BF": 28, // Burkina Faso
	"BJ": 28, // Benin
	"CF": 27, // Central African Republic
	"CG": 27, // Congo
	"CI": 28, // Côte d'Ivoire
	"CM": 27, // Cameroon
	"CV": 25, // Cabo Verde
	"DZ": 26, // Algeria
	"GA": 27, // Gabon
	"GQ": 27, // Equatorial Guinea
	"GW": 25, // Guinea-Bissau
	"IR": 26, // Iran
	"KM": 27, // Comoros
	"MA": 28, // Morocco
	"MG": 27, // Madagascar
	"ML": 28, // Mali
	"MZ": 25, // Mozambique
	"NE": 28, // Niger
	"SN": 28, // Senegal
	"TD": 27, // Chad
	"TG": 28, // Togo
}

// IBANCountryLength reports the total IBAN length (in characters, electronic
// format) registered for the ISO 3166-1 alpha-2 country code cc, as listed in
// the SWIFT IBAN Registry (ISO 13616), its included territories and the
// commonly accepted experimental countries. cc must be two upper-case ASCII
// letters; the result is (0, false) for any other input or an unknown
// country.
func IBANCountryLength(cc string) (int, bool) {
	if len(cc) != 2 {
		return 0, false
	}
	n, ok := ibanLengths[cc]
	return int(n), ok
}

// IBAN reports whether s is a valid International Bank Account Number
// (ISO 13616-1). s may be in paper format: ASCII spaces are ignored and
// lower-case letters are accepted. The checks are:
//   - a known country code whose registered IBAN length matches exactly
//     (see IBANCountryLength);
//   - two check digits in the range 02..98 (ISO 13616-1; 00, 01 and 99
//     would alias 97, 98 and 02 under MOD 97-10);
//   - an alphanumeric BBAN (the national formats are not checked);
//   - the ISO/IEC 7064 MOD 97-10 check: moving the first four characters
//     to the end and replacing each letter by two digits (A=10 ... Z=35)
//     gives a number whose remainder modulo 97 is 1. The remainder is
//     computed incrementally, one character at a time.
func IBAN(s string) bool {
	var buf [ibanMaxLen]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			return false
		}
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
	}
	if n < 5 {
		return false
	}
	b := buf[:n]
	if !isUpper(b[0]) || !isUpper(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	want, ok := ibanLengths[string(b[:2])]
	if !ok || int(want) != n {
		return false
	}
	if cd := int(b[2]-'0')*10 + int(b[3]-'0'); cd < 2 || cd > 98 {
		return false
	}
	// ISO 7064 MOD 97-10 over BBAN + country code + check digits. Every
	// byte is already known to be [0-9A-Z].
	r := 0
	for i := 0; i < n; i++ {
		c := b[(i+4)%n]
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r == 1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
