package protocols

// raftProtocols returns the built-in protocols of this file's family: Raft.
func raftProtocols() []Protocol { return nil }
