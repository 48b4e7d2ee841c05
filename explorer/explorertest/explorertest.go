// Package explorertest drives a running interactive explorer (package explorer) over HTTP, as
// its page does, for tests of the programs that start one: it finds the URL they print and
// calls the JSON API with the URL's token.
package explorertest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/distcheck/distcheck/explorer"
)

// Client calls one explorer's API.
type Client struct {
	// URL is the page's URL, with its token.
	URL *url.URL
}

// FromOutput reads out until a line holds the explorer's URL (http://127.0.0.1:…/?token=…) and
// returns a client of it. It reads nothing after that line.
func FromOutput(out io.Reader) (*Client, error) {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		_, raw, ok := strings.Cut(sc.Text(), "http://127.0.0.1:")
		if !ok {
			continue
		}
		u, err := url.Parse("http://127.0.0.1:" + strings.Fields(raw)[0])
		if err != nil {
			return nil, err
		}
		if u.Query().Get("token") == "" {
			return nil, fmt.Errorf("the explorer's URL %s has no token", u)
		}
		return &Client{URL: u}, nil
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, errors.New("the output holds no explorer URL")
}

// Do sends a request to path with the token and body, and decodes a 200 answer's JSON into
// out (if not nil); any other status is an error with the answer's text.
func (c *Client) Do(method, path, body string, out any) error {
	req, err := http.NewRequest(method, "http://"+c.URL.Host+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("X-Distcheck-Token", c.URL.Query().Get("token"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(data)))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// View returns the current state.
func (c *Client) View() (*explorer.View, error) {
	var v explorer.View
	return &v, c.Do("GET", "/api/state", "", &v)
}

// Stop presses the page's Stop button.
func (c *Client) Stop() error { return c.Do("POST", "/api/stop", "{}", nil) }

// ViewAndStop finds the explorer's URL in out, returns its current state and stops it.
func ViewAndStop(out io.Reader) (*explorer.View, error) {
	c, err := FromOutput(out)
	if err != nil {
		return nil, err
	}
	v, err := c.View()
	if stopErr := c.Stop(); err == nil {
		err = stopErr
	}
	return v, err
}

// Background runs ViewAndStop on out in a goroutine, reading out to its end, and returns a
// function that waits for its result: for a test whose own goroutine blocks serving the
// explorer until it is stopped.
func Background(out io.Reader) (wait func() (*explorer.View, error)) {
	type result struct {
		view *explorer.View
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { _, _ = io.Copy(io.Discard, out) }()
		v, err := ViewAndStop(out)
		done <- result{v, err}
	}()
	return func() (*explorer.View, error) {
		r := <-done
		return r.view, r.err
	}
}
