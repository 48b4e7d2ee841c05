package smr

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Instances runs a single-shot consensus protocol — one that decides one value, as
// single-decree Paxos does — once per slot of a log: each slot is a fresh instance of the
// System the model checker explores, whose nodes live on the servers. Server s owns slots s,
// s+N, s+2N, ...: it starts the next of them for each client command it is sent, and the
// instance decides that command. A slot whose starter fails before it decides stays open, and
// the client sends its command to another server. Commands are committed per slot (there is no
// execution in log order, so a stuck slot does not hold back the others). An Instances
// counts the steps of the run it serves: give each simulation its own.
type Instances struct {
	// Servers is the number of servers, N.
	Servers int
	// New returns the system of one instance: its nodes (cloned for each instance) and its
	// properties (judged on each instance). It is called once.
	New func() (*actor.System, error)
	// Host returns the server that runs node i of an instance started by starter.
	Host func(starter model.NodeID, i int) model.NodeID
	// Decided reports whether node n of an instance has decided (learned, committed).
	Decided func(n actor.Node) bool
	// Timeout gives the delay of a timer an instance's node sets (see sim.Config.Timeouts).
	Timeout sim.TimeoutFunc
	// EverySlot makes the properties judge every slot's instance, not only the one the
	// latest step touched: for a replay on the actor layer, which judges states out of the
	// order a run reaches them.
	EverySlot bool
	// Byzantine, if set, makes some servers malicious.
	Byzantine *Byzantine

	// steps counts the instances' steps in the run, so that the properties judge only the
	// instance the latest step touched; judged caches that instance's state for them.
	steps  int64
	judged struct {
		step  int64
		state *actor.State
	}
}

// Slotted is a message between the nodes of one instance: its slot, the nodes' IDs within
// the instance, the slot's command, and the protocol's message.
type Slotted struct {
	Slot     int
	From, To int
	Cmd      uint64
	Msg      actor.Message
}

// String shows the message, e.g. "slot 7 p0→a2 Prepare(1)".
func (m Slotted) String() string {
	return fmt.Sprintf("slot %d %d→%d %v", m.Slot, m.From, m.To, m.Msg)
}

// Size is the protocol message's canonical size plus a header.
func (m Slotted) Size() int { return 24 + len(value.Format(m.Msg)) }

// slotTimer is a timer of one node of one instance.
type slotTimer struct {
	Slot, Node int
	T          actor.Timer
}

func (t slotTimer) String() string { return fmt.Sprintf("slot %d node %d %v", t.Slot, t.Node, t.T) }

// Peers returns the servers of the simulation, the Timeouts of the instances' timers and the
// properties of every instance, judged after each step on the instances the step touched.
func (in *Instances) Peers(clients int, client ClientConfig) ([]sim.PeerType, sim.TimeoutFunc, []model.Property[*actor.State], error) {
	tmpl, err := in.New()
	if err != nil {
		return nil, nil, nil, err
	}
	types := []sim.PeerType{{Name: "server", Count: in.Servers, New: func(model.NodeID) actor.Node {
		return &instanceServer{In: in, Slots: map[int]*slot{}, tmpl: tmpl}
	}}}
	if clients > 0 {
		types = append(types, sim.PeerType{Name: "client", Count: clients, Attach: 1, New: func(model.NodeID) actor.Node { return NewClient(client) }})
	}
	timeouts := func(p model.NodeID, t actor.Timer, after time.Duration, rnd *rand.Rand) time.Duration {
		if st, ok := t.(slotTimer); ok && in.Timeout != nil {
			return in.Timeout(p, st.T, after, rnd)
		}
		return after
	}
	var props []model.Property[*actor.State]
	for _, p := range tmpl.Properties() {
		if p.Kind != model.KindAlways {
			continue
		}
		holds := p.Holds
		p.Holds = func(s *actor.State) bool { return in.holds(s, tmpl, holds) }
		p.Then, p.Explain = nil, nil
		props = append(props, p)
	}
	return types, timeouts, props, nil
}

// holds judges a property on the instance the latest step touched: the others have not
// changed since they were judged.
func (in *Instances) holds(s *actor.State, tmpl *actor.System, holds func(*actor.State) bool) bool {
	if in.EverySlot {
		slots := map[int]bool{}
		for p := range in.Servers {
			for k := range s.Node(model.NodeID(p)).(*instanceServer).Slots {
				slots[k] = true
			}
		}
		for _, k := range slices.Sorted(maps.Keys(slots)) {
			if !holds(in.instance(s, tmpl, k)) {
				return false
			}
		}
		return true
	}
	if in.judged.step != in.steps || in.judged.state == nil {
		in.judged.step, in.judged.state = in.steps, in.latest(s, tmpl)
	}
	return in.judged.state == nil || holds(in.judged.state)
}

// latest returns the state of the instance the latest step touched, nil if none.
func (in *Instances) latest(s *actor.State, tmpl *actor.System) *actor.State {
	k, at := -1, int64(-1)
	for p := range in.Servers {
		if srv := s.Node(model.NodeID(p)).(*instanceServer); srv.Touched >= 0 && srv.TouchedAt > at {
			k, at = srv.Touched, srv.TouchedAt
		}
	}
	if k < 0 {
		return nil
	}
	return in.instance(s, tmpl, k)
}

// instance returns the state of slot k's instance.
func (in *Instances) instance(s *actor.State, tmpl *actor.System, k int) *actor.State {
	starter := model.NodeID(k % in.Servers)
	nodes := make([]actor.Node, len(tmpl.Nodes))
	down := make([]bool, len(tmpl.Nodes))
	for i := range nodes {
		h := in.Host(starter, i)
		if sl := s.Node(h).(*instanceServer).Slots[k]; sl != nil && sl.Nodes[i] != nil && !in.malicious(h) {
			nodes[i] = sl.Nodes[i]
		} else {
			nodes[i] = tmpl.Nodes[i] // not started there yet, or malicious: as the instance starts
		}
		down[i] = !s.Up(h)
	}
	return actor.Snapshot(nodes, down)
}

// slot is a server's part of one instance: the instance's nodes it runs (nil for the others).
type slot struct {
	Cmd     uint64
	Nodes   []actor.Node
	Decided bool
	// Seen are the messages a malicious node got, and Sends counts those it sent of its own
	// accord (Byzantine).
	Seen  []actor.Message
	Sends int
}

// instanceServer is a server running its part of every instance.
type instanceServer struct {
	In *Instances `distcheck:"-"`
	// Slots are the instances it takes part in; Next counts the slots it started.
	Slots map[int]*slot `distcheck:"durable"`
	Next  int           `distcheck:"durable"`
	// Clients wait for the commands of the slots it started.
	Clients map[int][]model.NodeID
	// Touched is the slot of its last step, -1 for none, and TouchedAt that step's number.
	Touched   int
	TouchedAt int64
	Started   bool          `distcheck:"durable"`
	tmpl      *actor.System `distcheck:"-"`
}

// String shows how many slots it takes part in and has decided.
func (s *instanceServer) String() string {
	decided := 0
	for _, sl := range s.Slots {
		if sl.Decided {
			decided++
		}
	}
	return fmt.Sprintf("server: %d slots, %d decided, %d started", len(s.Slots), decided, s.Next)
}

func (s *instanceServer) Init(ctx actor.Context) {
	s.Touched, s.Clients = -1, map[int][]model.NodeID{}
	if !s.Started {
		s.Started = true
		return
	}
	// After a crash: each instance's nodes keep their durable fields and start again.
	for _, k := range slices.Sorted(maps.Keys(s.Slots)) {
		sl := s.Slots[k]
		fresh := s.fresh()
		for i, n := range sl.Nodes {
			if n != nil {
				sl.Nodes[i] = actor.RestoreDurable(fresh[i], n)
				s.run(ctx, k, i, func(n actor.Node, c actor.Context) { n.Init(c) })
			}
		}
	}
}

// fresh returns fresh copies of the nodes of an instance.
func (s *instanceServer) fresh() []actor.Node {
	nodes := make([]actor.Node, len(s.tmpl.Nodes))
	for i, n := range s.tmpl.Nodes {
		nodes[i] = value.CloneAny(n).(actor.Node)
	}
	return nodes
}

// open returns this server's part of slot k, starting its nodes there if it has none yet.
func (s *instanceServer) open(ctx actor.Context, k int, cmd uint64) *slot {
	if sl := s.Slots[k]; sl != nil {
		return sl
	}
	nodes := s.fresh()
	sl := &slot{Cmd: cmd, Nodes: make([]actor.Node, len(nodes))}
	s.Slots[k] = sl
	starter := model.NodeID(k % s.In.Servers)
	for i, n := range nodes {
		if s.In.Host(starter, i) == ctx.ID() {
			sl.Nodes[i] = n
		}
	}
	for i, n := range sl.Nodes {
		if n != nil {
			s.run(ctx, k, i, func(n actor.Node, c actor.Context) { n.Init(c) })
		}
	}
	return sl
}

func (s *instanceServer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Request:
		for k, sl := range s.Slots {
			if sl.Cmd == m.Cmd && k%s.In.Servers == int(ctx.ID()) {
				s.Clients[k] = append(s.Clients[k], from)
				s.settle(ctx, k)
				return
			}
		}
		k := int(ctx.ID()) + s.In.Servers*s.Next
		s.Next++
		s.Clients[k] = append(s.Clients[k], from)
		s.open(ctx, k, m.Cmd)
	case Slotted:
		sl := s.open(ctx, m.Slot, m.Cmd)
		if m.To >= 0 && m.To < len(sl.Nodes) && sl.Nodes[m.To] != nil {
			s.seen(ctx, m.Slot, m.Msg)
			s.run(ctx, m.Slot, m.To, func(n actor.Node, c actor.Context) { n.Handle(c, model.NodeID(m.From), m.Msg) })
		}
	}
}

func (s *instanceServer) Timeout(ctx actor.Context, t actor.Timer) {
	st, ok := t.(slotTimer)
	if !ok {
		return
	}
	if sl := s.Slots[st.Slot]; sl != nil && sl.Nodes[st.Node] != nil {
		s.run(ctx, st.Slot, st.Node, func(n actor.Node, c actor.Context) { n.Timeout(c, st.T) })
	}
}

// run runs a step of node i of slot k, and then sees whether the slot is decided.
func (s *instanceServer) run(ctx actor.Context, k, i int, step func(actor.Node, actor.Context)) {
	sl := s.Slots[k]
	s.In.steps++
	s.Touched, s.TouchedAt = k, s.In.steps
	step(sl.Nodes[i], &instanceCtx{Context: ctx, s: s, slot: k, node: i, n: len(sl.Nodes)})
	s.own(ctx, k, i)
	s.settle(ctx, k)
}

// settle reports a slot's command committed once a node here decides it, and replies to the
// clients waiting for it.
func (s *instanceServer) settle(ctx actor.Context, k int) {
	sl := s.Slots[k]
	if !sl.Decided {
		for _, n := range sl.Nodes {
			if n != nil && s.In.Decided(n) {
				sl.Decided = true
				sim.ReportCommit(ctx, sl.Cmd)
				break
			}
		}
	}
	if sl.Decided {
		for _, c := range s.Clients[k] {
			ctx.Send(c, Reply{Cmd: sl.Cmd, OK: true})
		}
		delete(s.Clients, k)
	}
}

// instanceCtx is the Context of node `node` of the instance of slot `slot`: node IDs are the
// instance's, and messages and timers are wrapped with the slot.
type instanceCtx struct {
	actor.Context
	s          *instanceServer
	slot, node int
	n          int
}

func (c *instanceCtx) ID() model.NodeID { return model.NodeID(c.node) }

func (c *instanceCtx) Nodes() []model.NodeID {
	out := make([]model.NodeID, c.n)
	for i := range out {
		out[i] = model.NodeID(i)
	}
	return out
}

func (c *instanceCtx) Peers() []model.NodeID {
	var out []model.NodeID
	for i := range c.n {
		if i != c.node {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

func (c *instanceCtx) Send(to model.NodeID, msg actor.Message) {
	starter := model.NodeID(c.slot % c.s.In.Servers)
	c.Context.Send(c.s.In.Host(starter, int(to)), Slotted{Slot: c.slot, From: c.node, To: int(to), Cmd: c.s.Slots[c.slot].Cmd, Msg: c.mutated(msg)})
}

func (c *instanceCtx) Broadcast(msg actor.Message) {
	for _, p := range c.Peers() {
		c.Send(p, msg)
	}
}

func (c *instanceCtx) SetTimer(t actor.Timer, after time.Duration) {
	c.Context.SetTimer(slotTimer{Slot: c.slot, Node: c.node, T: t}, after)
}

func (c *instanceCtx) CancelTimer(t actor.Timer) {
	c.Context.CancelTimer(slotTimer{Slot: c.slot, Node: c.node, T: t})
}

func (c *instanceCtx) Sign(v any) actor.Signature { return actor.SignAs(model.NodeID(c.node), v) }

// SlotsOf returns the nodes a server of Instances runs, by slot (nil where another server runs
// the node), for a protocol's own metrics; false if n is not such a server.
func SlotsOf(n actor.Node) (map[int][]actor.Node, bool) {
	s, ok := n.(*instanceServer)
	if !ok {
		return nil, false
	}
	out := make(map[int][]actor.Node, len(s.Slots))
	for k, sl := range s.Slots {
		out[k] = sl.Nodes
	}
	return out, true
}
