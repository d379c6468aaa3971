package checksum

import (
	"bytes"
	"crypto/sha256"
)

// base58MaxLen bounds the input accepted by Base58Check. Bitcoin and Tron
// addresses are 25 bytes (at most 35 characters) and WIF keys at most 52
// characters; anything longer than 64 characters is rejected before
// decoding, which also keeps the quadratic base conversion bounded.
const base58MaxLen = 64

// base58Alphabet is the Bitcoin Base58 alphabet (Bitcoin Core base58.cpp):
// the digits and Latin letters without 0, O, I and l.
const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Index maps an input byte to its Base58 digit value, or 0xff.
var base58Index = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = byte(i)
	}
	return t
}()

// base58DecodeMax bounds the input of Base58Decode: the base conversion is
// quadratic, and 128 digits (at most 94 bytes) cover every address format.
const base58DecodeMax = 128

// Base58Decode decodes s as Base58 with the Bitcoin alphabet, each leading
// '1' standing for one zero byte. ok is false for an empty string, one
// longer than 128 characters, or a character outside the alphabet.
func Base58Decode(s string) ([]byte, bool) {
	if len(s) == 0 || len(s) > base58DecodeMax {
		return nil, false
	}
	// Big-endian accumulator; the value occupies num[len(num)-used:].
	var num [96]byte
	used := 0
	for i := 0; i < len(s); i++ {
		d := base58Index[s[i]]
		if d == 0xff {
			return nil, false
		}
		carry := uint32(d)
		for j := len(num) - 1; j >= len(num)-used; j-- {
			carry += uint32(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			if used == len(num) {
				return nil, false
			}
			used++
			num[len(num)-used] = byte(carry)
			carry >>= 8
		}
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	out := make([]byte, zeros+used)
	copy(out[zeros:], num[len(num)-used:])
	return out, true
}

// Base58Check decodes s as Bitcoin Base58Check (Bitcoin Core base58.cpp,
// DecodeBase58Check): Base58 with the Bitcoin alphabet, each leading '1'
// standing for one zero byte, and the last four decoded bytes being the
// first four bytes of SHA-256(SHA-256(version || payload)). It returns the
// version byte and a fresh copy of the payload. ok is false if s is empty,
// longer than 64 characters, contains a character outside the alphabet,
// decodes to fewer than five bytes or has a wrong checksum.
func Base58Check(s string) (version byte, payload []byte, ok bool) {
	if len(s) == 0 || len(s) > base58MaxLen {
		return 0, nil, false
	}
	data, ok := Base58Decode(s)
	total := len(data)
	if !ok || total < 5 {
		return 0, nil, false
	}
	body, sum := data[:total-4], data[total-4:]
	h1 := sha256.Sum256(body)
	h2 := sha256.Sum256(h1[:])
	if !bytes.Equal(h2[:4], sum) {
		return 0, nil, false
	}
	return body[0], body[1:], true
}

// BitcoinBase58 reports whether s is a Bitcoin mainnet legacy address in
// Base58Check form: P2PKH (version byte 0x00, a leading '1') or P2SH
// (version byte 0x05, BIP-13, a leading '3'), each with a 20-byte hash
// payload. Testnet and regtest versions (0x6f, 0xc4) are rejected.
func BitcoinBase58(s string) bool {
	if len(s) < 26 || len(s) > 35 {
		return false
	}
	v, p, ok := Base58Check(s)
	if !ok || len(p) != 20 {
		return false
	}
	switch v {
	case 0x00:
		return s[0] == '1'
	case 0x05:
		return s[0] == '3'
	}
	return false
}

// Tron reports whether s is a Tron (TRX) account address in Base58Check
// form: version byte 0x41 followed by a 20-byte account hash, which always
// encodes to 34 characters starting with 'T' (TRON protocol documentation,
// "Account" address format).
func Tron(s string) bool {
	if len(s) != 34 || s[0] != 'T' {
		return false
	}
	v, p, ok := Base58Check(s)
	return ok && v == 0x41 && len(p) == 20
}
