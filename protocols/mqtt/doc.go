// Package mqtt is MQTT's publish with quality of service, from the IoT part of the course: a
// sensor publishes readings to a broker, which forwards them to a subscriber, over links that
// may lose packets. It follows the OASIS standard "MQTT Version 3.1.1" (2014): §4.3 (Quality
// of Service levels and protocol flows, Figures 4.1–4.3), §4.4 (message delivery retry), §4.6
// (message ordering) and the PUBLISH, PUBACK, PUBREC, PUBREL and PUBCOMP packets of §3.3–3.7.
//
// Each hop — sensor to broker, broker to subscriber — is a sender and a receiver that run the
// flow of the chosen level (the same level on both hops: the subscription grants what the
// sensor publishes with):
//
//   - QoS 0, at most once: the sender sends PUBLISH and forgets it; the receiver delivers it.
//   - QoS 1, at least once: the sender keeps the message under a packet identifier and sends
//     PUBLISH until a PUBACK with that identifier comes; the receiver delivers every PUBLISH
//     and answers PUBACK. A lost PUBACK makes a duplicate, which QoS 1 allows.
//   - QoS 2, exactly once (Figure 4.3, method B): the sender sends PUBLISH until a PUBREC
//     comes, then PUBREL until a PUBCOMP comes; the receiver stores the packet identifier and
//     message on the first PUBLISH, answers every PUBLISH with PUBREC, delivers the message on
//     PUBREL (once: it discards the identifier) and answers PUBCOMP. A PUBLISH retried with the
//     same identifier before the PUBREL is recognised and not delivered again.
//
// The broker delivers by forwarding: a message it delivers from the sensor it publishes to the
// subscriber under an identifier of its own. Packets travel over a connection that keeps their
// order (MQTT runs over TCP; actor.Ordered) but may lose them (--drops: a connection that
// breaks loses what it carried; a sender retries on reconnecting, §4.4, which here is a retry
// timer that fires once the network is quiet — when nothing that could still arrive is left).
//
// Properties:
//
//   - NoDuplicates (always, QoS 2 and 0): the subscriber receives no reading twice.
//   - NoCreation (always): the subscriber receives only readings the sensor published.
//   - NoLoss (eventually, QoS 1 and 2, under weak fairness of actions): the subscriber receives
//     every reading; losses are faults, so a fair behaviour has finitely many, and the retries
//     get through.
//   - Received (sometimes): the subscriber has received a reading.
//
// QoS 0 checks no NoLoss: with --drops 1 a reading is simply lost, as the standard says. The
// sensor takes its next reading when the network is quiet, as its retries are.
//
// The named buggy variants, mistakes made implementing the flows:
//
//   - BugForwardOnPublish: the QoS 2 receiver delivers on every PUBLISH, as QoS 1 does, instead
//     of once on PUBREL. When a PUBREC is lost the sender retries the PUBLISH, and the receiver
//     (the broker forwarding, or the subscriber) delivers the reading a second time:
//     NoDuplicates fails (--drops 1).
//   - BugResendPublish: a QoS 2 sender that got the PUBREC retries by resending the PUBLISH
//     instead of the PUBREL. When the PUBCOMP is lost, the receiver, which discarded the
//     identifier on PUBREL, takes the resent PUBLISH for a new publication and delivers it
//     again: NoDuplicates fails (--drops 1).
//   - BugForgetBeforeAck: a QoS 1 sender discards the message when it sends the PUBLISH, not
//     when the PUBACK comes, so it has nothing to retry: a lost PUBLISH loses the reading, and
//     NoLoss fails (--qos 1 --drops 1).
package mqtt
