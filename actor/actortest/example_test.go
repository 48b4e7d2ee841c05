package actortest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
)

// echo answers every message with the same message and keeps a retry timer.
type echo struct{ Seen int }

func (e *echo) Init(ctx actor.Context) { ctx.SetTimer("retry", 0) }
func (e *echo) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	e.Seen++
	ctx.Send(from, msg)
	ctx.CancelTimer("retry")
}
func (e *echo) Timeout(ctx actor.Context, t actor.Timer) { ctx.Broadcast("hello") }

// A unit test of one handler: run it with a recording context and look at what it did.
func Example() {
	node, ctx := &echo{}, actortest.NewContext(1, 3)
	node.Init(ctx)
	fmt.Println("pending:", ctx.Timers())
	node.Timeout(ctx, "retry")
	fmt.Println("sent:", ctx.Take())
	node.Handle(ctx, 2, "ping")
	fmt.Println("sent:", ctx.Take(), "pending:", ctx.Pending("retry"), "seen:", node.Seen)
	// Output:
	// pending: [retry]
	// sent: [{0 hello} {2 hello}]
	// sent: [{2 ping}] pending: false seen: 1
}
