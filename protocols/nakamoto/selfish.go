package nakamoto

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Selfish is the selfish miner of Eyal and Sirer (2014, Algorithm 1). It mines on a private
// chain and publishes its blocks only as needed to override the public chain: when the public
// chain catches up with it (lead 0), it publishes its block and races; when the public chain
// comes within one of a lead of two or more, it publishes all; otherwise it publishes as many
// blocks as the public chain is high. It wins a race outright if it finds the next block. It
// does not relay honest blocks.
type Selfish struct {
	base
	// Private is the tip of its chain; Unpublished are its blocks on it not yet sent, lowest
	// first; Public is the height of the highest block the others know of.
	Private     BlockID
	Unpublished []Block
	Public      int
	// Racing says that it published a block of the same height as an honest one and the race
	// is not decided.
	Racing bool
}

// NewSelfish returns a selfish miner.
func NewSelfish(cfg Config) *Selfish { return &Selfish{base: newBase(cfg)} }

// Head returns the tip of its private chain.
func (s *Selfish) Head() BlockID { return s.Private }

// Timeout finds a block on the private chain; in a race it publishes and wins.
func (s *Selfish) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(Mine); !ok {
		return
	}
	b := s.mine(ctx, s.Private)
	s.Private = b.ID
	s.Unpublished = append(s.Unpublished, b)
	if s.Racing {
		s.publish(ctx, b.Height)
		s.Racing = false
	}
	ctx.SetTimer(Mine{}, s.Cfg.meanDelay())
}

// Handle takes blocks from the others and answers requests for published blocks.
func (s *Selfish) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg := msg.(type) {
	case GetBlock:
		s.answer(ctx, from, msg.ID, !s.private(msg.ID))
	case BlockMsg:
		for _, b := range s.receive(ctx, from, msg.Block) {
			if b.Height <= s.Public {
				continue
			}
			s.Public = b.Height
			switch lead := s.Blocks[s.Private].Height - s.Public; {
			case lead < 0: // the others are ahead: mine on their chain
				s.Private, s.Unpublished, s.Racing = b.ID, nil, false
			case lead == 0: // they caught up: publish the last block and race
				s.publish(ctx, s.Public)
				s.Racing = true
			case lead == 1: // they came within one: publish all and win
				s.publish(ctx, s.Public+1)
			default: // still ahead by two or more: publish up to their height
				s.publish(ctx, s.Public)
			}
		}
	}
}

// private reports whether block id is one of the unpublished.
func (s *Selfish) private(id BlockID) bool {
	for _, b := range s.Unpublished {
		if b.ID == id {
			return true
		}
	}
	return false
}

// publish sends the unpublished blocks up to height h to every peer.
func (s *Selfish) publish(ctx actor.Context, h int) {
	k := 0
	for k < len(s.Unpublished) && s.Unpublished[k].Height <= h {
		produced(ctx, s.Unpublished[k])
		ctx.Broadcast(BlockMsg{s.Unpublished[k], s.Cfg.blockBytes()})
		s.Public = max(s.Public, s.Unpublished[k].Height)
		k++
	}
	s.Unpublished = s.Unpublished[k:]
}
