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

// The requests: the client's, which every replica holds from the start, and another, which
// only a faulty primary proposes (as a faulty client could have sent it — PBFT makes no promise
// about which requests faulty clients send, only that correct replicas agree).
const (
	ClientRequest Request = "r"
	OtherRequest  Request = "x"
)

// Seq is the sequence number the request is assigned: this model orders one request.
const Seq = 1

// The messages of the normal case and of the view change (Castro and Liskov, "Practical
// Byzantine Fault Tolerance", sections 4.2–4.4). Every message is signed by its sender over its
// Body — the message with its Sig field left zero — through actor.Context.Sign (Sign does it),
// and checked with actor.Verify(m.Body(), m.Sig) and the signer m.Sig.Signer: a Byzantine
// replica cannot make a correct one's signature, so certificates relayed in view changes can
// be checked by anyone.
type (
	// PrePrepare is the primary's assignment of Request to sequence number Seq in View.
	PrePrepare struct {
		View    int
		Request Request
		Sig     actor.Signature
	}
	// Prepare is a backup's agreement with the pre-prepare of Request in View.
	Prepare struct {
		View    int
		Request Request
		Sig     actor.Signature
	}
	// Commit says its sender is prepared with Request in View.
	Commit struct {
		View    int
		Request Request
		Sig     actor.Signature
	}
	// ViewChange moves its sender to View, and carries its prepared certificate, if it has
	// one: the proof of the request it may have committed.
	ViewChange struct {
		View     int
		Prepared Certificate
		Sig      actor.Signature
	}
	// NewView starts View: the view changes that justify it and the pre-prepare of the
	// request that they require.
	NewView struct {
		View        int
		ViewChanges []ViewChange
		PrePrepare  PrePrepare
		Sig         actor.Signature
	}
)

// Certificate is a prepared certificate: a pre-prepare and matching prepares from distinct
// backups. The zero Certificate is none.
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
	return fmt.Sprintf("%s@%d", c.PrePrepare.Request, c.PrePrepare.View)
}

// ViewChangeTimer is a replica's timer: when it fires before the request commits, the replica
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

// String shows a pre-prepare as pre-prepare(view, request) with its signer, for diagrams.
func (m PrePrepare) String() string {
	return fmt.Sprintf("pre-prepare(v%d, %s) by r%d", m.View, m.Request, m.Sig.Signer)
}

// String shows a prepare as prepare(view, request) with its signer.
func (m Prepare) String() string {
	return fmt.Sprintf("prepare(v%d, %s) by r%d", m.View, m.Request, m.Sig.Signer)
}

// String shows a commit as commit(view, request) with its signer.
func (m Commit) String() string {
	return fmt.Sprintf("commit(v%d, %s) by r%d", m.View, m.Request, m.Sig.Signer)
}

// String shows a view change with the certificate it carries and its signer.
func (m ViewChange) String() string {
	return fmt.Sprintf("view-change(v%d, prepared %s) by r%d", m.View, m.Prepared, m.Sig.Signer)
}

// String shows a new view with the signers of its view changes and its pre-prepare.
func (m NewView) String() string {
	var signers []string
	for _, vc := range m.ViewChanges {
		signers = append(signers, fmt.Sprintf("r%d", vc.Sig.Signer))
	}
	return fmt.Sprintf("new-view(v%d, view changes of %s, %s) by r%d", m.View, strings.Join(signers, " "), m.PrePrepare, m.Sig.Signer)
}
