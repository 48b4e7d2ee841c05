package conformance_test

import (
	"encoding/json"
	"fmt"

	"github.com/distcheck/distcheck/protocols/conformance"
)

// A teacher collects the reports that the option JSON writes, one per student, and reads
// the grades from them. (Running a suite needs a test: see Run.)
func ExampleReport_Grade() {
	data := []byte(`{
		"suite": "paxostest", "implementation": "alice", "passed": 3, "total": 4,
		"properties": [
			{"property": "Agreement", "status": "failed", "scenario": "duplication",
			 "counterexample": "testdata/counterexamples/TestAlice/duplication/35b53fe21d6501bc.json"},
			{"property": "no-panic", "status": "passed", "scenarios": 2}
		],
		"scenarios": [
			{"name": "asynchrony", "search": "bfs: 15,230 states, depth 19, exhaustive, 0.41s"},
			{"name": "duplication", "search": "bfs: 8,112 states, depth 14, stopped at a violation, 0.20s"}
		]
	}`)
	var rep conformance.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		fmt.Println(err)
		return
	}
	g, _ := rep.Grade("Agreement")
	fmt.Println(rep.Implementation, rep.OK(), g.Status, "in", g.Scenario)
	fmt.Print(rep.String())
	// Output:
	// alice false failed in duplication
	// paxostest: alice: 3/4 checks passed
	//   Agreement      FAILED in duplication: testdata/counterexamples/TestAlice/duplication/35b53fe21d6501bc.json
	//   no-panic       passed (2 scenarios)
	//   scenarios:
	//     asynchrony      bfs: 15,230 states, depth 19, exhaustive, 0.41s
	//     duplication     bfs: 8,112 states, depth 14, stopped at a violation, 0.20s
}
