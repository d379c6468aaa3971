package checksum

import "golang.org/x/crypto/sha3"

// Ethereum reports whether s is an Ethereum account address: "0x" followed
// by 40 hexadecimal digits (the low 20 bytes of a Keccak-256 hash, Ethereum
// Yellow Paper). If the hex letters are all lower case or all upper case
// the address carries no checksum and is accepted. Otherwise it must match
// the EIP-55 mixed-case checksum: the i-th hex letter is upper case exactly
// when the i-th nibble of Keccak-256 of the lower-case hex address (ASCII,
// without "0x") is 8 or more. Keccak-256 here is the original Keccak
// padding, not FIPS 202 SHA3-256.
func Ethereum(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	var addr [40]byte
	hasLower, hasUpper := false, false
	for i := 0; i < 40; i++ {
		c := s[i+2]
		switch {
		case '0' <= c && c <= '9':
		case 'a' <= c && c <= 'f':
			hasLower = true
		case 'A' <= c && c <= 'F':
			hasUpper = true
			c += 'a' - 'A'
		default:
			return false
		}
		addr[i] = c
	}
	if !hasLower || !hasUpper {
		return true
	}
	h := sha3.NewLegacyKeccak256()
	h.Write(addr[:])
	var hash [32]byte
	h.Sum(hash[:0])
	for i := 0; i < 40; i++ {
		c := s[i+2]
		if c <= '9' {
			continue
		}
		nibble := hash[i/2] >> 4
		if i%2 == 1 {
			nibble = hash[i/2] & 0x0f
		}
		if upper := c <= 'F'; upper != (nibble >= 8) {
			return false
		}
	}
	return true
}
