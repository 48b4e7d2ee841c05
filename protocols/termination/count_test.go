package termination_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/protocols/termination"
)

// Two nodes sending one Work each reach 24 states, counted by hand. Write the root's phases
// R0 active with its send to make, R1 passive and announced at once, R2 active having sent
// (deficit 1), R3 passive in deficit, R5 active with the deficit repaid, R4 passive and
// announced; node 1's N0 idle, N1 engaged and active with its send to make, N2 out of the tree
// without sending, N3 engaged having sent, N4 its passive form, N5 acknowledged and still
// active, N6 out of the tree having sent. While the root is in deficit it may turn passive
// (R2 → R3) at any time, and Work from node 1 makes it active again (R3 → R2):
//
//	before node 1 hears:  R0·N0, R1·N0, (R2|R3)·N0 with Work in flight        4
//	node 1 engaged:       (R2|R3)·N1                                          2
//	passive, no send:     (R2|R3)·N2 with its Ack in flight; R5·N2, R4·N2     2+2
//	sends to the root:    (R2|R3)·(N3|N4) with its Work in flight             4
//	                      (R2|R3)·(N3|N4) with the root's Ack in flight       4
//	                      (R2|R3)·N5; (R2|R3)·N6 with its Ack in flight       2+2
//	                      R5·N6, R4·N6                                        2
func TestTerminationCountIsHandCounted(t *testing.T) {
	reach.Explorer(t, actortest.System(t, termination.New, termination.Config{Nodes: 2, Sends: 1}), 4+2+(2+2)+4+4+(2+2)+2)
}
