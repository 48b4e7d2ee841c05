package model

import "github.com/distcheck/distcheck/model/value"

// FairnessClass returns the class of action a under fairness f, and whether a is subject to
// fairness at all. Weak fairness is judged per class: a class that is enabled in every state
// of a cycle must be taken in it. Faults are never subject to it; repairs (heals, recoveries)
// always are, one class per repair; other actions by f: per node for FairNodes, per action
// content (kind, name, node, sender, argument, message — not the choices it made) for
// FairActions, and not at all for FairNone.
func FairnessClass(a Action, f Fairness) (class uint64, fair bool) {
	return fairnessClass(a, f, value.Hash)
}

// fairnessClass is FairnessClass with the message hashed by hashMsg.
func fairnessClass(a Action, f Fairness, hashMsg func(any) uint64) (class uint64, fair bool) {
	switch {
	case a.Kind.IsFault():
		return 0, false
	case a.Kind == ActionHeal || a.Kind == ActionRecover || f == FairActions:
		return actionContent(a, hashMsg), true
	case f == FairNodes:
		return value.Finalize(value.Mix(0x0de5, uint64(a.Node)+1)), true
	}
	return 0, false
}

// actionContent hashes what identifies an action, leaving out the choices it made.
func actionContent(a Action, hashMsg func(any) uint64) uint64 {
	h := value.Mix(uint64(a.Kind), uint64(a.Node)+1)
	h = value.Mix(h, uint64(a.From)+1)
	if a.HasArg {
		h = value.Mix(h, uint64(a.Arg)^0xa76)
	}
	if a.Name != "" {
		h = value.Mix(h, value.Hash(a.Name))
	}
	if a.Msg != nil {
		h = value.Mix(h, hashMsg(a.Msg))
	}
	return value.Finalize(h)
}
