package setup_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

var catalog = bugs.Catalog{Protocol: "demo", Variants: []bugs.Variant{{Bug: "early", Summary: "too early"}}}

func TestCheckNamesTheFirstFieldOutOfRange(t *testing.T) {
	for _, c := range []struct {
		bug    bugs.Bug
		faults actor.Faults
		fields []setup.Field
		want   string
	}{
		{"", actor.Faults{}, []setup.Field{setup.AtLeast("nodes", 2, 2), setup.Between("f", 1, 0, 1)}, ""},
		{"early", actor.Faults{Drops: 1}, nil, ""},
		{"", actor.Faults{}, []setup.Field{setup.AtLeast("nodes", 1, 2, "a sender and a receiver"), setup.AtLeast("ops", 0, 1)},
			"demo: nodes is 1, want at least 2 (a sender and a receiver)"},
		{"", actor.Faults{}, []setup.Field{setup.AtLeast("nodes", 3, 2), setup.Between("f", 3, 0, 2)}, "demo: f is 3, want 0 to 2"},
		{"", actor.Faults{}, []setup.Field{setup.Between("writers", -1, 0, 2, "the number of clients")},
			"demo: writers is -1, want 0 to 2 (the number of clients)"},
		{"late", actor.Faults{}, []setup.Field{setup.AtLeast("nodes", 2, 2)}, `demo: unknown bug "late" (known: early)`},
		{"", actor.Faults{Crashes: -1}, nil, "demo: "},
	} {
		err := setup.Check(catalog, c.bug, c.faults, c.fields...)
		if c.want == "" {
			assert.NoError(t, err)
			continue
		}
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), c.want)
		}
	}
}

func ExampleCheck() {
	err := setup.Check(catalog, bugs.None, actor.Faults{}, setup.AtLeast("clients", 0, 1))
	fmt.Println(err)
	// Output: demo: clients is 0, want at least 1
}
