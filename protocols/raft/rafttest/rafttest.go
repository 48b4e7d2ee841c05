package rafttest

import (
	"errors"
	"flag"
	"io"
	"testing"

	"github.com/distcheck/distcheck/model"
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
type NewPeer = func(id model.NodeID, peers []model.NodeID) Peer

// Report is the graded outcome of Run, package conformance's: its statuses are
// conformance.Passed, conformance.Failed, conformance.NotChecked and conformance.Skipped.
type Report = conformance.Report

// name is the suite's name, which starts its summary.
const name = "rafttest"

var jsonFlag = flag.String("rafttest.json", "", "write rafttest.Run's graded summary as JSON to this file")

// Run checks the servers newPeer makes against the Raft properties (raft.Properties, and that
// no server panics) in each scenario, under faults — exhaustively at three servers, in random
// walks at five — with package conformance's runner: it replays the counterexamples saved by
// earlier runs first; fails t for each property violated, with a sequence diagram and the
// command that replays it; prints the graded summary to t's log (and to Output's writer);
// writes it as JSON if asked (JSON, -rafttest.json); and returns it. A scenario that is not
// valid fails t at once.
//
//	func TestRaft(t *testing.T) {
//		rafttest.Run(t, mypkg.NewServer)
//	}
func Run(t testing.TB, newPeer NewPeer, opts ...Option) *Report {
	t.Helper()
	o := &options{scenarios: DefaultScenarios(), implementation: t.Name()}
	if *jsonFlag != "" {
		o.runner = append(o.runner, conformance.JSON(*jsonFlag))
	}
	for _, opt := range opts {
		opt(o)
	}
	s, err := o.suite(newPeer)
	if err != nil {
		t.Fatalf("%s: %s: %v", name, o.implementation, err)
		return &Report{Suite: name, Implementation: o.implementation}
	}
	return conformance.Run(t, s, o.runner...)
}

// suite returns the suite of o's scenarios, whose systems are of the servers newPeer makes.
func (o *options) suite(newPeer NewPeer) (conformance.Suite, error) {
	s := conformance.Suite{Name: name, Implementation: o.implementation}
	if newPeer == nil {
		return s, errors.New("newPeer is nil")
	}
	for _, sc := range o.scenarios {
		if err := sc.validate(); err != nil {
			return s, err
		}
		s.Scenarios = append(s.Scenarios, sc.scenario(newPeer, o.deterministic))
	}
	return s, nil
}

// Option configures Run: what the suite checks, or how package conformance's runner runs it.
type Option func(*options)

type options struct {
	scenarios      []Scenario
	implementation string
	deterministic  bool
	runner         []conformance.Option
}

// passOn returns an option that passes opt on to the runner.
func passOn(opt conformance.Option) Option {
	return func(o *options) { o.runner = append(o.runner, opt) }
}

// Scenarios replaces the scenarios Run explores (DefaultScenarios).
func Scenarios(s ...Scenario) Option { return func(o *options) { o.scenarios = s } }

// Implementation names the implementation in the summary ("rafttest: <name>: 28/28 checks
// passed") and in the protocol its counterexamples record ("rafttest/<name>"). The default is
// the test's name.
func Implementation(name string) Option { return func(o *options) { o.implementation = name } }

// CheckDeterminism makes every scenario Deterministic: it runs every step twice and fails the
// property actor.DeterminismProperty when the two runs differ — a server that iterates over a
// map, say. It doubles the cost.
func CheckDeterminism() Option { return func(o *options) { o.deterministic = true } }

// JSON also writes the graded summary as JSON to path (as the flag -rafttest.json does).
func JSON(path string) Option { return passOn(conformance.JSON(path)) }

// Output also prints the graded summary to w; it always goes to the test's log.
func Output(w io.Writer) Option { return passOn(conformance.Output(w)) }

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// conformance.DefaultTraceDir): <dir>/<TestName>/<scenario>/<hash>.json.
func TraceDir(dir string) Option { return passOn(conformance.TraceDir(dir)) }

// Seed seeds the random walks (default 0).
func Seed(seed uint64) Option { return passOn(conformance.Seed(seed)) }

// FailFast stops after the first scenario that finds a property violated.
func FailFast() Option { return passOn(conformance.FailFast()) }

// Only runs the named scenarios only; Run fails the test if there is no scenario of one of
// the names.
func Only(scenarios ...string) Option { return passOn(conformance.Only(scenarios...)) }

// CollectAll grades every property in every scenario: a search goes on after a violation,
// and a property that failed is searched for again in later scenarios. It takes longer.
func CollectAll() Option { return passOn(conformance.CollectAll()) }
