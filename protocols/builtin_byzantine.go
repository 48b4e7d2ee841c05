package protocols

import (
	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
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

// sized turns the command line's adversary into the one the protocol packages take.
func sized(a Adversary) adversary.Config {
	return adversary.Config{Byzantine: a.Byzantine, Behavior: a.Behavior, Sybils: a.Sybils, Sends: a.Sends}
}

// runner wraps a constructor's result.
func runner(sys *model.System, err error) (distcheck.Runner, error) {
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
		Bugs: []Bug{
			{Name: string(echo.BugUnsignedEcho), Summary: "echoes are counted without verifying their signatures (--byzantine 1 --byzantine-sends 1 forges one)"},
			{Name: string(echo.BugSmallQuorum), Summary: "a node delivers on f+1 echoes (--byzantine 1: the sender equivocates)"},
			{Name: string(echo.BugWaitForAll), Summary: "a node waits for echoes from all nodes (--byzantine 1 --behavior silent blocks it)"},
		},
		Byzantine:       true,
		DefaultBehavior: model.Equivocate,
		build: func(c Config) (distcheck.Runner, error) {
			return runner(echo.New(echo.Config{Nodes: c.Params["nodes"], F: c.Params["f"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: echo.Bug(c.Bug)}))
		},
	}
}

func signedGossip() Protocol {
	return Protocol{
		Name:    "signed-gossip",
		Summary: "signed gossip: node 0's data item floods the network, and nodes keep only items signed by their origin",
		Layer:   ActorLayer,
		Params:  []Param{{Name: "nodes", Default: 4, Min: 2, Max: 6, Help: "number of nodes, the origin included"}},
		Bugs: []Bug{{Name: string(gossip.BugNoValidation),
			Summary: "nodes keep and forward items without checking the signature (--byzantine 1 --byzantine-sends 1 forges one)"}},
		Byzantine:       true,
		DefaultBehavior: model.Follow,
		build: func(c Config) (distcheck.Runner, error) {
			return runner(gossip.New(gossip.Config{Nodes: c.Params["nodes"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: gossip.Bug(c.Bug)}))
		},
	}
}

func majorityPoll() Protocol {
	return Protocol{
		Name:    "poll",
		Summary: "a majority vote counted by a tally that knows its voters, against Sybil identities",
		Layer:   ActorLayer,
		Params:  []Param{{Name: "voters", Default: 3, Min: 1, Max: 7, Help: "number of voters"}},
		Bugs: []Bug{{Name: string(poll.BugUnboundedIdentities),
			Summary: "the tally counts a vote from any identity (--sybils 2 --byzantine-sends 2 outvotes the voters)"}},
		Byzantine:       true,
		DefaultBehavior: model.Follow,
		build: func(c Config) (distcheck.Runner, error) {
			return runner(poll.New(poll.Config{Voters: c.Params["voters"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: poll.Bug(c.Bug)}))
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
		Bugs: []Bug{{Name: string(register.BugTrustFirstReply),
			Summary: "a read returns the first reply (--byzantine 1: a corrupt replica answers garbage)"}},
		Byzantine:       true,
		DefaultBehavior: model.Corrupt,
		build: func(c Config) (distcheck.Runner, error) {
			return runner(register.New(register.Config{Replicas: c.Params["replicas"], F: c.Params["f"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: register.Bug(c.Bug)}))
		},
	}
}

func signedBank() Protocol {
	return Protocol{
		Name:    "bank",
		Summary: "signed transfers sent through a relay to a bank that applies each sequence number once",
		Layer:   ActorLayer,
		Params:  []Param{{Name: "transfers", Default: 2, Min: 1, Max: 5, Help: "number of transfers the client makes"}},
		Bugs: []Bug{{Name: string(bank.BugNoNonce),
			Summary: "the bank applies every validly signed transfer (--byzantine 1 --byzantine-sends 1: the relay replays one)"}},
		Byzantine:       true,
		DefaultBehavior: model.Follow,
		build: func(c Config) (distcheck.Runner, error) {
			return runner(bank.New(bank.Config{Transfers: c.Params["transfers"], Faults: c.Faults, Adversary: sized(c.Adversary), Bug: bank.Bug(c.Bug)}))
		},
	}
}
