package counterexamples_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// A student's AppendEntries and server, first without String methods.
type (
	plainAppend struct {
		Term, PrevIndex, PrevTerm int
		Entries                   []studentEntry
		LeaderCommit              int
	}
	plainServer struct {
		id, term int
		role     int
		log      []studentEntry
		commit   int
	}
)

// Then with them: the diagrams show what they return.
type (
	readableAppend plainAppend
	readableServer plainServer
)

func (m readableAppend) String() string {
	var es []string
	for _, e := range m.Entries {
		es = append(es, fmt.Sprintf("%d@t%d", e.Cmd, e.Term))
	}
	return fmt.Sprintf("Append(t%d prev=%d@t%d [%s] commit=%d)", m.Term, m.PrevIndex, m.PrevTerm, strings.Join(es, " "), m.LeaderCommit)
}

func (s *readableServer) String() string {
	return fmt.Sprintf("%s t%d log=%d commit=%d", [...]string{"follower", "candidate", "leader"}[s.role], s.term, len(s.log), s.commit)
}

func (s *plainServer) Init(ctx actor.Context) { s.start(ctx, func(m plainAppend) any { return m }) }
func (s *plainServer) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	s.append(msg.(plainAppend))
}
func (s *plainServer) Timeout(actor.Context, actor.Timer) {}

// start makes node 0 the leader of term 1 with two entries, and sends them to node 1 in the
// message that wrap makes of an AppendEntries.
func (s *plainServer) start(ctx actor.Context, wrap func(plainAppend) any) {
	if s.id == 0 {
		s.role, s.term, s.log = 2, 1, []studentEntry{{1, 7}, {1, 8}}
		ctx.Send(1, wrap(plainAppend{Term: 1, Entries: s.log, LeaderCommit: 2}))
	}
}

func (s *plainServer) append(m plainAppend) {
	s.term, s.log, s.commit = m.Term, m.Entries, m.LeaderCommit
}

func (s *readableServer) Init(ctx actor.Context) {
	(*plainServer)(s).start(ctx, func(m plainAppend) any { return readableAppend(m) })
}
func (s *readableServer) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	(*plainServer)(s).append(plainAppend(msg.(readableAppend)))
}
func (s *readableServer) Timeout(actor.Context, actor.Timer) {}

// followerCommits is a property that breaks when the follower, node 1, commits.
func followerCommits(s *actor.State) bool {
	switch n := s.Node(1).(type) {
	case *plainServer:
		return n.commit == 0
	case *readableServer:
		return n.commit == 0
	}
	return true
}

// diagram prints the sequence diagram of the first violation in sys.
func diagram(sys *actor.System) {
	res, _ := explore.Run[*actor.State](context.Background(), sys, explore.Options{Workers: 1})
	tr, _ := counterexamples.New[*actor.State](sys, res, res.Violations[0])
	r, _ := counterexamples.Replay[*actor.State](sys, tr)
	_ = counterexamples.Render[*actor.State](os.Stdout, sys, r)
}

// A String method on a message or a node's state is what the diagrams show of it. Without
// them, a message shows all its fields and a node its field list; with them, what they return.
func ExampleRender_stringMethods() {
	prop := properties.Always("follower commits nothing", followerCommits)
	diagram(&actor.System{Protocol: "plain", Nodes: []actor.Node{&plainServer{id: 0}, &plainServer{id: 1}},
		Props: []model.Property[*actor.State]{prop}})
	diagram(&actor.System{Protocol: "readable", Nodes: []actor.Node{&readableServer{id: 0}, &readableServer{id: 1}},
		Props: []model.Property[*actor.State]{prop}})
	// Output:
	// protocol  plain
	// property  follower commits nothing (always), reproduced
	// strategy  bfs
	//
	//       n0            n1
	//       |             |
	//    0  o------------>|   sent at start: n0→n1 counterexamples_test.plainAppend{Term:… [1]
	//    1  o------------>*   deliver n0→n1 counterexamples_test.plainAppend{Term:1, Prev… [2]   n1: {id:1, term:1, role:0, log:[{Term:1… [3]
	//       |             |
	//
	// Notes (the texts cut above, in full):
	//   [1] step 0: sent at start: n0→n1 counterexamples_test.plainAppend{Term:1, PrevIndex:0, PrevTerm:0,
	//       Entries:[{Term:1, Cmd:7} {Term:1, Cmd:8}], LeaderCommit:2}
	//   [2] step 1: deliver n0→n1 counterexamples_test.plainAppend{Term:1, PrevIndex:0, PrevTerm:0,
	//       Entries:[{Term:1, Cmd:7} {Term:1, Cmd:8}], LeaderCommit:2}
	//   [3] n1 after step 1: {id:1, term:1, role:0, log:[{Term:1, Cmd:7} {Term:1, Cmd:8}], commit:2}
	//
	// follower commits nothing (always) fails: follower commits nothing does not hold in the last state (after 1 step)
	// Final state:
	//   n0  {id:0, term:1, role:2, log:[{Term:1, Cmd:7} {Term:1, Cmd:8}], commit:0}
	//   n1  {id:1, term:1, role:0, log:[{Term:1, Cmd:7} {Term:1, Cmd:8}], commit:2}
	// protocol  readable
	// property  follower commits nothing (always), reproduced
	// strategy  bfs
	//
	//       n0            n1
	//       |             |
	//    0  o------------>|   sent at start: n0→n1 Append(t1 prev=0@t0 [7@t1 8@t1] commit=2)
	//    1  o------------>*   deliver n0→n1 Append(t1 prev=0@t0 [7@t1 8@t1] commit=2)   n1: follower t1 log=2 commit=2
	//       |             |
	//
	// follower commits nothing (always) fails: follower commits nothing does not hold in the last state (after 1 step)
	// Final state:
	//   n0  leader t1 log=2 commit=0
	//   n1  follower t1 log=2 commit=2
}
