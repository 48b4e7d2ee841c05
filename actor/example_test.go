package actor_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Greeter greets every peer when it starts and counts the greetings it gets.
type Greeter struct{ Greetings int }

func (g *Greeter) Init(ctx actor.Context) { ctx.Broadcast("hello") }
func (g *Greeter) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	g.Greetings++
}
func (g *Greeter) Timeout(actor.Context, actor.Timer) {}

// Three nodes greet each other over a network that may lose one message: the explorer finds a
// node that is never greeted by everyone.
func Example() {
	sys := &actor.System{
		Nodes:  []actor.Node{&Greeter{}, &Greeter{}, &Greeter{}},
		Faults: actor.Faults{Drops: 1},
		Props: []model.Property[*actor.State]{
			properties.Eventually("everyone greeted by all", func(s *actor.State) bool {
				for i := range s.NumNodes() {
					if actor.NodeAs[*Greeter](s, model.NodeID(i)).Greetings < 2 {
						return false
					}
				}
				return true
			}),
		},
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Violations {
		fmt.Println(v.Property, "violated:", v.Reason)
		drops := 0
		for _, st := range v.Path.Steps {
			if st.Action.Kind == model.ActionDrop {
				drops++
			}
		}
		fmt.Println("messages lost on the way:", drops)
	}
	// Output:
	// everyone greeted by all violated: the path ends (nothing but faults can happen) without it having held
	// messages lost on the way: 1
}
