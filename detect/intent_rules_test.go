package detect

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// ruleMatches returns the ids of the rules that match text, before
// overlapping findings are merged.
func intentRuleMatches(t testing.TB, set *intentSet, text string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	fold := strings.ToLower(text)
	findIntents(set, fold, 0, len(fold), func(m intentMatch) { out[m.rule.id] = true })
	return out
}

// TestIntentRuleExamples checks every built-in rule against the examples
// it carries: each example must fire the rule, and no counterexample may
// fire it or be reported as the rule's kind by Scan.
func TestIntentRuleExamples(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	d := newTestDetector(t)
	for _, r := range set.rules {
		if len(r.examples) == 0 {
			t.Errorf("rule %s has no examples", r.id)
		}
		for _, ex := range r.examples {
			if !intentRuleMatches(t, set, ex)[r.id] {
				t.Errorf("rule %s does not match its example %q", r.id, ex)
			}
		}
		for _, cx := range r.counter {
			if intentRuleMatches(t, set, cx)[r.id] {
				t.Errorf("rule %s matches its counterexample %q", r.id, cx)
			}
			got, _ := d.Scan(cx)
			for _, f := range got {
				if f.Kind == r.kind {
					t.Errorf("Scan(%q) = %v, want no %s (counterexample of %s)", cx, got, r.kind, r.id)
				}
			}
		}
	}
}

// TestIntentRuleErrors checks that a bad rule file is refused with an
// error naming the file and the rule, never a panic.
func TestIntentRuleErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown class", `{"lang":"en","rules":[{"id":"en.contact.x","kind":"contact_request","match":"ask chanel","confidence":0.5}]}`,
			`rules.json: rule "en.contact.x": "ask chanel": unknown class "chanel"`},
		{"bad json", "{\"lang\":\"en\",\n\"rules\":[}", `rules.json: line 2:`},
		{"unknown field", `{"lang":"en","rulez":[]}`, `rules.json: json: unknown field "rulez"`},
		{"bad kind", `{"lang":"en","rules":[{"id":"en.x","kind":"email","match":"cobj","confidence":0.5}]}`,
			`rules.json: rule "en.x": kind "email" is not an intent kind`},
		{"bad confidence", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"cobj","confidence":1.5}]}`,
			`rules.json: rule "en.x": confidence 1.5 not in (0, 1]`},
		{"no anchor", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"ask your","confidence":0.5}]}`,
			`rules.json: rule "en.x": "ask your" has no anchor`},
		{"starts with a gap", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"~2 cobj","confidence":0.5}]}`,
			`must start with a word element`},
		{"bad gap", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"cobj ~99 ask","confidence":0.5}]}`,
			`bad gap "~99"`},
		{"unclosed literal", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"cobj 'on","confidence":0.5}]}`,
			`unclosed quote`},
		{"unknown veto", `{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"cobj","confidence":0.5,"ignore":["nag"]}]}`,
			`ignore: unknown veto "nag"`},
		{"pattern cycle", `{"lang":"xx","classes":{"w":["w"]},"patterns":{"a":"w b","b":"w a"}}`, `refers to itself`},
		{"disable unknown", `{"lang":"en","disable":["en.nope"]}`, `disable "en.nope": no such rule`},
		{"bad braces", `{"lang":"xx","classes":{"w":["tele{gram"]}}`, `class "w": word "tele{gram": unbalanced braces`},
		{"punctuation in a word", `{"lang":"xx","classes":{"w":["phone #"]}}`, `word "phone #": '#' is not allowed`},
		{"empty word", `{"lang":"xx","classes":{"w":["--"]}}`, `has no letters or digits`},
		{"missing lang", `{"classes":{}}`, `missing or bad "lang"`},
		{"rule in common", `{"lang":"common","rules":[{"id":"c.x","kind":"contact_request","match":"channel","confidence":0.5}]}`, `rules belong to a language`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{IntentRules: []RuleSource{{Name: "rules.json", Data: []byte(tt.file)}}})
			if err == nil {
				t.Fatalf("New with %s = nil error, want %q", tt.name, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New with %s: error %q, want it to contain %q", tt.name, err, tt.want)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.File != "rules.json" {
				t.Errorf("New with %s: error %v is not a *RuleError naming rules.json", tt.name, err)
			}
		})
	}
}

// TestBuiltinIntentRules checks that the embedded rule files compile and
// that no function word gates the detector (the prefilter would then let
// every text through).
func TestBuiltinIntentRules(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	gate := map[string]bool{}
	for _, w := range set.anchors {
		gate[w] = true
	}
	for _, w := range []string{"the", "a", "to", "i", "you", "me", "my", "your", "on", "in", "is", "and", "it", "for", "of", "we", "this", "that", "be", "can", "do", "so", "no", "not", "with", "at", "have", "de", "la", "el", "na", "se", "e", "o", "и", "в", "на"} {
		if gate[w] {
			t.Errorf("%q is an anchor word: it would let almost every text through the prefilter", w)
		}
	}
	if len(set.rules) < 100 {
		t.Errorf("%d built-in rules, want the full set", len(set.rules))
	}
}

// FuzzIntents checks that the matcher never panics and keeps every match
// inside the text, on rune boundaries.
func FuzzIntents(f *testing.F) {
	for _, s := range []string{"send me your whatsapp", "'text me' \"call me\"", "pa-PM naman ng number mo sa Viber", "давайте перейдём в телегу",
		"ممكن رقمك على الواتساب؟", "don't ever pay outside upwork", "a\xffb call me\x00", "join.skype.com/abc hmu on wa"} {
		f.Add(s)
	}
	set, err := builtinIntents()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fold := strings.ToValidUTF8(strings.ToLower(in), " ")
		findIntents(set, fold, 0, len(fold), func(m intentMatch) {
			if m.a < 0 || m.b > len(fold) || m.a >= m.b {
				t.Fatalf("match %d:%d outside %q", m.a, m.b, fold)
			}
			if !runeStart(fold, m.a) || !runeStart(fold, m.b) {
				t.Fatalf("match %d:%d of %q not on rune boundaries", m.a, m.b, fold)
			}
			if m.confidence <= 0 || m.confidence > 1 {
				t.Fatalf("match confidence %v", m.confidence)
			}
		})
	})
}

// TestIntentFeasibility checks that the word-level feasibility test
// changes no result: on every example and counterexample of the built-in
// rules and every held-out message, alone and run together five at a
// time into texts of several sentences, the matches found with it (a
// sentence found infeasible dropped, infeasible alternatives not tried)
// are those found when every alternative is feasible.
func TestIntentFeasibility(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range set.rules {
		texts = append(texts, r.examples...)
		texts = append(texts, r.counter...)
	}
	texts = append(texts, heldOutTexts(t, "intents", "identifiers")...)
	for i := 0; i+5 <= len(texts); i += 5 {
		sep := " "
		if i%10 == 5 {
			sep = "\n"
		}
		texts = append(texts, strings.Join(texts[i:i+5], sep))
	}
	// The same rules with every alternative feasible in every sentence.
	all := *set
	all.feasAlways = nil
	for idx := 0; idx < set.feasWords; idx++ {
		all.feasAlways = append(all.feasAlways, feasBits{uint16(idx), ^uint64(0)})
	}
	skipped := 0
	for _, text := range texts {
		fold := strings.ToLower(text)
		var gated, full []intentMatch
		findIntents(set, fold, 0, len(fold), func(im intentMatch) { gated = append(gated, im) })
		findIntents(&all, fold, 0, len(fold), func(im intentMatch) { full = append(full, im) })
		if !slices.Equal(gated, full) {
			t.Errorf("%q: matches %v with the feasibility test, %v without", text, gated, full)
		}
		m := new(intentMatcher)
		m.reset(&all)
		m.tokenize(fold, 0, len(fold))
		live := len(m.toks)
		m.reset(set)
		m.tokenize(fold, 0, len(fold))
		if len(m.toks) < live {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("no text of %d had a sentence found infeasible: the test tests nothing", len(texts))
	}
	t.Logf("%d of %d texts had a sentence found infeasible", skipped, len(texts))
}

// TestPhraseTable checks the phrase table against the words' phrase
// maps: every word and second word find the phrases they start, and a
// second word that starts none of the word's phrases, though it does
// another word's, finds nothing.
func TestPhraseTable(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	seconds := map[string]bool{}
	for _, lw := range set.lex {
		for second := range lw.phrases {
			seconds[second] = true
		}
	}
	pairs, misses := 0, 0
	for k, lw := range set.lex {
		for second, ps := range lw.phrases {
			got := set.pairs.get(phraseKey{lw, second}, phraseHash(lw, kwHash(second)))
			if len(got) != len(ps) || &got[0] != &ps[0] {
				t.Errorf("pairs.get(%q, %q) = %v, want %v", k, second, got, ps)
			}
			pairs++
		}
		for second := range seconds {
			if _, ok := lw.phrases[second]; !ok {
				misses++
				if got := set.pairs.get(phraseKey{lw, second}, phraseHash(lw, kwHash(second))); got != nil {
					t.Errorf("pairs.get(%q, %q) = %v, want none", k, second, got)
				}
			}
		}
	}
	if pairs < 100 || misses < 1000 {
		t.Errorf("checked %d pairs and %d misses: the lexicon has too few phrases to test", pairs, misses)
	}
}

// TestLexTable checks the tokenizer's table against the lexicon map: every
// key finds its entry, and words that are no key, among them words that
// share a key's length and first and last two letters (and so its
// kwHash), find nothing.
func TestLexTable(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	for k, lw := range set.lex {
		if got := set.word(k); k != "" && got != lw {
			t.Errorf("word(%q) = %p, want %p", k, got, lw)
		}
		if len(k) >= 5 && k[2] != 'q' {
			other := k[:2] + "q" + k[3:]
			if _, known := set.lex[other]; !known && set.word(other) != nil {
				t.Errorf("word(%q), no key, found an entry", other)
			}
		}
	}
	for _, w := range []string{"", "zzqx", "the quick", "ananas", "1234567"} {
		if _, known := set.lex[w]; !known && set.word(w) != nil {
			t.Errorf("word(%q), no key, found an entry", w)
		}
	}
}
