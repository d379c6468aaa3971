package detect

import (
	"maps"
	"slices"
)

// kwTable is a map as an open-addressed table indexed by the top bits of
// a key's hash, which for a word is the kwHash the prefilter and the
// tokenizer compute for their filters anyway: a look-up reads a slot or
// two of 8 bytes, and compares the key only where the hash matches, where
// a Go map would hash the word again.
type kwTable[K comparable, V any] struct {
	shift   uint     // 64 minus the table's log2 size
	slots   []kwSlot // at most half full
	entries []kwEntry[K, V]
}

// kwSlot is a slot of a kwTable: the low half of a key's hash and its
// entry's index plus one (0 in an empty slot).
type kwSlot struct{ tag, entry uint32 }

// kwEntry is a key of a kwTable and its value.
type kwEntry[K comparable, V any] struct {
	key K
	v   V
}

// newKWTable returns a kwTable of entries, whose keys are distinct, each
// placed by hash(key).
func newKWTable[K comparable, V any](entries []kwEntry[K, V], hash func(K) uint64) kwTable[K, V] {
	bits := 4
	for 1<<bits < 2*len(entries) {
		bits++
	}
	t := kwTable[K, V]{shift: uint(64 - bits), slots: make([]kwSlot, 1<<bits), entries: entries}
	for n, e := range entries {
		h := hash(e.key)
		i := h >> t.shift
		for t.slots[i].entry != 0 {
			i = (i + 1) & (1<<bits - 1)
		}
		t.slots[i] = kwSlot{uint32(h), uint32(n + 1)}
	}
	return t
}

// newWordTable returns m as a kwTable of words placed by kwHash. The
// empty key, which kwHash cannot hash and no word has, is left out.
func newWordTable[V any](m map[string]V) kwTable[string, V] {
	var entries []kwEntry[string, V]
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k != "" {
			entries = append(entries, kwEntry[string, V]{k, m[k]})
		}
	}
	return newKWTable(entries, kwHash)
}

// get returns the value of key, whose hash is h, or the zero value.
func (t *kwTable[K, V]) get(key K, h uint64) V {
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

// phraseKey is a word of the lexicon and a second word.
type phraseKey struct {
	first  *lexWord
	second string
}

// phraseTable maps a word of the lexicon and a second word to the phrases
// they start, as lexWord.phrases does, in one table for all words: where
// each look-up in a word's map would hash the second word again.
type phraseTable = kwTable[phraseKey, []lexPhrase]

// newPhraseTable returns the phrases of the words of lex as a
// phraseTable, setting each word's salt.
func newPhraseTable(lex map[string]*lexWord) phraseTable {
	var entries []kwEntry[phraseKey, []lexPhrase]
	for n, k := range slices.Sorted(maps.Keys(lex)) {
		lw := lex[k]
		lw.salt = uint64(n+1) * 0xd6e8feb86659fd93
		for _, second := range slices.Sorted(maps.Keys(lw.phrases)) {
			if second != "" {
				entries = append(entries, kwEntry[phraseKey, []lexPhrase]{phraseKey{lw, second}, lw.phrases[second]})
			}
		}
	}
	return newKWTable(entries, func(k phraseKey) uint64 { return phraseHash(k.first, kwHash(k.second)) })
}

// phraseHash mixes h, the kwHash of a second word, with the first word's
// salt.
func phraseHash(first *lexWord, h uint64) uint64 {
	return (h ^ first.salt) * 0x9e3779b97f4a7c15
}
