package protocols

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
	"github.com/distcheck/distcheck/protocols/multicast/reliable"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
)

// multicastProtocols returns the broadcasts of the course's chapter on multicast, each
// beside named buggy variants that students write, checked by the properties of package
// multicast.
func multicastProtocols() []Protocol {
	return []Protocol{causalBroadcast(), sequencerBroadcast(), isisBroadcast(), reliableBroadcast(), uniformBroadcast(), fifoBroadcast()}
}

func causalBroadcast() Protocol {
	return Protocol{
		Name: "causal-broadcast",
		Summary: "causal-order broadcast with vector clocks (Cachin–Guerraoui–Rodrigues Algorithm 3.15, Waiting " +
			"Causal Broadcast): causal and FIFO order, no duplication, no creation, every message delivered everywhere",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of processes"},
			{Name: "messages", Default: 1, Min: 1, Max: 2, Help: "messages each process broadcasts (3 processes with 2 each: 1,340,580 states)"},
		},
		Bugs:  causal.Catalog,
		build: actorBuild(causal.New),
	}
}

func sequencerBroadcast() Protocol {
	return Protocol{
		Name: "sequencer-broadcast",
		Summary: "total-order broadcast by a fixed sequencer (node 0) that numbers every message: total order, " +
			"no duplication, no creation, every message delivered everywhere",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of processes, the sequencer included"},
			{Name: "messages", Default: 1, Min: 1, Max: 2, Help: "messages each process broadcasts"},
		},
		Bugs:  sequencer.Catalog,
		build: actorBuild(sequencer.New),
	}
}

func isisBroadcast() Protocol {
	return Protocol{
		Name: "isis-broadcast",
		Summary: "total-order broadcast by agreed Lamport priorities (ISIS): each process proposes a priority, the " +
			"largest is agreed, messages are delivered in agreed order: total order, no duplication, no creation, all delivered",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 3, Help: "number of processes (3 with 1 message each: 191,702 states)"},
			{Name: "messages", Default: 1, Min: 1, Max: 2, Help: "messages each process broadcasts"},
		},
		Bugs:  isis.Catalog,
		build: actorBuild(isis.New),
	}
}

// broadcastParams are the parameters of the reliable broadcasts.
var broadcastParams = []Param{
	{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of processes"},
	{Name: "messages", Default: 1, Min: 1, Max: 2, Help: "messages node 0 broadcasts"},
}

func reliableBroadcast() Protocol {
	return Protocol{
		Name: "reliable-broadcast",
		Summary: "eager reliable broadcast (Cachin–Guerraoui–Rodrigues Algorithm 3.3): every process relays what it " +
			"delivers; validity, agreement, no duplication, no creation despite crash-stop (--crashes)",
		Layer:  ActorLayer,
		Params: broadcastParams,
		Bugs:   reliable.EagerCatalog,
		build:  actorBuild(reliable.New),
	}
}

func uniformBroadcast() Protocol {
	return Protocol{
		Name: "uniform-broadcast",
		Summary: "majority-ack uniform reliable broadcast (Cachin–Guerraoui–Rodrigues Algorithm 3.5): a process " +
			"delivers once a majority relayed; uniform agreement despite a minority crashing (--crashes)",
		Layer:  ActorLayer,
		Params: broadcastParams,
		Bugs:   reliable.UniformCatalog,
		build: actorBuild(func(c reliable.Config) (*actor.System, error) {
			c.Uniform = true
			return reliable.New(c)
		}),
	}
}

func fifoBroadcast() Protocol {
	return Protocol{
		Name: "fifo-broadcast",
		Summary: "FIFO reliable broadcast (Cachin–Guerraoui–Rodrigues Algorithm 3.12) on eager reliable broadcast: " +
			"each sender's messages delivered in the order sent, despite crash-stop (--crashes)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 3, Help: "number of processes"},
			{Name: "messages", Default: 2, Min: 1, Max: 3, Help: "messages node 0 broadcasts"},
		},
		Bugs: reliable.FIFOCatalog,
		build: actorBuild(func(c reliable.Config) (*actor.System, error) {
			c.FIFO = true
			return reliable.New(c)
		}),
	}
}
