// Package primarybackup is a key-value store replicated by primary-backup: clients send their
// operations to the primary, which applies each, forwards it to the backup, and replies only
// once the backup has acknowledged it. When the primary crashes, the clients turn to the backup,
// which then serves them from its copy — a copy that holds every operation a client was
// answered for. The store stays linearizable through the failover.
//
// The clients (checks.Client, Sticky routing with retries) send to the primary and, when a
// request goes unanswered, to the backup for good. Timers fire only when no message can be
// delivered (actor.TimersWhenQuiet), so a client gives up on the primary only when its request
// or the reply is stuck: the primary crashed (or, with --drops, a message was lost). The first
// request the backup receives from a client makes it serve clients itself, and from then on it
// refuses the primary's forwarded operations, so an old primary that is only slow can answer
// nothing more: every operation, reads included, goes through the backup's acknowledgement.
// Both replicas remember each client's last operation and its result, so a retried request is
// answered without being applied twice. Crashes are crash-stop: nothing is durable.
//
// The buggy variant BugEarlyReply replies as soon as the primary has applied an operation and
// ships operations to the backup in the background, when a timer fires. A client's put is
// acknowledged; the primary crashes before it ships it; the client's next get goes unanswered,
// is retried at the backup, and returns the value from before the put — an acknowledged write
// lost, found in six steps under one crash (Faults{Crashes: 1}). Without crashes the variant is
// linearizable: clients never leave the primary.
//
// Properties: Linearizable (always, checks.Linearizable with checks.KVModel), ValueRead
// (sometimes a get returns a value that was put) and, with a crash budget, FailedOver (sometimes
// the backup serves a client after the primary crashed).
package primarybackup
