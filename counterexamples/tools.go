package counterexamples

import (
	"context"
	"io"

	"github.com/distcheck/distcheck/model"
)

// Tools are what can be done with traces of a model whose state type the caller does not know:
// the command line holds its built-in protocols as a distcheck.Runner, which hides the state
// type. ToolsFor makes them from a model.
type Tools interface {
	// Timeline replays t on the model and describes it step by step (see Replay and
	// NewTimeline). A trace that does not replay is an error (a *MismatchError or a
	// *DivergedError, which names the step).
	Timeline(t *Trace) (*Timeline, error)
	// Minimize shortens t (see Minimize).
	Minimize(ctx context.Context, t *Trace, o MinimizeOptions) (*Trace, MinimizeReport, error)
	// Explain replays t and writes the page that shows why it violates its property, if the
	// property has one (see Explain), reporting whether it wrote one.
	Explain(w io.Writer, t *Trace) (bool, error)
}

// ToolsFor returns the Tools of model m.
func ToolsFor[S any](m model.Model[S]) Tools { return tools[S]{m} }

type tools[S any] struct{ m model.Model[S] }

func (x tools[S]) Timeline(t *Trace) (*Timeline, error) {
	r, err := Replay(x.m, t)
	if err != nil {
		return nil, err
	}
	return NewTimeline(x.m, r)
}

func (x tools[S]) Explain(w io.Writer, t *Trace) (bool, error) {
	r, err := Replay(x.m, t)
	if err != nil {
		return false, err
	}
	return Explain(w, x.m, r)
}

func (x tools[S]) Minimize(ctx context.Context, t *Trace, o MinimizeOptions) (*Trace, MinimizeReport, error) {
	return MinimizeContext(ctx, x.m, t, o)
}
