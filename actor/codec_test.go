package actor_test

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codecSystems are systems that between them use every part of a State: messages on each kind
// of network, fault counts, partitions one way and both, crashed nodes, timers, an adversary's
// knowledge and Sybil identities, histories, and a real protocol with crashes and recoveries.
func codecSystems(t *testing.T) map[string]*actor.System {
	crashing, err := paxos.New(paxos.Config{Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 1, Faults: actor.Faults{Crashes: 1, Recoveries: 1}})
	require.NoError(t, err)
	return map[string]*actor.System{
		"unordered, drops":   pair(3, actor.Unordered, 1),
		"duplicating, drops": pair(3, actor.Duplicating, 1),
		"ordered, drops":     pair(3, actor.Ordered, 1),
		"partition":          one(actor.Faults{Partitions: 1, Duplicates: 1}),
		"one-way partition":  one(actor.Faults{Partitions: 1, OneWay: true}),
		"timers, crashes": {Nodes: []actor.Node{pester{}, &keeper{}}, Faults: actor.Faults{Crashes: 1},
			Timers: actor.TimersWhenQuiet, MaxCopies: 1},
		"timers in order, crashes": {Nodes: []actor.Node{&ticker{Period: 2}, &ticker{Period: 3}, &oneShot{}},
			Faults: actor.Faults{Crashes: 1, Recoveries: 1}, Timers: actor.TimersInOrder},
		"replaying adversary": {Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Behavior: actor.Silent, Replay: true, Sends: 1}},
		"sybil forging": {Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Sybils: 1, Forge: bogus, Sends: 1}},
		"histories":          {Nodes: []actor.Node{&answerer{}, &asker{}, &asker{}}},
		"paxos with crashes": crashing,
	}
}

// Every state reached decodes to a state with the same parts, fingerprint and successors, and
// reading stops at the end of its encoding.
func TestEncodedStatesDecodeToTheSameStates(t *testing.T) {
	for name, sys := range codecSystems(t) {
		t.Run(name, func(t *testing.T) {
			checked := 0
			sys.Props = append(sys.Props, properties.Always("round trip", func(s *actor.State) bool {
				checked++
				enc := sys.AppendState(nil, s)
				d, rest, err := sys.ReadState(append(enc, 0xee))
				require.NoError(t, err)
				assert.Equal(t, []byte{0xee}, rest, "the rest of the buffer")
				assert.Equal(t, sys.Fingerprint(s), sys.Fingerprint(d))
				assert.Equal(t, s.Nodes(), d.Nodes())
				for i := range s.NumNodes() {
					id := model.NodeID(i)
					assert.Equal(t, s.Up(id), d.Up(id))
					assert.Equal(t, s.Timers(id), d.Timers(id))
					assert.Equal(t, sys.ActorState(s, i), sys.ActorState(d, i), "the node, its timers and their deadlines")
				}
				if len(s.InFlight())+len(d.InFlight()) > 0 { // nil or empty alike
					assert.Equal(t, s.InFlight(), d.InFlight())
				}
				assert.Equal(t, s.FaultsUsed(), d.FaultsUsed())
				p, split := s.Partitioned()
				q, dsplit := d.Partitioned()
				assert.Equal(t, split, dsplit)
				assert.Equal(t, p, q)
				assert.Equal(t, s.History(), d.History())
				assert.Equal(t, s.HistoryFingerprint(), d.HistoryFingerprint())
				assert.Equal(t, s.Failure(), d.Failure())
				assert.Equal(t, successors(sys, s), successors(sys, d))
				return true
			}))
			res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, CollectAll: true})
			require.NoError(t, err)
			require.True(t, res.Exhaustive)
			assert.Empty(t, res.Violations)
			assert.Equal(t, int(res.Distinct), checked, "every state checked")
		})
	}
}

// successors returns the actions and fingerprints of s's successors, in order.
func successors(sys *actor.System, s *actor.State) []string {
	var out []string
	sys.Next(s, func(a model.Action, t *actor.State) {
		out = append(out, a.String()+" "+string(binary.AppendUvarint(nil, sys.Fingerprint(t))))
	})
	return out
}

// plain is a System without its encoding: a BFS keeps its states in memory.
type plain struct{ model.Model[*actor.State] }

// A BFS that keeps its frontier encoded (actor.System is an explore.FrontierEncoder) counts
// what one that keeps the states themselves counts, on one worker and two, and finds the same
// violations at the same depth.
func TestAnEncodedFrontierCountsWhatStatesInMemoryCount(t *testing.T) {
	buggy, err := paxos.New(paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1, Bug: paxos.BugSharedBallot})
	require.NoError(t, err)
	systems := codecSystems(t)
	systems["paxos, shared ballot"] = buggy
	for name, sys := range systems {
		for _, workers := range []int{1, 2} {
			o := explore.Options{Workers: workers, CollectAll: true}
			packed, err := explore.Run(context.Background(), sys, o)
			require.NoError(t, err)
			inMemory, err := explore.Run(context.Background(), model.Model[*actor.State](plain{sys}), o)
			require.NoError(t, err)
			assert.Equal(t, inMemory.Distinct, packed.Distinct, name)
			assert.Equal(t, inMemory.Generated, packed.Generated, name)
			assert.Equal(t, inMemory.MaxDepth, packed.MaxDepth, name)
			require.Equal(t, len(inMemory.Violations), len(packed.Violations), name)
			for i, v := range inMemory.Violations {
				assert.Equal(t, v.Property, packed.Violations[i].Property, name)
				assert.Equal(t, v.Path.Len(), packed.Violations[i].Path.Len(), name)
			}
		}
	}
}

// A damaged encoding is an error naming the system and what is wrong, never a panic or a
// wrong state.
func TestADamagedEncodingIsAnError(t *testing.T) {
	sys := pair(2, actor.Unordered, 1)
	var first *actor.State
	sys.Init(func(s *actor.State) { first = s })
	enc := sys.AppendState(nil, first)
	for name, c := range map[string]struct {
		buf  []byte
		want string
	}{
		"empty":         {nil, "truncated"},
		"cut short":     {enc[:len(enc)-1], "truncated"},
		"unknown flags": {append([]byte{0xff}, enc[1:]...), "flags 0xff"},
		"unknown node":  {append([]byte{0, 0x7f}, enc[2:]...), "unknown id for node 0's state"},
	} {
		_, _, err := sys.ReadState(c.buf)
		require.Error(t, err, name)
		assert.ErrorContains(t, err, "decoding a state: "+c.want, name)
	}
}
