// Package explore searches any model.Model: breadth first (parallel, with shortest
// counterexamples), depth first (memory-light, with an optional depth bound) and by seeded random
// walks (the same seed gives the same walks, whatever the number of workers).
//
// The visited set holds 64-bit fingerprints and each state's parent's fingerprint; full states
// live only in the frontier. Every distinct state is expanded once, so the counts — Distinct and
// Generated, as Stats defines them — do not depend on the strategy or the number of workers.
// Searches stop at the first violation unless Options.CollectAll is set, and at the budgets of
// Options (depth, states, time, context), reporting what they covered.
package explore
