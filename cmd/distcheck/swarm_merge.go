package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/protocols"
	"github.com/distcheck/distcheck/swarm"
)

// runSwarmMerge is distcheck swarm merge DIR.
func runSwarmMerge(args []string, stdout io.Writer) (int, error) {
	fs := flag.NewFlagSet("swarm merge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "")
	dirs, err := parseInterspersed(fs, "swarm merge", args, swarmUsage, stdout)
	if err != nil {
		return 0, err
	}
	if len(dirs) != 1 {
		return 0, usagef("swarm merge: name one results directory: distcheck swarm merge DIR (got %d arguments)", len(dirs))
	}
	return mergeReport(dirs[0], stdout, *asJSON)
}

// swarmReport is the merge of a swarm, as swarm merge --json prints it.
type swarmReport struct {
	Dir      string            `json:"dir"`
	Protocol string            `json:"protocol"`
	Params   map[string]string `json:"params"`
	Plan     swarm.Plan        `json:"plan"`
	Done     int               `json:"done"`
	Missing  []int             `json:"missing"`
	// Cut are the shards a budget (--time) cut short.
	Cut   []int `json:"cut,omitempty"`
	Walks int64 `json:"walks"`
	// States estimates the distinct states the shards reached together (HyperLogLog).
	States    int64          `json:"states"`
	Unreached []string       `json:"unreached,omitempty"`
	Findings  []swarmFinding `json:"findings"`
	// Verdict is holds, violated or inconclusive, as the exit status (0, 1 or 3) says.
	Verdict string `json:"verdict"`
}

// swarmFinding is one distinct counterexample of a swarm.
type swarmFinding struct {
	Property    string `json:"property"`
	Fingerprint string `json:"fingerprint"`
	Steps       int    `json:"steps"`
	// Trace is the path of its shortest trace, and Replays whether it still fails on replay.
	Trace   string `json:"trace,omitempty"`
	Replays bool   `json:"replays"`
	// Found lists the walks that found it; Rerun is a command that finds it again.
	Found []swarm.SeedWalk `json:"found"`
	Rerun string           `json:"rerun"`
}

// mergeReport merges the swarm in dir, prints it and returns the exit status.
func mergeReport(dir string, stdout io.Writer, asJSON bool) (int, error) {
	plan, err := swarm.LoadPlan(dir)
	if err != nil {
		return 0, usagef("swarm merge: %s", swarmMsg(err))
	}
	p, err := protocols.LookupFor(protocols.CmdCheck, plan.Protocol)
	if err != nil {
		return 0, usagef("swarm merge: %s: %v", filepath.Join(dir, swarm.PlanFile), err)
	}
	f, err := parseCheckFlags(p, plan.Args, io.Discard)
	if err != nil {
		return 0, usagef("swarm merge: %s: args: %v", filepath.Join(dir, swarm.PlanFile), err)
	}
	r, _, err := f.setup(p)
	if err != nil {
		return 0, usagef("swarm merge: %s: args: %v", filepath.Join(dir, swarm.PlanFile), err)
	}
	m, err := swarm.Merge(dir, plan.Shards)
	if err != nil {
		return 0, usagef("swarm merge: %s", swarmMsg(err))
	}
	name, params := r.Identity()
	rep := swarmReport{Dir: dir, Protocol: name, Params: params, Plan: plan, Done: m.Done, Missing: m.Missing, Cut: m.Cut,
		Walks: m.Walks, States: int64(m.States + 0.5), Unreached: m.Unreached, Findings: []swarmFinding{}}
	if rep.Missing == nil {
		rep.Missing = []int{}
	}
	for _, g := range m.Findings {
		sf := swarmFinding{Property: g.Property, Fingerprint: g.Fingerprint, Steps: g.Steps, Found: g.Found, Rerun: rerunCommand(plan, g.Found[0])}
		if g.Trace != "" {
			sf.Trace = filepath.Join(dir, g.Trace)
			tr, tr2, err := loadTrace("swarm merge", sf.Trace)
			if err != nil {
				return 0, err
			}
			if rr, err := tr2.Replay(tr); err == nil && rr.Reproduced {
				sf.Replays = true
			}
		}
		rep.Findings = append(rep.Findings, sf)
	}
	code := exitOK
	switch {
	case len(rep.Findings) > 0:
		code, rep.Verdict = exitViolation, "violated"
	case len(rep.Missing) > 0 || len(rep.Cut) > 0 || len(rep.Unreached) > 0:
		code, rep.Verdict = exitInconclusive, "inconclusive"
	default:
		rep.Verdict = "holds"
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return code, enc.Encode(rep)
	}
	writeSwarmText(stdout, rep)
	return code, nil
}

// rerunCommand is the distcheck check command that runs the walk w again.
func rerunCommand(plan swarm.Plan, w swarm.SeedWalk) string {
	args := append([]string{"distcheck", "check", plan.Protocol}, plan.Args...)
	args = append(args, "--strategy", w.Strategy, "--seed", strconv.FormatUint(w.Seed, 10), "--walks", strconv.FormatInt(w.Walk+1, 10), "--all")
	return shellJoin(args)
}

// shellJoin quotes args for a POSIX shell where they need it.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:@%+", r))
		}) < 0 {
			q[i] = a
			continue
		}
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func writeSwarmText(w io.Writer, rep swarmReport) {
	// Findings come sorted by property, shortest first: one block per property, with its
	// shortest trace.
	for k := 0; k < len(rep.Findings); {
		f := rep.Findings[k]
		var found []swarm.SeedWalk
		n := 0
		for ; k+n < len(rep.Findings) && rep.Findings[k+n].Property == f.Property; n++ {
			found = append(found, rep.Findings[k+n].Found...)
		}
		k += n
		fmt.Fprintf(w, "VIOLATION: %s after %d steps: %d distinct counterexample(s), found by %d walk(s)\n", f.Property, f.Steps, n, len(found))
		if f.Trace != "" {
			replays := "replays"
			if !f.Replays {
				replays = "DOES NOT REPLAY"
			}
			fmt.Fprintf(w, "  shortest: %s (%s: distcheck replay %s)\n", f.Trace, replays, f.Trace)
		}
		var by []string
		for j, sw := range found {
			if j == 5 {
				by = append(by, fmt.Sprintf("and %d more", len(found)-5))
				break
			}
			by = append(by, fmt.Sprintf("%s seed %d walk %d", sw.Strategy, sw.Seed, sw.Walk))
		}
		fmt.Fprintf(w, "  found by: %s\n", strings.Join(by, "; "))
		fmt.Fprintf(w, "  rerun:    %s\n\n", f.Rerun)
	}
	for _, p := range rep.Unreached {
		fmt.Fprintf(w, "INCONCLUSIVE: %s (sometimes) reached by no shard\n", p)
	}
	if len(rep.Cut) > 0 {
		fmt.Fprintf(w, "note: a budget cut shards %s short\n", joinInts(rep.Cut))
	}
	if len(rep.Missing) > 0 {
		fmt.Fprintf(w, "MISSING: shards %s have no result (not run yet, still running, or killed): run those indexes again (sbatch --array=%s job.sh on Slurm), e.g. %s\n",
			joinInts(rep.Missing), joinInts(rep.Missing), shellJoin(append([]string{"distcheck"}, shardArgs(rep.Plan, rep.Dir, rep.Missing[0])...)))
	}
	verdict := "every property holds"
	switch rep.Verdict {
	case "violated":
		props := map[string]bool{}
		for _, f := range rep.Findings {
			props[f.Property] = true
		}
		verdict = fmt.Sprintf("%d violated (%d distinct counterexamples)", len(props), len(rep.Findings))
	case "inconclusive":
		verdict = "inconclusive: no property violated in the walks run"
	}
	fmt.Fprintf(w, "swarm %s: %s: %d of %d shards done, %s walks, about %s distinct states (±2%%) (%s, %s)\n",
		describe(rep.Protocol, rep.Params), verdict, rep.Done, rep.Plan.Shards, testrun.Thousands(rep.Walks), testrun.Thousands(rep.States),
		strings.Join(rep.Plan.Strategies, ","), rep.Dir)
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
