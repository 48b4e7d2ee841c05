package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
)

// Status is the outcome of one check: one property in one scenario.
type Status string

// The outcomes of a check.
const (
	// Passed: the search covered the scenario — every reachable state, every walk, or every
	// state within the budget of MaxStates or the bound of Depth — and the property held.
	Passed Status = "passed"
	// Failed: the property was violated; Check.Counterexample is the saved trace.
	Failed Status = "failed"
	// NotChecked: the search stopped first — at a violation of another property, at a saved
	// counterexample that still fails, or at the test's deadline.
	NotChecked Status = "not checked"
	// Skipped: the property failed in an earlier scenario and was not searched for again.
	Skipped Status = "skipped"
	// NotExercised (a property's grade only): it held in every scenario that checked it, but
	// each of them cannot exercise it (Scenario.Vacuous).
	NotExercised Status = "not exercised"
)

// Check is one property's outcome in one scenario.
type Check struct {
	Property string `json:"property"`
	Kind     string `json:"kind"`
	Status   Status `json:"status"`
	// Counterexample is the path of the saved trace that shows a violation.
	Counterexample string `json:"counterexample,omitempty"`
	// Steps is the counterexample's length.
	Steps int `json:"steps,omitempty"`
	// Reason says how the property fails.
	Reason string `json:"reason,omitempty"`
	// Seed is the seed of the random walks that found the failure, in a random scenario.
	Seed *uint64 `json:"seed,omitempty"`
}

// ScenarioReport is what the suite found in one scenario.
type ScenarioReport struct {
	Name string `json:"name"`
	Doc  string `json:"doc"`
	// Search describes the search that ran: strategy, coverage and time.
	Search     string  `json:"search"`
	Distinct   int64   `json:"distinct"`
	Walks      int64   `json:"walks,omitempty"`
	Seconds    float64 `json:"seconds"`
	Exhaustive bool    `json:"exhaustive"`
	// Depth bounds the length of the search's paths, in steps (0: no bound).
	Depth int `json:"depth,omitempty"`
	// Seeds are the seeds whose walks ran, in a random scenario, in order.
	Seeds []uint64 `json:"seeds,omitempty"`
	// Limits say what the scenario cannot exercise (Scenario.Limits).
	Limits []string `json:"limits,omitempty"`
	// Vacuous names the properties the scenario cannot exercise (Scenario.Vacuous).
	Vacuous []string `json:"vacuous,omitempty"`
	// Reach sums up what the search covered and what it could not exercise, in a line.
	Reach string `json:"reach,omitempty"`
	// Error says why the scenario could not run, if it could not.
	Error  string  `json:"error,omitempty"`
	Checks []Check `json:"checks"`
}

// check returns the check of the named property, adding it if the scenario has none.
func (sr *ScenarioReport) check(property string) *Check {
	i := slices.IndexFunc(sr.Checks, func(c Check) bool { return c.Property == property })
	if i < 0 {
		i = len(sr.Checks)
		sr.Checks = append(sr.Checks, Check{Property: property, Status: NotChecked})
	}
	return &sr.Checks[i]
}

func (sr *ScenarioReport) describe(res *explore.Result[*actor.State]) {
	sr.Distinct, sr.Walks, sr.Seconds, sr.Exhaustive = res.Distinct, res.Walks, res.Elapsed.Seconds(), res.Exhaustive
	s := fmt.Sprintf("%s: %s states, depth %d", res.Strategy, testrun.Thousands(res.Distinct), res.MaxDepth)
	if res.Options.Symmetry {
		s = fmt.Sprintf("%s: %s orbits of interchangeable nodes (for %s states), depth %d", res.Strategy, testrun.Thousands(res.Distinct), testrun.Thousands(res.Represented), res.MaxDepth)
	}
	if res.Strategy.Sampled() {
		s = fmt.Sprintf("%s: %s walks of ≤ %d steps, %s states", res.Strategy, testrun.Thousands(res.Walks), res.Options.MaxDepth-1, testrun.Thousands(res.Distinct))
	}
	switch {
	case res.Exhaustive:
		s += ", exhaustive"
	case res.Stopped == explore.StopViolation:
		s += ", stopped at a violation"
	case res.Stopped == explore.StopMaxStates:
		s += ", bounded: stopped at its state budget (MaxStates)"
	case res.Stopped == explore.StopComplete && !res.Strategy.Sampled() && res.Options.MaxDepth > 0:
		s += fmt.Sprintf(", bounded: every behaviour of ≤ %d steps (Depth)", res.Options.MaxDepth-1)
	case res.Stopped != explore.StopComplete:
		s += ", stopped: " + string(res.Stopped)
	}
	sr.Search = s + fmt.Sprintf(", %.2fs", res.Elapsed.Seconds())
}

// PropertyGrade is a property's outcome over every scenario.
type PropertyGrade struct {
	Property string `json:"property"`
	// Status is Failed if it failed in a scenario, Passed if it passed in every scenario that
	// checked it (at least one), NotExercised if it passed only in scenarios that cannot
	// exercise it, and NotChecked otherwise.
	Status Status `json:"status"`
	// Scenario and Counterexample name the first failure, if any.
	Scenario       string `json:"scenario,omitempty"`
	Counterexample string `json:"counterexample,omitempty"`
	Reason         string `json:"reason,omitempty"`
	// Scenarios counts the scenarios in which it passed.
	Scenarios int `json:"scenarios"`
}

// Report is the graded outcome of Run.
type Report struct {
	// Suite names the suite, e.g. "paxostest", and Implementation the implementation checked.
	Suite          string           `json:"suite"`
	Implementation string           `json:"implementation"`
	Properties     []PropertyGrade  `json:"properties"`
	Scenarios      []ScenarioReport `json:"scenarios"`
	// Passed, Failed and NotChecked count the checks by status, and Total counts them all
	// (a Skipped check, of a property that failed in an earlier scenario, is not counted).
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
	NotChecked int `json:"not_checked"`
	Total      int `json:"total"`
}

// OK reports whether every check passed and every scenario ran.
func (r *Report) OK() bool {
	for _, s := range r.Scenarios {
		if s.Error != "" {
			return false
		}
	}
	return r.Passed == r.Total
}

// Grade returns the grade of the named property.
func (r *Report) Grade(property string) (PropertyGrade, bool) {
	for _, g := range r.Properties {
		if g.Property == property {
			return g, true
		}
	}
	return PropertyGrade{}, false
}

// grade fills in Properties, Passed and Total from the scenarios' checks.
func (r *Report) grade() {
	r.Properties, r.Passed, r.Failed, r.NotChecked, r.Total = nil, 0, 0, 0, 0
	index := map[string]int{}
	exercised := map[string]bool{}
	for _, s := range r.Scenarios {
		for _, c := range s.Checks {
			if c.Status == Skipped {
				continue
			}
			r.Total++
			i, ok := index[c.Property]
			if !ok {
				i = len(r.Properties)
				index[c.Property] = i
				r.Properties = append(r.Properties, PropertyGrade{Property: c.Property, Status: NotChecked})
			}
			g := &r.Properties[i]
			switch c.Status {
			case Passed:
				r.Passed++
				g.Scenarios++
				if !slices.Contains(s.Vacuous, c.Property) {
					exercised[c.Property] = true
				}
				if g.Status == NotChecked {
					g.Status = Passed
				}
			case NotChecked:
				r.NotChecked++
			case Failed:
				r.Failed++
				if g.Status != Failed {
					g.Status, g.Scenario, g.Counterexample, g.Reason = Failed, s.Name, c.Counterexample, c.Reason
				}
			}
		}
	}
	for i, g := range r.Properties {
		if g.Status == Passed && !exercised[g.Property] {
			r.Properties[i].Status = NotExercised
		}
	}
}

// Counts says how many checks passed of how many, then how many failed and how many were not
// checked, when some were: "0/7 checks passed: 1 FAILED, 6 not checked".
func (r *Report) Counts() string {
	s := fmt.Sprintf("%d/%d checks passed", r.Passed, r.Total)
	var rest []string
	if r.Failed > 0 {
		rest = append(rest, fmt.Sprintf("%d FAILED", r.Failed))
	}
	if r.NotChecked > 0 {
		rest = append(rest, fmt.Sprintf("%d not checked", r.NotChecked))
	}
	if len(rest) > 0 {
		s += ": " + strings.Join(rest, ", ")
	}
	return s
}

// String renders the graded summary: a line "<suite>: <implementation>: " and Counts, a line
// per property, then a line per scenario.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s\n", r.Suite, r.Implementation, r.Counts())
	width := 14
	for _, g := range r.Properties {
		width = max(width, len(g.Property))
	}
	for _, g := range r.Properties {
		switch g.Status {
		case Passed:
			fmt.Fprintf(&b, "  %-*s passed (%d %s)\n", width, g.Property, g.Scenarios, plural(g.Scenarios, "scenario"))
		case NotExercised:
			fmt.Fprintf(&b, "  %-*s not exercised: held in %d %s that cannot break it\n", width, g.Property, g.Scenarios, plural(g.Scenarios, "scenario"))
		case Failed:
			where := g.Counterexample
			if where == "" {
				where = g.Reason
			}
			fmt.Fprintf(&b, "  %-*s FAILED in %s: %s\n", width, g.Property, g.Scenario, where)
		default:
			fmt.Fprintf(&b, "  %-*s not checked\n", width, g.Property)
		}
	}
	b.WriteString("  scenarios:\n")
	width = 15
	for _, s := range r.Scenarios {
		width = max(width, len(s.Name))
	}
	for _, s := range r.Scenarios {
		search := s.Search
		if s.Error != "" {
			search = "ERROR: " + s.Error
		}
		fmt.Fprintf(&b, "    %-*s %s\n", width, s.Name, search)
		if s.Reach != "" {
			fmt.Fprintf(&b, "    %-*s reach: %s\n", width, "", s.Reach)
		}
		for _, c := range s.Checks {
			if c.Status == Failed && c.Seed != nil {
				fmt.Fprintf(&b, "    %-*s %s found by seed %d\n", width, "", c.Property, *c.Seed)
			}
		}
	}
	return b.String()
}

// WriteJSON writes the report to the file at path, as indented JSON.
func (r *Report) WriteJSON(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the report of %s: %w", r.Implementation, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
