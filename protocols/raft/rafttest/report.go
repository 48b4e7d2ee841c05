package rafttest

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/distcheck/distcheck/internal/testrun"
)

// The statuses of a property (Grade.Status, PropertyResult.Status).
const (
	// StatusPassed: the property held in every scenario that checked it.
	StatusPassed = "passed"
	// StatusFailed: some scenario found the property violated.
	StatusFailed = "failed"
	// StatusNotChecked: a scenario could not check the property — its search did not run,
	// because a saved counterexample still fails or the system could not be built — and none
	// found it violated.
	StatusNotChecked = "not checked"
)

// Report is the graded summary of a Run: each property's status over all scenarios, and what
// each scenario found.
type Report struct {
	// Test is the name of the test that ran the suite.
	Test string `json:"test"`
	// Passed is the number of properties that passed, of Total.
	Passed int `json:"passed"`
	Total  int `json:"total"`
	// Properties are the properties' grades, in the suite's order.
	Properties []Grade `json:"properties"`
	// Scenarios are the scenarios that ran, in order.
	Scenarios []ScenarioReport `json:"scenarios"`
}

// Grade is a property's status over all scenarios: for a failure, the first scenario that
// found it, and its counterexample.
type Grade struct {
	Property string `json:"property"`
	Status   string `json:"status"`
	Result
}

// Result is what one scenario found about one property.
type Result struct {
	// Scenario names the scenario (empty in a Grade that passed).
	Scenario string `json:"scenario,omitempty"`
	// Counterexample is the path of the saved counterexample of a failure, to replay with go
	// test -run <Test> -distcheck.replay=<path>.
	Counterexample string `json:"counterexample,omitempty"`
	// Detail says more: why a sometimes-property failed, or why a property was not checked.
	Detail string `json:"detail,omitempty"`
}

// ScenarioReport is what one scenario's search covered and found.
type ScenarioReport struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Search is "bfs" or "random"; Exhaustive says a breadth-first search covered every
	// reachable state (within Depth, if the scenario bounds it: see Stopped).
	Search     string `json:"search"`
	Exhaustive bool   `json:"exhaustive"`
	Stopped    string `json:"stopped,omitempty"`
	Distinct   int64  `json:"distinct"`
	Walks      int64  `json:"walks,omitempty"`
	// Depth is the greatest depth reached (an initial state is depth 1); Bound is the
	// scenario's bound on it, if any.
	Depth   int     `json:"depth"`
	Bound   int     `json:"bound,omitempty"`
	Seconds float64 `json:"seconds"`
	// Results hold, per property, its status in this scenario.
	Results []PropertyResult `json:"results"`
}

// PropertyResult is a property's status in one scenario.
type PropertyResult struct {
	Property string `json:"property"`
	Status   string `json:"status"`
	Result
}

// OK reports whether every property passed.
func (r *Report) OK() bool { return r.Passed == r.Total }

// Grade returns the grade of the named property.
func (r *Report) Grade(property string) (Grade, bool) {
	for _, g := range r.Properties {
		if g.Property == property {
			return g, true
		}
	}
	return Grade{}, false
}

// grade fills in Properties, Passed and Total from the scenarios' results, for the given
// properties.
func (r *Report) grade(props []string) {
	r.Properties, r.Passed, r.Total = nil, 0, len(props)
	for _, p := range props {
		g := Grade{Property: p, Status: StatusPassed}
		for _, sc := range r.Scenarios {
			for _, pr := range sc.Results {
				switch {
				case pr.Property != p || g.Status == StatusFailed:
				case pr.Status == StatusFailed:
					g.Status, g.Result = StatusFailed, pr.Result
				case pr.Status == StatusNotChecked && g.Status == StatusPassed:
					g.Status, g.Result = StatusNotChecked, pr.Result
				}
			}
		}
		if g.Status == StatusPassed {
			r.Passed++
		}
		r.Properties = append(r.Properties, g)
	}
}

// String renders the summary for people:
//
//	rafttest: 6/7 properties hold (TestRaft, 4 scenarios)
//	  ElectionSafety      passed
//	  LeaderCompleteness  FAILED in lost-messages: testdata/counterexamples/TestRaft/lost-messages/82395426a4f4291d.json
//	  ...
//	scenarios:
//	  crash-recovery  3 servers, max-term 2, 1 command, crashes=1 ...: bfs, 194,424 states, exhaustive, 0.84s
//	  ...
func (r *Report) String() string {
	var b strings.Builder
	plural := "s"
	if len(r.Scenarios) == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "rafttest: %d/%d properties hold (%s, %d scenario%s)\n", r.Passed, r.Total, r.Test, len(r.Scenarios), plural)
	width := 0
	for _, g := range r.Properties {
		width = max(width, len(g.Property))
	}
	for _, g := range r.Properties {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, g.Property, describe(g.Status, g.Result))
	}
	b.WriteString("scenarios:\n")
	width = 0
	for _, sc := range r.Scenarios {
		width = max(width, len(sc.Name))
	}
	for _, sc := range r.Scenarios {
		fmt.Fprintf(&b, "  %-*s  %s: %s\n", width, sc.Name, sc.Description, sc.coverage())
	}
	return b.String()
}

func describe(status string, r Result) string {
	switch status {
	case StatusPassed:
		return "passed"
	case StatusFailed:
		s := "FAILED in " + r.Scenario + ": "
		if r.Counterexample != "" {
			return s + r.Counterexample
		}
		return s + r.Detail
	}
	return "not checked in " + r.Scenario + ": " + r.Detail
}

// coverage says what the scenario's search covered.
func (sc ScenarioReport) coverage() string {
	if sc.Search == "" {
		return "no search (replayed saved counterexamples)"
	}
	s := fmt.Sprintf("%s, %s states", sc.Search, testrun.Thousands(sc.Distinct))
	switch {
	case sc.Walks > 0:
		s += fmt.Sprintf(", %s walks of depth ≤ %d", testrun.Thousands(sc.Walks), sc.Depth)
	case sc.Exhaustive:
		s += fmt.Sprintf(", depth %d, exhaustive", sc.Depth)
	case sc.Stopped == "complete" && sc.Bound > 0:
		s += fmt.Sprintf(", exhaustive to depth %d", sc.Bound)
	default:
		s += fmt.Sprintf(", depth %d", sc.Depth)
	}
	if sc.Stopped != "" && sc.Stopped != "complete" {
		s += ", stopped: " + sc.Stopped
	}
	return s + fmt.Sprintf(", %.2fs", sc.Seconds)
}

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeJSONFile writes the report to path.
func (r *Report) writeJSONFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("rafttest: writing the report: %w", err)
	}
	if err := r.WriteJSON(f); err != nil {
		f.Close()
		return fmt.Errorf("rafttest: writing the report to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("rafttest: writing the report to %s: %w", path, err)
	}
	return nil
}
