package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Config describes one simulation run.
type Config struct {
	// Seed makes the run reproducible: the same configuration and seed give the same result.
	Seed uint64
	// Duration is how much virtual time the run covers.
	Duration time.Duration
	// Types are the kinds of peers. Peers get IDs type by type, in order: the first type's
	// Count peers are 0, 1, ..., then the next type's.
	Types []PeerType
	// Topology is the overlay among the peers that are not clients.
	Topology Topology

	// Locations name the places peers are in; empty means one place. Latency is the latency
	// between two locations that no Link names (and within a location); Links override it.
	Locations []string
	Latency   Dist
	Links     []Link
	// PacketLoss is the probability that a message is lost, in [0, 1).
	PacketLoss float64
	// Bandwidth is every peer's upload bandwidth in bytes per second, unless its type says
	// otherwise; 0 means unlimited. A message takes its size over the bandwidth to send, and
	// a peer sends one message at a time.
	Bandwidth float64

	// Disruptions are the downtimes and slowdowns.
	Disruptions []Disruption
	// Partitions split the network for a time.
	Partitions []Partition
	// LinkFailures cut single links for a time.
	LinkFailures []LinkFailure

	// Timeouts, if set, gives the virtual delay of each timer a node sets, from the delay the
	// node asked for (which a node written for the model checker leaves at 0) and a random
	// stream of the run: the timing model of a protocol, e.g. Raft's randomized election
	// timeouts. Unset, a timer fires after the delay asked for.
	Timeouts TimeoutFunc

	// Props are safety properties (model.KindAlways; others are ignored) judged on the
	// peers' nodes after every step (or every CheckEvery of virtual time) and at the end,
	// through actor.Snapshot, as the model checker judges them on a System's states. The
	// first violated stops the run (Result.Violation).
	Props      []model.Property[*actor.State]
	CheckEvery time.Duration
	// Trace keeps every step of the run (up to MaxTraced), so that a violation comes with
	// Violation.Steps: the path of the actor layer that leads to it, which replays.
	Trace bool

	// RecordFlights keeps the first RecordFlights messages sent, with when each left and
	// arrived (Result.Flights), for drawings of the run; 0 keeps none.
	RecordFlights int

	// Settle leaves the items produced in the last Settle of the run out of the delivery
	// metrics: they had no time to spread.
	Settle time.Duration
	// Bucket is the width of the time buckets of the traffic metrics; 0 means one second.
	Bucket time.Duration

	// Progress, if set, is called about every 65,536 events and at the end.
	Progress func(Progress)
}

// TimeoutFunc gives the virtual delay of a timer peer sets, from the delay it asked for and a
// random stream (see Config.Timeouts).
type TimeoutFunc func(peer model.NodeID, t actor.Timer, after time.Duration, rnd *rand.Rand) time.Duration

// PeerType is a kind of peer: how many there are, the service they run, and where they sit.
type PeerType struct {
	// Name names the type in output, e.g. "relay" or "client".
	Name string
	// Count is how many peers of this type there are.
	Count int
	// New returns the node that peer id runs.
	New func(id model.NodeID) actor.Node
	// Locations are the locations its peers are in, assigned in turn; empty means all of
	// Config.Locations, in turn.
	Locations []string
	// Bandwidth overrides Config.Bandwidth for these peers when it is not zero.
	Bandwidth float64
	// Attach > 0 makes these peers clients: each is connected to Attach random peers of the
	// overlay (its Context.Peers), takes no part in the overlay, and is left out of the
	// delivery metrics.
	Attach int
	// Malicious peers are never disrupted and are left out of the metrics of honest peers. They
	// can act as their Sybil identities through AdversaryOf.
	Malicious bool
	// Sybils is how many extra identities each of these (malicious) peers controls. They get
	// the IDs after every peer's; honest peers learn of them only from their messages.
	Sybils int
}

// Link sets the latency between two locations (both ways).
type Link struct {
	A, B    string
	Latency Dist
}

// Progress is how far a run has got.
type Progress struct {
	Now, Duration time.Duration
	Events        int64
}

// NumPeers returns the number of peers: the sum of the types' counts.
func (cfg *Config) NumPeers() int {
	n := 0
	for _, t := range cfg.Types {
		n += t.Count
	}
	return n
}

// peerType returns the type of peer p.
func (cfg *Config) peerType(p model.NodeID) *PeerType {
	k := int(p)
	for i := range cfg.Types {
		if k < cfg.Types[i].Count {
			return &cfg.Types[i]
		}
		k -= cfg.Types[i].Count
	}
	return nil
}

func (cfg *Config) typeIndex(name string) int {
	return slices.IndexFunc(cfg.Types, func(t PeerType) bool { return t.Name == name })
}

// Validate checks the configuration.
func (cfg *Config) Validate() error {
	if cfg.Duration <= 0 {
		return fmt.Errorf("duration %v: want a positive duration", cfg.Duration)
	}
	if len(cfg.Types) == 0 {
		return fmt.Errorf("no peer types")
	}
	overlay := 0
	names := map[string]bool{}
	for i, t := range cfg.Types {
		what := fmt.Sprintf("peer type %d (%q)", i, t.Name)
		switch {
		case t.Name == "":
			return fmt.Errorf("peer type %d has no name", i)
		case names[t.Name]:
			return fmt.Errorf("peer type %q is listed twice", t.Name)
		case t.Count < 0:
			return fmt.Errorf("%s: count %d is negative", what, t.Count)
		case t.New == nil && t.Count > 0:
			return fmt.Errorf("%s: no New function", what)
		case t.Attach < 0:
			return fmt.Errorf("%s: attach %d is negative", what, t.Attach)
		case t.Sybils < 0:
			return fmt.Errorf("%s: sybils %d is negative", what, t.Sybils)
		case t.Sybils > 0 && !t.Malicious:
			return fmt.Errorf("%s: only malicious peers have Sybil identities", what)
		case t.Bandwidth < 0 || math.IsNaN(t.Bandwidth):
			return fmt.Errorf("%s: bandwidth %g is negative", what, t.Bandwidth)
		}
		names[t.Name] = true
		for _, l := range t.Locations {
			if !slices.Contains(cfg.locations(), l) {
				return fmt.Errorf("%s: unknown location %q (locations: %v)", what, l, cfg.locations())
			}
		}
		if t.Attach == 0 {
			overlay += t.Count
		}
	}
	if cfg.NumPeers() == 0 {
		return fmt.Errorf("no peers")
	}
	for _, t := range cfg.Types {
		if t.Attach > overlay {
			return fmt.Errorf("peer type %q: attach %d: there are only %d overlay peers", t.Name, t.Attach, overlay)
		}
	}
	if overlay > 0 {
		if err := cfg.Topology.Validate(overlay); err != nil {
			return err
		}
	}
	if err := cfg.Latency.Validate(); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	for _, l := range cfg.Links {
		for _, name := range []string{l.A, l.B} {
			if !slices.Contains(cfg.locations(), name) {
				return fmt.Errorf("link %s-%s: unknown location %q (locations: %v)", l.A, l.B, name, cfg.locations())
			}
		}
		if err := l.Latency.Validate(); err != nil {
			return fmt.Errorf("link %s-%s: %w", l.A, l.B, err)
		}
	}
	switch {
	case !(cfg.PacketLoss >= 0 && cfg.PacketLoss < 1):
		return fmt.Errorf("packet loss %g: want a probability in [0, 1)", cfg.PacketLoss)
	case cfg.Bandwidth < 0 || math.IsNaN(cfg.Bandwidth):
		return fmt.Errorf("bandwidth %g is negative", cfg.Bandwidth)
	case cfg.Settle < 0 || cfg.Settle >= cfg.Duration:
		return fmt.Errorf("settle %v: want a duration in [0, %v)", cfg.Settle, cfg.Duration)
	case cfg.Bucket < 0:
		return fmt.Errorf("bucket %v is negative", cfg.Bucket)
	}
	for i := range cfg.Disruptions {
		if err := cfg.Disruptions[i].Validate(cfg); err != nil {
			return err
		}
	}
	for i := range cfg.Partitions {
		if err := cfg.Partitions[i].validate(cfg.NumPeers()); err != nil {
			return err
		}
	}
	for i := range cfg.LinkFailures {
		if err := cfg.LinkFailures[i].validate(cfg.NumPeers()); err != nil {
			return err
		}
	}
	if cfg.CheckEvery < 0 {
		return fmt.Errorf("check every %v is negative", cfg.CheckEvery)
	}
	return nil
}

// locations returns the location names, with the one default location when none are given.
func (cfg *Config) locations() []string {
	if len(cfg.Locations) == 0 {
		return []string{"default"}
	}
	return cfg.Locations
}

func (cfg *Config) bucket() time.Duration {
	if cfg.Bucket == 0 {
		return time.Second
	}
	return cfg.Bucket
}

// SystemPeers returns a peer type "node" with one peer per node of sys, each running a clone
// of that node: an actor-layer protocol built for the model checker runs as it is (the
// system's faults, adversary and properties are not used; give the simulation its own).
func SystemPeers(sys *actor.System) []PeerType {
	return []PeerType{{
		Name: "node", Count: len(sys.Nodes),
		New: func(id model.NodeID) actor.Node { return value.CloneAny(sys.Nodes[id]).(actor.Node) },
	}}
}
