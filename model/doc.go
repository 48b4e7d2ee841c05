// Package model is distcheck's vocabulary: what a protocol is, so that explorers can search it.
//
// There are two layers. At the spec layer a protocol is a Model: initial states, the successors
// of a state (each labelled with an Action) and a 64-bit fingerprint per state, like a TLA+
// spec. At the actor layer a protocol is a set of Nodes — deterministic state machines that
// handle a start, messages and timers, and act only through their Context — and a System turns
// them, a network and fault budgets into a Model.
//
// # The actor layer
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
// signatures. Retransmitter makes fair-loss links reliable.
//
// For liveness, faults are optional — a behaviour may stop having them at any point — while
// recoveries and heals are not: a node allowed to recover eventually does, and a split network
// eventually heals.
package model
