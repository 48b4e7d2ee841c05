package p2p

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Peers is the cast of a gossip experiment: relays in the overlay, of which the last Malicious
// are malicious, and clients attached to several relays. It makes the simulator's peer types.
type Peers struct {
	// Relays is the number of overlay peers, malicious ones included.
	Relays int
	// Clients is the number of clients; each is attached to Attach relays. With no clients the
	// honest relays produce the items themselves.
	Clients, Attach int
	// Malicious is how many of the relays are malicious, doing Behavior; each has Sybils extra
	// identities, and forges an item every ForgeEvery (Bogus).
	Malicious  int
	Behavior   Behavior
	Sybils     int
	ForgeEvery time.Duration
	// Produce is each producer's production; their starts are spread over one period.
	Produce Production
	// Relay returns the node relay id runs, producing as produce says.
	Relay func(id model.NodeID, produce Production) actor.Node
}

// Validate checks the cast.
func (c Peers) Validate() error {
	switch {
	case c.Relays < 1:
		return fmt.Errorf("relays %d: want at least 1", c.Relays)
	case c.Malicious < 0 || c.Malicious >= c.Relays:
		return fmt.Errorf("malicious %d: want 0 to %d (fewer than the %d relays)", c.Malicious, c.Relays-1, c.Relays)
	case c.Clients < 0:
		return fmt.Errorf("clients %d is negative", c.Clients)
	case c.Clients > 0 && (c.Attach < 1 || c.Attach > c.Relays):
		return fmt.Errorf("attach %d: want 1 to %d (the relays)", c.Attach, c.Relays)
	case c.Malicious > 0 && c.Behavior == 0:
		return fmt.Errorf("malicious peers need a behaviour (hide, bogus, equivocate or sybil)")
	case c.Sybils < 0:
		return fmt.Errorf("sybils %d is negative", c.Sybils)
	}
	return nil
}

// Types returns the simulator's peer types: "relay", then "malicious", then "client".
func (c Peers) Types() []sim.PeerType {
	producers := c.Clients
	if producers == 0 {
		producers = c.Relays - c.Malicious
	}
	stagger := func(k int) Production {
		p := c.Produce
		if p.Every > 0 && producers > 0 {
			p.Start += p.Every * time.Duration(k) / time.Duration(producers)
		}
		return p
	}
	honest := c.Relays - c.Malicious
	types := []sim.PeerType{{
		Name: "relay", Count: honest,
		New: func(id model.NodeID) actor.Node {
			if c.Clients > 0 {
				return c.Relay(id, Production{})
			}
			return c.Relay(id, stagger(int(id)))
		},
	}}
	if c.Malicious > 0 {
		types = append(types, sim.PeerType{
			Name: "malicious", Count: c.Malicious, Malicious: true, Sybils: c.Sybils,
			New: func(id model.NodeID) actor.Node {
				var own Production
				if c.Behavior == Equivocate || c.Behavior == Sybil {
					own = c.Produce // it equivocates about items of its own
				}
				return &Malicious{Node: c.Relay(id, own), Behavior: c.Behavior, ForgeEvery: c.ForgeEvery}
			},
		})
	}
	if c.Clients > 0 {
		types = append(types, sim.PeerType{
			Name: "client", Count: c.Clients, Attach: c.Attach,
			New: func(id model.NodeID) actor.Node {
				return &Client{Produce: stagger(int(id) - c.Relays)}
			},
		})
	}
	return types
}
