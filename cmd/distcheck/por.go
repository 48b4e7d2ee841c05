package main

import (
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
)

// porSummary says what partial-order reduction left out: the successors not followed, as a
// factor of the steps a full expansion of the same states would have followed. How many
// states the reduction saved is known only by searching again without it.
func porSummary(st explore.Stats) string {
	if st.Reduced == 0 {
		return "partial-order reduction: no state had a smaller ample set"
	}
	return fmt.Sprintf("partial-order reduction: %s states expanded with an ample set, %s successors left out (%.1f× fewer steps followed)",
		testrun.Thousands(st.Reduced), testrun.Thousands(st.Pruned), float64(st.Generated+st.Pruned)/float64(max(st.Generated, 1)))
}
