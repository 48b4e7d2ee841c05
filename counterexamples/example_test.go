package counterexamples_test

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
)

// lostUpdate is two clients that each increment a shared register by reading it and then
// writing what they read plus one, without a lock: the classic lost update.
type lostUpdate struct{}

type luState struct {
	reg   int
	local [2]int
	pc    [2]uint8 // 0: about to read, 1: about to write, 2: done
}

func (lostUpdate) Identity() (string, map[string]string) {
	return "lostupdate", map[string]string{"clients": "2"}
}

func (lostUpdate) Init(emit func(luState)) { emit(luState{}) }

func (lostUpdate) Next(s luState, emit func(model.Action, luState)) {
	for i := range 2 {
		t := s
		switch s.pc[i] {
		case 0:
			t.local[i], t.pc[i] = s.reg, 1
			emit(model.StepArg("read", model.NodeID(i), i+1), t)
		case 1:
			t.reg, t.pc[i] = s.local[i]+1, 2
			emit(model.StepArg("write", model.NodeID(i), i+1), t)
		}
	}
}

func (lostUpdate) Fingerprint(s luState) uint64 { return value.HashValue(s) }

func (lostUpdate) Properties() []model.Property[luState] {
	return []model.Property[luState]{
		properties.Always("NoLostUpdate", func(s luState) bool {
			return s.pc != [2]uint8{2, 2} || s.reg == 2
		}),
	}
}

func (lostUpdate) ActorNames() []string { return []string{"c1", "c2", "register"} }

func (lostUpdate) ActorState(s luState, i int) string {
	if i == 2 {
		return strconv.Itoa(s.reg)
	}
	return [...]string{"idle", "read " + strconv.Itoa(s.local[i]), "done"}[s.pc[i]]
}

// Example finds a lost update, turns it into a trace, encodes it, reads it back, replays it
// and draws it.
func Example() {
	m := lostUpdate{}
	res, err := explore.Run(context.Background(), m, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	trace, err := counterexamples.New(m, res, res.Violations[0])
	if err != nil {
		panic(err)
	}
	data, err := trace.Marshal()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", data)

	loaded, err := counterexamples.Parse(data, "lostupdate.json")
	if err != nil {
		panic(err)
	}
	replayed, err := counterexamples.Replay(m, loaded)
	if err != nil {
		panic(err)
	}
	if err := counterexamples.Render(os.Stdout, m, replayed); err != nil {
		panic(err)
	}
	// Output:
	// {
	//   "format": "distcheck-trace",
	//   "version": 1,
	//   "protocol": "lostupdate",
	//   "params": {
	//     "clients": "2"
	//   },
	//   "property": "NoLostUpdate",
	//   "kind": "always",
	//   "reason": "the invariant does not hold in the last state",
	//   "strategy": "bfs",
	//   "init": 0,
	//   "steps": [
	//     {
	//       "kind": "step",
	//       "name": "read",
	//       "node": "c1",
	//       "arg": 1
	//     },
	//     {
	//       "kind": "step",
	//       "name": "read",
	//       "node": "c2",
	//       "arg": 2
	//     },
	//     {
	//       "kind": "step",
	//       "name": "write",
	//       "node": "c1",
	//       "arg": 1
	//     },
	//     {
	//       "kind": "step",
	//       "name": "write",
	//       "node": "c2",
	//       "arg": 2
	//     }
	//   ]
	// }
	//
	// protocol  lostupdate (clients=2)
	// property  NoLostUpdate (always), reproduced
	// strategy  bfs
	//
	//       c1            c2            register
	//       |             |             |
	//    1  *             |             |   read(1)    c1: read 0
	//    2  |             *             |   read(2)    c2: read 0
	//    3  *             |             |   write(1)   c1: done; register: 1
	//    4  |             *             |   write(2)   c2: done
	//       |             |             |
	//
	// NoLostUpdate (always) fails: NoLostUpdate does not hold in the last state (after 4 steps)
	// Final state:
	//   c1        done
	//   c2        done
	//   register  1
}
