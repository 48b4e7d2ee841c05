package protocols

import (
	"github.com/distcheck/distcheck/protocols/abd"
	"github.com/distcheck/distcheck/protocols/crdt"
	"github.com/distcheck/distcheck/protocols/linreg"
	"github.com/distcheck/distcheck/protocols/primarybackup"
)

// consistencyProtocols returns the built-in protocols of this file's family: the replicated-storage protocols checked for linearizability, sequential consistency and convergence.
func consistencyProtocols() []Protocol {
	return []Protocol{singleCopyRegister(), abdRegister(), primaryBackup(), lwwRegister()}
}

func singleCopyRegister() Protocol {
	return Protocol{
		Name: "linreg",
		Summary: "a read/write register served by one server: linearizable, checked with porcupine " +
			"(93 states with the defaults, as in Stateright)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "clients", Default: 2, Min: 1, Max: 5, Help: "number of clients"},
			{Name: "ops", Default: 2, Min: 1, Max: 8, Help: "operations per client: a write, a read, a write, ..."},
		},
		Bugs:  linreg.Catalog,
		build: actorBuild(linreg.New),
	}
}

func abdRegister() Protocol {
	return Protocol{
		Name: "abd",
		Summary: "the ABD register (Attiya, Bar-Noy, Dolev): linearizable on majority quorums, reads write back " +
			"(3 servers make a large state space: add --time or --strategy random for the correct protocol)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "servers", Default: 3, Min: 1, Max: 5, Help: "number of servers; a majority is a quorum"},
			{Name: "clients", Default: 3, Min: 1, Max: 5, Help: "number of clients"},
			{Name: "writers", Default: 1, Min: 0, Max: 5, Help: "clients that write and then read; the others read once"},
		},
		Bugs:  abd.Catalog,
		build: actorBuild(abd.New),
	}
}

func primaryBackup() Protocol {
	return Protocol{
		Name: "primarybackup",
		Summary: "a key-value store replicated by primary-backup; clients fail over to the backup when the " +
			"primary crashes (--crashes 1): linearizable",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "clients", Default: 2, Min: 1, Max: 4, Help: "number of clients"},
			{Name: "ops", Default: 2, Min: 1, Max: 6, Help: "operations per client: a put, a get, a put, ..."},
		},
		Bugs:  primarybackup.Catalog,
		build: actorBuild(primarybackup.New),
	}
}

func lwwRegister() Protocol {
	return Protocol{
		Name: "lww",
		Summary: "a last-writer-wins register (a CRDT) spread by gossip: the replicas converge once quiet, " +
			"despite duplicated messages (--duplicates)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "replicas", Default: 2, Min: 1, Max: 5, Help: "number of replicas"},
			{Name: "clients", Default: 2, Min: 1, Max: 5, Help: "number of clients"},
			{Name: "ops", Default: 2, Min: 1, Max: 6, Help: "operations per client: a write, a read, a write, ..."},
		},
		Bugs:  crdt.Catalog,
		build: actorBuild(crdt.New),
	}
}
