// Package distcheck model-checks distributed protocols under go test.
//
// A protocol is a set of deterministic state machines (package model): either a spec-layer
// model that lists its own successor states, like a TLA+ spec, or nodes that exchange messages
// over a network with faults (actor.System). Check explores every interleaving the model
// allows — breadth first by default, so counterexamples are shortest — and fails the test with
// a readable sequence diagram when a property does not hold:
//
//	func TestTwoPhase(t *testing.T) {
//		m, _ := twophase.New(3, bugs.None)
//		distcheck.Check(t, m)
//	}
//
// A failing Check saves the counterexample as
// testdata/counterexamples/<TestName>/<16 hex of sha256>.json and prints the command that
// replays it. Like Go's fuzzing corpus, every saved counterexample of a test is replayed first
// on later runs: a bug that comes back fails at once. To replay one file:
//
//	go test -run '^TestTwoPhase$' -distcheck.replay=testdata/counterexamples/TestTwoPhase/0123456789abcdef.json
//
// or set DISTCHECK_REPLAY to the file's path.
//
// Named buggy variants use ExpectViolation: the test passes when the bug is found.
package distcheck
