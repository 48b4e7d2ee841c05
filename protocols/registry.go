// Package protocols is the catalogue of built-in protocols: each entry names a protocol, its
// parameters and its named buggy variants, and builds a distcheck.Runner for a configuration
// (for check, replay, minimize and explore) or the peers of a timed simulation (for simulate).
// Every command of the command line (`distcheck list`, `check`, `replay`, `minimize`,
// `explore`, `simulate`) is built on it; Protocol.Commands says which ones a protocol supports. The protocols
// themselves live in subpackages, one each, with their tests.
package protocols

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Param is an integer parameter of a protocol, set on the command line as --Name.
type Param struct {
	Name     string
	Default  int
	Min, Max int
	Help     string
}

// Layer says how a protocol is written.
type Layer string

// The layers.
const (
	// SpecLayer models list their own successor states; fault flags do not apply.
	SpecLayer Layer = "spec"
	// ActorLayer models are nodes exchanging messages (actor.System); fault flags apply.
	ActorLayer Layer = "actor"
)

// Config is a protocol configuration: its parameters (every Param, defaults filled in), the
// buggy variant (empty for the correct protocol) and, for actor-layer protocols, fault budgets
// and an adversary.
type Config struct {
	Params    map[string]int
	Bug       string
	Faults    actor.Faults
	Adversary Adversary
	// KeepIgnored sets actor.System.KeepIgnored: a delivery that changes nothing is no
	// transition, and the message stays in flight (actor-layer protocols only).
	KeepIgnored bool
}

// Adversary sizes a protocol's Byzantine adversary: how many nodes it controls (the protocol
// picks which), what they do, how many Sybil identities it has and how many messages it may send
// of its own accord. What it may send — the mutations and forgeries — is the protocol's.
type Adversary struct {
	Byzantine int
	Behavior  actor.Behavior
	Sybils    int
	Sends     int
}

// None reports whether there is no adversary.
func (a Adversary) None() bool { return a.Byzantine == 0 && a.Sybils == 0 }

// Protocol is a catalogue entry.
type Protocol struct {
	Name    string
	Summary string
	Layer   Layer
	Params  []Param
	// Bugs lists the named buggy variants, from the protocol's package.
	Bugs bugs.Catalog
	// Byzantine says whether the protocol models an adversary (--byzantine, --sybils).
	Byzantine bool
	// DefaultBehavior is the adversary's behaviour when --behavior is not given.
	DefaultBehavior actor.Behavior
	build           func(Config) (distcheck.Runner, error)
	simulate        func(SimConfig) (SimSetup, error)
	// malicious says that the simulation reads (and checks) SimConfig.Malicious; other
	// simulations refuse --malicious rather than ignore it.
	malicious bool
}

// The commands a protocol can support.
const (
	CmdCheck    = "check"
	CmdReplay   = "replay"
	CmdMinimize = "minimize"
	CmdExplore  = "explore"
	CmdSimulate = "simulate"
)

// Commands returns the commands of `distcheck` that run the protocol: check, replay, minimize
// and explore for a protocol the explorer can search, simulate for one with a timed simulation.
func (p Protocol) Commands() []string {
	var out []string
	if p.build != nil {
		out = append(out, CmdCheck, CmdReplay, CmdMinimize, CmdExplore)
	}
	if p.simulate != nil {
		out = append(out, CmdSimulate)
	}
	return out
}

// Supports reports whether command (see Commands) runs the protocol.
func (p Protocol) Supports(command string) bool { return slices.Contains(p.Commands(), command) }

// For returns the protocols that command supports, sorted by name.
func For(command string) []Protocol {
	var out []Protocol
	for _, p := range All() {
		if p.Supports(command) {
			out = append(out, p)
		}
	}
	return out
}

// NamesFor returns the names of the protocols that command supports, sorted.
func NamesFor(command string) []string {
	var names []string
	for _, p := range For(command) {
		names = append(names, p.Name)
	}
	return names
}

// LookupFor returns the protocol called name if command supports it, and otherwise an error
// that lists the protocols it does support (and the commands that run name, if it exists).
func LookupFor(command, name string) (Protocol, error) {
	p, err := Lookup(name)
	switch {
	case err != nil:
		return Protocol{}, fmt.Errorf("unknown protocol %q (%s runs: %s)", name, command, strings.Join(NamesFor(command), ", "))
	case !p.Supports(command):
		return Protocol{}, fmt.Errorf("%s does not run %s, which runs under %s (%s runs: %s)", command, name, strings.Join(p.Commands(), ", "), command, strings.Join(NamesFor(command), ", "))
	}
	return p, nil
}

// Simulation returns the peers of a timed simulation of the protocol, configured by c.
func (p Protocol) Simulation(c SimConfig) (SimSetup, error) {
	if p.simulate == nil {
		return SimSetup{}, fmt.Errorf("%s has no timed simulation (it runs under %s)", p.Name, strings.Join(p.Commands(), ", "))
	}
	if c.Malicious > 0 && !p.malicious {
		return SimSetup{}, fmt.Errorf("--malicious %d: the %s simulation has no malicious peers", c.Malicious, p.Name)
	}
	return p.simulate(c)
}

// All returns the built-in protocols, sorted by name.
func All() []Protocol {
	all := []Protocol{twoPhase(), twoPC()}
	all = append(all, benignProtocols()...)
	all = append(all, byzantineProtocols()...)
	all = append(all, consistencyProtocols()...)
	all = append(all, raftProtocols()...)
	all = append(all, paxosProtocols()...)
	all = append(all, simulated()...)
	all = append(all, timedProtocols()...)
	all = append(all, coordinationProtocols()...)
	all = append(all, systemModelProtocols()...)
	all = append(all, multicastProtocols()...)
	all = append(all, courseProtocols()...)
	all = append(all, iotProtocols()...)
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// Names returns the built-in protocols' names, sorted.
func Names() []string {
	var names []string
	for _, p := range All() {
		names = append(names, p.Name)
	}
	return names
}

// Lookup returns the protocol called name.
func Lookup(name string) (Protocol, error) {
	for _, p := range All() {
		if p.Name == name {
			return p, nil
		}
	}
	return Protocol{}, fmt.Errorf("unknown protocol %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Param returns the parameter called name.
func (p Protocol) Param(name string) (Param, bool) {
	for _, q := range p.Params {
		if q.Name == name {
			return q, true
		}
	}
	return Param{}, false
}

// BugNames returns the names of the protocol's buggy variants.
func (p Protocol) BugNames() []string { return p.Bugs.Names() }

// Defaults returns the configuration with every parameter at its default.
func (p Protocol) Defaults() Config {
	c := Config{Params: map[string]int{}}
	for _, q := range p.Params {
		c.Params[q.Name] = q.Default
	}
	return c
}

// Build returns a Runner for the configuration, after checking it: parameters known and in
// range, a known bug, and no fault budgets for a spec-layer protocol. Missing parameters take
// their defaults.
func (p Protocol) Build(c Config) (distcheck.Runner, error) {
	if p.build == nil {
		return nil, fmt.Errorf("%s runs only under %s: the explorer cannot search it", p.Name, strings.Join(p.Commands(), ", "))
	}
	full := p.Defaults()
	full.Bug, full.Faults = c.Bug, c.Faults
	for _, name := range slices.Sorted(maps.Keys(c.Params)) {
		q, ok := p.Param(name)
		if !ok {
			return nil, fmt.Errorf("%s has no parameter %q", p.Name, name)
		}
		v := c.Params[name]
		if v < q.Min || v > q.Max {
			return nil, fmt.Errorf("%s: --%s %d is out of range (%d to %d)", p.Name, name, v, q.Min, q.Max)
		}
		full.Params[name] = v
	}
	if err := p.Bugs.Check(bugs.Bug(c.Bug)); err != nil {
		return nil, err
	}
	if err := c.Faults.ValidateBudgets(); err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	if p.Layer == SpecLayer && !c.Faults.None() {
		return nil, fmt.Errorf("%s is a spec-layer model: fault flags such as --drops do not apply", p.Name)
	}
	a := c.Adversary
	switch {
	case a.Byzantine < 0 || a.Sybils < 0 || a.Sends < 0:
		return nil, fmt.Errorf("%s: --byzantine, --sybils and --byzantine-sends must be ≥ 0", p.Name)
	case !p.Byzantine && !a.None():
		return nil, fmt.Errorf("%s does not model Byzantine nodes: --byzantine and --sybils do not apply", p.Name)
	}
	full.Adversary = a
	r, err := p.build(full)
	if err != nil || !c.KeepIgnored {
		return r, err
	}
	sys := distcheck.SystemOf(r)
	switch {
	case sys == nil:
		return nil, fmt.Errorf("%s is a spec-layer model: --keep-ignored applies to actor-layer protocols", p.Name)
	case sys.Network == actor.Ordered:
		return nil, fmt.Errorf("%s runs on an ordered network: --keep-ignored does not apply (an ignored message would block its link)", p.Name)
	}
	sys.KeepIgnored = true
	return r, nil
}

// ConfigFromTrace turns the parameters a trace records (actor.TraceParams) back into a
// configuration: "bug" names the variant, fault names ("drops", "one-way", ...) set budgets,
// "byzantine", "behavior", "sybils" and "byzantine-sends" size the adversary, and the rest are
// the protocol's parameters.
func (p Protocol) ConfigFromTrace(params map[string]string) (Config, error) {
	c := Config{Params: map[string]int{}}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		v := params[k]
		switch k {
		case "bug":
			c.Bug = v
			continue
		case "behavior":
			b, err := actor.ParseBehavior(v)
			if err != nil {
				return c, fmt.Errorf("%s: %w", p.Name, err)
			}
			c.Adversary.Behavior = b
			continue
		}
		if ok, err := c.Faults.SetParam(k, v); ok {
			if err != nil {
				return c, fmt.Errorf("%s: %w", p.Name, err)
			}
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return c, fmt.Errorf("%s: parameter %s=%q is not a whole number", p.Name, k, v)
		}
		switch k {
		case "byzantine":
			c.Adversary.Byzantine = n
		case "sybils":
			c.Adversary.Sybils = n
		case "byzantine-sends":
			c.Adversary.Sends = n
		default:
			if _, ok := p.Param(k); !ok {
				return c, fmt.Errorf("%s has no parameter %q", p.Name, k)
			}
			c.Params[k] = n
		}
	}
	return c, nil
}
