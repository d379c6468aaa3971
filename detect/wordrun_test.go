package detect

import (
	"math/rand"
	"testing"
)

// asciiWordRun finds the run a byte-by-byte loop over wordBytes finds,
// with the same kinds, from every offset of random text of word bytes,
// separators, bytes outside ASCII and the bytes that bound the letter
// and digit ranges.
func TestASCIIWordRun(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	alphabet := []byte("azAZ09@[`{/:' .-_\x00\x7f\x80\xc3\xa9\xff")
	for n := 0; n < 3000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			if rng.Intn(3) == 0 {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			} else {
				b[i] = byte(rng.Intn(256))
			}
		}
		s := string(b)
		for i := 0; i <= len(s); i++ {
			j, k := i, uint8(0)
			for j < len(s) && wordBytes[s[j]] != 0 {
				k |= wordBytes[s[j]]
				j++
			}
			if gj, gk := asciiWordRun(s, i); gj != j || gk != k {
				t.Fatalf("asciiWordRun(%q, %d) = %d, %d; want %d, %d", s, i, gj, gk, j, k)
			}
		}
	}
}

func BenchmarkASCIIWordRun(b *testing.B) {
	s := "hey are you coming to the party at 9 tonight or should we meet at the station instead ok"
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		for j := 0; j < len(s); {
			if wordBytes[s[j]] == 0 {
				j++
				continue
			}
			j, _ = asciiWordRun(s, j)
		}
	}
}
