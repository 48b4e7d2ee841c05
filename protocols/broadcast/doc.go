// Package broadcast is best-effort broadcast, the first protocol of every textbook on
// distributed algorithms, and the lesson that it is only as good as the links beneath it.
//
// A sender (node 0) broadcasts one message: it delivers the message itself and sends it to
// every other node, which delivers it on arrival. On perfect links this is all it takes:
// every node delivers the message (validity), once (no duplication). Real networks are
// fair-loss links: they may lose a message or deliver it twice, and then the naive broadcast
// — the buggy variant BugNoRetransmit, which sends each copy once — fails. A single lost
// message leaves a node that never delivers, and a single duplicated one makes a node deliver
// twice.
//
// The correct protocol builds perfect links out of fair-loss ones in the textbook's two
// layers, both provided by retransmit.Retransmitter: stubborn links resend every message until its
// receiver acknowledges it, which defeats a finite number of losses, and the receiver hands
// each message to the node only the first time it arrives, which defeats duplicates. The
// system's timers fire only when no message can be delivered (actor.TimersWhenQuiet: a
// timeout is longer than any message delay), so the sender retransmits only once a message
// or its acknowledgement has really been lost, and every path of the exploration ends.
//
// Crashes are outside this protocol's fault model. A sender retransmits to a crashed node for
// as long as it is down, and each retransmission adds a copy to the network, so the state space
// of a system with crashes (or partitions, which hold messages back the same way) has no end;
// with Faults.LoseWhileDown the copies are lost instead and the exploration ends.
//
// Properties: AllDeliver (eventually every node has delivered the message), NoDuplication
// (always, no node has delivered it more than once) and SomeDelivery (sometimes a node other
// than the sender has delivered it).
package broadcast
