package protocols

// byzantineProtocols returns the protocols that demonstrate Byzantine faults (silence,
// equivocation, corruption, replay, forgery and Sybil identities), each beside a named buggy
// variant.
func byzantineProtocols() []Protocol { return nil }
