package explore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
)

// duel is single-decree Paxos at the spec layer, with 3 acceptors and up to 2 proposers and no
// leader election: a proposer that learns of a higher ballot starts again with a higher one.
// Each step is one proposer–acceptor exchange (a prepare/promise or an accept/accepted pair).
//
// Ballots only ever compare, so after every step they are renamed to their ranks (1, 2, ...):
// the renamed system behaves the same, and duelling proposers, whose ballots would grow without
// end, go round a finite cycle instead.
type duel struct {
	proposers int
}

const acceptors = 3

// Proposer phases.
const (
	idle = iota
	preparing
	accepting
	finished
)

type paxosState struct {
	// Proposer p's ballot, phase, acceptors that promised (or accepted, in phase 2), the
	// highest accepted ballot and value reported in promises, and the value it proposes.
	Ballot, Phase, Acks, High, HighV, Value [2]uint8
	// Acceptor a's promised ballot, accepted ballot and accepted value.
	Promised, Accepted, AcceptedV [acceptors]uint8
}

func (d *duel) Init(emit func(paxosState)) { emit(paxosState{}) }

func majority(acks uint8) bool { return popcount(acks)*2 > acceptors }

func popcount(x uint8) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func (d *duel) Next(s paxosState, emit func(model.Action, paxosState)) {
	for p := range d.proposers {
		me := model.NodeID(p)
		top := uint8(0)
		for _, b := range append(append(s.Ballot[:], s.Promised[:]...), s.Accepted[:]...) {
			top = max(top, b)
		}
		switch s.Phase[p] {
		case idle:
			t := s
			t.Ballot[p], t.Phase[p], t.Acks[p], t.High[p], t.HighV[p] = top+1, preparing, 0, 0, 0
			emit(model.Step("Start", me), normalize(t))
		case preparing, accepting:
			for a := range acceptors {
				bit := uint8(1) << a
				if s.Acks[p]&bit != 0 {
					continue
				}
				t := s
				switch {
				case s.Phase[p] == preparing && s.Promised[a] < s.Ballot[p]:
					t.Promised[a] = s.Ballot[p]
					t.Acks[p] |= bit
					if s.Accepted[a] > t.High[p] {
						t.High[p], t.HighV[p] = s.Accepted[a], s.AcceptedV[a]
					}
					if majority(t.Acks[p]) {
						t.Phase[p], t.Acks[p], t.Value[p] = accepting, 0, uint8(p+1)
						if t.High[p] > 0 {
							t.Value[p] = t.HighV[p]
						}
					}
					emit(model.StepArg("Prepare", me, a), normalize(t))
				case s.Phase[p] == accepting && s.Promised[a] <= s.Ballot[p]:
					t.Promised[a], t.Accepted[a], t.AcceptedV[a] = s.Ballot[p], s.Ballot[p], s.Value[p]
					t.Acks[p] |= bit
					if majority(t.Acks[p]) {
						t.Phase[p] = finished
					}
					emit(model.StepArg("Accept", me, a), normalize(t))
				}
			}
			// A higher promise anywhere is what a rejection would tell: start again, higher.
			if slices.ContainsFunc(s.Promised[:], func(b uint8) bool { return b > s.Ballot[p] }) {
				t := s
				t.Ballot[p], t.Phase[p], t.Acks[p], t.High[p], t.HighV[p] = top+1, preparing, 0, 0, 0
				emit(model.Step("Restart", me), normalize(t))
			}
		}
	}
}

// normalize renames the state's ballots to their ranks, keeping 0 (none) as 0.
func normalize(s paxosState) paxosState {
	var all []uint8
	for _, b := range [][]uint8{s.Ballot[:], s.High[:], s.Promised[:], s.Accepted[:]} {
		all = append(all, b...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	rank := func(b uint8) uint8 {
		if b == 0 {
			return 0
		}
		i, _ := slices.BinarySearch(all, b)
		if all[0] == 0 {
			return uint8(i)
		}
		return uint8(i + 1)
	}
	for i := range s.Ballot {
		s.Ballot[i], s.High[i] = rank(s.Ballot[i]), rank(s.High[i])
	}
	for a := range acceptors {
		s.Promised[a], s.Accepted[a] = rank(s.Promised[a]), rank(s.Accepted[a])
	}
	return s
}

func (d *duel) Fingerprint(s paxosState) uint64 { return value.HashValue(s) }

// chosen returns the values accepted by a majority of acceptors in one ballot.
func chosen(s paxosState) []uint8 {
	var out []uint8
	for a := range acceptors {
		if s.Accepted[a] == 0 {
			continue
		}
		n := 0
		for b := range acceptors {
			if s.Accepted[b] == s.Accepted[a] {
				n++
			}
		}
		if n*2 > acceptors && !slices.Contains(out, s.AcceptedV[a]) {
			out = append(out, s.AcceptedV[a])
		}
	}
	return out
}

func (d *duel) Properties() []model.Property[paxosState] {
	return []model.Property[paxosState]{
		properties.Always("Agreement", func(s paxosState) bool { return len(chosen(s)) <= 1 }),
		properties.Sometimes("SomethingChosen", func(s paxosState) bool { return len(chosen(s)) == 1 }),
		properties.Eventually("EventuallyChosen", func(s paxosState) bool { return len(chosen(s)) == 1 }),
	}
}

// Two proposers without a leader can pre-empt each other forever: "eventually a value is
// chosen" fails by a lasso in which they take turns restarting, even though every action that
// stays enabled is eventually taken (weak fairness per action).
func TestPaxosDuellingProposersNeverChoose(t *testing.T) {
	f := model.FairActions
	res, err := explore.Run(context.Background(), &duel{proposers: 2}, explore.Options{Fairness: &f, Workers: 1})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1, "%v", res.Violations)
	v := res.Violations[0]
	assert.Equal(t, "EventuallyChosen", v.Property)
	require.GreaterOrEqual(t, v.Loop, 0, "a lasso")
	restarts := map[model.NodeID]int{}
	for _, st := range v.Path.Steps[v.Loop:] {
		if st.Action.Name == "Restart" {
			restarts[st.Action.Node]++
		}
	}
	assert.Positive(t, restarts[0], "proposer 0 restarts in the loop")
	assert.Positive(t, restarts[1], "proposer 1 restarts in the loop")
	start := v.Path.Init
	if v.Loop > 0 {
		start = v.Path.Steps[v.Loop-1].State
	}
	assert.Equal(t, start, v.Path.Last(), "the loop returns to its start")
	for _, st := range v.Path.Steps {
		assert.Empty(t, chosen(st.State), "nothing is chosen on the way")
	}
}

// With a single, stable proposer a value is always chosen.
func TestPaxosWithOneProposerChooses(t *testing.T) {
	for _, f := range []model.Fairness{model.FairNone, model.FairActions} {
		res, err := explore.Run(context.Background(), &duel{proposers: 1}, explore.Options{Fairness: &f, Workers: 1})
		require.NoError(t, err)
		assert.True(t, res.OK(), "%s: %v", f, res.Violations)
		assert.True(t, res.Exhaustive)
	}
}
