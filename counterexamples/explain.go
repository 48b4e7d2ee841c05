package counterexamples

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/distcheck/distcheck/model"
)

// Explain writes to w the page that shows why the replayed trace r violates its property, if
// the property has one (model.Property.Explain: for instance package checks' drawing of a
// history that is not linearizable), and reports whether it wrote one.
func Explain[S any](w io.Writer, m model.Model[S], r *Replayed[S]) (bool, error) {
	var explain func(io.Writer, []S, []string, []string) error
	for _, p := range m.Properties() {
		if p.Name == r.Trace.Property {
			explain = p.Explain
		}
	}
	if explain == nil {
		return false, nil
	}
	states := []S{r.Path.Init}
	steps := make([]string, 0, len(r.Path.Steps))
	names := actorNames(m)
	for _, st := range r.Path.Steps {
		states = append(states, st.State)
		steps = append(steps, Record(st.Action, names).String())
	}
	if err := explain(w, states, steps, names); err != nil {
		return false, fmt.Errorf("explaining the counterexample of %q: %w", r.Trace.Property, err)
	}
	return true, nil
}

// ExplanationPath returns where the explanation of the trace saved at path goes: beside it,
// with the same base name and the extension .html.
func ExplanationPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".html"
}
