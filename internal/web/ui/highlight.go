package ui

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/detect"
)

// Segment is a run of a text as a page shows it. Templates print Text
// through html/template, so whatever a user typed is escaped; only the
// marks around it are ours.
type Segment struct {
	Text string
	// Mark is set for what a finding covers; Kinds names what was found.
	Mark  bool
	Kinds string
	// Mask is set for a mask the policy put in place of contact details.
	Mask bool
	// Link is a path on this site the run links to (a contract).
	Link string
}

// highlight cuts text into segments, marking the findings' spans. Findings
// carry byte offsets into text; a span outside it or off a character
// boundary is ignored rather than trusted, and overlapping spans are
// merged so a byte is never printed twice.
func highlight(text string, findings []detect.Finding) []Segment {
	type span struct {
		start, end int
		kinds      []string
	}
	var spans []span
	for _, f := range findings {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End || !boundary(text, f.Start) || !boundary(text, f.End) {
			continue
		}
		spans = append(spans, span{f.Start, f.End, []string{kindWord(f.Kind)}})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start < merged[n-1].end {
			last := &merged[n-1]
			last.end = max(last.end, s.end)
			for _, k := range s.kinds {
				if !slices.Contains(last.kinds, k) {
					last.kinds = append(last.kinds, k)
				}
			}
			continue
		}
		merged = append(merged, s)
	}
	var out []Segment
	at := 0
	for _, s := range merged {
		if s.start > at {
			out = append(out, Segment{Text: text[at:s.start]})
		}
		out = append(out, Segment{Text: text[s.start:s.end], Mark: true, Kinds: strings.Join(s.kinds, ", ")})
		at = s.end
	}
	if at < len(text) {
		out = append(out, Segment{Text: text[at:]})
	}
	return out
}

// boundary reports whether byte offset i of s starts a character (or is
// its end), so that cutting there cannot split a UTF-8 sequence.
func boundary(s string, i int) bool {
	return i == 0 || i == len(s) || (i > 0 && i < len(s) && utf8.RuneStart(s[i]))
}

// contractLink finds links to contracts written in a message (earlier
// versions of the pages posted each offer's link in its thread), so that
// they stay links.
var contractLink = regexp.MustCompile(`/contracts/(ctr_[a-z2-7]{1,32})\b`)

// delivered cuts a delivered message into segments, marking the policy's
// masks (so both sides see that something was hidden, and not just odd
// words) and linking contract offers.
func delivered(text string, masks []string) []Segment {
	type hit struct {
		start, end int
		link       string
	}
	var hits []hit
	for _, m := range masks {
		if m == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(text[i:], m)
			if j < 0 {
				break
			}
			hits = append(hits, hit{i + j, i + j + len(m), ""})
			i += j + len(m)
		}
	}
	for _, loc := range contractLink.FindAllStringIndex(text, -1) {
		hits = append(hits, hit{loc[0], loc[1], text[loc[0]:loc[1]]})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end // the longer first
	})
	var out []Segment
	at := 0
	for _, h := range hits {
		if h.start < at {
			continue // inside an earlier hit
		}
		if h.start > at {
			out = append(out, Segment{Text: text[at:h.start]})
		}
		out = append(out, Segment{Text: text[h.start:h.end], Mask: h.link == "", Link: h.link})
		at = h.end
	}
	if at < len(text) {
		out = append(out, Segment{Text: text[at:]})
	}
	return out
}
