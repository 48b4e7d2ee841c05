package checks

import (
	"fmt"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// CausallyConsistent returns an invariant: the history of read/write operations that the
// clients recorded is causally consistent — the variant CC ("weak causal consistency") of
// Bouajjani, Enea, Guerraoui and Hamza, "On verifying causal consistency" (POPL 2017). Each
// client must see the writes in an order that respects causality: the causal order is program
// order (each client's operations in the order it issued them) and read-from (a write and the
// reads that return its value), closed under transitivity, and every read must return the
// value of a write that no other write to the same key comes causally between — or the initial
// value "" when no write to the key precedes it causally. Concurrent writes may be seen in
// different orders by different clients, and a client may even see them in one order and
// later in the other: CC does not require replicas to converge. It is weaker than sequential
// consistency, which it ignores real time as, than causal convergence (CCv, causal+; see
// CausallyConvergent) and than the causal memory of Ahamad, Neiger, Burns, Kohli and Hutto
// ("Causal memory: definitions, implementation, and programming", Distributed Computing 9(1),
// 1995; CM in Bouajjani et al.), which this package does not check.
//
// The operations are register reads and writes (Read, Write; the register is one key) and
// key-value gets and puts (Get, Put). Histories must be differentiated, as Bouajjani et al.
// assume: a value is written at most once per key, and never "", so that a read's value names
// the write it reads from. On such histories the check is their characterization by bad
// patterns: ThinAirRead (a read of a value nobody wrote), CyclicCO (the causal order has a
// cycle), WriteCOInitRead (a read returns "" after a write to its key causally precedes it)
// and WriteCORead (a write to the key comes causally between the write read from and the read),
// in polynomial time. Pending reads are ignored; a pending write may have taken effect and may
// be read from. Other operations, or a history that is not differentiated, make the property
// panic with a message that says what is wrong, never a verdict. Verdicts are cached as
// SequentiallyConsistent's are.
func CausallyConsistent(name string) model.Property[*actor.State] {
	c := &historyCheck{name: name, realTime: false, check: func(_ porcupine.Model, h *History) (bool, error) {
		return IsCausallyConsistent(h)
	}}
	return model.Property[*actor.State]{Name: name, Kind: model.KindAlways, Holds: c.holds}
}

// CausallyConvergent returns an invariant: the history is causally convergent — CCv, "causal
// convergence" in Bouajjani et al., the causal+ consistency of COPS (Lloyd et al., SOSP 2011):
// causally consistent (CC, see CausallyConsistent) with, besides, one order of all the writes,
// extending the causal order, in which every replica applies them, so that replicas that have
// seen the same writes agree. On differentiated histories it is CC without the bad pattern
// CyclicCF: write w1 must come before w2 in that order when w1 causally precedes a read of w2's
// value (and w1, w2 write the same key), and these constraints with the causal order must have
// no cycle. It lies between sequential consistency and CC. The operations, histories and
// errors are CausallyConsistent's.
func CausallyConvergent(name string) model.Property[*actor.State] {
	c := &historyCheck{name: name, realTime: false, check: func(_ porcupine.Model, h *History) (bool, error) {
		return IsCausallyConvergent(h)
	}}
	return model.Property[*actor.State]{Name: name, Kind: model.KindAlways, Holds: c.holds}
}

// IsCausallyConsistent reports whether h is causally consistent (CC; see CausallyConsistent).
// It returns an error, and no verdict, when h holds an operation other than a read, write, get
// or put, or is not differentiated.
func IsCausallyConsistent(h *History) (bool, error) {
	pattern, err := causalViolation(h, false)
	return pattern == "", err
}

// IsCausallyConvergent reports whether h is causally convergent (CCv; see
// CausallyConvergent), with IsCausallyConsistent's errors.
func IsCausallyConvergent(h *History) (bool, error) {
	pattern, err := causalViolation(h, true)
	return pattern == "", err
}

// CausalViolation returns the bad pattern of CC that h contains ("ThinAirRead", "CyclicCO",
// "WriteCOInitRead" or "WriteCORead"), or "" if h is causally consistent.
func CausalViolation(h *History) (string, error) { return causalViolation(h, false) }

// ConvergenceViolation returns the bad pattern of CCv that h contains (CausalViolation's, or
// "CyclicCF"), or "" if h is causally convergent.
func ConvergenceViolation(h *History) (string, error) { return causalViolation(h, true) }

// causalOp is an operation of a history as the causal check sees it.
type causalOp struct {
	write  bool
	key    string
	value  string // written, or read
	client int
}

// causalViolation returns the bad pattern of CC, or of CCv if convergent, that h contains.
func causalViolation(h *History, convergent bool) (string, error) {
	var ops []causalOp
	for i := range h.ops {
		op := &h.ops[i]
		in, ok := op.input.(Input)
		if !ok {
			return "", fmt.Errorf("causal consistency: %s: input %v is a %T, not a checks.Input", op.name(), op.input, op.input)
		}
		c := causalOp{key: in.Key, client: op.client}
		switch in.Kind {
		case KindWrite, KindPut:
			if in.Value == "" {
				return "", fmt.Errorf("causal consistency: %s writes \"\", the initial value: the history is not differentiated", op.name())
			}
			c.write, c.value = true, in.Value
		case KindRead, KindGet:
			if op.pending {
				continue
			}
			res, ok := op.output.(Result)
			if !ok {
				return "", fmt.Errorf("causal consistency: %s: output %v is a %T, not a checks.Result", op.name(), op.output, op.output)
			}
			c.value = res.Value
		default:
			return "", fmt.Errorf("causal consistency: %s is a %s: only read, write, get and put are checked", op.name(), in.Kind)
		}
		ops = append(ops, c)
	}
	n := len(ops)
	writer := map[[2]string]int{}
	for i, o := range ops {
		if !o.write {
			continue
		}
		k := [2]string{o.key, o.value}
		if _, dup := writer[k]; dup {
			return "", fmt.Errorf("causal consistency: value %q written twice to key %q: the history is not differentiated", o.value, o.key)
		}
		writer[k] = i
	}
	// co[i][j]: operation i causally precedes operation j. Program order first (ops are by
	// client, in each client's order), then read-from.
	co := make([][]bool, n)
	for i := range co {
		co[i] = make([]bool, n)
	}
	rf := make([]int, n)
	for j, o := range ops {
		rf[j] = -1
		if j > 0 && ops[j-1].client == o.client {
			co[j-1][j] = true
		}
		if o.write || o.value == "" {
			continue
		}
		w, ok := writer[[2]string{o.key, o.value}]
		if !ok {
			return "ThinAirRead", nil
		}
		rf[j] = w
		co[w][j] = true
	}
	for k := range n {
		for i := range n {
			if !co[i][k] {
				continue
			}
			for j := range n {
				co[i][j] = co[i][j] || co[k][j]
			}
		}
	}
	for i := range n {
		if co[i][i] {
			return "CyclicCO", nil
		}
	}
	for r, o := range ops {
		if o.write {
			continue
		}
		for w, x := range ops {
			if !x.write || x.key != o.key || w == rf[r] || !co[w][r] {
				continue
			}
			if rf[r] < 0 {
				return "WriteCOInitRead", nil
			}
			if co[rf[r]][w] {
				return "WriteCORead", nil
			}
		}
	}
	if convergent && cyclicCF(ops, co, rf) {
		return "CyclicCF", nil
	}
	return "", nil
}

// cyclicCF reports whether the causal order co with the conflict order — w1 before w2 when both
// write one key and w1 causally precedes a read from w2 (rf) — has a cycle.
func cyclicCF(ops []causalOp, co [][]bool, rf []int) bool {
	n := len(ops)
	g := make([][]bool, n)
	for i := range g {
		g[i] = append([]bool(nil), co[i]...)
	}
	for r, w2 := range rf {
		if w2 < 0 {
			continue
		}
		for w1, x := range ops {
			if x.write && w1 != w2 && x.key == ops[w2].key && co[w1][r] {
				g[w1][w2] = true
			}
		}
	}
	for k := range n {
		for i := range n {
			if !g[i][k] {
				continue
			}
			for j := range n {
				g[i][j] = g[i][j] || g[k][j]
			}
		}
	}
	for i := range n {
		if g[i][i] {
			return true
		}
	}
	return false
}
