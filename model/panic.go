package model

// PanicProperty names the built-in property "no node panics" (and, at the spec layer, "Next
// does not panic"). A step in which a node panics leads to a state that violates it, so the
// counterexample's last step shows the panic.
const PanicProperty = "no-panic"
