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
	// Requests is the number of client requests, ordered at sequence numbers 0 to
	// Requests−1 (see ClientRequests); 0 means 1.
	Requests int
}

// Quorum returns the size of a quorum: N−F.
func (c ReplicaConfig) Quorum() int { return c.N - c.F }

// Seqs returns the number of sequence numbers: Requests, or 1 if it is 0.
func (c ReplicaConfig) Seqs() int { return max(c.Requests, 1) }

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

// Replica is a PBFT replica ordering the client's requests — which it holds from the start, as
// if the client had multicast them — at sequence numbers 0, 1, … (see the package
// documentation).
type Replica struct {
	// View is the replica's view.
	View int
	// Changing says it has left View−1 and waits for View's new view.
	Changing bool
	// Slots are what it holds of each sequence number.
	Slots []Slot
	// ViewChanges are the view changes received for View+1 or later, as its primary.
	ViewChanges []ViewChange

	Config ReplicaConfig `distcheck:"-"`
}

// Slot is what a replica holds of one sequence number.
type Slot struct {
	// PrePrepare is the pre-prepare accepted in the replica's view, if any.
	PrePrepare PrePrepare
	// Prepares and Commits are the valid ones received in the view (its own included), by
	// signer.
	Prepares []Prepare
	Commits  []Commit
	// Prepared is its latest prepared certificate, from any view.
	Prepared Certificate
	// Committed are the requests committed, in order: at most one at a correct replica.
	Committed []Request
}

// NewReplica returns a replica for cfg.
func NewReplica(cfg ReplicaConfig) *Replica {
	return &Replica{Config: cfg, Slots: make([]Slot, cfg.Seqs())}
}

// CommittedRequests returns the requests committed, in order of sequence number (Committer):
// those of each sequence number from the first, up to the first that has none.
func (r *Replica) CommittedRequests() []Request {
	if len(r.Slots) == 1 {
		return r.Slots[0].Committed
	}
	var out []Request
	for _, sl := range r.Slots {
		if len(sl.Committed) == 0 {
			break
		}
		out = append(out, sl.Committed...)
	}
	return out
}

// Init makes the primary of view 0 pre-prepare each request at its sequence number, and the
// backups start their timers.
func (r *Replica) Init(ctx actor.Context) {
	if Primary(0, r.Config.N) == ctx.ID() {
		for seq, req := range ClientRequests(r.Config.Seqs()) {
			pp := Sign(ctx, PrePrepare{View: 0, Seq: seq, Request: req})
			r.Slots[seq].PrePrepare = pp
			r.multicast(ctx, pp)
		}
		return
	}
	r.startTimer(ctx)
}

// Handle takes part in the normal case and in view changes.
func (r *Replica) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case PrePrepare:
		if !r.Changing && m.View == r.View && r.inRange(m.Seq) && r.Slots[m.Seq].PrePrepare.Sig == (actor.Signature{}) &&
			signedBy(m.Body(), m.Sig, Primary(m.View, r.Config.N)) && Primary(r.View, r.Config.N) != ctx.ID() {
			r.acceptPrePrepare(ctx, m)
		}
	case Prepare:
		if r.inRange(m.Seq) && r.phase(m.Seq) == preparing && m.View == r.View && r.matches(m.Seq, m.Request) && r.isBackup(m.Sig.Signer, m.View) &&
			actor.Verify(m.Body(), m.Sig) && !slices.ContainsFunc(r.Slots[m.Seq].Prepares, func(p Prepare) bool { return p.Sig.Signer == m.Sig.Signer }) {
			sl := &r.Slots[m.Seq]
			sl.Prepares = insertBySigner(sl.Prepares, m, func(p Prepare) actor.Signature { return p.Sig })
			r.progress(ctx, m.Seq)
		}
	case Commit:
		if r.inRange(m.Seq) && r.phase(m.Seq) == committing && m.View == r.View && r.matches(m.Seq, m.Request) && r.isReplica(m.Sig.Signer) &&
			actor.Verify(m.Body(), m.Sig) && !slices.ContainsFunc(r.Slots[m.Seq].Commits, func(c Commit) bool { return c.Sig.Signer == m.Sig.Signer }) {
			sl := &r.Slots[m.Seq]
			sl.Commits = insertBySigner(sl.Commits, m, func(c Commit) actor.Signature { return c.Sig })
			r.progress(ctx, m.Seq)
		}
	case ViewChange:
		r.onViewChange(ctx, m)
	case NewView:
		r.onNewView(ctx, m)
	}
}

// Timeout starts a view change, unless every request committed.
func (r *Replica) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(ViewChangeTimer); !ok || r.allCommitted() || r.View >= r.Config.MaxView {
		return
	}
	r.enter(r.View+1, true)
	vc := Sign(ctx, ViewChange{View: r.View, Prepared: r.certificates()})
	if p := Primary(r.View, r.Config.N); p != ctx.ID() {
		ctx.Send(p, vc)
	}
	r.startTimer(ctx)
}

// certificates returns the replica's prepared certificates, in order of sequence number.
func (r *Replica) certificates() []Certificate {
	var out []Certificate
	for _, sl := range r.Slots {
		if !sl.Prepared.None() {
			out = append(out, sl.Prepared)
		}
	}
	return out
}

// acceptPrePrepare accepts m as the pre-prepare of its sequence number in the view and
// prepares it.
func (r *Replica) acceptPrePrepare(ctx actor.Context, m PrePrepare) {
	sl := &r.Slots[m.Seq]
	sl.PrePrepare = m
	p := Sign(ctx, Prepare{View: m.View, Seq: m.Seq, Request: m.Request})
	sl.Prepares = insertBySigner(sl.Prepares, p, func(p Prepare) actor.Signature { return p.Sig })
	r.multicast(ctx, p)
	r.progress(ctx, m.Seq)
}

// progress prepares and commits sequence number seq when the messages held allow.
func (r *Replica) progress(ctx actor.Context, seq int) {
	sl := &r.Slots[seq]
	pp := sl.PrePrepare
	if pp.Sig == (actor.Signature{}) {
		return
	}
	if !r.prepared(seq) {
		var matching []Prepare
		for _, p := range sl.Prepares {
			if r.matches(seq, p.Request) {
				matching = append(matching, p)
			}
		}
		if len(matching) < r.Config.preparesNeeded() {
			return
		}
		sl.Prepared = Certificate{PrePrepare: pp, Prepares: matching}
		c := Sign(ctx, Commit{View: r.View, Seq: seq, Request: pp.Request})
		sl.Commits = insertBySigner(sl.Commits, c, func(c Commit) actor.Signature { return c.Sig })
		r.multicast(ctx, c)
	}
	n := 0
	for _, c := range sl.Commits {
		if r.matches(seq, c.Request) {
			n++
		}
	}
	if n >= r.Config.Quorum() && !slices.Contains(sl.Committed, pp.Request) {
		sl.Committed = append(sl.Committed, pp.Request)
		sl.Prepares, sl.Commits = nil, nil // no longer needed: the certificate keeps the prepares
		if r.allCommitted() {
			ctx.CancelTimer(ViewChangeTimer{})
		}
	}
}

// allCommitted reports whether the replica committed a request at every sequence number.
func (r *Replica) allCommitted() bool {
	for _, sl := range r.Slots {
		if len(sl.Committed) == 0 {
			return false
		}
	}
	return true
}

func (r *Replica) inRange(seq int) bool { return seq >= 0 && seq < len(r.Slots) }

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

func (r *Replica) phase(seq int) phase {
	switch {
	case r.Changing || r.Slots[seq].PrePrepare.Sig == (actor.Signature{}):
		return waiting
	case !r.prepared(seq):
		return preparing
	case !r.committed(seq):
		return committing
	}
	return done
}

// prepared reports whether the replica is prepared at seq in its view: it needs no more
// prepares.
func (r *Replica) prepared(seq int) bool {
	c := r.Slots[seq].Prepared
	return !c.None() && c.PrePrepare.View == r.View
}

// committed reports whether the replica committed the request of its view's pre-prepare at
// seq: it needs no more commits.
func (r *Replica) committed(seq int) bool {
	sl := r.Slots[seq]
	return sl.PrePrepare.Sig != (actor.Signature{}) && slices.Contains(sl.Committed, sl.PrePrepare.Request)
}

// matches reports whether a prepare or commit for req at seq matches the pre-prepare accepted.
func (r *Replica) matches(seq int, req Request) bool {
	return req == r.Slots[seq].PrePrepare.Request || r.Config.Bug == BugNoDigestCheck
}

// enter moves the replica to view v, changing or not, with nothing accepted in it yet.
func (r *Replica) enter(v int, changing bool) {
	r.View, r.Changing = v, changing
	for i := range r.Slots {
		sl := &r.Slots[i]
		sl.PrePrepare, sl.Prepares, sl.Commits = PrePrepare{}, nil, nil
	}
}

// startTimer starts the view-change timer while a request is not committed and a later view
// is left.
func (r *Replica) startTimer(ctx actor.Context) {
	if !r.allCommitted() && r.View < r.Config.MaxView {
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
	for seq, sl := range r.Slots {
		if len(r.Slots) > 1 {
			fmt.Fprintf(&b, " |#%d", seq)
		}
		if sl.PrePrepare.Sig != (actor.Signature{}) {
			fmt.Fprintf(&b, " pre-prepared %s", sl.PrePrepare.Request)
		}
		fmt.Fprintf(&b, " prepares {%s} commits {%s} prepared %s", votes(sl.Prepares, func(p Prepare) (actor.Signature, Request) { return p.Sig, p.Request }),
			votes(sl.Commits, func(c Commit) (actor.Signature, Request) { return c.Sig, c.Request }), sl.Prepared)
		if len(sl.Committed) > 0 {
			fmt.Fprintf(&b, " COMMITTED %v", sl.Committed)
		}
	}
	if len(r.ViewChanges) > 0 {
		fmt.Fprintf(&b, " view-changes %d", len(r.ViewChanges))
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

// Clone returns a copy of the replica for the explorer, which clones the replica that takes a
// step: the slots are copied (in one allocation with the replica), and the lists they hold are
// shared, clipped to their length, as the replica never changes a list in place (it appends or
// inserts, which copies a clipped list, or replaces it). A step that did would change a state
// already reached (TestCloneLeavesReachedStatesUnchanged).
func (r *Replica) Clone() *Replica {
	c := withSlots(len(r.Slots))
	slots := c.Slots
	*c = *r
	c.Slots = slots
	copy(c.Slots, r.Slots)
	for i := range c.Slots {
		sl := &c.Slots[i]
		sl.Prepares, sl.Commits, sl.Committed = slices.Clip(sl.Prepares), slices.Clip(sl.Commits), slices.Clip(sl.Committed)
		sl.Prepared.Prepares = slices.Clip(sl.Prepared.Prepares)
	}
	c.ViewChanges = slices.Clip(c.ViewChanges)
	return c
}

// withSlots returns a new replica with n zero slots, allocated with it in one object.
func withSlots(n int) *Replica {
	switch n {
	case 1:
		b := new(struct {
			r Replica
			s [1]Slot
		})
		b.r.Slots = b.s[:]
		return &b.r
	case 2:
		b := new(struct {
			r Replica
			s [2]Slot
		})
		b.r.Slots = b.s[:]
		return &b.r
	case 3:
		b := new(struct {
			r Replica
			s [3]Slot
		})
		b.r.Slots = b.s[:]
		return &b.r
	}
	return &Replica{Slots: make([]Slot, n)}
}
