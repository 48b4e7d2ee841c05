// Package bully is the bully election of Garcia-Molina, "Elections in a Distributed Computing
// System" (IEEE Transactions on Computers, 1982), as Coulouris, Dollimore, Kindberg and Blair
// describe it ("Distributed Systems: Concepts and Design", 5th ed., §15.3.1): nodes that may
// crash (crash-stop) elect the live node with the largest identifier, here its node ID.
//
// The algorithm assumes a synchronous system: a node that hears nothing from another within a
// timeout knows it has crashed — a perfect failure detector built from timers — and its
// timeouts have known lengths. That is actor.TimersInOrder: a timer fires only once every
// message that can be delivered has been (messages take no time), so a reply that has not come
// by then never will; and of the pending timers, those with the earliest deadline fire first.
//
// A node begins an election when it starts and when it finds the coordinator it knows has
// crashed. The highest node simply announces itself: it sends Coordinator to every lower node.
// Any other sends Election to every higher node and waits for an Answer; if none comes before
// its timeout, every higher node has crashed, and it announces itself. If an Answer comes, it
// waits for a Coordinator; if none comes before its timeout, the answering node crashed in the
// meantime, and it begins another election. A node that receives Election answers it and begins
// an election of its own, unless it is in one. A node that knows a coordinator other than
// itself probes it whenever the network is quiet: a probe that goes unanswered means it crashed.
//
// Termination under crashes rests on timeouts that expire in time: a node that got an Answer
// waits for the Coordinator (CoordinatorTimeout, T′) while the answering node waits for its own
// answers (AnswerTimeout, T), and if the waiting node gives up and starts again, time has
// passed for the answering node too, whose timeout comes due. Here T′ = 2T, as Garcia-Molina
// has it (T′ > T: the waiting node gives the answering node time to announce itself before it
// starts again). Exhaustive search shows Elected on every weakly fair execution after crashes
// of the coordinator, of the highest node, or of any node at any step (distcheck check bully
// --crashes 1, or 2; --nodes 4 --crashes 3). Without deadlines — actor.TimersWhenQuiet, where
// any pending timer may fire once the network is quiet — the search finds a loop in which the
// waiting node times out and starts again, again and again, before the answering node's
// timeout ever fires: the behaviour that timeouts of known length rule out.
//
// Properties:
//
//   - AtMostOneCoordinator (always): at most one live node believes it is the coordinator.
//   - HighestLive (always): a live node that knows a live coordinator knows the live node with
//     the largest identifier.
//   - Elected (eventually, under weak fairness of actions): every live node knows the live node
//     with the largest identifier as coordinator.
//   - CoordinatorAnnounced (sometimes).
//
// The named buggy variants:
//
//   - BugDeclareDespiteAnswer: a node never cancels its answer timeout and, when it fires,
//     announces itself whatever it has heard since — an Answer, even the highest node's
//     Coordinator — so a lower node and the highest both announce themselves.
//     AtMostOneCoordinator fails with no faults at all.
//   - BugAsynchronous runs the correct algorithm in an asynchronous system
//     (actor.TimersAnytime): a timeout no longer means a crash, and a node that times out
//     before the highest node's Answer arrives announces itself beside it. The algorithm's
//     safety rests on synchrony; AtMostOneCoordinator fails.
//   - BugNoReelection notices that its probe of the coordinator went unanswered but begins no
//     election (the heartbeat timeout that calls for one is ignored): once the coordinator
//     crashes, every live node follows it forever. Elected fails with --crashes 1.
//   - BugWaitForever sets no timeout (T′) on the Coordinator it awaits after an Answer: if the
//     answering node crashes before announcing itself, the node waits forever. Elected fails
//     with --crashes 2 (the highest node, then the one that answered), and with --crashes 1
//     when a stale Answer from the crashed highest node reaches a node that just began an
//     election.
package bully
