// Command chaperone finds contact details and off-platform proposals in
// marketplace messages. Run "chaperone help" for its subcommands.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: chaperone <command> [flags] [args]

commands:
  serve          run the reference marketplace and the engine's HTTP API
                 (SQLite in ./data by default, demo data in an empty database)
  scan [FILE]    find contact details in JSON Lines ({"id","text","thread"});
                 writes {"id","findings"} per line, in order
  check [FILE]   decide on JSON Lines ({"id","text","context","thread"}) under
                 a policy; writes {"id","action","flag",...} per line, in order
  simulate --policy NEW FILE
                 replay a corpus under a new policy and report which
                 decisions change
  policy lint FILE...
                 check policy files and print every problem
  policy default write the built-in policy file, to start your own from
  eval FILE      score the detector on a labelled corpus
  help           show this help

Run "chaperone <command> -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stderr)
	case "scan":
		return runScan(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheck(args[1:], stdin, stdout, stderr)
	case "simulate":
		return runSimulate(args[1:], stdin, stdout, stderr)
	case "policy":
		return runPolicy(args[1:], stdout, stderr)
	case "eval":
		return runEval(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "chaperone: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
