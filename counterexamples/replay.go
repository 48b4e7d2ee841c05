package counterexamples

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// Replayed is the outcome of a replay.
type Replayed[S any] struct {
	// Trace is the trace replayed.
	Trace *Trace
	// Path is the path the trace's actions lead along.
	Path explore.Path[S]
	// Reproduced reports whether the recorded property still fails at the end of the path.
	Reproduced bool
	// Detail says in one sentence how the property fails, or why it no longer does.
	Detail string
}

// Replay re-executes the trace's actions on m and confirms that the same property fails.
//
// It refuses a trace of another protocol or configuration than m's (see Identity), or of a
// property m does not have, with a *MismatchError. It then starts from the trace's initial
// state and, for each step, takes the first successor (in m's order) whose action records as
// the stored one; if none does, the trace has diverged from the model and Replay returns a
// *DivergedError. At the end of the path it judges the property: an always property must be
// false in the last state; an eventually property must be false in every state of the path,
// and a path recorded as ending in a terminal state must still end there. The built-in
// model.PanicProperty of a spec-layer model (one that has no property of that name) must make
// m.Next panic on the last state. If the property no longer fails, Replayed.Reproduced is false
// and Detail says why. A panic in m (other than that one) is an error naming where it happened.
func Replay[S any](m model.Model[S], t *Trace) (*Replayed[S], error) {
	if t == nil {
		return nil, errors.New("replay: nil trace")
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	if v, ok := m.(model.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
	}
	if err := matchIdentity(m, t); err != nil {
		return nil, err
	}
	prop, builtin, err := findProperty(m, t)
	if err != nil {
		return nil, err
	}
	path, err := follow(m, t)
	if err != nil {
		return nil, err
	}
	r := &Replayed[S]{Trace: t, Path: path}
	switch {
	case builtin:
		r.Reproduced, r.Detail = confirmPanic(m, path)
	case prop.Kind == model.KindAlways:
		r.Reproduced, r.Detail, err = confirmAlways(prop, path)
	default:
		r.Reproduced, r.Detail, err = confirmLiveness(m, prop, path, t)
	}
	if err != nil {
		return nil, err
	}
	if t.Property == model.PanicProperty && !r.Reproduced {
		// The explorer also reports a property predicate that panics under PanicProperty.
		if name, x := predicatePanic(m, path.Last()); x != nil {
			r.Reproduced, r.Detail = true, fmt.Sprintf("property %q panics in the last state (%s): %v", name, afterSteps(path.Len()), x)
		}
	}
	return r, nil
}

// MismatchError reports a trace of another protocol or configuration than the model's, or of a
// property the model lacks or has with another kind.
type MismatchError struct {
	// Field is what differs: "protocol", "params", "property" or "kind".
	Field string
	// Trace and Model describe what the trace and the model say: for "protocol" and
	// "params", the quoted protocol name and its parameters (`"twophase" with rms=3`); for
	// "property", the quoted property name and the list of the model's properties; for
	// "kind", the property's kind and name on each side (`always property "X"`).
	Trace, Model string
}

// Error describes the mismatch, e.g. `trace is of protocol "twophase" with rms=5, this model
// is "twophase" with rms=3`.
func (e *MismatchError) Error() string {
	switch e.Field {
	case "protocol", "params":
		return "trace is of protocol " + e.Trace + ", this model is " + e.Model
	case "property":
		return "trace is of property " + e.Trace + ", which this model does not have (its properties: " + e.Model + ")"
	case "kind":
		return "trace is of " + e.Trace + ", this model has " + e.Model
	}
	return "trace's " + e.Field + " is " + e.Trace + ", this model's is " + e.Model
}

// DivergedError reports a step whose recorded action is not among the successors of the state
// the steps before it reached: the model changed, or the trace is of another configuration.
type DivergedError struct {
	// Step is the step's number, from 1.
	Step int
	// Want is the recorded action.
	Want ActionRecord
	// Enabled are the actions enabled in the state reached, in the model's order.
	Enabled []ActionRecord
}

// maxEnabled is how many enabled actions DivergedError.Error lists.
const maxEnabled = 10

// Error describes the divergence: "trace diverges at step 4: deliver n0→n1 ... is not enabled
// (enabled: a; b; c)", listing at most ten enabled actions. Where an enabled action reads like
// the recorded one but is another node's (a spec-layer action's text does not name its node),
// both name their node: "RMRcvCommitMsg(1) at node rm2 is not enabled (enabled: RMRcvCommitMsg(1)
// at node rm1; ...)".
func (e *DivergedError) Error() string {
	want := e.Want.String()
	var alike []ActionRecord
	for _, r := range e.Enabled {
		if r.String() == want {
			alike = append(alike, r)
		}
	}
	text := func(r ActionRecord) string {
		if len(alike) > 0 && r.String() == want {
			return r.String() + atNode(r)
		}
		return r.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "trace diverges at step %d: %s is not enabled", e.Step, text(e.Want))
	if len(e.Enabled) == 0 {
		b.WriteString(" (no action is: the state reached has no successors)")
		return b.String()
	}
	b.WriteString(" (enabled: ")
	// The actions that read like the recorded one come first, so that the cut never hides them.
	listed := append(alike, slices.DeleteFunc(slices.Clone(e.Enabled), func(r ActionRecord) bool { return r.String() == want })...)
	for i, r := range listed[:min(len(listed), maxEnabled)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(text(r))
	}
	if n := len(listed) - maxEnabled; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	b.WriteString(")")
	return b.String()
}

// atNode names the node (and sender) of r: " at node rm1", " at node n1 from n0".
func atNode(r ActionRecord) string {
	s := " at no node"
	if r.Node != "" {
		s = " at node " + r.Node
	}
	if r.From != "" {
		s += " from " + r.From
	}
	return s
}

// matchIdentity refuses a trace of another protocol or configuration than m's.
func matchIdentity[S any](m model.Model[S], t *Trace) error {
	protocol, params := Identity(m)
	field := ""
	switch {
	case protocol != t.Protocol:
		field = "protocol"
	case !maps.Equal(params, t.Params):
		field = "params"
	default:
		return nil
	}
	return &MismatchError{Field: field, Trace: describe(t.Protocol, t.Params), Model: describe(protocol, params)}
}

// findProperty returns m's property of the trace's name and kind, or builtin = true for
// explore's built-in PanicProperty of a model that has no property of that name.
func findProperty[S any](m model.Model[S], t *Trace) (p model.Property[S], builtin bool, err error) {
	ps := m.Properties()
	var names []string
	for _, q := range ps {
		names = append(names, strconv.Quote(q.Name))
		if q.Name != t.Property {
			continue
		}
		if q.Kind.String() != t.Kind {
			return p, false, &MismatchError{
				Field: "kind",
				Trace: t.Kind + " property " + strconv.Quote(t.Property),
				Model: q.Kind.String() + " property " + strconv.Quote(q.Name),
			}
		}
		if q.Holds == nil {
			return p, false, fmt.Errorf("replay: property %q has no predicate", q.Name)
		}
		return q, false, nil
	}
	if t.Property == model.PanicProperty && t.Kind == model.KindAlways.String() {
		return p, true, nil
	}
	list := strings.Join(names, ", ")
	if list == "" {
		list = "none"
	}
	return p, false, &MismatchError{Field: "property", Trace: strconv.Quote(t.Property), Model: list}
}

// follow re-executes the trace's steps from its initial state.
func follow[S any](m model.Model[S], t *Trace) (explore.Path[S], error) {
	var path explore.Path[S]
	inits, p := initStates(m)
	switch {
	case p != nil:
		return path, fmt.Errorf("replay: the model's Init panicked: %v", p)
	case t.Init >= len(inits):
		return path, fmt.Errorf("replay: the trace starts from initial state %d, but the model has %d initial states", t.Init, len(inits))
	}
	path.Init = inits[t.Init]
	names := actorNames(m)
	cur := path.Init
	for i, want := range t.Steps {
		succ, p := successors(m, cur)
		if p != nil {
			return path, fmt.Errorf("replay: step %d: the model's Next panicked in the state reached by the steps before it: %v", i+1, p)
		}
		found := false
		var enabled []ActionRecord
		for _, s := range succ {
			rec := Record(s.a, names)
			if rec.Equal(want) {
				path.Steps = append(path.Steps, explore.Step[S]{Action: s.a, State: s.s})
				cur, found = s.s, true
				break
			}
			enabled = append(enabled, rec)
		}
		if !found {
			return path, &DivergedError{Step: i + 1, Want: want, Enabled: enabled}
		}
	}
	return path, nil
}

// holds evaluates a property's predicate, turning a panic into an error.
func holds[S any](p model.Property[S], s S, where string) (ok bool, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("replay: property %q panicked in %s: %v", p.Name, where, x)
		}
	}()
	return p.Holds(s), nil
}

// afterSteps is " after N steps" for a path of n steps.
func afterSteps(n int) string {
	if n == 1 {
		return "after 1 step"
	}
	return "after " + strconv.Itoa(n) + " steps"
}

// stateAt names the state after i steps of a path.
func stateAt(i int) string {
	if i == 0 {
		return "the initial state"
	}
	return "the state " + afterSteps(i)
}

// failer is implemented by actor.System's states.
type failer interface{ Failure() *actor.Failure }

func confirmAlways[S any](p model.Property[S], path explore.Path[S]) (bool, string, error) {
	last := path.Last()
	ok, err := holds(p, last, "the last state")
	if err != nil {
		return false, "", err
	}
	if ok {
		return false, fmt.Sprintf("%s holds in the last state (%s): the bug is fixed or the trace no longer reaches it", p.Name, afterSteps(path.Len())), nil
	}
	detail := fmt.Sprintf("%s does not hold in the last state (%s)", p.Name, afterSteps(path.Len()))
	if f, ok := any(last).(failer); ok {
		if fl := f.Failure(); fl != nil {
			detail += ": " + fl.String()
		}
	}
	return true, detail, nil
}

// confirmPanic judges explore's built-in PanicProperty: m.Next panics on the last state.
func confirmPanic[S any](m model.Model[S], path explore.Path[S]) (bool, string) {
	_, p := successors(m, path.Last())
	if p == nil {
		return false, fmt.Sprintf("Next no longer panics expanding the last state (%s): the bug is fixed or the trace no longer reaches it", afterSteps(path.Len()))
	}
	return true, fmt.Sprintf("Next panics expanding the last state (%s): %v", afterSteps(path.Len()), p)
}

// predicatePanic returns the first property whose predicate panics in s, and the panic's value.
func predicatePanic[S any](m model.Model[S], s S) (name string, panicked any) {
	for _, p := range m.Properties() {
		for _, f := range []func(S) bool{p.Holds, p.Then} {
			if f == nil {
				continue
			}
			if x := func() (x any) {
				defer func() { x = recover() }()
				f(s)
				return nil
			}(); x != nil {
				return p.Name, x
			}
		}
	}
	return "", nil
}
