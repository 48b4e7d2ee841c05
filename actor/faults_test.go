package actor_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keeper receives messages and remembers the numbers it got; anything else it ignores.
type keeper struct{ Got map[int]bool }

func (k *keeper) Init(actor.Context) {}
func (k *keeper) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if n, ok := msg.(num); ok {
		if k.Got == nil {
			k.Got = map[int]bool{}
		}
		k.Got[n.N] = true
	}
}
func (k *keeper) Timeout(actor.Context, actor.Timer) {}

// booter counts its boots in a durable field and its current run in a volatile one.
type booter struct {
	Boots int `distcheck:"durable"`
	Run   int
}

func (b *booter) Init(actor.Context) {
	b.Boots++
	b.Run++
}
func (b *booter) Handle(actor.Context, model.NodeID, actor.Message) {}
func (b *booter) Timeout(actor.Context, actor.Timer)                {}

func counts(t *testing.T, sys *actor.System) (distinct, generated int64) {
	t.Helper()
	for _, o := range []explore.Options{{Workers: 1}, {Workers: 2}, {Strategy: explore.DFS}} {
		res, err := explore.Run(context.Background(), sys, o)
		require.NoError(t, err)
		require.True(t, res.Exhaustive)
		if distinct == 0 {
			distinct, generated = res.Distinct, res.Generated
			continue
		}
		assert.Equal(t, distinct, res.Distinct, "%s", o.Strategy)
		assert.Equal(t, generated, res.Generated, "%s", o.Strategy)
	}
	return distinct, generated
}

// one is the smallest system with a message: node 0 sends m to node 1 when it starts, and node 1
// remembers it. Without faults it has 2 states: m in flight, then m delivered.
func one(f actor.Faults) *actor.System {
	return &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}}, Faults: f}
}

// Each budget's counts are derived by hand in the comments, state by state. A state is written
// {in flight; delivered?; faults used}.
func TestFaultBudgetsChangeStateCountsAsDocumented(t *testing.T) {
	cases := []struct {
		name                string
		sys                 *actor.System
		distinct, generated int64
	}{
		// S0{m; no} → deliver S1{; yes}. 2 states; 1 initial + 1 successor.
		{"none", one(actor.Faults{}), 2, 2},
		// S0 → deliver S1, drop S2{; no; d1}. 3 states, 1+2 generated.
		{"drops=1", one(actor.Faults{Drops: 1}), 3, 3},
		// S0 → deliver S1{;yes}, duplicate S2{m m; no; u1}; S2 → deliver S3{m; yes; u1};
		// S3 → deliver S4{; yes; u1}. 5 states; 1 + 2 + 1 + 1 generated.
		{"duplicates=1", one(actor.Faults{Duplicates: 1}), 5, 5},
		// S0 → deliver S1, crash n0 S2{m; no; n0 down}, crash n1 S3{m; no; n1 down};
		// S1 → crash n0 S4, crash n1 S5; S2 → deliver (n0 down does not matter) = S4;
		// S3: n1 is down, nothing. 6 states; 1 + 3 + 2 + 1 generated.
		{"crashes=1", one(actor.Faults{Crashes: 1}), 6, 7},
		// As crashes=1, but the crash of n1 also loses m: S3{; no; n1 down} — same counts,
		// different content (checked below).
		{"crashes=1 lose-while-down", one(actor.Faults{Crashes: 1, LoseWhileDown: true}), 6, 7},
		// Two nodes: splits without node 0 are just {n1}. S0 → deliver S1, split S2{m; no; cut};
		// S1 → split S3{; yes; cut}; S2 → (m is held back) heal S4{m; no; p1}; S3 → heal
		// S5{; yes; p1}; S4 → deliver = S5. 6 states; 1 + 2 + 1 + 1 + 1 + 1 generated.
		{"partitions=1", one(actor.Faults{Partitions: 1}), 6, 7},
		// One-way splits: {n0} cannot send to n1 (holds m back), {n1} cannot send to n0 (m
		// passes). S0 → deliver S1, cut{0} S2, cut{1} S3; S1 → cut{0} S4, cut{1} S5;
		// S2 → heal S6{m; no; p1}; S3 → deliver = S5, heal = S6; S4 → heal S7{; yes; p1};
		// S5 → heal = S7; S6 → deliver = S7. 8 states; 1+3+2+1+2+1+1+1 = 12 generated.
		{"partitions=1 one-way", one(actor.Faults{Partitions: 1, OneWay: true}), 8, 12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, g := counts(t, c.sys)
			assert.Equal(t, c.distinct, d, "distinct")
			assert.Equal(t, c.generated, g, "generated")
		})
	}
}

func TestCrashRecoveryKeepsOnlyDurableFields(t *testing.T) {
	// One node: S0{boots 1, run 1} → crash S1{down} → recover S2{boots 2, run 1}: a fresh node
	// with the durable Boots copied in, on which Init ran again. Crashes=2 adds S3 (down again).
	sys := &actor.System{Nodes: []actor.Node{&booter{}}, Faults: actor.Faults{Crashes: 2, Recoveries: 1}}
	d, g := counts(t, sys)
	assert.Equal(t, int64(4), d)
	assert.Equal(t, int64(4), g)

	var last *actor.State
	s := firstInit(sys)
	for _, want := range []model.ActionKind{model.ActionCrash, model.ActionRecover} {
		var next *actor.State
		sys.Next(s, func(a model.Action, t *actor.State) {
			if a.Kind == want && next == nil {
				next = t
			}
		})
		require.NotNil(t, next, "%s enabled", want)
		s = next
		last = s
	}
	b := actor.NodeAs[*booter](last, 0)
	assert.True(t, last.Up(0))
	assert.Equal(t, 2, b.Boots, "the durable field survives and Init ran again")
	assert.Equal(t, 1, b.Run, "the volatile field starts over")
	assert.Equal(t, actor.FaultCounts{Crashes: 1, Recoveries: 1}, last.FaultsUsed())
}

func TestMaxDownLimitsNodesDownAtOnce(t *testing.T) {
	two := func(maxDown int) *actor.System {
		return &actor.System{Nodes: []actor.Node{&booter{}, &booter{}}, Faults: actor.Faults{Crashes: 2, MaxDown: maxDown}}
	}
	// Both up → n0 down, n1 down → (no limit) both down: 4 states, 1 + 2 + 1 + 1 generated.
	d, g := counts(t, two(0))
	assert.Equal(t, [2]int64{4, 5}, [2]int64{d, g})
	// At most one down: both-down is never reached.
	d, g = counts(t, two(1))
	assert.Equal(t, [2]int64{3, 3}, [2]int64{d, g})
}

func TestLoseWhileDownLosesMessagesToTheCrashedNode(t *testing.T) {
	for _, lose := range []bool{false, true} {
		sys := one(actor.Faults{Crashes: 1, LoseWhileDown: lose})
		var crashed *actor.State
		sys.Next(firstInit(sys), func(a model.Action, s *actor.State) {
			if a.Kind == model.ActionCrash && a.Node == 1 {
				crashed = s
			}
		})
		require.NotNil(t, crashed)
		assert.False(t, crashed.Up(1))
		if lose {
			assert.Empty(t, crashed.InFlight())
		} else {
			assert.Len(t, crashed.InFlight(), 1, "the message waits for the node")
		}
	}
}

func bogus(actor.Adversary) []actor.Message { return []actor.Message{"bogus"} }

func TestAdversaryBudgetsChangeStateCountsAsDocumented(t *testing.T) {
	cases := []struct {
		name                string
		sys                 *actor.System
		distinct, generated int64
	}{
		// The sender is Byzantine and silent: it never starts, so nothing is ever sent.
		{"silent sender", &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Behavior: actor.Silent}}, 1, 1},
		// The sender follows its code (sends m) and may forge "bogus" to n1 once (its only
		// honest peer). S0{m} → deliver S1{; got}, forge S2{m bogus; s1}; S1 → forge
		// S3{bogus; got; s1}; S2 → deliver m = S3, deliver bogus S4{m; s1} (ignored);
		// S3 → deliver bogus S5{; got; s1}; S4 → deliver m = S5. 6 states; 1+2+1+2+1+1 = 8.
		{"forge, 1 send", &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Forge: bogus, Sends: 1}}, 6, 8},
		// A Sybil identity s0 doubles the forgeries: S0 → deliver S1, forge from n0 S2a, from
		// s0 S2b; S1 → S3a, S3b; S2a → deliver m = S3a, deliver bogus S4 (= from s0, since
		// the consumed message leaves no trace); S2b → S3b, S4; S3a, S3b → deliver bogus S5;
		// S4 → deliver m = S5. 8 states; 1+3+2+2+2+1+1+1 = 13.
		{"forge with a sybil", &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Sybils: 1, Forge: bogus, Sends: 1}}, 8, 13},
		// The receiver is Byzantine and silent, and may replay what it saw: S0{m} → deliver
		// (the adversary sees m) S1{; seen m}; S1 → replay m to n0 S2{m to n0; s1};
		// S2 → deliver (n0 ignores it) S3. 4 states, 4 generated.
		{"replay", &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Behavior: actor.Silent, Replay: true, Sends: 1}}, 4, 4},
		// The sender equivocates: its one message is sent as is or mutated, so there are two
		// initial states, each with one delivery. 4 states, 2 + 2 generated.
		{"equivocate", &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Behavior: actor.Equivocate,
				Mutate: func(_ actor.Adversary, _ model.NodeID, m actor.Message) []actor.Message {
					return []actor.Message{num{m.(num).N + 10}}
				}}}, 4, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, g := counts(t, c.sys)
			assert.Equal(t, c.distinct, d, "distinct")
			assert.Equal(t, c.generated, g, "generated")
		})
	}
}

func TestSignaturesCannotBeForged(t *testing.T) {
	var got actor.Signature
	var adv actor.Adversary
	sys := &actor.System{Nodes: []actor.Node{&signer{Out: &got}, &keeper{}},
		Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Behavior: actor.Follow, Sends: 1,
			Forge: func(a actor.Adversary) []actor.Message { adv = a; return nil }}}
	s := firstInit(sys)
	sys.Next(s, func(model.Action, *actor.State) {})
	require.NotNil(t, adv)
	assert.True(t, actor.Verify("hello", got))
	assert.Equal(t, model.NodeID(0), got.Signer)
	assert.False(t, actor.Verify("hullo", got), "a signature covers its value")
	own := adv.Sign(1, "hello")
	assert.True(t, actor.Verify("hello", own))
	assert.NotEqual(t, got.Tag, own.Tag)
	forged := actor.Signature{Signer: 0, Tag: own.Tag}
	assert.False(t, actor.Verify("hello", forged), "a tag made by n1 does not verify as n0's")
	assert.Panics(t, func() { adv.Sign(0, "hello") }, "the adversary cannot sign as an honest node")
	assert.Equal(t, got, actor.SignAs(0, "hello"), "other Context implementations sign the same way")
}

// signer signs "hello" when it starts and hands the signature out through Out.
type signer struct {
	Out *actor.Signature `distcheck:"-"`
}

func (s *signer) Init(ctx actor.Context)                            { *s.Out = ctx.Sign("hello") }
func (s *signer) Handle(actor.Context, model.NodeID, actor.Message) {}
func (s *signer) Timeout(actor.Context, actor.Timer)                {}

func TestBadFaultAndAdversaryConfigurationsAreErrors(t *testing.T) {
	nodes := func() []actor.Node { return []actor.Node{&booter{}, &booter{}} }
	cases := map[string]*actor.System{
		"Crashes is -1":                           {Nodes: nodes(), Faults: actor.Faults{Crashes: -1}},
		"Partitions is -3":                        {Nodes: nodes(), Faults: actor.Faults{Partitions: -3}},
		"split 0 names unknown node 5":            {Nodes: nodes(), Faults: actor.Faults{Partitions: 1, Splits: [][]model.NodeID{{5}}}},
		"split 0 has 2 nodes":                     {Nodes: nodes(), Faults: actor.Faults{Partitions: 1, Splits: [][]model.NodeID{{0, 1}}}},
		"3 Byzantine nodes but only 2 nodes":      {Nodes: nodes(), Byzantine: actor.Byzantine{Nodes: []model.NodeID{0, 1, 1}}},
		"byzantine: unknown node 4":               {Nodes: nodes(), Byzantine: actor.Byzantine{Nodes: []model.NodeID{4}}},
		"byzantine: Sybils is -1":                 {Nodes: nodes(), Byzantine: actor.Byzantine{Sybils: -1}},
		"behaviour equivocate needs a Mutate":     {Nodes: nodes(), Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Behavior: actor.Equivocate}},
		"Sends is 2 but there is nothing to send": {Nodes: nodes(), Byzantine: actor.Byzantine{Nodes: []model.NodeID{0}, Sends: 2}},
		"unknown timer policy":                    {Nodes: nodes(), Timers: 7},
	}
	for want, sys := range cases {
		_, err := explore.Run(context.Background(), sys, explore.Options{})
		assert.ErrorContains(t, err, want)
	}
}

func TestFaultParamsRoundTrip(t *testing.T) {
	f := actor.Faults{Drops: 1, Duplicates: 2, Crashes: 3, Recoveries: 1, MaxDown: 1, LoseWhileDown: true, Partitions: 2, OneWay: true}
	var back actor.Faults
	for k, v := range f.Params() {
		ok, err := back.SetParam(k, v)
		require.True(t, ok, k)
		require.NoError(t, err)
	}
	assert.Equal(t, f, back)
	assert.Empty(t, actor.Faults{}.Params())
	ok, err := back.SetParam("drops", "many")
	assert.True(t, ok)
	assert.ErrorContains(t, err, `drops="many" is not a whole number`)
	ok, _ = back.SetParam("rms", "3")
	assert.False(t, ok)
}

// pester sends m to node 1 again every time its timer fires, forever.
type pester struct{}

func (pester) Init(ctx actor.Context)                            { ctx.Send(1, num{0}); ctx.SetTimer("again", 0) }
func (pester) Handle(actor.Context, model.NodeID, actor.Message) {}
func (pester) Timeout(ctx actor.Context, t actor.Timer) {
	ctx.Send(1, num{0})
	ctx.SetTimer(t, 0)
}

// With node 1 crashed, a sender that retransmits forever piles up copies without end; with
// MaxCopies 1 the copy in flight stands for the later ones and the state space is finite.
func TestMaxCopiesKeepsRetransmissionFinite(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{pester{}, &keeper{}}, Faults: actor.Faults{Crashes: 1}, Timers: actor.TimersWhenQuiet, MaxCopies: 1}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	// Hand count: with one copy at most, a state is (copy in flight?, node 1 got it?, who is
	// down). Up: {m, -}, {-, got} after delivery, and the timer re-sends: {m, got}. Crash of n0
	// or n1 in each of those three: 6 more; n1 down with m in flight and the timer firing keeps
	// one copy. 9 states.
	assert.Equal(t, int64(9), res.Distinct)

	unbounded := &actor.System{Nodes: []actor.Node{pester{}, &keeper{}}, Faults: actor.Faults{Crashes: 1}, Timers: actor.TimersWhenQuiet}
	res, err = explore.Run(context.Background(), unbounded, explore.Options{Workers: 1, MaxStates: 2000})
	require.NoError(t, err)
	assert.Equal(t, explore.StopMaxStates, res.Stopped, "without the bound, copies to the crashed node pile up")
}

func TestLinkPresets(t *testing.T) {
	assert.True(t, actor.PerfectLinks().None())
	assert.Equal(t, actor.Faults{Drops: 2, Duplicates: 1}, actor.FairLoss(2, 1))
	// Fair-loss links lose and duplicate: the one-message system gets both faults' states.
	d, _ := counts(t, one(actor.FairLoss(1, 1)))
	// {m} → deliver {}, drop {;d}, dup {m m;u}; {m m} → deliver {m;got;u}, drop {m;d,u};
	// {m;got;u} → deliver {;got;u}, drop {;got;d,u}; {m;d,u} → deliver {;got;d,u}.
	// {}: dup needs a message in flight. 8 states.
	assert.Equal(t, int64(8), d)
}

// An adversary that eavesdrops forges from what is in flight; one that does not knows only what
// was delivered to it. n0 sends num{0} to n1; the silent n2 may once send num{N+100} for each
// num{N} it knows, to n0 or n1. With Eavesdrop: S0{m} → deliver S1{; got0}, forge to n0
// S2{m f0}, to n1 S3{m f1}; S1 (nothing in flight, nothing known) → none; S2 → deliver m
// S4{f0; got0}, deliver f0 (ignored) S5{m}; S3 → deliver m S6{f1; got0}, deliver f1
// S7{m; got100}; S4 → S8{; got0}; S5 → S8; S6 → S9{; got0 got100}; S7 → S9. 10 states;
// 1+3+2+2+1+1+1+1 = 12 generated. Without it only S0 and S1.
func TestAnEavesdroppingAdversaryForgesFromWhatIsInFlight(t *testing.T) {
	derived := func(adv actor.Adversary) []actor.Message {
		var out []actor.Message
		for _, m := range adv.Known() {
			if n, ok := m.(num); ok {
				out = append(out, num{n.N + 100})
			}
		}
		return out
	}
	for _, c := range []struct {
		eavesdrop           bool
		distinct, generated int64
	}{{true, 10, 12}, {false, 2, 2}} {
		sys := &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}, &keeper{}},
			Byzantine: actor.Byzantine{Nodes: []model.NodeID{2}, Behavior: actor.Silent, Forge: derived, Sends: 1, Eavesdrop: c.eavesdrop}}
		d, g := counts(t, sys)
		assert.Equal(t, c.distinct, d, "eavesdrop %v: distinct", c.eavesdrop)
		assert.Equal(t, c.generated, g, "eavesdrop %v: generated", c.eavesdrop)
	}
	bad := &actor.System{Nodes: []actor.Node{&sender{K: 1}, &keeper{}}, Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Eavesdrop: true}}
	assert.ErrorContains(t, bad.Validate(), "Eavesdrop is set but there is no Forge")
}
