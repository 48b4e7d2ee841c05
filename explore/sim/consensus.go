package sim

import (
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// StatusRecorder is implemented by the simulator's Context: a consensus protocol's harness
// reports through it the events the consensus metrics are made of. Harnesses call the
// functions ReportRole and ReportCommit, which do nothing under the model checker.
type StatusRecorder interface {
	// RoleIs records the peer's role (e.g. "leader", "follower", "candidate") and its term
	// (or view, or ballot).
	RoleIs(role string, term int)
	// CommittedCmd records that the peer committed (applied) client command cmd.
	CommittedCmd(cmd uint64)
}

// ReportRole records, in a simulation, the node's role and term after a step. Only changes are
// kept, so a harness may call it after every step.
func ReportRole(ctx actor.Context, role string, term int) {
	if r, ok := ctx.(StatusRecorder); ok {
		r.RoleIs(role, term)
	}
}

// ReportCommit records, in a simulation, that the node committed client command cmd.
func ReportCommit(ctx actor.Context, cmd uint64) {
	if r, ok := ctx.(StatusRecorder); ok {
		r.CommittedCmd(cmd)
	}
}

// RoleChange is a peer taking a role in a term, at a time.
type RoleChange struct {
	Peer model.NodeID
	At   time.Duration
	Role string
	Term int
}

// Commit is a peer committing a client command, at a time.
type Commit struct {
	Peer model.NodeID
	At   time.Duration
	Cmd  uint64
}

func (c *simCtx) RoleIs(role string, term int) {
	r := c.s.rec
	p := c.s.cur
	if r.lastRole == nil {
		r.lastRole = make([]int, c.s.n)
		for i := range r.lastRole {
			r.lastRole[i] = -1
		}
	}
	if k := r.lastRole[p]; k >= 0 && r.roles[k].Role == role && r.roles[k].Term == term {
		return
	}
	r.lastRole[p] = len(r.roles)
	r.roles = append(r.roles, RoleChange{Peer: model.NodeID(p), At: time.Duration(c.s.now), Role: role, Term: term})
}

func (c *simCtx) CommittedCmd(cmd uint64) {
	c.s.rec.commits = append(c.s.rec.commits, Commit{Peer: model.NodeID(c.s.cur), At: time.Duration(c.s.now), Cmd: cmd})
}
