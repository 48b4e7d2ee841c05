package distcheck

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// With -distcheck.explore, Check serves the explorer at the end of the test's saved
// counterexample, and returns when the page's Stop button is pressed.
func TestExploreFlagOpensTheSavedCounterexample(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	dir := t.TempDir()
	res, err := explore.Run(context.Background(), m, explore.Options{Workers: 1})
	require.NoError(t, err)
	v, ok := res.Violation("TCConsistent")
	require.True(t, ok)
	path, _, _, steps, err := saveViolation(context.Background(), m, res, v, dir)
	require.NoError(t, err)

	pr, pw := io.Pipe()
	page := make(chan error, 1)
	go func() {
		defer func() { _, _ = io.Copy(io.Discard, pr) }()
		page <- useExplorer(pr, steps)
	}()
	exploreTest(t, m, dir, pw)
	pw.Close()
	require.NoError(t, <-page, "the explorer was at %s's end", path)
}

// useExplorer reads the explorer's URL from out, checks that it shows a violation of
// TCConsistent after steps steps, and presses Stop.
func useExplorer(out io.Reader, steps int) error {
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
		if err := call(u, "GET", "/api/state", &view); err != nil {
			return err
		}
		stopErr := call(u, "POST", "/api/stop", nil)
		switch {
		case view.Step != steps || view.Violated != "TCConsistent":
			return fmt.Errorf("the explorer is after step %d with %q violated, want step %d with TCConsistent", view.Step, view.Violated, steps)
		case stopErr != nil:
			return stopErr
		}
		return nil
	}
	return errors.New("the explorer printed no URL")
}

// call calls the explorer's API with the URL's token and decodes the answer into out.
func call(u *url.URL, method, path string, out any) error {
	req, err := http.NewRequest(method, "http://"+u.Host+path, strings.NewReader("{}"))
	if err != nil {
		return err
	}
	req.Header.Set("X-Distcheck-Token", u.Query().Get("token"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// The flag is off unless given: a plain test run never starts a server.
func TestExploreFlagIsOffByDefault(t *testing.T) {
	require.False(t, *exploreFlag)
}
