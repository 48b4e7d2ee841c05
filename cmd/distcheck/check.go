package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols"
)

func runCheck(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		return 0, usagef("check: name a protocol: distcheck check <protocol> [flags] (protocols: %s)", strings.Join(protocols.NamesFor(protocols.CmdCheck), ", "))
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, checkUsage)
		return 0, errHelp
	}
	if strings.HasPrefix(args[0], "-") {
		return 0, usagef("check: name the protocol before the flags: distcheck check <protocol> [flags] (protocols: %s)", strings.Join(protocols.NamesFor(protocols.CmdCheck), ", "))
	}
	p, err := protocols.LookupFor(protocols.CmdCheck, args[0])
	if err != nil {
		return 0, usagef("check: %v", err)
	}
	f, err := parseCheckFlags(p, args[1:], stdout)
	if err != nil {
		return 0, err
	}
	r, opts, err := f.setup(p)
	if err != nil {
		return 0, err
	}
	strategy := opts.Strategy
	if !f.quiet {
		opts.Progress = progressPrinter(stderr)
	}
	if f.save != "" {
		if err := checkWritable("--save", f.save, true); err != nil {
			return 0, usagef("check: %v", err)
		}
	}
	ctx, stop := interruptible()
	defer stop()
	rep, err := r.Explore(ctx, opts)
	if err != nil {
		if opts.POR && strings.Contains(err.Error(), "explore: POR: ") {
			return 0, usagef("check: --por: %s", strings.TrimPrefix(err.Error(), "explore: POR: "))
		}
		return 0, usagef("check: %v", err)
	}
	if strategy == explore.DFS && f.workers > 1 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("--strategy dfs runs on one worker: --workers %d was not used (bfs and random run in parallel)", f.workers))
	}
	return reportCheck(stdout, r, rep, f)
}

// setup checks the flags of a search of p and returns the model to search and the options.
func (f *checkFlags) setup(p protocols.Protocol) (distcheck.Runner, explore.Options, error) {
	strategy, err := explore.ParseStrategy(f.strategy)
	if err != nil {
		return nil, explore.Options{}, usagef("check: --strategy: %v", err)
	}
	switch {
	case f.workers < 0:
		return nil, explore.Options{}, usagef("check: --workers %d: want 0 (one per CPU) or more", f.workers)
	case f.depth < 0:
		return nil, explore.Options{}, usagef("check: --depth %d: want 0 (unbounded) or more", f.depth)
	case f.pctDepth < 0:
		return nil, explore.Options{}, usagef("check: --pct-depth %d: want 0 (the default, 3) or more", f.pctDepth)
	case f.walks < 0:
		return nil, explore.Options{}, usagef("check: --walks %d: want 0 (the default) or more", f.walks)
	case f.maxStates < 0:
		return nil, explore.Options{}, usagef("check: --max-states %d: want 0 (no limit) or more", f.maxStates)
	case f.timeout < 0:
		return nil, explore.Options{}, usagef("check: --time %v: want 0 (no limit) or more", f.timeout)
	case f.stabilize < 0:
		return nil, explore.Options{}, usagef("check: --stabilize %d: want 0 (halfway) or more", f.stabilize)
	case f.within < 0:
		return nil, explore.Options{}, usagef("check: --within %d: want 0 (the rest of the walk) or more", f.within)
	}
	var maxMemory int64
	if f.maxMemory != "" {
		if maxMemory, err = parseSize(f.maxMemory); err != nil {
			return nil, explore.Options{}, usagef("check: --max-memory: %v", err)
		}
	}
	if f.spillDir != "" && maxMemory <= 0 {
		return nil, explore.Options{}, usagef("check: --spill-dir %s: only a search with --max-memory spills", f.spillDir)
	}
	r, err := buildRunner(p, f)
	if err != nil {
		return nil, explore.Options{}, usagef("check: %v", err)
	}
	opts := explore.Options{
		Strategy:   strategy,
		Workers:    f.workers,
		MaxDepth:   f.depth,
		Seed:       f.seed,
		PCTDepth:   f.pctDepth,
		Walks:      f.walks,
		MaxStates:  f.maxStates,
		Time:       f.timeout,
		MaxMemory:  maxMemory,
		SpillDir:   f.spillDir,
		CollectAll: f.all,
		Symmetry:   f.symmetry,
		POR:        f.por,
		AutoReduce: f.autoReduce(),
		Stabilize:  f.stabilize,
		Within:     f.within,
	}
	if f.fairness != "" {
		fair, err := model.ParseFairness(f.fairness)
		if err != nil {
			return nil, explore.Options{}, usagef("check: --fairness: %v", err)
		}
		opts.Fairness = &fair
	}
	return r, opts, nil
}

// autoReduce returns the reductions to turn on where they are sound: those whose flag was not
// given (--symmetry=false and --por=false turn them off).
func (f *checkFlags) autoReduce() explore.Reductions {
	var r explore.Reductions
	if !f.given["symmetry"] {
		r |= explore.SymmetryReduction
	}
	if !f.given["por"] {
		r |= explore.PartialOrderReduction
	}
	return r
}

// reportCheck saves the counterexamples of rep, prints the report and returns the exit
// status. If saving fails, the report is printed first and the error comes last, so that
// nothing the search found is lost.
func reportCheck(stdout io.Writer, r distcheck.Runner, rep *distcheck.Report, f *checkFlags) (int, error) {
	saved := make([]string, len(rep.Findings))
	pages := make([]string, len(rep.Findings))
	var saveErr error
	if f.save != "" {
		for i, fd := range rep.Findings {
			if fd.Trace == nil {
				continue
			}
			if saved[i], saveErr = counterexamples.Save(f.save, fd.Trace); saveErr != nil {
				saved[i] = ""
				break
			}
			if pages[i], saveErr = explain(r, fd.Trace, saved[i]); saveErr != nil {
				break
			}
		}
	}
	name, params := r.Identity()
	if f.json {
		if err := writeJSON(stdout, name, params, rep, saved, pages); err != nil {
			return 0, err
		}
	} else {
		writeText(stdout, name, params, rep, saved, pages)
	}
	if saveErr != nil {
		return 0, usagef("check: --save: %v (the report above is complete; the counterexample is not saved)", saveErr)
	}
	return verdictCode(rep.Verdict), nil
}

// verdictCode returns the exit status of a search's verdict.
func verdictCode(v explore.Verdict) int {
	switch v {
	case explore.Violated:
		return exitViolation
	case explore.Inconclusive:
		return exitInconclusive
	}
	return exitOK
}

// explain writes the explanation of the trace saved at path next to it
// (counterexamples.ExplanationPath), if its property has one, and returns the page's path.
func explain(r distcheck.Runner, t *counterexamples.Trace, path string) (string, error) {
	var page bytes.Buffer
	if ok, err := r.Tools().Explain(&page, t); err != nil || !ok {
		return "", err
	}
	out := counterexamples.ExplanationPath(path)
	return out, os.WriteFile(out, page.Bytes(), 0o644)
}

// parseSize parses a size such as 4GB, 512MB, 64KiB or 1000000 (bytes).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"K", 1 << 10}, {"M", 1 << 20},
		{"G", 1 << 30}, {"T", 1 << 40}, {"B", 1},
	}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if strings.HasSuffix(strings.ToUpper(num), strings.ToUpper(u.suffix)) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q is not a size (use e.g. 4GB, 512MB or a number of bytes)", s)
	}
	return int64(v * float64(mult)), nil
}

// flagNames rewrites the budget names of actor.Faults errors as the flags that set them.
func flagNames(msg string) string {
	for field, flag := range map[string]string{
		"Drops is": "--drops is", "Duplicates is": "--duplicates is", "Crashes is": "--crashes is",
		"Recoveries is": "--recoveries is", "MaxDown is": "--max-down is", "Partitions is": "--partitions is",
	} {
		msg = strings.Replace(msg, field, flag, 1)
	}
	return msg
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

func protocolHelp(p protocols.Protocol) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %s\n", p.Name, p.Summary)
	for _, q := range p.Params {
		fmt.Fprintf(&b, "  --%-24s %s (%d to %d, default %d)\n", q.Name+" N", q.Help, q.Min, q.Max, q.Default)
	}
	for _, bug := range p.Bugs.Variants {
		fmt.Fprintf(&b, "  --bug %-20s %s\n", bug.Bug, bug.Summary)
	}
	return b.String()
}

// progressPrinter prints a progress line on w about once a second while a search runs.
func progressPrinter(w io.Writer) func(explore.Stats) {
	return func(s explore.Stats) {
		line := fmt.Sprintf("%6.1fs  %s distinct  %s generated  depth %d  queue %s  %s states/s",
			s.Elapsed.Seconds(), testrun.Thousands(s.Distinct), testrun.Thousands(s.Generated), s.MaxDepth, testrun.Thousands(s.Queued), testrun.Thousands(int64(s.StatesPerSecond())))
		if s.Walks > 0 {
			line += fmt.Sprintf("  %s walks", testrun.Thousands(s.Walks))
		}
		if s.Spilled.Any() {
			line += "  spilled " + spilledSummary(s.Spilled)
		}
		fmt.Fprintln(w, line)
	}
}

func describe(name string, params map[string]string) string {
	s := name
	for _, k := range sortedKeys(params) {
		s += fmt.Sprintf(" %s=%s", k, params[k])
	}
	return s
}

func writeText(w io.Writer, name string, params map[string]string, rep *distcheck.Report, saved, pages []string) {
	coverage := fmt.Sprintf("%s distinct states, %s generated, depth %d, %.2fs (%s states/s)",
		testrun.Thousands(rep.Distinct), testrun.Thousands(rep.Generated), rep.MaxDepth, rep.Elapsed.Seconds(), testrun.Thousands(int64(rep.StatesPerSecond())))
	how := fmt.Sprintf("%s, %d workers", rep.Strategy, rep.Options.Workers)
	if rep.Options.Workers == 1 {
		how = fmt.Sprintf("%s, 1 worker", rep.Strategy)
	}
	if rep.Strategy.Sampled() {
		how = fmt.Sprintf("%s, %d walks of depth ≤ %d, seed %d", rep.Strategy, rep.Walks, rep.Options.MaxDepth, rep.Options.Seed)
	}
	switch {
	case rep.Exhaustive:
		how += ", exhaustive"
	case rep.Stopped != explore.StopComplete && rep.Stopped != explore.StopViolation:
		how += ", stopped: " + string(rep.Stopped)
	case !rep.Strategy.Sampled() && rep.Options.MaxDepth > 0:
		how += fmt.Sprintf(", depth bound %d", rep.Options.MaxDepth)
	}
	switch {
	case rep.Options.Symmetry && rep.Distinct > 0 && rep.Represented > 0:
		how += fmt.Sprintf(", symmetry: %s orbits stand for %s states, %.1f× fewer", testrun.Thousands(rep.Distinct), testrun.Thousands(rep.Represented), float64(rep.Represented)/float64(rep.Distinct))
	case rep.Options.Symmetry:
		// Sampled searches do not count the states their orbits stand for.
		how += fmt.Sprintf(", symmetry: %s orbits", testrun.Thousands(rep.Distinct))
	}
	if rep.Options.POR {
		how += ", " + porSummary(rep.Stats)
	}
	if rep.Spilled.Any() {
		how += ", spilled to disk: " + spilledSummary(rep.Spilled)
	}
	for _, note := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", note)
	}
	if rep.Stopped == explore.StopCanceled {
		fmt.Fprintln(w, "interrupted: the report below is partial")
	}
	if len(rep.Findings) == 0 {
		if rep.Verdict == explore.Inconclusive {
			fmt.Fprintf(w, "%s: inconclusive: no property is violated in the states searched, but the search stopped before it covered them all: %s (%s)\n", describe(name, params), coverage, how)
			return
		}
		fmt.Fprintf(w, "%s: every property holds: %s (%s)\n", describe(name, params), coverage, how)
		return
	}
	violated, unjudged := 0, 0
	for i, f := range rep.Findings {
		switch {
		case f.Inconclusive:
			unjudged++
			fmt.Fprintf(w, "INCONCLUSIVE: %s (%s) not reached: %s\n\n", f.Property, f.Kind, f.Reason)
			continue
		case f.Trace == nil:
			violated++
			fmt.Fprintf(w, "VIOLATION: %s (%s) never held: %s\n\n", f.Property, f.Kind, f.Reason)
			continue
		}
		violated++
		fmt.Fprintf(w, "VIOLATION: %s (%s) after %d steps: %s\n\n%s\n", f.Property, f.Kind, f.Steps, f.Reason, f.Diagram)
		if saved[i] != "" {
			fmt.Fprintf(w, "Saved to %s (distcheck replay %s)\n", saved[i], saved[i])
			if pages[i] != "" {
				fmt.Fprintf(w, "Explanation (open in a browser): %s\n", pages[i])
			}
			fmt.Fprintln(w)
		}
	}
	var counts []string
	if violated > 0 {
		counts = append(counts, fmt.Sprintf("%d violated", violated))
	}
	if unjudged > 0 {
		counts = append(counts, fmt.Sprintf("%d inconclusive", unjudged))
	}
	fmt.Fprintf(w, "%s: %s: %s (%s)\n", describe(name, params), strings.Join(counts, ", "), coverage, how)
}

// jsonReport is the --json output: a contract that scripts rely on.
type jsonReport struct {
	Protocol        string            `json:"protocol"`
	Params          map[string]string `json:"params"`
	Strategy        string            `json:"strategy"`
	Workers         int               `json:"workers"`
	Seed            uint64            `json:"seed"`
	Distinct        int64             `json:"distinct"`
	Generated       int64             `json:"generated"`
	Depth           int               `json:"depth"`
	Seconds         float64           `json:"seconds"`
	StatesPerSecond float64           `json:"states_per_second"`
	VisitedBytes    int64             `json:"visited_bytes"`
	Walks           int64             `json:"walks,omitempty"`
	Exhaustive      bool              `json:"exhaustive"`
	Stopped         string            `json:"stopped"`
	Fairness        string            `json:"fairness"`
	GraphBytes      int64             `json:"graph_bytes,omitempty"`
	Symmetry        bool              `json:"symmetry,omitempty"`
	Represented     int64             `json:"represented,omitempty"`
	POR             bool              `json:"por,omitempty"`
	Reduced         int64             `json:"por_reduced,omitempty"`
	Pruned          int64             `json:"por_pruned,omitempty"`
	Notes           []string          `json:"notes,omitempty"`
	// Spilled is what a search with --max-memory wrote to disk, if anything.
	Spilled *jsonSpilled `json:"spilled,omitempty"`
	// Verdict is holds, violated or inconclusive, as the exit status (0, 1 or 3) says; OK is
	// true only when it is holds.
	Verdict    string          `json:"verdict"`
	OK         bool            `json:"ok"`
	Violations []jsonViolation `json:"violations"`
	// Inconclusive lists the Sometimes properties that a search that was not exhaustive did
	// not reach: not violations, but not shown to hold either.
	Inconclusive []jsonViolation `json:"inconclusive,omitempty"`
}

// jsonSpilled is explore.Spilled in --json: merges of the visited set into the one on disk,
// fingerprints on disk after the last, bytes of fingerprints written in all, and frontier
// states written and their bytes.
type jsonSpilled struct {
	Merges           int   `json:"visited_merges"`
	Fingerprints     int64 `json:"fingerprints_on_disk"`
	FingerprintBytes int64 `json:"fingerprint_bytes_written"`
	States           int64 `json:"frontier_states_written,omitempty"`
	StateBytes       int64 `json:"frontier_bytes_written,omitempty"`
}

type jsonViolation struct {
	Property string `json:"property"`
	Kind     string `json:"kind"`
	Reason   string `json:"reason"`
	Steps    int    `json:"steps"`
	Trace    string `json:"trace,omitempty"`
	// Explanation is the page written next to the trace when the property explains its
	// violations (model.Property.Explain).
	Explanation string `json:"explanation,omitempty"`
}

func writeJSON(w io.Writer, name string, params map[string]string, rep *distcheck.Report, saved, pages []string) error {
	out := jsonReport{
		Protocol:        name,
		Params:          params,
		Strategy:        rep.Strategy.String(),
		Workers:         rep.Options.Workers,
		Seed:            rep.Options.Seed,
		Distinct:        rep.Distinct,
		Generated:       rep.Generated,
		Depth:           rep.MaxDepth,
		Seconds:         rep.Elapsed.Seconds(),
		StatesPerSecond: rep.StatesPerSecond(),
		VisitedBytes:    rep.VisitedBytes,
		Walks:           rep.Walks,
		Exhaustive:      rep.Exhaustive,
		Stopped:         string(rep.Stopped),
		Fairness:        rep.Fairness.String(),
		GraphBytes:      rep.GraphBytes,
		Symmetry:        rep.Options.Symmetry,
		Represented:     rep.Represented,
		POR:             rep.Options.POR,
		Reduced:         rep.Reduced,
		Pruned:          rep.Pruned,
		Notes:           rep.Notes,
		Verdict:         string(rep.Verdict),
		OK:              rep.Verdict == explore.Holds,
		Violations:      []jsonViolation{},
	}
	if out.Params == nil {
		out.Params = map[string]string{}
	}
	if s := rep.Spilled; s.Any() {
		out.Spilled = &jsonSpilled{Merges: s.Merges, Fingerprints: s.OnDisk, FingerprintBytes: s.VisitedBytes, States: s.States, StateBytes: s.StateBytes}
	}
	for i, f := range rep.Findings {
		v := jsonViolation{
			Property: f.Property, Kind: f.Kind.String(), Reason: f.Reason, Steps: f.Steps, Trace: saved[i],
			Explanation: pages[i],
		}
		if f.Inconclusive {
			out.Inconclusive = append(out.Inconclusive, v)
		} else {
			out.Violations = append(out.Violations, v)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// spilledSummary says what a search wrote to disk: "the visited set 4 times (10,340,352
// fingerprints), 3,210,000 frontier states (55 MB)".
func spilledSummary(s explore.Spilled) string {
	var parts []string
	if s.Merges > 0 {
		times := "once"
		if s.Merges > 1 {
			times = fmt.Sprintf("%d times", s.Merges)
		}
		parts = append(parts, fmt.Sprintf("the visited set %s (%s fingerprints)", times, testrun.Thousands(s.OnDisk)))
	}
	if s.States > 0 {
		parts = append(parts, fmt.Sprintf("%s frontier states (%d MB)", testrun.Thousands(s.States), (s.StateBytes+1<<19)>>20))
	}
	return strings.Join(parts, ", ")
}
