package election

import (
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Alive announces the sender to the other nodes in the BugNoQuorum variant.
type Alive struct{}

// AliveTimer is a Naive node's timer: when it fires, the node decides whether it leads.
const AliveTimer = "alive"

// Naive is a node of the BugNoQuorum variant, an election by timing in the manner of the bully
// algorithm: the highest node that is alive leads. A node announces itself to every other node
// when it starts and, when its timer fires, declares itself leader if no Alive from a node
// with a higher ID has arrived. Under actor.TimersWhenQuiet every Alive that can arrive has
// arrived by then, so on a network that does not split, only the highest node leads.
type Naive struct {
	// Heard[i] says an Alive from node i arrived.
	Heard []bool
	// Leader says the node declared itself leader.
	Leader bool
}

// Init announces the node and starts its timer.
func (n *Naive) Init(ctx actor.Context) {
	ctx.Broadcast(Alive{})
	ctx.SetTimer(AliveTimer, 0)
}

// Handle notes an Alive.
func (n *Naive) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	if _, ok := msg.(Alive); ok {
		n.Heard[from] = true
	}
}

// Timeout declares the node leader if it has heard from no higher node.
func (n *Naive) Timeout(ctx actor.Context, t actor.Timer) {
	if t != AliveTimer {
		return
	}
	for i := int(ctx.ID()) + 1; i < len(n.Heard); i++ {
		if n.Heard[i] {
			return
		}
	}
	n.Leader = true
}

// IsLeader reports whether the node declared itself leader.
func (n *Naive) IsLeader() bool { return n.Leader }

// String shows whom the node has heard from and whether it leads, for diagrams.
func (n *Naive) String() string {
	var s strings.Builder
	s.WriteString("heard")
	for i, h := range n.Heard {
		if h {
			s.WriteString(" n" + strconv.Itoa(i))
		}
	}
	if s.Len() == len("heard") {
		s.WriteString(" nobody")
	}
	if n.Leader {
		s.WriteString(", LEADER")
	}
	return s.String()
}
