package multipaxos

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Phase is where a leader is.
type Phase string

// The phases of a leader.
const (
	// Standby: a leader waiting to take over, or one that never started.
	Standby Phase = ""
	// Preparing: it has sent its prepare request and collects promises (phase 1).
	Preparing Phase = "preparing"
	// Leading: a majority promised; it proposes a command per slot (phase 2).
	Leading Phase = "leading"
)

// LeaderConfig is what a leader is told when it is made.
type LeaderConfig struct {
	// Index is the leader's index among the leaders: its ballot is Index+1.
	Index int
	// Acceptors are the acceptors' node IDs; they are the replicas too.
	Acceptors []model.NodeID
	// Commands are the commands it proposes, in order, in the slots it is free to fill.
	Commands []Command
	// Slots is the length of the log.
	Slots int
	// Standby makes it wait for its TakeOverTimer before it starts.
	Standby bool
}

// Leader is a distinguished proposer and learner. The first leader starts at once; a standby
// leader takes over when its TakeOverTimer fires — at any moment, since any timing is possible.
//
// Phase 1 runs once for the whole log: the leader sends a prepare request for its ballot, and
// each promise reports the acceptor's accepted proposal in every slot. With a majority of
// promises, the leader proposes, slot by slot up to the highest slot any promise reported, the
// command of the highest-numbered proposal reported for that slot — or NoOp for a slot none
// reported, a hole that must not stay a gap — and then its own commands in the slots after.
// Phase 2 then runs per slot: the acceptors accept, and tell the leader; when a majority has
// accepted a slot's command, the leader knows it is chosen and tells the replicas to commit
// it.
//
// A leader keeps its ballot in stable storage and leads at most once: after a crash it stays
// a follower.
type Leader struct {
	// Ballot is the leader's ballot, once it has started (stable storage).
	Ballot Ballot `distcheck:"durable"`
	// Phase is where it is.
	Phase Phase
	// Promised are the acceptors that promised Ballot, in order.
	Promised []model.NodeID
	// Recovered holds, per slot, the highest-numbered proposal the promises reported.
	Recovered []Entry
	// Proposed holds, per slot, the command it proposed ("" for none).
	Proposed []Command
	// Acks holds, per slot, the acceptors that accepted its proposal.
	Acks [][]model.NodeID
	// Chosen holds, per slot, the command it learned is chosen and committed ("" for none).
	Chosen []Command

	Config LeaderConfig `distcheck:"-"`
	Bug    bugs.Bug     `distcheck:"-"`
}

// NewLeader returns the leader for cfg, with the named bug.
func NewLeader(cfg LeaderConfig, bug bugs.Bug) *Leader { return &Leader{Config: cfg, Bug: bug} }

// Init starts the first leader, and sets a standby's timer; a leader that has led before (and
// crashed) does neither.
func (l *Leader) Init(ctx actor.Context) {
	switch {
	case l.Ballot != 0:
	case l.Config.Standby:
		ctx.SetTimer(TakeOverTimer{}, 0)
	default:
		l.start(ctx)
	}
}

// Timeout makes a standby take over.
func (l *Leader) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(TakeOverTimer); ok && l.Ballot == 0 {
		l.start(ctx)
	}
}

// start sends the prepare request for the leader's ballot: phase 1a, for every slot.
func (l *Leader) start(ctx actor.Context) {
	n := l.Config.Slots
	l.Ballot, l.Phase = Ballot(l.Config.Index+1), Preparing
	l.Recovered, l.Proposed, l.Acks, l.Chosen = make([]Entry, n), make([]Command, n), make([][]model.NodeID, n), make([]Command, n)
	for _, a := range l.Config.Acceptors {
		ctx.Send(a, Prepare{Ballot: l.Ballot})
	}
}

// Handle collects promises (phase 1b) and acceptances (phase 2b).
func (l *Leader) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Promise:
		if l.Phase != Preparing || m.Ballot != l.Ballot || slices.Contains(l.Promised, from) {
			return
		}
		l.Promised = append(l.Promised, from)
		slices.Sort(l.Promised)
		for _, v := range m.Accepted {
			if i := v.Slot - 1; i >= 0 && i < len(l.Recovered) && v.Ballot > l.Recovered[i].Ballot {
				l.Recovered[i] = Entry{Ballot: v.Ballot, Command: v.Command}
			}
		}
		if len(l.Promised) >= Majority(len(l.Config.Acceptors)) {
			l.lead(ctx)
		}
	case Accepted:
		i := m.Slot - 1
		if l.Phase != Leading || m.Ballot != l.Ballot || i < 0 || i >= len(l.Proposed) ||
			m.Command != l.Proposed[i] || slices.Contains(l.Acks[i], from) {
			return
		}
		l.Acks[i] = append(l.Acks[i], from)
		slices.Sort(l.Acks[i])
		if l.acks(i) >= Majority(len(l.Config.Acceptors)) && l.Chosen[i] == "" {
			l.Chosen[i] = m.Command
			for _, r := range l.Config.Acceptors {
				ctx.Send(r, Commit{Slot: m.Slot, Command: m.Command})
			}
		}
	}
}

// acks returns the number of acceptors that accepted the proposal in slot i+1 — or, with the
// bug shared-acks, any of the leader's proposals.
func (l *Leader) acks(i int) int {
	if l.Bug != BugSharedAcks {
		return len(l.Acks[i])
	}
	var all []model.NodeID
	for _, a := range l.Acks {
		for _, id := range a {
			if !slices.Contains(all, id) {
				all = append(all, id)
			}
		}
	}
	return len(all)
}

// lead decides a command for each slot it may fill (phase 2a) and sends the accept requests.
func (l *Leader) lead(ctx actor.Context) {
	l.Phase = Leading
	next := 0 // the first slot free for the leader's own commands
	if l.Bug != BugSkipRecovery {
		for i, e := range l.Recovered {
			if e.Ballot != 0 {
				next = i + 1
			} else if l.Bug == BugStopAtGap {
				break
			}
		}
		for i := range next {
			l.Proposed[i] = NoOp
			if l.Recovered[i].Ballot != 0 {
				l.Proposed[i] = l.Recovered[i].Command
			}
		}
	}
	for k, cmd := range l.Config.Commands {
		if next+k < len(l.Proposed) {
			l.Proposed[next+k] = cmd
		}
	}
	for i, cmd := range l.Proposed {
		if cmd == "" {
			continue
		}
		for _, a := range l.Promised {
			ctx.Send(a, Accept{Ballot: l.Ballot, Slot: i + 1, Command: cmd})
		}
	}
}

// String shows the leader's ballot, phase, proposals and what it learned, for diagrams.
func (l *Leader) String() string {
	switch l.Phase {
	case Standby:
		if l.Ballot != 0 {
			return fmt.Sprintf("ballot %d (restarted: follows)", l.Ballot)
		}
		return "standby"
	case Preparing:
		return fmt.Sprintf("ballot %d preparing promises {%s} recovered %s", l.Ballot, names(l.Promised, l.Config.Acceptors), logString(l.Recovered))
	}
	return fmt.Sprintf("ballot %d leading proposed %s chosen %s", l.Ballot, commandsString(l.Proposed), commandsString(l.Chosen))
}

// names names the nodes ids by their index in acceptors: a0 a1 ...
func names(ids, acceptors []model.NodeID) string {
	var out []string
	for _, id := range ids {
		out = append(out, fmt.Sprintf("a%d", slices.Index(acceptors, id)))
	}
	return strings.Join(out, " ")
}
