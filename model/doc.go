// Package model is distcheck's vocabulary: what a protocol is, so that explorers can search it.
//
// There are two layers. At the spec layer a protocol is a Model: initial states, the successors
// of a state (each labelled with an Action) and a 64-bit fingerprint per state, like a TLA+
// spec. At the actor layer a protocol is a set of Nodes — deterministic state machines that
// handle a start, messages and timers, and act only through their Context — and a System turns
// them, a network and fault budgets into a Model.
//
// The actor layer — Nodes, the System, networks, faults and the Byzantine adversary — is
// package actor, which builds a Model from them; package actor/retransmit makes fair-loss links
// reliable on top of it.
package model
