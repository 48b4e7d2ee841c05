package retransmit_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/actor/retransmit"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// Send numbers each message, sends it wrapped in Stubborn, keeps it pending and arms the timer.
func TestSendKeepsTheMessagePendingAndArmsTheTimer(t *testing.T) {
	ctx := actortest.NewContext(0, 3)
	var r retransmit.Retransmitter
	r.Send(ctx, 1, "a")
	r.Broadcast(ctx, "b")
	assert.Equal(t, []actortest.Sent{
		{To: 1, Msg: retransmit.Stubborn{Seq: 0, Msg: "a"}},
		{To: 1, Msg: retransmit.Stubborn{Seq: 1, Msg: "b"}},
		{To: 2, Msg: retransmit.Stubborn{Seq: 2, Msg: "b"}},
	}, ctx.Take())
	assert.Equal(t, []retransmit.PendingSend{{To: 1, Seq: 0, Msg: "a"}, {To: 1, Seq: 1, Msg: "b"}, {To: 2, Seq: 2, Msg: "b"}}, r.Pending)
	assert.True(t, ctx.Pending(retransmit.RetransmitTimer{}))
}

// The timer resends every unacknowledged message and re-arms; other timers are the node's.
func TestTimeoutResendsWhatIsPending(t *testing.T) {
	ctx := actortest.NewContext(0, 3)
	var r retransmit.Retransmitter
	r.Send(ctx, 1, "a")
	r.Send(ctx, 2, "b")
	ctx.Take()
	_, _ = r.Receive(ctx, 1, retransmit.StubbornAck{Seq: 0})
	assert.False(t, r.Timeout(ctx, "election"), "a timer of the node's own")
	assert.Empty(t, ctx.Take())
	assert.True(t, r.Timeout(ctx, retransmit.RetransmitTimer{}))
	assert.Equal(t, []actortest.Sent{{To: 2, Msg: retransmit.Stubborn{Seq: 1, Msg: "b"}}}, ctx.Take(), "only the unacknowledged one")
	assert.True(t, ctx.Pending(retransmit.RetransmitTimer{}))
}

// An acknowledgement removes its message only (same sequence number from another node does not),
// and the last one cancels the timer.
func TestAcknowledgementsEndRetransmission(t *testing.T) {
	ctx := actortest.NewContext(0, 3)
	var r retransmit.Retransmitter
	r.Send(ctx, 1, "a")
	msg, ok := r.Receive(ctx, 2, retransmit.StubbornAck{Seq: 0})
	assert.False(t, ok)
	assert.Nil(t, msg)
	assert.Len(t, r.Pending, 1, "node 2 did not get sequence number 0")
	_, ok = r.Receive(ctx, 1, retransmit.StubbornAck{Seq: 0})
	assert.False(t, ok)
	assert.Empty(t, r.Pending)
	assert.False(t, ctx.Pending(retransmit.RetransmitTimer{}))
	r.Resume(ctx)
	assert.False(t, ctx.Pending(retransmit.RetransmitTimer{}), "nothing to resume")
}

// The receiving side hands each message to the node once, acknowledges every copy, and lets
// messages that did not come through a Retransmitter pass.
func TestReceiveHandsEachMessageOnce(t *testing.T) {
	ctx := actortest.NewContext(1, 3)
	var r retransmit.Retransmitter
	msg, ok := r.Receive(ctx, 0, retransmit.Stubborn{Seq: 4, Msg: "a"})
	assert.True(t, ok)
	assert.Equal(t, "a", msg)
	msg, ok = r.Receive(ctx, 0, retransmit.Stubborn{Seq: 4, Msg: "a"})
	assert.False(t, ok, "a copy")
	assert.Nil(t, msg)
	msg, ok = r.Receive(ctx, 2, retransmit.Stubborn{Seq: 4, Msg: "c"})
	assert.True(t, ok, "same number, another sender")
	assert.Equal(t, "c", msg)
	assert.Equal(t, []actortest.Sent{
		{To: 0, Msg: retransmit.StubbornAck{Seq: 4}},
		{To: 0, Msg: retransmit.StubbornAck{Seq: 4}},
		{To: 2, Msg: retransmit.StubbornAck{Seq: 4}},
	}, ctx.Take())
	msg, ok = r.Receive(ctx, 0, "plain")
	assert.True(t, ok)
	assert.Equal(t, "plain", msg)
	assert.Empty(t, ctx.Take(), "a plain message is not acknowledged")
}

// sender sends Count messages to node 1 through its Retransmitter.
type sender struct {
	Links retransmit.Retransmitter `distcheck:"durable"`
	Count int                      `distcheck:"-"`
}

func (s *sender) Init(ctx actor.Context) {
	if s.Links.NextSeq > 0 {
		s.Links.Resume(ctx)
		return
	}
	for i := range s.Count {
		s.Links.Send(ctx, 1, i)
	}
}

func (s *sender) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	s.Links.Receive(ctx, from, msg)
}

func (s *sender) Timeout(ctx actor.Context, t actor.Timer) { s.Links.Timeout(ctx, t) }

// receiver counts how many times each message was handed to it; what it got, and what its
// links have handed over, survive a crash.
type receiver struct {
	Links retransmit.Retransmitter `distcheck:"durable"`
	Got   []int                    `distcheck:"durable"`
}

func (r *receiver) Init(actor.Context) {}

func (r *receiver) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if m, ok := r.Links.Receive(ctx, from, msg); ok {
		r.Got[m.(int)]++
	}
}

func (r *receiver) Timeout(actor.Context, actor.Timer) {}

// Over a network that loses and duplicates messages, and across a crash and recovery of the
// sender, every message reaches the receiver exactly once: never twice (Always), and in the
// end every one (Eventually, under weak fairness; retransmission is what makes it hold).
func TestReliableOverFairLossLinks(t *testing.T) {
	for _, f := range []actor.Faults{
		{Drops: 2},
		{Duplicates: 2},
		{Drops: 1, Duplicates: 1},
		{Drops: 1, Crashes: 1, Recoveries: 1},
	} {
		name := fmt.Sprintf("drops=%d,dups=%d,crashes=%d", f.Drops, f.Duplicates, f.Crashes)
		t.Run(name, func(t *testing.T) {
			const n = 2
			sys := &actor.System{
				Nodes:     []actor.Node{&sender{Count: n}, &receiver{Got: make([]int, n)}},
				Faults:    f,
				Timers:    actor.TimersWhenQuiet,
				MaxCopies: 1,
				Fair:      model.FairNodes,
			}
			got := func(s *actor.State) []int { return actor.NodeAs[*receiver](s, 1).Got }
			sys.Props = []model.Property[*actor.State]{
				properties.Always("AtMostOnce", func(s *actor.State) bool {
					for _, c := range got(s) {
						if c > 1 {
							return false
						}
					}
					return true
				}),
				properties.Eventually("AllDelivered", func(s *actor.State) bool {
					for _, c := range got(s) {
						if c != 1 {
							return false
						}
					}
					return true
				}),
				properties.Sometimes("SomeDelivered", func(s *actor.State) bool { return got(s)[0] == 1 }),
			}
			res := distcheck.Check(t, sys)
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}
