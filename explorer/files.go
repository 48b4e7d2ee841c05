package explorer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/counterexamples"
)

// errOutside is returned for a file outside the trace directory.
var errOutside = errors.New("outside the trace directory")

// maxTraceBytes bounds a trace file that the page opens.
const maxTraceBytes = 8 << 20

// openFile opens trace file name, a path relative to the trace directory that stays inside it
// (symbolic links included), and makes its path the current one.
func (s *Server) openFile(name string) error {
	if !filepath.IsLocal(name) || !strings.HasSuffix(name, ".json") {
		return fmt.Errorf("%q: name a .json file inside the trace directory %s: %w", name, s.opts.TraceDir, errOutside)
	}
	root, err := os.OpenRoot(s.opts.TraceDir)
	if err != nil {
		return fmt.Errorf("trace directory: %w", err)
	}
	defer root.Close()
	f, err := root.Open(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such trace in %s", name, s.opts.TraceDir)
	case err != nil:
		return fmt.Errorf("%s: %w (%w)", name, errOutside, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTraceBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxTraceBytes {
		return fmt.Errorf("%s: over %d bytes: not a trace", name, maxTraceBytes)
	}
	t, err := counterexamples.Parse(data, name)
	if err != nil {
		return err
	}
	return s.Open(t)
}

// traces lists the trace files of the trace directory (its *.json files, not its subdirectories').
func (s *Server) traces(w http.ResponseWriter, _ *http.Request) {
	entries, err := os.ReadDir(s.opts.TraceDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fail(w, http.StatusInternalServerError, fmt.Errorf("trace directory: %w", err))
		return
	}
	names := []string{}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	writeJSON(w, http.StatusOK, map[string]any{"dir": s.opts.TraceDir, "traces": names})
}

// download answers with the current path as a trace file.
func (s *Server) download(w http.ResponseWriter, _ *http.Request) {
	t, err := s.sess.trace()
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	data, err := t.Marshal()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	name, _ := t.FileName()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	_, _ = w.Write(data)
}

// Saved says where the current path was saved and how to replay it.
type Saved struct {
	Path     string `json:"path"`
	Property string `json:"property"`
	Steps    int    `json:"steps"`
	// Replay is the command that replays it.
	Replay string `json:"replay"`
	// Again says that the trace directory held a trace of the same steps and property
	// already, whose path Path is: nothing was written.
	Again bool `json:"again,omitempty"`
}

// savedAlready returns the path of a trace in the trace directory with t's property, initial
// state and steps, if there is one.
func (s *Server) savedAlready(t *counterexamples.Trace) (string, bool) {
	traces, paths, err := counterexamples.LoadDir(s.opts.TraceDir)
	if err != nil {
		return "", false
	}
	for i, o := range traces {
		if o.Protocol == t.Protocol && o.Property == t.Property && o.Init == t.Init &&
			slices.EqualFunc(o.Steps, t.Steps, counterexamples.ActionRecord.Equal) && maps.Equal(o.Params, t.Params) {
			return paths[i], true
		}
	}
	return "", false
}

// save writes the current path, which must end in a violation, to the trace directory under
// its content's hash (counterexamples.Save: it never overwrites another file).
func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	if _, err := decode(r); err != nil {
		fail(w, statusOf(err), err)
		return
	}
	t, err := s.sess.trace()
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	path, again := s.savedAlready(t)
	if path == "" {
		var err error
		if path, err = counterexamples.Save(s.opts.TraceDir, t); err != nil {
			fail(w, http.StatusInternalServerError, err)
			return
		}
	}
	out := Saved{Path: path, Property: t.Property, Steps: len(t.Steps), Again: again}
	switch {
	case s.opts.Test != "":
		out.Replay = fmt.Sprintf("go test -run '^%s$' -distcheck.replay=%s", regexp.QuoteMeta(strings.SplitN(s.opts.Test, "/", 2)[0]), path)
	case strings.HasPrefix(t.Protocol, "go:"):
		out.Replay = "go test -run <its test> -distcheck.replay=" + path
	default:
		out.Replay = "distcheck replay " + path
	}
	writeJSON(w, http.StatusOK, out)
}
