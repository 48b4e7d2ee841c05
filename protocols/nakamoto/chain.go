package nakamoto

import (
	"math/rand/v2"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// BlockID names a block: the miner that found it and that miner's counter (from 1). The zero
// BlockID is the genesis block.
type BlockID = sim.ItemID

// Genesis is the ID of the genesis block, which every miner starts from.
var Genesis = BlockID{}

// Block is a block's header: all a simulation needs of it.
type Block struct {
	// ID names the block and Parent the block it extends.
	ID, Parent BlockID
	// Height is the number of blocks from genesis (which is at 0): with equal difficulty, the
	// chain's work.
	Height int
	// Mined is when it was found.
	Mined time.Duration
}

// BlockMsg carries a block, Bytes long on the wire.
type BlockMsg struct {
	Block Block
	Bytes int
}

// Size is the message's size on the wire.
func (m BlockMsg) Size() int { return m.Bytes }

// GetBlock asks a peer for a block whose child arrived first.
type GetBlock struct{ ID BlockID }

// Size is the message's size on the wire.
func (GetBlock) Size() int { return 40 }

// Mine is the proof-of-work timer: it fires when the miner finds a block.
type Mine struct{}

// Config configures a miner.
type Config struct {
	// Interval is the mean time between blocks of the whole network; Power is this miner's
	// share of the hash power, so it finds a block every Interval / Power on average.
	Interval time.Duration
	Power    float64
	// BlockSize is a block message's size in bytes (default 1,000).
	BlockSize int
	// RandomTies makes an honest miner switch, with probability one half, to a block of the
	// same height as its tip (Eyal and Sirer's defence; by default it keeps the first seen).
	RandomTies bool
}

func (c Config) meanDelay() time.Duration {
	if c.Power <= 0 {
		return 0
	}
	return time.Duration(float64(c.Interval) / c.Power)
}

func (c Config) blockBytes() int {
	if c.BlockSize > 0 {
		return c.BlockSize
	}
	return 1000
}

// Timeouts is the timing of a simulation of miners (sim.Config.Timeouts): a Mine timer fires
// after an exponential time whose mean is the delay the miner asked for.
func Timeouts(_ model.NodeID, t actor.Timer, after time.Duration, rnd *rand.Rand) time.Duration {
	if _, ok := t.(Mine); ok {
		return time.Duration(rnd.ExpFloat64() * float64(after))
	}
	return after
}

// chain is a miner's block tree: the blocks it holds, when it got each, and the blocks that
// wait for their parent.
type chain struct {
	Blocks map[BlockID]Block
	// Got is when the miner connected each block to its tree.
	Got     map[BlockID]time.Duration
	waiting map[BlockID][]Block // by missing parent
	seq     int
}

func newChain() chain {
	return chain{Blocks: map[BlockID]Block{Genesis: {}}, Got: map[BlockID]time.Duration{Genesis: 0}, waiting: map[BlockID][]Block{}}
}

// mine makes a new block on parent, found by me now. The caller reports it to the simulator
// (produced) when it publishes it.
func (c *chain) mine(ctx actor.Context, parent BlockID) Block {
	c.seq++
	b := Block{ID: BlockID{Origin: ctx.ID(), Seq: c.seq}, Parent: parent, Height: c.Blocks[parent].Height + 1, Mined: ctx.Now()}
	c.Blocks[b.ID], c.Got[b.ID] = b, ctx.Now()
	return b
}

// produced reports to the simulator that b is published now: the delivery metrics measure
// its spread from here.
func produced(ctx actor.Context, b Block) {
	sim.Produced(ctx, b.ID, digest(b))
	sim.Seen(ctx, b.ID, digest(b))
}

// receive takes a block from a peer and returns the blocks it connected to the tree, parents
// first: none if it held the block already or its parent is missing (then the parent is asked
// of the sender).
func (c *chain) receive(ctx actor.Context, from model.NodeID, b Block) []Block {
	if _, ok := c.Blocks[b.ID]; ok {
		sim.Seen(ctx, b.ID, digest(b))
		return nil
	}
	if _, ok := c.Blocks[b.Parent]; !ok {
		for _, w := range c.waiting[b.Parent] {
			if w.ID == b.ID {
				return nil
			}
		}
		c.waiting[b.Parent] = append(c.waiting[b.Parent], b)
		ctx.Send(from, GetBlock{b.Parent})
		return nil
	}
	var out []Block
	queue := []Block{b}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		c.Blocks[x.ID], c.Got[x.ID] = x, ctx.Now()
		sim.Seen(ctx, x.ID, digest(x))
		out = append(out, x)
		queue = append(queue, c.waiting[x.ID]...)
		delete(c.waiting, x.ID)
	}
	return out
}

// digest is a block's content digest, for the simulator's delivery metrics.
func digest(b Block) uint64 {
	return uint64(b.Parent.Origin)<<48 ^ uint64(b.Parent.Seq)<<20 ^ uint64(b.Height)
}

// relay sends b to every peer but from.
func relay(ctx actor.Context, from model.NodeID, msg actor.Message) {
	for _, p := range ctx.Peers() {
		if p != from {
			ctx.Send(p, msg)
		}
	}
}

// base is what both miners are made of: the configuration and the block tree.
type base struct {
	Cfg Config
	chain
}

func newBase(cfg Config) base { return base{Cfg: cfg, chain: newChain()} }

// Tree returns the miner's blocks and when it got each.
func (b *base) Tree() (map[BlockID]Block, map[BlockID]time.Duration) { return b.Blocks, b.Got }

// Init starts mining.
func (b *base) Init(ctx actor.Context) {
	if d := b.Cfg.meanDelay(); d > 0 {
		ctx.SetTimer(Mine{}, d)
	}
}

// answer sends block id to the peer that asked for it, if the miner holds it and may show it.
func (b *base) answer(ctx actor.Context, to model.NodeID, id BlockID, show bool) {
	if blk, ok := b.Blocks[id]; ok && show {
		ctx.Send(to, BlockMsg{blk, b.Cfg.blockBytes()})
	}
}

// Tipper is implemented by miners: the block they mine on (an honest miner's view of the
// chain).
type Tipper interface {
	// Head returns the tip of the chain the miner takes as the best.
	Head() BlockID
	// Tree returns the miner's blocks and when it got each.
	Tree() (blocks map[BlockID]Block, got map[BlockID]time.Duration)
}
