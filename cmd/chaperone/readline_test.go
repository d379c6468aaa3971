package main

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadLine(t *testing.T) {
	in := "short\n" + strings.Repeat("x", 100) + "\nafter\r\nlast"
	r := bufio.NewReaderSize(strings.NewReader(in), 16)
	var got []string
	for {
		line, err := readLine(r, 50)
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLineTooLong) {
			got = append(got, "<too long>")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(line))
	}
	want := []string{"short", "<too long>", "after", "last"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("readLine lines = %q, want %q", got, want)
	}
}
