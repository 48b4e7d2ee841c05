// Package adversary sizes the Byzantine adversary of a built-in protocol and places it on the
// protocol's nodes.
//
// A protocol that models Byzantine faults knows what its adversary may say — the ways it can
// change a message (actor.Byzantine.Mutate), the bogus messages it can make up
// (actor.Byzantine.Forge), whether it may replay what it has seen — and which nodes it is most
// instructive to corrupt: the sender of a broadcast, a relay, the last replica. What it does not
// know is how strong the adversary is; that comes from its caller (a test, or the command line's
// --byzantine, --behavior, --sybils and --byzantine-sends flags) as a Config. Config.Place joins
// the two into the actor.Byzantine of a actor.System.
package adversary

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Config sizes an adversary: how many of the system's nodes it controls (the protocol picks
// which), what those nodes do, how many Sybil identities it adds, and how many messages it may
// send of its own accord on one path. The zero Config is no adversary.
type Config struct {
	// Byzantine is the number of nodes the adversary controls.
	Byzantine int
	// Behavior is what those nodes do with their own steps.
	Behavior actor.Behavior
	// Sybils is the number of extra identities the adversary has.
	Sybils int
	// Sends is how many messages the adversary may send of its own accord (forged or
	// replayed) on one path.
	Sends int
}

// None reports whether there is no adversary: no Byzantine node and no Sybil identity.
func (c Config) None() bool { return c.Byzantine == 0 && c.Sybils == 0 }

// String names the configuration, e.g. for subtests: "byzantine=1-follow-sybils=0-sends=1".
func (c Config) String() string {
	return fmt.Sprintf("byzantine=%d-%s-sybils=%d-sends=%d", c.Byzantine, c.Behavior, c.Sybils, c.Sends)
}

// Powers are what a protocol lets its adversary do with messages; see actor.Byzantine for each.
type Powers struct {
	// Mutate returns the ways a Byzantine node may change a message it sends.
	Mutate func(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message
	// Forge returns the bogus messages the adversary may send of its own accord.
	Forge func(adv actor.Adversary) []actor.Message
	// Replay lets the adversary send again any message delivered to one of its identities.
	Replay bool
	// Eavesdrop lets Forge read every message in flight (actor.Byzantine.Eavesdrop).
	Eavesdrop bool
}

// Place returns the adversary of c with powers p, controlling the first c.Byzantine nodes of
// order — every node of the system, in the order the protocol hands them to the adversary. It
// reports a count that is negative or larger than the number of nodes; the rest of the
// configuration is checked by actor.System.Validate.
func (c Config) Place(order []model.NodeID, p Powers) (actor.Byzantine, error) {
	switch {
	case c.Byzantine < 0:
		return actor.Byzantine{}, fmt.Errorf("byzantine: %d Byzantine nodes, want ≥ 0", c.Byzantine)
	case c.Byzantine > len(order):
		return actor.Byzantine{}, fmt.Errorf("byzantine: %d Byzantine nodes but only %d nodes", c.Byzantine, len(order))
	}
	b := actor.Byzantine{
		Sybils:    c.Sybils,
		Behavior:  c.Behavior,
		Mutate:    p.Mutate,
		Forge:     p.Forge,
		Replay:    p.Replay,
		Eavesdrop: p.Eavesdrop,
		Sends:     c.Sends,
	}
	if c.Byzantine > 0 {
		b.Nodes = append([]model.NodeID(nil), order[:c.Byzantine]...)
	}
	return b, nil
}

// Honest returns the nodes of a system of n nodes that b does not control, in order.
func Honest(n int, b actor.Byzantine) []model.NodeID {
	var out []model.NodeID
	for i := range n {
		if !IsByzantine(b, model.NodeID(i)) {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

// IsByzantine reports whether b controls node id.
func IsByzantine(b actor.Byzantine, id model.NodeID) bool {
	return slices.Contains(b.Nodes, id)
}

// Impersonate returns the best the adversary can do to sign v as node victim, which is not one
// of its identities: its own signature (as identity as) relabelled with the victim's name.
// actor.Verify rejects it — signatures are unforgeable — but a protocol that reads the signer
// without verifying the signature is fooled by it.
func Impersonate(adv actor.Adversary, as, victim model.NodeID, v any) actor.Signature {
	sig := adv.Sign(as, v)
	sig.Signer = victim
	return sig
}
