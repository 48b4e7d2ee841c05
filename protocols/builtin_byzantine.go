package protocols

import (
	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bank"
	"github.com/distcheck/distcheck/protocols/bugs"
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

// sized turns the command line's adversary into the one the protocol packages take.
func sized(a Adversary) adversary.Config {
	return adversary.Config{Byzantine: a.Byzantine, Behavior: a.Behavior, Sybils: a.Sybils, Sends: a.Sends}
}

// runner wraps a constructor's result.
func runner(sys *actor.System, err error) (distcheck.Runner, error) {
	if err != nil {
		return nil, err
	}
	return distcheck.NewRunner(sys), nil
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
		build: func(c Config) (distcheck.Runner, error) {
			return runner(echo.New(echo.Config{Nodes: c.Params["nodes"], F: c.Params["f"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bugs.Bug(c.Bug)}))
		},
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
		build: func(c Config) (distcheck.Runner, error) {
			return runner(gossip.New(gossip.Config{Nodes: c.Params["nodes"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bugs.Bug(c.Bug)}))
		},
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
		build: func(c Config) (distcheck.Runner, error) {
			return runner(poll.New(poll.Config{Voters: c.Params["voters"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bugs.Bug(c.Bug)}))
		},
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
		build: func(c Config) (distcheck.Runner, error) {
			return runner(register.New(register.Config{Replicas: c.Params["replicas"], F: c.Params["f"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bugs.Bug(c.Bug)}))
		},
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
		build: func(c Config) (distcheck.Runner, error) {
			return runner(bank.New(bank.Config{Transfers: c.Params["transfers"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bugs.Bug(c.Bug)}))
		},
	}
}
