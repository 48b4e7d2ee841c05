package explorer_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// client talks to a running explorer as the page does.
type client struct {
	t     *testing.T
	base  string // http://127.0.0.1:port
	token string
}

// start serves m's explorer with options o and returns a client of it; the server is closed
// when the test ends.
func start[S any](t *testing.T, m model.Model[S], o explorer.Options) (*explorer.Server, *client) {
	t.Helper()
	srv, err := explorer.New(m, o)
	require.NoError(t, err)
	raw, err := srv.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return srv, &client{t: t, base: u.Scheme + "://" + u.Host, token: u.Query().Get("token")}
}

// twoPhaseBug is twophase with 3 resource managers and the early-commit bug.
func twoPhaseBug(t *testing.T) *twophase.Model {
	t.Helper()
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	return m
}

// do sends a request with the token in its header and returns the status and body.
func (c *client) do(method, path, body string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("X-Distcheck-Token", c.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, data
}

// view gets the current state.
func (c *client) view() explorer.View {
	c.t.Helper()
	code, data := c.do("GET", "/api/state", "")
	require.Equal(c.t, http.StatusOK, code, string(data))
	var v explorer.View
	require.NoError(c.t, json.Unmarshal(data, &v))
	return v
}

// post sends an action and decodes the view it answers with.
func (c *client) post(path string, body any) explorer.View {
	c.t.Helper()
	data, err := json.Marshal(body)
	require.NoError(c.t, err)
	code, out := c.do("POST", path, string(data))
	require.Equal(c.t, http.StatusOK, code, string(out))
	var v explorer.View
	require.NoError(c.t, json.Unmarshal(out, &v))
	return v
}

// choose takes the enabled action labelled label.
func (c *client) choose(label string) explorer.View {
	c.t.Helper()
	v := c.view()
	for _, a := range v.Actions {
		if a.Label == label {
			return c.post("/api/choose", map[string]int{"step": v.Step, "action": a.Index})
		}
	}
	c.t.Fatalf("%q is not enabled after step %d (enabled: %v)", label, v.Step, v.Actions)
	return v
}

// events reads a server-sent event stream to its end: each event's name and data.
func events(t *testing.T, r io.Reader) (names []string, data [][]byte) {
	t.Helper()
	sc := bufio.NewScanner(r)
	var name string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			names = append(names, name)
			data = append(data, bytes.Clone([]byte(strings.TrimPrefix(line, "data: "))))
		}
	}
	require.NoError(t, sc.Err())
	return names, data
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
