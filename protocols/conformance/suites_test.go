package conformance_test

import (
	"testing"

	"github.com/distcheck/distcheck/protocols/bully/bullytest"
	"github.com/distcheck/distcheck/protocols/clocks/clockstest"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/failuredetector/fdtest"
	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
	"github.com/distcheck/distcheck/protocols/multicast/totaltest"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
	"github.com/distcheck/distcheck/protocols/paxos/paxostest"
	"github.com/distcheck/distcheck/protocols/pbft/pbfttest"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
	"github.com/distcheck/distcheck/protocols/ricartagrawala/ratest"
	"github.com/distcheck/distcheck/protocols/ringelection/ringtest"
	"github.com/distcheck/distcheck/protocols/snapshot/snapshottest"
)

// Every suite has the same API: Run(t, impl, opts...) with this package's options, and its
// scenarios from Scenarios(). These do not compile if one departs from it.
var (
	_ func(testing.TB, rafttest.Implementation, ...conformance.Option) *conformance.Report       = rafttest.Run
	_ func(testing.TB, paxostest.Implementation, ...conformance.Option) *conformance.Report      = paxostest.Run
	_ func(testing.TB, multipaxostest.Implementation, ...conformance.Option) *conformance.Report = multipaxostest.Run
	_ func(testing.TB, pbfttest.Implementation, ...conformance.Option) *conformance.Report       = pbfttest.Run
	_ func(testing.TB, ratest.Implementation, ...conformance.Option) *conformance.Report         = ratest.Run
	_ func(testing.TB, ringtest.Implementation, ...conformance.Option) *conformance.Report       = ringtest.Run
	_ func(testing.TB, bullytest.Implementation, ...conformance.Option) *conformance.Report      = bullytest.Run
	_ func(testing.TB, clockstest.Implementation, ...conformance.Option) *conformance.Report     = clockstest.Run
	_ func(testing.TB, causaltest.Implementation, ...conformance.Option) *conformance.Report     = causaltest.Run
	_ func(testing.TB, totaltest.Implementation, ...conformance.Option) *conformance.Report      = totaltest.Run
	_ func(testing.TB, fdtest.Implementation, ...conformance.Option) *conformance.Report         = fdtest.Run
	_ func(testing.TB, snapshottest.Implementation, ...conformance.Option) *conformance.Report   = snapshottest.Run

	_ func() []rafttest.Scenario       = rafttest.Scenarios
	_ func() []paxostest.Scenario      = paxostest.Scenarios
	_ func() []multipaxostest.Scenario = multipaxostest.Scenarios
	_ func() []pbfttest.Scenario       = pbfttest.Scenarios
	_ func() []ratest.Scenario         = ratest.Scenarios
	_ func() []ringtest.Scenario       = ringtest.Scenarios
	_ func() []bullytest.Scenario      = bullytest.Scenarios
	_ func() []clockstest.Scenario     = clockstest.Scenarios
	_ func() []causaltest.Scenario     = causaltest.Scenarios
	_ func() []totaltest.Scenario      = totaltest.Scenarios
	_ func() []fdtest.Scenario         = fdtest.Scenarios
	_ func() []snapshottest.Scenario   = snapshottest.Scenarios

	_ func() rafttest.Implementation       = rafttest.Reference
	_ func() paxostest.Implementation      = paxostest.Reference
	_ func() multipaxostest.Implementation = multipaxostest.Reference
	_ func() pbfttest.Implementation       = pbfttest.Reference
	_ func() ratest.Implementation         = ratest.Reference
	_ func() ringtest.Implementation       = ringtest.Reference
	_ func() bullytest.Implementation      = bullytest.Reference
	_ func() clockstest.Implementation     = clockstest.Reference
	_ func() causaltest.Implementation     = causaltest.Reference
	_ func() totaltest.Implementation      = totaltest.Reference
	_ func() fdtest.Implementation         = fdtest.Reference
	_ func() snapshottest.Implementation   = snapshottest.Reference
)
