package explorer_test

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/explorer/explorertest"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// Serve TwoPhase's explorer on a free loopback port and look at its first state through the
// API that its page uses. distcheck explore does the same and waits (Server.Wait) for the
// page's Stop button.
func Example() {
	m, err := twophase.New(2, bugs.None)
	if err != nil {
		panic(err)
	}
	srv, err := explorer.New(m, explorer.Options{TraceDir: "testdata"})
	if err != nil {
		panic(err)
	}
	url, err := srv.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	c, err := explorertest.FromOutput(strings.NewReader("Open " + url + "\n"))
	if err != nil {
		panic(err)
	}
	v, err := c.View()
	if err != nil {
		panic(err)
	}
	for _, a := range v.Actors {
		fmt.Printf("%s: %s\n", a.Name, a.State)
	}
	for _, a := range v.Actions {
		fmt.Println("enabled:", a.Label)
	}
	// Output:
	// TM: init prepared={}
	// rm1: working
	// rm2: working
	// enabled: TMAbort
	// enabled: RMPrepare(1)
	// enabled: RMChooseToAbort(1)
	// enabled: RMPrepare(2)
	// enabled: RMChooseToAbort(2)
}
