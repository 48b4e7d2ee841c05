package pbfttest_test

import (
	"cmp"
	"maps"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/pbft"
	"github.com/distcheck/distcheck/protocols/pbft/pbfttest"
)

// A PBFT replica written from pbfttest's contract rather than from package pbft's code, as a
// student would, with flaws to switch on.

type flaw int

const (
	correct flaw = iota
	// panics makes a replica panic on a commit.
	panics
	// nondeterministic makes a replica's answer to a prepare depend on global state.
	nondeterministic
	// signsTheRequest signs the request alone instead of the message's Body, and checks
	// signatures the same way: its replicas agree among themselves, and reject everything
	// the adversary sends.
	signsTheRequest
)

func student(f flaw) pbfttest.Implementation {
	return pbfttest.Implementation{
		Name:       "student",
		NewReplica: func(c pbft.ReplicaConfig) pbfttest.Replica { return &studentReplica{cfg: c, flaw: f} },
	}
}

type studentReplica struct {
	View     int
	Changing bool
	// Accepted is the pre-prepare accepted in View; its zero value is none.
	Accepted pbft.PrePrepare
	Prepares map[model.NodeID]pbft.Prepare
	Commits  map[model.NodeID]pbft.Commit
	// Cert is the latest prepared certificate.
	Cert pbft.Certificate
	// ViewChanges are the view changes received for VCView, as its primary.
	ViewChanges map[model.NodeID]pbft.ViewChange
	VCView      int
	Done        []pbft.Request

	cfg  pbft.ReplicaConfig `distcheck:"-"`
	flaw flaw               `distcheck:"-"`
}

// calls is global state: what a deterministic replica must not read.
var calls int

const suspect = "suspect"

func (r *studentReplica) CommittedRequests() []pbft.Request { return r.Done }

func (r *studentReplica) Init(ctx actor.Context) {
	r.enter(0, false)
	if pbft.Primary(0, r.cfg.N) == ctx.ID() {
		r.Accepted = r.sign(ctx, pbft.PrePrepare{View: 0, Request: pbft.ClientRequest}).(pbft.PrePrepare)
		ctx.Broadcast(r.Accepted)
		return
	}
	ctx.SetTimer(suspect, 0)
}

func (r *studentReplica) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	q := r.cfg.Quorum()
	switch m := msg.(type) {
	case pbft.PrePrepare:
		signer := r.primary(m.View)
		if r.flaw == prePrepareAnySigner {
			signer = m.Sig.Signer
		}
		fresh := !r.accepted() || (r.flaw == prePrepareReplaced && r.Accepted.Request != m.Request)
		if !r.Changing && m.View == r.View && fresh && ctx.ID() != r.primary(r.View) && r.valid(m, m.Sig, signer) {
			r.accept(ctx, m)
		}
	case pbft.Prepare:
		if r.flaw == nondeterministic {
			calls++
			if calls%2 == 0 {
				return
			}
		}
		_, dup := r.Prepares[m.Sig.Signer]
		if r.accepted() && !r.prepared() && m.View == r.View && m.Request == r.Accepted.Request && !dup &&
			(r.isBackup(m.Sig.Signer, m.View) || r.flaw == preparesFromPrimary) && r.valid(m, m.Sig, m.Sig.Signer) {
			r.Prepares[m.Sig.Signer] = m
			r.progress(ctx)
		}
	case pbft.Commit:
		if r.flaw == panics {
			panic("commit: not implemented")
		}
		_, dup := r.Commits[m.Sig.Signer]
		if (r.prepared() || r.flaw == commitsBeforePrepared) && len(r.Done) == 0 && m.View == r.View && m.Request == r.Accepted.Request && !dup &&
			m.Sig.Signer >= 0 && int(m.Sig.Signer) < r.cfg.N && r.valid(m, m.Sig, m.Sig.Signer) {
			r.Commits[m.Sig.Signer] = m
			r.progress(ctx)
		}
	case pbft.ViewChange:
		if r.primary(m.View) != ctx.ID() || !r.before(m.View) || m.Sig.Signer == ctx.ID() || m.View < r.VCView || !r.validViewChange(m, m.View) {
			return
		}
		if m.View > r.VCView {
			r.VCView, r.ViewChanges = m.View, map[model.NodeID]pbft.ViewChange{}
		}
		r.ViewChanges[m.Sig.Signer] = m
		if len(r.ViewChanges) < q-1 {
			return
		}
		vcs := append(slices.Collect(maps.Values(r.ViewChanges)), r.sign(ctx, pbft.ViewChange{View: m.View, Prepared: r.Cert}).(pbft.ViewChange))
		slices.SortFunc(vcs, func(a, b pbft.ViewChange) int { return cmp.Compare(a.Sig.Signer, b.Sig.Signer) })
		pp := r.sign(ctx, pbft.PrePrepare{View: m.View, Request: pbft.Choose(vcs)}).(pbft.PrePrepare)
		ctx.Broadcast(r.sign(ctx, pbft.NewView{View: m.View, ViewChanges: vcs, PrePrepare: pp}))
		r.enter(m.View, false)
		r.Accepted = pp
		r.startTimer(ctx)
	case pbft.NewView:
		p := r.primary(m.View)
		if p != ctx.ID() && r.before(m.View) && r.valid(m, m.Sig, p) && r.validNewView(m) {
			r.enter(m.View, false)
			r.accept(ctx, m.PrePrepare)
			r.startTimer(ctx)
		}
	}
}

func (r *studentReplica) Timeout(ctx actor.Context, _ actor.Timer) {
	if len(r.Done) > 0 || r.View >= r.cfg.MaxView {
		return
	}
	r.enter(r.View+1, true)
	if p := r.primary(r.View); p != ctx.ID() {
		ctx.Send(p, r.sign(ctx, pbft.ViewChange{View: r.View, Prepared: r.Cert}))
	}
	r.startTimer(ctx)
}

func (r *studentReplica) startTimer(ctx actor.Context) {
	if len(r.Done) == 0 && r.View < r.cfg.MaxView {
		ctx.SetTimer(suspect, 0)
	}
}

func (r *studentReplica) accept(ctx actor.Context, pp pbft.PrePrepare) {
	r.Accepted = pp
	p := r.sign(ctx, pbft.Prepare{View: pp.View, Request: pp.Request}).(pbft.Prepare)
	r.Prepares[ctx.ID()] = p
	ctx.Broadcast(p)
	r.progress(ctx)
}

func (r *studentReplica) progress(ctx actor.Context) {
	q := r.cfg.Quorum()
	if !r.prepared() && len(r.Prepares) >= q-1 {
		prepares := slices.Collect(maps.Values(r.Prepares))
		slices.SortFunc(prepares, func(a, b pbft.Prepare) int { return cmp.Compare(a.Sig.Signer, b.Sig.Signer) })
		r.Cert = pbft.Certificate{PrePrepare: r.Accepted, Prepares: prepares}
		c := r.sign(ctx, pbft.Commit{View: r.View, Request: r.Accepted.Request}).(pbft.Commit)
		r.Commits[ctx.ID()] = c
		ctx.Broadcast(c)
	}
	if r.flaw == commitQuorum2f {
		q--
	}
	if (r.prepared() || r.flaw == commitsBeforePrepared) && r.accepted() && len(r.Done) == 0 && len(r.Commits) >= q {
		r.Done = append(r.Done, r.Accepted.Request)
		r.Prepares, r.Commits = map[model.NodeID]pbft.Prepare{}, map[model.NodeID]pbft.Commit{}
		ctx.CancelTimer(suspect)
	}
}

func (r *studentReplica) enter(v int, changing bool) {
	r.View, r.Changing, r.Accepted = v, changing, pbft.PrePrepare{}
	r.Prepares, r.Commits = map[model.NodeID]pbft.Prepare{}, map[model.NodeID]pbft.Commit{}
	if !changing {
		r.ViewChanges = nil
	}
}

func (r *studentReplica) validNewView(m pbft.NewView) bool {
	if m.PrePrepare.View != m.View || !r.valid(m.PrePrepare, m.PrePrepare.Sig, r.primary(m.View)) {
		return false
	}
	seen := map[model.NodeID]bool{}
	for _, vc := range m.ViewChanges {
		if seen[vc.Sig.Signer] || !r.validViewChange(vc, m.View) {
			return false
		}
		seen[vc.Sig.Signer] = true
	}
	if r.flaw == newViewFewViewChanges {
		return len(seen) >= r.cfg.Quorum()-1 && m.PrePrepare.Request == pbft.Choose(m.ViewChanges)
	}
	return len(seen) >= r.cfg.Quorum() && (m.PrePrepare.Request == pbft.Choose(m.ViewChanges) || r.flaw == newViewAnyRequest)
}

func (r *studentReplica) validViewChange(m pbft.ViewChange, v int) bool {
	if m.View != v || m.Sig.Signer < 0 || int(m.Sig.Signer) >= r.cfg.N || !r.valid(m, m.Sig, m.Sig.Signer) {
		return false
	}
	c := m.Prepared
	if c.None() {
		return true
	}
	pp := c.PrePrepare
	if pp.View >= v || !r.valid(pp, pp.Sig, r.primary(pp.View)) {
		return false
	}
	if r.flaw == certificateUnchecked {
		return true
	}
	seen := map[model.NodeID]bool{}
	for _, p := range c.Prepares {
		if p.View != pp.View || p.Request != pp.Request || seen[p.Sig.Signer] || !r.isBackup(p.Sig.Signer, pp.View) || !r.valid(p, p.Sig, p.Sig.Signer) {
			return false
		}
		seen[p.Sig.Signer] = true
	}
	return len(seen) >= r.cfg.Quorum()-1
}

// sign returns m signed as the replica.
func (r *studentReplica) sign(ctx actor.Context, m actor.Message) actor.Message {
	switch v := m.(type) {
	case pbft.PrePrepare:
		v.Sig = ctx.Sign(r.body(v))
		return v
	case pbft.Prepare:
		v.Sig = ctx.Sign(r.body(v))
		return v
	case pbft.Commit:
		v.Sig = ctx.Sign(r.body(v))
		return v
	case pbft.ViewChange:
		v.Sig = ctx.Sign(r.body(v))
		return v
	case pbft.NewView:
		v.Sig = ctx.Sign(r.body(v))
		return v
	}
	panic("not a message of pbft's")
}

// valid reports whether sig is signer's signature of m.
func (r *studentReplica) valid(m interface{ Body() any }, sig actor.Signature, signer model.NodeID) bool {
	return sig.Signer == signer && actor.Verify(r.body(m), sig)
}

// body is what the replica signs of m: its Body, or its request alone with the flaw
// signsTheRequest.
func (r *studentReplica) body(m interface{ Body() any }) any {
	if r.flaw == signsTheRequest {
		return requestOf(m)
	}
	return m.Body()
}

func requestOf(m any) any {
	switch v := m.(type) {
	case pbft.PrePrepare:
		return v.Request
	case pbft.Prepare:
		return v.Request
	case pbft.Commit:
		return v.Request
	case pbft.NewView:
		return v.PrePrepare.Request
	}
	return nil
}

func (r *studentReplica) accepted() bool { return r.Accepted.Sig != (actor.Signature{}) }

func (r *studentReplica) prepared() bool {
	return !r.Cert.None() && r.Cert.PrePrepare.View == r.View
}

func (r *studentReplica) before(v int) bool { return v > r.View || (v == r.View && r.Changing) }

func (r *studentReplica) primary(v int) model.NodeID { return pbft.Primary(v, r.cfg.N) }

func (r *studentReplica) isBackup(id model.NodeID, v int) bool {
	return id >= 0 && int(id) < r.cfg.N && id != r.primary(v)
}
