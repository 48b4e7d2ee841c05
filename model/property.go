package model

import (
	"fmt"
	"io"
	"strings"
)

// Kind says how a property's predicate is judged over the reachable states.
type Kind uint8

// The kinds of property.
const (
	// KindAlways is an invariant: the predicate holds in every reachable state.
	KindAlways Kind = iota + 1
	// KindSometimes is reachability: the predicate holds in at least one reachable state.
	// A search that never reaches such a state reports it, so a model that does nothing
	// cannot pass.
	KindSometimes
	// KindEventually is liveness: on every behaviour, the predicate holds in some state.
	KindEventually
	// KindAlwaysEventually is liveness: on every behaviour, the predicate holds infinitely
	// often (from every point, it holds again later).
	KindAlwaysEventually
	// KindLeadsTo is liveness: on every behaviour, whenever the predicate holds, Then holds
	// then or later.
	KindLeadsTo
)

var kindNames = [...]string{
	KindAlways:           "always",
	KindSometimes:        "sometimes",
	KindEventually:       "eventually",
	KindAlwaysEventually: "always-eventually",
	KindLeadsTo:          "leads-to",
}

// String returns the kind's name as traces and reports spell it: "always", "sometimes",
// "eventually", "always-eventually" or "leads-to".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if name != "" && name == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown property kind %q (want %s)", s, strings.Join(kindNames[1:], ", "))
}

// IsLiveness reports whether the kind is judged over infinite behaviours (Eventually,
// AlwaysEventually, LeadsTo): its counterexamples are lassos — a path and a loop — or paths
// that end where nothing but faults can happen.
func (k Kind) IsLiveness() bool {
	return k == KindEventually || k == KindAlwaysEventually || k == KindLeadsTo
}

// Property is a named predicate over states together with the way it is judged. Build one with
// the constructors of package properties.
type Property[S any] struct {
	// Name identifies the property in reports and traces; it must be unique within a model.
	Name string
	// Kind says how Holds is judged.
	Kind Kind
	// Holds reports whether the predicate is true of a state. It must be a pure function.
	Holds func(S) bool
	// Then is the predicate that must follow Holds, for KindLeadsTo.
	Then func(S) bool
	// Explain, if set, writes a page that shows people why a counterexample violates the
	// property: a self-contained HTML document (styles, scripts and data inline), such as
	// package checks' drawing of a history that is not linearizable. It is given the
	// counterexample's path — states[0] is the initial state, states[i+1] the state after step
	// i, the last state is where the property fails —, steps, a one-line description of each
	// step (as counterexamples.ActionRecord.String renders it), and the actors' names
	// (Actors.ActorNames, indexed by NodeID; nil if the model has none). distcheck.Check and
	// `distcheck check --save` write it next to the saved trace, with the trace's base name and
	// the extension .html, and say where. It must not modify the states.
	Explain func(w io.Writer, states []S, steps, names []string) error
}

// Fairness says which infinite behaviours count when liveness is judged: which actions, if
// they stay enabled, must eventually be taken. Repairs — heals and recoveries — are always
// fair, and faults never are.
//
// It is set in two places only: the model declares what its liveness properties assume
// (actor.System.Fair, or a spec model's Fairness method: DeclaresFairness), and a run may
// override that (explore.Options.Fairness, which distcheck.Fairness and the --fairness flag
// set).
type Fairness uint8

// The fairness assumptions.
const (
	// FairNone counts every infinite behaviour: a cycle counts even if it forever ignores a
	// node or a message that could move.
	FairNone Fairness = iota
	// FairNodes is weak fairness per node (per actor, at the spec layer): a node that can take
	// a step in every state of a cycle takes one in it.
	FairNodes
	// FairActions is weak fairness per action: an action — a given message's delivery, a given
	// timer firing, a given spec-layer step — enabled in every state of a cycle is taken in it.
	FairActions
)

var fairnessNames = [...]string{FairNone: "none", FairNodes: "nodes", FairActions: "actions"}

// String returns the fairness's name: "none", "nodes" or "actions".
func (f Fairness) String() string {
	if int(f) < len(fairnessNames) {
		return fairnessNames[f]
	}
	return fmt.Sprintf("fairness(%d)", uint8(f))
}

// ParseFairness is the inverse of Fairness.String.
func ParseFairness(s string) (Fairness, error) {
	for f, name := range fairnessNames {
		if name == s {
			return Fairness(f), nil
		}
	}
	return 0, fmt.Errorf("unknown fairness %q (want none, nodes or actions)", s)
}

// DeclaresFairness is implemented by models that declare the fairness their liveness properties
// assume. Explorers use it unless their options say otherwise.
type DeclaresFairness interface {
	Fairness() Fairness
}
