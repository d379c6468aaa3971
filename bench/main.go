// Command bench measures Chaperone against the detectors a marketplace
// would otherwise assemble, and the server under load. bench/run.sh runs
// every subcommand in order and regenerates docs/benchmarks.md; see there
// for what each measures and how.
//
//	bench gen      -out DIR -mb N          the synthetic stream and job posts
//	bench compare  -shared DIR -work DIR   quality and throughput, three systems
//	bench speed    -system S -in FILE      one system's throughput, one process
//	bench latency  -work DIR               per-message latency and allocations
//	bench scaling  -work DIR               cost against message and thread length
//	bench load     -bin CHAPERONE -work DIR  the HTTP API under load
//	bench report   -work DIR -doc FILE     tables and SVG figures into the docs
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmds := map[string]func([]string) error{
		"gen":     runGen,
		"compare": runCompare,
		"speed":   runSpeed,
		"latency": runLatency,
		"scaling": runScaling,
		"load":    runLoad,
		"report":  runReport,
	}
	f, ok := cmds[os.Args[1]]
	if !ok {
		usage()
	}
	if err := f(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bench gen|compare|speed|latency|scaling|load|report [flags] (see bench/run.sh)")
	os.Exit(2)
}
