package paxos_test

// A port of Stateright's Single Decree Paxos example (stateright/examples/paxos.rs, with the
// RegisterActor clients of src/actor/register.rs), to compare state counts. Stateright reports
// 16,668 distinct states for 2 clients and 3 servers on an unordered non-duplicating network.
//
// The port keeps Stateright's state exactly — a server's ballot (round, id), proposal,
// prepares map, accepts set, accepted proposal and decided flag; a client's awaited request
// and operation count; the register history for the linearizability check — so that a state
// of one maps to exactly one state of the other. One rule of Stateright's actor model differs
// from distcheck's: Stateright does not let a message be delivered when the actor would ignore
// it (its handler neither changes its state nor sends anything: src/actor/model.rs, "Some
// operations are no-ops, so ignore those as well"); the message stays in flight for good. In
// distcheck a delivery always consumes the message, so an ignored message leaves a state
// without it. The wrapper stateright below removes those deliveries, and then the counts
// agree exactly.

import (
	"cmp"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
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
}

func (s *srServer) Init(model.Context)                 {}
func (s *srServer) Timeout(model.Context, model.Timer) {}

func (s *srServer) Handle(ctx model.Context, src model.NodeID, msg model.Message) {
	id := ctx.ID()
	majority := len(ctx.Nodes()) - 2 // servers: all nodes but the two clients
	majority = majority/2 + 1
	peers := servers(ctx, id)
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
		for _, p := range peers {
			ctx.Send(p, srPrepare{Ballot: s.Ballot})
		}
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
			for _, p := range peers {
				ctx.Send(p, srAccept{Ballot: m.Ballot, Proposal: proposal})
			}
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
			for _, p := range peers {
				ctx.Send(p, srDecided{Ballot: m.Ballot, Proposal: *s.Proposal})
			}
			ctx.Send(s.Proposal.Requester, srPutOk{Request: s.Proposal.Request})
		}
	case srDecided:
		s.Ballot = m.Ballot
		s.Accepted = srLast{Some: true, Ballot: m.Ballot, Proposal: m.Proposal}
		s.Decided = true
	}
}

// servers returns the servers other than id (Stateright's model_peers): the nodes before the
// two clients.
func servers(ctx model.Context, id model.NodeID) []model.NodeID {
	var out []model.NodeID
	for _, n := range ctx.Nodes()[:len(ctx.Nodes())-2] {
		if n != id {
			out = append(out, n)
		}
	}
	return out
}

// srClient is RegisterActor::Client with put_count 1: it puts a value, then gets.
type srClient struct {
	Awaiting int // 0: none (request ids are never 0)
	OpCount  int
	Op       model.OpID

	Servers int `distcheck:"-"`
}

// The register's operations and outputs, for the history.
type (
	write   struct{ Value rune }
	read    struct{}
	writeOk struct{}
	readOk  struct{ Value rune }
)

func (c *srClient) Init(ctx model.Context) {
	index := int(ctx.ID())
	request, v := index, rune('A'+index-c.Servers)
	ctx.Send(model.NodeID(index%c.Servers), srPut{Request: request, Value: v})
	c.Op = ctx.Invoke(write{v})
	c.Awaiting, c.OpCount = request, 1
}

func (c *srClient) Handle(ctx model.Context, _ model.NodeID, msg model.Message) {
	if c.Awaiting == 0 {
		return
	}
	index := int(ctx.ID())
	switch m := msg.(type) {
	case srPutOk:
		if m.Request != c.Awaiting {
			return
		}
		ctx.Return(c.Op, writeOk{})
		request := (c.OpCount + 1) * index
		ctx.Send(model.NodeID((index+c.OpCount)%c.Servers), srGet{Request: request})
		c.Op = ctx.Invoke(read{})
		c.Awaiting, c.OpCount = request, c.OpCount+1
	case srGetOk:
		if m.Request != c.Awaiting {
			return
		}
		ctx.Return(c.Op, readOk{m.Value})
		c.Awaiting, c.OpCount = 0, c.OpCount+1
	}
}

func (c *srClient) Timeout(model.Context, model.Timer) {}

// stateright is a System whose deliveries that an actor ignores are no steps at all, as in
// Stateright's actor model.
type stateright struct{ *model.System }

func (m stateright) Next(s *model.State, emit func(model.Action, *model.State)) {
	m.System.Next(s, func(a model.Action, t *model.State) {
		if a.Kind == model.ActionDeliver && ignored(s, t, a.Node) {
			return
		}
		emit(a, t)
	})
}

// ignored reports whether the delivery from s to t left its receiver's state as it was, sent
// nothing and recorded nothing.
func ignored(s, t *model.State, node model.NodeID) bool {
	return value.Hash(s.Node(node)) == value.Hash(t.Node(node)) &&
		len(t.InFlight()) == len(s.InFlight())-1 &&
		value.Hash(t.History()) == value.Hash(s.History())
}

func stateRightPaxos() *model.System {
	const servers, clients = 3, 2
	var nodes []model.Node
	for range servers {
		nodes = append(nodes, &srServer{})
	}
	for range clients {
		nodes = append(nodes, &srClient{Servers: servers})
	}
	return &model.System{
		Protocol: "stateright-paxos",
		Nodes:    nodes,
		Props: []model.Property[*model.State]{
			properties.Always("linearizable", func(s *model.State) bool { return linearizable(s.History()) }),
			properties.Sometimes("value chosen", func(s *model.State) bool {
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

// linearizable reports whether the history of register operations is linearizable: some
// order of its operations — every returned one, and any of the pending ones — respects real
// time and the register's semantics (reads return the last write, initially 0).
func linearizable(ops []model.Op) bool {
	done := make([]bool, len(ops))
	var search func(reg rune) bool
	search = func(reg rune) bool {
		complete := true
		for i, op := range ops {
			if done[i] || !op.Returned {
				continue
			}
			complete = false
		}
		if complete {
			return true
		}
		for i, op := range ops {
			if done[i] || !minimal(ops, done, i) {
				continue
			}
			next := reg
			switch in := op.Input.(type) {
			case write:
				next = in.Value
			case read:
				if out, ok := op.Output.(readOk); op.Returned && (!ok || out.Value != reg) {
					continue
				}
			}
			done[i] = true
			if search(next) {
				return true
			}
			done[i] = false
		}
		return false
	}
	return search(0)
}

// minimal reports whether ops[i] may come next: every operation that returned before it was
// invoked is done.
func minimal(ops []model.Op, done []bool, i int) bool {
	for j, op := range ops {
		if !done[j] && op.Returned && op.ID.Client != ops[i].ID.Client && op.ID.Index < ops[i].Before[op.ID.Client] {
			return false
		}
		if !done[j] && op.ID.Client == ops[i].ID.Client && op.ID.Index < ops[i].ID.Index {
			return false
		}
	}
	return true
}

func TestLinearizableRegisterHistories(t *testing.T) {
	w := func(c, i int, v rune, before []int, ret bool) model.Op {
		return model.Op{ID: model.OpID{Client: model.NodeID(c), Index: i}, Input: write{v}, Output: writeOk{}, Returned: ret, Before: before}
	}
	r := func(c, i int, v rune, before []int) model.Op {
		return model.Op{ID: model.OpID{Client: model.NodeID(c), Index: i}, Input: read{}, Output: readOk{v}, Returned: true, Before: before}
	}
	assert.True(t, linearizable(nil))
	assert.True(t, linearizable([]model.Op{w(0, 0, 'A', []int{0, 0}, true), r(0, 1, 'A', []int{1, 0})}))
	assert.False(t, linearizable([]model.Op{w(0, 0, 'A', []int{0, 0}, true), r(0, 1, 0, []int{1, 0})}), "a read after a write returns it")
	assert.True(t, linearizable([]model.Op{w(0, 0, 'A', []int{0, 0}, false), r(1, 0, 'A', []int{0, 0})}), "a pending write may have taken effect")
	assert.True(t, linearizable([]model.Op{w(0, 0, 'A', []int{0, 0}, false), r(1, 0, 0, []int{0, 0})}), "or not")
	assert.False(t, linearizable([]model.Op{
		w(0, 0, 'A', []int{0, 0}, true), w(1, 0, 'B', []int{1, 0}, true), r(0, 1, 'A', []int{1, 1}),
	}), "B was written after A returned, and read after B returned")
}

// Stateright's example explores 16,668 distinct states; the port reaches exactly as many under
// Stateright's rule for ignored messages.
func TestStateRightPaxosExampleStateCount(t *testing.T) {
	res, err := explore.Run(context.Background(), stateright{stateRightPaxos()}, explore.Options{CollectAll: true})
	require.NoError(t, err)
	assert.Empty(t, res.Violations, "linearizable holds and a value is chosen")
	assert.True(t, res.Exhaustive)
	assert.Equal(t, int64(16_668), res.Distinct)
}

// BenchmarkStateRightPaxos explores the port under both rules for ignored messages: 16,668
// distinct states under Stateright's, 301,099 under distcheck's, where a delivery always
// consumes its message (so a message that the receiver ignores leaves a new state without it).
func BenchmarkStateRightPaxos(b *testing.B) {
	for _, c := range []struct {
		name     string
		m        model.Model[*model.State]
		distinct int64
	}{
		{"stateright-semantics", stateright{stateRightPaxos()}, 16_668},
		{"distcheck-semantics", stateRightPaxos(), 301_099},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := explore.Run(context.Background(), c.m, explore.Options{CollectAll: true})
				require.NoError(b, err)
				require.Equal(b, c.distinct, res.Distinct)
				require.Empty(b, res.Violations)
				b.ReportMetric(float64(res.Distinct), "states")
				b.ReportMetric(res.StatesPerSecond(), "states/s")
			}
		})
	}
}
