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

// phraseTable maps a word of the lexicon and a second word to the phrases
// they start, as lexWord.phrases does: one open-addressed table for all
// words, indexed by the second word's kwHash mixed with the first word's
// salt, where each look-up in a word's map would hash the word again.
type phraseTable struct {
	shift   uint
	slots   []kwSlot
	entries []phraseEntry
}

// phraseEntry is an entry of a phraseTable.
type phraseEntry struct {
	first  *lexWord
	second string
	ps     []lexPhrase
}

// newPhraseTable returns the phrases of the words of lex as a
// phraseTable, setting each word's salt.
func newPhraseTable(lex map[string]*lexWord) phraseTable {
	var entries []phraseEntry
	for n, k := range slices.Sorted(maps.Keys(lex)) {
		lw := lex[k]
		lw.salt = uint64(n+1) * 0xd6e8feb86659fd93
		for _, second := range slices.Sorted(maps.Keys(lw.phrases)) {
			if second != "" {
				entries = append(entries, phraseEntry{lw, second, lw.phrases[second]})
			}
		}
	}
	bits := 4
	for 1<<bits < 2*len(entries) {
		bits++
	}
	t := phraseTable{shift: uint(64 - bits), slots: make([]kwSlot, 1<<bits), entries: entries}
	for n, e := range entries {
		h := phraseHash(e.first, kwHash(e.second))
		i := h >> t.shift
		for t.slots[i].entry != 0 {
			i = (i + 1) & (1<<bits - 1)
		}
		t.slots[i] = kwSlot{uint32(h), uint32(n + 1)}
	}
	return t
}

// phraseHash mixes h, the kwHash of a second word, with the first word's
// salt.
func phraseHash(first *lexWord, h uint64) uint64 {
	return (h ^ first.salt) * 0x9e3779b97f4a7c15
}

// get returns the phrases that first and second, whose kwHash is h,
// start, or nil.
func (t *phraseTable) get(first *lexWord, second string, h uint64) []lexPhrase {
	if len(t.slots) == 0 {
		return nil
	}
	h = phraseHash(first, h)
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		sl := t.slots[i]
		if sl.entry == 0 {
			return nil
		}
		if sl.tag == uint32(h) {
			if e := &t.entries[sl.entry-1]; e.first == first && e.second == second {
				return e.ps
			}
		}
	}
}
