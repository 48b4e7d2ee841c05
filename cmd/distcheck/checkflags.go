package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols"
)

// checkFlags are the flags of distcheck check (and, in part, of explore).
type checkFlags struct {
	strategy    string
	workers     int
	depth       int
	seed        uint64
	pctDepth    int
	walks       int64
	maxStates   int64
	timeout     time.Duration
	maxMemory   string
	spillDir    string
	fairness    string
	stabilize   int
	within      int
	all         bool
	symmetry    bool
	por         bool
	bug         string
	faults      actor.Faults
	keepIgnored bool
	adversary   protocols.Adversary
	behavior    string
	json        bool
	save        string
	quiet       bool
	params      map[string]*int
	// given holds the names of the flags set on the command line.
	given map[string]bool
}

// checkFlag declares one flag of distcheck check, once: its name, the argument its usage shows,
// its help text (wrapped when printed), the group it is listed under, whether explore takes it,
// and how it binds to checkFlags. The usage text, the FlagSet and explore's refusals all come
// from this table.
type checkFlag struct {
	group   string
	name    string
	arg     string
	help    string
	explore bool
	bind    func(fs *flag.FlagSet, f *checkFlags, name string)
}

// The groups of check's flags, in the order the usage lists them.
const (
	groupSearch    = "Search"
	groupLiveness  = "Liveness"
	groupProtocol  = "Protocol"
	groupFaults    = "Faults (actor-layer protocols; each a budget per path, 0 means never)"
	groupAdversary = "Adversary (protocols that model one; see distcheck list -v)"
	groupOutput    = "Output"
)

func intFlag(field func(*checkFlags) *int) func(*flag.FlagSet, *checkFlags, string) {
	return func(fs *flag.FlagSet, f *checkFlags, name string) { fs.IntVar(field(f), name, 0, "") }
}

func int64Flag(field func(*checkFlags) *int64) func(*flag.FlagSet, *checkFlags, string) {
	return func(fs *flag.FlagSet, f *checkFlags, name string) { fs.Int64Var(field(f), name, 0, "") }
}

func boolFlag(field func(*checkFlags) *bool) func(*flag.FlagSet, *checkFlags, string) {
	return func(fs *flag.FlagSet, f *checkFlags, name string) { fs.BoolVar(field(f), name, false, "") }
}

func stringFlag(field func(*checkFlags) *string, def string) func(*flag.FlagSet, *checkFlags, string) {
	return func(fs *flag.FlagSet, f *checkFlags, name string) { fs.StringVar(field(f), name, def, "") }
}

// checkFlagTable is every flag of distcheck check.
var checkFlagTable = []checkFlag{
	{groupSearch, "strategy", "bfs|dfs|random|pct|swarm|coverage", "search strategy (default bfs: exhaustive, shortest counterexamples); seeded walks: random (uniform), pct (priorities with change points), swarm (each walk its own fault mix), coverage (prefers unseen states, restarts from walks that found some)", false,
		stringFlag(func(f *checkFlags) *string { return &f.strategy }, "bfs")},
	{groupSearch, "pct-depth", "D", "pct: the bug depth targeted, d-1 priority changes (default 3)", false,
		intFlag(func(f *checkFlags) *int { return &f.pctDepth })},
	{groupSearch, "workers", "N", "goroutines expanding states; 0 means one per CPU (default 0)", false,
		intFlag(func(f *checkFlags) *int { return &f.workers })},
	{groupSearch, "depth", "N", "explore paths of at most N states; 0 means unbounded (random walks default to 100)", false,
		intFlag(func(f *checkFlags) *int { return &f.depth })},
	{groupSearch, "seed", "N", "seed for random walks (default 0)", false,
		func(fs *flag.FlagSet, f *checkFlags, name string) { fs.Uint64Var(&f.seed, name, 0, "") }},
	{groupSearch, "walks", "N", "number of random walks (default 1000)", false,
		int64Flag(func(f *checkFlags) *int64 { return &f.walks })},
	{groupSearch, "max-states", "N", "stop after N distinct states; 0 means no limit (explore: the page's search budget)", true,
		int64Flag(func(f *checkFlags) *int64 { return &f.maxStates })},
	{groupSearch, "time", "D", "stop after D, e.g. 30s or 5m; 0 means no limit", false,
		func(fs *flag.FlagSet, f *checkFlags, name string) { fs.DurationVar(&f.timeout, name, 0, "") }},
	{groupSearch, "max-memory", "SIZE", "stop when the search's memory passes SIZE, e.g. 4GB or 512MB; default: three quarters of this machine's memory. When set, a bfs search spills its visited set (and, where the protocol's states can be encoded, its frontier) to disk instead of stopping", false,
		stringFlag(func(f *checkFlags) *string { return &f.maxMemory }, "")},
	{groupSearch, "spill-dir", "DIR", "where a search with --max-memory spills, in a directory of its own removed at the end (default: the system's temporary directory)", false,
		stringFlag(func(f *checkFlags) *string { return &f.spillDir }, "")},
	{groupSearch, "all", "", "report every violated property, not only the first", false,
		boolFlag(func(f *checkFlags) *bool { return &f.all })},
	{groupSearch, "symmetry", "", "symmetry reduction: one state per orbit of the protocol's interchangeable nodes (the summary says how many states they stand for). Default: on for bfs and dfs where the protocol declares such nodes, liveness properties included; --symmetry=false searches every state, --symmetry refuses where it cannot apply", false,
		boolFlag(func(f *checkFlags) *bool { return &f.symmetry })},
	{groupSearch, "por", "", "partial-order reduction (bfs, safety properties): follow only an ample set of the steps where the protocol's topology and its properties' reads allow (the summary says how many successors were left out). Default: on where it is sound; --por=false turns it off, --por refuses where it would not be sound", false,
		boolFlag(func(f *checkFlags) *bool { return &f.por })},

	{groupLiveness, "fairness", "F", "none, nodes or actions: which steps that stay enabled must be taken (default: the protocol's)", false,
		stringFlag(func(f *checkFlags) *string { return &f.fairness }, "")},
	{groupLiveness, "stabilize", "N", "random walks: faults stop and scheduling turns fair after step N (default: halfway)", false,
		intFlag(func(f *checkFlags) *int { return &f.stabilize })},
	{groupLiveness, "within", "N", "random walks: liveness must be met within N steps after that (default: the rest of the walk)", false,
		intFlag(func(f *checkFlags) *int { return &f.within })},

	{groupProtocol, "bug", "NAME", "run a named buggy variant (see distcheck list); for the protocol's own parameters, see distcheck check <protocol> --help", true,
		stringFlag(func(f *checkFlags) *string { return &f.bug }, "")},

	{groupFaults, "drops", "N", "messages the network may lose", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.Drops })},
	{groupFaults, "duplicates", "N", "messages the network may duplicate", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.Duplicates })},
	{groupFaults, "crashes", "N", "node crashes (crash-stop unless --recoveries)", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.Crashes })},
	{groupFaults, "recoveries", "N", "restarts of crashed nodes (durable fields survive, Init runs)", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.Recoveries })},
	{groupFaults, "max-down", "N", "most nodes down at once; 0 means no limit but --crashes", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.MaxDown })},
	{groupFaults, "lose-while-down", "", "messages to a crashed node are lost (default: they wait)", true,
		boolFlag(func(f *checkFlags) *bool { return &f.faults.LoseWhileDown })},
	{groupFaults, "partitions", "N", "network splits (healing is free)", true,
		intFlag(func(f *checkFlags) *int { return &f.faults.Partitions })},
	{groupFaults, "one-way", "", "splits cut one direction only", true,
		boolFlag(func(f *checkFlags) *bool { return &f.faults.OneWay })},
	{groupFaults, "keep-ignored", "", "a delivery that changes nothing is no step: the message stays in flight (Stateright's rule; same safety verdicts, fewer states)", true,
		boolFlag(func(f *checkFlags) *bool { return &f.keepIgnored })},

	{groupAdversary, "byzantine", "N", "nodes controlled by the adversary", true,
		intFlag(func(f *checkFlags) *int { return &f.adversary.Byzantine })},
	{groupAdversary, "behavior", "B", "what they do: follow, silent, equivocate or corrupt (default: the protocol's)", true,
		stringFlag(func(f *checkFlags) *string { return &f.behavior }, "")},
	{groupAdversary, "sybils", "N", "extra identities the adversary controls", true,
		intFlag(func(f *checkFlags) *int { return &f.adversary.Sybils })},
	{groupAdversary, "byzantine-sends", "N", "messages the adversary may send of its own accord", true,
		intFlag(func(f *checkFlags) *int { return &f.adversary.Sends })},

	{groupOutput, "json", "", "print one JSON object with the counts and violations", false,
		boolFlag(func(f *checkFlags) *bool { return &f.json })},
	{groupOutput, "save", "DIR", "write each counterexample trace into DIR, and beside it an HTML page for properties that explain their violations (linearizability); explore: where the page saves traces", true,
		stringFlag(func(f *checkFlags) *string { return &f.save }, "")},
	{groupOutput, "quiet", "", "no progress lines on stderr", false,
		boolFlag(func(f *checkFlags) *bool { return &f.quiet })},
}

const checkUsageHead = `Usage: distcheck check <protocol> [flags]

Explores a built-in protocol (see distcheck list) and checks its properties.
`

const checkUsageTail = `
Exit status (--json carries the same verdict: holds, violated or inconclusive):
  0  every property holds (within --depth or --walks, if given)
  1  a property is violated
  2  bad input, or an output (--save) that cannot be written
  3  inconclusive: --time, --max-states, --max-memory or an interrupt (Ctrl-C, SIGTERM)
     stopped the search before it covered every state, or a Sometimes property was not
     reached by a search that was not exhaustive (--depth, random walks, a budget)
`

// checkUsage is distcheck check's help, made from checkFlagTable.
var checkUsage = checkUsageHead + flagUsage(checkFlagTable) + checkUsageTail

// flagUsage lists the flags group by group, each with its help wrapped beside it.
func flagUsage(table []checkFlag) string {
	const col, width = 30, 98
	var b strings.Builder
	group := ""
	for _, fl := range table {
		if fl.group != group {
			group = fl.group
			fmt.Fprintf(&b, "\n%s:\n", group)
		}
		head := "  --" + fl.name
		if fl.arg != "" {
			head += " " + fl.arg
		}
		lines := wrap(fl.help, width-col)
		if len(head) >= col {
			fmt.Fprintf(&b, "%s\n", head)
		} else {
			fmt.Fprintf(&b, "%-*s%s\n", col, head, lines[0])
			lines = lines[1:]
		}
		for _, l := range lines {
			fmt.Fprintf(&b, "%*s%s\n", col, "", l)
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	return append(lines, line)
}

// parseCheckFlags parses check's flags (the table's and protocol p's parameters) from args.
func parseCheckFlags(p protocols.Protocol, args []string, stdout io.Writer) (*checkFlags, error) {
	f := &checkFlags{params: map[string]*int{}, given: map[string]bool{}}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, fl := range checkFlagTable {
		fl.bind(fs, f, fl.name)
	}
	for _, q := range p.Params {
		f.params[q.Name] = fs.Int(q.Name, q.Default, q.Help)
	}
	if err := parseFlags(fs, "check "+p.Name, args, checkUsage+protocolHelp(p), stdout); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("check %s: unexpected argument %q (flags come after the protocol name)", p.Name, fs.Arg(0))
	}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name] = true })
	// Only the parameters given on the command line are passed on; Build fills in defaults.
	for name := range f.params {
		if !f.given[name] {
			delete(f.params, name)
		}
	}
	return f, nil
}

// exploreRefuses returns the first flag given in f that explore does not take (see
// checkFlag.explore), or "".
func exploreRefuses(f *checkFlags) string {
	for _, fl := range checkFlagTable {
		if f.given[fl.name] && !fl.explore {
			return "--" + fl.name
		}
	}
	return ""
}

// buildRunner builds protocol p configured by check's flags f: its parameters, bug, fault
// budgets, adversary and --keep-ignored.
func buildRunner(p protocols.Protocol, f *checkFlags) (distcheck.Runner, error) {
	if err := f.faults.ValidateBudgets(); err != nil {
		return nil, fmt.Errorf("%s", flagNames(err.Error()))
	}
	adv := f.adversary
	adv.Behavior = p.DefaultBehavior
	if f.behavior != "" {
		b, err := actor.ParseBehavior(f.behavior)
		if err != nil {
			return nil, fmt.Errorf("--behavior: %w", err)
		}
		adv.Behavior = b
	}
	cfg := protocols.Config{Params: map[string]int{}, Bug: f.bug, Faults: f.faults, Adversary: adv, KeepIgnored: f.keepIgnored}
	for name, v := range f.params {
		cfg.Params[name] = *v
	}
	return p.Build(cfg)
}
