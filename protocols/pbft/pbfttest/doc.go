// Package pbfttest checks anyone's implementation of a PBFT replica against the properties
// of package pbft, in the idiom of net/http/httptest: a student writes a replica, and a test
// hands its factory to Run, which builds systems of those replicas — some of them in the
// hands of a Byzantine adversary — explores them and grades the result.
//
// The threat model: a faulty replica runs the student's code, stays silent, or equivocates on
// what that code sends, and in the forging scenarios it also sends, within a budget, any message
// of package pbft that it can sign — pre-prepares, prepares and commits of either request in
// every view, view changes carrying certificates assembled from the correct replicas' signed
// messages it read on the network (complete, or one prepare short), new views of any quorum of
// view changes it knows with either request (see package pbft's forge.go). It cannot sign as a
// correct replica. Each scenario's reach — exhaustive or sampled, its bound and seeds, what it
// cannot exercise — is printed with the report.
//
//	func TestMyPBFT(t *testing.T) {
//		pbfttest.Run(t, pbfttest.Implementation{
//			Name:       "my-pbft",
//			NewReplica: func(c pbft.ReplicaConfig) pbfttest.Replica { return NewReplica(c) },
//		})
//	}
//
// # The contract
//
// A replica is a deterministic actor.Node (a pointer to a struct) that orders the client's
// requests, as package pbft's does (read its documentation, and pbft.Replica for a model
// answer). The replicas are nodes 0 to N−1; the primary of view v is pbft.Primary(v, N);
// a quorum is ReplicaConfig.Quorum() = N−F replicas, 2f+1 when N = 3f+1. There are
// ReplicaConfig.Requests client requests (0 means 1), pbft.ClientRequests(Requests), which
// every replica holds from the start; the i-th is ordered at sequence number i (the Seq of
// the messages below), and each sequence number goes through the normal case on its own.
//
//   - Normal case. The primary of view 0 sends, from Init, pbft.PrePrepare{View: 0, Seq: i,
//     Request: pbft.ClientRequests(Requests)[i]} for each i to every other replica. A backup
//     that accepts a pre-prepare of its view sends a pbft.Prepare of the same view, sequence
//     number and request to every other replica. A replica holding its view's pre-prepare of a
//     sequence number and Quorum()−1 matching prepares from distinct backups (its own
//     included) is prepared there: it keeps them as its pbft.Certificate of that number and
//     sends a pbft.Commit to every other replica. With Quorum() matching commits from distinct
//     replicas (its own included) it commits the request at that number.
//   - View change. A replica sets a timer; when it fires before every request commits and
//     the replica's view is below ReplicaConfig.MaxView, the replica moves to the next view
//     and sends the new primary a pbft.ViewChange for that view carrying its latest prepared
//     certificate of each sequence number it has one for, in order. The new primary, with
//     Quorum()−1 valid view changes from other replicas, sends every other replica a
//     pbft.NewView: those view changes and its own, and for each sequence number in order a
//     pre-prepare for the view of the request pbft.Choose picks from them. A backup that
//     accepts the new view enters the view and prepares its pre-prepares.
//   - Signatures. Every message is signed by its sender over its Body — the message with Sig
//     left zero: m.Sig = ctx.Sign(m.Body()), which pbft.Sign does. Correct replicas and the
//     adversary sign alike, so a replica that signs otherwise would reject the adversary's
//     messages and be checked against no adversary at all: the property Signed checks that
//     it does not.
//   - Checks. A replica takes a message only if actor.Verify(m.Body(), m.Sig) holds and the
//     signer is entitled to it: the view's primary for a pre-prepare or a new view, a backup
//     of the view for a prepare, a replica for a commit or a view change. It takes prepares
//     and commits only of its view and of the request of the pre-prepare it accepted (the
//     digest check), and one of each per signer; a pre-prepare only once per view. It
//     accepts a new view only with a pre-prepare for that view signed by its primary, Quorum()
//     view changes for that view signed by distinct replicas, each carrying no certificate
//     or a valid one — a pre-prepare of an earlier view signed by that view's primary and
//     Quorum()−1 prepares of its request signed by distinct backups of that view — and the
//     requests that pbft.Choose picks from them.
//   - Reporting. CommittedRequests returns the requests the replica committed, in order of
//     sequence number up to the first it has not committed (pbft.Committer): the properties
//     are judged on it.
//
// The network may deliver a message more than once (actor.Duplicating) and holds it until
// it is delivered: a message that comes too early may be ignored, since it will come again.
// The timers fire only when no delivery would change anything (actor.TimersWhenQuiet), but in
// the sampled scenarios, where they fire at any moment. Replicas crash without
// recovering, so they need no durable fields. ReplicaConfig.Bug is for package pbft's own
// replicas: ignore it.
//
// # The suite
//
// Run explores ten scenarios (Scenarios): five exhaustive ones, one sampled of two requests,
// and four sampled ones in which the adversary forges messages of its own.
//
//   - two-requests: two client requests at sequence numbers 0 and 1, an equivocating primary
//     and one lost message, then a view change (random walks of up to 200 steps under two
//     seeds): a new view must carry each certificate at its own sequence number.
//   - normal-case: four correct replicas, up to one view change (exhaustive; every step is
//     run twice, to catch a replica that is not deterministic).
//   - equivocating-primary: the primary sends each backup its own version of every message,
//     in view 0 (exhaustive).
//   - silent-primary: the primary sends nothing, so the request commits only after a view
//     change (exhaustive).
//   - corrupting-backup: a backup changes the request of its messages and hides its
//     certificate from its view change, and one replica may crash (exhaustive).
//   - view-change-equivocation: an equivocating primary, then a view change (breadth first,
//     bounded by ViewChangeMaxStates states: every behaviour of package pbft's replicas of up
//     to 21 steps).
//   - forging-primary, forging-replica: four replicas, a faulty primary of view 0 that
//     equivocates (or runs the replica's code) and sends up to three (four) messages of its
//     own; view-change timers fire at any moment (random walks under two seeds).
//   - forging-next-primary: the faulty replica is the primary of view 1: it leads the view
//     change with new views of its own making (random walks under two seeds).
//   - seven-replicas: seven replicas, f = 2, the adversary holding the primaries of views 0
//     and 1 (pbft.FaultyPrimaries) — it runs the replica's code and, once a view change has
//     begun, forges up to six messages (PCT walks under two seeds: the strategy that found
//     the deep bugs of the README's table soonest).
//
// In each scenario it checks the properties of package pbft — Agreement (per sequence
// number), Validity, Committed, and with two requests AllCommitted — and
// the contract's rules on what a correct replica sends, which catch mistakes that cannot turn
// into two commits in this model of one request (a certificate that a correct replica should
// not have believed is refused by every correct replica that reads it, which stalls the view
// change instead of misleading it):
//
//   - Certificates: every view change a correct replica sends (alone, or its own in a new
//     view) carries no certificate or a valid one — its view's primary's pre-prepare and
//     Quorum()−1 matching prepares signed by distinct backups;
//   - PreparedBeforeCommit: a correct replica commits only a request it sent a commit for,
//     that is, once it was prepared;
//   - CommitQuorum: a correct replica commits a request at a sequence number only with
//     Quorum() matching commits of one view from distinct replicas, its own included;
//   - NewViews: a correct backup prepares in a view after the first only the pre-prepare of a
//     valid new view its primary sent it — n−f view changes of that view from distinct
//     replicas, each with no certificate or a valid one, and the request they require
//     (pbft.Choose).
//
// It also checks that no replica panics; in normal-case, that every replica is deterministic;
// in normal-case and silent-primary, where every message is a correct replica's, Signed. A
// search stops at its first violation, like distcheck.Check (the option distcheck.CollectAll
// grades every property in every scenario); a property that failed is not searched for again
// in later scenarios. Each counterexample is saved under
// testdata/counterexamples/<TestName>/<scenario>/ and is replayed first the next time the test
// runs, as distcheck.Check does. Every scenario's reach — exhaustive or not, its depth bound
// and seeds, and what it cannot exercise — is printed with the report.
//
// What the suite cannot exercise: a second request except in two-requests, where the adversary
// forges nothing; no checkpoints, watermarks or null requests (the model's sequence numbers are
// fixed); views 0 and 1 only; a bounded number of forged messages per path. Each scenario's
// summary line says which of these limits it has.
// Accepting a new view whose pre-prepare is not the request its view changes require breaks
// Agreement only when the adversary leads a view change after a request committed, which the
// sampled walks rarely reach; accepting one with 2f view changes cannot break it at all with
// one request (view changes without a certificate require the client's request). NewViews
// catches both as soon as a correct backup prepares the adversary's new view.
//
// The named bugs of package pbft fail it, each within a few walks of two-requests, which runs
// first: no-digest-check on CommitQuorum, prepared-2f on Certificates, new-view-highest-only and
// new-view-renumbers on NewViews (run without two-requests, the exhaustive scenarios catch the
// first two: no-digest-check on CommitQuorum in equivocating-primary, prepared-2f on
// Certificates in corrupting-backup).
//
// Run prints a graded summary — each property passed, or the path of its counterexample —
// and returns it as a conformance.Report, which the option conformance.JSON also writes to a file. The test fails
// when a check fails, with the counterexample's sequence diagram.
//
// # Readable counterexamples
//
// Give your messages and your replica a String method: the diagrams of its failures then show
// what it returns instead of every field (a role as "leader", not "role:2"), e.g.
//
//	func (m Prepare) String() string { return fmt.Sprintf("Prepare(v%d n=%d d=%x)", m.View, m.Seq, m.Digest) }
//
// A long text is cut in its row and given in full in a note under the diagram; see package
// conformance, "Readable counterexamples", for a diagram with and without.
package pbfttest
