package actor

// Canonicalizations returns how many times sys has canonicalized a state, for tests.
func Canonicalizations(sys *System) int64 { return sys.symm.runs.Load() }
