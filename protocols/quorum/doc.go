// Package quorum is a quorum write, the step at the heart of replicated storage: a
// coordinator stores a value on a set of replicas and reports the write complete once enough
// of them have acknowledged it.
//
// The coordinator (node 0) stores the value itself and sends it to every other node; a node
// stores it and acknowledges. How many acknowledgements are enough is the whole question. The
// naive coordinator — the buggy variant BugWaitForAll — waits for every node, which is right
// on a system where nothing fails and wrong as soon as a node can crash and stay down
// (crash-stop): the acknowledgement of a crashed node never comes, and the write never
// completes. A coordinator cannot tell a crashed node from a slow one, so it must not wait for
// any single node. The correct coordinator waits for a majority (itself included): with N
// nodes it completes as long as fewer than half of them crash, and any two majorities share a
// node, so a later majority read would see the write.
//
// What a node stores is durable, so both coordinators also hold under crash-recovery: a node
// that restarts still has the value, and the write addressed to it waits in the network until
// it is back (unless messages to a down node are lost, Faults.LoseWhileDown). A coordinator
// that restarts forgets the acknowledgements it counted and writes again.
//
// Properties: Completes (eventually the coordinator completes, unless it crashed itself),
// MajorityStored (always, a completed write is stored on a majority of the nodes) and
// CanComplete (sometimes the write completes). The nodes set no timers and send each message
// once, so every path of the exploration ends.
package quorum
