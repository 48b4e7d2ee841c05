package model

import (
	"fmt"

	"github.com/distcheck/distcheck/model/value"
)

// Faults are fault budgets: how many faults of each kind the explorer may inject on one path.
// Zero means never. States record how much of each budget has been used, so that the explorer
// branches on injecting a fault or not while any budget is left.
type Faults struct {
	// Drops is how many messages in flight may be lost.
	Drops int
}

// Validate reports a negative budget, naming it.
func (f Faults) Validate() error {
	if f.Drops < 0 {
		return fmt.Errorf("faults: Drops is %d, want ≥ 0", f.Drops)
	}
	return nil
}

// contrib is the share of a state's hash of the faults used to reach it.
func (f Faults) contrib() uint64 {
	if f == (Faults{}) {
		return 0
	}
	return value.Finalize(value.Mix(0xfa17, uint64(f.Drops)))
}
