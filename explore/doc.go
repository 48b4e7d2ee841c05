// Package explore searches any model.Model: breadth first (parallel, with shortest
// counterexamples), depth first (memory-light, with an optional depth bound) and by seeded random
// walks (the same seed gives the same walks, whatever the number of workers).
//
// The visited set holds 64-bit fingerprints; full states live only in the frontier. Every
// distinct state is expanded once, so the counts — Distinct and Generated, as Stats defines
// them — do not depend on the strategy or the number of workers. Searches stop at the first
// violation unless Options.CollectAll is set, and at the budgets of Options (depth, states, time,
// context), reporting what they covered.
//
// # Counterexamples of a plain BFS
//
// A BFS that records the state graph (to judge liveness) keeps each state's parent's
// fingerprint beside it, and bounded DFS its least depth: 16 bytes a slot. A plain BFS keeps
// the fingerprint only, 8 bytes a slot, and finds a counterexample's path when it needs one by
// a second breadth-first search, on one goroutine, from the initial states down to the
// violating states (all of them at once when every violation is collected). That search
// expands exactly the states the first one did — not those that break an invariant, none of
// the successors of a state whose Next panics, the same symmetry-reduced model — so it reaches
// each state at the same depth and the path is as short.
//
// Keeping the fingerprint alone halves the visited set (TwoPhase with 10 resource managers:
// 61.5 million states in 0.67 GB instead of 1.3 GB) for a cost paid only when a property
// fails: the time of a search down to the violation's depth, and the memory of a parent table
// (16 bytes a state) over the states within that depth plus two of its levels of full states.
// Violations are usually shallow, so this is small next to the first search; a violation at
// the bottom of a large state space costs about as much again as the search that found it.
// With several workers, Run also repeats the search on one worker down to the violation's
// depth, so that the counterexample does not depend on scheduling (see Run); that repetition
// rebuilds its path the same way. The second search checks neither the memory budget nor the
// context.
//
// One difference remains: a state whose Sometimes predicate panics is expanded by the second
// search, though the first stopped there. It matters only when every violation is collected,
// and the path found is then still a path of the model, possibly shorter.
//
// # Searches larger than memory
//
// A BFS with an explicit memory budget (Options.MaxMemory > 0) does not stop when its states
// outgrow memory: as TLC does, it spills to files in a directory of its own (under
// Options.SpillDir, by default os.TempDir()), removed when the search ends, also when it fails
// or is canceled. Stats.Spilled says what it wrote.
//
// The visited set: at the end of a level, when the process's memory is above half the budget,
// the in-memory table is merged into a file of fingerprints sorted by their hash and emptied,
// keeping only the fingerprints of the level about to be expanded. The merge takes the table
// one shard at a time — a shard holds one range of hashes — so it never copies the table. From
// then on a successor missing from the table is inserted and queued as a candidate, its
// properties unchecked; at the end of the level the candidates' fingerprints are sorted and
// looked up in the file in one pass, reading each 4 KiB page at most once (found through an
// in-memory index of every page's first key, 1/512 of the file). The next level skips the
// candidates found there and checks the properties of the others before expanding them. So
// each distinct state is still checked and expanded exactly once, at the level a search in
// memory reaches it: Distinct, Generated, the depth and the verdict are those of the search in
// memory, whatever the number of workers, and a violation is found at the same depth (it is
// seen when the next level starts) and its path rebuilt by the second search above, which runs
// in memory.
//
// The frontier: when the model implements StateEncoder, each block of the level being built is
// written, encoded, to that level's file while memory is above half the budget, and read back
// when the level is expanded; only its fingerprints (8 bytes a state) stay in memory. Other
// models keep their frontier in memory, so a search whose frontier alone does not fit still
// stops at the budget.
//
// A model whose encoding is much smaller than its states (a FrontierEncoder, such as
// actor.System, whose states are a few dozen bytes of ids of interned parts) has every full
// block of its frontier kept encoded, also in memory and without a budget: the frontier then
// holds no pointers, so it costs little memory and the garbage collector nothing to scan,
// for an encoding and a decoding per state.
//
// The budget still stops a search that passes it. Searches that record the state graph
// (liveness properties) or reduce partial orders keep data for every state in memory and do
// not spill; nor do DFS and random walks.
//
// # Partial-order reduction
//
// With Options.POR, BFS asks the model (a model.Reducible) for an ample set of each state's
// steps and follows only those, when the cycle proviso below accepts the set. The model
// vouches for conditions C0–C2 (Clarke, Grumberg and Peled's names): the set is empty only if
// the state has no steps (C0); on every path from the state, no step that depends on a step
// of the set is taken before a step of the set is (C1); and when the set is not every step,
// none of its steps is visible — none changes what any property reads (C2). The explorer adds
// C3, in the form that suits BFS: a set is refused, and the state expanded in full, when one
// of its successors (other than the state itself) was first reached at the level being
// expanded or before. Along a cycle of the reduced graph the level of first discovery cannot
// rise at every step, so every cycle holds a state expanded in full, and no step stays
// postponed for ever. Under C0–C3 every path of the full graph has a path of the reduced one
// that shows the properties the same sequence of values, up to repetition; so the reduced
// search reaches a state where a property has each value it has in any reachable state:
// invariants are violated, Sometimes properties reached, and node failures found exactly when
// they are in the full search, and every deadlock of the full graph is reached.
//
// Determinism: a state's level is recorded by the worker whose insert into the visited set
// won, once, and the proviso reads levels up to the one being expanded, which are all recorded
// before that level starts; the ample sets are functions of the state. So the states kept,
// and the counts, do not depend on the number of workers. Self-loops are left out of the
// proviso (they close no cycle through another state), but a set of self-loops only is
// refused.
//
// With symmetry reduction as well (Options.Symmetry), ample sets are computed on the concrete
// state the search holds for an orbit and its successors are stored by orbit; levels, and the
// proviso, are the orbits'. The argument above holds in the graph of orbits, given that the
// properties cannot tell the states of an orbit apart: a step that leads to another state of
// s's orbit is a self-loop there. Counts stay deterministic only if the choice of ample set
// does not depend on which state of the orbit the search holds (two workers may store
// different ones): the model must vouch that its ample sets commute with the renamings
// (model.ReducibleWithSymmetry), and ties between sets of one size are broken by the
// successors' orbit fingerprints.
//
// Counterexamples are rebuilt by the second search of a plain BFS over the full graph (it
// reaches every state the reduced search did, perhaps by a shorter path), so a violation costs
// a full search down to its depth. POR is refused for DFS and random strategies and with
// liveness properties, in one line each.
package explore
