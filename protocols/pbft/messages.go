package pbft

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Request is a client request, standing for its digest.
type Request string

// The requests: the client's first, which every replica holds from the start, and another,
// which only a faulty primary proposes (as a faulty client could have sent it — PBFT makes no
// promise about which requests faulty clients send, only that correct replicas agree). With
// Config.Requests above 1 the client's later requests are ClientRequests(n)[1:].
const (
	ClientRequest Request = "r"
	OtherRequest  Request = "x"
)

// MaxRequests is the largest Config.Requests.
const MaxRequests = 3

// clientRequests are the client's requests, by sequence number.
var clientRequests = [MaxRequests]Request{ClientRequest, "s", "t"}

// ClientRequests returns the client's first n requests (n at most MaxRequests), which every
// replica holds from the start: the i-th is the one the primary of view 0 assigns sequence
// number i, and the one a new view assigns i when no view change carries a certificate for it.
func ClientRequests(n int) []Request { return clientRequests[:n:n] }

// requests returns the requests of a system of n client requests: the client's, then
// OtherRequest.
func requests(n int) []Request { return append(ClientRequests(n), OtherRequest) }

// The messages of the normal case and of the view change (Castro and Liskov, "Practical
// Byzantine Fault Tolerance", sections 4.2–4.4). Every message is signed by its sender over its
// Body — the message with its Sig field left zero — through actor.Context.Sign (Sign does it),
// and checked with actor.Verify(m.Body(), m.Sig) and the signer m.Sig.Signer: a Byzantine
// replica cannot make a correct one's signature, so certificates relayed in view changes can
// be checked by anyone.
type (
	// PrePrepare is the primary's assignment of Request to sequence number Seq in View.
	// Sequence numbers count from 0, one per client request (Config.Requests).
	PrePrepare struct {
		View    int
		Seq     int
		Request Request
		Sig     actor.Signature
	}
	// Prepare is a backup's agreement with the pre-prepare of Request at Seq in View.
	Prepare struct {
		View    int
		Seq     int
		Request Request
		Sig     actor.Signature
	}
	// Commit says its sender is prepared with Request at Seq in View.
	Commit struct {
		View    int
		Seq     int
		Request Request
		Sig     actor.Signature
	}
	// ViewChange moves its sender to View, and carries its latest prepared certificate of
	// each sequence number it has one for, in increasing order of sequence number: the proof
	// of the requests it may have committed.
	ViewChange struct {
		View     int
		Prepared []Certificate
		Sig      actor.Signature
	}
	// NewView starts View: the view changes that justify it and, for each sequence number in
	// order, the pre-prepare of the request that they require (Choose).
	NewView struct {
		View        int
		ViewChanges []ViewChange
		PrePrepares []PrePrepare
		Sig         actor.Signature
	}
)

// Certificate is a prepared certificate: a pre-prepare and matching prepares (same view,
// sequence number and request) from distinct backups. The zero Certificate is none.
type Certificate struct {
	PrePrepare PrePrepare
	Prepares   []Prepare
}

// None reports whether c is no certificate.
func (c Certificate) None() bool { return c.PrePrepare.Sig == actor.Signature{} }

// String shows a certificate as request@view, or "-".
func (c Certificate) String() string {
	if c.None() {
		return "-"
	}
	if c.PrePrepare.Seq != 0 {
		return fmt.Sprintf("%s#%d@%d", c.PrePrepare.Request, c.PrePrepare.Seq, c.PrePrepare.View)
	}
	return fmt.Sprintf("%s@%d", c.PrePrepare.Request, c.PrePrepare.View)
}

// certificates shows a view change's certificates, or "-".
func certificates(cs []Certificate) string {
	if len(cs) == 0 {
		return "-"
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return strings.Join(out, " ")
}

// ViewChangeTimer is a replica's timer: when it fires before its requests commit, the replica
// suspects the primary and moves to the next view.
type ViewChangeTimer struct{}

// Body returns what the pre-prepare's signature signs: the message with Sig left zero.
func (m PrePrepare) Body() any { m.Sig = actor.Signature{}; return m }

// Body returns what the prepare's signature signs: the message with Sig left zero.
func (m Prepare) Body() any { m.Sig = actor.Signature{}; return m }

// Body returns what the commit's signature signs: the message with Sig left zero.
func (m Commit) Body() any { m.Sig = actor.Signature{}; return m }

// Body returns what the view change's signature signs: the message with Sig left zero (the
// certificate it carries keeps the signatures of its own messages).
func (m ViewChange) Body() any { m.Sig = actor.Signature{}; return m }

// Body returns what the new view's signature signs: the message with Sig left zero (the view
// changes and the pre-prepare it carries keep their own signatures).
func (m NewView) Body() any { m.Sig = actor.Signature{}; return m }

// Message is the type constraint of Sign: package pbft's five signed messages.
type Message interface {
	PrePrepare | Prepare | Commit | ViewChange | NewView
}

// Sign returns m signed as the node of ctx: its Sig is ctx.Sign(m.Body()), whatever Sig it
// had. Any node can check it with actor.Verify(m.Body(), m.Sig); only that node can make it.
func Sign[M Message](ctx actor.Context, m M) M {
	switch v := any(m).(type) {
	case PrePrepare:
		v.Sig = ctx.Sign(v.Body())
		return any(v).(M)
	case Prepare:
		v.Sig = ctx.Sign(v.Body())
		return any(v).(M)
	case Commit:
		v.Sig = ctx.Sign(v.Body())
		return any(v).(M)
	case ViewChange:
		v.Sig = ctx.Sign(v.Body())
		return any(v).(M)
	case NewView:
		v.Sig = ctx.Sign(v.Body())
		return any(v).(M)
	}
	panic("unreachable")
}

// signedBy reports whether sig is a valid signature of body by signer.
func signedBy(body any, sig actor.Signature, signer model.NodeID) bool {
	return sig.Signer == signer && actor.Verify(body, sig)
}

func compareSigner(a, b actor.Signature) int { return cmp.Compare(a.Signer, b.Signer) }

// seqTag shows a sequence number after the first as #n: traces of one request stay as they were.
func seqTag(seq int) string {
	if seq == 0 {
		return ""
	}
	return fmt.Sprintf(" #%d", seq)
}

// String shows a pre-prepare as pre-prepare(view, request) with its signer, for diagrams.
func (m PrePrepare) String() string {
	return fmt.Sprintf("pre-prepare(v%d, %s%s) by r%d", m.View, m.Request, seqTag(m.Seq), m.Sig.Signer)
}

// String shows a prepare as prepare(view, request) with its signer.
func (m Prepare) String() string {
	return fmt.Sprintf("prepare(v%d, %s%s) by r%d", m.View, m.Request, seqTag(m.Seq), m.Sig.Signer)
}

// String shows a commit as commit(view, request) with its signer.
func (m Commit) String() string {
	return fmt.Sprintf("commit(v%d, %s%s) by r%d", m.View, m.Request, seqTag(m.Seq), m.Sig.Signer)
}

// String shows a view change with the certificates it carries and its signer.
func (m ViewChange) String() string {
	return fmt.Sprintf("view-change(v%d, prepared %s) by r%d", m.View, certificates(m.Prepared), m.Sig.Signer)
}

// String shows a new view with the signers of its view changes and its pre-prepares.
func (m NewView) String() string {
	var signers, pps []string
	for _, vc := range m.ViewChanges {
		signers = append(signers, fmt.Sprintf("r%d", vc.Sig.Signer))
	}
	for _, pp := range m.PrePrepares {
		pps = append(pps, pp.String())
	}
	return fmt.Sprintf("new-view(v%d, view changes of %s, %s) by r%d", m.View, strings.Join(signers, " "), strings.Join(pps, ", "), m.Sig.Signer)
}
