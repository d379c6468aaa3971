package main

import (
	"flag"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one  two\n\tthree", 80, "one two three"},
		{"abcdefghij", 5, "abcd…"},
		{"ééééééé", 4, "ééé…"},
		{"a b c d e", 4, "a b…"}, // no space before the ellipsis
		{"日本語のテキストです", 6, "日本語のテ…"},
		{"", 5, ""},
	}
	for _, tt := range tests {
		got := excerpt(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.max || !utf8.ValidString(got) {
			t.Errorf("excerpt(%q, %d) = %q: %d runes, valid %v", tt.in, tt.max, got, n, utf8.ValidString(got))
		}
	}
}

func TestReorder(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("policy", "", "")
	fs.Bool("json", false, "")
	fs.Int("examples", 3, "")
	tests := []struct{ in, want string }{
		{"FILE --policy p.yaml", "--policy p.yaml -- FILE"},
		{"--json FILE --examples 2", "--json --examples 2 -- FILE"},
		{"FILE --json=false", "--json=false -- FILE"},
		{"--policy p.yaml -", "--policy p.yaml -- -"},
		{"--policy p.yaml -- --odd-name", "--policy p.yaml -- --odd-name"},
		{"--json", "--json"},
	}
	for _, tt := range tests {
		got := strings.Join(reorder(fs, strings.Fields(tt.in)), " ")
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("reorder(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
