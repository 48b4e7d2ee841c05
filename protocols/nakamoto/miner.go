package nakamoto

import (
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Miner is an honest miner: it mines on the highest block it knows of (the first it saw
// among equal heights, unless RandomTies) and passes every new block on.
type Miner struct {
	Cfg Config
	chain
	Tip BlockID
}

// New returns an honest miner.
func New(cfg Config) *Miner { return &Miner{Cfg: cfg, chain: newChain()} }

// Head returns the tip the miner mines on.
func (m *Miner) Head() BlockID { return m.Tip }

// Tree returns the miner's blocks and when it got each.
func (m *Miner) Tree() (map[BlockID]Block, map[BlockID]time.Duration) { return m.Blocks, m.Got }

// Init starts mining.
func (m *Miner) Init(ctx actor.Context) {
	if d := m.Cfg.meanDelay(); d > 0 {
		ctx.SetTimer(Mine{}, d)
	}
}

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
		if b, ok := m.Blocks[msg.ID]; ok {
			ctx.Send(from, BlockMsg{b, m.Cfg.blockBytes()})
		}
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
