package explorer

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// View is the current state of an exploration, as the page's script receives it.
type View struct {
	// Protocol and Params identify the model (counterexamples.Identity).
	Protocol string            `json:"protocol"`
	Params   map[string]string `json:"params,omitempty"`
	// Step is the number of steps taken; Init the initial state's index among Inits.
	Step  int `json:"step"`
	Init  int `json:"init"`
	Inits int `json:"inits"`
	// Path are the steps taken, described in one line each.
	Path []string `json:"path"`
	// Actors are the actors' states; Whole the whole state, for a model without actors.
	Actors []ActorView `json:"actors"`
	Whole  string      `json:"whole,omitempty"`
	// ActorLayer says whether the model is a actor.System, whose states have messages in
	// flight, timers, crashes and partitions.
	ActorLayer bool `json:"actorLayer"`
	// InFlight are the messages in flight (actor layer).
	InFlight []string `json:"inflight"`
	// Partition describes the network's partition, if it is split.
	Partition string `json:"partition,omitempty"`
	// Faults says which faults the path has used, if any.
	Faults string `json:"faults,omitempty"`
	// History are the clients' recorded operations, if any.
	History []string `json:"history,omitempty"`
	// Failure describes the node that failed in the last step, if one did.
	Failure string `json:"failure,omitempty"`
	// Actions are the actions enabled in the current state, in the model's order.
	Actions []ActionView `json:"actions"`
	// Properties are each property's value in the current state.
	Properties []PropertyView `json:"properties"`
	// Violated names the first always property that is false in the current state.
	Violated string `json:"violated,omitempty"`
	// SVG is the path drawn as a space-time diagram (counterexamples' HTML page's).
	SVG string `json:"svg"`
	// Error reports what went wrong describing the state, if anything did.
	Error string `json:"error,omitempty"`
}

// ActorView is one actor's state: its text (the node's String method if it has one), and,
// for the actor layer's nodes, whether it is down and its pending timers.
type ActorView struct {
	Name   string   `json:"name"`
	State  string   `json:"state"`
	Down   bool     `json:"down,omitempty"`
	Timers []string `json:"timers,omitempty"`
}

// ActionView is an enabled action.
type ActionView struct {
	// Index is the action's position among the enabled actions, which choose takes.
	Index int `json:"index"`
	// Kind is model.ActionKind's name ("deliver", "timeout", "crash", "step", ...).
	Kind string `json:"kind"`
	// Label describes the action in one line (counterexamples.ActionText).
	Label string `json:"label"`
	// Fault says whether the action is a fault (model.ActionKind.IsFault).
	Fault bool `json:"fault,omitempty"`
	// Violates names the always property the action's successor violates, if any.
	Violates string `json:"violates,omitempty"`
}

// PropertyView is a property's value in the current state: for always and sometimes
// properties whether it holds there; for liveness properties whether its predicate does now.
type PropertyView struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Holds bool   `json:"holds"`
	// Then is a leads-to property's second predicate's value.
	Then  *bool  `json:"then,omitempty"`
	Error string `json:"error,omitempty"`
}

func (e *engine[S]) view() (*View, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	protocol, params := counterexamples.Identity(e.m)
	p := e.path
	v := &View{Protocol: protocol, Params: params, Step: p.Len(), Init: e.init, Inits: len(e.inits),
		Path: []string{}, Actors: []ActorView{}, InFlight: []string{}, Actions: []ActionView{}}
	s := p.Last()
	if prop, ok := e.violated(s); ok {
		v.Violated = prop.Name
	}
	v.Properties = e.properties(s)
	succ, err := e.successors()
	if err != nil {
		v.Error = err.Error()
	}
	for i, st := range succ {
		a := ActionView{Index: i, Kind: st.Action.Kind.String(), Label: counterexamples.ActionText(st.Action, e.names), Fault: st.Action.Kind.IsFault()}
		if prop, ok := e.violated(st.State); ok && v.Violated == "" {
			a.Violates = prop.Name
		}
		v.Actions = append(v.Actions, a)
	}
	if err := e.describe(v, p); err != nil {
		v.Error = strings.TrimSpace(v.Error + "\n" + err.Error())
	}
	return v, nil
}

// properties evaluates every property of the model in s.
func (e *engine[S]) properties(s S) []PropertyView {
	out := []PropertyView{}
	for _, prop := range e.m.Properties() {
		pv := PropertyView{Name: prop.Name, Kind: prop.Kind.String()}
		holds, err := evaluate(prop.Holds, s)
		pv.Holds = holds
		if err != nil {
			pv.Error = err.Error()
		}
		if prop.Kind == model.KindLeadsTo && prop.Then != nil {
			then, err := evaluate(prop.Then, s)
			pv.Then = &then
			if err != nil {
				pv.Error = err.Error()
			}
		}
		out = append(out, pv)
	}
	return out
}

// describe fills in the view's state, path and diagram from the timeline of path p.
func (e *engine[S]) describe(v *View, p explore.Path[S]) error {
	property := v.Violated
	if property == "" {
		property = model.PanicProperty
		for _, prop := range e.m.Properties() {
			if prop.Kind == model.KindAlways {
				property = prop.Name
				break
			}
		}
	}
	t, err := e.pathTrace(p, property, "")
	if err != nil {
		return fmt.Errorf("describing the path: %w", err)
	}
	r := &counterexamples.Replayed[S]{Trace: t, Path: p, Reproduced: v.Violated != ""}
	if r.Reproduced {
		r.Detail = v.Violated + " is false"
	} else {
		r.Detail = "no always property is violated"
	}
	tl, err := counterexamples.NewTimeline(e.m, r)
	if err != nil {
		return err
	}
	for _, ev := range tl.Steps {
		v.Path = append(v.Path, ev.Text)
	}
	v.SVG = tl.SVG()
	f := tl.At(len(tl.Steps))
	v.Failure = f.Failure
	for _, m := range f.InFlight {
		v.InFlight = append(v.InFlight, m.FromName+"→"+m.ToName+" "+m.Summary)
	}
	if !tl.HasActors {
		v.Whole = f.Whole
		return nil
	}
	for i, name := range tl.Actors {
		v.Actors = append(v.Actors, ActorView{Name: name, State: f.States[i]})
	}
	if st, ok := any(p.Last()).(*actor.State); ok {
		v.ActorLayer = true
		describeSystem(v, st, e.names)
	}
	return nil
}

// describeSystem adds what an actor-layer state holds beyond its nodes' texts: which nodes
// are down, their timers, the partition, the faults used and the history.
func describeSystem(v *View, s *actor.State, names []string) {
	for i := 0; i < s.NumNodes() && i < len(v.Actors); i++ {
		id := model.NodeID(i)
		v.Actors[i].Down = !s.Up(id)
		for _, t := range s.Timers(id) {
			v.Actors[i].Timers = append(v.Actors[i].Timers, value.Format(t))
		}
	}
	if part, split := s.Partitioned(); split {
		var group []string
		for _, n := range part.Group {
			group = append(group, nameOf(n, names))
		}
		how := "cut off from the others"
		if part.OneWay {
			how = "cannot send to the others (one-way)"
		}
		v.Partition = fmt.Sprintf("{%s} %s", strings.Join(group, ", "), how)
	}
	if used := s.FaultsUsed(); used != (actor.FaultCounts{}) {
		var parts []string
		for _, c := range []struct {
			n    int
			what string
		}{{used.Drops, "drops"}, {used.Duplicates, "duplicates"}, {used.Crashes, "crashes"},
			{used.Recoveries, "recoveries"}, {used.Partitions, "partitions"}, {used.ByzantineSends, "Byzantine sends"}} {
			if c.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
			}
		}
		v.Faults = strings.Join(parts, ", ")
	}
	for _, op := range s.History() {
		text := fmt.Sprintf("%s op %d: %s", nameOf(op.ID.Client, names), op.ID.Index, value.Format(op.Input))
		if op.Returned {
			text += " → " + value.Format(op.Output)
		} else {
			text += " (pending)"
		}
		v.History = append(v.History, text)
	}
}

// nameOf returns node id's name.
func nameOf(id model.NodeID, names []string) string {
	if id >= 0 && int(id) < len(names) {
		return names[id]
	}
	return fmt.Sprint(int(id))
}
