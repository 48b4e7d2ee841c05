package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/swarm"
)

// The environment variables that batch engines set to a task's index.
const (
	slurmIndexVar = "SLURM_ARRAY_TASK_ID"
	k8sIndexVar   = "JOB_COMPLETION_INDEX"
)

// getenvIndex returns the shard index the batch engine gave this process, the variable it
// came from, and whether there is one.
func getenvIndex() (string, string, bool) {
	for _, v := range []string{slurmIndexVar, k8sIndexVar} {
		if s, ok := os.LookupEnv(v); ok {
			return s, v, true
		}
	}
	return "", "", false
}

// shardIndex returns the index of the shard to run: --index, or the batch engine's.
func (s *swarmSpec) shardIndex(env func() (string, string, bool)) (int, error) {
	i, from := s.sf.index, "--index"
	if i < 0 {
		val, name, ok := env()
		if !ok {
			return 0, usagef("%s: no shard index: give --index I, or run it as a task of a Slurm job array ($%s) or a Kubernetes Indexed Job ($%s)", s.cmd, slurmIndexVar, k8sIndexVar)
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return 0, usagef("%s: $%s=%q is not a shard index", s.cmd, name, val)
		}
		i, from = n, "$"+name
	}
	if i < 0 || i >= s.plan.Shards {
		return 0, usagef("%s: %s %d: the swarm has %d shards, 0 to %d", s.cmd, from, i, s.plan.Shards, s.plan.Shards-1)
	}
	return i, nil
}

// runShard runs one shard and writes its result. It exits 0 once the result is written
// (whatever the search found: the merge judges), 3 if interrupted (no result is written).
func (s *swarmSpec) runShard(stdout, stderr io.Writer, env func() (string, string, bool)) (int, error) {
	i, err := s.shardIndex(env)
	if err != nil {
		return 0, err
	}
	dir := s.sf.dir
	if err := swarm.SavePlan(dir, s.plan); err != nil {
		return 0, usagef("%s: --dir: %s", s.cmd, swarmMsg(err))
	}
	name := fmt.Sprintf("shard %d of %d", i, s.plan.Shards)
	if swarm.Done(dir, i) {
		fmt.Fprintf(stdout, "%s: done already (%s); nothing to do\n", name, swarm.ResultPath(dir, i))
		return exitOK, nil
	}
	if err := checkWritable("--dir", filepath.Join(dir, "traces"), true); err != nil {
		return 0, usagef("%s: %v", s.cmd, err)
	}
	r, opts, err := s.shardSearch(i)
	if err != nil {
		return 0, err
	}
	states := swarm.NewSketch()
	opts.Visited = states.Add
	if !s.sf.quiet {
		opts.Progress = progressPrinter(stderr)
		opts.ProgressEvery = 10 * time.Second
	}
	ctx, stop := interruptible()
	defer stop()
	rep, err := r.Explore(ctx, opts)
	if err != nil {
		return 0, usagef("%s: %v", s.cmd, err)
	}
	if rep.Stopped == explore.StopCanceled {
		fmt.Fprintf(stdout, "%s: interrupted after %s walks: no result written; run index %d again to complete the swarm\n", name, testrun.Thousands(rep.Walks), i)
		return exitInconclusive, nil
	}
	res := swarm.Result{Index: i, Strategy: rep.Strategy.String(), Seed: rep.Options.Seed, Walks: rep.Walks,
		Stopped: string(rep.Stopped), States: states, Seconds: rep.Elapsed.Seconds()}
	for _, f := range rep.Findings {
		if f.Inconclusive {
			res.Unreached = append(res.Unreached, f.Property)
			continue
		}
		found := swarm.Finding{Property: f.Property, Fingerprint: "never-held:" + f.Property, Strategy: res.Strategy, Seed: res.Seed, Steps: f.Steps}
		if f.Trace != nil {
			path, err := counterexamples.Save(filepath.Join(dir, "traces"), f.Trace)
			if err != nil {
				return 0, usagef("%s: %v", s.cmd, err)
			}
			found.Walk, found.Trace = f.Trace.Walk, filepath.Join("traces", filepath.Base(path))
			if found.Fingerprint, err = traceFingerprint(f.Trace); err != nil {
				return 0, usagef("%s: %v", s.cmd, err)
			}
		}
		res.Findings = append(res.Findings, found)
	}
	if err := swarm.Write(dir, res); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(stdout, "%s: another run of this shard wrote its result first (%s); this run's is the same search and is dropped\n", name, swarm.ResultPath(dir, i))
			return exitOK, nil
		}
		return 0, usagef("%s: %v", s.cmd, err)
	}
	verdict := "no property violated"
	if n := len(res.Findings); n > 0 {
		verdict = fmt.Sprintf("%d violated", n)
	}
	fmt.Fprintf(stdout, "%s (%s, seed %d): %s walks, %s distinct states, %s, %.1fs → %s\n", name, res.Strategy, res.Seed,
		testrun.Thousands(res.Walks), testrun.Thousands(rep.Distinct), verdict, res.Seconds, swarm.ResultPath(dir, i))
	return exitOK, nil
}

// traceFingerprint identifies a counterexample by what happens in it, not by how it was found:
// the hash of its trace without strategy, seed, walk and reason.
func traceFingerprint(t *counterexamples.Trace) (string, error) {
	c := *t
	c.Strategy, c.Seed, c.Walk, c.Reason = "", 0, 0, ""
	name, err := c.FileName()
	return strings.TrimSuffix(name, ".json"), err
}

// runLocal runs every shard not done yet as a process of this machine, --local at a time,
// then merges.
func (s *swarmSpec) runLocal(stdout, stderr io.Writer) (int, error) {
	dir := s.sf.dir
	if err := swarm.SavePlan(dir, s.plan); err != nil {
		return 0, usagef("%s: --dir: %s", s.cmd, swarmMsg(err))
	}
	logs := filepath.Join(dir, "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return 0, usagef("%s: --dir: %s", s.cmd, swarmMsg(err))
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, usagef("%s: cannot find this program to start the shards: %v", s.cmd, err)
	}
	ctx, stop := interruptible()
	defer stop()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		slots = make(chan struct{}, s.localProcs())
	)
	started := time.Now()
	for i := range s.plan.Shards {
		if swarm.Done(dir, i) {
			continue
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			line := s.startShard(ctx, exe, i, logs)
			if !s.sf.quiet {
				mu.Lock()
				fmt.Fprintf(stderr, "%6.1fs  %s\n", time.Since(started).Seconds(), line)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return mergeReport(dir, stdout, s.sf.json)
}

// startShard runs shard i as a child process, its output appended to a log in logs, and
// returns a line saying how it ended. An interrupt reaches the child as SIGTERM.
func (s *swarmSpec) startShard(ctx context.Context, exe string, i int, logs string) string {
	logPath := filepath.Join(logs, fmt.Sprintf("shard-%05d.log", i))
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Sprintf("shard %d: not started: %v", i, err)
	}
	defer log.Close()
	var out bytes.Buffer
	cmd := exec.Command(exe, append(s.shardArgs(s.sf.dir, i), "--quiet")...)
	cmd.Stdout = io.MultiWriter(log, &out)
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		return fmt.Sprintf("shard %d: not started: %v", i, err)
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			cmd.Process.Signal(syscall.SIGTERM)
		case <-done:
		}
	}()
	err = cmd.Wait()
	close(done)
	line := strings.TrimSpace(out.String())
	if err != nil {
		if line == "" {
			line = fmt.Sprintf("shard %d: failed", i)
		}
		return fmt.Sprintf("%s (%v; log: %s)", line, err, logPath)
	}
	return line
}
