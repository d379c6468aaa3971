package detect

import (
	"encoding/binary"
	"math/bits"
)

// blake256 returns the BLAKE-256 hash (Aumasson et al., the SHA-3 finalist
// with 14 rounds, as used by Decred) of a message of at most 55 bytes,
// which fits one padded block: Decred's address checksum hashes 22 and
// then 32 bytes. Longer input is not needed and yields a zero hash.
func blake256(msg []byte) [32]byte {
	var out [32]byte
	if len(msg) > 55 {
		return out
	}
	// Padding: the message, a 1 bit, zeros, a 1 bit at the end of the
	// 448th bit, then the message length in bits as a 64-bit big-endian
	// number.
	var block [64]byte
	copy(block[:], msg)
	block[len(msg)] = 0x80
	block[55] |= 0x01
	binary.BigEndian.PutUint64(block[56:], uint64(len(msg))*8)

	h := blake256IV
	var m [16]uint32
	for i := range m {
		m[i] = binary.BigEndian.Uint32(block[4*i:])
	}
	t := uint32(len(msg) * 8) // bits of message in this block
	var v [16]uint32
	copy(v[:8], h[:])
	copy(v[8:12], blake256C[:4])
	v[12] = t ^ blake256C[4]
	v[13] = t ^ blake256C[5]
	v[14] = blake256C[6]
	v[15] = blake256C[7]
	g := func(s *[16]uint8, a, b, c, d, i int) {
		v[a] += v[b] + (m[s[2*i]] ^ blake256C[s[2*i+1]])
		v[d] = bits.RotateLeft32(v[d]^v[a], -16)
		v[c] += v[d]
		v[b] = bits.RotateLeft32(v[b]^v[c], -12)
		v[a] += v[b] + (m[s[2*i+1]] ^ blake256C[s[2*i]])
		v[d] = bits.RotateLeft32(v[d]^v[a], -8)
		v[c] += v[d]
		v[b] = bits.RotateLeft32(v[b]^v[c], -7)
	}
	for r := 0; r < 14; r++ {
		s := &blake256Sigma[r%10]
		g(s, 0, 4, 8, 12, 0)
		g(s, 1, 5, 9, 13, 1)
		g(s, 2, 6, 10, 14, 2)
		g(s, 3, 7, 11, 15, 3)
		g(s, 0, 5, 10, 15, 4)
		g(s, 1, 6, 11, 12, 5)
		g(s, 2, 7, 8, 13, 6)
		g(s, 3, 4, 9, 14, 7)
	}
	for i := 0; i < 8; i++ {
		h[i] ^= v[i] ^ v[i+8]
		binary.BigEndian.PutUint32(out[4*i:], h[i])
	}
	return out
}

// blake256IV is SHA-256's initial value, which BLAKE-256 shares.
var blake256IV = [8]uint32{
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
}

// blake256C are the first digits of pi, BLAKE-256's round constants.
var blake256C = [16]uint32{
	0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89,
	0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c, 0xc0ac29b7, 0xc97c50dd, 0x3f84d5b5, 0xb5470917,
}

// blake256Sigma are the message permutations of the rounds.
var blake256Sigma = [10][16]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
	{14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
	{11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
	{7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
	{9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
	{2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
	{12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
	{13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
	{6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
	{10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
}
