package actor

import (
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Signature is a signature in a model: who signed, and a tag over the signed value that only
// the signer can make. A node signs through its Context, as itself; the adversary signs through
// Adversary, as one of its own identities. Nothing else in the API makes a tag, so a Byzantine
// node cannot forge an honest node's signature — it can only replay one it has seen. (The tags
// are unforgeable by construction of the model, not cryptographically.)
type Signature struct {
	Signer model.NodeID
	Tag    uint64
}

// SignAs returns signer's signature of v. It is for implementations of Context outside this
// package, such as the timed simulator: protocol code signs through its Context (as itself) and
// adversaries through Adversary (as their own identities), which is what keeps signatures
// unforgeable in a model.
func SignAs(signer model.NodeID, v any) Signature { return sign(signer, v) }

// sign returns signer's signature of v.
func sign(signer model.NodeID, v any) Signature {
	return Signature{Signer: signer, Tag: tag(signer, value.Hash(v))}
}

func tag(signer model.NodeID, h uint64) uint64 {
	secret := value.Finalize(value.Mix(0x5157a7e5, uint64(signer)+1))
	return value.Finalize(value.Mix(secret, h))
}

// Verify reports whether sig is a signature of v by sig.Signer.
func Verify(v any, sig Signature) bool { return sig.Tag == tag(sig.Signer, value.Hash(v)) }
