package smr

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Byzantine makes servers of an Instances malicious, with the actor layer's Equivocate
// behaviour: in every instance, the node a malicious server hosts runs the protocol's own
// code, but each message it sends goes, recipient by recipient, either as it is or as one of
// the protocol's mutations of it (actor.Byzantine.Mutate, e.g. PBFT's re-signed pre-prepares
// of the other request), chosen at random through Context.Choose, so that a trace of the run
// replays the choice. The instances' properties judge the correct nodes only: the node of a
// malicious server is judged as the instance's fresh node, which has decided nothing.
type Byzantine struct {
	// Servers are the malicious servers.
	Servers []model.NodeID
	// Mutate returns the ways a malicious node may change a message that it (identity from,
	// within its instance) sends; the protocol's actor.Byzantine.Mutate.
	Mutate func(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message
}

// malicious reports whether server id is malicious.
func (in *Instances) malicious(id model.NodeID) bool {
	return in.Byzantine != nil && slices.Contains(in.Byzantine.Servers, id)
}

// mutated returns msg, or one of its mutations, as the malicious node of c sends it to one
// recipient.
func (c *instanceCtx) mutated(msg actor.Message) actor.Message {
	b := c.s.In.Byzantine
	if b == nil || b.Mutate == nil || !c.s.In.malicious(c.Context.ID()) {
		return msg
	}
	opts := b.Mutate(slotAdversary{c}, model.NodeID(c.node), msg)
	if len(opts) == 0 {
		return msg
	}
	if k := c.Context.Choose(len(opts) + 1); k > 0 {
		return opts[k-1]
	}
	return msg
}

// slotAdversary is the actor.Adversary of a malicious node within its instance: it signs as
// that node only, and it keeps no messages (Mutate needs none).
type slotAdversary struct{ c *instanceCtx }

func (a slotAdversary) Identities() []model.NodeID { return []model.NodeID{model.NodeID(a.c.node)} }
func (a slotAdversary) Nodes() []model.NodeID      { return a.c.Nodes() }
func (a slotAdversary) Seen() []actor.Message      { return nil }
func (a slotAdversary) Known() []actor.Message     { return nil }

func (a slotAdversary) Sign(as model.NodeID, v any) actor.Signature {
	if int(as) != a.c.node {
		panic(fmt.Sprintf("Sign as %d: the malicious node is %d of its instance", as, a.c.node))
	}
	return actor.SignAs(as, v)
}
