package distcheck_test

import (
	"os"
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/require"
)

// The protocol and test shown in README.md, kept here so that the README cannot drift from
// code that compiles and passes: TestREADMEShowsThisFilesCode checks that the README's first Go
// block is this code, line for line.

type Pinger struct{ Pongs int }

func (p *Pinger) Init(ctx actor.Context)                                         { ctx.Send(1, "ping") }
func (p *Pinger) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) { p.Pongs++ }
func (p *Pinger) Timeout(ctx actor.Context, t actor.Timer)                       {}

type Ponger struct{}

func (Ponger) Init(actor.Context)                                             {}
func (Ponger) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) { ctx.Send(from, "pong") }
func (Ponger) Timeout(actor.Context, actor.Timer)                             {}

func TestPingPong(t *testing.T) {
	sys := &actor.System{
		Nodes:  []actor.Node{&Pinger{}, Ponger{}},
		Faults: actor.Faults{Drops: 1}, // the network may lose one message
		Props: []model.Property[*actor.State]{
			properties.Always("at most one pong", func(s *actor.State) bool {
				return actor.NodeAs[*Pinger](s, 0).Pongs <= 1
			}),
			properties.Sometimes("a pong arrives", func(s *actor.State) bool {
				return actor.NodeAs[*Pinger](s, 0).Pongs == 1
			}),
		},
	}
	distcheck.Check(t, sys)
}

// TestREADMEShowsThisFilesCode checks that every line of README.md's first Go block stands in
// this file, in order (white space aside): an edit to either side alone fails here.
func TestREADMEShowsThisFilesCode(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, block, found := strings.Cut(string(readme), "```go\n")
	require.True(t, found, "README.md has a Go block")
	block, _, found = strings.Cut(block, "```")
	require.True(t, found, "README.md's Go block ends")
	self, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	var code []string
	for _, line := range strings.Split(string(self), "\n") {
		code = append(code, strings.Join(strings.Fields(line), " "))
	}
	next := 0
	for _, line := range strings.Split(block, "\n") {
		want := strings.Join(strings.Fields(line), " ")
		if want == "" {
			continue
		}
		for next < len(code) && code[next] != want {
			next++
		}
		require.Less(t, next, len(code), "README.md's line %q is not in readme_test.go (in order)", line)
		next++
	}
}
