// Package snapshot is the global snapshot algorithm of Chandy and Lamport, "Distributed
// snapshots: determining global states of distributed systems" (ACM TOCS 3(1), 1985), as
// Coulouris, Dollimore, Kindberg and Blair present it ("Distributed Systems: Concepts and
// Design", 5th ed., §14.5.3), taken on a bank whose branches transfer money to each other.
//
// Every node is a branch that starts with Balance units of money and sends Transfers of one
// unit to the other branches, a given number of times (Config.Transfers), at any step, over
// reliable FIFO channels (actor.Ordered) between every pair. At any step node 0 may start a
// snapshot. The marker rules:
//
//   - Marker receiving rule: a node that receives a Marker on a channel and has not recorded its
//     state records it, records that channel as empty, sends a Marker on every outgoing channel
//     and starts recording every other incoming channel. A node that has recorded already
//     records the channel's state as the transfers received on it since it began recording it.
//   - Marker sending rule: a node that records its state sends a Marker on every outgoing
//     channel before it sends anything else on it. The initiator applies this rule when it starts.
//
// The snapshot is complete when every node has a Marker from every incoming channel. Several
// nodes may initiate the same snapshot (Node.Initiator; New makes node 0 the one initiator): an
// initiator that a Marker reached first has recorded already, and does not record again.
// Properties, checked on every execution:
//
//   - ConsistentCut (always): for every channel from i to j whose ends have both recorded, j
//     recorded no more receipts from i than i recorded sends to j — no transfer is in the cut
//     as received and not as sent.
//   - Conserves (always): a complete snapshot holds the bank's total, the recorded balances
//     plus the money recorded in the channels.
//   - SnapshotCompletes (eventually, under weak fairness of actions): every node finishes.
//   - MoneyInFlightRecorded (sometimes): a complete snapshot records money in a channel, so
//     the channel states are not vacuous.
//
// The named buggy variants:
//
//   - BugNoChannelState records the nodes' balances and no channel state: a transfer in flight
//     across the cut is missing from the snapshot. Conserves fails.
//   - BugLateMarkers records its state on the first Marker but forwards the Markers in a later
//     step, and a transfer sent in between reaches its receiver before the Marker: the receiver
//     counts as received a transfer that the sender's recorded balance still holds.
//     ConsistentCut fails.
//   - BugUnorderedChannels runs the algorithm on channels that reorder: a transfer sent after
//     a Marker overtakes it, and its receiver records as received a transfer that its sender
//     recorded as not sent. ConsistentCut fails.
//
// Package snapshottest checks anyone's branches against the same properties
// (examples/snapshot-student is a skeleton to start from).
package snapshot
