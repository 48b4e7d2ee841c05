package rafttest

import (
	"cmp"
	"flag"
	"testing"

	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/raft"
)

// Peer is the interface a Raft server must implement to be checked: a deterministic
// actor.Node that reports its term, role, log and commit index, and takes client commands
// while it leads. Persistent state lives in fields tagged `distcheck:"durable"`. See raft.Peer.
type Peer = raft.Peer

// Entry is a log entry: the term in which the leader received a command, and the command.
type Entry = raft.Entry

// Role is a server's role.
type Role = raft.Role

// The roles.
const (
	Follower  = raft.Follower
	Candidate = raft.Candidate
	Leader    = raft.Leader
)

// NewPeer makes the server with the given ID; peers are the other servers' IDs.
type NewPeer = raft.NewPeer

// Report is the graded outcome of Run, package conformance's: its statuses are
// conformance.Passed, conformance.Failed, conformance.NotChecked and conformance.Skipped.
type Report = conformance.Report

// Implementation is a Raft implementation to check: its name, for the summary ("rafttest:
// <name>: 35/35 checks passed") and the protocol its counterexamples record
// ("rafttest/<name>"), the constructor of its servers, and the scenarios to explore.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewPeer makes its servers.
	NewPeer NewPeer
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug package raft does not have
}

// Reference returns the project's own server, raft.Server, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns raft.Server with the named bug, named after it (bugs.None gives Reference).
// Run fails the test at once if package raft has no such bug.
func Buggy(bug bugs.Bug) Implementation {
	newPeer, err := raft.Variant(bug)
	return Implementation{Name: cmp.Or(string(bug), "reference"), NewPeer: newPeer, err: err}
}

// name is the suite's name, which starts its summary.
const name = "rafttest"

var jsonFlag = flag.String("rafttest.json", "", "write rafttest.Run's graded summary as JSON to this file")

// Run checks impl's servers against the Raft properties (raft.Properties, and that no server
// panics) in each scenario, under faults — exhaustively at three servers, in random walks at
// five — with package conformance's runner: it replays the counterexamples saved by earlier
// runs first; fails t for each property violated, with a sequence diagram and the command
// that replays it; prints the graded summary to t's log (and to conformance.Output's writer);
// writes it as JSON if asked (conformance.JSON, -rafttest.json); and returns it. An
// implementation without NewPeer, or a scenario that is not valid, fails t at once. The
// options are those of every suite (see conformance.Option).
//
//	func TestRaft(t *testing.T) {
//		rafttest.Run(t, rafttest.Implementation{NewPeer: mypkg.NewServer})
//	}
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *Report {
	t.Helper()
	return conformance.RunNamed(t, name, impl.Name, *jsonFlag, impl.suite, opts...)
}

// suite returns the suite of impl's scenarios, whose systems are of impl's servers, with impl
// named implName.
func (impl Implementation) suite(implName string) (conformance.Suite, error) {
	switch {
	case impl.err != nil:
		return conformance.Suite{Name: name, Implementation: implName}, impl.err
	case impl.NewPeer == nil:
		return conformance.Suite{Name: name, Implementation: implName}, errNoPeer
	}
	return conformance.NewSuite(name, implName, impl.Scenarios, Scenarios(), func(sc Scenario) (conformance.Scenario, error) {
		if err := sc.validate(); err != nil {
			return conformance.Scenario{}, err
		}
		return sc.scenario(impl.NewPeer), nil
	})
}
