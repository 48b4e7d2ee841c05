package checks

import (
	"fmt"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Linearizable returns an invariant: the history of operations that the clients recorded
// (actor.Context.Invoke and Return) is linearizable with respect to the sequential
// specification m — every operation appears to take effect at one instant between its
// invocation and its return, in an order that m accepts. Operations that never returned may
// or may not have taken effect (see Unknown). The check is porcupine's, which uses m.Partition
// when m has one (KVModel checks each key on its own).
//
// A history that is not linearizable stays so however it goes on, so the invariant fails on
// every path through a violating state and breadth-first search reports the shortest; and a
// step can make a linearizable history non-linearizable only by returning an operation whose
// output matters. Verdicts are therefore cached by a fingerprint of the history that leaves
// out what cannot matter yet — pending reads, operations invoked after everything that
// returned, the return of a write that nobody has seen since — so in practice only the steps
// that return a read (or a CAS, a dequeue) cost a check. The cache is safe for concurrent use.
//
// On a violation the property explains itself (model.Property.Explain) with porcupine's
// drawing of the history, its partial linearizations and the trace's steps. A history that
// cannot have happened, or that m refuses (a register model given a key-value operation, say),
// is a bug in the clients and makes the property panic with a message that says what is
// wrong, never a verdict.
func Linearizable(name string, m porcupine.Model) model.Property[*actor.State] {
	c := &historyCheck{name: name, m: m, realTime: true, check: IsLinearizable}
	return model.Property[*actor.State]{Name: name, Kind: model.KindAlways, Holds: c.holds, Explain: c.explain}
}

// IsLinearizable reports whether h is linearizable with respect to m (see Linearizable). It
// returns an error, and no verdict, when m is incomplete or refuses one of h's operations.
func IsLinearizable(m porcupine.Model, h *History) (bool, error) {
	s, err := newSpec(m)
	if err != nil {
		return false, err
	}
	h = h.reduced(true)
	if err := s.probe(h); err != nil {
		return false, err
	}
	var ok bool
	err = catch(func() { ok = porcupine.CheckOperations(m, h.operations(false)) })
	return ok, err
}

// historyCheck is a property over the clients' history, with its cache of verdicts.
type historyCheck struct {
	name     string
	m        porcupine.Model
	realTime bool // whether the verdict depends on real time (the Before vectors)
	check    func(porcupine.Model, *History) (bool, error)
	cache    verdicts
	// byState caches verdicts by the state's history fingerprint, which costs nothing to read:
	// many states share a history, and this skips building even the reduced key.
	byState verdicts
}

// holds judges s's history, from the cache if it can.
func (c *historyCheck) holds(s *actor.State) bool {
	fp := s.HistoryFingerprint()
	if fp == 0 {
		return true // no operations
	}
	if ok, found := c.byState.get(fp); found {
		return ok
	}
	ops := s.History()
	key, sound := historyKey(ops, c.realTime)
	if sound {
		if ok, found := c.cache.get(key); found {
			c.byState.put(fp, ok)
			return ok
		}
	}
	h, err := FromOps(ops)
	if err == nil {
		var ok bool
		if ok, err = c.check(c.m, h); err == nil {
			if sound {
				c.cache.put(key, ok)
			}
			c.byState.put(fp, ok)
			return ok
		}
	}
	panic(fmt.Sprintf("checks: property %q: %v", c.name, err))
}
