package actor_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inOrder accepts num{Next} and ignores every other message; it fires its timer once.
type inOrder struct {
	Next  int
	Fired bool
}

func (r *inOrder) Init(ctx actor.Context) { ctx.SetTimer("t", 0) }
func (r *inOrder) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if msg.(num).N == r.Next {
		r.Next++
	}
}
func (r *inOrder) Timeout(actor.Context, actor.Timer) { r.Fired = true }

func inOrderPair(k int, keep bool) *actor.System {
	return &actor.System{
		Nodes:       []actor.Node{&sender{K: k}, &inOrder{}},
		KeepIgnored: keep,
		Timers:      actor.TimersWhenQuiet,
	}
}

// With KeepIgnored, a message the receiver ignores stays in flight until it is wanted: two
// messages accepted only in order make a line of states (next, in flight) (0,{0,1}), (1,{1}),
// (2,{}), and the timer fires only in the last, the only one where no delivery is a step:
// 4 states. By default the ignored deliveries consume messages too: (0,{0,1}), (1,{1}),
// (0,{0}), (1,{}), (2,{}), and the timer fires where nothing is in flight, (1,{}) and (2,{}):
// 7 states.
func TestKeepIgnoredLeavesIgnoredMessagesInFlight(t *testing.T) {
	keep := run(t, inOrderPair(2, true), explore.Options{Workers: 1})
	assert.Equal(t, int64(4), keep.Distinct)
	assert.Equal(t, int64(4), keep.Generated) // init + three steps, no ignored delivery
	consume := run(t, inOrderPair(2, false), explore.Options{Workers: 1})
	assert.Equal(t, int64(7), consume.Distinct)
}

// An ignored message does not hold back timers under TimersWhenQuiet with KeepIgnored: the
// network is quiet when no delivery is a step. Without it, a message in flight holds them back
// until it is consumed.
func TestKeepIgnoredMessagesDoNotHoldBackQuietTimers(t *testing.T) {
	firedWithMessage := func(s *actor.State) bool {
		return actor.NodeAs[*inOrder](s, 1).Fired && len(s.InFlight()) > 0
	}
	for _, keep := range []bool{true, false} {
		// The sender's only message is num{0}; the receiver waits for num{1} first.
		sys := &actor.System{
			Nodes:       []actor.Node{&sender{K: 1}, &inOrder{Next: 1}},
			KeepIgnored: keep,
			Timers:      actor.TimersWhenQuiet,
			Props:       []model.Property[*actor.State]{properties.Sometimes("fired with a message in flight", firedWithMessage)},
		}
		res := run(t, sys, explore.Options{Workers: 1})
		assert.Equal(t, keep, res.OK(), "keep=%v: %v", keep, res.Violations)
	}
}

// On a Duplicating network a delivery that changes nothing is a self-loop by default; with
// KeepIgnored it is no step. Hand count for a receiver that records the k messages: states are
// the subsets D of delivered messages either way; successors are the k deliveries from every
// D by default (k·2^k), and only the k-|D| new ones with KeepIgnored (k·2^(k-1)).
func TestKeepIgnoredDropsSelfLoopsOfDuplicatingNetworks(t *testing.T) {
	const k = 4
	for _, o := range []explore.Options{{Workers: 1}, {Workers: 2}, {Strategy: explore.DFS}} {
		sys := pair(k, actor.Duplicating, 0)
		sys.KeepIgnored = true
		res := run(t, sys, o)
		assert.Equal(t, int64(1<<k), res.Distinct)
		assert.Equal(t, int64(1+k<<(k-1)), res.Generated)
	}
}

func TestKeepIgnoredIsRefusedOnOrderedNetworks(t *testing.T) {
	sys := pair(2, actor.Ordered, 0)
	sys.KeepIgnored = true
	err := sys.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "KeepIgnored does not apply to an Ordered network")
}

// With KeepIgnored, a plain BFS's counterexample (whose path is found again by a second
// search, see package explore) is as short as the one a BFS that keeps parent links finds, and
// it replays. Three messages accepted only in order (the sender sends num{0}, num{1}, num{2})
// are all accepted after exactly three deliveries, the shortest path by hand.
func TestKeepIgnoredCounterexamplesAreShortestAndReplay(t *testing.T) {
	notAll := properties.Always("not all accepted", func(s *actor.State) bool {
		return actor.NodeAs[*inOrder](s, 1).Next < 3
	})
	// An Eventually property makes the search record the state graph and keep parents.
	always := properties.Eventually("anything", func(*actor.State) bool { return true })
	for _, withParents := range []bool{false, true} {
		for _, workers := range []int{1, 2} {
			sys := inOrderPair(3, true)
			sys.Props = []model.Property[*actor.State]{notAll}
			if withParents {
				sys.Props = append(sys.Props, always)
			}
			res := run(t, sys, explore.Options{Workers: workers})
			v, ok := res.Violation("not all accepted")
			require.True(t, ok, "parents=%v workers=%d: %v", withParents, workers, res.Violations)
			assert.Equal(t, 3, v.Path.Len(), "parents=%v workers=%d", withParents, workers)
			tr, err := counterexamples.New(sys, res, v)
			require.NoError(t, err)
			rep, err := counterexamples.Replay(sys, tr)
			require.NoError(t, err)
			assert.True(t, rep.Reproduced, rep.Detail)
		}
	}
}
