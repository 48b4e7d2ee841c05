package protocols

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bank"
	"github.com/distcheck/distcheck/protocols/echo"
	"github.com/distcheck/distcheck/protocols/gossip"
	"github.com/distcheck/distcheck/protocols/poll"
	"github.com/distcheck/distcheck/protocols/register"
)

// byzantineProtocols returns the protocols that demonstrate Byzantine faults (silence,
// equivocation, corruption, replay, forgery and Sybil identities), each beside a named buggy
// variant.
func byzantineProtocols() []Protocol {
	return []Protocol{echoBroadcast(), signedGossip(), majorityPoll(), replicatedRegister(), signedBank()}
}

func echoBroadcast() Protocol {
	return Protocol{
		Name: "echo",
		Summary: "signed echo broadcast: a node delivers on n−f signed echoes; safe against an equivocating " +
			"sender when n > 3f (try --nodes 3 --byzantine 1 to see it fail), live despite f silent nodes",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 4, Min: 2, Max: 7, Help: "number of nodes, the sender included"},
			{Name: "f", Default: 1, Min: 0, Max: 6, Help: "faulty nodes allowed for: a quorum is nodes−f echoes"},
		},
		Bugs:            echo.Catalog,
		Byzantine:       true,
		DefaultBehavior: actor.Equivocate,
		build:           actorBuild(echo.New),
	}
}

func signedGossip() Protocol {
	return Protocol{
		Name:            "signed-gossip",
		Summary:         "signed gossip: node 0's data item floods the network, and nodes keep only items signed by their origin",
		Layer:           ActorLayer,
		Params:          []Param{{Name: "nodes", Default: 4, Min: 2, Max: 6, Help: "number of nodes, the origin included"}},
		Bugs:            gossip.Catalog,
		Byzantine:       true,
		DefaultBehavior: actor.Follow,
		build:           actorBuild(gossip.New),
	}
}

func majorityPoll() Protocol {
	return Protocol{
		Name:            "poll",
		Summary:         "a majority vote counted by a tally that knows its voters, against Sybil identities",
		Layer:           ActorLayer,
		Params:          []Param{{Name: "voters", Default: 3, Min: 1, Max: 7, Help: "number of voters"}},
		Bugs:            poll.Catalog,
		Byzantine:       true,
		DefaultBehavior: actor.Follow,
		build:           actorBuild(poll.New),
	}
}

func replicatedRegister() Protocol {
	return Protocol{
		Name:    "register",
		Summary: "a replicated register whose client writes and reads, returning a value once f+1 replicas agree on it",
		Layer:   ActorLayer,
		Params: []Param{
			{Name: "replicas", Default: 3, Min: 1, Max: 6, Help: "number of replicas"},
			{Name: "f", Default: 1, Min: 0, Max: 5, Help: "lying replicas allowed for: a read waits for f+1 equal replies"},
		},
		Bugs:            register.Catalog,
		Byzantine:       true,
		DefaultBehavior: actor.Corrupt,
		build:           actorBuild(register.New),
	}
}

func signedBank() Protocol {
	return Protocol{
		Name:            "bank",
		Summary:         "signed transfers sent through a relay to a bank that applies each sequence number once",
		Layer:           ActorLayer,
		Params:          []Param{{Name: "transfers", Default: 2, Min: 1, Max: 5, Help: "number of transfers the client makes"}},
		Bugs:            bank.Catalog,
		Byzantine:       true,
		DefaultBehavior: actor.Follow,
		build:           actorBuild(bank.New),
	}
}
