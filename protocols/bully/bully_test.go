package bully_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/bully"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kinds counts the actions of a path by kind.
func kinds(p []model.Action) map[model.ActionKind]int {
	out := map[model.ActionKind]int{}
	for _, a := range p {
		out[a.Kind]++
	}
	return out
}

// Without crashes, the highest node is elected on every execution and every node learns it.
func TestBullyElectsTheHighest(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		t.Run(fmt.Sprint("nodes=", n), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, bully.New, bully.Config{Nodes: n}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// reelected is reached where the highest of n nodes is down and every live node follows the
// next one.
func reelected(n int) model.Property[*actor.State] {
	top := model.NodeID(n - 1)
	return properties.Sometimes("Reelected", func(s *actor.State) bool {
		for i := range top {
			if s.Up(i) && actor.NodeAs[*bully.Node](s, i).Leader != top-1 {
				return false
			}
		}
		return !s.Up(top) && s.Up(top-1)
	})
}

// Under crashes — of the coordinator after its election, of a node that answered before it
// announces, of any node at any step — there is never more than one live coordinator, a live
// node never follows a live coordinator that is not the highest live node, and every live
// node comes to know the highest live node,
// on every execution that is weakly fair: under actor.TimersInOrder time passes as timers
// fire, so the answering node's timeout comes due however often the waiting node starts again.
// The search is exhaustive.
func TestBullyElectsTheHighestLiveNodeUnderCrashes(t *testing.T) {
	for _, c := range []bully.Config{
		{Nodes: 3, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Faults: actor.Faults{Crashes: 2}},
		{Nodes: 4, Faults: actor.Faults{Crashes: 1}},
	} {
		t.Run(fmt.Sprintf("nodes=%d,crashes=%d", c.Nodes, c.Faults.Crashes), func(t *testing.T) {
			sys := actortest.System(t, bully.New, c)
			require.Equal(t, actor.TimersInOrder, sys.Timers)
			// Not vacuous: the search reaches a state where the highest node is down and
			// every live node follows the next one.
			sys.Props = append(sys.Props, reelected(c.Nodes))
			res := distcheck.Check(t, sys)
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Termination under crashes rests on timeouts of known length: with timers that fire in any
// order once the network is quiet (actor.TimersWhenQuiet, which ignores the durations), the search finds a
// loop in which a node that got an Answer times out and starts again before the answering
// node's own timeout fires.
func TestBullyTerminationUnderCrashesNeedsTimeoutsInOrder(t *testing.T) {
	sys := actortest.System(t, bully.New, bully.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}})
	sys.Timers = actor.TimersWhenQuiet
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Elected"), distcheck.Workers(1), distcheck.TraceDir(t.TempDir()))
	v := distcheck.Violation(t, res, "Elected")
	require.GreaterOrEqual(t, v.Loop, 0, "a lasso, not a dead end")
	var loop []model.Action
	for _, st := range v.Path.Steps[v.Loop:] {
		loop = append(loop, st.Action)
	}
	require.Equal(t, 1, kinds(loop)[model.ActionTimeout], "the waiting node's timeout, and no other")
	for _, a := range loop {
		if a.Kind == model.ActionTimeout {
			assert.Equal(t, bully.CoordinatorTimer, a.Msg, "T′ fires, T does not")
		}
	}
}

// On random schedules too, every live node comes to know the highest live node under crashes,
// and the same walks find both mistakes that leave a node stuck.
func TestBullyTerminatesUnderCrashesOnRandomSchedules(t *testing.T) {
	for _, c := range []bully.Config{
		{Nodes: 3, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 4, Faults: actor.Faults{Crashes: 2}},
		{Nodes: 3, Faults: actor.Faults{Crashes: 1}, Bug: bully.BugNoReelection},
		{Nodes: 4, Faults: actor.Faults{Crashes: 2}, Bug: bully.BugWaitForever},
	} {
		t.Run(fmt.Sprintf("nodes=%d,crashes=%d,bug=%s", c.Nodes, c.Faults.Crashes, c.Bug), func(t *testing.T) {
			opts := []distcheck.Option{distcheck.Strategy(explore.Random), distcheck.Walks(2000), distcheck.MaxDepth(80),
				distcheck.InShort(distcheck.Walks(300)), distcheck.TraceDir(t.TempDir())}
			if c.Bug != bugs.None {
				opts = append(opts, distcheck.ExpectViolation("Elected"))
			}
			sys := actortest.System(t, bully.New, c)
			if c.Bug == bugs.None {
				// Not vacuous: some walks crash the highest node and elect the next one.
				sys.Props = append(sys.Props, reelected(c.Nodes))
			}
			res := distcheck.Check(t, sys, opts...)
			require.NotNil(t, res)
			assert.Positive(t, res.Walks)
			if c.Bug != bugs.None {
				distcheck.Violation(t, res, "Elected")
			}
		})
	}
}

// stuck checks bug's counterexample to Elected under crashes: not the loop of
// TestBullyTerminationUnderCrashesNeedsTimeoutsInOrder but a path that ends,
// after a crash, with a live node that does not know the highest live node — no timing rules
// it out. It returns the final state.
func stuck(t *testing.T, bug bugs.Bug, crashes int) *actor.State {
	t.Helper()
	sys := actortest.System(t, bully.New, bully.Config{Nodes: 3, Faults: actor.Faults{Crashes: crashes}, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Elected"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Elected")
	assert.Negative(t, v.Loop, "a path that ends, not a loop")
	assert.Positive(t, v.Path.Kinds()[model.ActionCrash])
	return v.Path.Last()
}

// A node whose probe of the coordinator goes unanswered, and that begins no election, follows
// the crashed coordinator forever, and so does every other.
func TestNoReelectionFollowsACrashedCoordinator(t *testing.T) {
	last := stuck(t, bully.BugNoReelection, 1)
	for i := range last.NumNodes() {
		if id := model.NodeID(i); last.Up(id) {
			leader := actor.NodeAs[*bully.Node](last, id).Leader
			assert.False(t, leader == model.NoNode || last.Up(leader), "n%d follows n%d", id, leader)
		}
	}
}

// A node that got an Answer and waits for the Coordinator without a timeout waits forever when
// the answering node crashes before announcing itself.
func TestWaitForeverWaitsForACrashedNode(t *testing.T) {
	last := stuck(t, bully.BugWaitForever, 2)
	waiting := false
	for i := range last.NumNodes() {
		if id := model.NodeID(i); last.Up(id) {
			waiting = waiting || actor.NodeAs[*bully.Node](last, id).Phase == bully.Answered
		}
	}
	assert.True(t, waiting, "a live node waits in Answered")
}

// twoCoordinators checks bug's counterexample to AtMostOneCoordinator: two live nodes that
// believe they coordinate, the highest among them, and no fault.
func twoCoordinators(t *testing.T, bug bugs.Bug) {
	t.Helper()
	sys := actortest.System(t, bully.New, bully.Config{Nodes: 3, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AtMostOneCoordinator"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "AtMostOneCoordinator")
	coords := bully.Coordinators(v.Path.Last())
	require.Len(t, coords, 2)
	assert.Contains(t, coords, model.NodeID(2), "the highest announced itself")
	for _, st := range v.Path.Steps {
		assert.NotEqual(t, model.ActionCrash, st.Action.Kind)
	}
}

// A node that announces itself when its timeout fires, Answer or not, coordinates beside the
// highest node.
func TestDeclareDespiteAnswerElectsTwo(t *testing.T) {
	twoCoordinators(t, bully.BugDeclareDespiteAnswer)
}

// In an asynchronous system a timeout is not a crash: a node times out before the highest
// node's Answer arrives and announces itself beside it.
func TestAsynchronousElectsTwo(t *testing.T) {
	twoCoordinators(t, bully.BugAsynchronous)
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, c := range map[string]bully.Config{
		"TestDeclareDespiteAnswerElectsTwo":          {Nodes: 3, Bug: bully.BugDeclareDespiteAnswer},
		"TestAsynchronousElectsTwo":                  {Nodes: 3, Bug: bully.BugAsynchronous},
		"TestNoReelectionFollowsACrashedCoordinator": {Nodes: 3, Faults: actor.Faults{Crashes: 1}, Bug: bully.BugNoReelection},
		"TestWaitForeverWaitsForACrashedNode":        {Nodes: 3, Faults: actor.Faults{Crashes: 2}, Bug: bully.BugWaitForever},
	} {
		sys := actortest.System(t, bully.New, c)
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := bully.New(bully.Config{Nodes: 1})
	assert.EqualError(t, err, "bully: nodes is 1, want at least 2")
	_, err = bully.New(bully.Config{Nodes: 3, Bug: "x"})
	assert.EqualError(t, err, `bully: unknown bug "x" (known: declare-despite-answer, asynchronous, no-reelection, wait-forever)`)
}
