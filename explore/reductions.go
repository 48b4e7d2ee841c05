package explore

// Reductions names state-space reductions, for Options.AutoReduce.
type Reductions uint8

const (
	// SymmetryReduction is Options.Symmetry.
	SymmetryReduction Reductions = 1 << iota
	// PartialOrderReduction is Options.POR.
	PartialOrderReduction
	// AllReductions is every reduction.
	AllReductions = SymmetryReduction | PartialOrderReduction
)

// autoSymmetry reports whether symmetry reduction is to be turned on without being asked for
// (Options.AutoReduce): where it is sound and worth it — an exhaustive search (BFS or DFS; a
// random walk gains nothing from it) of a model that declares interchangeable actors and
// accepts the reduction, and, with liveness properties, can rename its fairness classes
// (model.SymmetricLiveness).
func (r *run[S]) autoSymmetry() bool {
	return r.opts.AutoReduce&SymmetryReduction != 0 && !r.opts.Strategy.Sampled()
}

// autoPOR reports whether partial-order reduction is to be turned on without being asked for
// (Options.AutoReduce), if the model accepts it: reducePOR refuses the rest.
func (r *run[S]) autoPOR() bool {
	return r.opts.AutoReduce&PartialOrderReduction != 0
}
