package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/distcheck/distcheck/counterexamples"
)

const minimizeUsage = `Usage: distcheck minimize <trace.json> [-o out.json] [--time 10s] [--states N]

Shortens a saved counterexample of a built-in protocol, so that the same property still fails
on fewer steps: delta debugging over its steps, then removal of faults and timer firings, then
shortcuts found by bounded breadth-first searches from the states along it. The result replays
like any trace (distcheck replay).

Flags (before or after the file):
  -o FILE      write the minimized trace to FILE ("-": standard output); by default it is saved
               beside the input, named after its content's hash like every saved trace, and
               never over the input. The path written is printed.
  --time D     the time budget (default 10s); when it runs out, the shortest trace found so far
               is written
  --states N   the most states the shortening searches explore (default 100000; 0 skips them)
` + maxTraceSizeHelp + `

Ctrl-C or SIGTERM stops it within a second; the shortest trace found so far is written as
above, and the exit status is 3.

Exit status: 0 when the minimized trace was written, 3 when it was interrupted (the shortest
trace found so far was written), 2 when the file is not a valid trace, no
longer applies (the step where it diverges is named) or no longer fails.
`

func runMinimize(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("minimize", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "")
	budget := fs.Duration("time", counterexamples.DefaultMinimizeTime, "")
	states := fs.Int("states", counterexamples.DefaultMinimizeStates, "")
	var limit traceSize
	fs.Var(&limit, "max-trace-size", "")
	files, err := parseInterspersed(fs, "minimize", args, minimizeUsage, stdout)
	if err != nil {
		return 0, err
	}
	file, err := oneTrace("minimize", files)
	if err != nil {
		return 0, err
	}
	switch {
	case *budget <= 0:
		return 0, usagef("minimize: --time %v: want a positive duration, such as 10s", *budget)
	case *states < 0:
		return 0, usagef("minimize: --states %d: want 0 or more", *states)
	}
	if err := checkOutputs(file, map[string]string{"-o": *out}); err != nil {
		return 0, usagef("minimize: %v", err)
	}
	tr, runner, err := loadTraceLimit("minimize", file, limit)
	if err != nil {
		return 0, err
	}
	tools, replayed, err := replayWithTools(runner, tr)
	if err != nil {
		return 0, usagef("minimize: %s: %v", file, err)
	}
	opts := counterexamples.MinimizeOptions{Time: *budget, States: *states}
	if *states == 0 {
		opts.States = -1
	}
	ctx, stop := interruptible()
	defer stop()
	if replayed.Reproduced { // else Minimize says why there is nothing to do, in one line
		fmt.Fprintf(stderr, "minimizing %s (%d steps, at most %v; Ctrl-C stops and keeps the shortest trace so far)\n", file, len(tr.Steps), *budget)
	}
	min, rep, err := tools.Minimize(ctx, tr, opts)
	if err != nil {
		return 0, usagef("minimize: %s: %v", file, err)
	}
	code := exitOK
	if rep.Interrupted {
		code = exitInconclusive
	}
	data, err := min.Marshal()
	if err != nil {
		return 0, usagef("minimize: %s: %v", file, err)
	}
	var path string
	switch *out {
	case "-":
		if _, err := stdout.Write(data); err != nil {
			return 0, usagef("minimize: %v", err)
		}
		fmt.Fprintf(stderr, "%s: %s\n", file, rep)
		return code, nil
	case "":
		path, err = counterexamples.Save(filepath.Dir(file), min)
	default:
		path, err = *out, os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		return 0, usagef("minimize: %v", err)
	}
	note := ""
	switch {
	case samePath(path, file) && rep.Interrupted:
		note = " (interrupted before it shortened the trace: the trace is unchanged)"
	case samePath(path, file):
		note = " (already minimal: the trace is unchanged)"
	case rep.Interrupted:
		note = " (the shortest trace found before the interrupt)"
	}
	fmt.Fprintf(stderr, "%s: %s%s\n", file, rep, note)
	fmt.Fprintln(stdout, path)
	return code, nil
}
