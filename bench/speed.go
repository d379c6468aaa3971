package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/eval"
)

// speedResult is what one throughput run of one system prints. PeakRSS is
// the process's own high-water mark (VmHWM): the rusage a parent reads of
// its child also counts the parent's memory, which the child shares until
// it runs its program.
type speedResult struct {
	System       string  `json:"system"`
	Bytes        int64   `json:"bytes"`
	Messages     int     `json:"messages"`
	Findings     int     `json:"findings"`
	Seconds      float64 `json:"seconds"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	RSSAfterLoad int64   `json:"rss_after_load"`
	PeakRSS      int64   `json:"peak_rss"`
}

func (r speedResult) MBps() float64  { return float64(r.Bytes) / 1e6 / r.Seconds }
func (r speedResult) MsgPS() float64 { return float64(r.Messages) / r.Seconds }

// runSpeed scans the stream's texts in order with one system, in this
// process, until done (-passes times over) or out of time, and prints a
// speedResult. The
// parent runs it with GOMAXPROCS=1.
func runSpeed(args []string) error {
	fs := flag.NewFlagSet("speed", flag.ContinueOnError)
	sys := fs.String("system", "chaperone", "chaperone, chaperone-threads or go")
	in := fs.String("in", "", "stream `file` (JSON Lines)")
	secs := fs.Float64("seconds", 10, "stop after this many `seconds`")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the scan loop to `file`")
	maxLen := fs.Int("max-len", 0, "scan only messages of at most this many bytes (0: all)")
	minLen := fs.Int("min-len", 0, "scan only messages of at least this many bytes")
	passes := fs.Int("passes", 1, "scan the messages this many `times` over (within the time limit), after one untimed pass when more than one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	cases, errs := eval.Load(f)
	f.Close()
	if len(errs) > 0 {
		return fmt.Errorf("%s: %v", *in, errs[0])
	}
	var scan func(c *eval.Case) int
	switch *sys {
	case "chaperone":
		d := newDetector()
		scan = func(c *eval.Case) int { fs, _ := d.Scan(c.Text); return len(fs) }
	case "chaperone-threads":
		t := &chaperoneThreads{d: newDetector(), convs: map[string]*detect.Conversation{}}
		scan = func(c *eval.Case) int { return len(t.scanIn(c.Thread, c.Text)) }
	case "go":
		p := newGoPipeline()
		scan = func(c *eval.Case) int { return len(p.Scan(c.Text)) }
	default:
		return fmt.Errorf("unknown system %q", *sys)
	}
	if *maxLen > 0 || *minLen > 0 {
		cases = slices.DeleteFunc(cases, func(c eval.Case) bool {
			return len(c.Text) < *minLen || *maxLen > 0 && len(c.Text) > *maxLen
		})
	}
	if *passes < 1 {
		return fmt.Errorf("-passes %d: want 1 or more", *passes)
	}
	if *passes > 1 {
		// A small set scanned many times: its first pass, which pays
		// for what is set up on first use, is not timed.
		for i := range cases {
			scan(&cases[i])
		}
	}
	runtime.GC()
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res := speedResult{System: *sys, RSSAfterLoad: procStatusKB("VmRSS") * 1024}
	limit := time.Duration(*secs * float64(time.Second))
	start, cpu := time.Now(), cpuSeconds()
scanning:
	for pass := 0; pass < *passes; pass++ {
		for i := range cases {
			res.Findings += scan(&cases[i])
			res.Bytes += int64(len(cases[i].Text))
			res.Messages++
			if res.Messages&63 == 0 && time.Since(start) > limit {
				break scanning
			}
		}
	}
	res.Seconds = time.Since(start).Seconds()
	res.CPUSeconds = cpuSeconds() - cpu
	res.PeakRSS = procStatusKB("VmHWM") * 1024
	return json.NewEncoder(os.Stdout).Encode(res)
}
