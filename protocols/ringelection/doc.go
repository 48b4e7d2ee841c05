// Package ringelection is the ring-based election of Chang and Roberts, "An improved algorithm
// for decentralized extrema-finding in circular configurations of processes" (CACM 1979), as
// Coulouris, Dollimore, Kindberg and Blair describe it ("Distributed Systems: Concepts and
// Design", 5th ed., §15.3.1): the nodes sit on a unidirectional ring, each knows only its
// successor, and they elect the node with the largest identifier.
//
// Every node is at first a non-participant. Any node may start an election (here, at any step,
// while it knows no coordinator): it marks itself a participant and sends Election carrying its
// identifier to its successor. A node that receives Election compares the identifier with its
// own: a larger one it forwards; a smaller one it replaces with its own and forwards, unless it
// is already a participant, in which case it discards it; and its own identifier, come back
// round the ring, means it has the largest, so it becomes coordinator and sends Elected around
// the ring, which each node notes and forwards until it is back at the coordinator. Identifiers
// are not node indexes: by default they decrease along the ring, so an Election travels as far
// as it can before it is discarded, and the highest sits at node 0 (see Config.IDs).
//
// The algorithm tolerates no failure (Coulouris: "it is assumed that no failures occur"), so it
// is explored on a reliable network, fully asynchronous: a start may come at any step.
//
// Properties: AtMostOneCoordinator and HighestElected (always: a node that knows a coordinator
// knows the node with the largest identifier), Elected (eventually, under weak fairness of
// actions, every node knows it) and CoordinatorKnown (sometimes).
//
// The named buggy variants:
//
//   - BugLowestWins compares the wrong way round: a node forwards smaller identifiers and
//     replaces larger ones, so the ring elects the smallest. HighestElected fails.
//   - BugParticipantDiscards discards every Election that reaches a participant, larger ones
//     too: when two nodes start at once, each discards the other's Election, and no one is ever
//     elected. Elected fails, with a path where nothing more can happen.
package ringelection
