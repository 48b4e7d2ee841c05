package protocols

import (
	"github.com/distcheck/distcheck/protocols/links"
)

// systemModelProtocols returns the protocols of the course's chapter on models of distributed
// systems: the link hierarchy, failure detectors and the Two Generals, each beside named buggy
// variants that students write.
func systemModelProtocols() []Protocol {
	return []Protocol{linkLayers()}
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
