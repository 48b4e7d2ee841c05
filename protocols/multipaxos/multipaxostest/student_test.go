package multipaxostest_test

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
)

// A Multi-Paxos written independently of package multipaxos, as a student would, with flaws
// to switch on.

type flaw int

const (
	correct flaw = iota
	// forgetsLog keeps an acceptor's accepted proposals in volatile memory: after a crash it
	// reports none, and a new leader overwrites a command chosen with its vote.
	forgetsLog
	// countsMessages makes a leader count Accepted messages instead of the acceptors that sent
	// them: a duplicated message counts twice, and it commits a command that is not chosen.
	countsMessages
	// panics makes an acceptor panic on a commit.
	panics
	// nondeterministic makes an acceptor's answer depend on global state.
	nondeterministic
)

func student(f flaw) multipaxostest.Implementation {
	return multipaxostest.Implementation{
		Name: "student",
		NewLeader: func(c multipaxos.LeaderConfig) multipaxostest.Leader {
			return &studentLeader{cfg: c, flaw: f}
		},
		NewAcceptor: func(c multipaxos.AcceptorConfig) multipaxostest.Acceptor {
			return newStudentAcceptor(c.Slots, f)
		},
	}
}

type studentLeader struct {
	Ballot    multipaxos.Ballot `distcheck:"durable"`
	Preparing bool              // phase 1 (lost in a crash: a leader leads at most once)
	Leading   bool              // phase 2
	Promises  map[model.NodeID]bool
	Best      map[int]multipaxos.Entry      // per slot, the highest-numbered proposal reported
	Acks      map[int]int                   // per slot, the acceptances counted
	Ackers    map[int]map[model.NodeID]bool // per slot, the acceptors that accepted
	Done      map[int]bool                  // the slots committed

	cfg  multipaxos.LeaderConfig `distcheck:"-"`
	flaw flaw                    `distcheck:"-"`
}

func (l *studentLeader) Init(ctx actor.Context) {
	switch {
	case l.Ballot != 0: // led before a crash: never again
	case l.cfg.Standby:
		ctx.SetTimer("take-over", 0)
	default:
		l.prepare(ctx)
	}
}

func (l *studentLeader) Timeout(ctx actor.Context, _ actor.Timer) {
	if l.Ballot == 0 {
		l.prepare(ctx)
	}
}

func (l *studentLeader) prepare(ctx actor.Context) {
	l.Ballot, l.Preparing = multipaxos.Ballot(l.cfg.Index+1), true
	l.Promises, l.Best = map[model.NodeID]bool{}, map[int]multipaxos.Entry{}
	l.Acks, l.Ackers, l.Done = map[int]int{}, map[int]map[model.NodeID]bool{}, map[int]bool{}
	for _, a := range l.cfg.Acceptors {
		ctx.Send(a, multipaxos.Prepare{Ballot: l.Ballot})
	}
}

func (l *studentLeader) majority() int { return len(l.cfg.Acceptors)/2 + 1 }

func (l *studentLeader) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case multipaxos.Promise:
		if m.Ballot != l.Ballot || !l.Preparing || l.Promises[from] {
			return
		}
		l.Promises[from] = true
		for _, v := range m.Accepted {
			if l.flaw == ignoresLaterSlots && v.Slot > 1 {
				continue
			}
			if v.Ballot > l.Best[v.Slot].Ballot {
				l.Best[v.Slot] = multipaxos.Entry{Ballot: v.Ballot, Command: v.Command}
			}
		}
		if len(l.Promises) >= l.majority() || (l.flaw == leadsOnOnePromise && len(l.Promises) >= 1) {
			l.lead(ctx)
		}
	case multipaxos.Accepted:
		if m.Ballot != l.Ballot || !l.Leading || l.Done[m.Slot] {
			return
		}
		if l.flaw == countsMessages {
			l.Acks[m.Slot]++
		} else if !l.Ackers[m.Slot][from] {
			if l.Ackers[m.Slot] == nil {
				l.Ackers[m.Slot] = map[model.NodeID]bool{}
			}
			l.Ackers[m.Slot][from] = true
			l.Acks[m.Slot] = len(l.Ackers[m.Slot])
		}
		if l.Acks[m.Slot] >= l.majority() || (l.flaw == commitsOnMinority && l.Acks[m.Slot] >= l.majority()-1) {
			l.Done[m.Slot] = true
			for _, a := range l.cfg.Acceptors {
				ctx.Send(a, multipaxos.Commit{Slot: m.Slot, Command: m.Command})
			}
		}
	}
}

// lead proposes to the acceptors that promised, in every slot up to the highest one
// reported, the reported command (NoOp in a hole), and its own commands after.
func (l *studentLeader) lead(ctx actor.Context) {
	l.Preparing, l.Leading = false, true
	top := 0
	for slot := range l.Best {
		top = max(top, slot)
	}
	own := l.cfg.Commands
	for slot := 1; slot <= l.cfg.Slots; slot++ {
		cmd := multipaxos.NoOp
		switch e, ok := l.Best[slot]; {
		case ok:
			cmd = e.Command
		case slot > top && len(own) > 0:
			cmd, own = own[0], own[1:]
		case slot > top:
			continue
		}
		for _, a := range l.cfg.Acceptors {
			if l.Promises[a] {
				ctx.Send(a, multipaxos.Accept{Ballot: l.Ballot, Slot: slot, Command: cmd})
			}
		}
	}
}

type studentAcceptor struct {
	Promised  multipaxos.Ballot    `distcheck:"durable"`
	Log       []multipaxos.Entry   `distcheck:"durable"`
	Volatile  []multipaxos.Entry   // the log, with the flaw forgetsLog: lost in a crash
	History   []multipaxos.Vote    `distcheck:"durable"`
	Committed []multipaxos.Command `distcheck:"durable"`
	Executed  []multipaxos.Command `distcheck:"durable"`

	flaw flaw `distcheck:"-"`
}

func newStudentAcceptor(slots int, f flaw) *studentAcceptor {
	a := &studentAcceptor{Log: make([]multipaxos.Entry, slots), Committed: make([]multipaxos.Command, slots), flaw: f}
	if f == forgetsLog {
		a.Log, a.Volatile = nil, make([]multipaxos.Entry, slots)
	}
	return a
}

// log returns the acceptor's log: Volatile with the flaw forgetsLog, else Log.
func (a *studentAcceptor) log() []multipaxos.Entry {
	if a.flaw == forgetsLog {
		return a.Volatile
	}
	return a.Log
}

// calls is global state: what a deterministic node must not read.
var calls int

func (a *studentAcceptor) Init(actor.Context) {}

func (a *studentAcceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case multipaxos.Prepare:
		if a.flaw == nondeterministic {
			calls++
			if calls%2 == 0 {
				return
			}
		}
		if m.Ballot < a.Promised {
			return
		}
		if a.flaw != promiseNotKept {
			a.Promised = m.Ballot
		}
		var accepted []multipaxos.Vote
		for i, e := range a.log() {
			if e.Ballot != 0 {
				accepted = append(accepted, multipaxos.Vote{Slot: i + 1, Ballot: e.Ballot, Command: e.Command})
			}
		}
		ctx.Send(from, multipaxos.Promise{Ballot: m.Ballot, Accepted: accepted})
	case multipaxos.Accept:
		if (m.Ballot < a.Promised && a.flaw != acceptsBelowPromise) || m.Slot < 1 || m.Slot > len(a.log()) {
			return
		}
		a.Promised = m.Ballot
		a.log()[m.Slot-1] = multipaxos.Entry{Ballot: m.Ballot, Command: m.Command}
		a.vote(multipaxos.Vote{Slot: m.Slot, Ballot: m.Ballot, Command: m.Command})
		ctx.Send(from, multipaxos.Accepted(m))
	case multipaxos.Commit:
		if a.flaw == panics {
			panic("commit: not implemented")
		}
		if m.Slot < 1 || m.Slot > len(a.Committed) {
			return
		}
		a.Committed[m.Slot-1] = m.Command
		for len(a.Executed) < len(a.Committed) && a.Committed[len(a.Executed)] != "" {
			a.Executed = append(a.Executed, a.Committed[len(a.Executed)])
		}
	}
}

// vote adds v to the history, which it keeps sorted by slot and ballot: in the order of
// arrival, the same votes would make different states.
func (a *studentAcceptor) vote(v multipaxos.Vote) {
	i := 0
	for i < len(a.History) && (a.History[i].Slot < v.Slot || a.History[i].Slot == v.Slot && a.History[i].Ballot < v.Ballot) {
		i++
	}
	if i == len(a.History) || a.History[i] != v {
		a.History = slices.Insert(a.History, i, v)
	}
}

func (a *studentAcceptor) Timeout(actor.Context, actor.Timer) {}

func (a *studentAcceptor) VoteHistory() []multipaxos.Vote     { return a.History }
func (a *studentAcceptor) CommittedLog() []multipaxos.Command { return a.Committed }
func (a *studentAcceptor) ExecutedLog() []multipaxos.Command  { return a.Executed }
