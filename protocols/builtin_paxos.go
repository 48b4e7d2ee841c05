package protocols

import (
	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/pbft"
)

// paxosProtocols returns the built-in protocols of this file's family: Paxos, Multi-Paxos and PBFT.
func paxosProtocols() []Protocol {
	return []Protocol{singleDecreePaxos(), multiPaxos(), practicalBFT()}
}

func singleDecreePaxos() Protocol {
	return Protocol{
		Name: "paxos",
		Summary: "single-decree Paxos (\"Paxos Made Simple\"): proposers, acceptors with durable promises, learners; " +
			"at most one value is chosen despite crashes, recoveries, lost and duplicated messages",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "proposers", Default: 2, Min: 1, Max: paxos.MaxProposers, Help: "number of proposers"},
			{Name: "acceptors", Default: 3, Min: 1, Max: paxos.MaxAcceptors, Help: "number of acceptors"},
			{Name: "learners", Default: 1, Min: 1, Max: paxos.MaxLearners, Help: "number of learners"},
			{Name: "rounds", Default: 1, Min: 1, Max: paxos.MaxRounds,
				Help: "ballots each proposer tries (retrying at any time; with 2 or more, use --strategy random or --max-states)"},
		},
		Bugs:     paxos.Catalog,
		simulate: instancesSim(5, paxosInstances, nil),
		build: func(c Config) (distcheck.Runner, error) {
			return runner(paxos.New(paxos.Config{
				Proposers: c.Params["proposers"], Acceptors: c.Params["acceptors"], Learners: c.Params["learners"],
				Rounds: c.Params["rounds"], Faults: c.Faults, Bug: bugs.Bug(c.Bug),
			}))
		},
	}
}

func multiPaxos() Protocol {
	return Protocol{
		Name: "multipaxos",
		Summary: "Multi-Paxos: a stable leader fills a replicated log of a few slots, a standby takes over once, " +
			"and replicas execute the chosen commands in slot order",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "leaders", Default: 2, Min: 1, Max: multipaxos.MaxLeaders, Help: "1: a stable leader; 2: a standby takes over once"},
			{Name: "acceptors", Default: 3, Min: 1, Max: multipaxos.MaxAcceptors, Help: "number of acceptors, which are the replicas"},
			{Name: "slots", Default: 2, Min: 1, Max: multipaxos.MaxSlots, Help: "length of the log"},
			{Name: "async", Default: 0, Min: 0, Max: 1,
				Help: "1: the standby may take over at any moment (a much larger state space); 0: only when no message can be delivered"},
		},
		Bugs:     multipaxos.Catalog,
		simulate: instancesSim(5, multipaxosInstances, nil),
		build: func(c Config) (distcheck.Runner, error) {
			return runner(multipaxos.New(multipaxos.Config{
				Leaders: c.Params["leaders"], Acceptors: c.Params["acceptors"], Slots: c.Params["slots"],
				Asynchronous: c.Params["async"] == 1, Faults: c.Faults, Bug: bugs.Bug(c.Bug),
			}))
		},
	}
}

func practicalBFT() Protocol {
	return Protocol{
		Name: "pbft",
		Summary: "PBFT (Castro and Liskov): pre-prepare, prepare, commit and view change for one request (or --requests 2–3) among " +
			"n = 3f+1 signed replicas; safe against f Byzantine replicas (--byzantine 1; with --replicas 3 it fails)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "replicas", Default: 4, Min: 1, Max: pbft.MaxReplicas, Help: "number of replicas, n"},
			{Name: "f", Default: 1, Min: 0, Max: pbft.MaxReplicas - 1, Help: "faulty replicas tolerated: quorums are of n−f"},
			{Name: "views", Default: 0, Min: 0, Max: pbft.MaxViews, Help: "view changes allowed (1 or more: a much larger state space)"},
			{Name: "async", Default: 0, Min: 0, Max: 1,
				Help: "1: a view change may start at any moment; 0: only when no delivery changes anything"},
			{Name: "faulty-backups", Default: 0, Min: 0, Max: 1,
				Help: "0: the adversary takes the primary of view 0 first; 1: it takes the last backups"},
			{Name: "requests", Default: 1, Min: 1, Max: pbft.MaxRequests,
				Help: "client requests, ordered at sequence numbers 0, 1, …"},
		},
		Bugs:            pbft.Catalog,
		simulate:        instancesSimMalicious(4, pbftInstances, pbftByzantine, pbftMetrics),
		malicious:       true,
		Byzantine:       true,
		DefaultBehavior: actor.Equivocate,
		build: func(c Config) (distcheck.Runner, error) {
			faulty := pbft.FaultyPrimary
			if c.Params["faulty-backups"] == 1 {
				faulty = pbft.FaultyBackups
			}
			return runner(pbft.New(pbft.Config{
				Replicas: c.Params["replicas"], F: c.Params["f"], Views: c.Params["views"], Requests: c.Params["requests"],
				Asynchronous: c.Params["async"] == 1, Faults: c.Faults, Adversary: sized(c.Adversary),
				Faulty: faulty, Bug: bugs.Bug(c.Bug),
			}))
		},
	}
}
