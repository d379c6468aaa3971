package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/chaperone-dev/chaperone/policy"
)

// checkInput is one line read by check and simulate.
type checkInput struct {
	ID      json.RawMessage `json:"id"`
	Text    *string         `json:"text"`
	Context *policy.Context `json:"context"`
	Thread  json.RawMessage `json:"thread"`
}

// checkOutput is the decision written for one line, its id first.
type checkOutput struct {
	ID json.RawMessage `json:"id"`
	policy.Decision
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "the policy `FILE` (YAML) to decide with (default: the built-in policy)")
	regions := fs.String("regions", "", "comma-separated phone regions for numbers without a country code (default: a built-in list)")
	kinds := fs.String("kinds", "", "comma-separated kinds to detect (default: all)")
	var extra detectorFlags
	extra.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone check [flags] [FILE]\n\nReads JSON Lines {\"id\",\"text\",\"context\",\"thread\"} from FILE or stdin and writes\n{\"id\",\"action\",\"flag\",\"findings\",\"reasons\",\"notice\",\"redacted\",\"policy\",\"detector\"} per line.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	p := policy.Default()
	if *policyPath != "" {
		var err error
		if p, err = loadPolicy(*policyPath); err != nil {
			printPolicyError(stderr, "chaperone check: --policy", err)
			return 2
		}
	}
	d, err := newDetector(*regions, *kinds, extra)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone check:", err)
		return 2
	}
	in, name, closeIn, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone check:", err)
		return 1
	}
	defer closeIn()

	out := newLinesOut(stdout, stderr, name)
	defer out.flush()
	fail := out.fail
	threads := newThreads(d, maxThreads)
	err = forEachLine(in, terminalProgress(stderr), fail, func(n int, line []byte) error {
		msg, errMsg := decodeCheckLine(line, p)
		if errMsg != "" {
			fail(n, msg.ID, errMsg)
			return nil
		}
		findings, err := threads.scan(string(msg.Thread), *msg.Text)
		if err != nil {
			fail(n, msg.ID, err.Error())
			return nil
		}
		dec, err := p.Decide(*msg.Context, *msg.Text, findings)
		if err != nil {
			fail(n, msg.ID, "decide: "+err.Error())
			return nil
		}
		dec.Detector = d.Version()
		return out.write(checkOutput{ID: msg.ID, Decision: dec})
	})
	return out.finish("chaperone check", err)
}

// linesOut writes one JSON line per input line, in order. A line that
// fails is reported on stderr as FILE:N: message and on stdout as
// {"line":N,"id":..,"error":..}, so that output stays aligned with input.
type linesOut struct {
	w      *bufio.Writer
	enc    *json.Encoder
	stderr io.Writer
	name   string
	failed int
}

func newLinesOut(stdout, stderr io.Writer, name string) *linesOut {
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &linesOut{w: w, enc: enc, stderr: stderr, name: name}
}

// write writes v as the next line.
func (o *linesOut) write(v any) error {
	if err := o.enc.Encode(v); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// fail reports line n, of the given id if known, as failed.
func (o *linesOut) fail(n int, id json.RawMessage, msg string) {
	o.failed++
	fmt.Fprintf(o.stderr, "%s:%d: %s\n", o.name, n, msg)
	le := lineError{Line: n, Error: msg}
	if len(id) > 0 {
		le.ID = id
	}
	o.enc.Encode(le)
}

func (o *linesOut) flush() { o.w.Flush() }

// finish returns the exit status of a command whose line loop ended with
// err: 1 for a read or write error or a failed line, 0 otherwise.
func (o *linesOut) finish(cmd string, err error) int {
	o.flush()
	if err != nil {
		fmt.Fprintf(o.stderr, "%s: %s: %v\n", cmd, o.name, err)
		return 1
	}
	if o.failed > 0 {
		fmt.Fprintf(o.stderr, "%s: %d line(s) failed\n", cmd, o.failed)
		return 1
	}
	return 0
}

// decodeCheckLine parses a check line and validates its context against
// every policy in ps. It returns the problem for people, or "" when the
// line can be decided.
func decodeCheckLine(line []byte, ps ...*policy.Policy) (checkInput, string) {
	var msg checkInput
	if err := json.Unmarshal(line, &msg); err != nil {
		return checkInput{ID: lineID(line)}, jsonProblem(err)
	}
	if msg.Text == nil {
		return msg, `missing "text"`
	}
	if msg.Context == nil {
		return msg, `missing "context"`
	}
	for _, p := range ps {
		if err := p.Validate(*msg.Context); err != nil {
			return msg, err.Error()
		}
	}
	return msg, ""
}

// jsonProblem describes a line json.Unmarshal rejected in the input's own
// terms, not the Go types it was decoded into.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return "invalid JSON: " + err.Error()
	}
	got := jsonWords[te.Value]
	if got == "" {
		got = "a " + te.Value
	}
	if te.Field == "" {
		return fmt.Sprintf("invalid JSON: a line must be an object, not %s", got)
	}
	want := "a " + te.Type.Kind().String()
	switch te.Type.Kind() {
	case reflect.Bool:
		want = "true or false"
	case reflect.Struct, reflect.Map:
		want = "an object"
	case reflect.Slice:
		want = "a list"
	}
	return fmt.Sprintf("invalid JSON: %q is %s, want %s", te.Field, got, want)
}

// jsonWords names the JSON values json.UnmarshalTypeError reports.
var jsonWords = map[string]string{
	"array": "a list", "object": "an object", "bool": "a boolean",
	"number": "a number", "string": "a string",
}

// lineID returns the id of a line whose other fields are of the wrong
// type, so that its error can name it; nil when even that fails.
func lineID(line []byte) json.RawMessage {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &v) != nil {
		return nil
	}
	return v.ID
}

// forEachLine calls fn with the number and content of each non-blank line
// of r, and fail for a line longer than maxLineBytes. It stops at the end
// of r, at a read error or at fn's error, and returns the error.
func forEachLine(r io.Reader, progress *progressMeter, fail func(n int, id json.RawMessage, msg string), fn func(n int, line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	defer progress.done()
	for n := 1; ; n++ {
		line, err := readLine(br, maxLineBytes)
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, errLineTooLong) {
			fail(n, nil, fmt.Sprintf("line longer than %d bytes", maxLineBytes))
			continue
		}
		if err != nil {
			return fmt.Errorf("line %d: read: %w", n, err)
		}
		progress.add(len(line))
		if strings.TrimSpace(string(line)) == "" {
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
}

// terminalProgress returns a progress meter when stderr is a terminal.
func terminalProgress(stderr io.Writer) *progressMeter {
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &progressMeter{w: stderr, every: time.Second}
	}
	return nil
}

// loadPolicy reads and compiles the policy file at path.
func loadPolicy(path string) (*policy.Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // names path
	}
	defer f.Close()
	// Read one byte past the limit so that Load reports a file too large
	// without reading all of it.
	data, err := io.ReadAll(io.LimitReader(f, policy.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return policy.Load(path, data)
}

// printPolicyError prints each problem of a policy file on its own line, or
// err after the command's name when it is not about the file's content.
func printPolicyError(w io.Writer, cmd string, err error) {
	var pe *policy.Error
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			fmt.Fprintln(w, p.String())
		}
		return
	}
	fmt.Fprintf(w, "%s: %v\n", cmd, err)
}
