package counterexamples

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// FormatName is the value of every trace file's "format" field.
const FormatName = "distcheck-trace"

// Version is the version of the trace format that this package writes and reads.
const Version = 1

// The values of Trace.End: how the path of a liveness property's violation ends.
const (
	// EndTerminal: the path ends in a state where nothing but faults can happen.
	EndTerminal = "terminal"
	// EndLoop: the path is a lasso; its steps from Trace.Loop on repeat forever.
	EndLoop = "loop"
	// EndBound: a random walk in which, after faults stopped at step Trace.Stabilized, the
	// property was not met within Trace.Within steps.
	EndBound = "bound"
)

// Trace is one counterexample file: the protocol and configuration it is of, the violated
// property, how it was found, and the actions from an initial state, stored by content.
type Trace struct {
	// Format is FormatName.
	Format string `json:"format"`
	// Version is Version.
	Version int `json:"version"`
	// Protocol and Params identify the model (see Identity).
	Protocol string            `json:"protocol"`
	Params   map[string]string `json:"params,omitempty"`
	// Property is the name of the violated property.
	Property string `json:"property"`
	// Kind is the property's kind, model.Kind.String(): "always", "eventually",
	// "always-eventually" or "leads-to" (a sometimes property's violation has no path, so it
	// is never saved).
	Kind string `json:"kind"`
	// Reason is explore.Violation.Reason, for people.
	Reason string `json:"reason,omitempty"`
	// Strategy is the search that found the violation, explore.Strategy.String(). It is for
	// people: replay does not depend on it.
	Strategy string `json:"strategy"`
	// Seed and Walk are the random search's seed and the index of the walk that found the
	// violation (random search only).
	Seed uint64 `json:"seed,omitempty"`
	Walk int64  `json:"walk,omitempty"`
	// Init is the index of the initial state in the order the model's Init emits them.
	Init int `json:"init"`
	// End is how the path of a liveness property's violation ends: EndTerminal, EndLoop or
	// EndBound. It is empty for always properties.
	End string `json:"end,omitempty"`
	// Loop, for EndLoop, is the index of the step where the loop starts: Steps[Loop:] repeat
	// forever, leading back to the state reached before step Loop.
	Loop *int `json:"loop,omitempty"`
	// Fairness, for EndLoop, is the fairness the loop respects (model.Fairness.String()).
	Fairness string `json:"fairness,omitempty"`
	// Stabilized and Within, for EndBound, are the step after which faults stopped and the
	// bound the property missed.
	Stabilized *int `json:"stabilized,omitempty"`
	Within     int  `json:"within,omitempty"`
	// Steps are the actions from the initial state, in order.
	Steps []ActionRecord `json:"steps"`
}

// ActionRecord stores a model.Action by content, never by position, so that a trace stays
// readable and replayable when unrelated code changes.
type ActionRecord struct {
	// Kind is model.ActionKind.String(), e.g. "deliver".
	Kind string `json:"kind"`
	// Name is the action's name (a spec-layer action's, or a Byzantine step's).
	Name string `json:"name,omitempty"`
	// Node is the acting actor's name (model.Actors.ActorNames()[a.Node]), or its decimal
	// index if the model has no names; empty for model.NoNode.
	Node string `json:"node,omitempty"`
	// From is the sender's name, likewise.
	From string `json:"from,omitempty"`
	// Arg is the action's integer parameter, set iff the action has one.
	Arg *int `json:"arg,omitempty"`
	// Msg is the message, timer or partition the action carries, set iff it carries one.
	Msg *Payload `json:"msg,omitempty"`
	// Choices are the values of the node's nondeterministic choices during the step.
	Choices []int `json:"choices,omitempty"`
}

// Payload is a message (or timer) stored by content.
type Payload struct {
	// Type is the message's Go type as reflect prints it, e.g. "twopc.Prepare".
	Type string `json:"type"`
	// Value is value.Format of the message: its canonical content.
	Value string `json:"value"`
}

// Record returns the record of action a, naming nodes after names (a model's ActorNames; nil
// if it has none, in which case nodes are named by their decimal index).
func Record(a model.Action, names []string) ActionRecord {
	r := ActionRecord{
		Kind: a.Kind.String(),
		Name: a.Name,
		Node: nodeName(a.Node, names),
		From: nodeName(a.From, names),
	}
	if a.HasArg {
		arg := a.Arg
		r.Arg = &arg
	}
	if a.Msg != nil {
		r.Msg = &Payload{Type: reflect.TypeOf(a.Msg).String(), Value: value.Format(a.Msg)}
	}
	if len(a.Choices) > 0 {
		r.Choices = slices.Clone(a.Choices)
	}
	return r
}

func nodeName(id model.NodeID, names []string) string {
	switch {
	case id == model.NoNode:
		return ""
	case id >= 0 && int(id) < len(names):
		return names[id]
	}
	return strconv.Itoa(int(id))
}

// Equal reports whether r and o record the same action, field by field. Nil and empty Choices
// are equal.
func (r ActionRecord) Equal(o ActionRecord) bool {
	if r.Kind != o.Kind || r.Name != o.Name || r.Node != o.Node || r.From != o.From {
		return false
	}
	if (r.Arg == nil) != (o.Arg == nil) || r.Arg != nil && *r.Arg != *o.Arg {
		return false
	}
	if (r.Msg == nil) != (o.Msg == nil) || r.Msg != nil && *r.Msg != *o.Msg {
		return false
	}
	return slices.Equal(r.Choices, o.Choices)
}

// String renders the record for people: `RMPrepare(2)`, `deliver n0→n1 twopc.Prepare{Txn:1}`,
// `drop n0→n1 ...`, `timeout n2 "election"`, followed by ` choices=[1 0]` when the step made
// choices.
func (r ActionRecord) String() string {
	var b strings.Builder
	if r.Kind == model.ActionStep.String() {
		b.WriteString(r.Name)
		if r.Name == "" {
			b.WriteString(r.Kind)
		}
		if r.Arg != nil {
			fmt.Fprintf(&b, "(%d)", *r.Arg)
		}
	} else {
		b.WriteString(r.Kind)
		if r.Name != "" {
			b.WriteString(" " + r.Name)
		}
		if r.From != "" {
			b.WriteString(" " + r.From + "→" + r.Node)
		} else if r.Node != "" {
			b.WriteString(" " + r.Node)
		}
		if r.Arg != nil {
			fmt.Fprintf(&b, " (%d)", *r.Arg)
		}
	}
	if r.Msg != nil {
		b.WriteString(" " + r.Msg.Value)
	}
	if len(r.Choices) > 0 {
		fmt.Fprintf(&b, " choices=%v", r.Choices)
	}
	return b.String()
}

// Identity returns what a trace records for m: m's model.Identified identity when it has one
// with a non-empty name; otherwise "go:" followed by the Go type of m (as fmt's %T prints it)
// and nil params. Empty params are returned as nil.
func Identity[S any](m model.Model[S]) (protocol string, params map[string]string) {
	if id, ok := m.(model.Identified); ok {
		if p, ps := id.Identity(); p != "" {
			return p, normParams(ps)
		}
	}
	return fmt.Sprintf("go:%T", m), nil
}

func normParams(ps map[string]string) map[string]string {
	if len(ps) == 0 {
		return nil
	}
	return maps.Clone(ps)
}

// describe renders a protocol and its params: `"twophase" with bug=early-commit, rms=3`.
func describe(protocol string, params map[string]string) string {
	s := strconv.Quote(protocol)
	if len(params) == 0 {
		return s
	}
	keys := slices.Sorted(maps.Keys(params))
	kv := make([]string, len(keys))
	for i, k := range keys {
		kv[i] = k + "=" + params[k]
	}
	return s + " with " + strings.Join(kv, ", ")
}

// actorNames returns m's actor names, or nil if m is not a model.Actors.
func actorNames[S any](m model.Model[S]) []string {
	if a, ok := m.(model.Actors[S]); ok {
		return a.ActorNames()
	}
	return nil
}

// New builds the trace of violation v found by res: the model's identity (see Identity), the
// property, the strategy (and, for random search, the seed and walk), the index of the path's
// initial state among m's initial states (matched by fingerprint), how an eventually
// property's path ends (EndTerminal if only faults can follow its last state, else EndDepthBound),
// and the path's actions. Sometimes violations have no path: New returns an error for them.
func New[S any](m model.Model[S], res *explore.Result[S], v explore.Violation[S]) (*Trace, error) {
	if res == nil {
		return nil, errors.New("counterexamples: New: no result")
	}
	if v.Property == "" {
		return nil, errors.New("counterexamples: New: the violation names no property")
	}
	switch {
	case v.Kind == model.KindAlways || v.Kind.IsLiveness():
	case v.Kind == model.KindSometimes:
		return nil, fmt.Errorf("counterexamples: %q is a sometimes property: its violation has no path to save", v.Property)
	default:
		return nil, fmt.Errorf("counterexamples: %q has unknown property kind %s", v.Property, v.Kind)
	}
	init, err := initIndex(m, v.Path.Init)
	if err != nil {
		return nil, fmt.Errorf("counterexamples: trace of %q: %w", v.Property, err)
	}
	protocol, params := Identity(m)
	t := &Trace{
		Format:   FormatName,
		Version:  Version,
		Protocol: protocol,
		Params:   params,
		Property: v.Property,
		Kind:     v.Kind.String(),
		Reason:   v.Reason,
		Strategy: res.Strategy.String(),
		Walk:     v.Walk,
		Init:     init,
	}
	if res.Strategy.Sampled() {
		t.Seed = res.Options.Seed
	}
	if v.Kind.IsLiveness() {
		n, p := successors(m, v.Path.Last())
		if p != nil {
			return nil, fmt.Errorf("counterexamples: trace of %q: the model's Next panicked expanding the path's last state: %v", v.Property, p)
		}
		switch {
		case v.Loop >= 0:
			loop := v.Loop
			t.End, t.Loop, t.Fairness = EndLoop, &loop, res.Fairness.String()
		case !anyProtocol(n):
			t.End = EndTerminal
		case v.Stabilized >= 0:
			stab := v.Stabilized
			t.End, t.Stabilized, t.Within = EndBound, &stab, res.Options.Within
		default:
			return nil, fmt.Errorf("counterexamples: trace of %q: the path neither ends, loops nor reaches a bound", v.Property)
		}
	}
	names := actorNames(m)
	for _, st := range v.Path.Steps {
		t.Steps = append(t.Steps, Record(st.Action, names))
	}
	return t, nil
}

// initIndex returns the index of the initial state of m with s's fingerprint.
func initIndex[S any](m model.Model[S], s S) (int, error) {
	want := m.Fingerprint(s)
	inits, p := initStates(m)
	if p != nil {
		return 0, fmt.Errorf("the model's Init panicked: %v", p)
	}
	for i, t := range inits {
		if m.Fingerprint(t) == want {
			return i, nil
		}
	}
	return 0, fmt.Errorf("the path's initial state (fingerprint %016x) is not one of the model's %d initial states", want, len(inits))
}

// initStates returns m's initial states, or the value of a panic in Init.
func initStates[S any](m model.Model[S]) (out []S, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	m.Init(func(s S) { out = append(out, s) })
	return out, nil
}

// successor is one successor of a state.
type successor[S any] struct {
	a model.Action
	s S
}

// anyProtocol reports whether a step that is not a fault is among succ: a path whose last
// state has none ends there, for liveness, since faults may always stop.
func anyProtocol[S any](succ []successor[S]) bool {
	for _, x := range succ {
		if !x.a.Kind.IsFault() {
			return true
		}
	}
	return false
}

// successors returns the successors of s, or the value of a panic in Next.
func successors[S any](m model.Model[S], s S) (out []successor[S], panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	m.Next(s, func(a model.Action, t S) { out = append(out, successor[S]{a, t}) })
	return out, nil
}

// sampled reports whether strategy, a Trace's Strategy, runs seeded walks (see
// explore.Strategy.Sampled), so that its seed and walk index identify the walk.
func sampled(strategy string) bool {
	s, err := explore.ParseStrategy(strategy)
	return err == nil && s.Sampled()
}
