// Package attack sets up the experiments that pit each malicious behaviour of p2p.Malicious
// against flooding, with and without the defence that stops it:
//
//	behaviour    undefended                         defended
//	hide         clients hand items to one relay    clients hand items to f+1 relays
//	bogus        items taken as they come           origin signatures checked
//	equivocate   signed items taken as they come    a quorum of distinct peers must vouch
//	sybil        a quorum of any identities         a quorum of admitted members
//
// Each experiment is a sim.Config; its Summary shows the damage: items that never reach every
// honest relay (Coverage < 1), honest relays holding content their origin never produced
// (Wrong), or honest relays holding different contents of one item (Disagreements).
package attack

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/flooding"
)

// Relays is the number of relays of every experiment.
const Relays = 30

// Defence describes the defence against b.
func Defence(b p2p.Behavior) string {
	switch b {
	case p2p.Hide:
		return "clients hand each item to more relays than there are malicious ones"
	case p2p.Bogus:
		return "relays check the origin's signature"
	case p2p.Equivocate:
		return "relays deliver an item once a majority of distinct peers vouch for its content"
	case p2p.Sybil:
		return "only admitted members' vouches count towards the majority"
	}
	return "none"
}

// Experiment returns the simulation of behaviour b, with or without its defence.
func Experiment(b p2p.Behavior, defended bool, seed uint64) (sim.Config, error) {
	peers := p2p.Peers{
		Relays:   Relays,
		Behavior: b,
		Produce:  p2p.Production{Every: 2 * time.Second, Size: 200, Until: 8 * time.Second},
	}
	fc := flooding.Config{}
	switch b {
	case p2p.Hide:
		peers.Malicious, peers.Clients, peers.Attach = 5, 12, 1
		if defended {
			peers.Attach = peers.Malicious + 1
		}
	case p2p.Bogus:
		peers.Malicious, peers.Clients, peers.Attach = 3, 10, 2
		peers.ForgeEvery = 500 * time.Millisecond
		fc.Verify = defended
	case p2p.Equivocate:
		peers.Malicious = 1
		fc.Verify = true
		if defended {
			fc.Quorum = Quorum(Relays, peers.Malicious)
		}
	case p2p.Sybil:
		peers.Malicious, peers.Sybils = 1, Relays/2
		fc.Verify = true
		fc.Quorum = Quorum(Relays, peers.Malicious)
		fc.MembersOnly = defended
	default:
		return sim.Config{}, fmt.Errorf("unknown malicious behaviour %d", b)
	}
	peers.Relay = func(_ model.NodeID, own p2p.Production) actor.Node {
		c := fc
		c.Produce = own
		return flooding.New(c)
	}
	return sim.Config{
		Seed: seed, Duration: 12 * time.Second, Settle: 3 * time.Second,
		Types:    peers.Types(),
		Topology: sim.Topology{Kind: sim.RandomRegular, Degree: 6},
		Latency:  sim.UniformDist(10*time.Millisecond, 80*time.Millisecond),
	}, nil
}

// Quorum is the number of distinct vouches that n peers, f of them malicious, need so that two
// contents of one item can never both reach it: a majority of n + f.
func Quorum(n, f int) int { return (n+f)/2 + 1 }
