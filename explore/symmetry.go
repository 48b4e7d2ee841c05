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
// Asked for by Options.AutoReduce only, a reduction that cannot apply is left off.
func (r *run[S]) reduce() error {
	if !r.opts.Symmetry && !r.autoSymmetry() {
		return nil
	}
	sym, err := r.symmetry()
	if err != nil {
		if r.opts.Symmetry {
			return err
		}
		return nil
	}
	if !r.opts.Symmetry && r.opts.POR {
		// Partial-order reduction was asked for: symmetry joins it only if the model can take both.
		if both, ok := r.m.(model.ReducibleWithSymmetry); !ok || both.CheckReductionWithSymmetry() != nil {
			r.slive = nil
			return nil
		}
	}
	r.opts.Symmetry = true
	r.m, r.sym = symModel[S]{r.m, sym}, sym
	return nil
}

// symmetry returns the model's symmetry, or why the search cannot be reduced by it.
func (r *run[S]) symmetry() (model.Symmetric[S], error) {
	sym, ok := r.m.(model.Symmetric[S])
	if !ok {
		return nil, fmt.Errorf("explore: Symmetry: the model declares no interchangeable actors (it is not a model.Symmetric)")
	}
	if err := sym.CheckSymmetry(); err != nil {
		return nil, fmt.Errorf("explore: Symmetry: %w", err)
	}
	if len(r.live) > 0 && !r.opts.Strategy.Sampled() && r.opts.MaxDepth == 0 {
		l, err := newSymLive(r.m, sym, r.fairness)
		if err != nil {
			return nil, fmt.Errorf("explore: Symmetry: liveness property %q cannot be checked under symmetry reduction: %w", r.props.all[r.live[0].idx].Name, err)
		}
		r.slive = l
	}
	return sym, nil
}

// noteNew counts the states a new distinct state stands for under symmetry reduction.
func (r *run[S]) noteNew(s S) {
	if r.sym != nil {
		r.represented.Add(int64(r.sym.OrbitSize(s)))
	}
}
