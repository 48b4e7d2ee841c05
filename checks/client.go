package checks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Request is what a Client sends a server to invoke an operation. Servers answer with a Reply
// of the same Seq.
type Request struct {
	// Seq numbers the client's operations from 0 (it is the operation's actor.OpID.Index): a
	// server matches its reply to it, and recognises a retried request by it.
	Seq int
	Op  Input
}

// Reply is a server's answer to a Request.
type Reply struct {
	Seq    int
	Result Result
}

// Workload is what a client does: the operations it invokes, one after the other. The client
// chooses each among its alternatives nondeterministically (actor.Context.Choose), so the
// explorer tries every choice; a single alternative is a fixed operation.
type Workload [][]Input

// Script returns the workload that invokes ops in order.
func Script(ops ...Input) Workload {
	w := make(Workload, len(ops))
	for i, op := range ops {
		w[i] = []Input{op}
	}
	return w
}

// Choose returns the workload of n operations, each any one of ops.
func Choose(n int, ops ...Input) Workload {
	w := make(Workload, n)
	for i := range w {
		w[i] = ops
	}
	return w
}

// WritesAndReads returns client i's workload of n operations: a write of a value of its own
// ("A" for client 0, "B" for client 1, ...), then a read, then alternately writes of new values
// ("A1", "A2", ...) and reads. write and read make the operations: Write and Read for a
// register, or a Put and a Get of one key. With two operations it is the workload of
// Stateright's register clients: a put, then a get.
func WritesAndReads(i, n int, write func(v string) Input, read Input) Workload {
	var w []Input
	for k := range n {
		if k%2 == 1 {
			w = append(w, read)
			continue
		}
		v := string(rune('A' + i))
		if k > 0 {
			v += strconv.Itoa(k / 2)
		}
		w = append(w, write(v))
	}
	return Script(w...)
}

// Then returns w followed by more.
func (w Workload) Then(more Workload) Workload {
	return append(w[:len(w):len(w)], more...)
}

// Validate reports a step with no alternative and a malformed operation.
func (w Workload) Validate() error {
	for i, alts := range w {
		if len(alts) == 0 {
			return fmt.Errorf("workload: operation %d has no alternatives", i)
		}
		for _, op := range alts {
			if err := op.Validate(); err != nil {
				return fmt.Errorf("workload: operation %d: %w", i, err)
			}
		}
	}
	return nil
}

// Routing says which server a Client sends an operation to.
type Routing uint8

// The routings.
const (
	// RoundRobin sends client node i's k-th operation to Servers[(i+k) mod len(Servers)], as
	// Stateright's register clients do; a retry goes to the next server.
	RoundRobin Routing = iota
	// Sticky sends every operation to the server that answered the last one (Servers[0] at
	// first); a retry moves on to the next server for good, which fails over from a crashed
	// primary to its backup.
	Sticky
)

// RetryTimer is the timer a Client with Retry set starts when it sends a request. When it
// fires, the client sends the request again, to the next server.
const RetryTimer = "retry"

// StartTimer is the timer a Client with Wait set starts instead of invoking its next operation
// at once. When it fires, the client invokes the operation.
const StartTimer = "start"

// Client is a node that invokes the operations of its Workload one at a time, sends each to a
// server as a Request, and returns it when the server's Reply arrives. It records every
// invocation and return (actor.Context.Invoke and Return), so the explored state holds the
// history of every interleaving for Linearizable, SequentiallyConsistent and Quiet to judge.
// Build one with NewClient; the exported fields other than the configuration are its state.
type Client struct {
	// Workload, Servers, Routing, Retry and Wait are the client's configuration, shared by
	// every state.
	Workload Workload       `distcheck:"-"`
	Servers  []model.NodeID `distcheck:"-"`
	Routing  Routing        `distcheck:"-"`
	// Retry makes the client send a request again when RetryTimer fires before the reply
	// comes: to be used with actor.TimersWhenQuiet, under which the timer fires only when the
	// request or its reply cannot be delivered (a crashed server, a lost message).
	Retry bool `distcheck:"-"`
	// Wait makes the client wait before each operation until StartTimer fires — at any step,
	// under actor.TimersAnytime — instead of invoking it as soon as the previous one returns
	// (or at the start): an operation may then begin after others have ended, at the cost of
	// more interleavings.
	Wait bool `distcheck:"-"`

	// Next is the number of operations invoked so far. Waiting says the last of them, ID, is
	// pending: Op, sent to Servers[At]. They are durable: a client that crashes and recovers
	// resumes its session, sending its pending request again.
	Next    int        `distcheck:"durable"`
	Waiting bool       `distcheck:"durable"`
	ID      actor.OpID `distcheck:"durable"`
	Op      Input      `distcheck:"durable"`
	At      int        `distcheck:"durable"`
}

// NewClient returns a client that runs w against servers, routed round-robin without retries.
func NewClient(w Workload, servers ...model.NodeID) (*Client, error) {
	if len(servers) == 0 {
		return nil, errors.New("client: no servers")
	}
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return &Client{Workload: w, Servers: servers}, nil
}

// Done reports whether the client has invoked every operation and each has returned.
func (c *Client) Done() bool { return !c.Waiting && c.Next == len(c.Workload) }

// Init invokes the first operation, or waits for StartTimer; after a crash, it sends the
// pending request again or goes on with the next operation.
func (c *Client) Init(ctx actor.Context) {
	if c.Waiting {
		c.send(ctx)
		return
	}
	c.next(ctx)
}

// Handle returns the pending operation when its Reply arrives, and invokes the next.
func (c *Client) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r, ok := msg.(Reply)
	if !ok || !c.Waiting || r.Seq != c.ID.Index {
		return // a stale or duplicated reply
	}
	ctx.Return(c.ID, r.Result)
	c.Waiting = false
	if c.Retry {
		ctx.CancelTimer(RetryTimer)
	}
	if c.Routing == Sticky {
		for i, s := range c.Servers {
			if s == from {
				c.At = i
			}
		}
	}
	c.next(ctx)
}

// Timeout sends the pending request again, to the next server (RetryTimer), or invokes the
// next operation (StartTimer).
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == StartTimer && !c.Waiting:
		c.invoke(ctx)
	case t == RetryTimer && c.Waiting:
		c.At = (c.At + 1) % len(c.Servers)
		c.send(ctx)
	}
}

// next invokes the next operation, or starts StartTimer to invoke it later.
func (c *Client) next(ctx actor.Context) {
	switch {
	case c.Next == len(c.Workload):
	case c.Wait:
		ctx.SetTimer(StartTimer, 0)
	default:
		c.invoke(ctx)
	}
}

// invoke invokes the next operation and sends it.
func (c *Client) invoke(ctx actor.Context) {
	alts := c.Workload[c.Next]
	op := alts[0]
	if len(alts) > 1 {
		op = alts[ctx.Choose(len(alts))]
	}
	c.ID = ctx.Invoke(op)
	c.Next++
	c.Waiting, c.Op = true, op
	if c.Routing == RoundRobin {
		c.At = (int(ctx.ID()) + c.Next - 1) % len(c.Servers)
	}
	c.send(ctx)
}

// send sends the pending request to Servers[At].
func (c *Client) send(ctx actor.Context) {
	ctx.Send(c.Servers[c.At], Request{Seq: c.ID.Index, Op: c.Op})
	if c.Retry {
		ctx.SetTimer(RetryTimer, 0)
	}
}

// String shows the client's progress for diagrams: "write(A) pending at node 0 (1/2)" or
// "done (2/2)".
func (c *Client) String() string {
	var b strings.Builder
	if c.Waiting {
		fmt.Fprintf(&b, "%s pending at node %d ", c.Op, c.Servers[c.At])
	} else if c.Next == len(c.Workload) {
		b.WriteString("done ")
	}
	fmt.Fprintf(&b, "(%d/%d)", c.Next, len(c.Workload))
	return b.String()
}
