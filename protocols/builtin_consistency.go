package protocols

// consistencyProtocols returns the built-in protocols of this file's family: the replicated-storage protocols checked for linearizability, sequential consistency and convergence.
func consistencyProtocols() []Protocol { return nil }
