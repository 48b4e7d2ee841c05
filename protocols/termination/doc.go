// Package termination is the termination detection of Dijkstra and Scholten, "Termination
// detection for diffusing computations" (Information Processing Letters 11(1), 1980), as
// Coulouris, Dollimore, Kindberg and Blair place it beside global snapshots ("Distributed
// Systems: Concepts and Design", 5th ed., §14.5, where termination is a stable predicate) and
// Lynch sets it out ("Distributed Algorithms", 1996, §19.1.2).
//
// A diffusing computation starts at one node, the root (node 0), which is active. An active
// node may send Work to any node, a given number of times (Config.Sends), and may become passive
// at any step; a passive node becomes active only when Work reaches it. The computation has
// terminated when every node is passive and no Work is in flight — which no node can see by
// itself. Dijkstra and Scholten's signals:
//
//   - every Work is acknowledged by one Ack, and a node's deficit counts its Work not yet
//     acknowledged;
//   - a node that is not engaged and receives Work becomes engaged, with the sender as its
//     parent, and keeps that Work's Ack back; any other Work it acknowledges at once;
//   - an engaged node that is passive and has no deficit sends its parent the Ack it kept back
//     and is no longer engaged;
//   - the root announces termination when it is passive and has no deficit.
//
// The engaged nodes and their parents form a tree rooted at the root, and a node leaves it only
// when its subtree has finished: so the root's deficit falls to zero only after the computation
// has terminated. Messages may be reordered; the algorithm tolerates no loss and no crash.
//
// Properties:
//
//   - NoFalseDetection (always): when the root has announced termination, every node is
//     passive and no Work is in flight.
//   - Detected (eventually, under weak fairness of actions: every node that may become passive
//     eventually does): the root announces termination.
//   - DetectedAfterEveryoneWorked (sometimes): termination is announced after every node was
//     active, so the tree is not vacuous.
//
// The named buggy variants:
//
//   - BugAckAtOnce acknowledges every Work as it arrives, the engaging one too: no tree holds
//     the root back, and it announces termination while a node it woke is still active.
//     NoFalseDetection fails.
//   - BugLeaveEarly lets an engaged node send its parent the kept-back Ack once it is passive,
//     without waiting for its own deficit to fall to zero: Work it sent may still be in flight
//     or being done.
//     NoFalseDetection fails.
//   - BugNoAckWhenEngaged forgets to acknowledge Work that reaches a node already engaged: the
//     sender's deficit never falls to zero, and termination is never announced. Detected fails.
package termination
