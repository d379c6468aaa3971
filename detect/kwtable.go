package detect

import (
	"maps"
	"slices"
)

// kwTable is a map from words to values as an open-addressed table indexed
// by the top bits of a word's kwHash, which the prefilter and the
// tokenizer compute for their filters anyway: a look-up reads a slot or
// two of 8 bytes, and compares the word only where the hash matches,
// where a Go map would hash the word again.
type kwTable[V any] struct {
	shift   uint     // 64 minus the table's log2 size
	slots   []kwSlot // at most half full
	entries []kwEntry[V]
}

// kwSlot is a slot of a kwTable: the low half of a key's kwHash and its
// entry's index plus one (0 in an empty slot).
type kwSlot struct{ tag, entry uint32 }

// kwEntry is a key of a kwTable and its value.
type kwEntry[V any] struct {
	key string
	v   V
}

// newKWTable returns m as a kwTable. The empty key, which kwHash cannot
// hash and no word has, is left out.
func newKWTable[V any](m map[string]V) kwTable[V] {
	bits := 4
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := kwTable[V]{shift: uint(64 - bits), slots: make([]kwSlot, 1<<bits)}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k == "" {
			continue
		}
		t.entries = append(t.entries, kwEntry[V]{k, m[k]})
		h := kwHash(k)
		i := h >> t.shift
		for t.slots[i].entry != 0 {
			i = (i + 1) & (1<<bits - 1)
		}
		t.slots[i] = kwSlot{uint32(h), uint32(len(t.entries))}
	}
	return t
}

// get returns the value of key, whose kwHash is h, or the zero value.
func (t *kwTable[V]) get(key string, h uint64) V {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		sl := t.slots[i]
		if sl.entry == 0 {
			var zero V
			return zero
		}
		if sl.tag == uint32(h) {
			if e := &t.entries[sl.entry-1]; e.key == key {
				return e.v
			}
		}
	}
}
