package paxos

import (
	"strconv"
)

// Ballot is a proposal number (the paper's n). Ballots only ever compare; zero means none.
// Proposers draw them from disjoint sets, so no two proposers issue the same ballot (see
// BallotFor).
type Ballot int

// Value is a value a proposer proposes and the acceptors may choose.
type Value string

// Proposal is a ballot and a value: what an acceptor accepts. The zero Proposal is none.
type Proposal struct {
	Ballot Ballot
	Value  Value
}

// String shows a proposal as ballot:value, or "-" for none.
func (p Proposal) String() string {
	if p.Ballot == 0 {
		return "-"
	}
	return strconv.Itoa(int(p.Ballot)) + ":" + string(p.Value)
}

// The messages of the two phases, named as in "Paxos Made Simple" (section 2.2): phase 1 is a
// prepare request and its promise, phase 2 an accept request; Accepted tells the learners
// (section 2.3).
type (
	// Prepare is a prepare request (phase 1a): a proposer asks the acceptors to promise not
	// to accept proposals numbered less than Ballot.
	Prepare struct {
		Ballot Ballot
	}
	// Promise answers a prepare request (phase 1b): the acceptor promises Ballot and reports
	// the highest-numbered proposal it has accepted, if any (AcceptedBallot 0 means none).
	Promise struct {
		Ballot         Ballot
		AcceptedBallot Ballot
		AcceptedValue  Value
	}
	// Accept is an accept request (phase 2a): a proposer asks the acceptors to accept the
	// proposal (Ballot, Value).
	Accept struct {
		Ballot Ballot
		Value  Value
	}
	// Accepted tells a learner that its sender accepted the proposal (Ballot, Value)
	// (phase 2b).
	Accepted struct {
		Ballot Ballot
		Value  Value
	}
)

// RetryTimer is a proposer's timer: when it fires, the proposer abandons its ballot and tries
// again with a higher one, while it has rounds left.
type RetryTimer struct{}

// BallotFor returns the ballot of a proposer's round: proposer index of proposers, counting
// rounds from 1, takes the ballots index+1, index+1+proposers, index+1+2·proposers, ... — the
// disjoint sets of proposal numbers the paper asks for.
func BallotFor(round, index, proposers int) Ballot {
	return Ballot((round-1)*proposers + index + 1)
}

// Majority returns the size of a majority of n acceptors.
func Majority(n int) int { return n/2 + 1 }
