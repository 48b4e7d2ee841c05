package pbft

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
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
	own := Sign(ctx, ViewChange{View: m.View, Prepared: r.certificates()})
	vcs := insertBySigner(slices.Clone(r.ViewChanges), own, func(v ViewChange) actor.Signature { return v.Sig })
	var pps []PrePrepare
	for seq, req := range choose(vcs, r.Config.Seqs(), r.Config.Bug) {
		pps = append(pps, Sign(ctx, PrePrepare{View: m.View, Seq: seq, Request: req}))
	}
	r.multicast(ctx, Sign(ctx, NewView{View: m.View, ViewChanges: vcs, PrePrepares: pps}))
	r.enter(m.View, false)
	r.ViewChanges = nil
	for seq, pp := range pps {
		r.Slots[seq].PrePrepare = pp
	}
	r.startTimer(ctx)
	for seq := range pps {
		r.progress(ctx, seq)
	}
}

// onNewView enters the view that a valid new view starts, and prepares its pre-prepare.
func (r *Replica) onNewView(ctx actor.Context, m NewView) {
	primary := Primary(m.View, r.Config.N)
	if primary == ctx.ID() || !r.before(m.View) || !signedBy(m.Body(), m.Sig, primary) || !r.validNewView(m) {
		return
	}
	r.enter(m.View, false)
	r.ViewChanges = nil
	for _, pp := range m.PrePrepares {
		r.acceptPrePrepare(ctx, pp)
	}
	r.startTimer(ctx)
}

// before reports whether the replica has not yet started view v: it is in an earlier view, or
// it has left the one before and waits for v.
func (r *Replica) before(v int) bool { return v > r.View || (v == r.View && r.Changing) }

// validNewView checks a new view as a backup: a pre-prepare for the view signed by its
// primary for each sequence number in order, 2f+1 valid view changes for the view from
// distinct replicas, and the pre-prepares' requests the ones they require.
func (r *Replica) validNewView(m NewView) bool {
	if len(m.PrePrepares) != r.Config.Seqs() {
		return false
	}
	for seq, pp := range m.PrePrepares {
		if pp.View != m.View || pp.Seq != seq || !signedBy(pp.Body(), pp.Sig, Primary(m.View, r.Config.N)) {
			return false
		}
	}
	signers := map[model.NodeID]bool{}
	for _, vc := range m.ViewChanges {
		if signers[vc.Sig.Signer] || !r.validViewChange(vc, m.View) {
			return false
		}
		signers[vc.Sig.Signer] = true
	}
	if len(signers) < r.Config.Quorum() {
		return false
	}
	for seq, req := range choose(m.ViewChanges, r.Config.Seqs(), r.Config.Bug) {
		if m.PrePrepares[seq].Request != req {
			return false
		}
	}
	return true
}

// validViewChange checks a view change for view v: signed by a replica, and carrying valid
// prepared certificates from earlier views, at most one per sequence number, in order.
func (r *Replica) validViewChange(m ViewChange, v int) bool {
	if m.View != v || !r.isReplica(m.Sig.Signer) || !actor.Verify(m.Body(), m.Sig) {
		return false
	}
	last := -1
	for _, c := range m.Prepared {
		seq := c.PrePrepare.Seq
		if seq <= last || !r.inRange(seq) || c.PrePrepare.View >= v || !r.validCertificate(c) {
			return false
		}
		last = seq
	}
	return true
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
		if p.View != pp.View || p.Seq != pp.Seq || (p.Request != pp.Request && r.Config.Bug != BugNoDigestCheck) ||
			!r.isBackup(p.Sig.Signer, pp.View) || signers[p.Sig.Signer] || !actor.Verify(p.Body(), p.Sig) {
			return false
		}
		signers[p.Sig.Signer] = true
	}
	return len(signers) >= r.Config.preparesNeeded()
}

// Choose returns the requests that a new view must pre-prepare, by sequence number, given its
// view changes and the number of requests: at each sequence number, the request of the prepared
// certificate from the latest view, or the client's request of that number (ClientRequests) if
// none has one. (A view has at most one prepared request per sequence number, so there is no
// tie to break; should buggy quorums leave two, the larger request wins.)
func Choose(vcs []ViewChange, requests int) []Request {
	return choose(vcs, max(requests, 1), bugs.None)
}

// choose is Choose, with the mistakes of the bugs new-view-highest-only and new-view-renumbers.
func choose(vcs []ViewChange, n int, bug bugs.Bug) []Request {
	best := make([]Certificate, n)
	for _, vc := range vcs {
		for _, c := range vc.Prepared {
			seq := c.PrePrepare.Seq
			if c.None() || seq < 0 || seq >= n {
				continue
			}
			b := best[seq]
			if b.None() || c.PrePrepare.View > b.PrePrepare.View ||
				(c.PrePrepare.View == b.PrePrepare.View && c.PrePrepare.Request > b.PrePrepare.Request) {
				best[seq] = c
			}
		}
	}
	out := slices.Clone(ClientRequests(n))
	switch bug {
	case BugNewViewHighestOnly: // only the last sequence number with a certificate is carried
		for seq := n - 1; seq >= 0; seq-- {
			if !best[seq].None() {
				out[seq] = best[seq].PrePrepare.Request
				break
			}
		}
	case BugNewViewRenumbers: // the carried requests are numbered anew from 0, then the others
		var carried []Request
		for _, c := range best {
			if !c.None() {
				carried = append(carried, c.PrePrepare.Request)
			}
		}
		for _, req := range ClientRequests(n) {
			if !slices.Contains(carried, req) {
				carried = append(carried, req)
			}
		}
		out = carried[:n]
	default:
		for seq, c := range best {
			if !c.None() {
				out[seq] = c.PrePrepare.Request
			}
		}
	}
	return out
}
