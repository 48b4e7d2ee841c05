package protocols

import (
	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/distcheck/distcheck/protocols/twophase"
)

func twoPhase() Protocol {
	return Protocol{
		Name:    "twophase",
		Summary: "Lamport's TwoPhase.tla: a transaction manager and resource managers (spec layer)",
		Layer:   SpecLayer,
		Params:  []Param{{Name: "rms", Default: 3, Min: 1, Max: twophase.MaxRMs, Help: "number of resource managers"}},
		Bugs:    twophase.Catalog,
		build: func(c Config) (distcheck.Runner, error) {
			m, err := twophase.New(c.Params["rms"], bugs.Bug(c.Bug))
			if err != nil {
				return nil, err
			}
			return distcheck.NewRunner(m), nil
		},
	}
}

func twoPC() Protocol {
	return Protocol{
		Name:    "twopc",
		Summary: "two-phase commit between a coordinator and participants over a lossy network (actor layer)",
		Layer:   ActorLayer,
		Params:  []Param{{Name: "participants", Default: 3, Min: 1, Max: 16, Help: "number of participants"}},
		Bugs:    twopc.Catalog,
		build:   actorBuild(twopc.New),
	}
}
