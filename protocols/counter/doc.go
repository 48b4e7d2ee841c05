// Package counter is a replicated-service classic in miniature: clients ask a server to
// increment a counter, and the count must equal the number of increments asked for — each
// counted exactly once.
//
// Clients send their increments through retransmit.Retransmitter, which numbers every message and
// resends it until the server acknowledges it (at-least-once delivery). A network that
// duplicates messages, or a retransmission after a lost acknowledgement, puts a second copy
// of an increment in front of the server. The naive server — the buggy variant BugNoDedup —
// counts every copy it receives, so a single duplicated message makes it count one increment
// twice. The mechanism that fixes it is idempotence by sequence numbers: the server remembers,
// per client, the sequence numbers it has already counted and only acknowledges a copy again
// (Retransmitter.Receive does this). At-least-once delivery plus duplicate suppression is
// exactly-once processing, so the correct server holds with lost and duplicated messages.
//
// The server keeps its count and the sequence numbers it has counted in durable storage,
// written together, so a restart loses neither (explore it with Faults.LoseWhileDown: as in
// package broadcast, retransmissions to a node that is down otherwise pile up without end).
//
// Node 0 is the server; nodes 1 to N are the clients, each of which sends its increments when
// it starts. Timers fire only when no message can be delivered (actor.TimersWhenQuiet), so a
// client retransmits only once something has really been lost and every path ends.
//
// Properties: NoDoubleCount (always, the count is at most the number of increments sent),
// AllCounted (eventually the count equals the number of increments sent) and SomeCounted
// (sometimes the server has counted an increment).
package counter
