// Package bank is a signed payment order sent through an untrusted relay, and the replay attack
// that a signature alone does not stop.
//
// A client (node 0) orders transfers out of its account at the bank (node 2), one at a time:
// it signs a Transfer, hands it to a relay (node 1, a payment gateway) that passes it on, and
// signs the next once the bank's receipt for the last one comes back. The bank applies a
// transfer only if it is signed by the account's owner, so nobody can order a transfer in the
// client's name. But a relay that has seen a signed transfer can send it again, and the copy is
// signed as well as the original. The buggy variant no-nonce applies every validly signed
// transfer, and one replayed message debits the account twice
// (BalanceMatchesSignedTransfers). The correct bank numbers transfers: each carries a
// sequence number under the signature, and the bank applies only the next one it expects, so a
// replayed transfer is recognised as old and ignored.
//
// Properties, while the client and the bank are honest: BalanceMatchesSignedTransfers (the bank
// has taken out of the account no more than the transfers the client signed) and
// AllTransfersApplied (sometimes every transfer has been applied).
package bank

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The nodes.
const (
	Client model.NodeID = 0
	Relay  model.NodeID = 1
	Bank   model.NodeID = 2
)

// Opening is the account's balance at the start; each transfer moves Amount out of it.
const (
	Opening = 100
	Amount  = 10
)

// Order is what the client signs: a transfer of Amount out of Account, its Seq-th.
type Order struct {
	Account model.NodeID
	Seq     int
	Amount  int
}

// Transfer is a signed order.
type Transfer struct {
	Order
	Sig actor.Signature
}

// Receipt tells the client that the bank applied its Seq-th transfer.
type Receipt struct{ Seq int }

// The named buggy variants.
const (
	// BugNoNonce applies every validly signed transfer, however many times it arrives.
	BugNoNonce bugs.Bug = "no-nonce"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "bank", Variants: []bugs.Variant{
	{Bug: BugNoNonce, Summary: "the bank applies every validly signed transfer (--byzantine 1 --byzantine-sends 1: the relay replays one)"},
}}

// Payer is the client, node 0.
type Payer struct {
	// Signed is the number of transfers the client has signed.
	Signed int

	// Transfers is the number of transfers to make.
	Transfers int `distcheck:"-"`
}

// Init signs the first transfer and hands it to the relay.
func (p *Payer) Init(ctx actor.Context) { p.next(ctx) }

// Handle signs the next transfer once the last one's receipt is back.
func (p *Payer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if r, ok := msg.(Receipt); ok && from == Bank && r.Seq == p.Signed {
		p.next(ctx)
	}
}

func (p *Payer) next(ctx actor.Context) {
	if p.Signed == p.Transfers {
		return
	}
	p.Signed++
	o := Order{Account: ctx.ID(), Seq: p.Signed, Amount: Amount}
	ctx.Send(Relay, Transfer{Order: o, Sig: ctx.Sign(o)})
}

// Timeout is unused: the client sets no timers.
func (p *Payer) Timeout(actor.Context, actor.Timer) {}

// String shows how many transfers the client signed, for diagrams.
func (p *Payer) String() string { return fmt.Sprintf("signed %d of %d", p.Signed, p.Transfers) }

// Gateway is the relay, node 1.
type Gateway struct{}

// Init does nothing: the relay waits for transfers.
func (g *Gateway) Init(actor.Context) {}

// Handle passes a transfer on to the bank.
func (g *Gateway) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	if t, ok := msg.(Transfer); ok {
		ctx.Send(Bank, t)
	}
}

// Timeout is unused: the relay sets no timers.
func (g *Gateway) Timeout(actor.Context, actor.Timer) {}

// String says what the relay does, for diagrams: it has no state.
func (g *Gateway) String() string { return "relays transfers" }

// Ledger is the bank, node 2.
type Ledger struct {
	// Balance is the client's balance.
	Balance int
	// Next is the sequence number of the next transfer the bank expects.
	Next int

	Bug bugs.Bug `distcheck:"-"`
}

// Init does nothing: the bank waits for transfers.
func (l *Ledger) Init(actor.Context) {}

// Handle applies a transfer signed by the account's owner — only the next one expected, unless
// the bug applies every one — and sends the owner a receipt.
func (l *Ledger) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	t, ok := msg.(Transfer)
	if !ok || t.Account != Client || t.Sig.Signer != t.Account || !actor.Verify(t.Order, t.Sig) {
		return
	}
	if l.Bug != BugNoNonce && t.Seq != l.Next {
		return
	}
	l.Balance -= t.Amount
	l.Next = t.Seq + 1
	ctx.Send(t.Account, Receipt{Seq: t.Seq})
}

// Timeout is unused: the bank sets no timers.
func (l *Ledger) Timeout(actor.Context, actor.Timer) {}

// String shows the balance and the next sequence number, for diagrams.
func (l *Ledger) String() string { return fmt.Sprintf("balance=%d next=%d", l.Balance, l.Next) }

// Config configures a system.
type Config struct {
	// Transfers is the number of transfers the client makes (at least 1).
	Transfers int
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the adversary. It takes the relay first, then the client, then the
	// bank. It may replay any message delivered to one of its identities; a Byzantine node
	// that corrupts or equivocates multiplies the amounts of the transfers it sends by ten,
	// under the client's signature.
	Adversary adversary.Config
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the bank system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("transfers", cfg.Transfers, 1)); err != nil {
		return nil, err
	}
	byz, err := cfg.Adversary.Place([]model.NodeID{Relay, Client, Bank}, adversary.Powers{Mutate: mutate, Replay: true})
	if err != nil {
		return nil, fmt.Errorf("bank: %w", err)
	}
	honest := !adversary.IsByzantine(byz, Client) && !adversary.IsByzantine(byz, Bank)
	sys := &actor.System{
		Protocol: "bank",
		Params:   actor.TraceParams(map[string]int{"transfers": cfg.Transfers}, string(cfg.Bug), cfg.Faults, byz),
		Nodes: []actor.Node{
			&Payer{Transfers: cfg.Transfers},
			&Gateway{},
			&Ledger{Balance: Opening, Next: 1, Bug: cfg.Bug},
		},
		Names:     []string{"client", "relay", "bank"},
		Faults:    cfg.Faults,
		Byzantine: byz,
		Props: []model.Property[*actor.State]{
			properties.Always("BalanceMatchesSignedTransfers", func(s *actor.State) bool {
				return !honest || debited(s) <= Amount*actor.NodeAs[*Payer](s, Client).Signed
			}),
			properties.Sometimes("AllTransfersApplied", func(s *actor.State) bool {
				return debited(s) == Amount*cfg.Transfers
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// debited returns how much the bank has taken out of the client's account.
func debited(s *actor.State) int { return Opening - actor.NodeAs[*Ledger](s, Bank).Balance }

// mutate multiplies the amount of a transfer by ten, leaving the client's signature as it was.
func mutate(_ actor.Adversary, _ model.NodeID, msg actor.Message) []actor.Message {
	if t, ok := msg.(Transfer); ok {
		t.Amount *= 10
		return []actor.Message{t}
	}
	return nil
}
