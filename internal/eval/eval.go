// Package eval loads a labelled corpus and scores a detector's findings
// against it, message by message, as described in the README: a kind the
// label requires and the detector misses is a miss, a kind the detector
// reports that the label neither requires nor allows is a false positive.
package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/chaperone-dev/chaperone/detect"
)

// Case is one labelled message.
type Case struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Kinds  []string `json:"kinds"`
	AlsoOK []string `json:"also_ok"`
	Lang   string   `json:"lang"`
	Note   string   `json:"note"`
	Thread string   `json:"thread"`
	// Line is the case's line number in its file, from 1.
	Line int `json:"-"`
}

// LineError is a malformed line of a corpus.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }

// MaxLineBytes is the longest corpus line Load accepts.
const MaxLineBytes = 8 << 20

// Load reads a corpus in JSON Lines. Malformed lines are returned as
// LineErrors and skipped; the other cases are returned in file order.
func Load(r io.Reader) ([]Case, []error) {
	var cases []Case
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			errs = append(errs, &LineError{n, fmt.Errorf("invalid JSON: %v", err)})
			continue
		}
		for _, k := range append(append([]string{}, c.Kinds...), c.AlsoOK...) {
			if _, ok := detect.ParseKind(k); !ok {
				errs = append(errs, &LineError{n, fmt.Errorf("unknown kind %q", k)})
			}
		}
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", MaxLineBytes)
		}
		errs = append(errs, &LineError{n + 1, err})
	}
	return cases, errs
}

// Counts are the tallies of one kind.
type Counts struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP), or 1 with nothing reported.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP / (TP + FN), or 1 with nothing to find.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Error is one case the detector got wrong.
type Error struct {
	Case    Case
	Missed  []string
	Extra   []string
	Reports []detect.Finding
}

// Report is the score of a corpus.
type Report struct {
	Kinds   []string
	PerKind map[string]*Counts
	Micro   Counts
	// Clean is the number of cases with no required kind among Kinds;
	// CleanFlagged how many of them got a false positive.
	Clean, CleanFlagged int
	Cases               int
	Errors              []Error
}

// CleanRate is the share of clean cases flagged.
func (r *Report) CleanRate() float64 {
	if r.Clean == 0 {
		return 0
	}
	return float64(r.CleanFlagged) / float64(r.Clean)
}

// Score compares each case's findings (found[i] for cases[i]) with its
// labels, counting only the given kinds.
func Score(cases []Case, found [][]detect.Finding, kinds []string) *Report {
	rep := &Report{Kinds: kinds, PerKind: map[string]*Counts{}}
	scored := map[string]bool{}
	for _, k := range kinds {
		scored[k] = true
		rep.PerKind[k] = &Counts{}
	}
	for i, c := range cases {
		rep.Cases++
		want := setOf(c.Kinds, scored)
		ok := setOf(c.AlsoOK, scored)
		got := map[string]bool{}
		for _, f := range found[i] {
			if scored[string(f.Kind)] {
				got[string(f.Kind)] = true
			}
		}
		var e Error
		for _, k := range kinds {
			switch {
			case want[k] && got[k]:
				rep.PerKind[k].TP++
			case want[k]:
				rep.PerKind[k].FN++
				e.Missed = append(e.Missed, k)
			case got[k] && !ok[k]:
				rep.PerKind[k].FP++
				e.Extra = append(e.Extra, k)
			}
		}
		if len(want) == 0 {
			rep.Clean++
			if len(e.Extra) > 0 {
				rep.CleanFlagged++
			}
		}
		if len(e.Missed)+len(e.Extra) > 0 {
			e.Case, e.Reports = c, found[i]
			rep.Errors = append(rep.Errors, e)
		}
	}
	for _, k := range kinds {
		c := rep.PerKind[k]
		rep.Micro.TP += c.TP
		rep.Micro.FP += c.FP
		rep.Micro.FN += c.FN
	}
	return rep
}

func setOf(ks []string, keep map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, k := range ks {
		if keep[k] {
			m[k] = true
		}
	}
	return m
}

// Write prints the report: a table of kinds, the micro average, the clean
// rate, then every error unless brief.
func (r *Report) Write(w io.Writer, brief bool) {
	fmt.Fprintf(w, "%-16s %9s %9s %9s %5s %5s %5s\n", "kind", "precision", "recall", "f1", "tp", "fp", "fn")
	kinds := append([]string(nil), r.Kinds...)
	sort.Strings(kinds)
	for _, k := range kinds {
		c := r.PerKind[k]
		fmt.Fprintf(w, "%-16s %9.3f %9.3f %9.3f %5d %5d %5d\n", k, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	m := r.Micro
	fmt.Fprintf(w, "%-16s %9.3f %9.3f %9.3f %5d %5d %5d\n", "micro", m.Precision(), m.Recall(), m.F1(), m.TP, m.FP, m.FN)
	fmt.Fprintf(w, "clean messages flagged: %d of %d (%.2f%%); cases: %d\n", r.CleanFlagged, r.Clean, 100*r.CleanRate(), r.Cases)
	if brief {
		return
	}
	for _, e := range r.Errors {
		var parts []string
		if len(e.Missed) > 0 {
			parts = append(parts, "missed "+strings.Join(e.Missed, ","))
		}
		if len(e.Extra) > 0 {
			parts = append(parts, "extra "+strings.Join(e.Extra, ","))
		}
		fmt.Fprintf(w, "%s (line %d) %s: %q\n", e.Case.ID, e.Case.Line, strings.Join(parts, "; "), e.Case.Text)
		for _, f := range e.Reports {
			fmt.Fprintf(w, "    %s %q value=%q rule=%s conf=%.2f\n", f.Kind, f.Text, f.Value, f.Rule, f.Confidence)
		}
	}
}

// Detect scans each case with d in file order: alone, or as the next
// message of its thread's Conversation, as a marketplace would see it.
// A case the detector refuses gets no findings and an error naming it.
func Detect(d *detect.Detector, cases []Case) ([][]detect.Finding, []error) {
	conv := map[string]*detect.Conversation{}
	found := make([][]detect.Finding, len(cases))
	var errs []error
	for i, c := range cases {
		var got []detect.Finding
		var err error
		if c.Thread == "" {
			got, err = d.Scan(c.Text)
		} else {
			cv, ok := conv[c.Thread]
			if !ok {
				cv = d.NewConversation()
				conv[c.Thread] = cv
			}
			got, err = cv.Scan(c.Text)
		}
		if err != nil {
			errs = append(errs, &LineError{c.Line, err})
		}
		found[i] = got
	}
	return found, errs
}
