package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/protocols"
)

const replayUsage = `Usage: distcheck replay <trace.json>

Re-executes a saved counterexample of a built-in protocol, prints its sequence diagram, and
says whether its property still fails.

Exit status: 1 when the property still fails, 0 when it no longer does, 2 when the file is
not a valid trace or no longer applies (the step where it diverges is named).
`

func runReplay(args []string, stdout io.Writer) (int, error) {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := parseFlags(fs, "replay", args, replayUsage, stdout); err != nil {
		return 0, err
	}
	switch fs.NArg() {
	case 0:
		return 0, usagef("replay: name a trace file: distcheck replay <trace.json>")
	case 1:
	default:
		return 0, usagef("replay: one trace file at a time (got %d arguments)", fs.NArg())
	}
	file := fs.Arg(0)
	tr, err := counterexamples.Load(file)
	if err != nil {
		return 0, usagef("replay: %v", err)
	}
	if strings.HasPrefix(tr.Protocol, "go:") {
		return 0, usagef("replay: %s is a counterexample of a model defined in a Go test (%s), not of a built-in protocol: replay it with go test -distcheck.replay=%s", file, strings.TrimPrefix(tr.Protocol, "go:"), file)
	}
	p, err := protocols.Lookup(tr.Protocol)
	if err != nil {
		return 0, usagef("replay: %s: %v", file, err)
	}
	cfg, err := p.ConfigFromTrace(tr.Params)
	if err != nil {
		return 0, usagef("replay: %s: %v", file, err)
	}
	r, err := p.Build(cfg)
	if err != nil {
		return 0, usagef("replay: %s: %v", file, err)
	}
	rep, err := r.Replay(tr)
	if err != nil {
		return 0, usagef("replay: %s: %v", file, err)
	}
	fmt.Fprint(stdout, rep.Diagram)
	if rep.Reproduced {
		fmt.Fprintf(stdout, "\nStill fails: %s\n", rep.Detail)
		return exitViolation, nil
	}
	fmt.Fprintf(stdout, "\nNo longer fails: %s\n", rep.Detail)
	return exitOK, nil
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
