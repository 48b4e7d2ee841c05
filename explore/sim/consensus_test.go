package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// The metrics of a run made by hand, worked out by hand: n0 wins term 1 at 1.5 s after a
// candidacy of 0.5 s; n1 runs for term 2 at 6 s (n0 still leads: two of three servers are
// at term 1 or below) and wins at 6.2 s.
func TestConsensusMetricsByHand(t *testing.T) {
	s := time.Second
	ms := time.Millisecond
	r := &Result{Duration: 10 * s, Peers: []PeerInfo{{ID: 0}, {ID: 1}, {ID: 2}, {ID: 3, Client: true}},
		Roles: []RoleChange{
			{0, 0, "follower", 0}, {1, 0, "follower", 0}, {2, 0, "follower", 0},
			{0, 1 * s, "candidate", 1}, {0, 1500 * ms, "leader", 1},
			{1, 6 * s, "candidate", 2}, {1, 6200 * ms, "leader", 2}, {0, 6300 * ms, "follower", 2},
		},
		Commits:  []Commit{{0, 2300 * ms, 1}, {1, 2400 * ms, 1}, {1, 3100 * ms, 2}},
		Ops:      []Op{{Input: uint64(1), Invoked: 2 * s, Returned: 2500 * ms}, {Input: uint64(2), Invoked: 3 * s, Returned: -1}},
		Messages: Messages{Sent: 40, Bytes: 4000},
	}
	c := r.Consensus()
	require.NotNil(t, c)
	assert.Equal(t, 3, c.Servers)
	assert.Equal(t, 2, c.Elections)
	assert.InDelta(t, 0.35, c.ElectionMean, 1e-9)
	assert.InDelta(t, 0.5, c.ElectionMax, 1e-9)
	assert.Equal(t, 2, c.Terms)
	assert.Equal(t, 1, c.LeaderChanges)
	assert.InDelta(t, 1.5, c.Leaderless, 1e-9)
	assert.InDelta(t, 0.15, c.LeaderlessFraction, 1e-9)
	assert.Equal(t, []LeaderSpan{{0, 1, 1.5, 6.2}, {1, 2, 6.2, 10}}, c.Leaders)
	assert.Equal(t, 2, c.Requested)
	assert.Equal(t, 2, c.Committed)
	assert.Equal(t, 1, c.Replied)
	assert.InDelta(t, 0.2, c.Throughput, 1e-9)
	assert.InDelta(t, 0.2, c.CommitMean, 1e-9)
	assert.InDelta(t, 0.3, c.CommitMax, 1e-9)
	assert.InDelta(t, 0.5, c.ReplyP50, 1e-9)
	assert.InDelta(t, 20, c.MessagesPerCommand, 1e-9)
	assert.InDelta(t, 2000, c.BytesPerCommand, 1e-9)

	// n0 down from 2 s to 3 s: no leader then.
	r.Peers[0].Down = []Window{{Peer: 0, Start: 2 * s, End: 3 * s}}
	assert.InDelta(t, 2.5, r.Consensus().Leaderless, 1e-9)
}

func TestPartitionCutsOnlyBetweenItsGroups(t *testing.T) {
	s := &Sim{cfg: Config{Partitions: []Partition{{Groups: [][]model.NodeID{{0, 1}, {2, 3}}, Start: time.Second, End: 2 * time.Second}}}}
	at := int64(1500 * time.Millisecond)
	assert.True(t, s.cut(0, 2, at))
	assert.True(t, s.cut(3, 1, at))
	assert.False(t, s.cut(0, 1, at))
	assert.False(t, s.cut(2, 3, at))
	assert.False(t, s.cut(0, 4, at), "a peer in no group is cut off from no one")
	assert.False(t, s.cut(0, 2, int64(2*time.Second)), "healed at the end")
	assert.False(t, s.cut(0, 2, int64(time.Second)-1), "not yet split")
}

func TestScheduledFaultsParseAndBecomeWindows(t *testing.T) {
	f, err := ParseFault("node3@10s", false)
	require.NoError(t, err)
	assert.Equal(t, Fault{Peer: 3, At: 10 * time.Second}, f)
	r, err := ParseFault("n3@20s", true)
	require.NoError(t, err)
	ws, err := FailWindows([]Fault{r, f, {Peer: 1, At: 5 * time.Second}}, 5, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, []Window{{Peer: 3, Start: 10 * time.Second, End: 20 * time.Second}, {Peer: 1, Start: 5 * time.Second, End: time.Minute}}, ws)

	p, err := ParsePartition("n0,n1|n2,n3,n4@15s-25s")
	require.NoError(t, err)
	assert.Equal(t, Partition{Groups: [][]model.NodeID{{0, 1}, {2, 3, 4}}, Start: 15 * time.Second, End: 25 * time.Second}, p)
	assert.Equal(t, "n0,n1|n2,n3,n4@15s-25s", p.String())

	for _, tc := range []struct {
		err  error
		want string
	}{
		{second(ParseFault("node3", false)), `"node3": want NODE@TIME, e.g. node3@10s`},
		{second(ParseFault("leader@1s", false)), `"leader@1s": "leader" is not a node (use n3, node3 or 3)`},
		{second(ParseFault("n1@soon", false)), `"n1@soon": "soon" is not a time (use e.g. 10s)`},
		{second(ParsePartition("n0,n1@1s-2s")), `"n0,n1@1s-2s": want at least two groups separated by |`},
		{second(ParsePartition("n0|n1@2s-1s")), `"n0|n1@2s-1s": the end 1s is not after the start 2s`},
		{second(ParsePartition("n0|n1")), `"n0|n1": want GROUP|GROUP@START-END, e.g. n0,n1|n2,n3,n4@15s-25s`},
		{second(FailWindows([]Fault{{Peer: 2, At: time.Second, Recover: true}}, 5, time.Minute)), "recover n2@1s: n2 has not failed before"},
		{second(FailWindows([]Fault{{Peer: 2, At: time.Second}, {Peer: 2, At: 2 * time.Second}}, 5, time.Minute)), "fail n2@2s: n2 is down already (it failed at 1s)"},
		{second(FailWindows([]Fault{{Peer: 7, At: time.Second}}, 5, time.Minute)), "fail n7@1s: no node n7 (nodes are n0 to n4)"},
	} {
		assert.EqualError(t, tc.err, tc.want)
	}
	cfg := Config{Duration: time.Minute, Types: []PeerType{{Name: "a", Count: 3, New: func(model.NodeID) actor.Node { return nil }}},
		Partitions: []Partition{{Groups: [][]model.NodeID{{0}, {0, 1}}, Start: 0, End: time.Second}}}
	assert.EqualError(t, cfg.Validate(), "partition n0|n0,n1@0s-1s: n0 is in two groups")
}

func second[T any](_ T, err error) error { return err }

func TestRandomDowntimeCanBeACrash(t *testing.T) {
	d, err := ParseDisruption(Downtime, "mtbf=10s,availability=0.9,crash=true")
	require.NoError(t, err)
	assert.True(t, d.Crash)
	_, err = ParseDisruption(Slowdown, "factor=2,mtbf=10s,availability=0.9,crash=true")
	assert.EqualError(t, err, "slowdown: crash applies to downtime only")
}
