package protocols

import (
	"github.com/distcheck/distcheck/protocols/broadcast"
	"github.com/distcheck/distcheck/protocols/counter"
	"github.com/distcheck/distcheck/protocols/election"
	"github.com/distcheck/distcheck/protocols/quorum"
)

// benignProtocols returns the protocols that demonstrate benign faults (lost and duplicated
// messages, crashes, recoveries and partitions), each beside a named buggy variant.
func benignProtocols() []Protocol {
	return []Protocol{bestEffortBroadcast(), exactlyOnceCounter(), quorumWrite(), majorityElection()}
}

func bestEffortBroadcast() Protocol {
	return Protocol{
		Name: "broadcast",
		Summary: "best-effort broadcast over retransmitting, deduplicating links: every node delivers once " +
			"despite lost and duplicated messages (--drops, --duplicates)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 8, Help: "number of nodes, the sender included"}},
		Bugs:   broadcast.Catalog,
		build:  actorBuild(broadcast.New),
	}
}

func exactlyOnceCounter() Protocol {
	return Protocol{
		Name: "counter",
		Summary: "clients increment a server's counter over retransmitting links; the server counts each " +
			"sequence number once, despite duplicated messages and retransmissions (--duplicates, --drops)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "clients", Default: 2, Min: 1, Max: 4, Help: "number of clients"},
			{Name: "increments", Default: 2, Min: 1, Max: 4, Help: "increments each client sends"},
		},
		Bugs:  counter.Catalog,
		build: actorBuild(counter.New),
	}
}

func quorumWrite() Protocol {
	return Protocol{
		Name: "quorum",
		Summary: "a coordinator writes a value to the nodes and completes on a majority of acknowledgements, " +
			"despite nodes that crash for good (--crashes)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 9, Help: "number of nodes, the coordinator included"}},
		Bugs:   quorum.Catalog,
		build:  actorBuild(quorum.New),
	}
}

func majorityElection() Protocol {
	return Protocol{
		Name: "election",
		Summary: "single-round leader election by majority vote with durable votes: at most one leader despite " +
			"crashes, recoveries and partitions (--crashes, --recoveries, --partitions)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 5, Help: "number of nodes (with 5 the state space is large: give --time)"}},
		Bugs:   election.Catalog,
		build:  actorBuild(election.New),
	}
}
