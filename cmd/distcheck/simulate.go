package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/explore/sim/simplot"
	"github.com/distcheck/distcheck/explore/sim/simviz"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/protocols"
	"github.com/distcheck/distcheck/protocols/clocksync"
)

const simulateUsage = `Usage: distcheck simulate <protocol> [flags]

Runs a timed, seeded simulation of a protocol: a peer-to-peer one, reported by how items
spread (delays, coverage, overhead, traffic), or consensus (raft), whose own servers — the
code the model checker explores — serve clients' commands under the network's latencies, loss,
failures and partitions, with its safety properties judged after every step; or a blockchain
(nakamoto) or routing (dv, linkstate). The same seed gives the same results, byte for byte.

Protocols: see distcheck list (those whose commands include simulate). --algorithm NAME names
the protocol too; with flags but no protocol, raft runs.

Consensus (raft):
  --nodes N              servers (default 5); --clients N clients (default 1) each sending
                         --rate commands per second (default 10)
  --fail NODE@T          a server crashes at T: it loses all but its durable state (repeatable;
                         NODE is n3, node3 or 3)
  --recover NODE@T       it restarts at T, from its durable state (repeatable)
  --partition G|G@S-E    split the servers into groups from S to E, e.g. n0,n1|n2,n3,n4@15s-25s
                         (repeatable; peers in no group, such as clients, reach everyone)
  --bug NAME             run a named buggy variant (distcheck list names them)
  --malicious N          pbft: the first N replicas (n0 first, where the clients send) are
                         malicious, with the model checker's Byzantine behaviours, --attack
                         (a comma-separated list; default equivocate): equivocate (each message
                         sent goes as it is or as one of pbft's mutations, the other request
                         re-signed, at random per recipient), forge (up to 2 messages per slot
                         from pbft's forger: any message it can sign), replay (up to 2 messages
                         per slot that it got, sent again); safety is judged on the correct
                         replicas. raft, paxos and multipaxos tolerate crashes only: they
                         refuse it
  --election-timeout D   least election timeout, each drawn from [D, 2D) (default 150ms, or ten
                         times the mean latency if more); --heartbeat D (default a third of it)
  --check-every D        judge the safety properties every D of virtual time (default 0: after
                         every step); a violation stops the run, exit status 1
  --save DIR             where a violation's trace goes (default traces): every step of the
                         peers from the start — deliveries, timers, crashes, recoveries, lost
                         messages — with the flags the peers depend on and the seed, as a trace
                         of the model checker's format, named by its content (never over another
                         file); distcheck replay FILE re-executes it on the actor layer

Clocks (cristian, berkeley, ntp):
  --nodes N              nodes (default 5), n0 the time server (cristian, ntp) or the master
                         (berkeley); each syncs every --period (default 1s)
  --drift PPM            each clock's drift drawn from [-PPM, PPM] parts per million (default 100;
                         the time server keeps true time)
  --skew D               each clock's initial error drawn from [-D, D] (default 100ms)
  --malicious N          berkeley: the last N clocks are faulty (50 × --skew ahead, cannot be set)
  --bug NAME             ignore-rtt (cristian), no-outliers (berkeley), sign-error (ntp)
  --check-bound          a sync outside the algorithm's bound (below) is a safety violation,
                         WithinBound: it stops the run, exit status 1, with the seed and the
                         last steps (no trace file: the clocks read the virtual time, which a
                         replay on the actor layer does not have)
  Metrics: every sync's error against the algorithm's bound (Cristian ±RTT/2, NTP ±delay/2,
  Berkeley the agreed time within the good clocks' range), bound_broken counts those outside;
  --plots draws clock-offsets: each clock's offset from true time, with the bounds; --csv adds
  offsets.csv (the offsets every --period/10) and syncs.csv (each sync's error and bound).
Blockchain (nakamoto):
  --nodes N              miners, sharing the hash power equally (a --selfish one included)
  --block-interval D     mean time between blocks of the whole network (default 10s); a
                         miner with share p finds one after an exponential time of mean D/p
  --selfish ALPHA        one selfish miner (Eyal–Sirer) with share ALPHA of the hash power
  --confirmations K      depth for the time-to-confirmation metric (default 6)
  --random-ties          honest miners pick at random between blocks of equal height
  --size BYTES           block size, sent over --bandwidth (default 1000)

Routing (dv, linkstate):
  --nodes N, --topology T  routers and their links, e.g. --topology edges:0-1,1-2
  --fail-link A-B@T      the link A-B fails at T for good, or from T to T2 with A-B@T-T2
                         (repeatable); routers notice after 3 --period without a message
  --period D             time between a router's periodic vectors or hellos (default 1s)
  --bug NAME             dv: no-split-horizon, no-poisoned-reverse; linkstate: ignore-seq
  Safety (SimpleRoutes: no route longer than n-1 hops, i.e. no counting to infinity;
  NewestLSA) is judged after every step, as for consensus (--check-every); the tables are
  judged at the end (routes_correct) and convergence_s is the time from the last link event
  to the last table change.

Sweeps:
  --sweep FLAG=V1,V2,... run once per value of FLAG, the other flags as given (at most two
                         --sweep: every combination); prints a table of the protocol's
                         metrics, --output writes them as JSON, --csv as sweep.csv, --plots
                         draws the main metrics against the first FLAG, a line per value of
                         the second (--sweep bug=none,... compares a protocol with its bugs)

Peers and network:
  --nodes N              overlay peers: relays, DHT storage nodes (default 50)
  --clients N            clients, each attached to --attach peers; they produce the items
                         (default 0: the peers produce; dht 10, loadbalance 8)
  --attach K             peers each client hands its items to (default 3)
  --topology T           full-mesh, ring, random-regular:D, erdos-renyi:P, small-world:K,P,
                         scale-free:M, edges:A-B,C-D,... or file:PATH (edge list "a b" a
                         line) (default random-regular:4)
  --latency DIST         latency of a message: 50ms (constant), 10ms,200ms (uniform),
                         uniform:MIN,MAX, normal:MEAN,SD, exp:MEAN, lognormal:MEDIAN,SHAPE;
                         bare numbers are milliseconds: --latency 50 200 (default 10ms,100ms)
  --locations A,B,...    locations; peers take them in turn
  --link A-B=DIST        latency between two locations (repeatable; others use --latency)
  --bandwidth RATE       upload bandwidth of every peer: 1MB/s, 10Mbps, 125000 (bytes/s);
                         default unlimited
  --packet-loss P        probability a message is lost (default 0)

Disruptions (repeatable; malicious peers are never disrupted):
  --downtime SPEC        peers go offline: mtbf=D,availability=A (exponential up and down
                         times) or start=P,length=P,interval=P, where P is a distribution,
                         per-peer:DIST (sampled once per peer) or a constant; also peers=F
                         (fraction of peers), stop=D (no downtime after), or at=PEER@S-E;...;
                         crash=true: peers lose all but their durable state (consensus)
  --slowdown SPEC        bandwidth divided: factor=F plus the same keys as --downtime

Workload:
  --duration D           virtual time simulated; a bare number is seconds (default 60s)
  --settle D             last part of the run without new items, left out of delivery metrics
                         (default a tenth of --duration)
  --rate R               items (dht: operations; loadbalance: requests) per second per producer
                         (default 1; loadbalance 50)
  --size BYTES           item payload size (default 1000)
  --fanout F, --ttl T    push gossip (default 3 and 6)
  --period D             pull gossip: time between pulls; routing: between updates (default 1s)
  --replicas R, --vnodes V, --keys K, --op-timeout D
                         dht (default 3, 16, 10 keys per client, 300ms)
  --policy P             loadbalance: round-robin, least-connections, weighted-round-robin,
                         consistent-hashing (default round-robin)
  --speeds S1,S2,...     loadbalance: the servers' speeds (default 1,1,2,4)
  --work W               loadbalance: work per request, ms on a speed-1 server (default 10)

Malicious peers (gossip protocols):
  --malicious N          relays that misbehave (they never go down)
  --attack B             hide (forward nothing), bogus (change and forge data), equivocate
                         (different signed items to each half), sybil (equivocate and vouch
                         from many identities) (default hide)
  --sybils N             Sybil identities of each malicious peer (attack sybil; default 10)
  --defend               turn on the defence against --attack: hide: clients use more relays
                         than there are malicious ones; bogus: check signatures; equivocate:
                         a quorum of distinct peers must vouch (flooding); sybil: only members'
                         vouches count (flooding)

Output:
  --seed N               random seed (default 1)
  --output FILE          write the results as JSON
  --csv DIR              write the results as CSV tables
  --plots DIR            write plots: delays, overhead, bandwidth, messages, convergence,
                         topology at --plot-at times
  --visualize            write the plots into FILE-plots/ beside --output FILE (or plots/, or
                         --plots DIR), with the cluster drawn at --visualize-at times
                         (cluster-T.svg: each node's status, leader, candidate, follower, down,
                         partition side) and timeline.html, the run animated in one page
  --visualize-at T1,...  times to draw the cluster at (default each scheduled fault and the end)
  --plot-format F        png or svg (default png)
  --plot-at T1,T2,...    times to draw the topology at, offline peers marked (default mid-run)
  --quiet                no progress bar on stderr (it shows only for runs over a second)

Exit status: 0 when the simulation ran, 1 when a safety property failed, 2 on bad input or an
output that cannot be written (checked before the run), 3 when Ctrl-C or SIGTERM stopped it:
the metrics of the virtual time simulated so far are printed (and written), marked partial.
`

// simFlags are the flags of distcheck simulate.
type simFlags struct {
	nodes, clients, attach int
	topology, latency      string
	locations              string
	links                  []string
	bandwidth              string
	packetLoss             float64
	downtime, slowdown     []string
	duration, settle       time.Duration
	rate                   float64
	size, fanout, ttl      int
	period                 time.Duration
	replicas, vnodes, keys int
	opTimeout              time.Duration
	policy, speeds         string
	work                   int
	malicious, sybils      int
	attack                 string
	defend                 bool
	seed                   uint64
	output, csv, plots     string
	save                   string
	plotFormat, plotAt     string
	visualizeAt            string
	quiet                  bool
	algorithm, bug         string
	fail, recover          []string
	partition              []string
	checkEvery             time.Duration
	checkBound             bool
	election, heartbeat    time.Duration
	driftPPM               float64
	skew                   time.Duration
	visualize              bool
	timed                  timedFlags
	given                  map[string]bool
	values                 map[string]flag.Value // the given flags' values, for params
}

// simConfig returns what the protocol's simulation needs of the flags.
func (f *simFlags) simConfig() protocols.SimConfig {
	return protocols.SimConfig{
		Nodes: f.nodes, Clients: f.clients, Attach: f.attach, AttachGiven: f.given["attach"],
		Rate: f.rate, Size: f.size, Duration: f.duration, Settle: f.settle,
		Fanout: f.fanout, TTL: f.ttl, Period: f.period,
		Replicas: f.replicas, VNodes: f.vnodes, Keys: f.keys, OpTimeout: f.opTimeout,
		Policy: f.policy, Speeds: f.speeds, Work: f.work,
		Malicious: f.malicious, Sybils: f.sybils, Attack: f.attack, AttackGiven: f.given["attack"], Defend: f.defend,
		NodesGiven: f.given["nodes"], Bug: f.bug, ElectionTimeout: f.election, Heartbeat: f.heartbeat,
		DriftPPM: f.driftPPM, Skew: f.skew, CheckBound: f.checkBound,
		Timed: f.timed.config(),
	}
}

func runSimulate(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		return 0, usagef("simulate: name a protocol: distcheck simulate <protocol> [flags] (protocols: %s)", strings.Join(protocols.NamesFor(protocols.CmdSimulate), ", "))
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, simulateUsage)
		return 0, errHelp
	}
	// The protocol is the first argument, or --algorithm's value, or raft.
	protoName, rest := "", args
	if !strings.HasPrefix(args[0], "-") {
		protoName, rest = args[0], args[1:]
	}
	name := "simulate"
	if protoName != "" {
		if _, err := protocols.LookupFor(protocols.CmdSimulate, protoName); err != nil {
			return 0, usagef("simulate: %v", err)
		}
		name += " " + protoName
	}
	f, err := parseSimFlags(name, joinLatency(rest), stdout)
	if err != nil {
		return 0, err
	}
	switch {
	case f.algorithm != "" && protoName != "" && f.algorithm != protoName:
		return 0, usagef("%s: --algorithm %s names another protocol than %s", name, f.algorithm, protoName)
	case f.algorithm != "":
		protoName = f.algorithm
	case protoName == "":
		protoName = "raft"
	}
	name = "simulate " + protoName
	proto, err := protocols.LookupFor(protocols.CmdSimulate, protoName)
	if err != nil {
		return 0, usagef("simulate: --algorithm: %v", err)
	}
	if f.bug != "" && !slices.Contains(proto.BugNames(), f.bug) {
		if len(proto.BugNames()) == 0 {
			return 0, usagef("%s: --bug %s: %s has no named bugs", name, f.bug, protoName)
		}
		return 0, usagef("%s: --bug: unknown bug %q of %s (bugs: %s)", name, f.bug, protoName, strings.Join(proto.BugNames(), ", "))
	}
	if f.checkBound && !slices.Contains(clocksync.Algorithms, protoName) {
		return 0, usagef("%s: --check-bound applies to the clock synchronisations (%s)", name, strings.Join(clocksync.Algorithms, ", "))
	}
	if len(f.timed.sweep) > 0 {
		return runSweep(name, proto, rest, f, stdout, stderr)
	}
	cfg, built, err := f.build(name, proto)
	if err != nil {
		return 0, err
	}
	for _, o := range []struct {
		flag, path string
		dir        bool
	}{{"--output", f.output, false}, {"--csv", f.csv, true}, {"--plots", f.plots, true}} {
		if o.path == "" {
			continue
		}
		if err := checkWritable(o.flag, o.path, o.dir); err != nil {
			return 0, usagef("%s: %v", name, err)
		}
	}
	if f.visualize {
		cfg.RecordFlights = maxFlights // for the timeline page's messages in flight
	}
	if cfg.Trace = built.Replayable && len(cfg.Props) > 0; cfg.Trace {
		if err := checkWritable("--save", f.save, true); err != nil {
			return 0, usagef("%s: %v", name, err)
		}
	}
	bar := &progressBar{w: stderr, start: time.Now(), quiet: f.quiet}
	cfg.Progress = bar.update
	ctx, stop := interruptible()
	defer stop()
	started := time.Now()
	res, err := sim.Simulate(ctx, cfg)
	bar.done()
	if err != nil && (res == nil || ctx.Err() == nil) {
		return 0, usagef("%s: %v", name, simFlagNames(err.Error()))
	}
	elapsed := time.Since(started)
	rep := res.Report(100)
	rep.Protocol = protoName
	rep.Params = f.params()
	if built.Metrics != nil {
		rep.Metrics = built.Metrics(res)
	}
	if res.Partial {
		fmt.Fprintf(stdout, "interrupted at %v of %v virtual: the metrics below are partial\n", res.Duration, cfg.Duration)
	}
	writeSimSummary(stdout, protoName, f, cfg, rep, elapsed)
	writeConsensusSummary(stdout, name, f, rep)
	if res.Violation != nil && !cfg.Trace {
		fmt.Fprintf(stdout, "no trace saved: the %s nodes read the virtual time or the overlay, which a replay on the actor layer lacks\n", protoName)
	}
	if res.Violation != nil && cfg.Trace {
		sc := f.simConfig()
		sc.Latency = cfg.Latency.Mean()
		progress := stderr
		if f.quiet {
			progress = io.Discard
		}
		if err := saveSimTrace(ctx, stdout, progress, proto, sc, res.Violation, f.save); err != nil {
			return 0, usagef("%s: --save: %v (the summary above is complete)", name, err)
		}
	}
	wrote, werr := writeSimOutputs(res, rep, f, built)
	if len(wrote) > 0 {
		fmt.Fprintf(stdout, "wrote %s\n", strings.Join(wrote, ", "))
	}
	switch {
	case werr != nil:
		return 0, usagef("%s: %v (the summary above is complete)", name, werr)
	case res.Violation != nil:
		return exitViolation, nil
	case res.Partial:
		return exitInconclusive, nil
	}
	return exitOK, nil
}

// maxFlights is how many messages --visualize records for its timeline page: at about 40
// bytes each in the page, a few megabytes at most.
const maxFlights = 50_000

// build builds the simulation the flags ask for of proto.
func (f *simFlags) build(name string, proto protocols.Protocol) (sim.Config, protocols.SimSetup, error) {
	cfg, err := f.config(name)
	if err != nil {
		return cfg, protocols.SimSetup{}, err
	}
	sc := f.simConfig()
	sc.Latency = cfg.Latency.Mean()
	built, err := proto.Simulation(sc)
	if err != nil {
		return cfg, built, usagef("%s: %v", name, err)
	}
	cfg.Types, cfg.LinkFailures = built.Types, f.timed.failLinks
	if err := f.consensus(name, &cfg, built); err != nil {
		return cfg, built, err
	}
	if err := cfg.Validate(); err != nil {
		if !f.given["topology"] && strings.Contains(err.Error(), "topology") {
			return cfg, built, usagef("%s: --nodes %d is too few for the default --topology %s: give more --nodes or another --topology, e.g. full-mesh", name, f.nodes, f.topology)
		}
		return cfg, built, usagef("%s: %v", name, simFlagNames(err.Error()))
	}
	return cfg, built, nil
}

// writeSimOutputs writes the files asked for by --output, --csv and --plots (with the
// protocol's own tables and plots, if it has any), and returns
// their paths; it stops at the first that fails.
func writeSimOutputs(res *sim.Result, rep *sim.Report, f *simFlags, built protocols.SimSetup) ([]string, error) {
	var wrote []string
	if f.output != "" {
		if err := writeFile(f.output, rep.WriteJSON); err != nil {
			return wrote, fmt.Errorf("--output: %w", err)
		}
		wrote = append(wrote, f.output)
	}
	if f.csv != "" {
		paths, err := res.WriteCSV(f.csv, rep)
		if err == nil && built.CSV != nil {
			var more []string
			more, err = built.CSV(f.csv, res)
			paths = append(paths, more...)
		}
		wrote = append(wrote, paths...)
		if err != nil {
			return wrote, fmt.Errorf("--csv: %w", err)
		}
	}
	if f.plots != "" {
		at, _ := parseDurations(f.plotAt)
		files, err := simplot.Write(f.plots, res, simplot.Options{Format: f.plotFormat, TopologyAt: at, NoItems: len(res.Items) == 0 && built.Plots != nil})
		if err != nil {
			return wrote, fmt.Errorf("--plots: %w", err)
		}
		for _, file := range files {
			wrote = append(wrote, file.Path)
		}
		if built.Plots != nil {
			paths, err := built.Plots(f.plots, f.plotFormat, res)
			wrote = append(wrote, paths...)
			if err != nil {
				return wrote, fmt.Errorf("--plots: %w", err)
			}
		}
	}
	if f.visualize {
		at, _ := parseDurations(f.visualizeAt)
		paths, err := simviz.Write(f.plots, res, rep.Protocol, at)
		wrote = append(wrote, paths...)
		if err != nil {
			return wrote, fmt.Errorf("--visualize: %w", err)
		}
	}
	return wrote, nil
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, " ") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func parseSimFlags(name string, args []string, stdout io.Writer) (*simFlags, error) {
	f := &simFlags{given: map[string]bool{}}
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&f.nodes, "nodes", 50, "")
	fs.IntVar(&f.clients, "clients", 0, "")
	fs.IntVar(&f.attach, "attach", 3, "")
	fs.StringVar(&f.topology, "topology", "random-regular:4", "")
	fs.StringVar(&f.latency, "latency", "10ms,100ms", "")
	fs.StringVar(&f.locations, "locations", "", "")
	fs.Var((*multi)(&f.links), "link", "")
	fs.StringVar(&f.bandwidth, "bandwidth", "", "")
	fs.Float64Var(&f.packetLoss, "packet-loss", 0, "")
	fs.Var((*multi)(&f.downtime), "downtime", "")
	fs.Var((*multi)(&f.slowdown), "slowdown", "")
	f.duration = 60 * time.Second
	fs.Var((*seconds)(&f.duration), "duration", "")
	fs.DurationVar(&f.settle, "settle", -1, "")
	fs.Float64Var(&f.rate, "rate", 0, "")
	fs.IntVar(&f.size, "size", 1000, "")
	fs.IntVar(&f.fanout, "fanout", 3, "")
	fs.IntVar(&f.ttl, "ttl", 6, "")
	fs.DurationVar(&f.period, "period", time.Second, "")
	fs.IntVar(&f.replicas, "replicas", 3, "")
	fs.IntVar(&f.vnodes, "vnodes", 16, "")
	fs.IntVar(&f.keys, "keys", 10, "")
	fs.DurationVar(&f.opTimeout, "op-timeout", 300*time.Millisecond, "")
	fs.StringVar(&f.policy, "policy", "round-robin", "")
	fs.StringVar(&f.speeds, "speeds", "1,1,2,4", "")
	fs.IntVar(&f.work, "work", 10, "")
	fs.IntVar(&f.malicious, "malicious", 0, "")
	fs.StringVar(&f.attack, "attack", "hide", "")
	fs.IntVar(&f.sybils, "sybils", 10, "")
	fs.BoolVar(&f.defend, "defend", false, "")
	fs.Uint64Var(&f.seed, "seed", 1, "")
	fs.StringVar(&f.output, "output", "", "")
	fs.StringVar(&f.save, "save", "traces", "")
	fs.StringVar(&f.csv, "csv", "", "")
	fs.StringVar(&f.plots, "plots", "", "")
	fs.BoolVar(&f.visualize, "visualize", false, "")
	fs.StringVar(&f.plotFormat, "plot-format", "png", "")
	fs.StringVar(&f.plotAt, "plot-at", "", "")
	fs.StringVar(&f.visualizeAt, "visualize-at", "", "")
	fs.BoolVar(&f.quiet, "quiet", false, "")
	fs.StringVar(&f.algorithm, "algorithm", "", "")
	fs.StringVar(&f.bug, "bug", "", "")
	fs.Var((*multi)(&f.fail), "fail", "")
	fs.Var((*multi)(&f.recover), "recover", "")
	fs.Var((*multi)(&f.partition), "partition", "")
	fs.DurationVar(&f.checkEvery, "check-every", 0, "")
	fs.BoolVar(&f.checkBound, "check-bound", false, "")
	fs.DurationVar(&f.election, "election-timeout", 0, "")
	fs.DurationVar(&f.heartbeat, "heartbeat", 0, "")
	fs.Float64Var(&f.driftPPM, "drift", 100, "")
	fs.DurationVar(&f.skew, "skew", 100*time.Millisecond, "")
	f.timed.register(fs)
	if err := parseFlags(fs, name, args, simulateUsage, stdout); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("%s: unexpected argument %q (flags come after the protocol name)", name, fs.Arg(0))
	}
	if err := f.timed.parse(name); err != nil {
		return nil, err
	}
	f.values = map[string]flag.Value{}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name], f.values[fl.Name] = true, fl.Value })
	switch {
	case f.nodes < 2:
		return nil, usagef("%s: --nodes %d: a peer-to-peer simulation needs at least 2 peers", name, f.nodes)
	case f.clients < 0:
		return nil, usagef("%s: --clients %d: want 0 or more", name, f.clients)
	case f.duration <= 0:
		return nil, usagef("%s: --duration %v: want a positive duration", name, f.duration)
	case f.given["settle"] && (f.settle < 0 || f.settle >= f.duration):
		return nil, usagef("%s: --settle %v: want a duration from 0 to less than --duration %v", name, f.settle, f.duration)
	case f.given["rate"] && !(f.rate > 0):
		return nil, usagef("%s: --rate %g: want a positive number per second", name, f.rate)
	case f.size < 0:
		return nil, usagef("%s: --size %d: want 0 or more bytes", name, f.size)
	case f.fanout < 1:
		return nil, usagef("%s: --fanout %d: want at least 1", name, f.fanout)
	case f.ttl < 0:
		return nil, usagef("%s: --ttl %d: want 0 or more hops", name, f.ttl)
	case f.period <= 0:
		return nil, usagef("%s: --period %v: want a positive duration", name, f.period)
	case f.malicious < 0:
		return nil, usagef("%s: --malicious %d: want 0 or more", name, f.malicious)
	case f.sybils < 0:
		return nil, usagef("%s: --sybils %d: want 0 or more", name, f.sybils)
	case f.plotFormat != "png" && f.plotFormat != "svg":
		return nil, usagef("%s: --plot-format %q: want png or svg", name, f.plotFormat)
	}
	if !f.given["settle"] {
		f.settle = f.duration / 10
	}
	if f.given["visualize-at"] {
		f.visualize = true
	}
	if f.visualize && f.plots == "" {
		// As the simulator this command grew from: the drawings beside the results.
		f.plots = "plots"
		if f.output != "" {
			f.plots = strings.TrimSuffix(f.output, filepath.Ext(f.output)) + "-plots"
		}
	}
	for _, o := range []struct{ flag, value string }{{"--plot-at", f.plotAt}, {"--visualize-at", f.visualizeAt}} {
		ts, err := parseDurations(o.value)
		if err != nil {
			return nil, usagef("%s: %s: %v", name, o.flag, err)
		}
		for _, t := range ts {
			if t > f.duration {
				return nil, usagef("%s: %s: %v is after the end of the run (--duration %v)", name, o.flag, t, f.duration)
			}
		}
	}
	return f, nil
}

// config builds the network part of the simulation from the flags.
func (f *simFlags) config(name string) (sim.Config, error) {
	cfg := sim.Config{Seed: f.seed, Duration: f.duration, Settle: f.settle, PacketLoss: f.packetLoss}
	var err error
	if cfg.Topology, err = sim.ParseTopology(f.topology); err != nil {
		return cfg, usagef("%s: --topology: %v", name, err)
	}
	if cfg.Latency, err = sim.ParseDist(f.latency); err != nil {
		return cfg, usagef("%s: --latency: %v", name, err)
	}
	if f.locations != "" {
		cfg.Locations = strings.Split(f.locations, ",")
	}
	for _, l := range f.links {
		pair, dist, ok := strings.Cut(l, "=")
		a, b, ok2 := strings.Cut(pair, "-")
		if !ok || !ok2 {
			return cfg, usagef("%s: --link %q: want A-B=DIST, e.g. eu-us=80ms,120ms", name, l)
		}
		d, err := sim.ParseDist(dist)
		if err != nil {
			return cfg, usagef("%s: --link %s: %v", name, pair, err)
		}
		cfg.Links = append(cfg.Links, sim.Link{A: a, B: b, Latency: d})
	}
	if f.bandwidth != "" {
		if cfg.Bandwidth, err = parseRate(f.bandwidth); err != nil {
			return cfg, usagef("%s: --bandwidth: %v", name, err)
		}
	}
	if !(f.packetLoss >= 0 && f.packetLoss < 1) {
		return cfg, usagef("%s: --packet-loss %g: want a probability in [0, 1)", name, f.packetLoss)
	}
	for _, spec := range f.downtime {
		d, err := sim.ParseDisruption(sim.Downtime, spec)
		if err != nil {
			return cfg, usagef("%s: --downtime: %v", name, err)
		}
		cfg.Disruptions = append(cfg.Disruptions, d)
	}
	for _, spec := range f.slowdown {
		d, err := sim.ParseDisruption(sim.Slowdown, spec)
		if err != nil {
			return cfg, usagef("%s: --slowdown: %v", name, err)
		}
		cfg.Disruptions = append(cfg.Disruptions, d)
	}
	return cfg, nil
}

// params are the flags given, for the JSON output.
func (f *simFlags) params() map[string]string {
	out := map[string]string{}
	for name := range f.given {
		switch name {
		case "output", "csv", "plots", "plot-format", "plot-at", "quiet", "visualize", "visualize-at":
			continue
		}
		out[name] = f.values[name].String() // as the flag package prints it, after any normalizing
	}
	return out
}

// simFlagNames rewrites the configuration's wording as the flags that set it.
func simFlagNames(msg string) string {
	for _, r := range [][2]string{
		{"packet loss ", "--packet-loss "}, {"latency: ", "--latency: "}, {"topology ", "--topology "},
		{"settle ", "--settle "}, {"bandwidth ", "--bandwidth "}, {"partition ", "--partition "},
		{"link failure ", "--fail-link "},
	} {
		if strings.HasPrefix(msg, r[0]) {
			return r[1] + msg[len(r[0]):]
		}
	}
	if strings.HasPrefix(msg, "downtime") || strings.HasPrefix(msg, "slowdown") {
		return "--" + msg
	}
	return msg
}

// parseRate reads a bandwidth: bytes per second (1MB/s, 64KiB/s, 125000) or bits per second
// (10Mbps, 1Gbit/s).
func parseRate(s string) (float64, error) {
	t := strings.TrimSuffix(strings.TrimSpace(s), "/s")
	bits := 1.0
	for _, suffix := range []string{"bps", "bit"} {
		if strings.HasSuffix(strings.ToLower(t), suffix) {
			t, bits = t[:len(t)-len(suffix)], 8
			break
		}
	}
	if bits == 8 {
		mult := 1.0
		for _, u := range []struct {
			p string
			m float64
		}{{"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"k", 1e3}} {
			if strings.HasSuffix(t, u.p) {
				t, mult = t[:len(t)-1], u.m
				break
			}
		}
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || !(v > 0) {
			return 0, fmt.Errorf("%q is not a rate (use e.g. 1MB/s, 10Mbps or bytes per second)", s)
		}
		return v * mult / bits, nil
	}
	v, err := parseSize(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a rate (use e.g. 1MB/s, 10Mbps or bytes per second)", s)
	}
	return float64(v), nil
}

// parseDurations reads a comma-separated list of durations.
func parseDurations(s string) ([]time.Duration, error) {
	if s == "" {
		return nil, nil
	}
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(p))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("%q is not a time (use e.g. 10s,30s)", p)
		}
		out = append(out, d)
	}
	return out, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// progressBar draws the run's progress on stderr, once it has taken over a second.
type progressBar struct {
	w     io.Writer
	start time.Time
	quiet bool
	shown bool
	last  time.Time
}

func (b *progressBar) update(p sim.Progress) {
	if b.quiet {
		return
	}
	now := time.Now()
	if now.Sub(b.start) < time.Second || now.Sub(b.last) < 100*time.Millisecond && p.Now < p.Duration {
		return
	}
	b.last = now
	b.shown = true
	frac := 0.0
	if p.Duration > 0 {
		frac = min(1, p.Now.Seconds()/p.Duration.Seconds())
	}
	const width = 30
	done := int(frac * width)
	rate := float64(p.Events) / now.Sub(b.start).Seconds()
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%%  %v of %v  %s events  %s events/s ", strings.Repeat("#", done), strings.Repeat(".", width-done),
		frac*100, p.Now.Truncate(time.Millisecond), p.Duration, testrun.Thousands(p.Events), testrun.Thousands(int64(rate)))
}

func (b *progressBar) done() {
	if b.shown {
		fmt.Fprintln(b.w)
	}
}

func writeSimSummary(w io.Writer, proto string, f *simFlags, cfg sim.Config, rep *sim.Report, elapsed time.Duration) {
	s := rep.Summary
	fmt.Fprintf(w, "simulated %s: %d peers (%s), %v virtual, seed %d: %s events in %.2fs (%s events/s)\n",
		proto, s.Peers, cfg.Topology, cfg.Duration, cfg.Seed, testrun.Thousands(s.Events), elapsed.Seconds(), testrun.Thousands(int64(float64(s.Events)/max(elapsed.Seconds(), 1e-9))))
	if s.Measured > 0 {
		fmt.Fprintf(w, "  delivery: coverage %.4f of (item, online peer) pairs, %d missing at %d of %d online peers; %.1f%% of %d items reached every online peer\n",
			s.Coverage, s.Missing, s.PeersMissing, s.OnlineAtEnd, 100*s.ItemsComplete, s.Measured)
		fmt.Fprintf(w, "  delay: mean %.3fs, median %.3fs, p90 %.3fs, max %.3fs\n", s.DelayMean, s.DelayMedian, s.DelayP90, s.DelayMax)
		fmt.Fprintf(w, "  overhead: %.2f copies per delivery, %.0f bytes sent per delivery, %.0f bytes/s per peer\n", s.TimesSeen, s.BytesPerDelivery, s.BandwidthMean)
	}
	fmt.Fprintf(w, "  messages: %s sent (%s bytes), %s lost, %s to offline peers\n", testrun.Thousands(s.MessagesSent), testrun.Thousands(s.BytesSent), testrun.Thousands(s.MessagesLost), testrun.Thousands(s.MessagesOffline))
	if f.malicious > 0 && s.Measured > 0 {
		fmt.Fprintf(w, "  malicious (%d, %s, defended %v): %d wrong deliveries, %d bogus items, %d disagreements\n", f.malicious, f.attack, f.defend, s.Wrong, s.Bogus, s.Disagreements)
	}
	if s.Ops > 0 {
		fmt.Fprintf(w, "  operations: %d, %d returned, latency mean %.3fs, p99 %.3fs\n", s.Ops, s.OpsReturned, s.OpLatencyMean, s.OpLatencyP99)
	}
	if len(rep.Metrics) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(rep.Metrics)) {
			parts = append(parts, fmt.Sprintf("%s=%s", k, strconv.FormatFloat(rep.Metrics[k], 'g', 4, 64)))
		}
		fmt.Fprintf(w, "  %s: %s\n", proto, strings.Join(parts, " "))
	}
}
