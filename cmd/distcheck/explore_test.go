package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explorerSession runs distcheck explore with args in the background and returns the URL it
// prints and a channel that receives its exit status.
func explorerSession(t *testing.T, args ...string) (*url.URL, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		var errOut strings.Builder
		code := run(append([]string{"explore"}, args...), pw, &errOut)
		pw.CloseWithError(io.EOF)
		done <- code
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if raw, ok := strings.CutPrefix(sc.Text(), "Open "); ok {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			u, err := url.Parse(raw)
			require.NoError(t, err)
			return u, done
		}
	}
	t.Fatalf("distcheck explore %v printed no URL (status %d)", args, <-done)
	return nil, nil
}

// apiCall calls the explorer's API with the URL's token.
func apiCall(t *testing.T, u *url.URL, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+u.Host+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Distcheck-Token", u.Query().Get("token"))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// distcheck explore on a protocol serves its initial state until the page's Stop button is
// pressed, then exits with status 0.
func TestExploreProtocolServesUntilStopped(t *testing.T) {
	u, done := explorerSession(t, "twophase", "--bug", "early-commit", "--rms", "2", "--dir", t.TempDir())
	assert.Equal(t, "127.0.0.1", u.Hostname())
	code, v := apiCall(t, u, "GET", "/api/state", "")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "twophase", v["protocol"])
	assert.Equal(t, map[string]any{"bug": "early-commit", "rms": "2"}, v["params"])
	assert.Len(t, v["actors"], 3)
	code, _ = apiCall(t, u, "POST", "/api/stop", "{}")
	require.Equal(t, http.StatusOK, code)
	select {
	case status := <-done:
		assert.Equal(t, exitOK, status)
	case <-time.After(10 * time.Second):
		t.Fatal("distcheck explore did not stop")
	}
}

// distcheck explore on a trace starts at the end of its path.
func TestExploreTraceStartsAtItsEnd(t *testing.T) {
	file := filepath.Join(repoRoot, "protocols", "twophase", "testdata", "counterexamples")
	matches, err := filepath.Glob(filepath.Join(file, "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, matches, "twophase's saved counterexamples")
	tr, _, err := loadTrace("explore", matches[0])
	require.NoError(t, err)
	u, done := explorerSession(t, matches[0])
	_, v := apiCall(t, u, "GET", "/api/state", "")
	assert.Equal(t, float64(len(tr.Steps)), v["step"])
	assert.Equal(t, tr.Property, v["violated"])
	apiCall(t, u, "POST", "/api/stop", "{}")
	assert.Equal(t, exitOK, <-done)
}

func TestExploreBadInputIsAUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"explore"},
		{"explore", "nosuch"},
		{"explore", "--bug", "x"},
		{"explore", "twophase", "--bug", "nosuch"},
		{"explore", "twophase", "--drops", "1"},
		{"explore", "twophase", "--dir"},
		{"explore", "twophase", "--dir", "/nonexistent/dir"},
		{"explore", "missing.json"},
		{"explore", "twophase", "extra"},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, out)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %s", args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: "), errOut)
	}
	code, out, _ := cli(t, "explore", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: distcheck explore")
}
