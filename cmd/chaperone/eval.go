package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/eval"
)

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kinds := fs.String("kinds", "", "comma-separated kinds to score (default: all nine)")
	regions := fs.String("regions", "", "comma-separated phone regions (default: a built-in list)")
	brief := fs.Bool("brief", false, "print the scores only, not each error")
	var extra detectorFlags
	extra.register(fs)
	minP := fs.Float64("min-precision", 0, "exit 1 when micro precision is below this")
	minR := fs.Float64("min-recall", 0, "exit 1 when micro recall is below this")
	maxClean := fs.Float64("max-clean-flagged", 1, "exit 1 when the share of clean messages flagged is above this (0.01 = 1%)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone eval [flags] FILE\n\nScores the detector on a labelled corpus in JSON Lines.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	scored := splitList(*kinds)
	if len(scored) == 0 {
		for _, k := range detect.AllKinds {
			scored = append(scored, string(k))
		}
	}
	for _, k := range scored {
		if _, ok := detect.ParseKind(k); !ok {
			fmt.Fprintf(stderr, "chaperone eval: unknown kind %q (kinds: %s)\n", k, kindNames())
			return 2
		}
	}
	// Detect every kind, so that kinds interact as in production, and
	// score only the requested ones.
	d, err := newDetector(*regions, "", extra)
	if err != nil {
		fmt.Fprintln(stderr, "chaperone eval:", err)
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "chaperone eval:", err)
		return 1
	}
	defer f.Close()
	cases, errs := eval.Load(f)
	for _, e := range errs {
		fmt.Fprintf(stderr, "%s:%v\n", fs.Arg(0), e)
	}
	found, scanErrs := eval.Detect(d, cases)
	for _, e := range scanErrs {
		fmt.Fprintf(stderr, "%s:%v\n", fs.Arg(0), e)
	}
	errs = append(errs, scanErrs...)
	rep := eval.Score(cases, found, scored)
	rep.Write(stdout, *brief)
	status := 0
	if len(errs) > 0 {
		status = 1
	}
	if p := rep.Micro.Precision(); p < *minP {
		fmt.Fprintf(stderr, "chaperone eval: precision %.3f below %.3f\n", p, *minP)
		status = 1
	}
	if r := rep.Micro.Recall(); r < *minR {
		fmt.Fprintf(stderr, "chaperone eval: recall %.3f below %.3f\n", r, *minR)
		status = 1
	}
	if c := rep.CleanRate(); c > *maxClean {
		fmt.Fprintf(stderr, "chaperone eval: %.2f%% of clean messages flagged, above %.2f%%\n", 100*c, 100**maxClean)
		status = 1
	}
	return status
}

// reorder moves flags after the positional arguments to the front, so that
// "eval FILE --kinds x" works as the README shows. fs says which flags are
// boolean and so take no separate value; "--" ends the flags.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(fs, a) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	if len(pos) > 0 {
		flags = append(flags, "--")
	}
	return append(flags, pos...)
}

// isBoolFlag reports whether the flag a ("-x", "--x") is boolean in fs.
func isBoolFlag(fs *flag.FlagSet, a string) bool {
	name := strings.TrimLeft(a, "-")
	if name == "h" || name == "help" {
		return true
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
