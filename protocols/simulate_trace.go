package protocols

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// SimTracePrefix begins the protocol name of a simulation's trace: "simulate:raft" is a
// trace of `distcheck simulate raft`, replayed on the actor.System of the simulation's own
// peers (SimulationRunner).
const SimTracePrefix = "simulate:"

// The parameters a simulation's trace records: what the peers' code depends on (the
// network's timing does not matter, since the trace fixes the order of the steps), and the
// fault budgets the steps use.
var simTraceParams = []string{"nodes", "clients", "rate", "duration", "settle", "bug", "latency",
	"election-timeout", "heartbeat", "malicious", "attack", "drops", "crashes", "recoveries"}

// SimulationTrace returns the violation v of a traced simulation (sim.Config.Trace) of p,
// configured by c, as a counterexample trace: the peers' steps from the start, as actions of
// the actor.System made of the simulation's own peers (servers, then clients), with c's
// settings and the seed recorded, so that distcheck replay re-executes it and judges the
// property again. The virtual time of the violation is in the trace's reason (the format
// has no time per step).
func (p Protocol) SimulationTrace(c SimConfig, v *sim.Violation) (*counterexamples.Trace, error) {
	if v.Steps == nil {
		why := v.Untraced
		if why == "" {
			why = "the run was not traced"
		}
		return nil, fmt.Errorf("no trace: %s", why)
	}
	params, err := p.simTraceParams(c, v.Steps)
	if err != nil {
		return nil, err
	}
	sys, err := simulationSystem(p, params)
	if err != nil {
		return nil, err
	}
	names := sys.ActorNames()
	steps := make([]counterexamples.ActionRecord, len(v.Steps))
	for i, l := range v.Steps {
		steps[i] = counterexamples.Record(l.Action, names)
	}
	reason := fmt.Sprintf("found by distcheck simulate %s with --seed %d: it failed at %.6fs of virtual time, after the last of these %d steps",
		p.Name, v.Seed, v.AtS, len(steps))
	if v.Message != "" {
		reason += " (" + v.Message + ")"
	}
	return &counterexamples.Trace{
		Format: counterexamples.FormatName, Version: counterexamples.Version,
		Protocol: sys.Protocol, Params: sys.Params,
		Property: v.Property, Kind: model.KindAlways.String(), Reason: reason,
		Strategy: "simulate", Seed: v.Seed, Steps: steps,
	}, nil
}

// simTraceParams returns what a trace of the simulation records: c's settings that the peers
// depend on, and the faults the steps use.
func (p Protocol) simTraceParams(c SimConfig, steps []sim.Logged) (map[string]string, error) {
	built, err := p.Simulation(c)
	if err != nil {
		return nil, err
	}
	if len(built.Types) == 0 {
		return nil, fmt.Errorf("the %s simulation has no peers", p.Name)
	}
	count := map[model.ActionKind]int{}
	for _, l := range steps {
		count[l.Action.Kind]++
	}
	d := func(v time.Duration) string { return v.String() }
	attack := "" // the protocol's default
	if c.AttackGiven {
		attack = c.Attack
	}
	return map[string]string{
		"nodes": strconv.Itoa(built.Types[0].Count), "clients": strconv.Itoa(c.Clients),
		"rate": strconv.FormatFloat(c.Rate, 'g', -1, 64), "duration": d(c.Duration), "settle": d(c.Settle),
		"bug": c.Bug, "latency": d(c.Latency), "election-timeout": d(c.ElectionTimeout), "heartbeat": d(c.Heartbeat),
		"malicious": strconv.Itoa(c.Malicious), "attack": attack,
		"drops": strconv.Itoa(count[model.ActionDrop]), "crashes": strconv.Itoa(count[model.ActionCrash]),
		"recoveries": strconv.Itoa(count[model.ActionRecover]),
	}, nil
}

// SimulationRunner returns the Runner that replays a simulation's trace (see
// SimulationTrace): protocol is the trace's ("simulate:raft"), params its parameters.
func SimulationRunner(protocol string, params map[string]string) (distcheck.Runner, error) {
	name, ok := strings.CutPrefix(protocol, SimTracePrefix)
	if !ok {
		return nil, fmt.Errorf("%q is not a simulation's protocol (want %s<name>)", protocol, SimTracePrefix)
	}
	p, err := LookupFor(CmdSimulate, name)
	if err != nil {
		return nil, err
	}
	sys, err := simulationSystem(p, params)
	if err != nil {
		return nil, err
	}
	return distcheck.NewRunner(sys), nil
}

// simulationSystem builds the actor.System of the simulation of p that params record: its
// peers (each type's New, in order), its safety properties judged on whole states, and the
// fault budgets of the trace.
func simulationSystem(p Protocol, params map[string]string) (*actor.System, error) {
	if got := slices.Sorted(maps.Keys(params)); !slices.Equal(got, slices.Sorted(slices.Values(simTraceParams))) {
		return nil, fmt.Errorf("params: want %s, got %s", strings.Join(slices.Sorted(slices.Values(simTraceParams)), ", "), strings.Join(got, ", "))
	}
	var c SimConfig
	ints := map[string]*int{"nodes": &c.Nodes, "clients": &c.Clients, "malicious": &c.Malicious}
	var f actor.Faults
	for k, ptr := range map[string]*int{"drops": &f.Drops, "crashes": &f.Crashes, "recoveries": &f.Recoveries} {
		ints[k] = ptr
	}
	for k, ptr := range ints {
		v, err := strconv.Atoi(params[k])
		if err != nil || v < 0 {
			return nil, fmt.Errorf("param %s: %q is not a count", k, params[k])
		}
		*ptr = v
	}
	durs := map[string]*time.Duration{"duration": &c.Duration, "settle": &c.Settle, "latency": &c.Latency,
		"election-timeout": &c.ElectionTimeout, "heartbeat": &c.Heartbeat}
	for k, ptr := range durs {
		v, err := time.ParseDuration(params[k])
		if err != nil {
			return nil, fmt.Errorf("param %s: %q is not a duration", k, params[k])
		}
		*ptr = v
	}
	rate, err := strconv.ParseFloat(params["rate"], 64)
	if err != nil {
		return nil, fmt.Errorf("param rate: %q is not a number", params["rate"])
	}
	c.Rate, c.Bug, c.NodesGiven, c.Replay = rate, params["bug"], true, true
	c.Attack, c.AttackGiven = params["attack"], params["attack"] != ""
	if c.Bug != "" {
		if err := p.Bugs.Check(bugs.Bug(c.Bug)); err != nil {
			return nil, fmt.Errorf("param bug: %w", err)
		}
	}
	built, err := p.Simulation(c)
	if err != nil {
		return nil, err
	}
	if built.Props == nil {
		return nil, fmt.Errorf("the %s simulation has no safety properties to replay", p.Name)
	}
	var nodes []actor.Node
	for _, t := range built.Types {
		for range t.Count {
			n := t.New(model.NodeID(len(nodes)))
			if n == nil {
				return nil, fmt.Errorf("peer type %q: New(%d) returned nil", t.Name, len(nodes))
			}
			nodes = append(nodes, n)
		}
	}
	// The system judges model.PanicProperty itself.
	props := slices.DeleteFunc(slices.Clone(built.Props), func(q model.Property[*actor.State]) bool { return q.Name == model.PanicProperty })
	return actor.Validated(&actor.System{
		Protocol: SimTracePrefix + p.Name, Params: maps.Clone(params), Nodes: nodes, Faults: f, Props: props,
	}, nil)
}
