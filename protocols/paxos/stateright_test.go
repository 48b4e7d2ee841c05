package paxos_test

// A port of Stateright's Single Decree Paxos example (stateright/examples/paxos.rs, with the
// RegisterActor clients of src/actor/register.rs), to compare state counts and speed.
// Stateright reports 16,668 distinct states for 2 clients and 3 servers on an unordered
// non-duplicating network, and 1,194,428 distinct (2,420,477 generated) for 3 clients.
//
// The port keeps Stateright's state exactly — a server's ballot (round, id), proposal,
// prepares map, accepts set, accepted proposal and decided flag; a client's awaited request
// and operation count; the register history for the linearizability check — so that a state
// of one maps to exactly one state of the other. One rule of Stateright's actor model differs
// from distcheck's default: Stateright does not let a message be delivered when the actor
// would ignore it (its handler neither changes its state nor sends anything:
// src/actor/model.rs, "Some operations are no-ops, so ignore those as well"); the message
// stays in flight. System.KeepIgnored is that rule, and with it the counts agree exactly.

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type (
	srBallot struct {
		Round int
		ID    model.NodeID
	}
	srProposal struct {
		Request   int
		Requester model.NodeID
		Value     rune
	}
	// srLast is Option<(Ballot, Proposal)>.
	srLast struct {
		Some     bool
		Ballot   srBallot
		Proposal srProposal
	}
)

func (b srBallot) compare(o srBallot) int {
	return cmp.Or(cmp.Compare(b.Round, o.Round), cmp.Compare(b.ID, o.ID))
}

// compare orders Option<(Ballot, Proposal)> as Rust does: None first, then by tuple.
func (l srLast) compare(o srLast) int {
	switch {
	case !l.Some || !o.Some:
		return cmp.Compare(boolInt(l.Some), boolInt(o.Some))
	case l.Ballot != o.Ballot:
		return l.Ballot.compare(o.Ballot)
	}
	return cmp.Or(cmp.Compare(l.Proposal.Request, o.Proposal.Request),
		cmp.Compare(l.Proposal.Requester, o.Proposal.Requester), cmp.Compare(l.Proposal.Value, o.Proposal.Value))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The messages: RegisterMsg and PaxosMsg.
type (
	srPut struct {
		Request int
		Value   rune
	}
	srGet   struct{ Request int }
	srPutOk struct{ Request int }
	srGetOk struct {
		Request int
		Value   rune
	}
	srPrepare  struct{ Ballot srBallot }
	srPrepared struct {
		Ballot srBallot
		Last   srLast
	}
	srAccept struct {
		Ballot   srBallot
		Proposal srProposal
	}
	srAccepted struct{ Ballot srBallot }
	srDecided  struct {
		Ballot   srBallot
		Proposal srProposal
	}
)

// srServer is PaxosActor.
type srServer struct {
	Ballot   srBallot
	Proposal *srProposal
	Prepares map[model.NodeID]srLast
	Accepts  map[model.NodeID]bool
	Accepted srLast
	Decided  bool

	Servers int `distcheck:"-"`
}

func (s *srServer) Init(actor.Context)                 {}
func (s *srServer) Timeout(actor.Context, actor.Timer) {}

func (s *srServer) Handle(ctx actor.Context, src model.NodeID, msg actor.Message) {
	id := ctx.ID()
	majority := s.Servers/2 + 1
	if s.Decided {
		if m, ok := msg.(srGet); ok {
			ctx.Send(src, srGetOk{Request: m.Request, Value: s.Accepted.Proposal.Value})
		}
		return
	}
	switch m := msg.(type) {
	case srPut:
		if s.Proposal != nil {
			return
		}
		s.Proposal = &srProposal{Request: m.Request, Requester: src, Value: m.Value}
		s.Prepares, s.Accepts = map[model.NodeID]srLast{}, map[model.NodeID]bool{}
		s.Ballot = srBallot{Round: s.Ballot.Round + 1, ID: id}
		s.Prepares[id] = s.Accepted
		s.broadcast(ctx, srPrepare{Ballot: s.Ballot})
	case srPrepare:
		if s.Ballot.compare(m.Ballot) >= 0 {
			return
		}
		s.Ballot = m.Ballot
		ctx.Send(src, srPrepared{Ballot: m.Ballot, Last: s.Accepted})
	case srPrepared:
		if m.Ballot != s.Ballot {
			return
		}
		s.Prepares[src] = m.Last
		if len(s.Prepares) == majority {
			var best srLast
			for _, l := range s.Prepares {
				if l.compare(best) > 0 {
					best = l
				}
			}
			proposal := *s.Proposal
			if best.Some {
				proposal = best.Proposal
			}
			s.Proposal = &proposal
			s.Accepted = srLast{Some: true, Ballot: m.Ballot, Proposal: proposal}
			s.Accepts[id] = true
			s.broadcast(ctx, srAccept{Ballot: m.Ballot, Proposal: proposal})
		}
	case srAccept:
		if s.Ballot.compare(m.Ballot) > 0 {
			return
		}
		s.Ballot = m.Ballot
		s.Accepted = srLast{Some: true, Ballot: m.Ballot, Proposal: m.Proposal}
		ctx.Send(src, srAccepted{Ballot: m.Ballot})
	case srAccepted:
		if m.Ballot != s.Ballot {
			return
		}
		s.Accepts[src] = true
		if len(s.Accepts) == majority {
			s.Decided = true
			s.broadcast(ctx, srDecided{Ballot: m.Ballot, Proposal: *s.Proposal})
			ctx.Send(s.Proposal.Requester, srPutOk{Request: s.Proposal.Request})
		}
	case srDecided:
		s.Ballot = m.Ballot
		s.Accepted = srLast{Some: true, Ballot: m.Ballot, Proposal: m.Proposal}
		s.Decided = true
	}
}

// broadcast sends msg to the servers other than this one (Stateright's model_peers): the
// nodes before the clients.
func (s *srServer) broadcast(ctx actor.Context, msg actor.Message) {
	for p := range s.Servers {
		if model.NodeID(p) != ctx.ID() {
			ctx.Send(model.NodeID(p), msg)
		}
	}
}

// srClient is RegisterActor::Client with put_count 1: it puts a value, then gets.
type srClient struct {
	Awaiting int // 0: none (request ids are never 0)
	OpCount  int
	Op       actor.OpID

	Servers int `distcheck:"-"`
}

// register returns the register value that a value of the port stands for: 0 is the empty
// register.
func register(v rune) string {
	if v == 0 {
		return ""
	}
	return string(v)
}

func (c *srClient) Init(ctx actor.Context) {
	index := int(ctx.ID())
	request, v := index, rune('A'+index-c.Servers)
	ctx.Send(model.NodeID(index%c.Servers), srPut{Request: request, Value: v})
	c.Op = ctx.Invoke(checks.Write(register(v)))
	c.Awaiting, c.OpCount = request, 1
}

func (c *srClient) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	if c.Awaiting == 0 {
		return
	}
	index := int(ctx.ID())
	switch m := msg.(type) {
	case srPutOk:
		if m.Request != c.Awaiting {
			return
		}
		ctx.Return(c.Op, checks.Result{})
		request := (c.OpCount + 1) * index
		ctx.Send(model.NodeID((index+c.OpCount)%c.Servers), srGet{Request: request})
		c.Op = ctx.Invoke(checks.Read())
		c.Awaiting, c.OpCount = request, c.OpCount+1
	case srGetOk:
		if m.Request != c.Awaiting {
			return
		}
		ctx.Return(c.Op, checks.Result{Value: register(m.Value)})
		c.Awaiting, c.OpCount = 0, c.OpCount+1
	}
}

func (c *srClient) Timeout(actor.Context, actor.Timer) {}

// stateRightPaxos is Stateright's example with 3 servers and the given number of clients,
// under Stateright's rule for ignored messages (System.KeepIgnored).
func stateRightPaxos(clients int) *actor.System {
	const servers = 3
	var nodes []actor.Node
	for range servers {
		nodes = append(nodes, &srServer{Servers: servers})
	}
	for range clients {
		nodes = append(nodes, &srClient{Servers: servers})
	}
	return &actor.System{
		Protocol:    "stateright-paxos",
		Nodes:       nodes,
		KeepIgnored: true,
		Props: []model.Property[*actor.State]{
			checks.Linearizable("linearizable", checks.RegisterModel()),
			properties.Sometimes("value chosen", func(s *actor.State) bool {
				for _, env := range s.InFlight() {
					if m, ok := env.Msg.(srGetOk); ok && m.Value != 0 {
						return true
					}
				}
				return false
			}),
		},
	}
}

// Stateright's example explores 16,668 distinct states with 2 clients; the port reaches exactly
// as many under Stateright's rule for ignored messages.
func TestStateRightPaxosExampleStateCount(t *testing.T) {
	res, err := explore.Run(context.Background(), stateRightPaxos(2), explore.Options{CollectAll: true})
	require.NoError(t, err)
	assert.Empty(t, res.Violations, "linearizable holds and a value is chosen")
	assert.True(t, res.Exhaustive)
	assert.Equal(t, int64(16_668), res.Distinct)
}

// Under distcheck's default rule a delivery always consumes its message, so a message the
// receiver ignores leads to a new state without it: 301,099 distinct states with 2 clients.
// Both rules reach exactly the same node states and histories (actor.System.KeepIgnored), so
// the same invariants hold.
func TestStateRightPaxosConsumingIgnoredMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("explores 301,099 states")
	}
	views := func(keep bool) (map[uint64]bool, int64) {
		var mu sync.Mutex
		seen := map[uint64]bool{}
		sys := stateRightPaxos(2)
		sys.KeepIgnored = keep
		sys.Props = append(sys.Props, properties.Always("record", func(s *actor.State) bool {
			h := value.Mix(value.Hash(s.Nodes()), s.HistoryFingerprint())
			mu.Lock()
			seen[h] = true
			mu.Unlock()
			return true
		}))
		res, err := explore.Run(context.Background(), sys, explore.Options{CollectAll: true})
		require.NoError(t, err)
		assert.Empty(t, res.Violations)
		return seen, res.Distinct
	}
	consumed, distinct := views(false)
	assert.Equal(t, int64(301_099), distinct)
	kept, distinct := views(true)
	assert.Equal(t, int64(16_668), distinct)
	assert.Equal(t, len(consumed), len(kept), "the same node states and histories")
	for h := range kept {
		require.True(t, consumed[h])
	}
}

// Guards the actor layer's allocations: exploring the port with 2 clients on one worker makes
// at most 11 allocations and 1,700 bytes per new state (measured: 10.4 and 1,634 — the new
// state itself, its State, node slot pointers, network and history, the handler runs that the
// step memo did not spare, and since the frontier is kept encoded, the state decoded from it
// and its encoding: 10.3 and 1,341 before, for a peak memory four times larger on 3 clients).
// Without the memo, which clones the receiving node and its maps on every step, it was 41.2
// and 6,224; with node slots copied into every state (64 bytes each), histories not
// hash-consed and a 288-byte State, 9.8 and 1,871.
func TestStateRightPaxosAllocationsPerState(t *testing.T) {
	var res *explore.Result[*actor.State]
	var err error
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err = explore.Run(context.Background(), stateRightPaxos(2), explore.Options{Workers: 1, CollectAll: true})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Equal(t, int64(16_668), res.Distinct)
	allocs := float64(after.Mallocs-before.Mallocs) / float64(res.Distinct)
	bytes := float64(after.TotalAlloc-before.TotalAlloc) / float64(res.Distinct)
	t.Logf("per new state: %.1f allocations, %.0f bytes", allocs, bytes)
	assert.LessOrEqual(t, allocs, 11.0)
	assert.LessOrEqual(t, bytes, 1700.0)
}

// Guards the size of the encoding in which a BFS keeps the frontier of an actor system
// (actor.System.AppendState): the port's states with 2 clients take at most 18 bytes each
// (measured: 16.4 — a flags byte, an id per node and per message in flight (1 byte each here:
// 2,184 distinct node states and 240 distinct messages on 3 clients), the history's id and the
// nodes sent to), where the same state in memory takes about 600.
func TestStateRightPaxosEncodedStateSize(t *testing.T) {
	sys := stateRightPaxos(2)
	var bytes, states atomic.Int64
	sys.Props = append(sys.Props, properties.Always("encoded", func(s *actor.State) bool {
		bytes.Add(int64(len(sys.AppendState(nil, s))))
		states.Add(1)
		return true
	}))
	res, err := explore.Run(context.Background(), sys, explore.Options{CollectAll: true})
	require.NoError(t, err)
	require.Equal(t, int64(16_668), res.Distinct)
	require.Equal(t, res.Distinct, states.Load())
	per := float64(bytes.Load()) / float64(states.Load())
	t.Logf("%.1f bytes per encoded state", per)
	assert.LessOrEqual(t, per, 18.0)
}

// BenchmarkStateRightPaxos explores the port with 2 and 3 clients under Stateright's rule and
// checks Stateright's counts: 16,668 distinct states with 2 clients; 1,194,428 distinct and
// 2,420,477 generated with 3, also under a memory budget of 48 MiB, about half of what the
// search takes in memory, so that it spills its visited set and frontier to disk (see
// Options.MaxMemory). It reports states/s, seconds and the peak of the Go heap.
func BenchmarkStateRightPaxos(b *testing.B) {
	for _, c := range []struct {
		clients             int
		distinct, generated int64
		budget              int64 // Options.MaxMemory in MiB, 0 for the default
	}{
		{2, 16_668, 0, 0},
		{3, 1_194_428, 2_420_477, 0},
		{3, 1_194_428, 2_420_477, 48},
	} {
		name := fmt.Sprintf("clients=%d", c.clients)
		if c.budget > 0 {
			name += fmt.Sprintf("/max-memory=%dMiB", c.budget)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				debug.FreeOSMemory() // what an earlier run left counts against the budget
				peak := trackPeakHeap()
				res, err := explore.Run(context.Background(), stateRightPaxos(c.clients), explore.Options{CollectAll: true, MaxMemory: c.budget << 20})
				heap := peak()
				if err != nil {
					b.Fatal(err)
				}
				if res.Distinct != c.distinct || (c.generated != 0 && res.Generated != c.generated) || len(res.Violations) != 0 {
					b.Fatalf("%d distinct, %d generated, %d violations, stopped: %s; Stateright: %d distinct, %d generated, none",
						res.Distinct, res.Generated, len(res.Violations), res.Stopped, c.distinct, c.generated)
				}
				b.ReportMetric(float64(res.Distinct), "states")
				b.ReportMetric(res.StatesPerSecond(), "states/s")
				b.ReportMetric(res.Elapsed.Seconds(), "s")
				b.ReportMetric(float64(heap)/(1<<20), "peak-MB")
				if c.budget > 0 {
					b.ReportMetric(float64(res.Spilled.States), "spilled-states")
				}
			}
		})
	}
}

// trackPeakHeap samples the memory the Go runtime holds (what it has mapped less what it has
// returned to the system, close to the resident memory) every 10ms, without stopping the world,
// until the returned function is called, which returns the largest sample.
func trackPeakHeap() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64()-sample[1].Value.Uint64())
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
