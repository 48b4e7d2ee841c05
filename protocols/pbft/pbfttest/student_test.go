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
	// Slots hold what the replica has of each sequence number.
	Slots []studentSlot
	// ViewChanges are the view changes received for VCView, as its primary.
	ViewChanges map[model.NodeID]pbft.ViewChange
	VCView      int

	cfg  pbft.ReplicaConfig `distcheck:"-"`
	flaw flaw               `distcheck:"-"`
}

type studentSlot struct {
	// Accepted is the pre-prepare accepted in View; its zero value is none.
	Accepted pbft.PrePrepare
	Prepares map[model.NodeID]pbft.Prepare
	Commits  map[model.NodeID]pbft.Commit
	// Cert is the latest prepared certificate.
	Cert pbft.Certificate
	// Done is the request committed, or "".
	Done pbft.Request
}

// calls is global state: what a deterministic replica must not read.
var calls int

const suspect = "suspect"

func (r *studentReplica) CommittedRequests() []pbft.Request {
	var out []pbft.Request
	for _, sl := range r.Slots {
		if sl.Done == "" {
			break
		}
		out = append(out, sl.Done)
	}
	return out
}

func (r *studentReplica) Init(ctx actor.Context) {
	r.Slots = make([]studentSlot, max(r.cfg.Requests, 1))
	r.enter(0, false)
	if pbft.Primary(0, r.cfg.N) == ctx.ID() {
		for seq, req := range pbft.ClientRequests(len(r.Slots)) {
			r.Slots[seq].Accepted = r.sign(ctx, pbft.PrePrepare{View: 0, Seq: seq, Request: req}).(pbft.PrePrepare)
			ctx.Broadcast(r.Slots[seq].Accepted)
		}
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
		if !r.has(m.Seq) {
			return
		}
		sl := &r.Slots[m.Seq]
		fresh := !r.accepted(m.Seq) || (r.flaw == prePrepareReplaced && sl.Accepted.Request != m.Request)
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
		if !r.has(m.Seq) {
			return
		}
		sl := &r.Slots[m.Seq]
		_, dup := sl.Prepares[m.Sig.Signer]
		if r.accepted(m.Seq) && !r.prepared(m.Seq) && m.View == r.View && m.Request == sl.Accepted.Request && !dup &&
			(r.isBackup(m.Sig.Signer, m.View) || r.flaw == preparesFromPrimary) && r.valid(m, m.Sig, m.Sig.Signer) {
			sl.Prepares[m.Sig.Signer] = m
			r.progress(ctx, m.Seq)
		}
	case pbft.Commit:
		if r.flaw == panics {
			panic("commit: not implemented")
		}
		if !r.has(m.Seq) {
			return
		}
		sl := &r.Slots[m.Seq]
		_, dup := sl.Commits[m.Sig.Signer]
		if (r.prepared(m.Seq) || r.flaw == commitsBeforePrepared) && sl.Done == "" && m.View == r.View && m.Request == sl.Accepted.Request && !dup &&
			m.Sig.Signer >= 0 && int(m.Sig.Signer) < r.cfg.N && r.valid(m, m.Sig, m.Sig.Signer) {
			sl.Commits[m.Sig.Signer] = m
			r.progress(ctx, m.Seq)
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
		vcs := append(slices.Collect(maps.Values(r.ViewChanges)), r.sign(ctx, pbft.ViewChange{View: m.View, Prepared: r.certs()}).(pbft.ViewChange))
		slices.SortFunc(vcs, func(a, b pbft.ViewChange) int { return cmp.Compare(a.Sig.Signer, b.Sig.Signer) })
		var pps []pbft.PrePrepare
		for seq, req := range pbft.Choose(vcs, len(r.Slots)) {
			pps = append(pps, r.sign(ctx, pbft.PrePrepare{View: m.View, Seq: seq, Request: req}).(pbft.PrePrepare))
		}
		ctx.Broadcast(r.sign(ctx, pbft.NewView{View: m.View, ViewChanges: vcs, PrePrepares: pps}))
		r.enter(m.View, false)
		for seq, pp := range pps {
			r.Slots[seq].Accepted = pp
		}
		r.startTimer(ctx)
	case pbft.NewView:
		p := r.primary(m.View)
		if p != ctx.ID() && r.before(m.View) && r.valid(m, m.Sig, p) && r.validNewView(m) {
			r.enter(m.View, false)
			for _, pp := range m.PrePrepares {
				r.accept(ctx, pp)
			}
			r.startTimer(ctx)
		}
	}
}

func (r *studentReplica) Timeout(ctx actor.Context, _ actor.Timer) {
	if r.allDone() || r.View >= r.cfg.MaxView {
		return
	}
	r.enter(r.View+1, true)
	if p := r.primary(r.View); p != ctx.ID() {
		ctx.Send(p, r.sign(ctx, pbft.ViewChange{View: r.View, Prepared: r.certs()}))
	}
	r.startTimer(ctx)
}

func (r *studentReplica) startTimer(ctx actor.Context) {
	if !r.allDone() && r.View < r.cfg.MaxView {
		ctx.SetTimer(suspect, 0)
	}
}

func (r *studentReplica) accept(ctx actor.Context, pp pbft.PrePrepare) {
	sl := &r.Slots[pp.Seq]
	sl.Accepted = pp
	p := r.sign(ctx, pbft.Prepare{View: pp.View, Seq: pp.Seq, Request: pp.Request}).(pbft.Prepare)
	sl.Prepares[ctx.ID()] = p
	ctx.Broadcast(p)
	r.progress(ctx, pp.Seq)
}

func (r *studentReplica) progress(ctx actor.Context, seq int) {
	q := r.cfg.Quorum()
	sl := &r.Slots[seq]
	if !r.prepared(seq) && len(sl.Prepares) >= q-1 {
		prepares := slices.Collect(maps.Values(sl.Prepares))
		slices.SortFunc(prepares, func(a, b pbft.Prepare) int { return cmp.Compare(a.Sig.Signer, b.Sig.Signer) })
		sl.Cert = pbft.Certificate{PrePrepare: sl.Accepted, Prepares: prepares}
		c := r.sign(ctx, pbft.Commit{View: r.View, Seq: seq, Request: sl.Accepted.Request}).(pbft.Commit)
		sl.Commits[ctx.ID()] = c
		ctx.Broadcast(c)
	}
	if r.flaw == commitQuorum2f {
		q--
	}
	if (r.prepared(seq) || r.flaw == commitsBeforePrepared) && r.accepted(seq) && sl.Done == "" && len(sl.Commits) >= q {
		sl.Done = sl.Accepted.Request
		sl.Prepares, sl.Commits = map[model.NodeID]pbft.Prepare{}, map[model.NodeID]pbft.Commit{}
		if r.allDone() {
			ctx.CancelTimer(suspect)
		}
	}
}

func (r *studentReplica) enter(v int, changing bool) {
	r.View, r.Changing = v, changing
	for i := range r.Slots {
		sl := &r.Slots[i]
		sl.Accepted = pbft.PrePrepare{}
		sl.Prepares, sl.Commits = map[model.NodeID]pbft.Prepare{}, map[model.NodeID]pbft.Commit{}
	}
	if !changing {
		r.ViewChanges = nil
	}
}

// certs returns the replica's certificates, in order of sequence number.
func (r *studentReplica) certs() []pbft.Certificate {
	var out []pbft.Certificate
	for _, sl := range r.Slots {
		if !sl.Cert.None() {
			out = append(out, sl.Cert)
		}
	}
	return out
}

func (r *studentReplica) allDone() bool {
	return !slices.ContainsFunc(r.Slots, func(sl studentSlot) bool { return sl.Done == "" })
}

func (r *studentReplica) validNewView(m pbft.NewView) bool {
	want := pbft.Choose(m.ViewChanges, len(r.Slots))
	if len(m.PrePrepares) != len(want) {
		return false
	}
	for seq, pp := range m.PrePrepares {
		if pp.View != m.View || pp.Seq != seq || !r.valid(pp, pp.Sig, r.primary(m.View)) {
			return false
		}
	}
	seen := map[model.NodeID]bool{}
	for _, vc := range m.ViewChanges {
		if seen[vc.Sig.Signer] || !r.validViewChange(vc, m.View) {
			return false
		}
		seen[vc.Sig.Signer] = true
	}
	chosen := true
	for seq, pp := range m.PrePrepares {
		chosen = chosen && pp.Request == want[seq]
	}
	if r.flaw == newViewFewViewChanges {
		return len(seen) >= r.cfg.Quorum()-1 && chosen
	}
	return len(seen) >= r.cfg.Quorum() && (chosen || r.flaw == newViewAnyRequest)
}

func (r *studentReplica) validViewChange(m pbft.ViewChange, v int) bool {
	if m.View != v || m.Sig.Signer < 0 || int(m.Sig.Signer) >= r.cfg.N || !r.valid(m, m.Sig, m.Sig.Signer) {
		return false
	}
	last := -1
	for _, c := range m.Prepared {
		if c.PrePrepare.Seq <= last || !r.has(c.PrePrepare.Seq) || !r.validCert(c, v) {
			return false
		}
		last = c.PrePrepare.Seq
	}
	return true
}

func (r *studentReplica) validCert(c pbft.Certificate, v int) bool {
	pp := c.PrePrepare
	if pp.View >= v || !r.valid(pp, pp.Sig, r.primary(pp.View)) {
		return false
	}
	if r.flaw == certificateUnchecked {
		return true
	}
	seen := map[model.NodeID]bool{}
	for _, p := range c.Prepares {
		if p.View != pp.View || p.Seq != pp.Seq || p.Request != pp.Request || seen[p.Sig.Signer] || !r.isBackup(p.Sig.Signer, pp.View) || !r.valid(p, p.Sig, p.Sig.Signer) {
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
		var reqs []pbft.Request
		for _, pp := range v.PrePrepares {
			reqs = append(reqs, pp.Request)
		}
		return reqs
	}
	return nil
}

func (r *studentReplica) has(seq int) bool { return seq >= 0 && seq < len(r.Slots) }

func (r *studentReplica) accepted(seq int) bool {
	return r.Slots[seq].Accepted.Sig != (actor.Signature{})
}

func (r *studentReplica) prepared(seq int) bool {
	c := r.Slots[seq].Cert
	return !c.None() && c.PrePrepare.View == r.View
}

func (r *studentReplica) before(v int) bool { return v > r.View || (v == r.View && r.Changing) }

func (r *studentReplica) primary(v int) model.NodeID { return pbft.Primary(v, r.cfg.N) }

func (r *studentReplica) isBackup(id model.NodeID, v int) bool {
	return id >= 0 && int(id) < r.cfg.N && id != r.primary(v)
}
