package pbfttest

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/pbft"
)

// The contract's checks on what correct replicas send, beside Agreement: some mistakes break
// a rule of the protocol without letting the adversary break agreement in this model of one
// request (a certificate a replica should not have believed is rejected by every correct
// replica that reads it, which stalls the view change instead of misleading it), and a suite
// that judged Agreement alone would pass them. The network keeps every message it delivered
// (actor.Duplicating), so what a replica sent stays in flight, where these checks read it.

// contract returns the checks of the rules, over the given correct replicas of n, f, with
// the given number of client requests.
func contract(honest []model.NodeID, n, f, requests int) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("Certificates", func(s *actor.State) bool { return certificatesValid(s, honest, n, f) }),
		properties.Always("PreparedBeforeCommit", func(s *actor.State) bool { return committedWhenPrepared(s, honest) }),
		properties.Always("CommitQuorum", func(s *actor.State) bool { return committedOnQuorum(s, honest, n-f) }),
		properties.Always("NewViews", func(s *actor.State) bool { return newViewsValid(s, honest, n, f, requests) }),
	}
}

// certificatesValid reports whether every view change that one of the given replicas sent —
// alone, or in a new view as its primary — carries only valid certificates: a replica is
// prepared only with its view's primary's pre-prepare and Quorum()−1 matching prepares from
// distinct backups.
func certificatesValid(s *actor.State, replicas []model.NodeID, n, f int) bool {
	for _, env := range s.InFlight() {
		if !slices.Contains(replicas, env.From) {
			continue
		}
		switch m := env.Msg.(type) {
		case pbft.ViewChange:
			if !validCertificates(m.Prepared, m.View, n, f) {
				return false
			}
		case pbft.NewView:
			for _, vc := range m.ViewChanges {
				if vc.Sig.Signer == env.From && !validCertificates(vc.Prepared, vc.View, n, f) {
					return false
				}
			}
		}
	}
	return true
}

// validCertificates reports whether cs are valid certificates to show in a view change to
// view, at most one per sequence number, in increasing order of sequence number.
func validCertificates(cs []pbft.Certificate, view, n, f int) bool {
	last := -1
	for _, c := range cs {
		if c.None() || c.PrePrepare.Seq <= last || !validCertificate(c, view, n, f) {
			return false
		}
		last = c.PrePrepare.Seq
	}
	return true
}

// validCertificate reports whether c is no certificate, or a valid one to show in a view
// change to view: a pre-prepare of an earlier view signed by that view's primary, and n−f−1
// prepares of its view, sequence number and request signed by distinct backups of that view. It reads the
// signers without verifying the signatures, for speed: the adversary of this suite never signs
// as another (see package pbft's forge.go), so a signer is who made the message.
func validCertificate(c pbft.Certificate, view, n, f int) bool {
	if c.None() {
		return true
	}
	pp := c.PrePrepare
	primary := pbft.Primary(pp.View, n)
	if pp.View >= view || pp.Sig.Signer != primary {
		return false
	}
	var signers []model.NodeID
	for _, p := range c.Prepares {
		id := p.Sig.Signer
		if p.View != pp.View || p.Seq != pp.Seq || p.Request != pp.Request || id == primary || id < 0 || int(id) >= n ||
			slices.Contains(signers, id) {
			return false
		}
		signers = append(signers, id)
	}
	return len(signers) >= n-f-1
}

// committedWhenPrepared reports whether every request one of the given replicas committed is
// one it sent a commit for: a replica commits only once prepared, and sends its commit when it
// is.
func committedWhenPrepared(s *actor.State, replicas []model.NodeID) bool {
	var committed [][]pbft.Request
	some := false
	for _, id := range replicas {
		reqs := s.Node(id).(pbft.Committer).CommittedRequests()
		committed = append(committed, reqs)
		some = some || len(reqs) > 0
	}
	if !some {
		return true
	}
	for _, env := range s.InFlight() {
		c, ok := env.Msg.(pbft.Commit)
		if !ok {
			continue
		}
		if i := slices.Index(replicas, env.From); i >= 0 && c.Sig.Signer == env.From {
			committed[i] = slices.DeleteFunc(slices.Clone(committed[i]), func(r pbft.Request) bool { return r == c.Request })
		}
	}
	for _, reqs := range committed {
		if len(reqs) > 0 {
			return false
		}
	}
	return true
}

// committedOnQuorum reports whether every request one of the given replicas committed, at
// the i-th sequence number of its CommittedRequests, had matching commits of one view for that
// number from quorum distinct replicas: its own, which it sent, and those sent to it.
func committedOnQuorum(s *actor.State, replicas []model.NodeID, quorum int) bool {
	type vote struct {
		view, seq int
		request   pbft.Request
	}
	for _, id := range replicas {
		reqs := s.Node(id).(pbft.Committer).CommittedRequests()
		if len(reqs) == 0 {
			continue
		}
		signers := map[vote][]model.NodeID{}
		for _, env := range s.InFlight() {
			c, ok := env.Msg.(pbft.Commit)
			if !ok || (env.To != id && env.From != id) || (env.From == id && c.Sig.Signer != id) {
				continue
			}
			v := vote{c.View, c.Seq, c.Request}
			if !slices.Contains(signers[v], c.Sig.Signer) {
				signers[v] = append(signers[v], c.Sig.Signer)
			}
		}
		for seq, req := range reqs {
			ok := false
			for v, ids := range signers {
				ok = ok || (v.seq == seq && v.request == req && len(ids) >= quorum)
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// newViewsValid reports whether every prepare that one of the given replicas sent as a backup
// of a view after the first answers a valid new view of that view sent to it: a backup enters
// a later view only on its primary's new view, whose n−f view changes from distinct replicas
// each carry no certificate or a valid one, and whose pre-prepare is of the request they
// require (pbft.Choose). Like validCertificate, it reads signers without verifying signatures.
func newViewsValid(s *actor.State, replicas []model.NodeID, n, f, requests int) bool {
	type accepted struct {
		to        model.NodeID
		view, seq int
		request   pbft.Request
	}
	var valid []accepted // the valid new views in flight, found once a later view's prepare needs them
	checked := false
	for _, env := range s.InFlight() {
		p, ok := env.Msg.(pbft.Prepare)
		if !ok || p.View == 0 || p.Sig.Signer != env.From || env.From == pbft.Primary(p.View, n) || !slices.Contains(replicas, env.From) {
			continue
		}
		if !checked {
			for _, e := range s.InFlight() {
				if nv, ok := e.Msg.(pbft.NewView); ok && validNewView(nv, n, f, requests) {
					for _, pp := range nv.PrePrepares {
						valid = append(valid, accepted{e.To, nv.View, pp.Seq, pp.Request})
					}
				}
			}
			checked = true
		}
		if !slices.Contains(valid, accepted{env.From, p.View, p.Seq, p.Request}) {
			return false
		}
	}
	return true
}

// validNewView reports whether m is a valid new view among n replicas of which f may be
// faulty, with the given number of requests: signed with its pre-prepares by its view's
// primary, with n−f view changes for its view from distinct replicas, each with valid
// certificates, and a pre-prepare of the request they require at each sequence number in order.
func validNewView(m pbft.NewView, n, f, requests int) bool {
	primary := pbft.Primary(m.View, n)
	want := pbft.Choose(m.ViewChanges, requests)
	if m.Sig.Signer != primary || len(m.PrePrepares) != len(want) {
		return false
	}
	for seq, pp := range m.PrePrepares {
		if pp.Sig.Signer != primary || pp.View != m.View || pp.Seq != seq || pp.Request != want[seq] {
			return false
		}
	}
	var signers []model.NodeID
	for _, vc := range m.ViewChanges {
		id := vc.Sig.Signer
		if vc.View != m.View || id < 0 || int(id) >= n || slices.Contains(signers, id) || !validCertificates(vc.Prepared, vc.View, n, f) {
			return false
		}
		signers = append(signers, id)
	}
	return len(signers) >= n-f
}

// signed reports whether every message in flight from one of the given replicas is one of
// package pbft's, signed by it over its Body, as is the pre-prepare in a new view.
func signed(s *actor.State, replicas []model.NodeID) bool {
	for _, env := range s.InFlight() {
		if !slices.Contains(replicas, env.From) {
			continue
		}
		var ok bool
		switch m := env.Msg.(type) {
		case pbft.PrePrepare:
			ok = signedBy(m.Body(), m.Sig, env.From)
		case pbft.Prepare:
			ok = signedBy(m.Body(), m.Sig, env.From)
		case pbft.Commit:
			ok = signedBy(m.Body(), m.Sig, env.From)
		case pbft.ViewChange:
			ok = signedBy(m.Body(), m.Sig, env.From)
		case pbft.NewView:
			ok = signedBy(m.Body(), m.Sig, env.From) && !slices.ContainsFunc(m.PrePrepares, func(pp pbft.PrePrepare) bool {
				return !signedBy(pp.Body(), pp.Sig, env.From)
			})
		}
		// A message of another type is not the protocol's: the adversary could not act on it.
		if !ok {
			return false
		}
	}
	return true
}

func signedBy(body any, sig actor.Signature, signer model.NodeID) bool {
	return sig.Signer == signer && actor.Verify(body, sig)
}
