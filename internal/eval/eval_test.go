package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
)

func TestLoad(t *testing.T) {
	in := `{"id":"a","text":"x","kinds":["email"],"also_ok":[]}

not json
{"id":"b","text":"y","kinds":["fax"]}
{"id":"c","text":"z","kinds":[],"thread":"t1"}
`
	cases, errs := Load(strings.NewReader(in))
	if len(cases) != 3 {
		t.Fatalf("Load: %d cases, want 3 (the bad-kind line is kept and reported)", len(cases))
	}
	if cases[2].Line != 5 || cases[2].Thread != "t1" {
		t.Errorf("Load: case c = %+v, want line 5, thread t1", cases[2])
	}
	if len(errs) != 2 {
		t.Fatalf("Load: errors %v, want 2", errs)
	}
	var le *LineError
	if !errors.As(errs[0], &le) || le.Line != 3 {
		t.Errorf("Load: first error %v, want line 3", errs[0])
	}
	if !strings.Contains(errs[1].Error(), `unknown kind "fax"`) {
		t.Errorf("Load: second error %v, want unknown kind", errs[1])
	}
}

func TestScore(t *testing.T) {
	cases := []Case{
		{ID: "tp", Kinds: []string{"email"}},
		{ID: "miss", Kinds: []string{"phone"}},
		{ID: "fp", Kinds: nil},
		{ID: "allowed", Kinds: nil, AlsoOK: []string{"url"}},
		{ID: "unscored", Kinds: []string{"contact_request"}},
	}
	found := [][]detect.Finding{
		{{Kind: detect.Email}},
		nil,
		{{Kind: detect.Phone}},
		{{Kind: detect.URL}},
		{{Kind: detect.Phone}},
	}
	r := Score(cases, found, []string{"email", "phone", "url"})
	if got := *r.PerKind["email"]; got != (Counts{TP: 1}) {
		t.Errorf("email counts = %+v, want TP 1", got)
	}
	if got := *r.PerKind["phone"]; got != (Counts{FP: 2, FN: 1}) {
		t.Errorf("phone counts = %+v, want FP 2, FN 1", got)
	}
	if got := *r.PerKind["url"]; got != (Counts{}) {
		t.Errorf("url counts = %+v, want none (also_ok)", got)
	}
	// "unscored" has no scored kind, so it is clean, and its phone is a
	// false positive.
	if r.Clean != 3 || r.CleanFlagged != 2 {
		t.Errorf("clean = %d, flagged %d, want 3 and 2", r.Clean, r.CleanFlagged)
	}
	if p, want := r.Micro.Precision(), 1.0/3; p != want {
		t.Errorf("micro precision = %v, want %v", p, want)
	}
	if rec := r.Micro.Recall(); rec != 0.5 {
		t.Errorf("micro recall = %v, want 0.5", rec)
	}
	if len(r.Errors) != 3 {
		t.Errorf("errors = %d, want 3", len(r.Errors))
	}
}

func TestCountsEmpty(t *testing.T) {
	var c Counts
	if c.Precision() != 1 || c.Recall() != 1 || c.F1() != 1 {
		t.Errorf("empty counts P/R/F1 = %v/%v/%v, want 1/1/1", c.Precision(), c.Recall(), c.F1())
	}
}
