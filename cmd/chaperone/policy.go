package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chaperone-dev/chaperone/policy"
)

const policyUsage = `usage: chaperone policy <command> [args]

commands:
  lint FILE...   check policy files; print every problem as FILE:LINE: rule "id": message
  default        write the built-in policy file to stdout, to start your own from
`

func runPolicy(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, policyUsage)
		return 2
	}
	switch args[0] {
	case "lint":
		return runPolicyLint(args[1:], stdout, stderr)
	case "default":
		return runPolicyDefault(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, policyUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "chaperone policy: unknown command %q\n\n%s", args[0], policyUsage)
		return 2
	}
}

// runPolicyLint checks each file and prints its problems, or that it is
// fine, on stdout; a file that cannot be read is an error on stderr.
func runPolicyLint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("policy lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone policy lint FILE...\n\nChecks policy files and prints every problem, one per line; exits 1 if any file has one.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, path := range fs.Args() {
		p, err := loadPolicy(path)
		var pe *policy.Error
		switch {
		case errors.As(err, &pe):
			for _, prob := range pe.Problems {
				fmt.Fprintln(stdout, prob.String())
			}
			status = 1
		case err != nil:
			fmt.Fprintf(stderr, "chaperone policy lint: %v\n", err)
			status = 1
		default:
			fmt.Fprintf(stdout, "%s: ok, %d rules, version %s\n", path, len(p.File().Rules), p.Version())
		}
	}
	return status
}

func runPolicyDefault(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: chaperone policy default > FILE")
		return 2
	}
	if _, err := stdout.Write(policy.DefaultFile()); err != nil {
		fmt.Fprintln(stderr, "chaperone policy default: write:", err)
		return 1
	}
	return 0
}
