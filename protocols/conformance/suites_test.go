package conformance_test

import (
	"testing"

	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
	"github.com/distcheck/distcheck/protocols/paxos/paxostest"
	"github.com/distcheck/distcheck/protocols/pbft/pbfttest"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

// Every suite has the same API: Run(t, impl, opts...) with this package's options, and its
// scenarios from Scenarios(). These do not compile if one departs from it.
var (
	_ func(testing.TB, rafttest.Implementation, ...conformance.Option) *conformance.Report       = rafttest.Run
	_ func(testing.TB, paxostest.Implementation, ...conformance.Option) *conformance.Report      = paxostest.Run
	_ func(testing.TB, multipaxostest.Implementation, ...conformance.Option) *conformance.Report = multipaxostest.Run
	_ func(testing.TB, pbfttest.Implementation, ...conformance.Option) *conformance.Report       = pbfttest.Run

	_ func() []rafttest.Scenario       = rafttest.Scenarios
	_ func() []paxostest.Scenario      = paxostest.Scenarios
	_ func() []multipaxostest.Scenario = multipaxostest.Scenarios
	_ func() []pbfttest.Scenario       = pbfttest.Scenarios

	_ func() rafttest.Implementation       = rafttest.Reference
	_ func() paxostest.Implementation      = paxostest.Reference
	_ func() multipaxostest.Implementation = multipaxostest.Reference
	_ func() pbfttest.Implementation       = pbfttest.Reference
)
