// Package twogenerals is the Two Generals' problem — the coordinated attack of Gray, "Notes on
// Data Base Operating Systems" (1978) — in the form Cachin, Guerraoui and Rodrigues use to open
// their discussion of link and timing models ("Introduction to Reliable and Secure Distributed
// Programming", 2nd ed., §2.4): two generals must agree on whether to attack, and no protocol
// over a link that may lose messages achieves it. The explorer shows the impossibility protocol
// by protocol: for every number k of acknowledgement rounds it finds the execution in which the
// generals disagree.
//
// General A (node 0) chooses to attack or to retreat and sends its order to general B (node 1):
// message 1. Then each message is acknowledged by the next, k times: B acknowledges the order
// (message 2), A acknowledges the acknowledgement (message 3), and so on up to message k+1.
// At dawn (a timer that fires only when no message can be delivered: the generals wait as long
// as any message takes, so time is not the problem) each general attacks if the order was to
// attack and it has received every message it was to receive; otherwise it retreats. The last
// message is the trouble: its sender has everything it waits for and attacks whether or not it
// arrives, and its receiver attacks only if it does. Losing it (--drops 1) splits the army, for
// every k.
//
// Properties: Agreement (always: the two generals do not decide differently), Validity
// (always: a general attacks only if A ordered the attack), AttackIfNothingIsLost (always: when
// A orders the attack and no message is lost, a general that decides attacks — what rules out
// the protocol that never attacks), and BothAttack (sometimes). On a link that loses nothing
// every k satisfies them all; with one loss, Agreement fails for every k.
//
// The named buggy variants are the two ways out that students propose:
//
//   - BugNeverAttack: retreat unless certain, and certainty never comes, so never attack.
//     Agreement holds even with losses, and AttackIfNothingIsLost fails: it solves the problem
//     by not solving it.
//   - BugSilenceMeansAttack: B attacks unless told to retreat. With one lost retreat order
//     (--drops 1) B attacks alone: Validity fails.
package twogenerals
