package detect

import (
	"encoding/binary"
	"math/bits"
)

// SWAR ("SIMD within a register") constants: a byte 0x01 and 0x80 in
// each lane of a uint64.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// asciiWordRun returns where the run of ASCII letters and digits starting
// at t[i] ends, and its kinds as wordBytes gives them (1: a letter, 2: a
// digit, 3: both). It reads eight bytes at a time: most words end within
// the first eight, found with one test rather than a branch per byte.
func asciiWordRun(t string, i int) (int, uint8) {
	var letters, digits uint64
	for i+8 <= len(t) {
		x := binary.LittleEndian.Uint64([]byte(t[i : i+8]))
		// Per byte, the high bit: a letter of either case (c|0x20 is
		// then in 'a'..'z'), a digit. Bytes with their high bit set
		// are neither: cleared first, masked out after.
		y := x &^ swarHighs
		l := swarIn(y|swarOnes*0x20, 'a', 'z')
		d := swarIn(y, '0', '9')
		w := (l | d) &^ x
		if w != swarHighs {
			// The first byte that is no word byte ends the run.
			n := bits.TrailingZeros64(^w&swarHighs) >> 3
			keep := uint64(1)<<(8*n) - 1
			letters |= l & keep
			digits |= d & keep
			i += n
			return i, swarKinds(letters, digits)
		}
		letters |= l
		digits |= d
		i += 8
	}
	k := swarKinds(letters, digits)
	for i < len(t) {
		c := wordBytes[t[i]]
		if c == 0 {
			break
		}
		k |= c
		i++
	}
	return i, k
}

// swarIn returns the high bit of each byte of x, all below 0x80, that lies
// in lo..hi.
func swarIn(x uint64, lo, hi byte) uint64 {
	return (x + swarOnes*uint64(0x80-lo)) &^ (x + swarOnes*uint64(0x7f-hi)) & swarHighs
}

// swarKinds returns the wordBytes kinds of the bytes marked in letters
// and digits.
func swarKinds(letters, digits uint64) uint8 {
	var k uint8
	if letters != 0 {
		k |= 1
	}
	if digits != 0 {
		k |= 2
	}
	return k
}
