package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// latencyClass is the latency distribution of one kind of message.
type latencyClass struct {
	Name        string  `json:"name"`
	Messages    int     `json:"distinct_messages"`
	Samples     int     `json:"samples"`
	MeanBytes   float64 `json:"mean_bytes"`
	P50         float64 `json:"p50_us"`
	P90         float64 `json:"p90_us"`
	P99         float64 `json:"p99_us"`
	P999        float64 `json:"p999_us"`
	Max         float64 `json:"max_us"`
	Mean        float64 `json:"mean_us"`
	AllocsPer   float64 `json:"allocs_per_message"`
	BytesPer    float64 `json:"alloc_bytes_per_message"`
	WithContact int     `json:"with_contact"`
}

// runLatency times Chaperone's Scan message by message: short chat
// messages from the stream and 5 KB job posts. Each message is timed on
// its own, so the distribution includes what a server sees: cache misses,
// GC assists and pauses. Run with GOMAXPROCS=1 for one core.
func runLatency(args []string) error {
	fs := flag.NewFlagSet("latency", flag.ContinueOnError)
	work := fs.String("work", "bench/out", "work `dir`: stream.jsonl in, latency.json out")
	samples := fs.Int("samples", 500_000, "timed scans of short messages")
	posts := fs.Int("posts", 20_000, "timed scans of 5 KB job posts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cases, err := loadCases(filepath.Join(*work, "stream.jsonl"))
	if err != nil {
		return err
	}
	var short []string
	contacts := 0
	for _, c := range cases {
		if len(c.Text) <= 280 { // a chat message, not a proposal
			short = append(short, c.Text)
			if len(c.Kinds) > 0 {
				contacts++
			}
		}
		if len(short) == 50_000 {
			break
		}
	}
	var jobs []string
	for i := range 200 {
		jobs = append(jobs, synthJobPost(uint64(1000+i), 5000))
	}
	d := newDetector()
	scan := func(s string) { d.Scan(s) }
	a := measureLatency("short chat message", short, *samples, scan)
	a.WithContact = contacts
	b := measureLatency("5 KB job post", jobs, *posts, scan)
	b.WithContact = len(jobs)
	out := []latencyClass{a, b}
	for _, c := range out {
		fmt.Fprintf(os.Stderr, "bench latency: %-20s p50 %.2f µs p99 %.2f µs p99.9 %.2f µs max %.0f µs, %.1f allocs (%.0f B) per message\n",
			c.Name, c.P50, c.P99, c.P999, c.Max, c.AllocsPer, c.BytesPer)
	}
	return writeJSON(filepath.Join(*work, "latency.json"), out)
}

// measureLatency scans msgs round-robin n times, timing each scan, after
// one untimed warm-up pass; allocations are counted over the timed scans.
func measureLatency(name string, msgs []string, n int, scan func(string)) latencyClass {
	for _, m := range msgs {
		scan(m)
	}
	ns := make([]float64, n)
	total := 0
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		m := msgs[i%len(msgs)]
		t := time.Now()
		scan(m)
		ns[i] = float64(time.Since(t).Nanoseconds())
		total += len(m)
	}
	runtime.ReadMemStats(&after)
	slices.Sort(ns)
	sum := 0.0
	for _, v := range ns {
		sum += v
	}
	return latencyClass{
		Name: name, Messages: len(msgs), Samples: n, MeanBytes: float64(total) / float64(n),
		P50: pct(ns, 0.50) / 1e3, P90: pct(ns, 0.90) / 1e3, P99: pct(ns, 0.99) / 1e3, P999: pct(ns, 0.999) / 1e3,
		Max: ns[len(ns)-1] / 1e3, Mean: sum / float64(n) / 1e3,
		AllocsPer: float64(after.Mallocs-before.Mallocs) / float64(n),
		BytesPer:  float64(after.TotalAlloc-before.TotalAlloc) / float64(n),
	}
}

// pct is the q-quantile of sorted xs (nearest rank).
func pct(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[max(0, min(i, len(xs)-1))]
}
