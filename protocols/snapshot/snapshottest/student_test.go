package snapshottest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/snapshot/snapshottest"
)

// A Chandy–Lamport snapshot written from Coulouris et al.'s marker rules, independently of
// package snapshot, as a student would — a bank branch with its own bookkeeping: the money it
// holds, whether it has taken its snapshot, which channels it is recording and which markers it
// has — with mistakes students make to switch on.

type flaw int

const (
	correct flaw = iota
	// noChannelState records the balances and no transfer in flight: the snapshot is short
	// of the money crossing the cut.
	noChannelState
	// recordsFirstChannel marks the marker's channel done and only then records its state,
	// which starts recording every incoming channel — the marker's too, which is never closed
	// again: later transfers on it are counted on top of the sender's recorded balance.
	recordsFirstChannel
	// stopsAllOnMarker stops recording every channel when a marker comes on any: transfers in
	// flight on the others are missed.
	stopsAllOnMarker
	// forwardsTwice sends markers on every outgoing channel whenever a marker arrives, not
	// only on the first.
	forwardsTwice
	// forgetsFirstChannel records its state on the first marker but does not count that marker
	// among those received, and waits for it for ever.
	forgetsFirstChannel
	// reRecordsOnStart, an initiator, takes its snapshot when its own moment comes, even if a
	// marker made it take one already.
	reRecordsOnStart
	// recordsBalanceAtEnd starts the snapshot on the first marker but writes down its balance
	// only once every marker is in, when transfers recorded in the channels have been added
	// to it.
	recordsBalanceAtEnd
	// markersAfterNextTransfer, reading "a marker before any other message" as "at the next
	// send", keeps its markers until its next transfer and sends them after it: the transfer
	// reaches a branch that has not recorded before the marker does.
	markersAfterNextTransfer
)

func (f flaw) String() string {
	return [...]string{"correct", "no-channel-state", "records-first-channel", "stops-all-on-marker",
		"forwards-twice", "forgets-first-channel", "re-records-on-start", "records-balance-at-end",
		"markers-after-next-transfer"}[f]
}

const (
	pay  = "pay"
	snap = "snap"
)

type studentBranch struct {
	Money, ToSend int
	Snapped       bool
	SnapMoney     int
	Listening     []bool // incoming channels being recorded
	InFlight      []int  // money recorded on each
	MarkerFrom    []bool // markers received
	MarkersDue    bool   // markers not sent yet (markersAfterNextTransfer)

	self      model.NodeID `distcheck:"-"`
	initiator bool         `distcheck:"-"`
	flaw      flaw         `distcheck:"-"`
}

func student(f flaw) snapshottest.Implementation {
	return snapshottest.Implementation{Name: "student-" + f.String(), NewNode: func(c snapshottest.NodeConfig) snapshottest.Node {
		n := len(c.Nodes)
		return &studentBranch{Money: c.Balance, ToSend: c.Transfers, Listening: make([]bool, n), InFlight: make([]int, n),
			MarkerFrom: make([]bool, n), self: c.ID, initiator: c.Initiator, flaw: f}
	}}
}

func (b *studentBranch) Init(ctx actor.Context) {
	if b.ToSend > 0 {
		ctx.SetTimer(pay, 0)
	}
	if b.initiator {
		ctx.SetTimer(snap, 0)
	}
}

func (b *studentBranch) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case pay:
		to := actor.ChooseFrom(ctx, ctx.Peers()...)
		if b.Money > 0 {
			b.Money--
			ctx.Send(to, snapshottest.Transfer{})
		}
		if b.MarkersDue {
			b.MarkersDue = false
			ctx.Broadcast(snapshottest.Marker{})
		}
		if b.ToSend--; b.ToSend > 0 {
			ctx.SetTimer(pay, 0)
		}
	case snap:
		if !b.Snapped || b.flaw == reRecordsOnStart {
			b.takeSnapshot(ctx, model.NoNode)
		}
	}
}

func (b *studentBranch) takeSnapshot(ctx actor.Context, first model.NodeID) {
	b.Snapped = true
	if b.flaw != recordsBalanceAtEnd {
		b.SnapMoney = b.Money
	}
	for _, p := range ctx.Peers() {
		b.Listening[p] = p != first
	}
	if b.flaw == markersAfterNextTransfer && b.ToSend > 0 {
		b.MarkersDue = true
		return
	}
	ctx.Broadcast(snapshottest.Marker{})
}

func (b *studentBranch) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case snapshottest.Transfer:
		b.Money++
		if b.Listening[from] && b.flaw != noChannelState {
			b.InFlight[from]++
		}
	case snapshottest.Marker:
		switch {
		case b.flaw == recordsFirstChannel:
			b.MarkerFrom[from], b.Listening[from] = true, false
			if !b.Snapped {
				b.takeSnapshot(ctx, model.NoNode)
			}
			return
		case !b.Snapped:
			b.takeSnapshot(ctx, from)
			if b.flaw == forgetsFirstChannel {
				return
			}
		case b.flaw == forwardsTwice:
			ctx.Broadcast(snapshottest.Marker{})
		}
		b.MarkerFrom[from] = true
		if b.flaw == stopsAllOnMarker {
			clear(b.Listening)
		}
		b.Listening[from] = false
		if b.flaw == recordsBalanceAtEnd && b.done(ctx.ID()) {
			b.SnapMoney = b.Money
		}
	}
}

func (b *studentBranch) done(self model.NodeID) bool {
	for p, got := range b.MarkerFrom {
		if !got && model.NodeID(p) != self {
			return false
		}
	}
	return b.Snapped
}

func (b *studentBranch) Recording() snapshottest.Recording {
	return snapshottest.Recording{Recorded: b.Snapped, Balance: b.SnapMoney, Channels: b.InFlight, Done: b.done(b.self)}
}

func (b *studentBranch) String() string {
	s := fmt.Sprintf("money %d", b.Money)
	if b.Snapped {
		s += fmt.Sprintf(", snapshot %d, in flight %v, markers from %v", b.SnapMoney, b.InFlight, b.MarkerFrom)
	}
	return s
}
