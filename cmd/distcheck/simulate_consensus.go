package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols"
)

// consensus adds to cfg what a consensus protocol's simulation needs — the timing of its
// timers, its safety properties, a full mesh among its servers — and the scheduled faults of
// --fail, --recover and --partition.
func (f *simFlags) consensus(name string, cfg *sim.Config, built protocols.SimSetup) error {
	cfg.Timeouts, cfg.Props, cfg.CheckEvery = built.Timeouts, built.Props, f.checkEvery
	if built.FullMesh {
		if f.given["topology"] {
			return usagef("%s: --topology: the servers of %s talk to each other directly (a full mesh); leave --topology out", name, strings.TrimPrefix(name, "simulate "))
		}
		cfg.Topology = sim.Topology{Kind: sim.FullMesh}
	}
	n := cfg.NumPeers()
	if built.FullMesh {
		n = cfg.Types[0].Count // the servers; the clients come after them
	}
	var faults []sim.Fault
	for _, fl := range []struct {
		flag  string
		specs []string
	}{{"--fail", f.fail}, {"--recover", f.recover}} {
		for _, spec := range fl.specs {
			ft, err := sim.ParseFault(spec, fl.flag == "--recover")
			if err != nil {
				return usagef("%s: %s %v", name, fl.flag, err)
			}
			faults = append(faults, ft)
		}
	}
	if len(faults) > 0 {
		ws, err := sim.FailWindows(faults, n, f.duration)
		if err != nil {
			return usagef("%s: --%v", name, err)
		}
		cfg.Disruptions = append(cfg.Disruptions, sim.Disruption{Kind: sim.Downtime, Crash: true, Windows: ws})
	}
	for _, spec := range f.partition {
		p, err := sim.ParsePartition(spec)
		if err != nil {
			return usagef("%s: --partition %v", name, err)
		}
		cfg.Partitions = append(cfg.Partitions, p)
	}
	if f.checkEvery < 0 {
		return usagef("%s: --check-every %v: want 0 (every step) or a positive duration", name, f.checkEvery)
	}
	return nil
}

// writeConsensusSummary prints the consensus metrics and, when a safety property failed, the
// violation: the property, the time and seed, the last steps and how to run it again.
func writeConsensusSummary(w io.Writer, name string, f *simFlags, rep *sim.Report) {
	if c := rep.Consensus; c != nil {
		if c.Elections > 0 || c.Terms > 0 || len(c.Leaders) > 0 {
			fmt.Fprintf(w, "  leaders: %d elections (mean %.3fs, max %.3fs from candidacy to leader), %d leader changes, highest term %d, no leader %.3fs (%.1f%%)\n",
				c.Elections, c.ElectionMean, c.ElectionMax, c.LeaderChanges, c.Terms, c.Leaderless, 100*c.LeaderlessFraction)
		}
		fmt.Fprintf(w, "  commands: %d requested, %d committed (%.1f/s), %d replied; commit latency p50 %.3fs p90 %.3fs p99 %.3fs max %.3fs; reply p50 %.3fs p99 %.3fs\n",
			c.Requested, c.Committed, c.Throughput, c.Replied, c.CommitP50, c.CommitP90, c.CommitP99, c.CommitMax, c.ReplyP50, c.ReplyP99)
		fmt.Fprintf(w, "  cost: %.1f messages and %.0f bytes per committed command\n", c.MessagesPerCommand, c.BytesPerCommand)
		var load []string
		for _, p := range rep.Peers {
			if p.Type == "server" {
				load = append(load, fmt.Sprintf("n%d %d/%d", p.ID, p.MsgsOut, p.MsgsIn))
			}
		}
		if len(load) > 0 {
			fmt.Fprintf(w, "  load (messages out/in): %s\n", strings.Join(load, ", "))
		}
	}
	v := rep.Violation
	if v == nil {
		if len(rep.Params) > 0 && rep.Consensus != nil {
			fmt.Fprintf(w, "  safety: every property held on every step\n")
		}
		return
	}
	what := v.Property
	if v.Message != "" {
		what += " (" + v.Message + ")"
	}
	fmt.Fprintf(w, "VIOLATED %s at %.6fs (step %d, seed %d); the last steps:\n", what, v.AtS, v.Step, v.Seed)
	from := max(len(v.Trace)-12, 0)
	for _, ts := range v.Trace[from:] {
		fmt.Fprintf(w, "  %s\n", cut(ts.String(), 160))
	}
	for i, st := range v.States {
		fmt.Fprintf(w, "  n%d: %s\n", i, cut(st, 160))
	}
	fmt.Fprintf(w, "the same flags and --seed %d run to the same violation; --output writes its last %d steps and the states in full, as JSON\n", v.Seed, len(v.Trace))
}

// saveSimTrace saves the violation of a traced run as a counterexample trace in dir, once its
// replay on the actor layer reproduces the violation, and says where; a run whose trace
// cannot be made, or does not reproduce it, is said so and saved nowhere. The file is named
// by its content (counterexamples.Save), so it never replaces another.
func saveSimTrace(ctx context.Context, w, progress io.Writer, proto protocols.Protocol, sc protocols.SimConfig, v *sim.Violation, dir string) error {
	tr, err := proto.SimulationTrace(sc, v)
	if err != nil {
		fmt.Fprintf(w, "no trace saved: %v\n", err)
		return nil
	}
	r, err := protocols.SimulationRunner(tr.Protocol, tr.Params)
	if err != nil {
		fmt.Fprintf(w, "no trace saved: %v\n", err)
		return nil
	}
	if len(tr.Steps) >= longReplay {
		fmt.Fprintf(progress, "replaying its %d steps on the actor layer before saving them (Ctrl-C stops; nothing is saved)\n", len(tr.Steps))
	}
	type replayed struct {
		rep *distcheck.ReplayReport
		err error
	}
	done := make(chan replayed, 1)
	go func() {
		rep, err := r.Replay(tr)
		done <- replayed{rep, err}
	}()
	var rep *distcheck.ReplayReport
	select {
	case <-ctx.Done():
		fmt.Fprintf(w, "no trace saved: interrupted while its %d steps were replayed\n", len(tr.Steps))
		return nil
	case got := <-done:
		rep, err = got.rep, got.err
	}
	switch {
	case err != nil:
		fmt.Fprintf(w, "no trace saved: its %d steps do not replay on the actor layer: %v\n", len(tr.Steps), err)
		return nil
	case !rep.Reproduced:
		fmt.Fprintf(w, "no trace saved: its %d steps replay on the actor layer, but %s\n", len(tr.Steps), rep.Detail)
		return nil
	}
	path, err := counterexamples.Save(dir, tr)
	if err != nil {
		return err
	}
	v.TraceFile = path
	fmt.Fprintf(w, "Saved its %d steps to %s (distcheck replay %s)\n", len(tr.Steps), path, path)
	return nil
}

// longReplay is the length of a trace from which saving it says that it is replayed first.
const longReplay = 2000

// cut shortens s to n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// seconds is a duration flag that also takes a bare number of seconds (--duration 60), as the
// simulator this command grew from did.
type seconds time.Duration

func (d *seconds) String() string { return time.Duration(*d).String() }

func (d *seconds) Set(s string) error {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		*d = seconds(v * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration (use e.g. 60s, 2m or 60)", s)
	}
	*d = seconds(v)
	return nil
}

var bareNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// joinLatency rewrites --latency 50 200 (two bare numbers, in milliseconds, as the simulator
// this command grew from took them) as --latency 50ms,200ms, and a bare --latency 50 as 50ms.
func joinLatency(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--latency" || a == "-latency") && i+1 < len(args) && bareNumber.MatchString(args[i+1]) {
			v := args[i+1] + "ms"
			i++
			if i+1 < len(args) && bareNumber.MatchString(args[i+1]) {
				v += "," + args[i+1] + "ms"
				i++
			}
			out = append(out, a, v)
			continue
		}
		if v, ok := strings.CutPrefix(a, "--latency="); ok && bareNumber.MatchString(v) {
			a = "--latency=" + v + "ms"
		}
		out = append(out, a)
	}
	return out
}
