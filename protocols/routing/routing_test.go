package routing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/routing"
)

func topology(t *testing.T, spec string) sim.Topology {
	t.Helper()
	topo, err := sim.ParseTopology(spec)
	require.NoError(t, err)
	return topo
}

func fail(t *testing.T, specs ...string) []sim.LinkFailure {
	t.Helper()
	var out []sim.LinkFailure
	for _, s := range specs {
		l, err := sim.ParseLinkFailure(s)
		require.NoError(t, err)
		out = append(out, l)
	}
	return out
}

func run(t *testing.T, e routing.Experiment) (routing.Stats, *sim.Result) {
	t.Helper()
	if e.Duration == 0 {
		e.Duration = 40 * time.Second
	}
	if e.Latency == (sim.Dist{}) {
		e.Latency = sim.Dist{Kind: sim.Uniform, A: 0.01, B: 0.1}
	}
	st, res, err := e.Run(context.Background())
	require.NoError(t, err)
	return st, res
}

// line is n0 – n1 – n2, and the link n1–n2 fails at 10 s: n0 and n1 route to n2 through each
// other's stale news, the two-node case of counting to infinity.
func line(t *testing.T, bug bugs.Bug, seed uint64, judge bool) routing.Experiment {
	return routing.Experiment{Config: routing.Config{Bug: bug}, Nodes: 3, Topology: topology(t, "edges:0-1,1-2"),
		Failures: fail(t, "n1-n2@10s"), Seed: seed, Judge: judge}
}

// Split horizon, with or without poisoned reverse, fixes the two-node case: no route is
// ever longer than two hops, and every table is right at the end (n2 unreachable from n0).
func TestSplitHorizonFixesTheTwoNodeCase(t *testing.T) {
	for _, bug := range []bugs.Bug{bugs.None, routing.BugNoPoisonedReverse} {
		for seed := uint64(1); seed <= 3; seed++ {
			st, res := run(t, line(t, bug, seed, true))
			require.Nil(t, res.Violation, "%q seed %d", bug, seed)
			assert.True(t, st.Converged(), "%q seed %d: %+v", bug, seed, st)
			assert.Equal(t, 2, st.MaxRoute)
			_, dist := res.Nodes[0].(routing.Router).Table()
			assert.Equal(t, routing.Infinity, dist[2])
			assert.Less(t, st.Convergence, 4*time.Second, "detection within 3 s, then one message")
		}
	}
}

// Without split horizon n0 and n1 count to infinity: SimpleRoutes fails (a route of three
// hops among three routers), and unjudged they count to 15 before they give n2 up.
func TestWithoutSplitHorizonRoutersCountToInfinity(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		_, res := run(t, line(t, routing.BugNoSplitHorizon, seed, true))
		require.NotNil(t, res.Violation, "seed %d", seed)
		assert.Equal(t, routing.SimpleRoutes, res.Violation.Property)
		assert.Greater(t, res.Violation.At, 10*time.Second)

		st, _ := run(t, line(t, routing.BugNoSplitHorizon, seed, false))
		assert.Equal(t, routing.Infinity-1, st.MaxRoute)
		assert.True(t, st.Converged(), "RIP's infinity bounds the count")
	}
	// Counting costs a round trip per two steps: with 200 ms links, seconds more than the fix.
	slow := sim.Const(200 * time.Millisecond)
	fixed := line(t, bugs.None, 1, false)
	fixed.Latency = slow
	counting := line(t, routing.BugNoSplitHorizon, 1, false)
	counting.Latency = slow
	a, _ := run(t, fixed)
	b, _ := run(t, counting)
	assert.Greater(t, b.Convergence, a.Convergence+2*time.Second)
}

// Split horizon without poisoned reverse converges later: a router that stops advertising a
// route to the neighbour it now goes through leaves that neighbour its old entry, which lingers
// until it expires (Dead, 3 s). On 10 routers of random 3-regular overlays, one link failing
// at 10 s, it converges seconds later on many seeds and never much earlier.
func TestWithoutPoisonedReverseOldRoutesLinger(t *testing.T) {
	late := 0
	for seed := uint64(1); seed <= 20; seed++ {
		var conv [2]time.Duration
		for i, bug := range []bugs.Bug{bugs.None, routing.BugNoPoisonedReverse} {
			e := routing.Experiment{Config: routing.Config{Bug: bug}, Nodes: 10, Topology: sim.Topology{Kind: sim.RandomRegular, Degree: 3}, Seed: seed}
			_, res := run(t, e)
			e.Failures = []sim.LinkFailure{{A: 0, B: res.Peers[0].Peers[0], Start: 10 * time.Second}}
			st, _ := run(t, e)
			require.True(t, st.Converged(), "%q seed %d", bug, seed)
			conv[i] = st.Convergence
		}
		assert.Greater(t, conv[1], conv[0]-200*time.Millisecond, "seed %d", seed)
		if conv[1] > conv[0]+2*time.Second {
			late++
		}
	}
	assert.GreaterOrEqual(t, late, 5, "seeds on which split horizon alone converged 2 s later or more")
}

// Split horizon does not fix a loop of three: n0, n1 and n2 form a triangle and n3 hangs off
// n2; when n2–n3 fails, n0 and n1 each learn n3 from the other and count to infinity round
// the triangle, poisoned reverse or not.
func TestSplitHorizonDoesNotFixALoopOfThree(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		e := routing.Experiment{Nodes: 4, Topology: topology(t, "edges:0-1,1-2,2-0,2-3"), Failures: fail(t, "2-3@10s"), Seed: seed, Judge: true}
		_, res := run(t, e)
		require.NotNil(t, res.Violation, "seed %d", seed)
		assert.Equal(t, routing.SimpleRoutes, res.Violation.Property)
	}
}

// Link state converges after a failure and after the repair, on a square where a link goes
// down and up again while another fails for good; every LSA held is the newest received.
func TestLinkStateConvergesAfterFailureAndRepair(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		e := routing.Experiment{LinkState: true, Nodes: 4, Topology: topology(t, "edges:0-1,1-2,2-3,3-0"),
			Failures: fail(t, "0-1@5s-20s", "1-2@10s"), Seed: seed, Judge: true}
		st, res := run(t, e)
		require.Nil(t, res.Violation, "seed %d", seed)
		assert.True(t, st.Converged(), "seed %d: %+v", seed, st)
		assert.Equal(t, 20*time.Second, st.LastEvent)
		assert.Less(t, st.Convergence, time.Second, "a repaired link is up at its first hello")
		assert.Equal(t, 3, st.MaxRoute, "n1 reaches n2 the long way round")
	}
}

// Ignoring sequence numbers, a router installs an old LSA that arrives after a newer one
// (flooding over paths of different latency reorders them): NewestLSA fails, and unjudged
// some tables are wrong at the end.
func TestLinkStateIgnoringSequenceNumbersKeepsOldNews(t *testing.T) {
	wrong := 0
	for seed := uint64(1); seed <= 3; seed++ {
		e := routing.Experiment{LinkState: true, Config: routing.Config{Bug: routing.BugIgnoreSeq}, Nodes: 4,
			Topology: topology(t, "edges:0-1,1-2,2-3,3-0"), Failures: fail(t, "0-1@5s-20s", "1-2@10s"), Seed: seed, Judge: true}
		_, res := run(t, e)
		require.NotNil(t, res.Violation, "seed %d", seed)
		assert.Equal(t, routing.NewestLSA, res.Violation.Property)
		e.Judge = false
		st, _ := run(t, e)
		wrong += st.Routes - st.Correct
	}
	assert.Positive(t, wrong)
}

// On a random overlay of 20 routers, after two links fail, both routers end with every table
// right (DV may count to infinity on the way, round loops of three or more).
func TestTablesCorrectOnARandomOverlay(t *testing.T) {
	for _, ls := range []bool{false, true} {
		e := routing.Experiment{LinkState: ls, Nodes: 20, Topology: sim.Topology{Kind: sim.RandomRegular, Degree: 3},
			Seed: 4, Duration: 60 * time.Second}
		_, res := run(t, e)
		e.Failures = []sim.LinkFailure{{A: 0, B: res.Peers[0].Peers[0], Start: 10 * time.Second}, {A: 7, B: res.Peers[7].Peers[1], Start: 20 * time.Second}}
		st, _ := run(t, e)
		assert.True(t, st.Converged(), "link state %v: %+v", ls, st)
		assert.Equal(t, 400, st.Routes)
		assert.Equal(t, 20*time.Second, st.LastEvent)
	}
}

// The same seed gives the same bytes; another seed does not.
func TestSameSeedSameBytes(t *testing.T) {
	out := func(seed uint64) []byte {
		st, res := run(t, line(t, routing.BugNoSplitHorizon, seed, false))
		var b bytes.Buffer
		require.NoError(t, res.Report(10).WriteJSON(&b))
		j, err := json.Marshal(st.Map())
		require.NoError(t, err)
		return append(b.Bytes(), j...)
	}
	a := out(1)
	assert.Equal(t, a, out(1))
	assert.NotEqual(t, a, out(2))
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []routing.Config{{Period: -1}, {Dead: -1}, {Period: time.Second, Dead: time.Second}, {Infinity: 1}, {Bug: "nope"}} {
		assert.Error(t, c.Validate(routing.DVCatalog), "%+v", c)
	}
	assert.Error(t, routing.Config{Bug: routing.BugIgnoreSeq}.Validate(routing.DVCatalog))
	assert.NoError(t, routing.Config{Bug: routing.BugIgnoreSeq}.Validate(routing.LSCatalog))
}
