// Package pbft is Practical Byzantine Fault Tolerance (Castro and Liskov, OSDI 1999): the
// normal case — pre-prepare, prepare, commit — and the view change, for one client request
// (or up to MaxRequests, Config.Requests, at sequence numbers 0, 1, …) among n replicas of
// which f may be Byzantine, with every message signed.
//
// A replica is prepared in a view once it holds the primary's pre-prepare and 2f matching
// prepares from distinct backups (its own included): 2f+1 matching messages, so two prepared
// certificates of one view share a correct replica and name one request. It commits once it
// holds 2f+1 matching commits. Each sequence number goes through these phases on its own. A
// backup that times out before its requests commit moves to the next view and sends the new
// primary its latest prepared certificate of each sequence number; the new primary, with 2f+1
// view changes, pre-prepares at each sequence number the request of the certificate from the
// latest view among them (or, if none has one, the client's request of that number: Choose),
// and the backups check that choice before they follow it. A request committed in
// an earlier view was prepared at 2f+1 replicas, f+1 of them correct, so one of them is among
// any 2f+1 view changes.
//
// The model. The network is actor.Duplicating: a message that arrives before a replica can use
// it stays in the network and is delivered again later, so replicas keep no buffers and their
// states do not record which early messages happened to arrive. By default a view-change timer
// fires only when the network is quiet — no delivery would change anything
// (actor.TimersWhenQuiet): a replica suspects the primary once the protocol has stopped making
// progress, as under partial synchrony once timeouts are long enough. Config.Asynchronous lets
// the timers fire at any moment, for random walks: exhaustively, that state space is too large
// (more than 5.5 million states for four correct replicas and one view change).
//
// The adversary (Config.Adversary, Config.Faulty) controls the primary of view 0, that of view
// 1, both, or backups. It may equivocate — send each replica its own version of a pre-prepare,
// prepare, commit, view change or new view — or corrupt its messages, and forge prepares and
// commits of the other request. It signs only as its own replicas: certificates relayed in view changes are
// checked signature by signature.
//
// Simplifications: a fixed set of requests, each with its own sequence number, so no
// checkpoints, watermarks or null requests (a sequence number no view change has a certificate
// for gets its client request again); view changes go to the new primary only, and a replica
// that committed every request does not join a later view change (PBFT's rule to join on f+1
// view changes is left out); replicas keep no stable storage.
//
// Properties, over the correct replicas: Agreement (at each sequence number no two commit
// different requests, and none commits two, in any views), Validity (each request committed
// is one a client sent), Committed (sometimes a correct replica commits) and, with two
// requests or more, AllCommitted (sometimes a correct replica commits every sequence number).
//
// Named bugs: prepared-2f (a prepared certificate of 2f matching messages: an equivocating
// primary gets both requests prepared in view 0, and the view change carries the wrong one
// over a request committed), no-digest-check (prepares and commits are counted without
// checking their request: two requests commit in view 0), and two that need two requests:
// new-view-highest-only (a new view carries over only the certificate of the highest sequence
// number) and new-view-renumbers (a new view numbers the requests it carries anew from 0).
//
// Config.Build makes a system of anyone's replicas — any actor.Node that speaks these
// messages, signs them as Sign does and reports its commits (Committer) — with the same
// adversary and properties; package pbfttest is the conformance suite built on it.
package pbft
