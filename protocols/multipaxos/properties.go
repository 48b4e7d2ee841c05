package multipaxos

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Replica is what the properties read of an acceptor, which is a replica too: Acceptor, a
// buggy variant, or a student's acceptor (see package multipaxostest). The properties only
// read what the methods return, and never modify it.
//
// What they return must survive a crash: keep it in fields tagged `distcheck:"durable"`, as
// Acceptor does. A vote history that a crash erases would hide a chosen command, and the
// properties would then judge a correct replica's commits wrong.
type Replica interface {
	actor.Node
	// VoteHistory returns every proposal the acceptor ever accepted — slot, ballot and
	// command — in any order. It is a history variable, as in Lamport's specifications: the
	// algorithm never reads it, and it keeps an acceptance even after a higher ballot
	// replaces it in the acceptor's log. A command is chosen in a slot when a majority of the
	// acceptors accepted it there at one ballot.
	VoteHistory() []Vote
	// CommittedLog returns, per slot (index slot−1), the command the replica committed: the
	// one a Commit message told it is chosen, "" for a slot not committed yet.
	CommittedLog() []Command
	// ExecutedLog returns the commands the replica executed, in the order it executed them.
	ExecutedLog() []Command
}

// VoteHistory returns Voted.
func (a *Acceptor) VoteHistory() []Vote { return a.Voted }

// CommittedLog returns Committed.
func (a *Acceptor) CommittedLog() []Command { return a.Committed }

// ExecutedLog returns Executed.
func (a *Acceptor) ExecutedLog() []Command { return a.Executed }

// properties returns the system's properties (see Build), which read the nodes at the
// acceptors' IDs as Replicas.
func (c Config) properties() []model.Property[*actor.State] {
	acceptors := c.AcceptorIDs()
	valid := []Command{NoOp}
	for i := range c.Leaders {
		valid = append(valid, Commands(i, c.Slots)...)
	}
	replicasOf := func(s *actor.State) []Replica {
		out := make([]Replica, len(acceptors))
		for i, id := range acceptors {
			out[i] = s.Node(id).(Replica) // Build checked it
		}
		return out
	}
	return []model.Property[*actor.State]{
		properties.Always("Agreement", func(s *actor.State) bool {
			for _, cmds := range chosen(replicasOf(s), c.Slots) {
				if len(cmds) > 1 {
					return false
				}
			}
			return true
		}),
		properties.Always("Validity", func(s *actor.State) bool {
			for _, cmds := range chosen(replicasOf(s), c.Slots) {
				for _, cmd := range cmds {
					if !slices.Contains(valid, cmd) {
						return false
					}
				}
			}
			return true
		}),
		properties.Always("CommitsChosen", func(s *actor.State) bool {
			rs := replicasOf(s)
			chosen := chosen(rs, c.Slots)
			for _, r := range rs {
				for i, cmd := range r.CommittedLog() {
					if cmd != "" && (i >= len(chosen) || !slices.Equal(chosen[i], []Command{cmd})) {
						return false
					}
				}
			}
			return true
		}),
		properties.Always("ExecutedPrefix", func(s *actor.State) bool {
			rs := replicasOf(s)
			chosen := chosen(rs, c.Slots)
			for _, r := range rs {
				for i, cmd := range r.ExecutedLog() {
					if i >= len(chosen) || !slices.Equal(chosen[i], []Command{cmd}) {
						return false
					}
				}
			}
			return true
		}),
		properties.Sometimes("AllExecuted", func(s *actor.State) bool {
			for _, r := range replicasOf(s) {
				if len(r.ExecutedLog()) == c.Slots {
					return true
				}
			}
			return false
		}),
	}
}

// replicas returns the nodes of s that implement Replica: the acceptors.
func replicas(s *actor.State) []Replica {
	var out []Replica
	for _, n := range s.Nodes() {
		if r, ok := n.(Replica); ok {
			out = append(out, r)
		}
	}
	return out
}

// Chosen returns, per slot (index slot−1), the commands chosen in s, sorted: those accepted in
// that slot by a majority of the acceptors at one ballot. The acceptors are the nodes that
// implement Replica; the slots run up to the longest committed log, or the highest slot any
// acceptor voted in if that is higher.
func Chosen(s *actor.State) [][]Command {
	rs := replicas(s)
	slots := 0
	for _, r := range rs {
		slots = max(slots, len(r.CommittedLog()))
		for _, v := range r.VoteHistory() {
			slots = max(slots, v.Slot)
		}
	}
	return chosen(rs, slots)
}

// chosen returns, per slot of a log of the given length, the commands chosen by the replicas'
// votes, sorted. A vote counts once per acceptor, however often its history repeats it; votes
// outside the log count for nothing.
func chosen(rs []Replica, slots int) [][]Command {
	out := make([][]Command, slots)
	var votes []Vote
	for _, r := range rs {
		mine := r.VoteHistory()
		if !increasing(mine) { // a student's history, maybe: sort and deduplicate a copy
			mine = slices.Compact(slices.SortedFunc(slices.Values(mine), compareVotes))
		}
		votes = append(votes, mine...)
	}
	slices.SortFunc(votes, compareVotes)
	for i := 0; i < len(votes); {
		j := i
		for j < len(votes) && votes[j] == votes[i] {
			j++
		}
		slot := votes[i].Slot - 1
		if j-i >= Majority(len(rs)) && slot >= 0 && slot < slots && !slices.Contains(out[slot], votes[i].Command) {
			out[slot] = append(out[slot], votes[i].Command)
			slices.Sort(out[slot])
		}
		i = j
	}
	return out
}

// increasing reports whether votes are sorted and without repeats, as Acceptor keeps them.
func increasing(votes []Vote) bool {
	for i := 1; i < len(votes); i++ {
		if compareVotes(votes[i-1], votes[i]) >= 0 {
			return false
		}
	}
	return true
}
