package mqtt

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Config configures a system.
type Config struct {
	// Readings is how many readings the sensor publishes (1 to 3).
	Readings int
	// QoS is the quality of service of both hops: 0, 1 or 2.
	QoS int
	// Faults are the fault budgets: Drops loses packets, which QoS 1 and 2 recover from.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the sensor, broker and subscriber for cfg, on ordered links.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.Between("readings", cfg.Readings, 1, 3), setup.Between("qos", cfg.QoS, 0, 2)); err != nil {
		return nil, err
	}
	nodes := []actor.Node{
		&Node{QoS: cfg.QoS, Left: cfg.Readings, Readings: cfg.Readings, Bug: cfg.Bug},
		&Node{QoS: cfg.QoS, Bug: cfg.Bug},
		&Node{QoS: cfg.QoS, Got: make([]int, cfg.Readings), Bug: cfg.Bug},
	}
	return &actor.System{
		Protocol: "mqtt",
		Params:   actor.TraceParams(map[string]int{"readings": cfg.Readings, "qos": cfg.QoS}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Names:    []string{"sensor", "broker", "subscriber"},
		Network:  actor.Ordered,
		Faults:   cfg.Faults,
		Timers:   actor.TimersWhenQuiet,
		Fair:     model.FairActions,
		Props:    Properties(cfg.QoS, cfg.Readings),
		SendsTo:  [][]model.NodeID{{Broker}, {Sensor, Subscriber}, {Broker}},
	}, nil
}

// Properties returns the properties of a system at level qos whose sensor publishes readings
// readings: NoCreation (always), NoDuplicates (always, at QoS 0 and 2), NoLoss (eventually, at
// QoS 1 and 2) and Received (sometimes), as the package documentation states them.
func Properties(qos, readings int) []model.Property[*actor.State] {
	props := []model.Property[*actor.State]{
		properties.Always("NoCreation", func(s *actor.State) bool {
			published := readings - actor.NodeAs[*Node](s, Sensor).Left
			for r, c := range Got(s) {
				if c > 0 && r+1 > published {
					return false
				}
			}
			return true
		}),
	}
	if qos != 1 {
		props = append(props, properties.Always("NoDuplicates", func(s *actor.State) bool {
			for _, c := range Got(s) {
				if c > 1 {
					return false
				}
			}
			return true
		}))
	}
	if qos > 0 {
		props = append(props, properties.Eventually("NoLoss", func(s *actor.State) bool {
			for _, c := range Got(s) {
				if c == 0 {
					return false
				}
			}
			return true
		}))
	}
	return append(props, properties.Sometimes("Received", func(s *actor.State) bool {
		for _, c := range Got(s) {
			if c > 0 {
				return true
			}
		}
		return false
	}))
}

// Got returns how many times the subscriber received each reading (index r for reading r+1).
func Got(s *actor.State) []int { return actor.NodeAs[*Node](s, Subscriber).Got }
