package clocksync

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// WithinBound names the property that every synchronisation leaves the clock within the
// bound the algorithm guarantees there (Sync.Broken).
const WithinBound = "WithinBound"

// Properties returns the algorithms' safety property, for a simulation that stops at the
// first synchronisation outside its bound (sim.Config.Props): WithinBound (always), over
// every sync of every node that is judged (a Berkeley master's agreement, a Cristian or NTP
// client's error; not a faulty clock's). The metrics count the same breaks (bound_broken).
func Properties() []model.Property[*actor.State] {
	return []model.Property[*actor.State]{properties.Always(WithinBound, func(s *actor.State) bool {
		for i := range s.NumNodes() {
			c, ok := s.Node(model.NodeID(i)).(Clocked)
			if !ok {
				continue
			}
			_, _, _, syncs := c.Records()
			for _, sy := range syncs {
				if sy.Broken() {
					return false
				}
			}
		}
		return true
	})}
}
