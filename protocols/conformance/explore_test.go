package conformance_test

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// With -distcheck.explore and -distcheck.replay, Run checks nothing: it serves the explorer on
// the system of the scenario the counterexample is of, at its end, until the page's Stop.
func TestExploreOpensTheCounterexampleInItsScenario(t *testing.T) {
	_, rep := record(t, suite(once, duplication), conformance.TraceDir(t.TempDir()))
	g, _ := rep.Grade(atMostOnePing)
	require.FileExists(t, g.Counterexample)
	tr, err := counterexamples.Load(g.Counterexample)
	require.NoError(t, err)
	t.Setenv(distcheck.ReplayEnv, g.Counterexample)
	require.NoError(t, flag.Set("distcheck.explore", "true"))
	t.Cleanup(func() { _ = flag.Set("distcheck.explore", "false") })
	require.True(t, distcheck.ExploreRequested())

	// The explorer prints its URL to standard error.
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = pw
	t.Cleanup(func() { os.Stderr = stderr })
	page := make(chan error, 1)
	go func() {
		defer func() { _, _ = io.Copy(io.Discard, pr) }()
		page <- stopAt(pr, len(tr.Steps))
	}()
	rep = conformance.Run(t, suite(once, duplication), conformance.TraceDir(t.TempDir()))
	os.Stderr = stderr
	pw.Close()
	require.NoError(t, <-page)
	assert.Equal(t, 0, rep.Total, "nothing was checked")
}

// stopAt reads the explorer's URL from out, checks that it shows AtMostOnePing violated after
// steps steps, and presses Stop.
func stopAt(out io.Reader, steps int) error {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		raw, ok := strings.CutPrefix(sc.Text(), "distcheck: open ")
		if !ok {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		var view struct {
			Step     int    `json:"step"`
			Violated string `json:"violated"`
		}
		body, err := call(u, "GET", "/api/state")
		if err == nil {
			err = json.Unmarshal(body, &view)
		}
		if _, stopErr := call(u, "POST", "/api/stop"); err == nil {
			err = stopErr
		}
		if err == nil && (view.Step != steps || view.Violated != atMostOnePing) {
			err = fmt.Errorf("the explorer is after step %d with %q violated, want step %d with %s", view.Step, view.Violated, steps, atMostOnePing)
		}
		return err
	}
	return fmt.Errorf("the explorer printed no URL")
}

func call(u *url.URL, method, path string) ([]byte, error) {
	req, err := http.NewRequest(method, "http://"+u.Host+path, strings.NewReader("{}"))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Distcheck-Token", u.Query().Get("token"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
