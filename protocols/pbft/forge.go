package pbft

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// The adversary's generator of messages (actor.Byzantine.Forge): the suites' threat model.
//
// A faulty replica may send, of its own accord and within the adversary's Sends budget, any
// message of this package that its identity can sign, each recipient its own: so it may
// equivocate, and speak in stale and future views. Its values come from finite domains — the
// views 0 to Views, the two requests — and from what it knows (actor.Adversary.Known): it
// eavesdrops on the network, so it holds every signed message a correct replica has sent, and
// it relays them inside the certificates and new views it builds. It cannot sign as a correct
// replica (actor.Verify rejects that), so what it claims of them is only what they signed.
//
// For each of its replicas it makes:
//   - pre-prepares of every request (the client's and the other) at every sequence number in
//     every view (a correct replica takes them only from the view's primary);
//   - prepares and commits of every request at every sequence number in every view;
//   - view changes to every later view carrying no certificate, or a prepared certificate
//     built from a pre-prepare it knows (or signs, as that view's primary) and the matching
//     prepares it knows (and its own, as a backup): all of them, or one fewer — too few for a
//     correct replica; with two requests or more, also one carrying the first complete
//     certificate of each sequence number it can build one for;
//   - new views, in the views it is the primary of, of the view changes it knows for that view
//     (each set of a quorum with one of its own view changes, each set of a quorum of others',
//     and sets one short: of others', and of others' with its own that carries no
//     certificate), with the pre-prepares the view changes require (pbft.Choose) but at one
//     sequence number, where it may put any request.

// forgeDomain is what the generator draws from: the configuration's bounds.
type forgeDomain struct {
	n, f, views, requests int
}

// forge returns the messages the adversary may send of its own accord (actor.Byzantine.Forge).
func (c Config) forge(adv actor.Adversary) []actor.Message {
	d := forgeDomain{n: c.Replicas, f: c.F, views: c.Views, requests: max(c.Requests, 1)}
	k := learn(adv.Known())
	var out []actor.Message
	for _, id := range adv.Identities() {
		if int(id) >= d.n {
			continue // a Sybil identity is no replica
		}
		out = append(out, d.normalCase(adv, id)...)
		for v := 1; v <= d.views; v++ {
			own := d.viewChanges(adv, id, v, k)
			for _, vc := range own {
				out = append(out, vc)
			}
			if Primary(v, d.n) == id {
				out = append(out, d.newViews(adv, id, v, own, k)...)
			}
		}
	}
	return out
}

// knowledge is what the adversary knows, taken apart: every pre-prepare, prepare and view
// change it has, including those inside certificates and new views.
type knowledge struct {
	prePrepares []PrePrepare
	prepares    []Prepare
	viewChanges []ViewChange
}

func learn(known []actor.Message) knowledge {
	var k knowledge
	addCert := func(c Certificate) {
		if !c.None() {
			k.prePrepares = append(k.prePrepares, c.PrePrepare)
			k.prepares = append(k.prepares, c.Prepares...)
		}
	}
	for _, m := range known {
		switch m := m.(type) {
		case PrePrepare:
			k.prePrepares = append(k.prePrepares, m)
		case Prepare:
			k.prepares = append(k.prepares, m)
		case ViewChange:
			k.viewChanges = append(k.viewChanges, m)
			for _, c := range m.Prepared {
				addCert(c)
			}
		case NewView:
			k.prePrepares = append(k.prePrepares, m.PrePrepares...)
			for _, vc := range m.ViewChanges {
				k.viewChanges = append(k.viewChanges, vc)
				for _, c := range vc.Prepared {
					addCert(c)
				}
			}
		}
	}
	return k
}

// normalCase returns id's pre-prepares, prepares and commits of every request at every
// sequence number in every view.
func (d forgeDomain) normalCase(adv actor.Adversary, id model.NodeID) []actor.Message {
	var out []actor.Message
	for v := 0; v <= d.views; v++ {
		for seq := range d.requests {
			for _, req := range requests(d.requests) {
				// A pre-prepare in a view it is not the primary of is a lie a correct replica rejects.
				pp := PrePrepare{View: v, Seq: seq, Request: req}
				pp.Sig = adv.Sign(id, pp.Body())
				out = append(out, pp)
				p := Prepare{View: v, Seq: seq, Request: req}
				p.Sig = adv.Sign(id, p.Body())
				c := Commit{View: v, Seq: seq, Request: req}
				c.Sig = adv.Sign(id, c.Body())
				out = append(out, p, c)
			}
		}
	}
	return out
}

// certificates returns the prepared certificates id can show in a view change to view v.
func (d forgeDomain) certificates(adv actor.Adversary, id model.NodeID, v int, k knowledge) []Certificate {
	pps := slices.Clone(k.prePrepares)
	for u := 0; u < v; u++ {
		if Primary(u, d.n) == id {
			for seq := range d.requests {
				for _, req := range requests(d.requests) {
					pp := PrePrepare{View: u, Seq: seq, Request: req}
					pp.Sig = adv.Sign(id, pp.Body())
					pps = append(pps, pp)
				}
			}
		}
	}
	var out []Certificate
	seen := map[PrePrepare]bool{}
	for _, pp := range pps {
		if pp.View >= v || seen[pp] {
			continue
		}
		seen[pp] = true
		var prepares []Prepare
		for _, p := range k.prepares {
			if p.View == pp.View && p.Seq == pp.Seq && p.Request == pp.Request && p.Sig.Signer != Primary(pp.View, d.n) &&
				!slices.ContainsFunc(prepares, func(q Prepare) bool { return q.Sig.Signer == p.Sig.Signer }) {
				prepares = append(prepares, p)
			}
		}
		if id != Primary(pp.View, d.n) && !slices.ContainsFunc(prepares, func(q Prepare) bool { return q.Sig.Signer == id }) {
			p := Prepare{View: pp.View, Seq: pp.Seq, Request: pp.Request}
			p.Sig = adv.Sign(id, p.Body())
			prepares = append(prepares, p)
		}
		slices.SortFunc(prepares, func(a, b Prepare) int { return compareSigner(a.Sig, b.Sig) })
		out = append(out, Certificate{PrePrepare: pp, Prepares: prepares})
		if len(prepares) > 1 {
			out = append(out, Certificate{PrePrepare: pp, Prepares: prepares[:len(prepares)-1]})
		}
	}
	return out
}

// viewChanges returns id's view changes to view v: without a certificate, with each it can
// show, and with the first complete one of each sequence number when it has several.
func (d forgeDomain) viewChanges(adv actor.Adversary, id model.NodeID, v int, k knowledge) []ViewChange {
	certs := d.certificates(adv, id, v, k)
	sets := [][]Certificate{nil}
	for _, c := range certs {
		sets = append(sets, []Certificate{c})
	}
	if d.requests > 1 {
		var each []Certificate // certificates come complete first, then one short
		for seq := range d.requests {
			if i := slices.IndexFunc(certs, func(c Certificate) bool { return c.PrePrepare.Seq == seq }); i >= 0 {
				each = append(each, certs[i])
			}
		}
		if len(each) > 1 {
			sets = append(sets, each)
		}
	}
	out := make([]ViewChange, len(sets))
	for i, cs := range sets {
		vc := ViewChange{View: v, Prepared: cs}
		vc.Sig = adv.Sign(id, vc.Body())
		out[i] = vc
	}
	return out
}

// newViews returns the new views id may send as view v's primary, built from its own view
// changes (own) and the others' it knows.
func (d forgeDomain) newViews(adv actor.Adversary, id model.NodeID, v int, own []ViewChange, k knowledge) []actor.Message {
	var others []ViewChange
	for _, vc := range k.viewChanges {
		if vc.View == v && vc.Sig.Signer != id && !slices.ContainsFunc(others, func(o ViewChange) bool { return o.Sig.Signer == vc.Sig.Signer }) {
			others = append(others, vc)
		}
	}
	slices.SortFunc(others, func(a, b ViewChange) int { return compareSigner(a.Sig, b.Sig) })
	q := d.n - d.f
	var sets [][]ViewChange
	for _, o := range own {
		for _, c := range combinations(others, q-1) {
			sets = append(sets, sortedBySigner(append(c, o)))
		}
	}
	sets = append(sets, combinations(others, q)...)
	if q > 1 { // too few view changes: of others only, or with its own, which lacks a certificate
		if len(others) >= q-1 {
			sets = append(sets, others[:q-1])
		}
		for _, c := range combinations(others, q-2) {
			sets = append(sets, sortedBySigner(append(c, own[0])))
		}
	}
	var out []actor.Message
	for _, vcs := range sets {
		for _, reqs := range d.choices(vcs) {
			var pps []PrePrepare
			for seq, req := range reqs {
				pp := PrePrepare{View: v, Seq: seq, Request: req}
				pp.Sig = adv.Sign(id, pp.Body())
				pps = append(pps, pp)
			}
			nv := NewView{View: v, ViewChanges: vcs, PrePrepares: pps}
			nv.Sig = adv.Sign(id, nv.Body())
			out = append(out, nv)
		}
	}
	return out
}

// choices returns the requests, by sequence number, that a forged new view of the view
// changes vcs may pre-prepare: those they require (Choose) but at one sequence number, where
// any request goes.
func (d forgeDomain) choices(vcs []ViewChange) [][]Request {
	base := Choose(vcs, d.requests)
	var out [][]Request
	for seq := range base {
		for _, req := range requests(d.requests) {
			reqs := slices.Clone(base)
			reqs[seq] = req
			if !slices.ContainsFunc(out, func(o []Request) bool { return slices.Equal(o, reqs) }) {
				out = append(out, reqs)
			}
		}
	}
	return out
}

// maxCombinations bounds the sets of view changes a new view is built from, per own view
// change: enough for four replicas (three others, sets of two), a sample for seven.
const maxCombinations = 4

// combinations returns up to maxCombinations subsets of k of vcs, in order, each a new slice.
func combinations(vcs []ViewChange, k int) [][]ViewChange {
	var out [][]ViewChange
	var rec func(start int, cur []ViewChange)
	rec = func(start int, cur []ViewChange) {
		if len(out) >= maxCombinations {
			return
		}
		if len(cur) == k {
			out = append(out, slices.Clone(cur))
			return
		}
		for i := start; i < len(vcs); i++ {
			rec(i+1, append(cur, vcs[i]))
		}
	}
	if k >= 0 && k <= len(vcs) {
		rec(0, nil)
	}
	return out
}

func sortedBySigner(vcs []ViewChange) []ViewChange {
	slices.SortFunc(vcs, func(a, b ViewChange) int { return compareSigner(a.Sig, b.Sig) })
	return vcs
}
