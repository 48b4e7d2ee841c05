package protocols

import (
	"github.com/distcheck/distcheck/protocols/lamportmutex"
	"github.com/distcheck/distcheck/protocols/tokenring"
)

// courseProtocols returns the protocols of the course's chapters on mutual exclusion,
// snapshots and termination detection that the coordination chapter's list does not hold,
// each beside named buggy variants that students write.
func courseProtocols() []Protocol {
	return []Protocol{lamportMutex(), tokenRing()}
}

func lamportMutex() Protocol {
	return Protocol{
		Name: "lamport-mutex",
		Summary: "Lamport's 1978 mutual exclusion: request queues ordered by (timestamp, ID) on FIFO channels: at most " +
			"one node in the critical section, and under fairness every node enters as often as it wants",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of nodes (3 nodes, 1 entry: 727,329 states)"},
			{Name: "entries", Default: 1, Min: 1, Max: 3, Help: "times each node enters the critical section"},
		},
		Bugs:  lamportmutex.Catalog,
		build: actorBuild(lamportmutex.New),
	}
}

func tokenRing() Protocol {
	return Protocol{
		Name: "token-ring",
		Summary: "mutual exclusion by a token passed around a ring: at most one node in the critical section, and " +
			"under fairness every node enters as often as it wants; a lost token is never replaced (--drops 1)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 6, Help: "number of nodes on the ring"},
			{Name: "entries", Default: 1, Min: 1, Max: 3, Help: "times each node enters the critical section"},
		},
		Bugs:  tokenring.Catalog,
		build: actorBuild(tokenring.New),
	}
}
