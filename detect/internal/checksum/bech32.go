package checksum

// bech32MaxLen is the maximum length of a bech32 string (BIP-173).
const bech32MaxLen = 90

// bech32Charset is the BIP-173 data alphabet, indexed by 5-bit value.
const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32Index maps a lower-case input byte to its 5-bit value, or 0xff.
var bech32Index = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(bech32Charset); i++ {
		t[bech32Charset[i]] = byte(i)
	}
	return t
}()

// Checksum constants: the final polymod value of a valid string.
const (
	bech32Const  = 1          // BIP-173 bech32
	bech32mConst = 0x2bc830a3 // BIP-350 bech32m
)

// bech32Step feeds one 5-bit value into the BIP-173 BCH checksum
// ("bech32_polymod").
func bech32Step(c uint32, v byte) uint32 {
	b := c >> 25
	c = (c&0x1ffffff)<<5 ^ uint32(v)
	if b&1 != 0 {
		c ^= 0x3b6a57b2
	}
	if b&2 != 0 {
		c ^= 0x26508e6d
	}
	if b&4 != 0 {
		c ^= 0x1ea119fa
	}
	if b&8 != 0 {
		c ^= 0x3d4233dd
	}
	if b&16 != 0 {
		c ^= 0x2a1462b3
	}
	return c
}

// bech32String is a decoded bech32 or bech32m string.
type bech32String struct {
	hrp  string // human-readable part, lower case
	data []byte // 5-bit values, checksum removed
	// constant is the checksum's final polymod value: bech32Const or
	// bech32mConst for a valid string.
	constant uint32
}

// bech32Decode decodes s following BIP-173 "Bech32" (decoding rules) and
// BIP-350 "Bech32m": at most 90 characters in the range 33..126, not mixed
// case, the last '1' separating a 1..83 character human-readable part from
// a data part of at least six characters of the bech32 alphabet, and a
// checksum that ends in either the bech32 or the bech32m constant.
func bech32Decode(s string) (bech32String, bool) {
	return bech32DecodeMax(s, bech32MaxLen)
}

// bech32LongMax bounds Bech32Checksum: some chains (Cardano Shelley
// addresses, about 103 characters) exceed BIP-173's 90.
const bech32LongMax = 128

// Bech32Checksum reports whether s carries a valid bech32 (BIP-173) or
// bech32m (BIP-350) checksum, for any human-readable part, and returns
// that part in lower case. Unlike Bech32Segwit it says nothing of what the
// data encodes; it accepts up to 128 characters.
func Bech32Checksum(s string) (hrp string, ok bool) {
	b, ok := bech32DecodeMax(s, bech32LongMax)
	return b.hrp, ok
}

// bech32DecodeMax is bech32Decode for strings of at most max characters.
func bech32DecodeMax(s string, max int) (bech32String, bool) {
	if len(s) > max {
		return bech32String{}, false
	}
	hasLower, hasUpper := false, false
	sep := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 33 || c > 126:
			return bech32String{}, false
		case 'a' <= c && c <= 'z':
			hasLower = true
		case 'A' <= c && c <= 'Z':
			hasUpper = true
		case c == '1':
			sep = i
		}
	}
	if hasLower && hasUpper || sep < 1 || sep+7 > len(s) {
		return bech32String{}, false
	}
	hrp := make([]byte, sep)
	for i := range hrp {
		hrp[i] = lower(s[i])
	}
	// hrp_expand: high bits of each character, a zero, then low bits.
	chk := uint32(1)
	for _, c := range hrp {
		chk = bech32Step(chk, c>>5)
	}
	chk = bech32Step(chk, 0)
	for _, c := range hrp {
		chk = bech32Step(chk, c&31)
	}
	data := make([]byte, len(s)-sep-1)
	for i := range data {
		v := bech32Index[lower(s[sep+1+i])]
		if v == 0xff {
			return bech32String{}, false
		}
		data[i] = v
		chk = bech32Step(chk, v)
	}
	if chk != bech32Const && chk != bech32mConst {
		return bech32String{}, false
	}
	return bech32String{hrp: string(hrp), data: data[:len(data)-6], constant: chk}, true
}

// Bech32Segwit reports whether s is a Bitcoin mainnet SegWit address:
//   - s decodes as bech32/bech32m (BIP-173, BIP-350): at most 90
//     characters, all lower case or all upper case;
//   - the human-readable part is "bc" (mainnet; testnet "tb" and regtest
//     "bcrt" are rejected);
//   - the first data value is the witness version 0..16 and the rest is the
//     witness program, regrouped from 5-bit to 8-bit values with at most
//     four bits of zero padding (BIP-173, "Segwit address format");
//   - BIP-141: a version 0 program is 20 (P2WPKH) or 32 (P2WSH) bytes, the
//     program of any other version is 2..40 bytes;
//   - BIP-350: version 0 uses the bech32 checksum constant 1, versions 1..16
//     the bech32m constant 0x2bc830a3.
func Bech32Segwit(s string) bool {
	// "bc1" + version + at least 2 program bytes (4 characters) + 6.
	if len(s) < 14 || len(s) > bech32MaxLen {
		return false
	}
	b, ok := bech32Decode(s)
	if !ok || b.hrp != "bc" || len(b.data) < 1 {
		return false
	}
	witver := b.data[0]
	if witver > 16 {
		return false
	}
	// convertbits(data[1:], 5, 8, pad=false)
	progLen := 0
	acc, bits := uint32(0), uint(0)
	for _, v := range b.data[1:] {
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			progLen++
			acc &= 1<<bits - 1
		}
	}
	if bits > 4 || acc != 0 {
		return false // more than four padding bits, or non-zero padding
	}
	if progLen < 2 || progLen > 40 {
		return false
	}
	if witver == 0 {
		return (progLen == 20 || progLen == 32) && b.constant == bech32Const
	}
	return b.constant == bech32mConst
}

// lower maps an ASCII upper-case letter to lower case.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
