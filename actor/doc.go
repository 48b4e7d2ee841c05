// Package actor is distcheck's actor layer: a protocol as a set of Nodes — deterministic state
// machines that handle a start, messages and timers, and act only through their Context — and
// a System that turns them, a network and fault budgets into a model.Model that every explorer
// can search. A State's successors are each delivery, timer firing, fault the budgets allow,
// message a Byzantine adversary sends, and choice of Context.Choose.
//
// System.Timers says when a pending timer may fire: at any step (TimersAnytime, an
// asynchronous system), only when no message can be delivered (TimersWhenQuiet, partial
// synchrony: a timeout outlasts every message delay), or, in addition, only the timers with the
// earliest deadline (TimersInOrder, a synchronous system: the durations given to
// Context.SetTimer order the timeouts, and time advances only when a timer fires). Under the
// first two the durations are ignored in exploration.
//
// A protocol author implements Node and builds a System; the rest is optional: Faults (each
// says what it preserves, as does System.KeepIgnored), Byzantine and Adversary, Context.Sign and
// Verify, Context.Invoke and Return for client histories, and package actor/retransmit for
// reliable links. Node state is cloned and fingerprinted by reflection (package value): tag a
// field `distcheck:"-"` to share it between clones, `distcheck:"durable"` to keep it across a
// crash.
package actor
