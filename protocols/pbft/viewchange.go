package pbft

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// onViewChange collects a view change as the primary of its view; with 2f from other replicas
// it starts the view.
func (r *Replica) onViewChange(ctx actor.Context, m ViewChange) {
	if Primary(m.View, r.Config.N) != ctx.ID() || !r.before(m.View) || m.Sig.Signer == ctx.ID() || !r.validViewChange(m, m.View) {
		return
	}
	if len(r.ViewChanges) > 0 && r.ViewChanges[0].View != m.View {
		if r.ViewChanges[0].View > m.View {
			return
		}
		r.ViewChanges = nil // for a later view than those held
	}
	if slices.ContainsFunc(r.ViewChanges, func(v ViewChange) bool { return v.Sig.Signer == m.Sig.Signer }) {
		return
	}
	r.ViewChanges = insertBySigner(r.ViewChanges, m, func(v ViewChange) actor.Signature { return v.Sig })
	if len(r.ViewChanges) < r.Config.Quorum()-1 {
		return
	}
	// The new view: the view changes received and the one it sends itself (or would have).
	own := Sign(ctx, ViewChange{View: m.View, Prepared: r.Prepared})
	vcs := insertBySigner(slices.Clone(r.ViewChanges), own, func(v ViewChange) actor.Signature { return v.Sig })
	pp := Sign(ctx, PrePrepare{View: m.View, Request: Choose(vcs)})
	r.multicast(ctx, Sign(ctx, NewView{View: m.View, ViewChanges: vcs, PrePrepare: pp}))
	r.enter(m.View, false)
	r.ViewChanges = nil
	r.PrePrepare = pp
	r.startTimer(ctx)
	r.progress(ctx)
}

// onNewView enters the view that a valid new view starts, and prepares its pre-prepare.
func (r *Replica) onNewView(ctx actor.Context, m NewView) {
	primary := Primary(m.View, r.Config.N)
	if primary == ctx.ID() || !r.before(m.View) || !signedBy(m.Body(), m.Sig, primary) || !r.validNewView(m) {
		return
	}
	r.enter(m.View, false)
	r.ViewChanges = nil
	r.acceptPrePrepare(ctx, m.PrePrepare)
	r.startTimer(ctx)
}

// before reports whether the replica has not yet started view v: it is in an earlier view, or
// it has left the one before and waits for v.
func (r *Replica) before(v int) bool { return v > r.View || (v == r.View && r.Changing) }

// validNewView checks a new view as a backup: a pre-prepare for the view signed by its
// primary, 2f+1 valid view changes for the view from distinct replicas, and the pre-prepare's
// request the one they require.
func (r *Replica) validNewView(m NewView) bool {
	pp := m.PrePrepare
	if pp.View != m.View || !signedBy(pp.Body(), pp.Sig, Primary(m.View, r.Config.N)) {
		return false
	}
	signers := map[model.NodeID]bool{}
	for _, vc := range m.ViewChanges {
		if signers[vc.Sig.Signer] || !r.validViewChange(vc, m.View) {
			return false
		}
		signers[vc.Sig.Signer] = true
	}
	return len(signers) >= r.Config.Quorum() && pp.Request == Choose(m.ViewChanges)
}

// validViewChange checks a view change for view v: signed by a replica, and carrying a valid
// prepared certificate from an earlier view, or none.
func (r *Replica) validViewChange(m ViewChange, v int) bool {
	if m.View != v || !r.isReplica(m.Sig.Signer) || !actor.Verify(m.Body(), m.Sig) {
		return false
	}
	return m.Prepared.None() || (m.Prepared.PrePrepare.View < v && r.validCertificate(m.Prepared))
}

// validCertificate checks a prepared certificate: a pre-prepare signed by the primary of its
// view and enough matching prepares signed by distinct backups of that view.
func (r *Replica) validCertificate(c Certificate) bool {
	pp := c.PrePrepare
	if !signedBy(pp.Body(), pp.Sig, Primary(pp.View, r.Config.N)) {
		return false
	}
	signers := map[model.NodeID]bool{}
	for _, p := range c.Prepares {
		if p.View != pp.View || (p.Request != pp.Request && r.Config.Bug != BugNoDigestCheck) ||
			!r.isBackup(p.Sig.Signer, pp.View) || signers[p.Sig.Signer] || !actor.Verify(p.Body(), p.Sig) {
			return false
		}
		signers[p.Sig.Signer] = true
	}
	return len(signers) >= r.Config.preparesNeeded()
}

// Choose returns the request that a new view must pre-prepare, given its view changes: that of
// the prepared certificate from the latest view, or the client's request if none has one. (A
// view has at most one prepared request, so there is no tie to break; should buggy quorums
// leave two, the larger request wins.)
func Choose(vcs []ViewChange) Request {
	best := Certificate{}
	for _, vc := range vcs {
		c := vc.Prepared
		if c.None() {
			continue
		}
		if best.None() || c.PrePrepare.View > best.PrePrepare.View ||
			(c.PrePrepare.View == best.PrePrepare.View && c.PrePrepare.Request > best.PrePrepare.Request) {
			best = c
		}
	}
	if best.None() {
		return ClientRequest
	}
	return best.PrePrepare.Request
}
