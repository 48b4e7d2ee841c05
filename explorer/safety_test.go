package explorer_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// The server listens on the loopback address only: its URL names 127.0.0.1, and the port is
// closed on the machine's other addresses.
func TestListensOnLoopbackOnly(t *testing.T) {
	srv, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	u, err := url.Parse(srv.URL())
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", u.Hostname())
	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	tried := 0
	for _, a := range addrs {
		ip, ok := a.(*net.IPNet)
		if !ok || ip.IP.IsLoopback() || ip.IP.To4() == nil {
			continue
		}
		tried++
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip.IP.String(), u.Port()), time.Second)
		if err == nil {
			conn.Close()
			t.Errorf("the explorer's port %s answers on %s", u.Port(), ip.IP)
		}
	}
	t.Logf("tried %d non-loopback addresses", tried)
	assert.Equal(t, 0, c.view().Step, "it does answer on the loopback address")
}

// Every route refuses a request without the token, or with a wrong one, and answers one with
// the token in the query or in the X-Distcheck-Token header.
func TestEveryRequestNeedsTheToken(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	routes := []struct{ method, path, body string }{
		{"GET", "/", ""}, {"GET", "/app.js", ""}, {"GET", "/app.css", ""}, {"GET", "/diagram.css", ""},
		{"GET", "/api/state", ""}, {"GET", "/api/traces", ""}, {"GET", "/api/search?states=10", ""},
		{"POST", "/api/choose", `{"step":0,"action":1}`}, {"POST", "/api/back", `{"step":0}`},
		{"POST", "/api/save", `{}`}, {"POST", "/api/stop", `{}`},
	}
	wrong := []string{"", c.token[:len(c.token)-1], strings.Repeat("0", len(c.token)), c.token + "0", strings.ToUpper(c.token)}
	for _, r := range routes {
		for _, tok := range wrong {
			for _, inQuery := range []bool{false, true} {
				code := request(t, c, r.method, r.path, r.body, tok, inQuery, "")
				assert.Equal(t, http.StatusForbidden, code, "%s %s with token %q (in query: %v)", r.method, r.path, tok, inQuery)
			}
		}
	}
	assert.Equal(t, http.StatusOK, request(t, c, "GET", "/", "", c.token, true, ""))
	assert.Equal(t, http.StatusOK, request(t, c, "GET", "/api/state", "", c.token, false, ""))
}

// A request whose Host header is not the server's loopback address and port is refused, so a
// web page whose DNS name is rebound to 127.0.0.1 cannot use the server.
func TestHostHeaderIsChecked(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	port := c.base[strings.LastIndex(c.base, ":")+1:]
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1", "127.0.0.2:" + port, "localhost:1", "[::1]:" + port, "127.0.0.1:" + port + ".evil.example"} {
		assert.Equal(t, http.StatusMisdirectedRequest, request(t, c, "GET", "/api/state", "", c.token, false, host), "Host: %s", host)
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port} {
		assert.Equal(t, http.StatusOK, request(t, c, "GET", "/api/state", "", c.token, false, host), "Host: %s", host)
	}
}

// Request bodies are bounded.
func TestRequestBodiesAreBounded(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir(), MaxBody: 1024})
	big := `{"file":"` + strings.Repeat("a", 2048) + `.json"}`
	code, out := c.do("POST", "/api/open", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code, string(out))
	code, out = c.do("POST", "/api/choose", `{"step":0,"action":1,"extra":true}`)
	assert.Equal(t, http.StatusBadRequest, code, "unknown fields are refused: %s", out)
}

// A client that sends its request too slowly is cut off, and a search's budgets are capped.
func TestRequestsAreBoundedInTime(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir(), ReadTimeout: 200 * time.Millisecond,
		MaxSearchStates: 1000, MaxSearchTime: time.Second})
	conn, err := net.Dial("tcp", strings.TrimPrefix(c.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /api/state?token=" + c.token + " HTTP/1.1\r\nHost: x\r\n")) // and never the end of the headers
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	began := time.Now()
	_, err = conn.Read(make([]byte, 512))
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "the server still held the slow connection after 10 s")
	t.Logf("cut off after %v", time.Since(began))
	for _, q := range []string{"states=1001", "states=0", "states=x", "seconds=2", "seconds=0", "seconds=-1"} {
		code, out := c.do("GET", "/api/search?"+q, "")
		assert.Equal(t, http.StatusBadRequest, code, "%s: %s", q, out)
	}
	code, _ := c.do("GET", "/api/search?states=1000&seconds=1", "")
	assert.Equal(t, http.StatusOK, code)
}

// The page opens traces only inside the trace directory: not by a relative path that leaves
// it, an absolute path, or a symbolic link out of it.
func TestNoFileAccessOutsideTheTraceDirectory(t *testing.T) {
	m := twoPhaseBug(t)
	base := t.TempDir()
	dir := filepath.Join(base, "traces")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	_, c := start(t, m, explorer.Options{TraceDir: dir})
	for _, label := range earlyCommit {
		c.choose(label)
	}
	tr := savedTrace(t, c)
	outside, err := counterexamples.Save(base, tr) // a valid trace, beside the directory
	require.NoError(t, err)
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "link.json")))
	require.NoError(t, os.Symlink(base, filepath.Join(dir, "sub", "up")))
	name := filepath.Base(outside)
	for _, file := range []string{"../" + name, outside, "sub/../../" + name, "link.json", "sub/up/" + name, "/etc/passwd", "../../../../etc/passwd", "x.txt"} {
		code, out := c.do("POST", "/api/open", `{"file":"`+file+`"}`)
		assert.Equal(t, http.StatusForbidden, code, "%s: %s", file, out)
	}
	code, out := c.do("POST", "/api/open", `{"file":"missing.json"}`)
	assert.Equal(t, http.StatusBadRequest, code, string(out))
	inside, err := counterexamples.Save(filepath.Join(dir, "sub"), tr)
	require.NoError(t, err)
	code, out = c.do("POST", "/api/open", `{"file":"sub/`+filepath.Base(inside)+`"}`)
	assert.Equal(t, http.StatusOK, code, string(out))
}

// savedTrace saves the current path and loads it back.
func savedTrace(t *testing.T, c *client) *counterexamples.Trace {
	t.Helper()
	code, out := c.do("GET", "/api/trace", "")
	require.Equal(t, http.StatusOK, code, string(out))
	tr, err := counterexamples.Parse(out, "download")
	require.NoError(t, err)
	return tr
}

// request sends one request with the token given (in the query or the header) and the Host
// header given ("" for the server's), and returns the status.
func request(t *testing.T, c *client, method, path, body, token string, inQuery bool, host string) int {
	t.Helper()
	if inQuery {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "token=" + url.QueryEscape(token)
	}
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(t, err)
	if !inQuery && token != "" {
		req.Header.Set("X-Distcheck-Token", token)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// One search runs at a time, and closing its stream (the page went away) stops it.
func TestOneSearchAtATimeAndAClosedStreamStopsIt(t *testing.T) {
	m, err := twophase.New(9, bugs.None) // millions of states: it runs until stopped
	require.NoError(t, err)
	_, c := start(t, m, explorer.Options{TraceDir: t.TempDir(), SearchProgressEvery: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/search?states=10000000&token="+c.token, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "event: progress\n", line, "the search is under way")

	code, out := c.do("GET", "/api/search?states=10", "")
	assert.Equal(t, http.StatusConflict, code, string(out))

	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for code == http.StatusConflict && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		code, out = c.do("GET", "/api/search?states=10", "")
	}
	assert.Equal(t, http.StatusOK, code, "the first search stopped when its stream closed: %s", out)
}
