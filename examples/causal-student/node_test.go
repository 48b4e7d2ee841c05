package causalstudent

import (
	"os"
	"testing"

	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
)

// TestCausalBroadcast runs the conformance suite on Node. The skeleton never delivers, so the
// suite would fail it: the test runs only when CAUSAL_STUDENT is set (see README.md).
func TestCausalBroadcast(t *testing.T) {
	if os.Getenv("CAUSAL_STUDENT") == "" {
		t.Skip("the causal broadcast skeleton is not implemented yet: run CAUSAL_STUDENT=1 go test ./examples/causal-student/ to check it (see README.md)")
	}
	causaltest.Run(t, causaltest.Implementation{NewNode: NewNode})
}
