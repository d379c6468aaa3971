package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/detect"
)

// maxLineBytes is the longest input line scan accepts: a message at the
// detector's limit, escaped, with room for the id and thread.
const maxLineBytes = 8 << 20

// maxThreads is how many conversations scan keeps open at once; the
// least recently opened is forgotten beyond it.
const maxThreads = 100000

type scanInput struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Thread json.RawMessage `json:"thread"`
}

type scanOutput struct {
	ID       json.RawMessage  `json:"id"`
	Findings []detect.Finding `json:"findings"`
}

type lineError struct {
	Line  int    `json:"line"`
	ID    any    `json:"id,omitempty"`
	Error string `json:"error"`
}

func runScan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	regions := fs.String("regions", "", "comma-separated phone regions for numbers without a country code (default: a built-in list)")
	kinds := fs.String("kinds", "", "comma-separated kinds to report (default: all)")
	minConf := fs.Float64("min-confidence", 0, "report only findings with at least this confidence (0 to 1)")
	var extra detectorFlags
	extra.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone scan [flags] [FILE]\n\nReads JSON Lines {\"id\",\"text\",\"thread\"} from FILE or stdin and writes {\"id\",\"findings\"} per line.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	if *minConf < 0 || *minConf > 1 {
		fmt.Fprintln(stderr, "chaperone scan: --min-confidence must be between 0 and 1")
		return 2
	}
	d, err := newDetector(*regions, *kinds, extra)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone scan:", err)
		return 2
	}
	in, name, closeIn, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone scan:", err)
		return 1
	}
	defer closeIn()

	out := newLinesOut(stdout, stderr, name)
	defer out.flush()
	threads := newThreads(d, maxThreads)
	err = forEachLine(in, terminalProgress(stderr), out.fail, func(n int, line []byte) error {
		var msg scanInput
		if err := json.Unmarshal(line, &msg); err != nil {
			out.fail(n, nil, "invalid JSON: "+err.Error())
			return nil
		}
		if msg.Text == nil {
			out.fail(n, msg.ID, `missing "text"`)
			return nil
		}
		findings, err := threads.scan(string(msg.Thread), *msg.Text)
		if err != nil {
			out.fail(n, msg.ID, err.Error())
			return nil
		}
		return out.write(scanOutput{ID: msg.ID, Findings: filterConfidence(findings, *minConf)})
	})
	return out.finish("chaperone scan", err)
}

// filterConfidence keeps the findings with at least min confidence, and
// never returns nil, so that JSON shows an empty list.
func filterConfidence(fs []detect.Finding, min float64) []detect.Finding {
	out := make([]detect.Finding, 0, len(fs))
	for _, f := range fs {
		if f.Confidence >= min {
			out = append(out, f)
		}
	}
	return out
}

// detectorFlags are the Detector options both scan and eval take: intent
// rule files and the marketplace's own names.
type detectorFlags struct {
	ruleFiles []string
	platforms []string
}

func (f *detectorFlags) register(fs *flag.FlagSet) {
	fs.Func("intent-rules", "an intent rule `FILE` (JSON) loaded after the built-in rules; repeatable", func(v string) error {
		f.ruleFiles = append(f.ruleFiles, v)
		return nil
	})
	fs.Func("platform-name", "the marketplace's own `NAME` (\"Acme\", \"acme.io\"), so \"outside Acme\" is understood; repeatable", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("empty platform name")
		}
		f.platforms = append(f.platforms, v)
		return nil
	})
}

// newDetector builds a Detector from the comma-separated flag values and
// the rule files and platform names of extra.
func newDetector(regions, kinds string, extra detectorFlags) (*detect.Detector, error) {
	var opts detect.Options
	for _, path := range extra.ruleFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("intent rules: %w", err)
		}
		opts.IntentRules = append(opts.IntentRules, detect.RuleSource{Name: path, Data: data})
	}
	opts.PlatformNames = extra.platforms
	for _, r := range splitList(regions) {
		opts.Regions = append(opts.Regions, r)
	}
	for _, k := range splitList(kinds) {
		kind, ok := detect.ParseKind(k)
		if !ok {
			return nil, fmt.Errorf("unknown kind %q (kinds: %s)", k, kindNames())
		}
		opts.Kinds = append(opts.Kinds, kind)
	}
	return detect.New(opts)
}

func kindNames() string {
	var names []string
	for _, k := range detect.AllKinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// openInput opens FILE, or stdin for "" and "-".
func openInput(path string, stdin io.Reader) (io.Reader, string, func(), error) {
	if path == "" || path == "-" {
		return stdin, "stdin", func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, err
	}
	return f, path, func() { f.Close() }, nil
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline. A line longer than max is
// consumed and reported as errLineTooLong, so the next line can be read.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && (len(line) > 0 || tooLong) {
			err = nil
		}
		if err != nil {
			return nil, err
		}
		if tooLong {
			return nil, errLineTooLong
		}
		return []byte(strings.TrimRight(string(line), "\r\n")), nil
	}
}

// threads keeps one Conversation per thread id, forgetting the oldest
// beyond a limit.
type threads struct {
	d     *detect.Detector
	max   int
	conv  map[string]*detect.Conversation
	order []string
}

func newThreads(d *detect.Detector, max int) *threads {
	return &threads{d: d, max: max, conv: map[string]*detect.Conversation{}}
}

// scan scans text as the next message of thread, or alone when thread is
// empty or null.
func (t *threads) scan(thread, text string) ([]detect.Finding, error) {
	if thread == "" || thread == "null" || thread == `""` {
		return t.d.Scan(text)
	}
	c, ok := t.conv[thread]
	if !ok {
		if len(t.order) >= t.max {
			delete(t.conv, t.order[0])
			t.order = t.order[1:]
		}
		c = t.d.NewConversation()
		t.conv[thread] = c
		t.order = append(t.order, thread)
	}
	return c.Scan(text)
}

// progressMeter prints lines and bytes read to a terminal.
type progressMeter struct {
	w            io.Writer
	every        time.Duration
	lines, bytes int
	last         time.Time
	start        time.Time
}

func (p *progressMeter) add(n int) {
	if p == nil {
		return
	}
	now := time.Now()
	if p.start.IsZero() {
		p.start, p.last = now, now
	}
	p.lines++
	p.bytes += n
	if now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintf(p.w, "\rscanned %d lines, %.1f MB", p.lines, float64(p.bytes)/1e6)
	}
}

func (p *progressMeter) done() {
	if p == nil || p.start.IsZero() {
		return
	}
	fmt.Fprintf(p.w, "\rscanned %d lines, %.1f MB in %s\n", p.lines, float64(p.bytes)/1e6, time.Since(p.start).Round(time.Millisecond))
}
