package detect

import (
	"github.com/chaperone-dev/chaperone/detect/normalize"
	"slices"
	"strings"
)

// Intent detection
//
// The intent kinds (contact_request, meeting_request, payment_request) are
// found by rules: data, per language, in detect/rules/*.json, embedded in
// the binary and extendable with Options.IntentRules. The format and the
// way to add a language or a platform name are in docs/intents.md. In
// short, evaluated in this order:
//
//  1. The text is split into words, with sentence and clause boundaries
//     and quotations noted. Words are compared without case or diacritics.
//  2. Words are read into units: the longest phrase of the lexicon at each
//     word ("google meet", "can i have", "the platform"), else the word.
//     Each unit carries the word classes it belongs to, in every language.
//     A service name directly followed by a product word loses its service
//     classes ("Zoom SDK", "WhatsApp Cloud API", "PayPal Checkout", "email
//     marketing"); a mask phrase ("zoom in", "point of contact") loses all.
//  3. Named patterns (off-platform "outside Upwork", on-platform "here in
//     the chat" ...) are matched in dependency order and become classes of
//     spans.
//  4. Rules, each a sequence of classes, literals, optional elements and
//     bounded gaps, are tried at every unit that can start them, within a
//     sentence. A match is dropped when a cue of its language says it is
//     not a request by the writer: negation just before it ("I don't share
//     my number"), reported speech earlier in the sentence ("he asked for
//     my email"), a refusal after it ("and I said no"), quotation marks
//     around it, an on-platform cue next to it ("message me here", "call
//     on Upwork"), skill or product talk near it ("WhatsApp bot API"), a
//     third party as the payer ("customers can pay via PayPal").
//  5. Each surviving match is a finding covering its trigger words, with
//     the rule's id and confidence (lowered a little for every word the
//     match had to skip).
//
// Identifiers found earlier in the same scan (email, phone, handle,
// meeting link, payment account) are linked to the intent of the matching
// kind in the same message; Conversation links them to the intents of
// earlier messages of the thread.

// detectIntents finds requests to move contact, meetings or payment off
// the platform in the current message, then links the message's
// identifiers to them.
func detectIntents(s *scan) {
	set := s.d.intents
	if set == nil || !(s.d.wants(ContactRequest) || s.d.wants(MeetingRequest) || s.d.wants(PaymentRequest)) {
		return
	}
	var views []*normalize.Text
	if s.has(kwIntent) {
		views = append(views, s.fold)
	}
	// Spaced letters ("w h a t s a p p me") are joined in the collapsed
	// view, whose words the prefilter has not seen.
	if s.sig.spaced {
		if c := s.collapsedView(); c != nil {
			views = append(views, c)
		}
	}
	if len(views) == 0 {
		return
	}
	first := len(s.out)
	for _, v := range views {
		emit := func(m intentMatch) {
			s.add(v, m.a, m.b, Finding{Kind: m.rule.kind, Confidence: m.confidence, Rule: m.rule.id})
		}
		// A long text is read in pieces of whole lines: no match, cue or
		// quotation reaches past the end of a line, and the matcher's
		// buffers stay the size of a piece.
		L := v.Lower
		for from := viewOffset(v, s.base); from < len(L); {
			to := len(L)
			if to-from > intentPiece {
				if k := strings.IndexByte(L[from+intentPiece:], '\n'); k >= 0 {
					to = from + intentPiece + k + 1
				}
			}
			findIntents(set, L, from, to, emit)
			from = to
		}
	}
	if len(s.out) > first {
		linkSameMessage(s.out, first, s.base)
	}
}

// intentPiece is the length from which detectIntents cuts a text at the
// next line break.
var intentPiece = 4096

// viewOffset returns the first offset of view v that maps to orig[base:]
// or later.
func viewOffset(v *normalize.Text, base int) int {
	if base <= 0 {
		return 0
	}
	lo, hi := 0, len(v.S)
	for lo < hi {
		mid := (lo + hi) / 2
		if a, _ := v.Span(mid, mid+1); a < base {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// intentIndex numbers the intent kinds from 0, or returns -1 for
// another kind.
func intentIndex(k Kind) int {
	switch k {
	case ContactRequest:
		return 0
	case MeetingRequest:
		return 1
	case PaymentRequest:
		return 2
	}
	return -1
}

// intentFor returns the intent kind an identifier kind answers.
func intentFor(k Kind) (Kind, bool) {
	switch k {
	case Email, Phone, Handle:
		return ContactRequest, true
	case MeetingLink:
		return MeetingRequest, true
	case PaymentAccount:
		return PaymentRequest, true
	}
	return "", false
}

// linkSameMessage points every identifier of out at the nearest intent of
// the matching kind among out[first:], the intents just found. Offsets in
// the Ref are relative to the message, which starts at base. A text dense
// with both (a megabyte of "email me a@b.co") must not cost identifiers
// times intents, so each identifier looks its nearest intent up in the
// intents of its kind sorted by start, with the largest end so far beside
// each: O((identifiers + intents) log intents).
func linkSameMessage(out []Finding, first, base int) {
	type spans struct {
		idx    []int // into out, by Start
		maxEnd []int // the largest End of idx[:k+1], and where it is
		maxAt  []int
	}
	// One list per intent kind (intentIndex), carved from a stack buffer
	// when the message has few intents, as almost every one has.
	var (
		byKind [3]spans
		built  bool
		small  [3 * 8]int
	)
	for i := range out[:first] {
		f := &out[i]
		want, ok := intentFor(f.Kind)
		if !ok || f.Ref != nil {
			continue
		}
		if !built {
			built = true
			n := len(out) - first
			var mem []int
			if 3*n <= len(small) {
				mem = small[:3*n]
			} else {
				mem = make([]int, 3*n)
			}
			var count [3]int
			for j := first; j < len(out); j++ {
				if k := intentIndex(out[j].Kind); k >= 0 {
					count[k]++
				}
			}
			for k := range byKind {
				// Assigned by index, not through a pointer, so that the
				// stack buffer stays on the stack.
				byKind[k].idx, mem = mem[:0:count[k]], mem[count[k]:]
				byKind[k].maxEnd, mem = mem[:count[k]], mem[count[k]:]
				byKind[k].maxAt, mem = mem[:count[k]], mem[count[k]:]
			}
			for j := first; j < len(out); j++ {
				if k := intentIndex(out[j].Kind); k >= 0 {
					byKind[k].idx = append(byKind[k].idx, j)
				}
			}
			for k := range byKind {
				sp := &byKind[k]
				slices.SortStableFunc(sp.idx, func(a, b int) int { return out[a].Start - out[b].Start })
				for k, j := range sp.idx {
					sp.maxEnd[k], sp.maxAt[k] = out[j].End, j
					if k > 0 && sp.maxEnd[k-1] >= out[j].End {
						sp.maxEnd[k], sp.maxAt[k] = sp.maxEnd[k-1], sp.maxAt[k-1]
					}
				}
			}
		}
		k := intentIndex(want)
		if k < 0 || len(byKind[k].idx) == 0 {
			continue
		}
		sp := &byKind[k]
		// p intents start at or before f's end: the one of them reaching
		// furthest either touches f (distance 0) or is the nearest on the
		// left; the next one is the nearest on the right.
		p, _ := slices.BinarySearchFunc(sp.idx, f.End+1, func(j, target int) int { return out[j].Start - target })
		best, bestDist := -1, 0
		if p > 0 {
			best, bestDist = sp.maxAt[p-1], max(0, f.Start-sp.maxEnd[p-1])
		}
		if p < len(sp.idx) {
			if d := out[sp.idx[p]].Start - f.End; best < 0 || d < bestDist {
				best, bestDist = sp.idx[p], d
			}
		}
		if best >= 0 {
			g := out[best]
			f.Ref = &Ref{Back: 0, Kind: g.Kind, Rule: g.Rule, Start: g.Start - base, End: g.End - base}
		}
	}
}

// linkEarlier points every identifier of out without a Ref at the latest
// intent of the matching kind in the earlier messages, prev[len-1] being
// the message just before.
func linkEarlier(out []Finding, prev [][]Finding) {
	for i := range out {
		f := &out[i]
		want, ok := intentFor(f.Kind)
		if !ok || f.Ref != nil {
			continue
		}
		for back := 1; back <= len(prev) && f.Ref == nil; back++ {
			msg := prev[len(prev)-back]
			for j := len(msg) - 1; j >= 0; j-- {
				if g := msg[j]; g.Kind == want {
					f.Ref = &Ref{Back: back, Kind: g.Kind, Rule: g.Rule, Start: g.Start, End: g.End}
					break
				}
			}
		}
	}
}

// isIntent reports whether k is an intent kind.
func isIntent(k Kind) bool {
	return k == ContactRequest || k == MeetingRequest || k == PaymentRequest
}
