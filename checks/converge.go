package checks

import (
	"reflect"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Converges returns the two properties of eventual convergence, over the replicas' values
// that replicas picks out of a state (say, each running replica's register):
//
//   - name, an invariant: in a quiet state (see Quiet) — the clients have stopped and every
//     message has been delivered — every replica holds the same value (compared by
//     reflect.DeepEqual);
//   - name + " (quiet)", a reachability property: some state is quiet, so that the invariant
//     cannot hold only because no state was ever quiet.
//
// Expressing "once quiet" as an invariant over quiet states, rather than as liveness, keeps the
// check to one pass over the states, gives the shortest path to a divergence, and needs no
// fairness: a quiet state has nothing left to do, so whatever its replicas hold they hold for
// good (unless a timer fires, which Quiet rules out).
func Converges(name string, replicas func(*actor.State) []any) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always(name, func(s *actor.State) bool { return !Quiet(s) || Agree(replicas(s)) }),
		properties.Sometimes(name+" (quiet)", Quiet),
	}
}

// Quiet reports whether nothing is left to happen in s but faults and new operations: no
// message is in flight, no running node has a timer pending, and no running client has an
// operation pending (a client that is down may never return its operation).
func Quiet(s *actor.State) bool {
	if len(s.InFlight()) > 0 {
		return false
	}
	for i := range s.NumNodes() {
		if s.Up(model.NodeID(i)) && len(s.Timers(model.NodeID(i))) > 0 {
			return false
		}
	}
	for _, op := range s.History() {
		if !op.Returned && s.Up(op.ID.Client) {
			return false
		}
	}
	return true
}

// Agree reports whether every value equals the first (reflect.DeepEqual); no values agree.
func Agree(values []any) bool {
	for _, v := range values[min(1, len(values)):] {
		if !reflect.DeepEqual(v, values[0]) {
			return false
		}
	}
	return true
}
