package multipaxos

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Acceptor is an acceptor of every slot and a replica that executes the log. As an acceptor
// it keeps, in stable storage, one promise for the whole log and, per slot, the proposal it
// accepted: it promises a ballot at least as high as any it promised, reporting its log, and
// accepts a proposal in a slot unless it promised a higher ballot. As a replica it commits
// what the leader says is chosen and executes the committed commands in slot order, never
// past a slot that is not committed yet.
type Acceptor struct {
	// Promised is the highest ballot promised (stable storage).
	Promised Ballot `distcheck:"durable"`
	// Log holds, per slot, the proposal accepted (stable storage).
	Log []Entry `distcheck:"durable"`
	// Voted is a history variable, as in Lamport's specifications: every proposal this
	// acceptor ever accepted, in order of slot, ballot and command. The algorithm never reads
	// it; the properties do, to know which commands were chosen.
	Voted []Vote `distcheck:"durable"`
	// Committed holds, per slot, the command committed ("" for none).
	Committed []Command `distcheck:"durable"`
	// Executed are the commands executed, in order.
	Executed []Command `distcheck:"durable"`
	// LastVote is the proposal accepted last, in the buggy variant BugLastVoteOnly only: its
	// promises report that one alone (stable storage).
	LastVote Vote `distcheck:"durable"`

	Bug bugs.Bug `distcheck:"-"`
}

// AcceptorConfig is what an acceptor is told when it is made.
type AcceptorConfig struct {
	// Slots is the length of the log.
	Slots int
}

// NewAcceptor returns an acceptor and replica of a log of the given length, with the named bug.
func NewAcceptor(slots int, bug bugs.Bug) *Acceptor {
	return &Acceptor{Log: make([]Entry, slots), Committed: make([]Command, slots), Bug: bug}
}

// Init does nothing: an acceptor only answers.
func (a *Acceptor) Init(actor.Context) {}

// Handle answers prepare and accept requests, and commits and executes commands.
func (a *Acceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Prepare:
		if m.Ballot < a.Promised {
			return
		}
		a.Promised = m.Ballot
		var accepted []Vote
		for i, e := range a.Log {
			if e.Ballot != 0 {
				accepted = append(accepted, Vote{Slot: i + 1, Ballot: e.Ballot, Command: e.Command})
			}
		}
		if a.Bug == BugLastVoteOnly {
			accepted = nil
			if a.LastVote.Ballot != 0 {
				accepted = []Vote{a.LastVote}
			}
		}
		ctx.Send(from, Promise{Ballot: m.Ballot, Accepted: accepted})
	case Accept:
		i := m.Slot - 1
		if m.Ballot < a.Promised || i < 0 || i >= len(a.Log) {
			return
		}
		a.Promised = m.Ballot
		a.Log[i] = Entry{Ballot: m.Ballot, Command: m.Command}
		a.vote(Vote{Slot: m.Slot, Ballot: m.Ballot, Command: m.Command})
		if a.Bug == BugLastVoteOnly {
			a.LastVote = Vote{Slot: m.Slot, Ballot: m.Ballot, Command: m.Command}
		}
		ctx.Send(from, Accepted(m))
	case Commit:
		i := m.Slot - 1
		if i < 0 || i >= len(a.Committed) || a.Committed[i] != "" {
			return
		}
		a.Committed[i] = m.Command
		if a.Bug == BugExecuteOutOfOrder {
			a.Executed = append(a.Executed, m.Command) // at once, whatever came before
			return
		}
		for len(a.Executed) < len(a.Committed) && a.Committed[len(a.Executed)] != "" {
			a.Executed = append(a.Executed, a.Committed[len(a.Executed)])
		}
	}
}

// Timeout is unused: acceptors set no timers.
func (a *Acceptor) Timeout(actor.Context, actor.Timer) {}

func (a *Acceptor) vote(v Vote) {
	i, found := slices.BinarySearchFunc(a.Voted, v, compareVotes)
	if !found {
		a.Voted = slices.Insert(a.Voted, i, v)
	}
}

func compareVotes(a, b Vote) int {
	return cmp.Or(cmp.Compare(a.Slot, b.Slot), cmp.Compare(a.Ballot, b.Ballot), cmp.Compare(a.Command, b.Command))
}

// String shows the promise, the accepted log and the executed commands, for diagrams.
func (a *Acceptor) String() string {
	return fmt.Sprintf("promised %d log %s executed %s", a.Promised, logString(a.Log), commandsString(a.Executed))
}
