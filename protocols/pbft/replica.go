package pbft

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// ReplicaConfig is what a replica is told when it is made.
type ReplicaConfig struct {
	// N is the number of replicas and F the number of faulty ones tolerated: quorums are of
	// N−F replicas (2f+1 when N = 3f+1).
	N, F int
	// MaxView is the last view: a replica changes view at most MaxView times.
	MaxView int
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Quorum returns the size of a quorum: N−F.
func (c ReplicaConfig) Quorum() int { return c.N - c.F }

// preparesNeeded is the number of matching prepares, from distinct backups, that a prepared
// certificate needs besides its pre-prepare: 2f when N = 3f+1, so that with the pre-prepare it
// holds 2f+1 matching messages. The bug prepared-2f settles for one fewer.
func (c ReplicaConfig) preparesNeeded() int {
	if c.Bug == BugPrepared2f {
		return c.Quorum() - 2
	}
	return c.Quorum() - 1
}

// Primary returns the primary of view v among n replicas: v mod n.
func Primary(v, n int) model.NodeID { return model.NodeID(v % n) }

// Replica is a PBFT replica ordering the client's request — which it holds from the start, as
// if the client had multicast it — at sequence number 1 (see the package documentation).
type Replica struct {
	// View is the replica's view.
	View int
	// Changing says it has left View−1 and waits for View's new view.
	Changing bool
	// PrePrepare is the pre-prepare accepted in View, if any.
	PrePrepare PrePrepare
	// Prepares and Commits are the valid ones received in View (its own included), by signer.
	Prepares []Prepare
	Commits  []Commit
	// Prepared is its latest prepared certificate, from any view.
	Prepared Certificate
	// ViewChanges are the view changes received for View+1 or later, as its primary.
	ViewChanges []ViewChange
	// Committed are the requests committed, in order: at most one at a correct replica.
	Committed []Request

	Config ReplicaConfig `distcheck:"-"`
}

// NewReplica returns a replica for cfg.
func NewReplica(cfg ReplicaConfig) *Replica { return &Replica{Config: cfg} }

// CommittedRequests returns the requests committed, in order (Committer).
func (r *Replica) CommittedRequests() []Request { return r.Committed }

// Init makes the primary of view 0 pre-prepare the request, and the backups start their timers.
func (r *Replica) Init(ctx actor.Context) {
	if Primary(0, r.Config.N) == ctx.ID() {
		pp := Sign(ctx, PrePrepare{View: 0, Request: ClientRequest})
		r.PrePrepare = pp
		r.multicast(ctx, pp)
		return
	}
	r.startTimer(ctx)
}

// Handle takes part in the normal case and in view changes.
func (r *Replica) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case PrePrepare:
		if !r.Changing && m.View == r.View && r.PrePrepare.Sig == (actor.Signature{}) &&
			signedBy(m.Body(), m.Sig, Primary(m.View, r.Config.N)) && Primary(r.View, r.Config.N) != ctx.ID() {
			r.acceptPrePrepare(ctx, m)
		}
	case Prepare:
		if r.phase() == preparing && m.View == r.View && r.matches(m.Request) && r.isBackup(m.Sig.Signer, m.View) && actor.Verify(m.Body(), m.Sig) &&
			!slices.ContainsFunc(r.Prepares, func(p Prepare) bool { return p.Sig.Signer == m.Sig.Signer }) {
			r.Prepares = insertBySigner(r.Prepares, m, func(p Prepare) actor.Signature { return p.Sig })
			r.progress(ctx)
		}
	case Commit:
		if r.phase() == committing && m.View == r.View && r.matches(m.Request) && r.isReplica(m.Sig.Signer) && actor.Verify(m.Body(), m.Sig) &&
			!slices.ContainsFunc(r.Commits, func(c Commit) bool { return c.Sig.Signer == m.Sig.Signer }) {
			r.Commits = insertBySigner(r.Commits, m, func(c Commit) actor.Signature { return c.Sig })
			r.progress(ctx)
		}
	case ViewChange:
		r.onViewChange(ctx, m)
	case NewView:
		r.onNewView(ctx, m)
	}
}

// Timeout starts a view change, unless the request committed.
func (r *Replica) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(ViewChangeTimer); !ok || len(r.Committed) > 0 || r.View >= r.Config.MaxView {
		return
	}
	r.enter(r.View+1, true)
	vc := Sign(ctx, ViewChange{View: r.View, Prepared: r.Prepared})
	if p := Primary(r.View, r.Config.N); p != ctx.ID() {
		ctx.Send(p, vc)
	}
	r.startTimer(ctx)
}

// acceptPrePrepare accepts m as the pre-prepare of the view and prepares it.
func (r *Replica) acceptPrePrepare(ctx actor.Context, m PrePrepare) {
	r.PrePrepare = m
	p := Sign(ctx, Prepare{View: m.View, Request: m.Request})
	r.Prepares = insertBySigner(r.Prepares, p, func(p Prepare) actor.Signature { return p.Sig })
	r.multicast(ctx, p)
	r.progress(ctx)
}

// progress prepares and commits when the messages held allow.
func (r *Replica) progress(ctx actor.Context) {
	pp := r.PrePrepare
	if pp.Sig == (actor.Signature{}) {
		return
	}
	if !r.prepared() {
		var matching []Prepare
		for _, p := range r.Prepares {
			if r.matches(p.Request) {
				matching = append(matching, p)
			}
		}
		if len(matching) < r.Config.preparesNeeded() {
			return
		}
		r.Prepared = Certificate{PrePrepare: pp, Prepares: matching}
		c := Sign(ctx, Commit{View: r.View, Request: pp.Request})
		r.Commits = insertBySigner(r.Commits, c, func(c Commit) actor.Signature { return c.Sig })
		r.multicast(ctx, c)
	}
	n := 0
	for _, c := range r.Commits {
		if r.matches(c.Request) {
			n++
		}
	}
	if n >= r.Config.Quorum() && !slices.Contains(r.Committed, pp.Request) {
		r.Committed = append(r.Committed, pp.Request)
		r.Prepares, r.Commits = nil, nil // no longer needed: the certificate keeps the prepares
		ctx.CancelTimer(ViewChangeTimer{})
	}
}

// phase is where a replica is in its view, which says which messages it takes: a pre-prepare
// while waiting for one, prepares while preparing, commits while committing, none once
// committed. A message that comes early waits in the network, which delivers it again
// (actor.Duplicating): no buffer is needed, and a replica's state does not record which early
// messages it happened to receive.
type phase int

const (
	waiting phase = iota
	preparing
	committing
	done
)

func (r *Replica) phase() phase {
	switch {
	case r.Changing || r.PrePrepare.Sig == (actor.Signature{}):
		return waiting
	case !r.prepared():
		return preparing
	case !r.committed():
		return committing
	}
	return done
}

// prepared reports whether the replica is prepared in its view: it needs no more prepares.
func (r *Replica) prepared() bool { return !r.Prepared.None() && r.Prepared.PrePrepare.View == r.View }

// committed reports whether the replica committed the request of its view's pre-prepare: it
// needs no more commits.
func (r *Replica) committed() bool {
	return r.PrePrepare.Sig != (actor.Signature{}) && slices.Contains(r.Committed, r.PrePrepare.Request)
}

// matches reports whether a prepare or commit for req matches the pre-prepare accepted.
func (r *Replica) matches(req Request) bool {
	return req == r.PrePrepare.Request || r.Config.Bug == BugNoDigestCheck
}

// enter moves the replica to view v, changing or not, with nothing accepted in it yet.
func (r *Replica) enter(v int, changing bool) {
	r.View, r.Changing = v, changing
	r.PrePrepare, r.Prepares, r.Commits = PrePrepare{}, nil, nil
}

// startTimer starts the view-change timer while the request is not committed and a later view
// is left.
func (r *Replica) startTimer(ctx actor.Context) {
	if len(r.Committed) == 0 && r.View < r.Config.MaxView {
		ctx.SetTimer(ViewChangeTimer{}, 0)
	}
}

// multicast sends m to every other replica.
func (r *Replica) multicast(ctx actor.Context, m actor.Message) {
	for i := range r.Config.N {
		if id := model.NodeID(i); id != ctx.ID() {
			ctx.Send(id, m)
		}
	}
}

func (r *Replica) isReplica(id model.NodeID) bool { return id >= 0 && int(id) < r.Config.N }

func (r *Replica) isBackup(id model.NodeID, view int) bool {
	return r.isReplica(id) && id != Primary(view, r.Config.N)
}

// String shows the replica's view, what it accepted and what it committed, for diagrams.
func (r *Replica) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "view %d", r.View)
	if r.Changing {
		b.WriteString(" (changing)")
	}
	if r.PrePrepare.Sig != (actor.Signature{}) {
		fmt.Fprintf(&b, " pre-prepared %s", r.PrePrepare.Request)
	}
	fmt.Fprintf(&b, " prepares {%s} commits {%s} prepared %s", votes(r.Prepares, func(p Prepare) (actor.Signature, Request) { return p.Sig, p.Request }),
		votes(r.Commits, func(c Commit) (actor.Signature, Request) { return c.Sig, c.Request }), r.Prepared)
	if len(r.ViewChanges) > 0 {
		fmt.Fprintf(&b, " view-changes %d", len(r.ViewChanges))
	}
	if len(r.Committed) > 0 {
		fmt.Fprintf(&b, " COMMITTED %v", r.Committed)
	}
	return b.String()
}

func votes[M any](ms []M, f func(M) (actor.Signature, Request)) string {
	var out []string
	for _, m := range ms {
		sig, req := f(m)
		out = append(out, fmt.Sprintf("r%d:%s", sig.Signer, req))
	}
	return strings.Join(out, " ")
}

// insertBySigner inserts m into ms, which is sorted by signer.
func insertBySigner[M any](ms []M, m M, sig func(M) actor.Signature) []M {
	i, _ := slices.BinarySearchFunc(ms, m, func(a, b M) int { return compareSigner(sig(a), sig(b)) })
	return slices.Insert(ms, i, m)
}
