// Package raftstudent is where a student starts a Raft implementation: a server with the
// state of Figure 2 of the Raft paper and TODOs for its rules. It compiles and does nothing;
// server_test.go runs the conformance suite (package rafttest) on it — see README.md.
package raftstudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

// Server is a Raft server. It is a deterministic state machine: it reacts to its start
// (Init), to messages (Handle) and to timers (Timeout), and acts only through its
// actor.Context — ctx.Send, ctx.Broadcast, ctx.SetTimer, ctx.CancelTimer. No goroutines,
// clocks or randomness: a timer fires when the checker says so.
//
// The checker copies and compares servers by their fields, so keep everything in plain
// fields (numbers, strings, slices, maps, structs; no funcs or channels).
type Server struct {
	// Persistent state on all servers (Figure 2). Fields tagged `distcheck:"durable"`
	// survive a crash; every other field is reset when the server restarts (and Init runs
	// again). The tag counts on the fields of Server itself, not on those of structs
	// embedded in it.
	CurrentTerm int              `distcheck:"durable"`
	VotedFor    model.NodeID     `distcheck:"durable"` // model.NoNode when the server has not voted
	Entries     []rafttest.Entry `distcheck:"durable"` // the log; log index i is Entries[i-1]

	// Volatile state on all servers.
	State  rafttest.Role
	Commit int // commitIndex

	// TODO: volatile state on candidates (the votes received) and on leaders (nextIndex
	// and matchIndex, reinitialized after each election).
}

// TODO: define the messages (Figure 2's RPCs and their replies) as plain structs, e.g.
//
//	type RequestVote struct{ Term, LastLogIndex, LastLogTerm int }
//
// The sender of a message is the from argument of Handle.

// electionTimer is the election timeout's timer. Timers are plain values of your choosing.
const electionTimer = "election"

// NewServer returns server id, ready for Init. peers are the IDs of the other servers.
func NewServer(id model.NodeID, peers []model.NodeID) rafttest.Peer {
	return &Server{VotedFor: model.NoNode}
}

// Init starts the server — and restarts it after a crash, with its durable fields kept.
func (s *Server) Init(ctx actor.Context) {
	s.State, s.Commit = rafttest.Follower, 0
	// TODO: servers start as followers, waiting for an election timeout (§5.2):
	// ctx.SetTimer(electionTimer, 0).
}

// Handle processes a message from another server.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
	// convert to follower" (Figure 2), then handle each kind of message: grant votes
	// (§5.2, §5.4.1), count them, append entries (§5.3), count replicas and commit (§5.3,
	// §5.4.2).
}

// Timeout processes a timer that fired.
func (s *Server) Timeout(ctx actor.Context, t actor.Timer) {
	// TODO: on an election timeout, a follower or candidate starts an election (§5.2):
	// increment currentTerm, vote for itself, reset the timer, send RequestVote to every
	// peer (ctx.Broadcast).
}

// Propose is called while the server says it leads: append the client command to the log in
// the current term and replicate it (§5.3).
func (s *Server) Propose(ctx actor.Context, cmd int) {
	// TODO: s.Entries = append(s.Entries, rafttest.Entry{Term: s.CurrentTerm, Cmd: cmd}),
	// then send AppendEntries to the followers.
}

// Term returns currentTerm.
func (s *Server) Term() int { return s.CurrentTerm }

// Role returns the server's role.
func (s *Server) Role() rafttest.Role { return s.State }

// Log returns the log.
func (s *Server) Log() []rafttest.Entry { return s.Entries }

// CommitIndex returns commitIndex.
func (s *Server) CommitIndex() int { return s.Commit }
