package twogenerals

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messenger is message N of the protocol: the order (N = 1) or an acknowledgement; it carries
// the order.
type Messenger struct {
	N      int
	Attack bool
}

// Dawn is the timer at which a general decides.
type Dawn struct{}

// Decision is what a general decided.
type Decision uint8

// The decisions.
const (
	Undecided Decision = iota
	Attack
	Retreat
)

// The named buggy variants.
const (
	// BugNeverAttack retreats whatever arrives.
	BugNeverAttack bugs.Bug = "never-attack"
	// BugSilenceMeansAttack lets B attack unless it hears the order to retreat.
	BugSilenceMeansAttack bugs.Bug = "silence-means-attack"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "two-generals", Variants: []bugs.Variant{
	{Bug: BugNeverAttack, Summary: "never attack, so never disagree (default flags: no attack even when nothing is lost, AttackIfNothingIsLost)"},
	{Bug: BugSilenceMeansAttack, Summary: "B attacks unless told to retreat (--drops 1: the retreat order is lost and B attacks alone, Validity)"},
}}

// General is one of the two generals: A (node 0), which gives the order, or B.
type General struct {
	// Order is A's order, once A has chosen it or B has received it.
	Order Decision
	// Got is the number of the last message received.
	Got int
	// Decided is the general's decision at dawn.
	Decided Decision
	// Last is the number of the last message the general is to receive (0: none).
	Last int `distcheck:"-"`
	// Rounds is the number of acknowledgement rounds.
	Rounds int `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init makes A choose and send its order; both generals wait for dawn.
func (g *General) Init(ctx actor.Context) {
	ctx.SetTimer(Dawn{}, 0)
	if ctx.ID() != 0 {
		return
	}
	g.Order = actor.ChooseFrom(ctx, Attack, Retreat)
	ctx.Send(1, Messenger{N: 1, Attack: g.Order == Attack})
}

// Handle records a message and sends the next one, if any is left.
func (g *General) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(Messenger)
	if !ok || g.Decided != Undecided {
		return
	}
	g.Got = m.N
	g.Order = Retreat
	if m.Attack {
		g.Order = Attack
	}
	if m.N <= g.Rounds {
		ctx.Send(from, Messenger{N: m.N + 1, Attack: m.Attack})
	}
}

// Timeout decides at dawn: attack if the order was to attack and every message due arrived.
func (g *General) Timeout(ctx actor.Context, _ actor.Timer) {
	g.Decided = Retreat
	switch {
	case g.Bug == BugNeverAttack:
	case g.Bug == BugSilenceMeansAttack && ctx.ID() == 1 && g.Got == 0:
		g.Decided = Attack
	case g.Order == Attack && g.Got >= g.Last:
		g.Decided = Attack
	}
}

// String shows the general's order, last message and decision, for diagrams.
func (g *General) String() string {
	names := [...]string{"-", "attack", "retreat"}
	return fmt.Sprintf("order %s, got message %d of %d, decided %s", names[g.Order], g.Got, g.Last, names[g.Decided])
}

// Config configures a system.
type Config struct {
	// Rounds is the number k of acknowledgements after the order (at least 0).
	Rounds int
	// Faults are the fault budgets: lost messages (--drops) make agreement impossible.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("rounds", cfg.Rounds, 0)); err != nil {
		return nil, err
	}
	// Messages 1..k+1: B receives the odd ones, A the even ones.
	last := func(parity int) int {
		for n := cfg.Rounds + 1; n > 0; n-- {
			if n%2 == parity {
				return n
			}
		}
		return 0
	}
	a := &General{Last: last(0), Rounds: cfg.Rounds, Bug: cfg.Bug}
	b := &General{Last: last(1), Rounds: cfg.Rounds, Bug: cfg.Bug}
	gen := func(s *actor.State, i model.NodeID) *General { return actor.NodeAs[*General](s, i) }
	return &actor.System{
		Protocol: "two-generals",
		Params:   actor.TraceParams(map[string]int{"rounds": cfg.Rounds}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    []actor.Node{a, b},
		Names:    []string{"A", "B"},
		Faults:   cfg.Faults,
		Timers:   actor.TimersWhenQuiet,
		Props: []model.Property[*actor.State]{
			properties.Always("Agreement", func(s *actor.State) bool {
				da, db := gen(s, 0).Decided, gen(s, 1).Decided
				return da == Undecided || db == Undecided || da == db
			}),
			properties.Always("Validity", func(s *actor.State) bool {
				ordered := gen(s, 0).Order == Attack
				return ordered || gen(s, 0).Decided != Attack && gen(s, 1).Decided != Attack
			}),
			properties.Always("AttackIfNothingIsLost", func(s *actor.State) bool {
				if gen(s, 0).Order != Attack || s.FaultsUsed().Drops > 0 {
					return true
				}
				return gen(s, 0).Decided != Retreat && gen(s, 1).Decided != Retreat
			}),
			properties.Sometimes("BothAttack", func(s *actor.State) bool {
				return gen(s, 0).Decided == Attack && gen(s, 1).Decided == Attack
			}),
		},
	}, nil
}
