// Package linreg is a read/write register served to clients over the network, in two
// versions: one server holding the one copy, which is linearizable, and two servers each
// holding a copy without coordinating, which is not. It is the first protocol to check with
// package checks: clients (checks.Client) record what they invoke and what comes back, and
// checks.Linearizable judges the history of every interleaving.
//
// Each client writes a value of its own and then reads (with more operations per client, it
// goes on alternating writes of new values and reads — see Workload); client i sends its k-th
// operation to server (i+k) mod the number of servers, counting nodes as Stateright does. With
// one server every operation takes effect at the instant the server handles it, between the
// invocation and the reply, so the history is linearizable. With BugTwoCopies a client's write
// reaches one copy and its read the other, which has not seen the write: a read that returns
// the initial value after a write has returned — a history that no order of the operations
// explains. The counterexample is four steps long, and distcheck writes porcupine's drawing of
// its history next to it.
//
// Properties: Linearizable (always, checks.Linearizable with checks.RegisterModel) and
// ValueRead (sometimes a read returns a value that was written).
//
// # State counts
//
// With 2 clients, 2 operations each and one server, breadth-first search finds 93 distinct
// states, the count Stateright reports for its single-copy register with 2 clients and 1 server
// (examples/single-copy-register.rs). The models agree on everything that makes a state: the
// clients invoke their first operation at the start, a request is recorded as invoked when it
// is sent and as returned when the reply is delivered, the network is an unordered
// non-duplicating multiset, and the history is part of the state, with real-time order as "which
// operations of each client had returned when this one was invoked" (Stateright's
// LinearizabilityTester keeps the same thing).
package linreg
