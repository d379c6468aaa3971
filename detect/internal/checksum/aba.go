package checksum

// ABARouting reports whether s is a plausible US ABA routing transit number
// (American Bankers Association routing number policy, "Key to Routing
// Numbers"):
//   - exactly nine ASCII digits;
//   - the first two digits (the Federal Reserve routing symbol) are in
//     00-12 (banks, 00 for the US government), 21-32 (thrift
//     institutions), 61-72 (electronic transactions) or 80 (traveller's
//     cheques);
//   - the ABA check digit: 3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9) is a
//     multiple of 10.
func ABARouting(s string) bool {
	if !ABACheckDigit(s) {
		return false
	}
	switch p := int(s[0]-'0')*10 + int(s[1]-'0'); {
	case p <= 12, 21 <= p && p <= 32, 61 <= p && p <= 72, p == 80:
		return true
	}
	return false
}

// ABACheckDigit reports whether s is nine ASCII digits whose ABA check digit holds: 3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9) is
// a multiple of 10. ABARouting adds the Federal Reserve prefix ranges.
func ABACheckDigit(s string) bool {
	if len(s) != 9 {
		return false
	}
	weights := [3]int{3, 7, 1}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if !isDigit(c) {
			return false
		}
		sum += int(c-'0') * weights[i%3]
	}
	return sum%10 == 0
}

// Luhn reports whether digits is a non-empty string of ASCII digits that
// passes the Luhn mod-10 check (ISO/IEC 7812-1, Annex B): doubling every
// second digit from the right, subtracting 9 from doubled values above 9,
// the sum of all digits is a multiple of 10. Any non-digit byte, including
// spaces, makes it report false.
func Luhn(digits string) bool {
	if len(digits) == 0 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if !isDigit(c) {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
