// Package links is the link hierarchy of Cachin, Guerraoui and Rodrigues, "Introduction to
// Reliable and Secure Distributed Programming" (2nd ed., §2.4), as layers a node stacks:
//
//   - fair-loss links (Module 2.1) are the network itself: it may lose a message (Drops) or
//     deliver it twice (Duplicates), but a message sent infinitely often arrives infinitely
//     often (fair loss), it is not duplicated infinitely often (finite duplication), and it
//     carries nothing that was not sent (no creation);
//   - Stubborn implements stubborn links (Module 2.2) by Algorithm 2.1, "Retransmit Forever":
//     every message ever sent is sent again at every timeout, so a message is delivered
//     infinitely often (stubborn delivery) however many copies the network loses;
//   - Perfect implements perfect links (Module 2.3) by Algorithm 2.2, "Eliminate Duplicates", on
//     top of a Stubborn: it numbers what it sends and hands each message to the node once.
//
// A node embeds a Perfect (which embeds its Stubborn) and routes its sends, arrivals and
// timeouts through it; a student can replace either layer by their own. The system here is
// node 0 sending Config.Messages messages to every other node over perfect links.
//
// Timeouts are modelled as longer than any message delay (actor.TimersWhenQuiet: a timer fires
// only when nothing can be delivered), and a copy of a message in flight stands for the
// retransmissions sent after it (System.MaxCopies 1), so retransmitting forever has finitely
// many states. The fault budgets are the fair-loss link's: a finite number of losses and
// duplicates on a path, after which messages get through — the fairness that stubborn delivery
// needs.
//
// Properties, those of Module 2.3: ReliableDelivery (eventually, under weak fairness of actions:
// every message sent is delivered by its receiver), NoDuplication (always: no message is
// delivered more than once), NoCreation (always: a message delivered from p was sent by p), and
// SomeDelivery (sometimes: a receiver has delivered a message).
//
// The named buggy variants:
//
//   - BugNoDedup is a perfect link that forgets to eliminate duplicates: it hands the node every
//     copy the stubborn link delivers, and retransmission alone makes a copy arrive twice.
//     NoDuplication fails, with no fault at all.
//   - BugRetransmitOnce is a stubborn link that does not restart its timer after it retransmits:
//     it resends once and gives up. A message whose first copy and retransmission are both lost
//     is never delivered (--drops 2). ReliableDelivery fails, with nothing left to do.
package links
