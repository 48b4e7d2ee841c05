package protocols

import (
	"github.com/distcheck/distcheck/protocols/failuredetector"
	"github.com/distcheck/distcheck/protocols/links"
	"github.com/distcheck/distcheck/protocols/twogenerals"
)

// systemModelProtocols returns the protocols of the course's chapter on models of distributed
// systems: the link hierarchy, failure detectors and the Two Generals, each beside named buggy
// variants that students write.
func systemModelProtocols() []Protocol {
	return []Protocol{linkLayers(), perfectDetector(), eventuallyPerfectDetector(), twoGenerals()}
}

func linkLayers() Protocol {
	return Protocol{
		Name: "links",
		Summary: "perfect links on stubborn links (retransmit forever) on the fair-loss network, as in " +
			"Cachin–Guerraoui–Rodrigues §2.4: reliable delivery under fairness, no duplication, no creation (--drops, --duplicates)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 4, Help: "number of nodes: node 0 sends to every other"},
			{Name: "messages", Default: 2, Min: 1, Max: 4, Help: "messages node 0 sends to each receiver"},
		},
		Bugs:  links.Catalog,
		build: actorBuild(links.New),
	}
}

func perfectDetector() Protocol {
	return Protocol{
		Name: "perfect-fd",
		Summary: "the perfect failure detector by heartbeats (Cachin–Guerraoui–Rodrigues Algorithm 2.5): strong " +
			"completeness under fairness and strong accuracy, which holds only because timeouts are longer than any delay (--crashes 1)",
		Layer:  ActorLayer,
		Params: []Param{{Name: "nodes", Default: 3, Min: 2, Max: 4, Help: "number of processes"}},
		Bugs:   failuredetector.PerfectCatalog,
		build:  actorBuild(failuredetector.New),
	}
}

func eventuallyPerfectDetector() Protocol {
	return Protocol{
		Name: "eventually-perfect-fd",
		Summary: "the eventually perfect failure detector with increasing timeouts (Cachin–Guerraoui–Rodrigues " +
			"Algorithm 2.7): strong completeness, and finitely many false suspicions, each withdrawn (--crashes 1)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "nodes", Default: 2, Min: 2, Max: 4, Help: "number of processes"},
			{Name: "bound", Default: 1, Min: 1, Max: 3, Help: "the delay bound the processes do not know, in timeout increments"},
		},
		Bugs:  failuredetector.EventuallyPerfectCatalog,
		build: actorBuild(failuredetector.New),
	}
}

func twoGenerals() Protocol {
	return Protocol{
		Name: "two-generals",
		Summary: "the Two Generals: an order and k acknowledgements over a lossy link; agreement holds when " +
			"nothing is lost and fails with one loss (--drops 1), whatever k",
		Layer:  ActorLayer,
		Params: []Param{{Name: "rounds", Default: 1, Min: 0, Max: 8, Help: "acknowledgement rounds after the order"}},
		Bugs:   twogenerals.Catalog,
		build:  actorBuild(twogenerals.New),
	}
}
