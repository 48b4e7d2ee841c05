package protocols

import (
	"github.com/distcheck/distcheck/protocols/causalmem"
	"github.com/distcheck/distcheck/protocols/lamportmutex"
	"github.com/distcheck/distcheck/protocols/maekawa"
	"github.com/distcheck/distcheck/protocols/snapshot"
	"github.com/distcheck/distcheck/protocols/termination"
	"github.com/distcheck/distcheck/protocols/tokenring"
)

// courseProtocols returns the protocols of the course's chapters on mutual exclusion,
// snapshots, termination detection and causal consistency that the coordination chapter's list
// does not hold,
// each beside named buggy variants that students write.
func courseProtocols() []Protocol {
	return []Protocol{lamportMutex(), tokenRing(), maekawaMutex(), chandyLamport(), dijkstraScholten(), causalMemory()}
}

func lamportMutex() Protocol {
	return Protocol{
		Name: "lamport-mutex",
		Summary: "Lamport's 1978 mutual exclusion: request queues ordered by (timestamp, ID) on FIFO channels: at most " +
			"one node in the critical section, and under fairness every node enters as often as it wants",
		Layer:  ActorLayer,
		Params: mutexParams(Param{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of nodes (3 nodes, 1 entry: 727,329 states)"}),
		Bugs:   lamportmutex.Catalog,
		build:  actorBuild(lamportmutex.New),
	}
}

func tokenRing() Protocol {
	return Protocol{
		Name: "token-ring",
		Summary: "mutual exclusion by a token passed around a ring: at most one node in the critical section, and " +
			"under fairness every node enters as often as it wants; a lost token is never replaced (--drops 1)",
		Layer:  ActorLayer,
		Params: mutexParams(Param{Name: "nodes", Default: 3, Min: 2, Max: 6, Help: "number of nodes on the ring"}),
		Bugs:   tokenring.Catalog,
		build:  actorBuild(tokenring.New),
	}
}

func maekawaMutex() Protocol {
	return Protocol{
		Name: "maekawa",
		Summary: "Maekawa's voting mutual exclusion with intersecting voting sets and its deadlock avoidance " +
			"(Failed, Inquire, Relinquish): at most one node inside, and under fairness every node enters; " +
			"--bug no-inquire is the textbook's deadlocking core",
		Layer:  ActorLayer,
		Params: mutexParams(Param{Name: "nodes", Default: 3, Min: 2, Max: 7, Help: "number of nodes (4: a 2×2 grid, 7: the Fano plane; from 4 on, use --requesters 2 or swarm walks)"}),
		Bugs:   maekawa.Catalog,
		build:  actorBuild(maekawa.New),
	}
}

func chandyLamport() Protocol {
	return Protocol{
		Name: "snapshot",
		Summary: "Chandy–Lamport snapshot of a bank whose branches transfer money over FIFO channels: every " +
			"recorded state is a consistent cut and holds the bank's total, and under fairness the snapshot completes",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 3, Help: "number of branches"},
			{Name: "transfers", Default: 2, Min: 1, Max: 3, Help: "transfers each branch sends"},
		},
		Bugs:  snapshot.Catalog,
		build: actorBuild(snapshot.New),
	}
}

func dijkstraScholten() Protocol {
	return Protocol{
		Name: "termination",
		Summary: "Dijkstra–Scholten termination detection of a diffusing computation: the root never announces " +
			"termination before it happens, and under fairness it announces it",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 4, Help: "number of nodes (node 0 is the root)"},
			{Name: "sends", Default: 1, Min: 1, Max: 3, Help: "Work messages each node may send"},
		},
		Bugs:  termination.Catalog,
		build: actorBuild(termination.New),
	}
}

func causalMemory() Protocol {
	return Protocol{
		Name: "causal-memory",
		Summary: "a key-value store replicated on every node with causal delivery by vector clocks (Ahamad et al.): " +
			"every history causally consistent (checks.CausallyConsistent), not linearizable; replicas converge",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "writers", Default: 1, Min: 1, Max: 2, Help: "1: node 0 puts x then y; 2: nodes 0 and 1 each put one key and get the other"},
			{Name: "readers", Default: 1, Min: 1, Max: 3, Help: "nodes that get y then x"},
		},
		Bugs:  causalmem.Catalog,
		build: actorBuild(causalmem.New),
	}
}

// mutexParams returns the parameters of a mutual-exclusion algorithm on mutex.Config: its
// nodes, the entries each wants, and requesters — only the first nodes want the critical section,
// up to every node (nodes.Max), which keeps larger systems within an exhaustive search.
func mutexParams(nodes Param) []Param {
	return []Param{
		nodes,
		{Name: "entries", Default: 1, Min: 1, Max: 3, Help: "times each node enters the critical section"},
		{Name: "requesters", Default: 0, Min: 0, Max: nodes.Max,
			Help: "how many nodes want the critical section, the first ones; the others only take part (0: every node)"},
	}
}
