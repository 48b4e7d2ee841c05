package failuredetector

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugAsynchronous runs the perfect detector with timers that may fire at any step.
	BugAsynchronous bugs.Bug = "asynchronous"
	// BugNoReset never empties the set of processes that replied.
	BugNoReset bugs.Bug = "no-reset"
	// BugNoIncrease keeps the eventually perfect detector's timeout as it is after a mistake.
	BugNoIncrease bugs.Bug = "no-increase"
	// BugNeverRestore never takes back a suspicion.
	BugNeverRestore bugs.Bug = "never-restore"
)

// PerfectCatalog lists the perfect detector's named buggy variants, each with a line on what
// it gets wrong, the flags of distcheck check that show it and the property that breaks.
var PerfectCatalog = bugs.Catalog{Protocol: "perfect-fd", Variants: []bugs.Variant{
	{Bug: BugAsynchronous, Summary: "timers fire at any step, so a timeout is not a crash (default flags: a live process is detected, StrongAccuracy)"},
	{Bug: BugNoReset, Summary: "the set of processes that replied is never emptied (--crashes 1: a process that replied once and crashed is never detected, StrongCompleteness)"},
}}

// EventuallyPerfectCatalog lists the eventually perfect detector's named buggy variants.
var EventuallyPerfectCatalog = bugs.Catalog{Protocol: "eventually-perfect-fd", Variants: []bugs.Variant{
	{Bug: BugNoIncrease, Summary: "the timeout is not increased after a mistake (default flags: mistakes without end, MistakesAreFinite)"},
	{Bug: BugNeverRestore, Summary: "a suspected process that replies stays suspected (default flags: a live process suspected forever, FalseSuspicionsEnd)"},
}}

// Catalog lists every named buggy variant of the package.
var Catalog = bugs.Catalog{Protocol: "failuredetector", Variants: append(append([]bugs.Variant{}, PerfectCatalog.Variants...), EventuallyPerfectCatalog.Variants...)}

// Config configures a system.
type Config struct {
	// Nodes is the number of processes (at least 2).
	Nodes int
	// Bound is 0 for the perfect detector; for the eventually perfect one it is the unknown
	// bound on message delays, in increments of the timeout: a reply may miss a timeout below it.
	Bound int
	// Faults are the fault budgets: crashes (crash-stop) are what the detectors detect.
	Faults actor.Faults
	// Bug selects a buggy variant of the detector that Bound selects.
	Bug bugs.Bug
}

// New returns the system for cfg: the perfect failure detector when cfg.Bound is 0, the
// eventually perfect one otherwise.
func New(cfg Config) (*actor.System, error) {
	cat := PerfectCatalog
	if cfg.Bound > 0 {
		cat = EventuallyPerfectCatalog
	}
	if err := setup.Check(cat, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("bound", cfg.Bound, 0)); err != nil {
		return nil, err
	}
	if cfg.Faults.Recoveries > 0 {
		return nil, fmt.Errorf("%s: recoveries is %d, want 0 (the detectors assume crash-stop)", cat.Protocol, cfg.Faults.Recoveries)
	}
	nodes := make([]actor.Node, cfg.Nodes)
	var monitored []model.NodeID
	for i := range nodes {
		nodes[i] = newNode(cfg.Nodes, cfg.Bound, i == 0, cfg.Bug)
		if i > 0 {
			monitored = append(monitored, model.NodeID(i))
		}
	}
	timers := actor.TimersWhenQuiet
	if cfg.Bug == BugAsynchronous {
		timers = actor.TimersAnytime
	}
	props := []model.Property[*actor.State]{
		properties.LeadsTo("StrongCompleteness", properties.Not(crashesDetected), crashesDetected),
	}
	if cfg.Bound == 0 {
		props = append(props, properties.Always("StrongAccuracy", func(s *actor.State) bool {
			return !suspects(s, func(_, q model.NodeID) bool { return s.Up(q) })
		}))
		if cfg.Faults.Crashes > 0 {
			props = append(props, properties.Sometimes("CrashDetected", func(s *actor.State) bool {
				return suspects(s, func(p, _ model.NodeID) bool { return s.Up(p) })
			}))
		} else {
			props = append(props, properties.Sometimes("EveryoneReplied", everyoneReplied))
		}
	} else {
		falselySuspects := func(s *actor.State) bool {
			return suspects(s, func(p, q model.NodeID) bool { return s.Up(p) && s.Up(q) })
		}
		props = append(props,
			properties.Always("MistakesAreFinite", func(s *actor.State) bool {
				for _, n := range s.Nodes() {
					if n.(*Node).Mistakes > cfg.Bound+1 {
						return false
					}
				}
				return true
			}),
			properties.LeadsTo("FalseSuspicionsEnd", falselySuspects, properties.Not(falselySuspects)),
			properties.Sometimes("FalseSuspicion", falselySuspects),
		)
	}
	return &actor.System{
		Protocol:  cat.Protocol,
		Params:    actor.TraceParams(params(cfg), string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:     nodes,
		Faults:    cfg.Faults,
		Timers:    timers,
		MaxCopies: 1, // a request in flight to a crashed process stands for the later ones
		Fair:      model.FairActions,
		Props:     props,
		// The monitored processes (all but node 0, the monitor) are interchangeable.
		Symmetry: [][]model.NodeID{monitored},
	}, nil
}

func params(cfg Config) map[string]int {
	if cfg.Bound == 0 {
		return map[string]int{"nodes": cfg.Nodes}
	}
	return map[string]int{"nodes": cfg.Nodes, "bound": cfg.Bound}
}

// suspects reports whether some process p suspects some process q for which pred(p, q) holds.
func suspects(s *actor.State, pred func(p, q model.NodeID) bool) bool {
	for p, n := range s.Nodes() {
		for q, x := range n.(*Node).Suspected {
			if x && pred(model.NodeID(p), model.NodeID(q)) {
				return true
			}
		}
	}
	return false
}

// crashesDetected reports whether the monitor, if it runs, suspects every crashed process.
func crashesDetected(s *actor.State) bool {
	if !s.Up(0) {
		return true
	}
	for q, x := range s.Node(0).(*Node).Suspected {
		if !x && !s.Up(model.NodeID(q)) {
			return false
		}
	}
	return true
}

// everyoneReplied reports whether a process has had a timeout and since then a reply from
// every other process.
func everyoneReplied(s *actor.State) bool {
	for p, n := range s.Nodes() {
		nd := n.(*Node)
		all := nd.TimedOut
		for q, a := range nd.Alive {
			all = all && (a || q == p)
		}
		if all {
			return true
		}
	}
	return false
}
