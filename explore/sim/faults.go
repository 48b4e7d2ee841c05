package sim

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Partition splits the network from Start to End: a message between peers of different
// groups that arrives in that time is lost. Peers named in no group (clients, say) are cut off
// from no one.
type Partition struct {
	Groups     [][]model.NodeID
	Start, End time.Duration
}

// String returns the partition as --partition takes it: n0,n1|n2,n3,n4@15s-25s.
func (p Partition) String() string {
	var gs []string
	for _, g := range p.Groups {
		var names []string
		for _, id := range g {
			names = append(names, "n"+strconv.Itoa(int(id)))
		}
		gs = append(gs, strings.Join(names, ","))
	}
	return fmt.Sprintf("%s@%v-%v", strings.Join(gs, "|"), p.Start, p.End)
}

// group returns the index of the group peer p is in, -1 for none.
func (p *Partition) group(peer model.NodeID) int {
	for i, g := range p.Groups {
		if slices.Contains(g, peer) {
			return i
		}
	}
	return -1
}

// validate checks the partition against n peers.
func (p *Partition) validate(n int) error {
	if p.Start < 0 || p.End <= p.Start {
		return fmt.Errorf("partition %v: want 0 ≤ start < end", p)
	}
	if len(p.Groups) == 0 {
		return fmt.Errorf("partition %v: no groups", p)
	}
	seen := map[model.NodeID]bool{}
	for _, g := range p.Groups {
		if len(g) == 0 {
			return fmt.Errorf("partition %v: an empty group", p)
		}
		for _, id := range g {
			switch {
			case id < 0 || int(id) >= n:
				return fmt.Errorf("partition %v: no node n%d (nodes are n0 to n%d)", p, id, n-1)
			case seen[id]:
				return fmt.Errorf("partition %v: n%d is in two groups", p, id)
			}
			seen[id] = true
		}
	}
	return nil
}

// cut reports whether the network is split between peers a and b at time now.
func (s *Sim) cut(a, b int32, now int64) bool {
	for i := range s.cfg.Partitions {
		p := &s.cfg.Partitions[i]
		if now < int64(p.Start) || now >= int64(p.End) {
			continue
		}
		if ga, gb := p.group(model.NodeID(a)), p.group(model.NodeID(b)); ga >= 0 && gb >= 0 && ga != gb {
			return true
		}
	}
	return false
}

// timerDelay returns the virtual delay of a timer that peer p sets to fire after the given
// delay: Config.Timeouts decides, when set.
func (s *Sim) timerDelay(p int32, t actor.Timer, after time.Duration) int64 {
	if s.cfg.Timeouts != nil {
		after = s.cfg.Timeouts(model.NodeID(p), t, after, s.timing)
	}
	return max(int64(after), 0)
}

// restart brings a crashed peer back: a fresh copy of its node with the fields tagged
// `distcheck:"durable"` of the node it was, and Init runs again.
func (s *Sim) restart(p int32) {
	s.nodes[p] = actor.RestoreDurable(s.cfg.Types[s.typ[p]].New(model.NodeID(p)), s.nodes[p])
	s.timers[p] = nil
	s.step(p, stepRestart, -1, nil)
	s.nodes[p].Init(&s.ctx)
	s.after()
}

// crash stops peer p: its pending timers are lost. A peer that reports its role is "down"
// until it restarts.
func (s *Sim) crash(p int32) {
	s.timers[p] = nil
	s.step(p, stepCrash, -1, nil)
	if r := s.rec; r.lastRole != nil && r.lastRole[p] >= 0 {
		cur := s.cur
		s.cur = p
		s.ctx.RoleIs("down", r.roles[r.lastRole[p]].Term)
		s.cur = cur
	}
}

// Fault is a fault scheduled at a time: a peer fails (Recover false) or comes back.
type Fault struct {
	Peer    model.NodeID
	At      time.Duration
	Recover bool
}

// String returns the fault as the command line gives it: fail n3@10s, recover n3@20s.
func (f Fault) String() string {
	verb := "fail"
	if f.Recover {
		verb = "recover"
	}
	return fmt.Sprintf("%s n%d@%v", verb, f.Peer, f.At)
}

// FailWindows turns scheduled failures and recoveries into downtime windows: a peer that
// fails is down until it recovers, or to the end of a run of the given duration. A peer that
// recovers must have failed before.
func FailWindows(faults []Fault, n int, end time.Duration) ([]Window, error) {
	sorted := slices.Clone(faults)
	slices.SortStableFunc(sorted, func(a, b Fault) int {
		if a.At != b.At {
			return int(a.At - b.At)
		}
		return int(a.Peer - b.Peer)
	})
	down := map[model.NodeID]time.Duration{}
	var out []Window
	for _, f := range sorted {
		if f.Peer < 0 || int(f.Peer) >= n {
			return nil, fmt.Errorf("%v: no node n%d (nodes are n0 to n%d)", f, f.Peer, n-1)
		}
		start, isDown := down[f.Peer]
		switch {
		case f.Recover && !isDown:
			return nil, fmt.Errorf("%v: n%d has not failed before", f, f.Peer)
		case f.Recover:
			if f.At > start {
				out = append(out, Window{Peer: f.Peer, Start: start, End: f.At})
			}
			delete(down, f.Peer)
		case isDown:
			return nil, fmt.Errorf("%v: n%d is down already (it failed at %v)", f, f.Peer, start)
		default:
			down[f.Peer] = f.At
		}
	}
	for _, p := range slices.Sorted(maps.Keys(down)) {
		if down[p] < end {
			out = append(out, Window{Peer: p, Start: down[p], End: end})
		}
	}
	return out, nil
}

// ParseNode reads a node's name: n3, node3 or 3.
func ParseNode(s string) (model.NodeID, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "node"), "n")
	v, err := strconv.Atoi(t)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a node (use n3, node3 or 3)", s)
	}
	return model.NodeID(v), nil
}

// ParseFault reads NODE@TIME, e.g. node3@10s, as a failure or (recover) a recovery.
func ParseFault(s string, recover bool) (Fault, error) {
	node, at, ok := strings.Cut(s, "@")
	if !ok {
		return Fault{}, fmt.Errorf("%q: want NODE@TIME, e.g. node3@10s", s)
	}
	id, err := ParseNode(node)
	if err != nil {
		return Fault{}, fmt.Errorf("%q: %w", s, err)
	}
	t, err := time.ParseDuration(strings.TrimSpace(at))
	if err != nil || t < 0 {
		return Fault{}, fmt.Errorf("%q: %q is not a time (use e.g. 10s)", s, at)
	}
	return Fault{Peer: id, At: t, Recover: recover}, nil
}

// ParsePartition reads GROUP|GROUP...@START-END, each group a comma-separated list of nodes,
// e.g. n0,n1|n2,n3,n4@15s-25s.
func ParsePartition(s string) (Partition, error) {
	groups, span, ok := strings.Cut(s, "@")
	from, to, ok2 := strings.Cut(span, "-")
	if !ok || !ok2 {
		return Partition{}, fmt.Errorf("%q: want GROUP|GROUP@START-END, e.g. n0,n1|n2,n3,n4@15s-25s", s)
	}
	var p Partition
	var err error
	if p.Start, p.End, err = parseSpan(s, from, to, true); err != nil {
		return p, err
	}
	for _, g := range strings.Split(groups, "|") {
		var ids []model.NodeID
		for _, name := range strings.Split(g, ",") {
			id, err := ParseNode(name)
			if err != nil {
				return p, fmt.Errorf("%q: %w", s, err)
			}
			ids = append(ids, id)
		}
		p.Groups = append(p.Groups, ids)
	}
	if len(p.Groups) < 2 {
		return p, fmt.Errorf("%q: want at least two groups separated by |", s)
	}
	return p, nil
}

// timingStream returns the random stream Config.Timeouts draws from.
func timingStream(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x74696d)) }
