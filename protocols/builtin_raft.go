package protocols

import (
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
)

// raftProtocols returns the built-in protocols of this file's family: Raft.
func raftProtocols() []Protocol { return []Protocol{raftConsensus()} }

func raftConsensus() Protocol {
	return Protocol{
		Name: "raft",
		Summary: "Raft consensus (Figure 2 of the paper): leader election, log replication and commitment, " +
			"with durable term, vote and log, under crash-recovery, lost messages and partitions " +
			"(--crashes, --recoveries, --lose-while-down, --drops, --partitions)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 7, Help: "number of servers"},
			{Name: "max-term", Default: 3, Min: 1, Max: 10, Help: "highest term: a server at it starts no election (bounds the search)"},
			{Name: "commands", Default: 1, Min: 1, Max: 4, Help: "client commands: a leader is given one while its log is shorter"},
		},
		Bugs:     raft.Catalog,
		simulate: raftSim,
		build: func(c Config) (distcheck.Runner, error) {
			sys, err := raft.New(raft.Config{Nodes: c.Params["nodes"], MaxTerm: c.Params["max-term"],
				Commands: c.Params["commands"], Faults: c.Faults, Bug: bugs.Bug(c.Bug)})
			if err != nil {
				return nil, err
			}
			return distcheck.NewRunner(sys), nil
		},
	}
}

// raftSim runs Raft servers (default 5) and clients (default 1) under the simulator.
func raftSim(c SimConfig) (SimSetup, error) {
	nodes := c.Nodes
	if !c.NodesGiven {
		nodes = 5
	}
	s, err := raft.Simulate(raft.SimConfig{
		Servers: nodes, Clients: orDefault(c.Clients, 1), Every: time.Duration(float64(time.Second) / orDefault(c.Rate, 10)),
		Until: c.Duration - c.Settle, Bug: bugs.Bug(c.Bug), Latency: c.Latency,
		ElectionTimeout: c.ElectionTimeout, Heartbeat: c.Heartbeat,
	})
	if err != nil {
		return SimSetup{}, flagged(err, "raft: ", map[string]string{"servers": "--nodes", "clients": "--clients", "heartbeat": "--heartbeat", "election timeout": "--election-timeout"})
	}
	return SimSetup{Types: s.Types, Timeouts: s.Timeouts, Props: s.Props, FullMesh: true, Replayable: true}, nil
}
