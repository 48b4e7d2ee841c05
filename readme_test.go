package distcheck_test

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// The protocol and test shown in README.md, kept here so that the README cannot drift from
// code that compiles and passes.

type Pinger struct{ Pongs int }

func (p *Pinger) Init(ctx model.Context)                                         { ctx.Send(1, "ping") }
func (p *Pinger) Handle(ctx model.Context, from model.NodeID, msg model.Message) { p.Pongs++ }
func (p *Pinger) Timeout(ctx model.Context, t model.Timer)                       {}

type Ponger struct{}

func (Ponger) Init(model.Context)                                             {}
func (Ponger) Handle(ctx model.Context, from model.NodeID, msg model.Message) { ctx.Send(from, "pong") }
func (Ponger) Timeout(model.Context, model.Timer)                             {}

func TestPingPong(t *testing.T) {
	sys := &model.System{
		Nodes:  []model.Node{&Pinger{}, Ponger{}},
		Faults: model.Faults{Drops: 1}, // the network may lose one message
		Props: []model.Property[*model.State]{
			properties.Always("at most one pong", func(s *model.State) bool {
				return model.NodeAs[*Pinger](s, 0).Pongs <= 1
			}),
			properties.Sometimes("a pong arrives", func(s *model.State) bool {
				return model.NodeAs[*Pinger](s, 0).Pongs == 1
			}),
		},
	}
	distcheck.Check(t, sys)
}
