package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A miniature of distcheck's model package, with the file names the mapping knows, and a user
// of it.
var fixture = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"model/action.go": `package model

// NodeID names a node.
type NodeID int

// Action labels a step.
type Action struct{ Node NodeID }
`,
	"model/node.go": `package model

// Message is a message.
type Message = any

// Context is what a node acts through (see model.System).
type Context interface{ Send(to NodeID, msg Message) }
`,
	"model/system.go": `package model

import "fmt"

// PanicProperty names the built-in property.
const PanicProperty = "no-panic"

// System is the actor layer.
type System struct{ Nodes []NodeID }

// Label names a.
func (sys *System) Label(a Action) string { return fmt.Sprint(a.Node, forEachPermutation) }
`,
	"model/symmetry.go": `package model

// forEachPermutation calls f with each permutation.
func forEachPermutation(n int, f func([]int)) {}

// Permutations calls f.
func Permutations(groups [][]int, f func(p []int)) { forEachPermutation(0, f) }

// CanonicalFingerprint uses the spec layer's helper.
func (sys *System) CanonicalFingerprint() { forEachPermutation(1, nil) }
`,
	"model/retransmit.go": `package model

// Stubborn wraps a message.
type Stubborn struct{ Msg Message }

// Resend sends s again.
func Resend(ctx Context, to NodeID, s Stubborn) { ctx.Send(to, s) }
`,
	"user/user.go": `package user

import (
	"fmt"

	"example.com/m/model"
)

// New returns a system (a *model.System).
func New() *model.System {
	var a model.Action
	fmt.Println("%T is go:*model.System", a)
	return &model.System{Nodes: []model.NodeID{a.Node}}
}

// Wrap wraps m.
func Wrap(m model.Message) model.Stubborn { return model.Stubborn{Msg: m} }
`,
	"user/testdata/trace.json": `{"action": "deliver model.Stubborn{Msg:1}"}`,
	"README.md":                "Build a `model.System`; see `model.Action`.\n",
}

func TestSplitRequalifiesEveryReference(t *testing.T) {
	root := t.TempDir()
	for name, text := range fixture {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(root); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, gone := range []string{"model/node.go", "model/system.go", "model/retransmit.go"} {
		if _, err := os.Stat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s was not moved", gone)
		}
	}
	want := map[string][]string{
		"actor/system.go":                {"package actor", "[]model.NodeID", "a model.Action", "model.EachPermutation"},
		"model/panic.go":                 {"package model", `const PanicProperty = "no-panic"`},
		"model/symmetry.go":              {"// EachPermutation calls f", "func EachPermutation(", "EachPermutation(0, f)"},
		"actor/symmetry.go":              {"package actor", "model.EachPermutation(1, nil)"},
		"actor/node.go":                  {"to model.NodeID", "(see actor.System)"},
		"actor/retransmit/retransmit.go": {"package retransmit", "ctx actor.Context", "to model.NodeID", "Msg actor.Message"},
		"user/user.go": {
			`"example.com/m/actor"`, `"example.com/m/actor/retransmit"`, `"example.com/m/model"`,
			"func New() *actor.System", "(a *actor.System)", "var a model.Action", "go:*actor.System",
			"[]model.NodeID{", "func Wrap(m actor.Message) retransmit.Stubborn",
		},
		"user/testdata/trace.json": {"deliver retransmit.Stubborn{Msg:1}"},
		"README.md":                {"`actor.System`", "`model.Action`"},
	}
	for name, subs := range want {
		got := read(name)
		for _, sub := range subs {
			if !strings.Contains(got, sub) {
				t.Errorf("%s lacks %q:\n%s", name, sub, got)
			}
		}
	}
	// A second run on the split tree changes nothing.
	before := read("user/user.go") + read("actor/system.go")
	if err := run(root); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if after := read("user/user.go") + read("actor/system.go"); after != before {
		t.Errorf("a second run changed the tree:\n%s", after)
	}
}
