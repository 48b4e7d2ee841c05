package multipaxos

import (
	"fmt"
	"strings"
)

// Ballot is a leader's ballot; zero means none. Leader i uses ballot i+1.
type Ballot int

// Command is a command of the replicated log. NoOp fills a slot that a new leader finds empty
// below one that is not.
type Command string

// NoOp is the command that does nothing.
const NoOp Command = "noop"

// Entry is a slot's proposal: a ballot and a command. The zero Entry is none.
type Entry struct {
	Ballot  Ballot
	Command Command
}

// Vote is an acceptance of a command in a slot, at a ballot.
type Vote struct {
	Slot    int
	Ballot  Ballot
	Command Command
}

// The messages. Phase 1 runs once for every slot; phase 2 runs per slot.
type (
	// Prepare asks the acceptors to promise Ballot for every slot (phase 1a).
	Prepare struct {
		Ballot Ballot
	}
	// Promise promises Ballot and reports the acceptor's log: the proposal it accepted in
	// each slot where it accepted one (phase 1b).
	Promise struct {
		Ballot   Ballot
		Accepted []Vote
	}
	// Accept asks the acceptors to accept Command in Slot at Ballot (phase 2a).
	Accept struct {
		Ballot  Ballot
		Slot    int
		Command Command
	}
	// Accepted tells the leader that its sender accepted Command in Slot at Ballot (phase 2b).
	Accepted struct {
		Ballot  Ballot
		Slot    int
		Command Command
	}
	// Commit tells a replica that Command is chosen for Slot.
	Commit struct {
		Slot    int
		Command Command
	}
)

// TakeOverTimer is the standby leader's timer: when it fires, the standby suspects the leader
// and takes over with its higher ballot.
type TakeOverTimer struct{}

// Majority returns the size of a majority of n acceptors.
func Majority(n int) int { return n/2 + 1 }

// logString shows a log of entries as [1:a 1:b -], slot by slot.
func logString(log []Entry) string {
	var parts []string
	for _, e := range log {
		if e.Ballot == 0 {
			parts = append(parts, "-")
			continue
		}
		parts = append(parts, fmt.Sprintf("%d:%s", e.Ballot, e.Command))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// commandsString shows commands as [a b -], with - for none.
func commandsString(cmds []Command) string {
	var parts []string
	for _, c := range cmds {
		if c == "" {
			c = "-"
		}
		parts = append(parts, string(c))
	}
	return "[" + strings.Join(parts, " ") + "]"
}
