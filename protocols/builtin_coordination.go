package protocols

import (
	"github.com/distcheck/distcheck/protocols/bully"
	"github.com/distcheck/distcheck/protocols/centralmutex"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/ricartagrawala"
	"github.com/distcheck/distcheck/protocols/ringelection"
)

// coordinationProtocols returns the protocols of the course's chapters on time and
// coordination: logical clocks, elections and mutual exclusion, each beside named buggy
// variants that students write.
func coordinationProtocols() []Protocol {
	return []Protocol{logicalClocks(), ringElection(), bullyElection(), ricartAgrawala(), centralMutex()}
}

func logicalClocks() Protocol {
	return Protocol{
		Name: "clocks",
		Summary: "Lamport and vector clocks on nodes that exchange messages: the clock condition and the " +
			"vector-clock characterization of happened-before on every execution (--drops, --duplicates)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of nodes"},
			{Name: "events", Default: 1, Min: 1, Max: 3, Help: "local events and sends of each node (3 nodes with 2 events: 802,806 states)"},
		},
		Bugs:  clocks.Catalog,
		build: actorBuild(clocks.New),
	}
}

func ringElection() Protocol {
	return Protocol{
		Name: "ring-election",
		Summary: "Chang–Roberts election on a unidirectional ring: one coordinator, the largest identifier, " +
			"and every node learns it under fairness, whoever starts and whenever (no faults tolerated)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 6, Help: "number of nodes (identifiers nodes..1 along the ring)"}},
		Bugs:   ringelection.Catalog,
		build:  actorBuild(ringelection.New),
	}
}

func bullyElection() Protocol {
	return Protocol{
		Name: "bully",
		Summary: "Garcia-Molina's bully election in a synchronous system (timeouts detect crashes, T' > T in order): at most one " +
			"coordinator, the highest live node, and every live node elects it, despite crash-stop (--crashes)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 5, Help: "number of nodes; the highest ID wins"}},
		Bugs:   bully.Catalog,
		build:  actorBuild(bully.New),
	}
}

func ricartAgrawala() Protocol {
	return Protocol{
		Name: "ricart-agrawala",
		Summary: "Ricart–Agrawala mutual exclusion with Lamport timestamps: at most one node in the critical " +
			"section, and under fairness every node enters as often as it wants (no deadlock, no starvation)",
		Layer:  ActorLayer,
		Params: mutexParams(Param{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of nodes"}),
		Bugs:   ricartagrawala.Catalog,
		build:  actorBuild(ricartagrawala.New),
	}
}

func centralMutex() Protocol {
	return Protocol{
		Name: "central-mutex",
		Summary: "mutual exclusion by a central server that grants a token and queues requests: at most one " +
			"client inside, and under fairness every client enters as often as it wants",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "clients", Default: 3, Min: 2, Max: 4, Help: "number of clients (node 0 is the server)"},
			{Name: "entries", Default: 1, Min: 1, Max: 3, Help: "times each client enters the critical section"},
		},
		Bugs:  centralmutex.Catalog,
		build: actorBuild(centralmutex.New),
	}
}
