package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/protocols"
)

const replayUsage = `Usage: distcheck replay <trace.json> [--step N] [--html out.html] [--shiviz out.log] [--mermaid out.md]
                      [--max-trace-size SIZE]

Re-executes a saved counterexample of a built-in protocol, prints its sequence diagram, and
says whether its property still fails.

Flags (before or after the file):
  --step N        mark step N in the diagram and print every node's state after it, with the
                  messages then in flight (0: the initial state)
  --html FILE     write a self-contained HTML page: a space-time diagram, a step slider and
                  every node's state at the step chosen; it needs no network to view
  --shiviz FILE   write a ShiViz log (open it at https://bestchai.bitbucket.io/shiviz/)
  --mermaid FILE  write a Mermaid sequence diagram, inside a ` + "```mermaid" + ` block when FILE
                  ends in .md
` + maxTraceSizeHelp + `

Files are written only where named, and never over the trace. Ctrl-C or SIGTERM stops a
long replay at once (exit status 3) and writes nothing.

Exit status: 1 when the property still fails, 0 when it no longer does, 2 when the file is
not a valid trace or no longer applies (the step where it diverges is named), 3 when it was
interrupted.
`

// replayOutputs are the files distcheck replay writes, by flag.
type replayOutputs struct {
	html, shiviz, mermaid string
}

func runReplay(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	step := fs.Int("step", -1, "")
	var out replayOutputs
	fs.StringVar(&out.html, "html", "", "")
	fs.StringVar(&out.shiviz, "shiviz", "", "")
	fs.StringVar(&out.mermaid, "mermaid", "", "")
	var limit traceSize
	fs.Var(&limit, "max-trace-size", "")
	files, err := parseInterspersed(fs, "replay", args, replayUsage, stdout)
	if err != nil {
		return 0, err
	}
	stepGiven := false
	fs.Visit(func(f *flag.Flag) { stepGiven = stepGiven || f.Name == "step" })
	file, err := oneTrace("replay", files)
	if err != nil {
		return 0, err
	}
	outs := map[string]string{"--html": out.html, "--shiviz": out.shiviz, "--mermaid": out.mermaid}
	for _, flag := range sortedKeys(outs) {
		if outs[flag] == "-" {
			return 0, usagef("replay: %s -: name a file (the diagram goes to standard output)", flag)
		}
	}
	if err := checkOutputs(file, outs); err != nil {
		return 0, usagef("replay: %v", err)
	}
	ctx, stop := interruptible()
	defer stop()
	if info, err := os.Stat(file); err == nil && info.Size() > 1<<20 {
		fmt.Fprintf(stderr, "replaying %s (%.1f MB; Ctrl-C stops)\n", file, float64(info.Size())/1e6)
	}
	done := make(chan replayResult, 1)
	go func() { done <- computeReplay(file, limit, stepGiven, *step, out) }()
	var res replayResult
	select {
	case res = <-done:
	case <-ctx.Done():
		// Nothing is written: the renderings are written only once the replay is whole.
		fmt.Fprintf(stdout, "interrupted: the replay of %s stopped before it finished; nothing was written\n", file)
		return exitInconclusive, nil
	}
	if res.err != nil {
		return 0, res.err
	}
	fmt.Fprint(stdout, res.text)
	code := replayVerdict(stdout, res.reproduced, res.detail)
	if res.tl == nil {
		return code, nil
	}
	written, err := writeRenderings(res.tl, out)
	for _, w := range written {
		fmt.Fprintln(stdout, w)
	}
	if err != nil {
		return 0, usagef("replay: %v", err)
	}
	return code, nil
}

// replayResult is what distcheck replay computed: the diagram, the verdict, and the timeline
// the renderings are drawn from (nil when none is asked for).
type replayResult struct {
	text       string
	reproduced bool
	detail     string
	tl         *counterexamples.Timeline
	err        error
}

// computeReplay loads and replays the trace in file and draws its diagram (with step marked).
func computeReplay(file string, limit traceSize, stepGiven bool, step int, out replayOutputs) replayResult {
	tr, runner, err := loadTraceLimit("replay", file, limit)
	if err != nil {
		return replayResult{err: err}
	}
	if stepGiven && (step < 0 || step > len(tr.Steps)) {
		return replayResult{err: usagef("replay: --step %d: %s has %d steps (want a step from 0 to %d)", step, file, len(tr.Steps), len(tr.Steps))}
	}
	tools, rep, err := replayWithTools(runner, tr)
	if err != nil {
		return replayResult{err: usagef("replay: %s: %v", file, err)}
	}
	if !stepGiven && out == (replayOutputs{}) {
		return replayResult{text: rep.Diagram, reproduced: rep.Reproduced, detail: rep.Detail}
	}
	tl, err := tools.Timeline(tr)
	if err != nil {
		return replayResult{err: usagef("replay: %s: %v", file, err)}
	}
	var diagram bytes.Buffer
	if stepGiven {
		err = tl.WriteTextAt(&diagram, step)
	} else {
		err = tl.WriteText(&diagram)
	}
	if err != nil {
		return replayResult{err: usagef("replay: %s: %v", file, err)}
	}
	return replayResult{text: diagram.String(), reproduced: tl.Reproduced, detail: tl.Detail, tl: tl}
}

// replayVerdict prints whether the property still fails and returns the exit status.
func replayVerdict(stdout io.Writer, reproduced bool, detail string) int {
	if reproduced {
		fmt.Fprintf(stdout, "\nStill fails: %s\n", detail)
		return exitViolation
	}
	fmt.Fprintf(stdout, "\nNo longer fails: %s\n", detail)
	return exitOK
}

// writeRenderings writes the renderings asked for and says what it wrote.
func writeRenderings(tl *counterexamples.Timeline, out replayOutputs) ([]string, error) {
	var written []string
	for _, o := range []struct {
		path, what string
		write      func(io.Writer) error
	}{
		{out.html, "HTML page", tl.WriteHTML},
		{out.shiviz, "ShiViz log", tl.WriteShiViz},
		{out.mermaid, "Mermaid diagram", func(w io.Writer) error {
			if !strings.EqualFold(filepath.Ext(out.mermaid), ".md") {
				return tl.WriteMermaid(w)
			}
			if _, err := io.WriteString(w, "```mermaid\n"); err != nil {
				return err
			}
			if err := tl.WriteMermaid(w); err != nil {
				return err
			}
			_, err := io.WriteString(w, "```\n")
			return err
		}},
	} {
		if o.path == "" {
			continue
		}
		var b bytes.Buffer
		if err := o.write(&b); err != nil {
			return written, fmt.Errorf("%s: %v", o.path, err)
		}
		if err := writeFile(o.path, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err }); err != nil {
			return written, fmt.Errorf("cannot write the %s: %v", o.what, err)
		}
		written = append(written, fmt.Sprintf("Wrote the %s to %s", o.what, o.path))
	}
	return written, nil
}

// parseInterspersed parses args into fs, letting flags come before and after the positional
// arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, cmd string, args []string, help string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, cmd, args, help, stdout); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// oneTrace returns the one trace file named.
func oneTrace(cmd string, files []string) (string, error) {
	switch len(files) {
	case 0:
		return "", usagef("%s: name a trace file: distcheck %s <trace.json>", cmd, cmd)
	case 1:
		return files[0], nil
	}
	return "", usagef("%s: one trace file at a time (got %d arguments)", cmd, len(files))
}

// checkOutputs refuses output files (flag → path; "" for none) that are the trace itself,
// that two flags share, or that cannot be written.
func checkOutputs(trace string, outs map[string]string) error {
	seen := map[string]string{}
	for _, flag := range slices.Sorted(maps.Keys(outs)) {
		path := outs[flag]
		if path == "" || path == "-" {
			continue
		}
		if samePath(path, trace) {
			return fmt.Errorf("%s %s is the trace itself: name another file", flag, path)
		}
		if err := checkWritable(flag, path, false); err != nil {
			return err
		}
		key := cleanPath(path)
		if other, ok := seen[key]; ok {
			return fmt.Errorf("%s and %s both name %s: name a file for each", other, flag, path)
		}
		seen[key] = flag
	}
	return nil
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	if cleanPath(a) == cleanPath(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func cleanPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// loadTrace loads a trace file of a built-in protocol and builds the protocol's configuration
// that it records.
func loadTrace(cmd, file string) (*counterexamples.Trace, distcheck.Runner, error) {
	return loadTraceLimit(cmd, file, 0)
}

// loadTraceLimit is loadTrace with the size limit of --max-trace-size (0: the default).
func loadTraceLimit(cmd, file string, limit traceSize) (*counterexamples.Trace, distcheck.Runner, error) {
	tr, err := loadTraceFile(cmd, file, limit)
	if err != nil {
		return nil, nil, err
	}
	if strings.HasPrefix(tr.Protocol, protocols.SimTracePrefix) {
		// A trace of distcheck simulate: its peers' steps on the actor layer.
		r, err := protocols.SimulationRunner(tr.Protocol, tr.Params)
		if err != nil {
			return nil, nil, usagef("%s: %s: %v", cmd, file, err)
		}
		return tr, r, nil
	}
	if strings.HasPrefix(tr.Protocol, "go:") {
		return nil, nil, usagef("%s: %s is a counterexample of a model defined in a Go test (%s), not of a built-in protocol: replay it with go test -distcheck.replay=%s", cmd, file, strings.TrimPrefix(tr.Protocol, "go:"), file)
	}
	p, err := protocols.LookupFor(protocols.CmdReplay, tr.Protocol)
	if err != nil {
		return nil, nil, usagef("%s: %s: %v", cmd, file, err)
	}
	cfg, err := p.ConfigFromTrace(tr.Params)
	if err != nil {
		return nil, nil, usagef("%s: %s: %v", cmd, file, err)
	}
	r, err := p.Build(cfg)
	if err != nil {
		return nil, nil, usagef("%s: %s: %v", cmd, file, err)
	}
	return tr, r, nil
}

// replayWithTools replays tr with the runner and returns, with the report, the Tools of the
// runner's model.
func replayWithTools(r distcheck.Runner, tr *counterexamples.Trace) (counterexamples.Tools, *distcheck.ReplayReport, error) {
	rep, err := r.Replay(tr)
	return r.Tools(), rep, err
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
