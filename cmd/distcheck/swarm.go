package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols"
	"github.com/distcheck/distcheck/swarm"
)

const swarmUsage = `Usage:
  distcheck swarm <protocol> --dir DIR [--shards N] [--local P] [flags]
  distcheck swarm shard <protocol> --dir DIR [--shards N] [--index I] [flags]
  distcheck swarm merge DIR [--json]
  distcheck swarm sbatch <protocol> --dir DIR [--shards N] [flags] > job.sh
  distcheck swarm manifest <protocol> --dir DIR --image IMAGE [--shards N] [flags] > job.yaml

Splits a sampled search (random walks) into shards, runs each shard as a task of a batch
engine — local processes, a Slurm job array, a Kubernetes Indexed Job — and merges what they
found in the shared directory DIR. Shard i runs --walks walks under strategy i mod S of the
--strategy list and seed --seed + i div S: the shards cover seed ranges × configurations and
no two run the same walks.

  distcheck swarm <protocol>  runs every shard here, --local P processes at a time (default:
                              one per CPU), then merges; shards already done are skipped
  swarm shard                 runs one shard: its index is --index, or $SLURM_ARRAY_TASK_ID
                              (Slurm job arrays), or $JOB_COMPLETION_INDEX (Kubernetes Indexed
                              Jobs); it writes DIR/shard-NNNNN.json when it completes, and
                              nothing if it is killed. A shard already done does nothing.
  swarm merge DIR             merges the results: every counterexample, deduplicated by the
                              fingerprint of its minimized trace, with the strategy, seed and
                              walk of every walk that found it; walks; distinct states (a
                              HyperLogLog sketch, ±2%); the shards missing
  swarm sbatch                prints a Slurm array script (one task per shard); it creates DIR
  swarm manifest              prints a Kubernetes Indexed Job (one completion per shard) whose
                              pods mount the PersistentVolumeClaim --claim at DIR

Swarm flags:
  --dir DIR          the shared results directory (required): plan.json, the shards' results,
                     traces/ (the counterexamples), logs/ (local runs). One swarm per directory:
                     nothing in it is overwritten
  --shards N         number of shards (default 4)
  --strategy LIST    sampled strategies the shards take in turn, comma-separated: random, pct,
                     swarm, coverage (default swarm)
  --walks N          walks per shard (default 1000); --seed N the first shard's seed (default 0)
  --local P          distcheck swarm <protocol>: shards run at once (default: one per CPU)
  --index I          swarm shard: the shard to run, 0 ≤ I < N
  --json             swarm merge and distcheck swarm <protocol>: print the merge as JSON
  --quiet            no progress lines on stderr
  --name NAME        sbatch, manifest: the job's name (default distcheck-<protocol>)
  --binary PATH      sbatch: the distcheck the tasks run (default: this one); manifest: the
                     command in the image (default distcheck)
  --image IMAGE      manifest: a container image with distcheck in it (required)
  --claim NAME       manifest: the PersistentVolumeClaim that holds DIR (default
                     distcheck-results); it must be ReadWriteMany for pods on several nodes
  --parallelism P    manifest: pods at once (default: all shards); sbatch: tasks at once
                     (default: as many as Slurm allows)

Every flag of distcheck check is accepted (the protocol's parameters, --bug, faults,
--depth, --pct-depth, --time per shard, ...), except --save (traces go to DIR/traces) and
--all (shards always report every violated property).

Examples:
  distcheck swarm raft --nodes 5 --bug fixed-quorum --dir out --shards 8 --local 4 \
      --strategy swarm,pct,coverage --walks 2000
  distcheck swarm merge out

  distcheck swarm sbatch raft --nodes 5 --dir /shared/raft5 --shards 64 --walks 100000 > job.sh
  sbatch job.sh                    # after: distcheck swarm merge /shared/raft5
  sbatch --array=7 job.sh          # reruns shard 7 alone if merge reports it missing

  distcheck swarm manifest raft --nodes 5 --dir /results --shards 64 --image registry/distcheck \
      > job.yaml && kubectl apply -f job.yaml

Exit status:
  0  every shard is done and no property is violated
  1  a property is violated (merge: by some shard, even if others are missing)
  2  bad input or usage, or a directory that cannot be written or holds another swarm
  3  inconclusive: shards are missing (rerun them), a budget (--time) cut a shard short, or
     a Sometimes property was reached by no shard; swarm shard: interrupted, no result written
`

// swarmFlags are the flags of distcheck swarm that distcheck check does not have.
type swarmFlags struct {
	dir, strategy, name, binary, image, claim string
	shards, local, index, parallelism         int
	seed                                      uint64
	walks                                     int64
	json, quiet                               bool
	// given are the names of the flags on the command line.
	given []string
}

// swarmOnly names, for the swarm flags that not every sub-command takes, the ones that do.
var swarmOnly = map[string][]string{
	"local": {"swarm"}, "json": {"swarm", "swarm merge"}, "quiet": {"swarm", "swarm shard"},
	"index": {"swarm shard"}, "name": {"swarm sbatch", "swarm manifest"}, "binary": {"swarm sbatch", "swarm manifest"},
	"parallelism": {"swarm sbatch", "swarm manifest"}, "image": {"swarm manifest"}, "claim": {"swarm manifest"},
}

// swarmValued and swarmBools are swarmFlags' names: those with a value and the booleans.
var (
	swarmValued = map[string]bool{"seed": true, "walks": true, "dir": true, "shards": true, "local": true, "index": true, "strategy": true,
		"name": true, "binary": true, "image": true, "claim": true, "parallelism": true}
	swarmBools = map[string]bool{"json": true, "quiet": true}
)

// swarmSpec is a parsed swarm command line: the protocol, the plan every shard runs, the
// check flags, and the swarm's own flags.
type swarmSpec struct {
	cmd   string
	p     protocols.Protocol
	plan  swarm.Plan
	check *checkFlags
	sf    swarmFlags
}

func runSwarm(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		return 0, usagef("swarm: name a protocol or a sub-command: distcheck swarm <protocol> --dir DIR, or swarm shard, merge, sbatch, manifest (see distcheck swarm --help)")
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, swarmUsage)
		return 0, errHelp
	}
	switch args[0] {
	case "merge":
		return runSwarmMerge(args[1:], stdout)
	case "shard":
		s, err := parseSwarm("swarm shard", args[1:], stdout)
		if err != nil {
			return 0, err
		}
		return s.runShard(stdout, stderr, getenvIndex)
	case "sbatch":
		s, err := parseSwarm("swarm sbatch", args[1:], stdout)
		if err != nil {
			return 0, err
		}
		return s.sbatch(stdout)
	case "manifest":
		s, err := parseSwarm("swarm manifest", args[1:], stdout)
		if err != nil {
			return 0, err
		}
		return s.manifest(stdout)
	}
	s, err := parseSwarm("swarm", args, stdout)
	if err != nil {
		return 0, err
	}
	return s.runLocal(stdout, stderr)
}

// parseSwarm parses <protocol> [flags] for the swarm sub-command cmd.
func parseSwarm(cmd string, args []string, stdout io.Writer) (*swarmSpec, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		for _, a := range args {
			if isHelp(strings.TrimLeft(a, "-")) || isHelp(a) {
				fmt.Fprint(stdout, swarmUsage)
				return nil, errHelp
			}
		}
		return nil, usagef("%s: name the protocol first: distcheck %s <protocol> --dir DIR [flags] (protocols: %s)", cmd, cmd, strings.Join(protocols.NamesFor(protocols.CmdCheck), ", "))
	}
	p, err := protocols.LookupFor(protocols.CmdCheck, args[0])
	if err != nil {
		return nil, usagef("%s: %v", cmd, err)
	}
	s := &swarmSpec{cmd: cmd, p: p, sf: swarmFlags{shards: 4, index: -1, strategy: "swarm", claim: "distcheck-results"}}
	rest, err := s.sf.extract(cmd, args[1:])
	if err != nil {
		return nil, err
	}
	for _, name := range s.sf.given {
		if only, ok := swarmOnly[name]; ok && !slices.Contains(only, cmd) {
			return nil, usagef("%s: --%s is a flag of %s only (see distcheck swarm --help)", cmd, name, strings.Join(only, " and "))
		}
	}
	for _, a := range rest {
		if isHelp(a) {
			fmt.Fprint(stdout, swarmUsage+protocolHelp(p))
			return nil, errHelp
		}
	}
	if s.check, err = parseCheckFlags(p, rest, stdout); err != nil {
		return nil, swarmErr(cmd, p.Name, err)
	}
	switch {
	case s.check.save != "":
		return nil, usagef("%s: --save: a swarm saves its traces in --dir DIR/traces", cmd)
	case s.check.all:
		return nil, usagef("%s: --all: shards always report every violated property; drop it", cmd)
	case s.sf.dir == "":
		return nil, usagef("%s: --dir is required: the shared directory the shards write to", cmd)
	case s.sf.shards < 1:
		return nil, usagef("%s: --shards %d: want 1 or more", cmd, s.sf.shards)
	case s.sf.local < 0:
		return nil, usagef("%s: --local %d: want 1 or more (0: one per CPU)", cmd, s.sf.local)
	case s.sf.parallelism < 0:
		return nil, usagef("%s: --parallelism %d: want 1 or more (0: every shard at once)", cmd, s.sf.parallelism)
	}
	var strategies []string
	for _, name := range strings.Split(s.sf.strategy, ",") {
		st, err := explore.ParseStrategy(strings.TrimSpace(name))
		if err != nil {
			return nil, usagef("%s: --strategy: %v", cmd, err)
		}
		if !st.Sampled() {
			return nil, usagef("%s: --strategy %s: a swarm runs sampled searches: random, pct, swarm or coverage", cmd, st)
		}
		strategies = append(strategies, st.String())
	}
	walks := s.sf.walks
	switch {
	case walks < 0:
		return nil, usagef("%s: --walks %d: want 1 or more (0: the default, %d)", cmd, walks, explore.DefaultWalks)
	case walks == 0:
		walks = explore.DefaultWalks
	}
	s.plan = swarm.Plan{Protocol: p.Name, Args: rest, Shards: s.sf.shards, Strategies: strategies, Seed: s.sf.seed, Walks: walks}
	// Every check flag is checked here, once, before any shard starts.
	if _, _, err := s.shardSearch(0); err != nil {
		return nil, err
	}
	return s, nil
}

// extract takes the swarm's own flags out of args and returns the others, for
// parseCheckFlags.
func (f *swarmFlags) extract(cmd string, args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a) // a check flag's value (or a stray argument check names)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if swarmBools[name] || swarmValued[name] {
			f.given = append(f.given, name)
		}
		switch {
		case swarmBools[name]:
			b, err := strconv.ParseBool(val)
			if !hasVal {
				b, err = true, nil
			}
			if err != nil {
				return nil, usagef("%s: --%s=%s: want true or false", cmd, name, val)
			}
			*map[string]*bool{"json": &f.json, "quiet": &f.quiet}[name] = b
			continue
		case !swarmValued[name]:
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 == len(args) {
				return nil, usagef("%s: --%s needs a value (see distcheck swarm --help)", cmd, name)
			}
			i++
			val = args[i]
		}
		if err := f.set(name, val); err != nil {
			return nil, usagef("%s: --%s %s: %v", cmd, name, val, err)
		}
	}
	return rest, nil
}

func (f *swarmFlags) set(name, val string) error {
	strs := map[string]*string{"dir": &f.dir, "strategy": &f.strategy, "name": &f.name, "binary": &f.binary, "image": &f.image, "claim": &f.claim}
	if p, ok := strs[name]; ok {
		*p = val
		return nil
	}
	switch name {
	case "seed":
		n, err := strconv.ParseUint(val, 10, 64)
		f.seed = n
		return numErr(err)
	case "walks":
		n, err := strconv.ParseInt(val, 10, 64)
		f.walks = n
		return numErr(err)
	}
	n, err := strconv.Atoi(val)
	if err != nil {
		return numErr(err)
	}
	*map[string]*int{"shards": &f.shards, "local": &f.local, "index": &f.index, "parallelism": &f.parallelism}[name] = n
	return nil
}

// swarmMsg is the message of an error of package swarm, without its package prefix.
func swarmMsg(err error) string { return strings.TrimPrefix(err.Error(), "swarm: ") }

func numErr(err error) error {
	if err != nil {
		return errors.New("not a number")
	}
	return nil
}

// swarmErr rewrites an error of check's flags about protocol proto as an error of the swarm
// command cmd.
func swarmErr(cmd, proto string, err error) error {
	ue, ok := err.(*usageError)
	if !ok {
		return err
	}
	msg := ue.msg
	for _, prefix := range []string{"check: ", "check " + proto + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	msg = strings.ReplaceAll(msg, "distcheck check "+proto+" --help", "distcheck swarm --help")
	return usagef("%s: %s", cmd, msg)
}

// shardSearch returns the model and options of shard i's search.
func (s *swarmSpec) shardSearch(i int) (distcheck.Runner, explore.Options, error) {
	f := *s.check
	f.strategy, f.seed = s.plan.Shard(i)
	f.walks = s.plan.Walks
	r, opts, err := f.setup(s.p)
	if err != nil {
		return nil, opts, swarmErr(s.cmd, s.p.Name, err)
	}
	opts.CollectAll = true
	return r, opts, nil
}

// shardArgs are the arguments of distcheck that run shard i (or, i < 0, that take the index
// from the environment).
func (s *swarmSpec) shardArgs(dir string, i int) []string { return shardArgs(s.plan, dir, i) }

// shardArgs are the arguments of distcheck that run shard i of plan, its results in dir (or,
// i < 0, that take the index from the environment).
func shardArgs(plan swarm.Plan, dir string, i int) []string {
	args := []string{"swarm", "shard", plan.Protocol, "--dir", dir, "--shards", strconv.Itoa(plan.Shards), "--strategy", strings.Join(plan.Strategies, ","),
		"--walks", strconv.FormatInt(plan.Walks, 10), "--seed", strconv.FormatUint(plan.Seed, 10)}
	if i >= 0 {
		args = append(args, "--index", strconv.Itoa(i))
	}
	return append(args, plan.Args...)
}

// local returns the number of shards to run at once here.
func (s *swarmSpec) localProcs() int {
	if s.sf.local > 0 {
		return s.sf.local
	}
	return runtime.NumCPU()
}

// absDir returns --dir as an absolute path, which the scripts of batch engines need.
func (s *swarmSpec) absDir() (string, error) {
	d, err := filepath.Abs(s.sf.dir)
	if err != nil {
		return "", usagef("%s: --dir %s: %v", s.cmd, s.sf.dir, err)
	}
	return d, nil
}
