package nakamoto

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Miner is an honest miner: it mines on the highest block it knows of (the first it saw
// among equal heights, unless RandomTies) and passes every new block on.
type Miner struct {
	base
	// Tip is the block it mines on.
	Tip BlockID
}

// New returns an honest miner.
func New(cfg Config) *Miner { return &Miner{base: newBase(cfg)} }

// Head returns the tip the miner mines on.
func (m *Miner) Head() BlockID { return m.Tip }

// Timeout finds a block on the tip and sends it to every peer.
func (m *Miner) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(Mine); !ok {
		return
	}
	b := m.mine(ctx, m.Tip)
	m.Tip = b.ID
	produced(ctx, b)
	ctx.Broadcast(BlockMsg{b, m.Cfg.blockBytes()})
	ctx.SetTimer(Mine{}, m.Cfg.meanDelay())
}

// Handle takes blocks and requests for them.
func (m *Miner) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg := msg.(type) {
	case GetBlock:
		m.answer(ctx, from, msg.ID, true)
	case BlockMsg:
		for _, b := range m.receive(ctx, from, msg.Block) {
			relay(ctx, from, BlockMsg{b, m.Cfg.blockBytes()})
			tip := m.Blocks[m.Tip].Height
			if b.Height > tip || b.Height == tip && m.Cfg.RandomTies && ctx.Choose(2) == 1 {
				m.Tip = b.ID
			}
		}
	}
}
