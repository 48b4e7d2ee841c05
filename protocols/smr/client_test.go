package smr

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
)

// A client issues the commands due (at Every, 2 × Every, ...) before Until, counting them
// rather than reading the clock, so that it behaves the same on the actor layer, where Now is
// always 0: with Every 100 ms and Until 350 ms it issues three, whatever Now says.
func TestClientIssuesTheCommandsDueBeforeUntil(t *testing.T) {
	for _, clock := range []time.Duration{0, time.Hour} {
		c := NewClient(ClientConfig{Servers: []model.NodeID{0}, Every: 100 * time.Millisecond, Until: 350 * time.Millisecond, Timeout: time.Second})
		ctx := actortest.NewContext(1, 2)
		ctx.Clock = clock
		c.Init(ctx)
		for range 10 {
			c.Timeout(ctx, issueTimer{})
		}
		assert.Equal(t, 3, c.Seq, "now %v", clock)
		assert.Len(t, ctx.Take(), 3, "now %v", clock)
	}
}
