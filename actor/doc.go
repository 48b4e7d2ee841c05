// Package actor is distcheck's actor layer: a protocol as a set of Nodes — deterministic state
// machines that handle a start, messages and timers, and act only through their Context — and
// a System that turns them, a network and fault budgets into a model.Model that every explorer
// can search.
//
// A protocol author implements Node (Init, Handle, Timeout) and builds a System. Everything
// else here is optional: Faults for crashes, loss, duplication and partitions; Byzantine and
// Adversary for a Byzantine adversary; Context.Sign and Verify for signatures;
// Context.Invoke and Return for client histories; TraceParams for the parameters a trace
// records. Retransmission over fair-loss links is in package actor/retransmit, and the spec
// layer (Model, Action, Property, Fairness, Symmetric) is in package model.
//
// A System's global State holds every node's state and pending timers, the messages in flight
// and the faults used so far. Its successors are, in order: the delivery of each deliverable
// message, each pending timer firing (when Timers allows), and then the faults the budgets
// allow — losing or duplicating a message, crashing or recovering a node, splitting or healing
// the network — and the messages a Byzantine adversary sends of its own accord. A node's
// nondeterministic choices (Context.Choose) branch into one successor each.
//
// Node state is cloned and fingerprinted by reflection (package value): plain structs with
// slices, maps, pointers and unexported fields need no methods. Tag a field `distcheck:"-"` to
// share it between clones (configuration), or `distcheck:"durable"` to keep it across a crash.
//
// # KeepIgnored
//
// By default a delivery always consumes its message (on Unordered networks), even when the
// receiver ignores it: the successor is the same system without that message. With
// System.KeepIgnored, a delivery whose every outcome changes nothing — no node state, no timer,
// no message sent, no operation recorded, and (deliveries never use one) no fault budget — is
// not a transition: the message stays in flight and may be delivered later, when the receiver
// might act on it. This is Stateright's rule, and it can shrink a state space many times over
// (Stateright's Paxos example: 16,668 states instead of 301,099).
//
// What it preserves: the set of reachable node states, timers and histories, so every
// invariant over them (Always, linearizability and the other history checks) holds with it
// exactly when it holds without it. A path without KeepIgnored that consumes an ignored message
// maps to the same path minus that delivery, which leaves the message in flight but changes
// nothing any node sees; on an unordered network a message in flight never has to be
// delivered. Properties that look at the messages in flight (State.InFlight) may see extra
// messages, and state counts differ. Counterexamples stay valid under both rules.
//
// What it changes: the state graph that liveness is judged on. An ignored delivery is not an
// enabled step, so weak fairness does not demand it (a message nobody will act on is not owed a
// delivery), and on a Duplicating network it removes the self-loops of deliveries that change
// nothing. With Timers set to TimersWhenQuiet, the network is quiet when no delivery is a
// transition: a message the receiver ignores does not hold back its timers (without
// KeepIgnored, on an Unordered network it does until it is consumed). It is refused on Ordered
// networks, where a message at the head of a link that its receiver ignores would block the
// link's later messages and so hide reachable states.
//
// # Faults
//
// Faults sets budgets per path: Drops, Duplicates, Crashes, Recoveries (with MaxDown and
// LoseWhileDown), and Partitions (symmetric or OneWay, every split or the listed Splits).
// Byzantine hands nodes to an adversary that may stay Silent, Equivocate or Corrupt their
// messages (with the protocol's Mutate), and send forged or replayed messages (Forge, Replay),
// also from Sybil identities, within a Sends budget per path. Forge is the protocol's generator
// of Byzantine messages: from what the adversary knows (Adversary.Known — what it was sent and,
// with Eavesdrop, everything in flight) it makes any message the adversary's identities can
// sign, drawn from finite domains so that exhaustive search stays finite. Links are authenticated, and Signature models unforgeable
// signatures. retransmit.Retransmitter makes fair-loss links reliable.
//
// For liveness, faults are optional — a behaviour may stop having them at any point — while
// recoveries and heals are not: a node allowed to recover eventually does, and a split network
// eventually heals.
package actor
