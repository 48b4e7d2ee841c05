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
// # Partial-order reduction
//
// System implements model.Reducible. The steps it reduces are deliveries and timer firings,
// each at one node; everything else (faults, repairs, the adversary) is a step that depends on
// everything, and a state from which a fault may still happen on some path (a budget left, a
// crashed node that may recover, a split network) is expanded in full. A system with an
// adversary is refused, and so is one with a property that does not declare what it reads
// (model.Property.Reads, set with properties.Reading): the nodes' states, timers and
// whether they are up, and the messages in flight to them. System.SendsTo declares who may
// send to whom; without it, every node may send to every node.
//
// The ample set of a state is every enabled step of a set N of nodes, the smallest over the
// choices of a first node, where N is closed under: a node k is in N if k may send to a node
// of N and k may act before N does — k has a step enabled, a timer pending or a message in
// flight to it, or a node that may act may send to it (with MaxCopies, also if a node of N may
// send to k, since a delivery from a link decides whether a send on it is kept). Why this is
// C1: a step at a node x of N not enabled now is a delivery of a message not yet sent, since
// only x sets its timers; the first such step on a path of steps outside the set is enabled by
// a send from a node outside N that acted before N, and the closure would have put that node in
// N. Steps at different nodes commute: each changes only its node, removes only its message,
// and adds messages (to a multiset, or at the tail of a link), unless it records a client
// operation (the history's order is global) — so a set with a step that records an operation
// is refused. With TimersWhenQuiet, a state where timers may fire is expanded in full (a
// timer's sends would disable the other timers), and a reduced set holds a step that changes
// the state, which keeps the network from being quiet until it is taken.
//
// C2: a set is refused when one of its steps changes the state of a node read, sends a
// message to one, records an operation or fails (a node's panic is a property too). A step's
// effect depends only on its node's state and its message, so this does not change while the
// step is postponed.
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
