package actor_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Pinger sends Count pings to node To when it starts.
type Pinger struct{ To, Count int }

func (p *Pinger) Init(ctx actor.Context) {
	for i := range p.Count {
		ctx.Send(model.NodeID(p.To), i)
	}
}
func (p *Pinger) Handle(actor.Context, model.NodeID, actor.Message) {}
func (p *Pinger) Timeout(actor.Context, actor.Timer)                {}

// Ponger records which pings it has received.
type Ponger struct{ Got [3]bool }

func (p *Ponger) Init(actor.Context) {}
func (p *Ponger) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	p.Got[msg.(int)] = true
}
func (p *Ponger) Timeout(actor.Context, actor.Timer) {}

// Partial-order reduction: two pairs that never talk to each other, and a property that reads
// only the first ponger. Declaring who sends to whom (SendsTo) and what the property reads
// (properties.Reading) lets the explorer take the second pair's steps without interleaving
// them with the first's in every way.
func Example_partialOrderReduction() {
	sys := &actor.System{
		Nodes:   []actor.Node{&Pinger{To: 1, Count: 3}, &Ponger{}, &Pinger{To: 3, Count: 3}, &Ponger{}},
		SendsTo: [][]model.NodeID{{1}, {}, {3}, {}},
		Props: []model.Property[*actor.State]{
			properties.Reading(properties.Sometimes("first ponger has everything", func(s *actor.State) bool {
				return actor.NodeAs[*Ponger](s, 1).Got == [3]bool{true, true, true}
			}), 1),
		},
	}
	for _, por := range []bool{false, true} {
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, POR: por})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("POR %v: %d states, every property holds: %v\n", por, res.Stats.Distinct, res.OK())
	}
	// Output:
	// POR false: 64 states, every property holds: true
	// POR true: 15 states, every property holds: true
}
