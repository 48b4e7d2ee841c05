package model

import (
	"fmt"
	"strings"
)

// NodeID identifies a node (or, at the spec layer, an actor): an index into the system's nodes.
type NodeID int

// NoNode is the NodeID of an action that no single node takes.
const NoNode NodeID = -1

// ActionKind says what sort of step an Action is.
type ActionKind uint8

// The kinds of action. Spec-layer models use ActionStep; the actor layer uses the others.
const (
	// ActionStep is a spec-layer action: Name(Arg) taken by actor Node, if any.
	ActionStep ActionKind = iota + 1
	// ActionDeliver delivers message Msg from From to Node, which handles it.
	ActionDeliver
	// ActionTimeout fires timer Msg at Node.
	ActionTimeout
	// ActionDrop loses one copy of message Msg from From to Node (a fault).
	ActionDrop
	// ActionDuplicate adds a copy of message Msg from From to Node (a fault).
	ActionDuplicate
	// ActionCrash stops Node (a fault).
	ActionCrash
	// ActionRecover restarts Node from its durable state (a repair, not a fault: see IsFault).
	ActionRecover
	// ActionPartition splits the network into the groups described by Msg (a fault).
	ActionPartition
	// ActionHeal ends a partition. It is not a fault: a split network heals eventually.
	ActionHeal
	// ActionByzantine is a message Msg that the adversary sends of its own accord, from its
	// identity From to Node; Name says how it came by it ("forge" or "replay").
	ActionByzantine
)

var actionKindNames = [...]string{
	ActionStep:      "step",
	ActionDeliver:   "deliver",
	ActionTimeout:   "timeout",
	ActionDrop:      "drop",
	ActionDuplicate: "duplicate",
	ActionCrash:     "crash",
	ActionRecover:   "recover",
	ActionPartition: "partition",
	ActionHeal:      "heal",
	ActionByzantine: "byzantine",
}

// String returns the kind's name as traces spell it, e.g. "deliver".
func (k ActionKind) String() string {
	if int(k) < len(actionKindNames) && actionKindNames[k] != "" {
		return actionKindNames[k]
	}
	return fmt.Sprintf("action(%d)", uint8(k))
}

// ParseActionKind is the inverse of ActionKind.String.
func ParseActionKind(s string) (ActionKind, error) {
	for k, name := range actionKindNames {
		if name != "" && name == s {
			return ActionKind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown action kind %q", s)
}

// IsFault reports whether the kind is a fault injected by the explorer or the adversary rather
// than a step of the protocol. Faults are optional: a behaviour may stop having them at any
// point, so for liveness a path ends in a state where only faults are enabled (or nothing).
// Recoveries and heals are not faults but repairs: a crashed node that the budget lets recover
// does so eventually, and a split network heals eventually.
func (k ActionKind) IsFault() bool {
	switch k {
	case ActionDrop, ActionDuplicate, ActionCrash, ActionPartition, ActionByzantine:
		return true
	}
	return false
}

// Action labels one step from a state to a successor. It is a small value so that spec-layer
// models can emit actions without allocating; traces store it by content (see package
// counterexamples), never by position, so saved traces survive unrelated changes.
type Action struct {
	// Kind says what sort of step this is.
	Kind ActionKind
	// Name is a spec-layer action's name ("TMCommit"), or a Byzantine step's name.
	Name string
	// Node is the actor that takes the step (the receiver of a delivery), or NoNode.
	Node NodeID
	// From is the sender of a delivered, dropped, duplicated or Byzantine message, or NoNode.
	From NodeID
	// Arg is a spec-layer action's integer parameter, if it has one (HasArg).
	Arg int
	// HasArg says whether Arg is part of the action.
	HasArg bool
	// Msg is the message, timer or partition the action carries, or nil.
	Msg any
	// Choices are the values that the node's nondeterministic choices took during the step, in
	// the order they were made.
	Choices []int
}

// Step returns a spec-layer action with no parameter, taken by actor node (or NoNode).
func Step(name string, node NodeID) Action {
	return Action{Kind: ActionStep, Name: name, Node: node, From: NoNode}
}

// StepArg returns a spec-layer action with an integer parameter, taken by actor node.
func StepArg(name string, node NodeID, arg int) Action {
	return Action{Kind: ActionStep, Name: name, Node: node, From: NoNode, Arg: arg, HasArg: true}
}

// String renders the action for people, e.g. "RMPrepare(2)" or "deliver n0→n1 Prepare{...}".
// It is not a stable key; traces store actions field by field.
func (a Action) String() string {
	var b strings.Builder
	switch a.Kind {
	case ActionStep:
		b.WriteString(a.Name)
		if a.HasArg {
			fmt.Fprintf(&b, "(%d)", a.Arg)
		}
	default:
		b.WriteString(a.Kind.String())
		if a.Name != "" {
			b.WriteString(" " + a.Name)
		}
		if a.From != NoNode {
			fmt.Fprintf(&b, " %d→%d", a.From, a.Node)
		} else if a.Node != NoNode {
			fmt.Fprintf(&b, " %d", a.Node)
		}
		if a.Msg != nil {
			fmt.Fprintf(&b, " %v", a.Msg)
		}
	}
	if len(a.Choices) > 0 {
		fmt.Fprintf(&b, " choices=%v", a.Choices)
	}
	return b.String()
}
