package explore

import (
	"fmt"

	"github.com/distcheck/distcheck/model"
)

// symModel is a model whose states are fingerprinted by their orbit: the explorer keeps one
// concrete state per orbit in its frontier and its paths, so counterexamples are concrete.
type symModel[S any] struct {
	model.Model[S]
	sym model.Symmetric[S]
}

// Fingerprint returns the canonical fingerprint of s's orbit.
func (m symModel[S]) Fingerprint(s S) uint64 { return m.sym.CanonicalFingerprint(s) }

// reduce applies the reductions the options ask for to r.m, or says why they cannot apply.
func (r *run[S]) reduce() error {
	if !r.opts.Symmetry {
		return nil
	}
	sym, ok := r.m.(model.Symmetric[S])
	if !ok {
		return fmt.Errorf("explore: Symmetry: the model declares no interchangeable actors (it is not a model.Symmetric)")
	}
	if err := sym.CheckSymmetry(); err != nil {
		return fmt.Errorf("explore: Symmetry: %w", err)
	}
	if len(r.live) > 0 && !r.opts.Strategy.Sampled() {
		return fmt.Errorf("explore: Symmetry: liveness property %q cannot be checked under symmetry reduction yet (its loops are not concrete loops); run without it", r.props.all[r.live[0].idx].Name)
	}
	r.m, r.sym = symModel[S]{r.m, sym}, sym
	return nil
}

// noteNew counts the states a new distinct state stands for under symmetry reduction.
func (r *run[S]) noteNew(s S) {
	if r.sym != nil {
		r.represented.Add(int64(r.sym.OrbitSize(s)))
	}
}
