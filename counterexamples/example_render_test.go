package counterexamples_test

import (
	"context"
	"fmt"
	"os"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twopc"
)

// A random walk finds two-phase commit's early-commit bug after detours and faults; Minimize
// shortens its counterexample to what BFS would find, and the result still replays.
func ExampleMinimize() {
	sys, _ := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit,
		Faults: actor.Faults{Drops: 2, Duplicates: 2, Crashes: 1, Recoveries: 1}})
	res, _ := explore.Run[*actor.State](context.Background(), sys, explore.Options{
		Strategy: explore.Random, Seed: 17, Walks: 1000, MaxDepth: 200, Workers: 1})
	tr, _ := counterexamples.New[*actor.State](sys, res, res.Violations[0])

	min, rep, err := counterexamples.Minimize[*actor.State](sys, tr, counterexamples.MinimizeOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d steps minimized to %d\n", min.Property, rep.Before, rep.After)
	for _, s := range min.Steps {
		fmt.Println(s)
	}
	r, _ := counterexamples.Replay[*actor.State](sys, min)
	fmt.Println(r.Detail)
	// Output:
	// Agreement: 15 steps minimized to 4
	// deliver coord→p1 twopc.Prepare{} choices=[0]
	// deliver coord→p2 twopc.Prepare{} choices=[1]
	// deliver p2→coord twopc.Vote{Yes:true}
	// deliver coord→p2 twopc.Commit{}
	// Agreement does not hold in the last state (after 4 steps)
}

// A counterexample as a Mermaid sequence diagram, to paste into Markdown.
func ExampleTimeline_WriteMermaid() {
	sys, _ := twopc.New(twopc.Config{Participants: 2, Bug: twopc.BugEarlyCommit})
	res, _ := explore.Run[*actor.State](context.Background(), sys, explore.Options{Workers: 1})
	tr, _ := counterexamples.New[*actor.State](sys, res, res.Violations[0])
	tl, err := counterexamples.ToolsFor[*actor.State](sys).Timeline(tr)
	if err != nil {
		fmt.Println(err)
		return
	}
	tl.WriteMermaid(os.Stdout)
	// Output:
	// sequenceDiagram
	//     title twopc (bug=early-commit, participants=2): Agreement (always)
	//     participant A0 as coord
	//     participant A1 as p1
	//     participant A2 as p2
	//     A0->>A1: 1 deliver coord→p1 twopc.Prepare{} choices=[0]
	//     A0->>A2: 2 deliver coord→p2 twopc.Prepare{} choices=[1]
	//     A2->>A0: 3 deliver p2→coord twopc.Vote{Yes:true}
	//     A0->>A2: 4 deliver coord→p2 twopc.Commit{}
	//     Note over A0,A2: Agreement fails: Agreement does not hold in the last state (after 4 steps)
	//     Note over A0: committed votes=[0 1]
	//     Note over A1: aborted
	//     Note over A2: committed
}
