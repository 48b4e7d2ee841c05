package main

// The declared mapping: which package each file and declaration of model/ moves to.

// pkgInfo describes a destination package.
type pkgInfo struct {
	name string // package name
	dir  string // directory relative to the module root
}

// packages are the destinations, by key. "model" is where everything not mapped stays.
var packages = map[string]pkgInfo{
	"model":      {name: "model", dir: "model"},
	"actor":      {name: "actor", dir: "actor"},
	"retransmit": {name: "retransmit", dir: "actor/retransmit"},
}

// fileMap moves whole files (and so every declaration added to them later). Files of model/
// that are not listed here or in splitFiles are placed by placeUnmapped: to the actor package
// when they declare methods on actor types or use actor names, to model otherwise.
var fileMap = map[string]string{
	// The spec layer stays in model.
	"model.go":    "model",
	"action.go":   "model",
	"property.go": "model",
	"fairness.go": "model",
	"doc.go":      "model",
	"panic.go":    "model", // written by the split of system.go
	// The actor runtime.
	"node.go":      "actor",
	"state.go":     "actor",
	"step.go":      "actor",
	"network.go":   "actor",
	"partition.go": "actor",
	"faults.go":    "actor",
	"inject.go":    "actor",
	"history.go":   "actor",
	"signature.go": "actor",
	"byzantine.go": "actor",
	"params.go":    "actor",
	// Retransmission is a library on top of the actor layer.
	"retransmit.go": "retransmit",
}

// splitFiles are files whose declarations go to different packages: the listed names go to
// the given package, methods follow their receiver's type, and the rest go to def.
var splitFiles = map[string]struct {
	names map[string]string
	def   string
	files map[string]string // destination → file name there, when not the same name
}{
	"symmetry.go": {
		names: map[string]string{
			"Symmetric":          "model",
			"OrbitFingerprint":   "model",
			"Permutations":       "model",
			"GroupOrder":         "model",
			"forEachPermutation": "model",
		},
		def: "actor",
	},
	// PanicProperty names a property of every model (Next does not panic); the explorer
	// reports it without knowing about actors.
	"system.go": {
		names: map[string]string{"PanicProperty": "model"},
		def:   "actor",
		files: map[string]string{"model": "panic.go"},
	},
}

// renames export unexported model names that both sides need after the split.
var renames = map[string]string{
	"forEachPermutation": "EachPermutation",
}

// pkgMove moves a whole package to a new directory and name.
type pkgMove struct{ oldDir, newDir, oldName, newName string }

// pkgMoves are the subpackages of model/ that move as a whole. model/value (reflection-based
// cloning and hashing, used by both layers) stays.
var pkgMoves = []pkgMove{
	{oldDir: "model/modeltest", newDir: "actor/actortest", oldName: "modeltest", newName: "actortest"},
}
