package primarybackup

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugEarlyReply replies as soon as the primary has applied an operation, and ships the
	// operations to the backup later, in the background (when FlushTimer fires).
	BugEarlyReply bugs.Bug = "early-reply"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "primarybackup", Variants: []bugs.Variant{
	{Bug: BugEarlyReply, Summary: "the primary replies before the backup has the operation (--crashes 1: an acknowledged put is lost, not linearizable)"},
}}

// The nodes.
const (
	// Primary is the node that serves the clients at first.
	Primary model.NodeID = 0
	// Backup is the node that keeps a copy, and serves the clients once they turn to it.
	Backup model.NodeID = 1
)

// FlushTimer is the primary's timer, in BugEarlyReply, to ship the operations it has applied to
// the backup.
const FlushTimer = "flush"

// Entry is a client's operation, as the primary ships it to the backup.
type Entry struct {
	Client model.NodeID
	Seq    int
	Op     checks.Input
}

// Messages between the primary and the backup.
type (
	// Replicate asks the backup to apply entries, in order.
	Replicate struct{ Entries []Entry }
	// Ack says the backup has applied the entries of a Replicate, the last being Last.
	Ack struct{ Last Entry }
)

// Applied is the last operation a replica applied for a client, and its result, so that a
// retried request is answered without being applied twice.
type Applied struct {
	Seq    int
	Result checks.Result
}

// Replica is the primary or the backup: a key-value store. The backup becomes the primary the
// first time a client sends it a request — clients turn to it only when the primary does not
// answer — and from then on refuses the old primary's entries.
type Replica struct {
	// Peer is the primary's backup (model.NoNode for the backup); Bug selects a variant.
	Peer model.NodeID `distcheck:"-"`
	Bug  bugs.Bug     `distcheck:"-"`

	// Serving says the replica serves clients: the primary from the start, the backup once a
	// client turns to it.
	Serving bool
	// Store is the key-value store; Done is the last operation applied for each client.
	Store map[string]string
	Done  map[model.NodeID]Applied
	// Busy is the operation the primary has forwarded and waits for the backup to
	// acknowledge; Waiting are the requests that arrived meanwhile.
	Busy    *Entry
	Waiting []Entry
	// Unsent are, in BugEarlyReply, the operations applied and answered but not yet shipped.
	Unsent []Entry
}

// Init does nothing: the store starts empty.
func (r *Replica) Init(actor.Context) {}

// Handle serves clients' requests, the primary's entries and the backup's acknowledgements.
func (r *Replica) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case checks.Request:
		if !r.Serving {
			r.Serving = true // a client turned to the backup: the primary must have failed
		}
		e := Entry{Client: from, Seq: m.Seq, Op: m.Op}
		if r.Busy != nil {
			if *r.Busy != e && !slices.Contains(r.Waiting, e) {
				r.Waiting = append(r.Waiting, e)
			}
			return
		}
		r.serve(ctx, e)
	case Replicate:
		if r.Serving {
			return // the backup has taken over: the old primary's entries are refused
		}
		for _, e := range m.Entries {
			r.apply(e)
		}
		if len(m.Entries) > 0 {
			ctx.Send(from, Ack{Last: m.Entries[len(m.Entries)-1]})
		}
	case Ack:
		if r.Busy == nil || *r.Busy != m.Last {
			return
		}
		r.reply(ctx, *r.Busy)
		r.Busy = nil
		for len(r.Waiting) > 0 && r.Busy == nil {
			e := r.Waiting[0]
			r.Waiting = slices.Clip(r.Waiting[1:])
			if len(r.Waiting) == 0 {
				r.Waiting = nil
			}
			r.serve(ctx, e)
		}
	}
}

// serve applies a client's operation (unless it was applied before: a retry) and replies —
// after the backup has applied it too, if there is a backup and the variant is correct.
func (r *Replica) serve(ctx actor.Context, e Entry) {
	if done, ok := r.Done[e.Client]; ok && done.Seq >= e.Seq {
		if done.Seq == e.Seq {
			r.reply(ctx, e) // a retry of an operation applied and replicated
		}
		return
	}
	r.apply(e)
	switch {
	case r.Peer == model.NoNode:
		r.reply(ctx, e)
	case r.Bug == BugEarlyReply:
		r.reply(ctx, e)
		r.Unsent = append(r.Unsent, e)
		ctx.SetTimer(FlushTimer, 0)
	default:
		r.Busy = &e
		ctx.Send(r.Peer, Replicate{Entries: []Entry{e}})
	}
}

// Timeout ships the unsent operations to the backup (BugEarlyReply).
func (r *Replica) Timeout(ctx actor.Context, t actor.Timer) {
	if t != FlushTimer || len(r.Unsent) == 0 {
		return
	}
	ctx.Send(r.Peer, Replicate{Entries: r.Unsent})
	r.Unsent = nil
}

// apply applies an operation to the store, once, and remembers its result for the client.
func (r *Replica) apply(e Entry) {
	if done, ok := r.Done[e.Client]; ok && done.Seq >= e.Seq {
		return
	}
	var res checks.Result
	store := maps.Clone(r.Store)
	if store == nil {
		store = map[string]string{}
	}
	switch e.Op.Kind {
	case checks.KindGet:
		res.Value = store[e.Op.Key]
	case checks.KindPut:
		store[e.Op.Key] = e.Op.Value
	case checks.KindAppend:
		store[e.Op.Key] += e.Op.Value
	case checks.KindDelete:
		delete(store, e.Op.Key)
	}
	if len(store) == 0 {
		store = nil
	}
	r.Store = store
	done := maps.Clone(r.Done)
	if done == nil {
		done = map[model.NodeID]Applied{}
	}
	done[e.Client] = Applied{Seq: e.Seq, Result: res}
	r.Done = done
}

// reply sends the client the result of its operation.
func (r *Replica) reply(ctx actor.Context, e Entry) {
	ctx.Send(e.Client, checks.Reply{Seq: e.Seq, Result: r.Done[e.Client].Result})
}

// String shows the store and what the replica is doing, for diagrams.
func (r *Replica) String() string {
	var b strings.Builder
	keys := slices.Sorted(maps.Keys(r.Store))
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(k + "=" + r.Store[k])
	}
	b.WriteString("}")
	if r.Serving && r.Peer == model.NoNode {
		b.WriteString(" serving")
	}
	if r.Busy != nil {
		fmt.Fprintf(&b, " awaiting ack of %s", r.Busy.Op)
	}
	if len(r.Unsent) > 0 {
		fmt.Fprintf(&b, " %d unsent", len(r.Unsent))
	}
	return b.String()
}

// Config configures a system.
type Config struct {
	// Clients is the number of clients (at least 1); Ops the operations each invokes (at
	// least 1): client i puts a value of its own at key "x", gets x, and so on alternately.
	Clients, Ops int
	// Faults are the fault budgets: crashes, lost messages, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Workload returns client i's operations: alternately a put of a new value of its own at key
// "x" ("A", then "A1", ... for client 0) and a get of x.
func Workload(i, ops int) checks.Workload {
	return checks.WritesAndReads(i, ops, func(v string) checks.Input { return checks.Put("x", v) }, checks.Get("x"))
}

// New returns the primary-backup system for cfg: the primary (node 0), the backup (node 1) and
// clients c0, c1, ... that send their operations to the primary and, when a request goes
// unanswered, to the backup for good (checks.Sticky routing with retries). Timers fire only
// when no message can be delivered (actor.TimersWhenQuiet): a client gives up on the primary
// only when its request or the reply is stuck — the primary crashed, or a message was lost.
// A copy of a message in flight stands for its retransmissions (actor.System.MaxCopies = 1).
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("clients", cfg.Clients, 1),
		setup.AtLeast("ops", cfg.Ops, 1)); err != nil {
		return nil, err
	}
	nodes := []actor.Node{
		&Replica{Peer: Backup, Bug: cfg.Bug, Serving: true},
		&Replica{Peer: model.NoNode, Bug: cfg.Bug},
	}
	names := []string{"primary", "backup"}
	for i := range cfg.Clients {
		c, err := checks.NewClient(Workload(i, cfg.Ops), Primary, Backup)
		if err != nil {
			return nil, fmt.Errorf("primarybackup: %w", err)
		}
		c.Routing, c.Retry = checks.Sticky, true
		nodes = append(nodes, c)
		names = append(names, "c"+strconv.Itoa(i))
	}
	props := []model.Property[*actor.State]{
		checks.Linearizable("Linearizable", checks.KVModel()),
		properties.Sometimes("ValueRead", ValueRead),
	}
	if cfg.Faults.Crashes > 0 {
		props = append(props, properties.Sometimes("FailedOver", FailedOver))
	}
	return &actor.System{
		Protocol: "primarybackup",
		Params:   actor.TraceParams(map[string]int{"clients": cfg.Clients, "ops": cfg.Ops}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Names:    names,
		Faults:   cfg.Faults,
		Timers:   actor.TimersWhenQuiet,
		// A retried request already in flight stands for the retries after it: keeps a client
		// that retries against a crashed replica from filling the network.
		MaxCopies: 1,
		Props:     props,
	}, nil
}

// ValueRead reports whether a get has returned a value that was put.
func ValueRead(s *actor.State) bool {
	for _, op := range s.History() {
		if op.Returned && op.Input.(checks.Input).Kind == checks.KindGet && op.Output.(checks.Result).Value != "" {
			return true
		}
	}
	return false
}

// FailedOver reports whether the backup has served a client after the primary went down.
func FailedOver(s *actor.State) bool {
	b := actor.NodeAs[*Replica](s, Backup)
	return b.Serving && !s.Up(Primary) && len(b.Done) > 0
}
