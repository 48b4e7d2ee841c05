package multipaxos

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Bug names a buggy variant.
type Bug string

// The named buggy variants.
const (
	// NoBug is the protocol as designed.
	NoBug Bug = ""
	// BugSkipRecovery makes a new leader propose its own commands from the first slot on,
	// ignoring the proposals its promises report: it overwrites a command already chosen.
	BugSkipRecovery Bug = "skip-recovery"
	// BugExecuteOutOfOrder makes a replica execute a command as soon as it is committed, even
	// if an earlier slot is not committed yet: replicas execute in different orders, and
	// past gaps.
	BugExecuteOutOfOrder Bug = "execute-out-of-order"
)

// Bugs lists the named buggy variants.
var Bugs = []Bug{BugSkipRecovery, BugExecuteOutOfOrder}

// Limits of a configuration.
const (
	MaxLeaders   = 2
	MaxAcceptors = 5
	MaxSlots     = 3
)

// Config configures a system.
type Config struct {
	// Leaders is 1 (a stable leader) or 2 (a standby takes over once, at any moment).
	Leaders int
	// Acceptors is the number of acceptors, which are the replicas too.
	Acceptors int
	// Slots is the length of the log, 1 to 3.
	Slots int
	// Asynchronous lets the standby's timer fire at any moment (model.TimersAnytime), while
	// the first leader's messages are still on their way. By default it fires only when no
	// message can be delivered (model.TimersWhenQuiet): the standby takes over when the
	// leader seems to have stopped — it crashed, or a message was lost.
	Asynchronous bool
	// Faults are the fault budgets.
	Faults model.Faults
	// Bug selects a buggy variant.
	Bug Bug
}

// Validate reports a configuration out of range, naming the field.
func (c Config) Validate() error {
	for _, f := range []struct {
		name     string
		v, lo, h int
	}{
		{"leaders", c.Leaders, 1, MaxLeaders},
		{"acceptors", c.Acceptors, 1, MaxAcceptors},
		{"slots", c.Slots, 1, MaxSlots},
	} {
		if f.v < f.lo || f.v > f.h {
			return fmt.Errorf("multipaxos: %s is %d, want %d to %d", f.name, f.v, f.lo, f.h)
		}
	}
	if c.Bug != NoBug && !slices.Contains(Bugs, c.Bug) {
		return fmt.Errorf("multipaxos: unknown bug %q (known: %s, %s)", string(c.Bug), BugSkipRecovery, BugExecuteOutOfOrder)
	}
	if err := c.Faults.ValidateBudgets(); err != nil {
		return fmt.Errorf("multipaxos: %w", err)
	}
	return nil
}

// Commands returns the commands leader i proposes: "a", "b", "c" for the first leader, "x",
// "y", "z" for the second.
func Commands(i, slots int) []Command {
	first := []rune{'a', 'x'}[i]
	var out []Command
	for k := range slots {
		out = append(out, Command(rune(int(first)+k)))
	}
	return out
}

// New returns the Multi-Paxos system for cfg: the leaders first, then the acceptors. It is
// fully asynchronous (model.TimersAnytime): the standby may take over at any moment, while the
// first leader's messages are still on their way.
//
// Its properties:
//
//   - Agreement (always): in each slot, at most one command is chosen — accepted by a
//     majority of acceptors at one ballot (judged on the acceptors' Voted history).
//   - Validity (always): every command chosen is a leader's command or NoOp.
//   - CommitsChosen (always): every command a replica commits is the one chosen for its slot.
//   - ExecutedPrefix (always): every replica has executed the commands chosen for slots
//     1, 2, ..., k, in that order, for some k: no gaps, nothing out of order.
//   - AllExecuted (sometimes): a replica executes a command in every slot.
func New(cfg Config) (*model.System, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var acceptors []model.NodeID
	for i := range cfg.Acceptors {
		acceptors = append(acceptors, model.NodeID(cfg.Leaders+i))
	}
	var nodes []model.Node
	var names []string
	valid := []Command{NoOp}
	for i := range cfg.Leaders {
		cmds := Commands(i, cfg.Slots)
		valid = append(valid, cmds...)
		nodes = append(nodes, NewLeader(LeaderConfig{Index: i, Acceptors: acceptors, Commands: cmds, Slots: cfg.Slots, Standby: i > 0}, cfg.Bug))
		names = append(names, "p"+strconv.Itoa(i))
	}
	for i := range cfg.Acceptors {
		nodes = append(nodes, NewAcceptor(cfg.Slots, cfg.Bug))
		names = append(names, "a"+strconv.Itoa(i))
	}
	timers, async := model.TimersWhenQuiet, 0
	if cfg.Asynchronous {
		timers, async = model.TimersAnytime, 1
	}
	sys := &model.System{
		Protocol: "multipaxos",
		Params: model.TraceParams(map[string]int{"leaders": cfg.Leaders, "acceptors": cfg.Acceptors, "slots": cfg.Slots, "async": async},
			string(cfg.Bug), cfg.Faults, model.Byzantine{}),
		Nodes:  nodes,
		Names:  names,
		Faults: cfg.Faults,
		Timers: timers,
		Props: []model.Property[*model.State]{
			properties.Always("Agreement", func(s *model.State) bool {
				for _, cmds := range Chosen(s) {
					if len(cmds) > 1 {
						return false
					}
				}
				return true
			}),
			properties.Always("Validity", func(s *model.State) bool {
				for _, cmds := range Chosen(s) {
					for _, c := range cmds {
						if !slices.Contains(valid, c) {
							return false
						}
					}
				}
				return true
			}),
			properties.Always("CommitsChosen", func(s *model.State) bool {
				chosen := Chosen(s)
				for _, a := range replicas(s) {
					for i, c := range a.Committed {
						if c != "" && !slices.Equal(chosen[i], []Command{c}) {
							return false
						}
					}
				}
				return true
			}),
			properties.Always("ExecutedPrefix", func(s *model.State) bool {
				chosen := Chosen(s)
				for _, a := range replicas(s) {
					for i, c := range a.Executed {
						if i >= len(chosen) || !slices.Equal(chosen[i], []Command{c}) {
							return false
						}
					}
				}
				return true
			}),
			properties.Sometimes("AllExecuted", func(s *model.State) bool {
				for _, a := range replicas(s) {
					if len(a.Executed) == cfg.Slots {
						return true
					}
				}
				return false
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// replicas returns the acceptors of s, which are the replicas.
func replicas(s *model.State) []*Acceptor {
	var out []*Acceptor
	for _, n := range s.Nodes() {
		if a, ok := n.(*Acceptor); ok {
			out = append(out, a)
		}
	}
	return out
}

// Chosen returns, per slot (index slot−1), the commands chosen in s, sorted: those accepted in
// that slot by a majority of the acceptors at one ballot.
func Chosen(s *model.State) [][]Command {
	acceptors := replicas(s)
	if len(acceptors) == 0 {
		return nil
	}
	out := make([][]Command, len(acceptors[0].Log))
	var votes []Vote
	for _, a := range acceptors {
		votes = append(votes, a.Voted...)
	}
	slices.SortFunc(votes, compareVotes)
	for i := 0; i < len(votes); {
		j := i
		for j < len(votes) && votes[j] == votes[i] {
			j++
		}
		slot := votes[i].Slot - 1
		if j-i >= Majority(len(acceptors)) && !slices.Contains(out[slot], votes[i].Command) {
			out[slot] = append(out[slot], votes[i].Command)
			slices.Sort(out[slot])
		}
		i = j
	}
	return out
}
