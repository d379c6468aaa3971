package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// scalePoint is the cost of one input size.
type scalePoint struct {
	X       int     `json:"x"`        // bytes, or messages of a thread
	Seconds float64 `json:"seconds"`  // median time of one scan (of the thread)
	PerUnit float64 `json:"per_unit"` // ns per byte, or µs per message
	Reps    int     `json:"reps"`
}

// scaleSeries is one curve: its points and the slope of log(time) against
// log(size), 1 for linear cost.
type scaleSeries struct {
	Name  string       `json:"name"`
	Unit  string       `json:"unit"`
	Slope float64      `json:"slope"`
	Pts   []scalePoint `json:"points"`
}

// runScaling measures how the cost of a scan grows with the length of a
// message (100 B to 1 MB, realistic chat and dense contact details) and
// with the length of a thread (Conversation over N messages).
func runScaling(args []string) error {
	fs := flag.NewFlagSet("scaling", flag.ContinueOnError)
	work := fs.String("work", "bench/out", "work `dir`: stream.jsonl in, scaling.json out")
	budget := fs.Duration("budget", 400*time.Millisecond, "time spent per point")
	maxThread := fs.Int("max-thread", 100_000, "longest thread, messages")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	cases, err := loadCases(filepath.Join(*work, "stream.jsonl"))
	if err != nil {
		return err
	}
	var chat, dense []string
	for _, c := range cases {
		chat = append(chat, c.Text)
		if len(c.Kinds) > 0 {
			dense = append(dense, c.Text)
		}
	}
	d := newDetector()
	sizes := []int{100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000}
	var out []scaleSeries
	for _, src := range []struct {
		name string
		msgs []string
	}{{"message length: work chat", chat}, {"message length: every message a contact detail", dense}} {
		s := scaleSeries{Name: src.name, Unit: "ns/byte"}
		for _, n := range sizes {
			text := concatTo(src.msgs, n)
			sec, reps := medianTime(*budget, func() {
				if _, err := d.Scan(text); err != nil {
					panic(err)
				}
			})
			s.Pts = append(s.Pts, scalePoint{X: n, Seconds: sec, PerUnit: sec * 1e9 / float64(n), Reps: reps})
		}
		s.Slope = slope(s.Pts)
		out = append(out, s)
	}
	t := scaleSeries{Name: "thread length: detect.Conversation", Unit: "µs/message"}
	for n := 10; n <= *maxThread; n *= 10 {
		msgs := chat[:min(n, len(chat))]
		for len(msgs) < n {
			msgs = append(msgs, chat[:min(n-len(msgs), len(chat))]...)
		}
		sec, reps := medianTime(*budget, func() {
			cv := d.NewConversation()
			for _, m := range msgs {
				cv.Scan(m)
			}
		})
		t.Pts = append(t.Pts, scalePoint{X: n, Seconds: sec, PerUnit: sec * 1e6 / float64(n), Reps: reps})
	}
	t.Slope = slope(t.Pts)
	out = append(out, t)
	for _, s := range out {
		fmt.Fprintf(os.Stderr, "bench scaling: %-50s slope %.3f;", s.Name, s.Slope)
		for _, p := range s.Pts {
			fmt.Fprintf(os.Stderr, " %d:%.2f", p.X, p.PerUnit)
		}
		fmt.Fprintf(os.Stderr, " %s\n", s.Unit)
	}
	return writeJSON(filepath.Join(*work, "scaling.json"), out)
}

// concatTo joins messages, newline-separated, from the start of msgs (and
// round again if needed) into a text of exactly n bytes, cut back to a
// rune boundary and padded with spaces.
func concatTo(msgs []string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(msgs[i%len(msgs)])
		b.WriteByte('\n')
	}
	s := b.String()[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + strings.Repeat(" ", n-len(s))
}

// medianTime runs f in batches until budget is spent (at least 5
// batches), each batch long enough (about 5 ms) for the CPU clock, and
// returns the median CPU seconds of one call and the number of calls. CPU
// time rather than wall time, so that other work on the machine does not
// show as cost; GOMAXPROCS=1 keeps the process's CPU time that of f and
// its garbage collection.
func medianTime(budget time.Duration, f func()) (float64, int) {
	t := time.Now()
	f() // warm up, and size the batch
	batch := max(1, int(5*time.Millisecond/max(time.Since(t), time.Microsecond)))
	var ts []float64
	calls := 0
	start := time.Now()
	for len(ts) < 5 || time.Since(start) < budget {
		c := cpuSeconds()
		for range batch {
			f()
		}
		ts = append(ts, (cpuSeconds()-c)/float64(batch))
		calls += batch
	}
	slices.Sort(ts)
	return ts[len(ts)/2], calls
}

// slope fits log(seconds) = a + slope·log(x) by least squares over the
// points from 1,000 units up (below, fixed per-call costs dominate).
func slope(pts []scalePoint) float64 {
	var xs, ys []float64
	for _, p := range pts {
		if p.X >= 1000 {
			xs = append(xs, math.Log(float64(p.X)))
			ys = append(ys, math.Log(p.Seconds))
		}
	}
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}
