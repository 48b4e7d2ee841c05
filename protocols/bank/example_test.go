package bank_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bank"
)

// A relay that replays one signed transfer empties the account of a bank without nonces.
func Example() {
	sys, err := bank.New(bank.Config{
		Transfers: 2,
		Adversary: adversary.Config{Byzantine: 1, Behavior: actor.Follow, Sends: 1},
		Bug:       bank.BugNoNonce,
	})
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, st := range res.Violations[0].Path.Steps {
		fmt.Println(st.Action.Kind, st.Action.Name, sys.ActorNames()[st.Action.From], "→", sys.ActorNames()[st.Action.Node])
	}
	fmt.Println("balance", actor.NodeAs[*bank.Ledger](res.Violations[0].Path.Last(), bank.Bank).Balance)
	// Output:
	// deliver  client → relay
	// deliver  relay → bank
	// byzantine replay relay → bank
	// deliver  relay → bank
	// balance 80
}
