// Package value deep-clones, fingerprints and canonically formats the plain Go values that a
// protocol's node states and messages are made of: structs (unexported fields included),
// slices, arrays, maps, pointers, interfaces, strings, bools and numbers. Nothing needs to be
// written for a type to be used; a type can still bring its own `Clone() T` or
// `Fingerprint() uint64` method, and struct fields tagged `distcheck:"-"` are shared by Clone
// and ignored by Hash and Format (for configuration that never changes).
//
// The model checker clones and hashes a state on every explored transition, so the package
// compiles a plan for each type on first use (closures over the value's memory, cached like
// encoding/json's encoders) and after that does no reflection on the kinds of values: a Clone
// allocates nothing beyond the new objects themselves (nothing at all for a pointer-free
// value), and HashValue allocates nothing (maps are iterated with pooled scratch space; Hash
// only costs the boxing of a non-pointer argument in an interface).
//
//   - Clone / CloneAny return deep copies that preserve pointer aliasing and cycles.
//   - Hash / HashValue return a 64-bit fingerprint of the content, the same in every run and
//     process; Mix and Finalize are its primitives, for hand-written fingerprints.
//   - Format returns a canonical one-line text in Go-like syntax, to store messages by content.
//   - Check reports the func, chan and unsafe.Pointer values that none of these can handle.
//
// Everything is safe for concurrent use.
package value
