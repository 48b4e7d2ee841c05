// Package twophase is Lamport's TwoPhase.tla — the two-phase commit protocol with a transaction
// manager (TM) and N resource managers (RMs) — written at distcheck's spec layer, action for
// action, so that its state counts can be compared with TLC's: with 3 RMs it has 288 distinct
// states (1,146 generated, depth 11); with 5 RMs, 8,832.
//
// The state packs rmState into two bits per RM, and tmPrepared and the "Prepared" messages into
// bitmasks, so a state is three machine words and exploring it allocates nothing.
package twophase

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// MaxRMs is the largest number of resource managers a State can hold.
const MaxRMs = 32

// An RM's state, as in the spec.
const (
	Working   = 0
	Prepared  = 1
	Committed = 2
	Aborted   = 3
)

// The TM's state, as in the spec.
const (
	TMInit      = 0
	TMCommitted = 1
	TMAborted   = 2
)

// State is a global state of TwoPhase. It is a value: successors are new States.
type State struct {
	// RM holds rmState: two bits per resource manager, RM r at bits 2r and 2r+1.
	RM uint64
	// TMPrepared has bit r set when r ∈ tmPrepared.
	TMPrepared uint32
	// MsgPrepared has bit r set when [type |-> "Prepared", rm |-> r] ∈ msgs.
	MsgPrepared uint32
	// TM is tmState.
	TM uint8
	// MsgCommit and MsgAbort say whether [type |-> "Commit"] and [type |-> "Abort"] ∈ msgs.
	MsgCommit, MsgAbort bool
}

// RMState returns rmState[r].
func (s State) RMState(r int) int { return int(s.RM>>(2*r)) & 3 }

func (s State) withRM(r, st int) State {
	s.RM = s.RM&^(3<<(2*r)) | uint64(st)<<(2*r)
	return s
}

// The named buggy variants.
const (
	// BugEarlyCommit lets the TM commit as soon as one RM has prepared, instead of all of
	// them: an RM that has not prepared may then abort while another commits.
	BugEarlyCommit bugs.Bug = "early-commit"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "twophase", Variants: []bugs.Variant{
	{Bug: BugEarlyCommit, Summary: "the TM commits when only some RMs have prepared"},
}}

// Model is TwoPhase with a given number of RMs.
type Model struct {
	rms  int
	bug  bugs.Bug
	all  uint32 // the set RM as a bitmask
	prop []model.Property[State]
	// live is set by NewWithTermination.
	live bool
}

// New returns TwoPhase with rms resource managers (1 to MaxRMs) and the given variant.
func New(rms int, bug bugs.Bug) (*Model, error) {
	if rms < 1 || rms > MaxRMs {
		return nil, fmt.Errorf("twophase: rms is %d, want 1 to %d", rms, MaxRMs)
	}
	if err := Catalog.Check(bug); err != nil {
		return nil, err
	}
	m := &Model{rms: rms, bug: bug, all: uint32(1<<rms - 1)}
	m.prop = []model.Property[State]{
		properties.Always("TypeOK", m.typeOK),
		properties.Always("TCConsistent", m.consistent),
		properties.Sometimes("SomeRMCommits", m.someCommitted),
	}
	return m, nil
}

// NewWithTermination returns TwoPhase with the liveness property Termination (eventually every
// RM has committed or aborted) added, judged under weak fairness of actions: TwoPhase.tla's
// specification with WF_vars(TPNext) per action. Without fairness it fails at once — a TM
// may receive the same Prepared message forever.
func NewWithTermination(rms int, bug bugs.Bug) (*Model, error) {
	m, err := New(rms, bug)
	if err != nil {
		return nil, err
	}
	m.live = true
	m.prop = append(m.prop, properties.Eventually("Termination", m.decided))
	return m, nil
}

// Fairness returns FairActions for a model with Termination, and FairNone otherwise.
func (m *Model) Fairness() model.Fairness {
	if m.live {
		return model.FairActions
	}
	return model.FairNone
}

// decided holds when every RM has committed or aborted.
func (m *Model) decided(s State) bool {
	for r := range m.rms {
		if st := s.RMState(r); st != Committed && st != Aborted {
			return false
		}
	}
	return true
}

// RMs returns the number of resource managers.
func (m *Model) RMs() int { return m.rms }

// Identity names the protocol and its configuration for traces.
func (m *Model) Identity() (string, map[string]string) {
	p := map[string]string{"rms": strconv.Itoa(m.rms)}
	if m.bug != bugs.None {
		p["bug"] = string(m.bug)
	}
	if m.live {
		p["termination"] = "1"
	}
	return "twophase", p
}

// Init emits TPInit: every RM working, the TM in init, no messages.
func (m *Model) Init(emit func(State)) { emit(State{}) }

// Next emits the successors of s, in the order of TPNext: TMCommit, TMAbort, then for each RM
// in turn TMRcvPrepared, RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg.
func (m *Model) Next(s State, emit func(model.Action, State)) {
	tm := model.NodeID(0)
	if s.TM == TMInit {
		ready := s.TMPrepared == m.all
		if m.bug == BugEarlyCommit {
			ready = s.TMPrepared != 0
		}
		if ready { // TMCommit
			t := s
			t.TM, t.MsgCommit = TMCommitted, true
			emit(model.Step("TMCommit", tm), t)
		}
		// TMAbort
		t := s
		t.TM, t.MsgAbort = TMAborted, true
		emit(model.Step("TMAbort", tm), t)
	}
	for r := range m.rms {
		rm := model.NodeID(r + 1)
		bit := uint32(1) << r
		if s.TM == TMInit && s.MsgPrepared&bit != 0 { // TMRcvPrepared(r)
			t := s
			t.TMPrepared |= bit
			emit(model.StepArg("TMRcvPrepared", tm, r+1), t)
		}
		if s.RMState(r) == Working {
			t := s.withRM(r, Prepared) // RMPrepare(r)
			t.MsgPrepared |= bit
			emit(model.StepArg("RMPrepare", rm, r+1), t)
			emit(model.StepArg("RMChooseToAbort", rm, r+1), s.withRM(r, Aborted))
		}
		if s.MsgCommit { // RMRcvCommitMsg(r)
			emit(model.StepArg("RMRcvCommitMsg", rm, r+1), s.withRM(r, Committed))
		}
		if s.MsgAbort { // RMRcvAbortMsg(r)
			emit(model.StepArg("RMRcvAbortMsg", rm, r+1), s.withRM(r, Aborted))
		}
	}
}

// Fingerprint hashes the state's words.
func (m *Model) Fingerprint(s State) uint64 {
	h := value.Mix(s.RM, uint64(s.TMPrepared)|uint64(s.MsgPrepared)<<32)
	x := uint64(s.TM)
	if s.MsgCommit {
		x |= 1 << 8
	}
	if s.MsgAbort {
		x |= 1 << 9
	}
	return value.Finalize(value.Mix(h, x))
}

// Properties returns TypeOK and TCConsistent (invariants) and SomeRMCommits (reachability).
func (m *Model) Properties() []model.Property[State] { return m.prop }

// typeOK is the spec's TypeOK, for what the packed representation can still get wrong: no RM,
// prepared set or message outside RM, and a TM state in range.
func (m *Model) typeOK(s State) bool {
	rmBits := uint64(1)<<(2*m.rms) - 1
	if m.rms == MaxRMs {
		rmBits = ^uint64(0)
	}
	return s.RM&^rmBits == 0 && s.TMPrepared&^m.all == 0 && s.MsgPrepared&^m.all == 0 && s.TM <= TMAborted
}

// consistent is TCConsistent: no RM has committed while another has aborted.
func (m *Model) consistent(s State) bool {
	var committed, aborted bool
	for r := range m.rms {
		switch s.RMState(r) {
		case Committed:
			committed = true
		case Aborted:
			aborted = true
		}
	}
	return !(committed && aborted)
}

func (m *Model) someCommitted(s State) bool {
	for r := range m.rms {
		if s.RMState(r) == Committed {
			return true
		}
	}
	return false
}

// ActorNames returns "TM", "rm1", ..., "rmN".
func (m *Model) ActorNames() []string {
	names := []string{"TM"}
	for r := 1; r <= m.rms; r++ {
		names = append(names, "rm"+strconv.Itoa(r))
	}
	return names
}

var rmNames = [...]string{"working", "prepared", "committed", "aborted"}
var tmNames = [...]string{"init", "committed", "aborted"}

// ActorState describes actor i's part of s: the TM's state and tmPrepared, or an RM's state.
func (m *Model) ActorState(s State, i int) string {
	if i == 0 {
		var prep []string
		for r := range m.rms {
			if s.TMPrepared&(1<<r) != 0 {
				prep = append(prep, "rm"+strconv.Itoa(r+1))
			}
		}
		return fmt.Sprintf("%s prepared={%s}", tmNames[s.TM], strings.Join(prep, ","))
	}
	return rmNames[s.RMState(i-1)]
}
