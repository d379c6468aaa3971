package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/eval"
)

const identifierKinds = "email,phone,handle,meeting_link,payment_account,url"

// labelledSets are the sets scored, with the kinds each is labelled for
// (shared/external/README.md's table; the dev corpus and the synthetic
// sample on the six identifier kinds, which is all the libraries find).
var labelledSets = []struct{ name, path, kinds string }{
	{"dev corpus", "corpus/dev.jsonl", identifierKinds},
	{"libphonenumber-matcher", "external/libphonenumber-matcher/eval.jsonl", "phone"},
	{"libphonenumber-js-find", "external/libphonenumber-js-find/eval.jsonl", "phone"},
	{"libphonenumber-example-numbers", "external/libphonenumber-example-numbers/eval.jsonl", "phone"},
	{"phone-number-extractor-classifieds", "external/phone-number-extractor-classifieds/eval.jsonl", "phone"},
	{"sgd-dialogues", "external/sgd-dialogues/eval.jsonl", "phone"},
	{"linkify-it", "external/linkify-it/eval.jsonl", "email,url"},
	{"xurls", "external/xurls/eval.jsonl", "email,url"},
	{"autolinker", "external/autolinker/eval.jsonl", "email,url"},
	{"twitter-text-conformance", "external/twitter-text-conformance/eval.jsonl", "email,url"},
	{"isemail", "external/isemail/eval.jsonl", "email"},
	{"presidio", "external/presidio/eval.jsonl", "phone,email,url,payment_account"},
	{"crypto-addresses", "external/crypto-addresses/eval.jsonl", "payment_account"},
	{"iban", "external/iban/eval.jsonl", "payment_account"},
	{"uci-sms-ham (unlabelled: flag rate)", "external/uci-sms-spam-collection/unlabelled.jsonl", "email,phone,handle,meeting_link,payment_account"},
}

// realChatSets are the sets of real chat whose texts, one file of them,
// are also scanned for throughput: SMS between friends and the user turns
// of task dialogues, short informal messages as people type them.
var realChatSets = []struct{ name, path string }{
	{"UCI SMS ham", "external/uci-sms-spam-collection/unlabelled.jsonl"},
	{"SGD dialogue turns", "external/sgd-dialogues/eval.jsonl"},
}

// realChatPasses bounds how many times over the real chat is scanned in
// one throughput run (the time limit ends it first).
const realChatPasses = 1000

// The systems, in the order of every table.
var systemNames = []string{"chaperone", "go", "js"}

// kindScore is one kind's tallies and scores.
type kindScore struct {
	TP, FP, FN int
	P, R, F1   float64
}

func scoreOf(c eval.Counts) kindScore {
	return kindScore{c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1()}
}

// setScore is one system's score on one set.
type setScore struct {
	PerKind      map[string]kindScore `json:"per_kind"`
	Micro        kindScore            `json:"micro"`
	Clean        int                  `json:"clean"`
	CleanFlagged int                  `json:"clean_flagged"`
}

type setResult struct {
	Set     string              `json:"set"`
	Kinds   []string            `json:"kinds"`
	Cases   int                 `json:"cases"`
	Systems map[string]setScore `json:"systems"`
}

// compareResult is compare.json.
type compareResult struct {
	Quality []setResult `json:"quality"`
	// Runs[i] are the speed results of round i, one per system.
	Runs        [][]speedResult `json:"runs"`
	StreamBytes int64           `json:"stream_bytes"`
	StreamMsgs  int             `json:"stream_messages"`
	// The same for the real chat (realChatSets): RealRuns[i] are round
	// i's results, RealBytes and RealMsgs the size of one pass.
	RealRuns    [][]speedResult `json:"real_runs"`
	RealSets    []string        `json:"real_sets"`
	RealBytes   int64           `json:"real_bytes"`
	RealMsgs    int             `json:"real_messages"`
	Seconds     float64         `json:"seconds_limit"`
	SampleMsgs  int             `json:"sample_messages"`
	NodeVersion string          `json:"node_version"`
	JSPackages  string          `json:"js_packages"`
}

func runCompare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	shared := fs.String("shared", "../shared", "the shared `dir` with corpus/ and external/")
	work := fs.String("work", "bench/out", "work `dir`: stream.jsonl in, compare.json out")
	jsDir := fs.String("js", "bench/js", "the `dir` of run.js with node_modules installed")
	runs := fs.Int("runs", 5, "alternating throughput rounds")
	secs := fs.Float64("seconds", 8, "time limit of one throughput run, `seconds`")
	sample := fs.Int("sample", 10000, "messages of the stream scored as a labelled set")
	skipJS := fs.Bool("no-js", false, "leave out the JavaScript pipeline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*shared, "external")); err != nil {
		return fmt.Errorf("shared data not found at %s (pass -shared DIR, the folder with corpus/ and external/): %w", *shared, err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	stream := filepath.Join(*work, "stream.jsonl")
	res := compareResult{Seconds: *secs, SampleMsgs: *sample}
	systems := systemNames
	if *skipJS {
		systems = systems[:2]
	} else {
		out, err := exec.Command("node", "--version").Output()
		if err != nil {
			return fmt.Errorf("node: %w (or pass -no-js)", err)
		}
		res.NodeVersion = strings.TrimSpace(string(out))
		res.JSPackages = jsPackages(*jsDir)
	}

	// Quality: every set, every system, one scorer.
	d := newDetector()
	gp := newGoPipeline()
	sets := append([]struct{ name, path, kinds string }{}, labelledSets...)
	sets = append(sets, struct{ name, path, kinds string }{fmt.Sprintf("synthetic stream (first %d messages)", *sample), "", identifierKinds})
	for _, s := range sets {
		path := filepath.Join(*shared, s.path)
		if s.path == "" {
			path = filepath.Join(*work, "sample.jsonl")
			if err := headLines(stream, path, *sample); err != nil {
				return err
			}
		}
		cases, err := loadCases(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(os.Stderr, "bench compare: skipping %s: %v\n", s.name, err)
				continue
			}
			return err
		}
		kinds := strings.Split(s.kinds, ",")
		sr := setResult{Set: s.name, Kinds: kinds, Cases: len(cases), Systems: map[string]setScore{}}
		found, _ := eval.Detect(d, cases)
		sr.Systems["chaperone"] = toSetScore(eval.Score(cases, found, kinds))
		goFound := make([][]detect.Finding, len(cases))
		for i, c := range cases {
			goFound[i] = gp.Scan(c.Text)
		}
		sr.Systems["go"] = toSetScore(eval.Score(cases, goFound, kinds))
		if !*skipJS {
			jsFound, err := jsQuality(*jsDir, path, len(cases))
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			sr.Systems["js"] = toSetScore(eval.Score(cases, jsFound, kinds))
		}
		fmt.Fprintf(os.Stderr, "bench compare: %-40s", s.name)
		for _, name := range systems {
			m := sr.Systems[name].Micro
			fmt.Fprintf(os.Stderr, "  %s P %.3f R %.3f", name, m.P, m.R)
		}
		fmt.Fprintln(os.Stderr)
		res.Quality = append(res.Quality, sr)
	}

	// Throughput on the synthetic stream, then on real chat.
	if res.Runs, err = throughputRounds(self, *jsDir, stream, 1, systems, *runs, *secs); err != nil {
		return err
	}
	for _, r := range res.Runs[0] {
		if r.System == "chaperone" {
			res.StreamBytes, res.StreamMsgs = r.Bytes, r.Messages
		}
	}
	real := filepath.Join(*work, "realchat.jsonl")
	if res.RealSets, res.RealMsgs, res.RealBytes, err = writeRealChat(*shared, real); err != nil {
		return err
	}
	if res.RealMsgs > 0 {
		if res.RealRuns, err = throughputRounds(self, *jsDir, real, realChatPasses, systems, *runs, *secs); err != nil {
			return err
		}
	}
	return writeJSON(filepath.Join(*work, "compare.json"), res)
}

// throughputRounds runs each system in its own process on one core over
// the file in, passes times over, in turn, the order rotating each round
// so that none always runs first; it returns the results per round.
func throughputRounds(self, jsDir, in string, passes int, systems []string, runs int, secs float64) ([][]speedResult, error) {
	var out [][]speedResult
	for round := 0; round < runs; round++ {
		var row []speedResult
		order := slices.Clone(systems)
		for i := 0; i < round%len(order); i++ {
			order = append(order[1:], order[0])
		}
		for _, name := range order {
			var cmd *exec.Cmd
			if name == "js" {
				cmd = exec.Command("node", filepath.Join(jsDir, "run.js"), "speed", in, fmt.Sprint(secs), fmt.Sprint(passes))
			} else {
				cmd = exec.Command(self, "speed", "-system", name, "-in", in, "-seconds", fmt.Sprint(secs), "-passes", fmt.Sprint(passes))
			}
			r, err := runChild(cmd)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			r.System = name
			row = append(row, r)
			fmt.Fprintf(os.Stderr, "bench compare: %s round %d %-10s %8.2f MB/s %10.0f msg/s peak RSS %d MB (%d messages)\n",
				filepath.Base(in), round+1, name, r.MBps(), r.MsgPS(), r.PeakRSS>>20, r.Messages)
		}
		out = append(out, row)
	}
	return out, nil
}

// writeRealChat writes the texts of realChatSets found under shared to
// path as JSON Lines and returns the sets' names, the messages and the
// bytes of text. A set that is missing is left out with a message.
func writeRealChat(shared, path string) (sets []string, msgs int, nbytes int64, err error) {
	var b strings.Builder
	for _, s := range realChatSets {
		cases, err := loadCases(filepath.Join(shared, s.path))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(os.Stderr, "bench compare: real chat: skipping %s: %v\n", s.name, err)
				continue
			}
			return nil, 0, 0, err
		}
		sets = append(sets, fmt.Sprintf("%s (%d messages)", s.name, len(cases)))
		for _, c := range cases {
			line, _ := json.Marshal(struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}{fmt.Sprintf("real-%d", msgs), c.Text})
			b.Write(line)
			b.WriteByte('\n')
			msgs++
			nbytes += int64(len(c.Text))
		}
	}
	return sets, msgs, nbytes, os.WriteFile(path, []byte(b.String()), 0o644)
}

// runChild runs a speed child with GOMAXPROCS=1 and returns its result,
// with the child's rusage as its peak RSS where it gave none.
func runChild(cmd *exec.Cmd) (speedResult, error) {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	if err := cmd.Run(); err != nil {
		return speedResult{}, fmt.Errorf("%v: %s", err, errb.String())
	}
	var r speedResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return r, fmt.Errorf("bad output %q: %v", out.String(), err)
	}
	// The child's own figure; the rusage of a child also counts the
	// memory of this process, which it shared until it ran its program.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && r.PeakRSS <= 0 {
		r.PeakRSS = ru.Maxrss * 1024 // kB on Linux
	}
	return r, nil
}

// jsQuality runs the JavaScript pipeline over a corpus file and returns
// its findings (kinds only) per line.
func jsQuality(dir, path string, n int) ([][]detect.Finding, error) {
	cmd := exec.Command("node", filepath.Join(dir, "run.js"), "quality", path)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node: %v: %s", err, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != n {
		return nil, fmt.Errorf("node printed %d lines for %d cases", len(lines), n)
	}
	found := make([][]detect.Finding, n)
	for i, l := range lines {
		var kinds []string
		if err := json.Unmarshal([]byte(l), &kinds); err != nil {
			return nil, fmt.Errorf("node line %d: %v", i+1, err)
		}
		for _, k := range kinds {
			found[i] = append(found[i], detect.Finding{Kind: detect.Kind(k)})
		}
	}
	return found, nil
}

// loadCases reads a corpus, failing on any malformed line.
func loadCases(path string) ([]eval.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cases, errs := eval.Load(f)
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:%v", path, errs[0])
	}
	return cases, nil
}

func toSetScore(r *eval.Report) setScore {
	s := setScore{PerKind: map[string]kindScore{}, Micro: scoreOf(r.Micro), Clean: r.Clean, CleanFlagged: r.CleanFlagged}
	for k, c := range r.PerKind {
		s.PerKind[k] = scoreOf(*c)
	}
	return s
}

// headLines copies the first n non-empty lines of src to dst. The JS
// pipeline reads every non-empty line, and eval.Load skips empty ones, so
// both see the same cases.
func headLines(src, dst string, n int) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var out []byte
	for len(b) > 0 && n > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		b = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		out = append(append(out, line...), '\n')
		n--
	}
	return os.WriteFile(dst, out, 0o644)
}

// jsPackages names the installed versions of the two JS libraries.
func jsPackages(dir string) string {
	var parts []string
	for _, p := range []string{"linkify-it", "libphonenumber-js"} {
		var pkg struct{ Version string }
		if readJSON(filepath.Join(dir, "node_modules", p, "package.json"), &pkg) == nil {
			parts = append(parts, p+" "+pkg.Version)
		}
	}
	return strings.Join(parts, ", ")
}
