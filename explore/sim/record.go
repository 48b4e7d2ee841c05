package sim

import (
	"cmp"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Result is what a run recorded: the raw material of the metrics (see Summarize and Report).
type Result struct {
	// Seed and Duration are the run's.
	Seed     uint64
	Duration time.Duration
	// Settle is Config.Settle: items produced in the last Settle are not measured.
	Settle time.Duration
	// Events is the number of events simulated: messages delivered or lost to an offline peer,
	// timers fired, disruptions starting and ending.
	Events int64
	// Peers describes each peer.
	Peers []PeerInfo
	// Items are the items produced, and the bogus ones honest peers took, in the order they
	// first appeared.
	Items []Item
	// Bucket is the width of the Traffic buckets; Traffic[b][p] is peer p's traffic from
	// b × Bucket on.
	Bucket  time.Duration
	Traffic [][]Traffic
	// Messages counts the messages of the whole run.
	Messages Messages
	// Ops are the client operations recorded through Context.Invoke and Return.
	Ops []Op
	// Nodes are the peers' nodes as they were at the end, for protocol-specific metrics.
	Nodes []actor.Node
	// Partial says that the run was stopped (its context ended) before Config.Duration:
	// Duration is then the virtual time simulated.
	Partial bool
	// Roles are the role changes, and Commits the commands committed, that consensus
	// harnesses reported (ReportRole, ReportCommit), in order.
	Roles   []RoleChange
	Commits []Commit
	// Partitions are Config.Partitions.
	Partitions []Partition
	// Flights are the first Config.RecordFlights messages sent, in the order sent.
	Flights []Flight
	// Violation is the safety property (Config.Props) that failed, which stopped the run at
	// Duration; nil if none did.
	Violation *Violation
	// Steps are the steps of a traced run (Config.Trace; see Logged), nil if it was not
	// traced or took more than MaxTraced steps.
	Steps []Logged
}

// Flight is one message: from which peer to which, its type, when it was sent and when it
// arrived (or would have: Lost says the network dropped it; one that arrived at a peer that
// was down or cut off by a partition is dropped there).
type Flight struct {
	From, To     model.NodeID
	Kind         string
	Sent, Arrive time.Duration
	Lost         bool
}

// PeerInfo describes a peer: its type, where it is, whom it knows, and when it was down.
type PeerInfo struct {
	ID        model.NodeID
	Type      string
	Location  string
	Malicious bool
	Client    bool
	// Identities are the Sybil identities of a malicious peer.
	Identities []model.NodeID
	// Peers are its overlay neighbours (a client's: the peers it is attached to).
	Peers []model.NodeID
	// Down are the windows it was offline, in order and disjoint.
	Down []Window
	// Slow are the windows it was slowed down, in order and disjoint.
	Slow []Window
}

// Receiver reports whether the peer is expected to receive the items: honest and not a client.
func (p *PeerInfo) Receiver() bool { return !p.Malicious && !p.Client }

// OnlineAt reports whether the peer was online at time t.
func (p *PeerInfo) OnlineAt(t time.Duration) bool {
	for _, w := range p.Down {
		if t >= w.Start && t < w.End {
			return false
		}
	}
	return true
}

// Item is one data item and who got it when.
type Item struct {
	ID ItemID
	// Produced is when its origin produced it, or -1 if it never did (a bogus item).
	Produced time.Duration
	// Digest is the content digest it was produced with.
	Digest uint64
	// ByMalicious is set for items produced by malicious peers.
	ByMalicious bool
	// Receipts are indexed by peer; nil when no honest peer took it.
	Receipts []Receipt
}

// Receipt is what one peer got of one item.
type Receipt struct {
	// First is when it first took a copy, or -1 if it never did.
	First time.Duration
	// Digest is the content of the first copy it took.
	Digest uint64
	// Count is the number of copies it took.
	Count int
}

// Traffic is one peer's traffic in one time bucket.
type Traffic struct {
	BytesOut, MsgsOut, BytesIn, MsgsIn int64
}

// Messages counts the messages of a run.
type Messages struct {
	Sent, Bytes, Delivered, Lost, Offline, TimersFired int64
	// Partitioned counts the messages lost to a partition (Config.Partitions).
	Partitioned int64
}

// Op is a client operation: its input and output, and when it was invoked and returned.
type Op struct {
	ID       actor.OpID
	Input    any
	Output   any
	Invoked  time.Duration
	Returned time.Duration // -1 while pending
}

type recorder struct {
	s       *Sim
	bucket  int64
	traffic []Traffic // bucket × n + peer
	items   []*Item
	index   map[ItemID]int32
	ops     []Op
	nops    []int // ops invoked, by peer
	msgs    Messages
	lost    int64
	offline int64
	parted  int64
	timers  int64

	lastRole []int // index in roles of each peer's last role, -1 for none
	roles    []RoleChange
	commits  []Commit
	flights  []Flight
}

func newRecorder(s *Sim) *recorder {
	b := int64(s.cfg.bucket())
	buckets := s.end/b + 1
	return &recorder{s: s, bucket: b, traffic: make([]Traffic, int(buckets)*s.n), index: map[ItemID]int32{}, nops: make([]int, s.n)}
}

func (r *recorder) sent(p int32, size int, now int64) {
	t := &r.traffic[int(now/r.bucket)*r.s.n+int(p)]
	t.BytesOut += int64(size)
	t.MsgsOut++
	r.msgs.Sent++
	r.msgs.Bytes += int64(size)
}

func (r *recorder) received(p int32, size int, now int64) {
	t := &r.traffic[int(now/r.bucket)*r.s.n+int(p)]
	t.BytesIn += int64(size)
	t.MsgsIn++
	r.msgs.Delivered++
}

func (r *recorder) item(id ItemID) *Item {
	if i, ok := r.index[id]; ok {
		return r.items[i]
	}
	it := &Item{ID: id, Produced: -1}
	r.index[id] = int32(len(r.items))
	r.items = append(r.items, it)
	return it
}

func (r *recorder) produced(p int32, id ItemID, digest uint64, now int64) {
	it := r.item(id)
	if it.Produced >= 0 {
		return
	}
	it.Produced, it.Digest, it.ByMalicious = time.Duration(now), digest, r.s.malicious[p]
}

func (r *recorder) seen(p int32, id ItemID, digest uint64, now int64) {
	it := r.item(id)
	if it.Receipts == nil {
		it.Receipts = make([]Receipt, r.s.n)
		for i := range it.Receipts {
			it.Receipts[i].First = -1
		}
	}
	rc := &it.Receipts[p]
	if rc.Count == 0 {
		rc.First, rc.Digest = time.Duration(now), digest
	}
	rc.Count++
}

func (r *recorder) invoke(p int32, input any, now int64) actor.OpID {
	id := actor.OpID{Client: model.NodeID(p), Index: r.nops[p]}
	r.nops[p]++
	r.ops = append(r.ops, Op{ID: id, Input: input, Invoked: time.Duration(now), Returned: -1})
	return id
}

func (r *recorder) ret(p int32, id actor.OpID, output any, now int64) {
	for i := len(r.ops) - 1; i >= 0; i-- {
		if r.ops[i].ID == id && r.ops[i].Returned < 0 {
			r.ops[i].Output, r.ops[i].Returned = output, time.Duration(now)
			return
		}
	}
}

func (r *recorder) result(events int64) *Result {
	s := r.s
	res := &Result{Seed: s.cfg.Seed, Duration: s.cfg.Duration, Settle: s.cfg.Settle, Events: events, Bucket: time.Duration(r.bucket), Ops: r.ops, Nodes: s.nodes}
	res.Messages = r.msgs
	res.Messages.Lost, res.Messages.Offline, res.Messages.TimersFired = r.lost, r.offline, r.timers
	res.Messages.Partitioned = r.parted
	res.Roles, res.Commits, res.Partitions = r.roles, r.commits, s.cfg.Partitions
	res.Flights = r.flights
	locs := s.cfg.locations()
	down := make([][]Window, s.n)
	slow := make([][]Window, s.n)
	for di, ws := range s.windows {
		for _, w := range ws {
			if s.cfg.Disruptions[di].Kind == Slowdown {
				slow[w.Peer] = append(slow[w.Peer], w)
			} else {
				down[w.Peer] = append(down[w.Peer], w)
			}
		}
	}
	for p := range s.n {
		info := PeerInfo{
			ID: model.NodeID(p), Type: s.cfg.Types[s.typ[p]].Name, Location: locs[s.loc[p]],
			Malicious: s.malicious[p], Client: s.client[p], Peers: s.peers[p],
			Identities: s.identities[p][1:],
			Down:       mergeWindows(down[p], s.cfg.Duration), Slow: mergeWindows(slow[p], s.cfg.Duration),
		}
		res.Peers = append(res.Peers, info)
	}
	for _, it := range r.items {
		res.Items = append(res.Items, *it)
	}
	buckets := len(r.traffic) / s.n
	for b := range buckets {
		res.Traffic = append(res.Traffic, r.traffic[b*s.n:(b+1)*s.n])
	}
	return res
}

// mergeWindows sorts ws, joins overlapping windows and clips them to [0, end].
func mergeWindows(ws []Window, end time.Duration) []Window {
	slices.SortFunc(ws, func(a, b Window) int { return cmp.Compare(a.Start, b.Start) })
	var out []Window
	for _, w := range ws {
		w.End = min(w.End, end)
		if w.Start >= w.End {
			continue
		}
		if k := len(out) - 1; k >= 0 && w.Start <= out[k].End {
			out[k].End = max(out[k].End, w.End)
			continue
		}
		out = append(out, w)
	}
	return out
}
